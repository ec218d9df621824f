/**
 * What the public edges forward: a deny-by-default allow-list of exact request paths, the limits that bound
 * it, and pure evaluators that answer, from the rendered listener and listener rules (AWS) or the Ingress
 * spec (GKE), what a request path gets at the edge. No Pulumi here: components, tests and tools share it.
 */
import type { ArgProblem } from "../problems";

/** The paths served to the internet when the config names none: podinfo's index, version and info. */
export const DEFAULT_PUBLIC_PATHS: readonly string[] = ["/", "/version", "/api/info"];

/**
 * An ALB rule holds at most 5 condition values (not adjustable), so each listener rule forwards at most 5
 * paths and a longer list is split over several rules.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
export const ALB_CONDITION_VALUES_PER_RULE = 5;

/**
 * A path-pattern value is at most 128 characters, compared case-sensitively; `*` and `?` are wildcards.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_PathPatternConditionConfig.html
 */
export const ALB_PATH_PATTERN_MAX_LENGTH = 128;

/**
 * The most paths one edge forwards, the health check path included: 5 listener rules of 5 values, well
 * inside the ALB's 100 rules (adjustable quota, same page as {@link ALB_CONDITION_VALUES_PER_RULE}).
 */
export const MAX_EDGE_PATHS = 25;

/** The status the edges answer for a path that is not on the allow-list. */
export const EDGE_DENY_STATUS = 404;

/** One problem with an allow-list entry; `index` is the entry's position, `undefined` for the whole list. */
export interface EdgePathProblem {
  readonly index?: number;
  readonly message: string;
}

/**
 * Problems with an allow-list of exact paths: each starts with "/", has no wildcard (`*` or `?`, which an ALB
 * path pattern would expand) and no whitespace, fits an ALB path pattern, and the list fits
 * {@link MAX_EDGE_PATHS}.
 */
export function edgePathProblems(paths: readonly string[]): EdgePathProblem[] {
  const problems: EdgePathProblem[] = [];
  paths.forEach((p, index) => {
    if (!p.startsWith("/")) {
      problems.push({ index, message: `got "${p}"; a request path starts with "/"` });
    } else if (/[*?]/.test(p)) {
      problems.push({ index, message: `got "${p}"; list exact paths: "*" and "?" are wildcards at the edge` });
    } else if (/\s/.test(p)) {
      problems.push({ index, message: `got "${p}"; a request path has no whitespace` });
    } else if (p.length > ALB_PATH_PATTERN_MAX_LENGTH) {
      problems.push({ index, message: `is ${p.length} characters; an ALB path pattern holds at most 128` });
    }
  });
  if (uniquePaths(paths).length > MAX_EDGE_PATHS) {
    problems.push({ message: `lists ${uniquePaths(paths).length} paths; an edge forwards at most ${MAX_EDGE_PATHS}` });
  }
  return problems;
}

/** {@link edgePathProblems} as component argument problems of `arg` (e.g. "publicPaths"). */
export function edgePathArgProblems(arg: string, paths: readonly string[]): ArgProblem[] {
  return edgePathProblems(paths).map((p) => ({
    path: p.index === undefined ? arg : `${arg}[${p.index}]`,
    message: p.message,
    fix:
      p.index === undefined
        ? `forward at most ${MAX_EDGE_PATHS} exact paths`
        : 'pass an exact path such as "/api/info" (no wildcard), or drop it',
  }));
}

/** The paths without repeats, in first-seen order. */
export function uniquePaths(paths: readonly string[]): string[] {
  return [...new Set(paths)];
}

/** The allow-list in groups of at most {@link ALB_CONDITION_VALUES_PER_RULE}: one listener rule each. */
export function ruleChunks(paths: readonly string[]): string[][] {
  const unique = uniquePaths(paths);
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += ALB_CONDITION_VALUES_PER_RULE) {
    chunks.push(unique.slice(i, i + ALB_CONDITION_VALUES_PER_RULE));
  }
  return chunks;
}

/** What the edge does with a request path. */
export type EdgeDecision =
  | { readonly kind: "forward"; readonly to: string; readonly by: string }
  | { readonly kind: "fixed"; readonly status: number; readonly by: string }
  | { readonly kind: "redirect"; readonly by: string };

/** The inputs of an `aws.lb.ListenerRule` that matter for routing. */
export interface AlbRuleView {
  readonly name: string;
  readonly priority?: unknown;
  readonly conditions?: unknown;
  readonly actions?: unknown;
}

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * An ALB path pattern matched as ELB does: the whole path, case-sensitively, `*` any run of characters and
 * `?` exactly one.
 */
