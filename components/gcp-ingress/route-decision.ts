/**
 * What a GKE Gateway listener does with a request, evaluated from the rendered HTTPRoute specs: the pure
 * counterpart of `albDecision` (components/ingress/edge-routes.ts) for the Google Cloud edge, shared by the
 * edge allow-list test and anything else that walks the plan. No Pulumi here.
 *
 * Matching follows the Gateway API's HTTPRoute rules: a route takes part when one of its `parentRefs` names
 * the Gateway and the listener (or no `sectionName`), and its `hostnames` (if any) include the request's
 * host; an `Exact` path match wins over `PathPrefix`, then the longest prefix; a rule with no `matches` (and a
 * match with no `path`) matches every path as `PathPrefix "/"`; no match at all is 404.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule
 */
import type { EdgeDecision } from "../ingress/edge-routes";

/** One rendered HTTPRoute: its name and `spec`. */
export interface HttpRouteView {
  readonly name: string;
  readonly spec: unknown;
}

/** The listener a request arrives on. */
export interface GatewayListener {
  readonly gateway: string;
  readonly sectionName: string;
}

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function attaches(spec: Record<string, unknown>, listener: GatewayListener, host: string): boolean {
  const parent = list(spec.parentRefs)
    .map(record)
    .some(
      (p) =>
        p.name === listener.gateway &&
        (p.kind ?? "Gateway") === "Gateway" &&
        (p.sectionName === undefined || p.sectionName === listener.sectionName),
    );
  const hostnames = list(spec.hostnames);
  return parent && (hostnames.length === 0 || hostnames.includes(host));
}

/** Element-wise prefix, as the Gateway API defines PathPrefix: `/foo` matches `/foo` and `/foo/bar`, not `/foobar`. */
function prefixMatches(prefix: string, path: string): boolean {
  const trimmed = prefix.replace(/\/+$/, "");
  return trimmed === "" || path === trimmed || path.startsWith(`${trimmed}/`);
}

/** How well a match fits: undefined when it does not; a higher rank wins. */
function matchRank(match: Record<string, unknown>, path: string): number | undefined {
  const p = record(match.path);
  const type = String(p.type ?? "PathPrefix");
  const value = String(p.value ?? "/");
  if (type === "Exact") {
    return value === path ? Number.MAX_SAFE_INTEGER : undefined;
  }
  if (type === "PathPrefix") {
    return prefixMatches(value, path) ? value.length : undefined;
  }
  // RegularExpression (or anything unknown): taken to match, so the walk errs towards "reachable".
  return 0;
}

function ruleAction(rule: Record<string, unknown>, by: string): EdgeDecision {
  const redirect = list(rule.filters)
    .map(record)
    .some((f) => f.type === "RequestRedirect");
  if (redirect) {
    return { kind: "redirect", by };
  }
  const backends = list(rule.backendRefs).map(record);
  if (backends.length === 0) {
    // No backend and no redirect: the Gateway API answers 500; reported as reachable so a walk looks at it.
    return { kind: "forward", to: "no backendRefs", by };
  }
  const to = backends
    .map((b) => `${b.namespace === undefined ? "" : `${String(b.namespace)}/`}${String(b.name)}:${String(b.port)}`)
    .join(",");
  return { kind: "forward", to, by };
}

/**
 * What `listener` answers for a request of `path` to `host`, from the HTTPRoutes of the plan: the best
 * matching rule's redirect or backends, else 404.
 */
export function httpRouteDecision(
  routes: readonly HttpRouteView[],
  listener: GatewayListener,
  host: string,
  path: string,
): EdgeDecision {
  let best: { rank: number; rule: Record<string, unknown>; by: string } | undefined;
  for (const route of routes) {
    const spec = record(route.spec);
    if (!attaches(spec, listener, host)) {
      continue;
    }
    list(spec.rules)
      .map(record)
      .forEach((rule, i) => {
        const matches = list(rule.matches).map(record);
        for (const match of matches.length === 0 ? [{}] : matches) {
          const rank = matchRank(match, path);
          // Ties keep the first rule in list order, as the Gateway API orders them.
          if (rank !== undefined && (best === undefined || rank > best.rank)) {
            best = { rank, rule, by: `${route.name} rule ${i + 1}` };
          }
        }
      });
  }
  return best
    ? ruleAction(best.rule, best.by)
    : { kind: "fixed", status: 404, by: `${listener.gateway}/${listener.sectionName}: no HTTPRoute rule matches` };
}
