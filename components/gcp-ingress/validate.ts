import { ArgProblem, intRange } from "../problems";
import { edgePathArgProblems, edgePathProblems } from "../ingress/edge-routes";
import { MAX_RULES_PER_ROUTE, ruleCount } from "./routes";

/** What {@link gatewayProblems} checks: the plain values of GkeGatewayArgs, defaults applied. */
export interface GatewayProblemInput {
  readonly domainName: string;
  readonly healthCheckPath: string;
  readonly publicPaths: readonly string[];
  readonly servicePort: number;
  readonly drainingTimeoutSeconds: number;
  readonly backendTimeoutSeconds: number;
  readonly extraRoutes: Readonly<
    Record<string, { readonly path: string; readonly servicePort: number; readonly healthCheckPath: string }>
  >;
}

/** An extra route's key names Kubernetes objects (`<gateway>-<key>`): a lowercase DNS label. */
const ROUTE_KEY = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

function requestPathProblems(path: string, value: string): ArgProblem[] {
  return value.startsWith("/")
    ? []
    : [{ path, message: `got "${value}"; a request path starts with "/"`, fix: `pass "/${value}"` }];
}

function domainProblems(domainName: string): ArgProblem[] {
  const label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
  return new RegExp(`^(${label}\\.)+[a-z]{2,63}$`).test(domainName) && domainName.length <= 253
    ? []
    : [
        {
          path: "domainName",
          message: `got "${domainName}"; the certificate, its DNS authorization and the map entry need one lowercase fully qualified name (no wildcard)`,
          fix: 'pass the service\'s public name, e.g. "app.example.com"',
        },
      ];
}

function extraRouteProblems(input: GatewayProblemInput): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const seen = new Map<string, string>();
  for (const [key, route] of Object.entries(input.extraRoutes)) {
    const at = `extraRoutes.${key}`;
    if (!ROUTE_KEY.test(key)) {
      problems.push({
        path: at,
        message: `key "${key}" names Kubernetes objects; it must be a lowercase DNS label of at most 40 characters`,
        fix: 'rename the key, e.g. "regional-health"',
      });
    }
    problems.push(
      ...edgePathProblems([route.path]).map((p) => ({
        path: `${at}.path`,
        message: p.message,
        fix: 'pass one exact path such as "/healthz/region"',
      })),
    );
    if (input.publicPaths.includes(route.path)) {
      problems.push({
        path: `${at}.path`,
        message: `"${route.path}" is also in publicPaths; an exact path goes to one backend`,
        fix: "drop it from publicPaths or pick another path",
      });
    }
    const other = seen.get(route.path);
    if (other !== undefined) {
      problems.push({
        path: `${at}.path`,
        message: `"${route.path}" is also extraRoutes.${other}'s path; an exact path goes to one backend`,
        fix: "give each extra route its own path",
      });
    }
    seen.set(route.path, key);
    problems.push(
      ...intRange(`${at}.servicePort`, route.servicePort, 1, 65535, "a Service port is 1 to 65535"),
      ...requestPathProblems(`${at}.healthCheckPath`, route.healthCheckPath),
    );
  }
  const rules = ruleCount(input.publicPaths, Object.keys(input.extraRoutes).length);
  if (rules > MAX_RULES_PER_ROUTE) {
    problems.push({
      path: "extraRoutes",
      message: `the HTTPRoute would hold ${rules} rules (the public paths 8 to a rule, then one per extra route); it holds at most ${MAX_RULES_PER_ROUTE}`,
      fix: "route fewer extra paths, or fewer public paths",
    });
  }
  return problems;
}

/** Every problem with a GkeGateway's arguments, each with its fix. */
export function gatewayProblems(input: GatewayProblemInput): ArgProblem[] {
  return [
    ...domainProblems(input.domainName),
    ...requestPathProblems("healthCheckPath", input.healthCheckPath),
    ...edgePathArgProblems("publicPaths", input.publicPaths),
    ...intRange("servicePort", input.servicePort, 1, 65535, "a Service port is 1 to 65535"),
    // GCPBackendPolicy's bounds (connectionDraining.drainingTimeoutSec 0 to 3600, timeoutSec at least 1).
    ...intRange("drainingTimeoutSeconds", input.drainingTimeoutSeconds, 0, 3600, "draining lasts 0 to 3600 s"),
    ...intRange("backendTimeoutSeconds", input.backendTimeoutSeconds, 1, 86400, "the backend timeout is 1 s to 24 h"),
    ...extraRouteProblems(input),
  ];
}
