/**
 * The HTTPRoute specs of the GKE Gateway, as pure functions of plain values (tested without mocks): the
 * allow-list of exact paths to the service, the extra routes to other Services, and the HTTP listener's
 * redirect to HTTPS. Nothing else is routed, and a request no rule matches gets 404 from the load balancer:
 * "When no rules matching a request have been successfully attached to the parent a request is coming from,
 * a HTTP 404 status code MUST be returned" (https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule;
 * docs/sources.md#gateway-api-routing).
 */
import type { Input } from "@pulumi/pulumi";
import { uniquePaths } from "../ingress/edge-routes";

/** The Gateway's listener names; routes attach to one of them by `sectionName`. */
export const HTTPS_LISTENER = "https";
export const HTTP_LISTENER = "http";

/**
 * Matches per HTTPRoute rule: Gateway API v1.0 allows 8 (later versions 64), so 8 fits whichever version
 * the cluster's Gateway API channel installs.
 * @see https://github.com/kubernetes-sigs/gateway-api/blob/v1.0.0/apis/v1/httproute_types.go
 */
export const MATCHES_PER_RULE = 8;

/** Rules per HTTPRoute (`spec.rules` MaxItems, same file as {@link MATCHES_PER_RULE}). */
export const MAX_RULES_PER_ROUTE = 16;

/** A Service a route forwards to; `namespace` only when it is not the route's own. */
export interface BackendRef {
  readonly name: Input<string>;
  readonly namespace?: Input<string>;
  readonly port: number;
}

/** One exact path routed to a backend other than the main Service. */
export interface ExtraRule {
  readonly path: string;
  readonly backend: BackendRef;
}

const backendRef = (b: BackendRef) => ({
  name: b.name,
  ...(b.namespace === undefined ? {} : { namespace: b.namespace }),
  port: b.port,
});

/** The allow-list in groups of at most {@link MATCHES_PER_RULE} exact paths: one rule each. */
export function pathChunks(paths: readonly string[]): string[][] {
  const unique = uniquePaths(paths);
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += MATCHES_PER_RULE) {
    chunks.push(unique.slice(i, i + MATCHES_PER_RULE));
  }
  return chunks;
}

/** How many rules the service's HTTPRoute holds for these public paths and extra routes. */
export function ruleCount(publicPaths: readonly string[], extraRoutes: number): number {
  return pathChunks(publicPaths).length + extraRoutes;
}

/**
 * The HTTPRoute that serves the HTTPS listener: `publicPaths` to the main Service, each extra route's one
 * path to its own Service, all `Exact` (no prefix, so `/readyz` never opens `/readyz/disable`), for
 * `hostname` only.
 */
export function serviceRouteSpec(args: {
  readonly gatewayName: string;
  readonly hostname: string;
  readonly publicPaths: readonly string[];
  readonly service: BackendRef;
  readonly extraRules: readonly ExtraRule[];
}): Record<string, unknown> {
  const exact = (value: string) => ({ path: { type: "Exact", value } });
  return {
    parentRefs: [{ name: args.gatewayName, sectionName: HTTPS_LISTENER }],
    hostnames: [args.hostname],
    rules: [
      ...pathChunks(args.publicPaths).map((chunk) => ({
        matches: chunk.map(exact),
        backendRefs: [backendRef(args.service)],
      })),
      ...args.extraRules.map((r) => ({ matches: [exact(r.path)], backendRefs: [backendRef(r.backend)] })),
    ],
  };
}

/**
 * The HTTPRoute of the HTTP listener: one rule with no match (the default, every path) that answers 301 to
 * the same URL over HTTPS and forwards nothing.
 * @see https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/
 */
export function redirectRouteSpec(gatewayName: string, hostname: string): Record<string, unknown> {
  return {
    parentRefs: [{ name: gatewayName, sectionName: HTTP_LISTENER }],
    hostnames: [hostname],
    rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
  };
}
