import { GraphResource, list, resolve } from "@dr-platform/model";
import { MeterLine, RuleContext } from "./meter-types";

/** Small readers and line builders shared by the per-cloud rules. */

export { list, num, obj, str } from "@dr-platform/model";

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
 * The resource of `type` another one refers to through input `property` (an id or ARN), as the engine
 * recorded the reference (the model's `resolve`); undefined when the plan does not show it.
 */
export function referenced(
  ctx: RuleContext,
  r: GraphResource,
  property: string,
  type: string,
): GraphResource | undefined {
  return resolve(ctx.graph, r, property, type)[0];
}

/** Resources that share a parent component with `r` (a cluster's provider sits next to the cluster). */
export const siblingsOf = (ctx: RuleContext, r: GraphResource): GraphResource[] =>
  ctx.graph.resources.filter((x) => x.parent === r.parent && x !== r);

/**
 * A web application firewall's bill, on either cloud: the policy (web ACL, security policy) and each of its rules
 * monthly, the requests it inspects as used.
 */
export function firewallLines(r: GraphResource, service: string, policy: string): MeterLine[] {
  return [
    monthly(r, `${service}:${policy}`, 1, policy.replace(/-/g, " ")),
    monthly(r, `${service}:rule`, list(r.inputs.rules).length, "rule(s)"),
    usage(r, `${service}:requests`, "1M requests", "requests inspected (allowed and blocked)"),
  ];
}
