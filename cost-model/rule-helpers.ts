import { cloudResources, GraphResource } from "../tools/offline/graph";
import { MeterLine, RuleContext } from "./meter-types";

/** Small readers and line builders shared by the per-cloud rules. */

type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The region a resource is priced in (GCS reports locations in upper case). */
export const regionOf = (r: GraphResource): string => (r.region ?? "global").toLowerCase();

const cloudOf = (r: GraphResource): "aws" | "gcp" => (r.type.startsWith("gcp:") ? "gcp" : "aws");

type LineOptions = Partial<Pick<MeterLine, "assumption" | "switchedOffBy" | "compute" | "region" | "cloud">>;

/** `count` units running all month: count x hours-per-month hours. */
export function hourly(
  r: GraphResource,
  ctx: RuleContext,
  sku: string,
  count: number,
  what: string,
  options: LineOptions = {},
): MeterLine {
  return {
    sku,
    cloud: options.cloud ?? cloudOf(r),
    region: options.region ?? regionOf(r),
    quantity: count * ctx.hours,
    unit: "hours",
    kind: "counted",
    description: `${count} ${what} x ${ctx.hours} h`,
    ...options,
  };
}

/** `count` units billed per month (keys, alarms, secrets, health checks). */
export function monthly(
  r: GraphResource,
  sku: string,
  count: number,
  what: string,
  options: LineOptions = {},
): MeterLine {
  return {
    sku,
    cloud: options.cloud ?? cloudOf(r),
    region: options.region ?? regionOf(r),
    quantity: count,
    unit: "months",
    kind: "counted",
    description: `${count} ${what}`,
    ...options,
  };
}

/** A quantity that depends on traffic or data: listed with its unit price, not counted. */
export function usage(r: GraphResource, sku: string, unit: string, what: string, options: LineOptions = {}): MeterLine {
  return {
    sku,
    cloud: options.cloud ?? cloudOf(r),
    region: options.region ?? regionOf(r),
    quantity: 0,
    unit,
    kind: "usage",
    description: what,
    ...options,
  };
}

/** A fixed quantity billed only under a stated condition: listed, not counted. */
export function contingent(line: MeterLine, condition: string): MeterLine {
  return { ...line, kind: "contingent", assumption: condition };
}

/**
 * The resource of `type` another one refers to through `input` (an id or ARN). The graph records
 * references as dependencies, which is exact; the mock engine's id convention (`<name>-id`) and a name
 * inside an ARN cover graphs built by hand.
 */
export function referenced(
  ctx: RuleContext,
  r: GraphResource,
  type: string,
  input: unknown,
): GraphResource | undefined {
  const viaDependency = r.dependsOn.map((u) => ctx.urns.get(u)).filter((x) => x?.type === type);
  if (viaDependency.length === 1) {
    return viaDependency[0];
  }
  const ref = str(input);
  if (ref === undefined) {
    return viaDependency[0];
  }
  return cloudResources(ctx.graph).find(
    (x) => x.type === type && (`${x.name}-id` === ref || ref.endsWith(`/${x.name}`) || ref.endsWith(`:${x.name}`)),
  );
}

/** Resources that share a parent component with `r` (a cluster's provider sits next to the cluster). */
export const siblingsOf = (ctx: RuleContext, r: GraphResource): GraphResource[] =>
  ctx.graph.resources.filter((x) => x.parent === r.parent && x !== r);
