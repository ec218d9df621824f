import { Graph, GraphResource } from "@dr-platform/model";
import { ScheduleTarget } from "../stack-config/schema";

/**
 * What a resource bills for, before any price is applied: a quantity per month of a sku in a region.
 * Keeping quantities apart from prices is what lets the same plan be priced in another region.
 */

/**
 * counted: a fixed monthly quantity that is part of the bill.
 * usage: depends on traffic or data; listed with its unit price, never counted (and never silently 0).
 * contingent: billed only if a stated condition becomes true (EKS extended support); listed, not counted.
 */
export type LineKind = "counted" | "usage" | "contingent";

export interface MeterLine {
  /** Price-table sku key, e.g. "ec2:m6i.xlarge". */
  readonly sku: string;
  readonly cloud: "aws" | "gcp";
  /** Where the unit is priced: the resource's region, or "global". */
  readonly region: string;
  /** Units per month (0 for usage lines). */
  readonly quantity: number;
  /** The unit of the quantity, e.g. "hours", "months", "GB-month". */
  readonly unit: string;
  readonly kind: LineKind;
  /** What is counted, e.g. "2 nodes x 730 h". */
  readonly description: string;
  /** The assumption behind the quantity, when it is not read directly from the graph. */
  readonly assumption?: string;
  /** The off-hours schedule target that stops this line out of hours. */
  readonly switchedOffBy?: ScheduleTarget;
  /** Node or database-instance hours: the base of "compute cost". */
  readonly compute?: boolean;
}

/** A resource and what it bills for. */
export interface ResourceMeter {
  readonly resource: GraphResource;
  /** The billing site's key (provider name, e.g. aws-primary). */
  readonly site: string;
  /** The top-level component (e.g. primary, secondary, dns); "(stack)" for a resource of the root. */
  readonly component: string;
  /** Component names from the top-level one down to the resource's parent. */
  readonly path: readonly string[];
  readonly lines: readonly MeterLine[];
}

/** A resource with no charge of its own, and why. */
export interface NotBilled {
  readonly resource: GraphResource;
  readonly reason: string;
}

/** A billing site: one provider's cloud and region, with its role (primary, secondary, global). */
export interface BillingSite {
  readonly key: string;
  readonly cloud: string;
  readonly region: string;
  readonly role: string;
}

/** Assumptions the quantities depend on; each is stated in the report. */
export interface CostAssumptions {
  /**
   * Price EKS clusters whose upgrade policy is EXTENDED as if their Kubernetes version were already in
   * extended support. @default false: the surcharge is listed as contingent, not counted
   */
  readonly eksExtendedSupportActive?: boolean;
  /** Zones of a regional GKE pool that does not list its node locations. @default 3 (GKE's choice) */
  readonly gkeZonesPerRegion?: number;
}

export interface Metering {
  readonly graph: Graph;
  readonly sites: readonly BillingSite[];
  readonly meters: readonly ResourceMeter[];
  readonly notBilled: readonly NotBilled[];
  /** Resources of a type the model has no rule for: reported as unknown, never counted as 0. */
  readonly unclassified: readonly { readonly resource: GraphResource; readonly site: string }[];
}

/** What a rule sees besides the resource itself. */
export interface RuleContext {
  readonly graph: Graph;
  readonly urns: ReadonlyMap<string, GraphResource>;
  readonly hours: number;
  readonly assumptions: Required<CostAssumptions>;
}

/** A rule's verdict: the lines billed, or why the resource has no charge of its own. */
export type RuleResult = readonly MeterLine[] | { readonly notBilled: string };

export type Rule = (r: GraphResource, ctx: RuleContext) => RuleResult;