export function albPathMatches(pattern: string, path: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(path);
}

/**
 * Whether a rule's conditions can match a request for `path`. A path-pattern condition is evaluated; any
 * other condition (host, method, header, query, source IP) is taken to match, since an attacker picks the
 * request: the walk errs towards "forwarded".
 */
function albRuleMatches(rule: AlbRuleView, path: string): boolean {
  return list(rule.conditions).every((c) => {
    const pattern = record(record(c).pathPattern);
    return !("values" in pattern) || list(pattern.values).some((v) => typeof v === "string" && albPathMatches(v, path));
  });
}

function albAction(actions: unknown, by: string): EdgeDecision {
  const sorted = list(actions)
    .map(record)
    .sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0));
  // Authentication actions come first; the terminal action decides.
  const terminal = sorted.find((a) => a.type !== "authenticate-cognito" && a.type !== "authenticate-oidc") ?? {};
  switch (terminal.type) {
    case "forward": {
      const groups = list(record(terminal.forward).targetGroups).map((g) => String(record(g).arn));
      return { kind: "forward", to: String(terminal.targetGroupArn ?? groups.join(",")), by };
    }
    case "fixed-response":
      return { kind: "fixed", status: Number(record(terminal.fixedResponse).statusCode), by };
    case "redirect":
      return { kind: "redirect", by };
    default:
      // Unknown: treat as reachable so the walk reports it.
      return { kind: "forward", to: `unknown action ${String(terminal.type)}`, by };
  }
}

/**
 * What an ALB listener does with a request for `path`: the matching rule of lowest priority decides, else
 * the listener's default actions.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html
 */
export function albDecision(
  listener: { readonly name: string; readonly defaultActions?: unknown },
  rules: readonly AlbRuleView[],
  path: string,
): EdgeDecision {
  const ordered = [...rules].sort((a, b) => Number(a.priority ?? Infinity) - Number(b.priority ?? Infinity));
  const rule = ordered.find((r) => albRuleMatches(r, path));
  return rule ? albAction(rule.actions, rule.name) : albAction(listener.defaultActions, `${listener.name} default`);
}

/** An `HTTPIngressPath`'s match, as GKE's Ingress controller builds its URL map. */
function ingressPathMatches(pathType: string, rulePath: string, path: string): boolean {
  if (pathType === "Exact") {
    return rulePath === path;
  }
  if (pathType === "Prefix") {
    // Element-wise prefix: /foo matches /foo and /foo/bar, not /foobar; "/" matches every path.
    const trimmed = rulePath.replace(/\/+$/, "");
    return trimmed === "" || path === trimmed || path.startsWith(`${trimmed}/`);
  }
  // ImplementationSpecific on GKE: "/foo/*" is a prefix glob, anything else is exact.
  return rulePath.endsWith("/*") ? path.startsWith(rulePath.slice(0, -1)) : rulePath === path;
}

/**
 * What a GKE (classic) Ingress does with a request for `path` to `host`: a rule whose host matches (or that
 * names none) and whose path matches forwards to its backend, preferring an Exact match and then the longest
 * path; otherwise `spec.defaultBackend`, or, when that is unset, GKE's own `default-http-backend` in
 * kube-system, which answers 404.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#default_backend
 * @see https://github.com/GoogleCloudPlatform/gke-networking-recipes/tree/main/ingress/single-cluster/ingress-custom-default-backend
 */
export function ingressDecision(spec: unknown, host: string, path: string, by = "ingress"): EdgeDecision {
  const s = record(spec);
  const backendOf = (b: unknown) => {
    const service = record(record(b).service);
    const port = record(service.port);
    return `${String(service.name)}:${String(port.number ?? port.name)}`;
  };
  const matches = list(s.rules)
    .map(record)
    .filter((r) => r.host === undefined || r.host === host)
    .flatMap((r) => list(record(r.http).paths).map(record))
    .filter((p) => ingressPathMatches(String(p.pathType ?? "ImplementationSpecific"), String(p.path ?? "/"), path))
    .sort(
      (a, b) =>
        Number(b.pathType === "Exact") - Number(a.pathType === "Exact") ||
        String(b.path ?? "").length - String(a.path ?? "").length,
    );
  if (matches.length > 0) {
    return { kind: "forward", to: backendOf(matches[0].backend), by: `${by} ${String(matches[0].path)}` };
  }
  if (s.defaultBackend !== undefined) {
    return { kind: "forward", to: backendOf(s.defaultBackend), by: `${by} defaultBackend` };
  }
  return { kind: "fixed", status: 404, by: `${by} GKE default-http-backend` };
}
