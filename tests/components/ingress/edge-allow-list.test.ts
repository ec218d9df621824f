import * as assert from "node:assert/strict";
import {
  ALB_CONDITION_VALUES_PER_RULE,
  ALB_PATH_PATTERN_MAX_LENGTH,
  albDecision,
  AlbRuleView,
  DEFAULT_PUBLIC_PATHS,
  EdgeDecision,
  MAX_EDGE_PATHS,
  ruleChunks,
} from "../../../components/ingress/edge-routes";
import { GatewayListener, httpRouteDecision, HttpRouteView } from "../../../components/gcp-ingress";
import { workloadSchema } from "../../../stack-config/schema";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { ofType, render, VARIANTS } from "../../harness";

/**
 * No public admin endpoints: both edges deny by default and forward only the allow-list
 * (`workload.publicPaths` plus the Route 53 health check path). Each rendered stack's HTTPS listeners and
 * listener rules (every ALB) and the HTTPRoutes of every GKE Gateway's HTTPS listener are walked with every
 * podinfo route; the pure evaluators (components/ingress/edge-routes.ts for the ALB,
 * components/gcp-ingress/route-decision.ts for the Gateway) answer what each request gets at the edge.
 *
 * What this cannot prove: that ELB and GKE's load balancer match exactly as the evaluators model them (ALB
 * path patterns: whole path, case-sensitive, `*`/`?` wildcards, lowest priority first; Gateway API `Exact`
 * before the longest `PathPrefix`, and 404 when no HTTPRoute rule matches, which the Gateway API requires:
 * https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule). Conditions other than paths are taken to
 * match, so the walk errs towards "reachable".
 */

/**
 * podinfo's routes, from `registerHandlers` in pkg/api/http/server.go of stefanprodan/podinfo
 * (https://github.com/stefanprodan/podinfo/blob/16191504d10112987c9ed0593a20b98e1c9d201f/pkg/api/http/server.go,
 * commit 16191504d10112987c9ed0593a20b98e1c9d201f, the 6.x line the pinned image `podinfo:6.7.1` belongs to;
 * route list checked on that commit, not on the 6.7.1 tag itself). Path variables take a concrete example;
 * prefix routes get their bare prefix and one path below it.
 */
const PODINFO_ROUTES: readonly { readonly method: string; readonly path: string }[] = [
  { method: "GET", path: "/metrics" },
  { method: "GET", path: "/debug/pprof/" },
  { method: "GET", path: "/debug/pprof/heap" },
  { method: "GET", path: "/" },
  { method: "GET", path: "/version" },
  { method: "POST", path: "/echo" },
  { method: "POST", path: "/echo/anything" },
  { method: "GET", path: "/env" },
  { method: "GET", path: "/headers" },
  { method: "GET", path: "/delay/5" },
  { method: "GET", path: "/healthz" },
  { method: "GET", path: "/readyz" },
  { method: "POST", path: "/readyz/enable" },
  { method: "POST", path: "/readyz/disable" },
  { method: "GET", path: "/panic" },
  { method: "GET", path: "/status/500" },
  { method: "POST", path: "/store" },
  { method: "GET", path: "/store/0123abcd" },
  { method: "POST", path: "/cache/key" },
  { method: "GET", path: "/configs" },
  { method: "POST", path: "/token" },
  { method: "GET", path: "/token/validate" },
  { method: "GET", path: "/api/info" },
  { method: "POST", path: "/api/echo" },
  { method: "POST", path: "/api/echo/anything" },
  { method: "GET", path: "/ws/echo" },
  { method: "GET", path: "/chunked" },
  { method: "GET", path: "/chunked/5" },
  { method: "GET", path: "/swagger/index.html" },
  { method: "GET", path: "/swagger/doc.json" },
  { method: "GET", path: "/swagger.json" },
];

/** Variations an attacker tries on the routes above: case, trailing slash, doubled slash. */
const PROBES = ["/PANIC", "/panic/", "//panic", "/readyz/", "/readyz/disable/", "/Readyz/disable", "/version/"];

/** One public edge of a rendered stack and how it answers a path. */
interface Edge {
  readonly label: string;
  readonly decide: (path: string) => EdgeDecision;
}

const HTTPS_LISTENER = "aws:lb/listener:Listener";
const LISTENER_RULE = "aws:lb/listenerRule:ListenerRule";
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

function ruleView(r: GraphResource): AlbRuleView {
  return { name: r.name, priority: r.inputs.priority, conditions: r.inputs.conditions, actions: r.inputs.actions };
}

const namespaceOf = (r: GraphResource) => (r.inputs.metadata as { namespace?: string } | undefined)?.namespace;

/**
 * The HTTPRoutes that can attach to a Gateway: those naming it, from its own namespace unless a listener
 * lets routes in from elsewhere (then every route naming it counts, so the walk errs towards "reachable").
 */
function gatewayRoutes(g: Graph, gateway: GraphResource, extra: readonly HttpRouteView[] = []): HttpRouteView[] {
  const listeners = ((gateway.inputs.spec as { listeners?: unknown[] }).listeners ?? []) as {
    allowedRoutes?: { namespaces?: { from?: string } };
  }[];
  const sameOnly = listeners.every((l) => l.allowedRoutes?.namespaces?.from === "Same");
  return [
    ...ofType(g, HTTP_ROUTE)
      .filter((r) => !sameOnly || namespaceOf(r) === namespaceOf(gateway))
      .map((r) => ({ name: r.name, spec: r.inputs.spec })),
    ...extra,
  ];
}

/** The host a Gateway serves: the hostname its routes name (every route of this program names one). */
function gatewayHost(routes: readonly HttpRouteView[]): string {
  return routes.flatMap((r) => ((r.spec as { hostnames?: string[] }).hostnames ?? []) as string[])[0] ?? "";
}

/** Every HTTPS listener with the rules attached to it, and every GKE Gateway's HTTPS listener, of a rendered stack. */
function edgesOf(
  g: Graph,
  extraRules: readonly AlbRuleView[] = [],
  extraRoutes: readonly HttpRouteView[] = [],
): Edge[] {
  const rules = ofType(g, LISTENER_RULE);
  const listeners = ofType(g, HTTPS_LISTENER).filter((l) => l.inputs.protocol === "HTTPS");
  const albs = listeners.map((l) => {
    const attached = rules.filter((r) => r.dependsOn.includes(l.urn)).map(ruleView);
    const view = { name: l.name, defaultActions: l.inputs.defaultActions };
    return {
      label: `ALB listener ${l.name}`,
      decide: (p: string) => albDecision(view, [...attached, ...extraRules], p),
    };
  });
  const gateways = ofType(g, GATEWAY).map((gw) => {
    const routes = gatewayRoutes(g, gw, extraRoutes);
    const listener: GatewayListener = { gateway: String((gw.inputs.metadata as any).name), sectionName: "https" };
    const host = gatewayHost(routes);
    return {
      label: `GKE Gateway ${gw.name} https`,
      decide: (p: string) => httpRouteDecision(routes, listener, host, p),
    };
  });
  return [...albs, ...gateways];
}

/** The paths Route 53 health-checks through the load balancers (the wiring adds them to the allow-list). */
function healthCheckPaths(g: Graph): string[] {
  const paths = ofType(g, "aws:route53/healthCheck:HealthCheck").map((h) => h.inputs.resourcePath);
  return [...new Set(paths.filter((p): p is string => typeof p === "string"))];
}

/** Every (edge, path) that reaches the service although it is not allowed. */
function leaks(edges: readonly Edge[], paths: readonly string[], allowed: ReadonlySet<string>): string[] {
  return edges.flatMap((edge) =>
    paths
      .filter((p) => !allowed.has(p))
      .map((p) => ({ p, d: edge.decide(p) }))
      .filter(({ d }) => !(d.kind === "fixed" && (d.status === 403 || d.status === 404)))
      .map(({ p, d }) => `${edge.label}: ${p} -> ${JSON.stringify(d)}`),
  );
}

/** Every (edge, allowed path) that does not reach the service. */
function blocked(edges: readonly Edge[], allowed: ReadonlySet<string>): string[] {
  return edges.flatMap((edge) =>
    [...allowed]
      .map((p) => ({ p, d: edge.decide(p) }))
      .filter(({ d }) => d.kind !== "forward")
      .map(({ p, d }) => `${edge.label}: ${p} -> ${JSON.stringify(d)}`),
  );
}

const WALKED = VARIANTS.filter((v) => v.label !== "dev");
const ALL_PATHS = [...PODINFO_ROUTES.map((r) => r.path), ...PROBES];

describe("edges: deny by default, forward only the allow-list", function () {
  this.timeout(120000);

  it("walks the prod, staging and prod-on-GCP renders", () => {
    assert.deepEqual(
      WALKED.map((v) => v.label),
      ["staging", "prod", "prod with a GCP secondary"],
    );
  });

  for (const variant of WALKED) {
    describe(variant.label, () => {
      let graph: Graph;
      let edges: Edge[];
      let allowed: Set<string>;
      before(async () => {
        graph = await render(variant.options);
        edges = edgesOf(graph);
        allowed = new Set([...DEFAULT_PUBLIC_PATHS, ...healthCheckPaths(graph)]);
      });

      it("has every public edge of the stack: both ALBs on an AWS secondary, the ALB and the GKE Gateway on GCP", () => {
        const expected =
          variant.secondary === "aws"
            ? ["ALB listener primary-alb-https", "ALB listener secondary-alb-https"]
            : ["ALB listener primary-alb-https", "GKE Gateway secondary-gateway https"];
        assert.deepEqual(edges.map((e) => e.label).sort(), expected);
        assert.ok(healthCheckPaths(graph).length > 0, "Route 53 health-checks a path through the edges");
      });

      it("answers 403 or 404 at the edge for every podinfo route not on the allow-list", () => {
        const walked = ALL_PATHS.filter((p) => !allowed.has(p));
        for (const admin of ["/readyz/disable", "/readyz/enable", "/panic", "/env", "/configs", "/metrics"]) {
          assert.ok(walked.includes(admin), `${admin} is walked`);
        }
        assert.deepEqual(leaks(edges, ALL_PATHS, allowed), []);
      });

      it("forwards every allowed path and the health check path to the service", () => {
        assert.ok(allowed.has("/") && allowed.has("/version") && allowed.has("/api/info"));
        assert.deepEqual(blocked(edges, allowed), []);
      });

      it("keeps HTTP on every Gateway a redirect to HTTPS, whatever the path", () => {
        for (const gw of ofType(graph, GATEWAY)) {
          const routes = gatewayRoutes(graph, gw);
          const listener = { gateway: String((gw.inputs.metadata as any).name), sectionName: "http" };
          for (const p of ALL_PATHS) {
            assert.equal(httpRouteDecision(routes, listener, gatewayHost(routes), p).kind, "redirect", p);
          }
        }
        assert.equal(ofType(graph, GATEWAY).length, variant.secondary === "gcp" ? 1 : 0);
      });

      it("keeps HTTP on every ALB a redirect to HTTPS, whatever the path", () => {
        const http = ofType(graph, HTTPS_LISTENER).filter((l) => l.inputs.protocol === "HTTP");
        assert.equal(http.length, variant.secondary === "aws" ? 2 : 1);
        for (const l of http) {
          assert.ok(!ofType(graph, LISTENER_RULE).some((r) => r.dependsOn.includes(l.urn)), `${l.name} has no rules`);
          for (const p of ALL_PATHS) {
            assert.equal(
              albDecision({ name: l.name, defaultActions: l.inputs.defaultActions }, [], p).kind,
              "redirect",
            );
          }
        }
      });
    });
  }

  describe("mutations the walk must catch", () => {
    let prod: Graph;
    let gcp: Graph;
    before(async () => {
      prod = await render(VARIANTS.find((v) => v.label === "prod")!.options);
      gcp = await render(VARIANTS.find((v) => v.label === "prod with a GCP secondary")!.options);
    });

    it("reports one extra listener rule forwarding /panic", () => {
      const allowed = new Set([...DEFAULT_PUBLIC_PATHS, ...healthCheckPaths(prod)]);
      const panic: AlbRuleView = {
        name: "mutant-panic",
        priority: 1,
        conditions: [{ pathPattern: { values: ["/panic"] } }],
        actions: [{ type: "forward", targetGroupArn: "arn:aws:lb:ap-northeast-2:123456789012:targetgroup/mutant" }],
      };
      const found = leaks(edgesOf(prod, [panic]), ALL_PATHS, allowed);
      assert.equal(found.length, 2, found.join("\n"));
      assert.ok(
        found.every((l) => l.includes(": /panic -> ") && l.includes('"by":"mutant-panic"')),
        found.join("\n"),
      );
    });

    it("reports a wildcard rule and a listener whose default action forwards", () => {
      const allowed = new Set([...DEFAULT_PUBLIC_PATHS, ...healthCheckPaths(prod)]);
      const wildcard: AlbRuleView = {
        name: "mutant-readyz",
        priority: 99,
        conditions: [{ pathPattern: { values: ["/readyz*"] } }],
        actions: [{ type: "forward", targetGroupArn: "tg" }],
      };
      const viaWildcard = leaks(edgesOf(prod, [wildcard]), ALL_PATHS, allowed).map((l) => l.split(" -> ")[0]);
      assert.ok(viaWildcard.includes("ALB listener primary-alb-https: /readyz/disable"), viaWildcard.join("\n"));
      const open = { name: "open", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] };
      assert.equal(albDecision(open, [], "/panic").kind, "forward");
    });

    it("reports an HTTPRoute on the Gateway that routes a prefix, or a rule with no match (every path)", () => {
      const allowed = new Set([...DEFAULT_PUBLIC_PATHS, ...healthCheckPaths(gcp)]);
      const [route] = ofType(gcp, HTTP_ROUTE).filter((r) => r.name === "secondary-gateway");
      const spec = route.inputs.spec as {
        parentRefs: unknown[];
        hostnames: string[];
        rules: { backendRefs: unknown[] }[];
      };
      const backendRefs = spec.rules[0].backendRefs;
      const prefix: HttpRouteView = {
        name: "mutant-prefix",
        spec: { ...spec, rules: [{ matches: [{ path: { type: "PathPrefix", value: "/readyz" } }], backendRefs }] },
      };
      const viaPrefix = leaks(edgesOf(gcp, [], [prefix]), ALL_PATHS, allowed).map((l) => l.split(" -> ")[0]);
      assert.ok(viaPrefix.includes("GKE Gateway secondary-gateway https: /readyz/disable"), viaPrefix.join("\n"));
      const catchAll: HttpRouteView = { name: "mutant-catch-all", spec: { ...spec, rules: [{ backendRefs }] } };
      const found = leaks(edgesOf(gcp, [], [catchAll]), ALL_PATHS, allowed);
      assert.ok(
        found.some((l) => l.includes(": /panic -> ") && l.includes("mutant-catch-all")),
        found.join("\n"),
      );
      // Unmutated, the same request meets no rule: the load balancer's 404.
      const [edge] = edgesOf(gcp).filter((e) => e.label.startsWith("GKE Gateway"));
      assert.deepEqual(edge.decide("/readyz/disable"), {
        kind: "fixed",
        status: 404,
        by: "secondary-gateway/https: no HTTPRoute rule matches",
      });
    });
  });

  describe("the allow-list's limits (config and components agree)", () => {
    it("defaults workload.publicPaths to /, /version and /api/info", () => {
      assert.deepEqual(workloadSchema.parse({}).publicPaths, DEFAULT_PUBLIC_PATHS);
    });

    it("refuses wildcards, relative and over-long paths, and more paths than five ALB rules hold", () => {
      const long = `/${"a".repeat(ALB_PATH_PATTERN_MAX_LENGTH)}`;
      for (const bad of [["/api/*"], ["/panic?"], ["readyz"], [long], ["/a b"]]) {
        assert.equal(workloadSchema.safeParse({ publicPaths: bad }).success, false, JSON.stringify(bad));
      }
      const many = (n: number) => Array.from({ length: n }, (_, i) => `/p${i}`);
      assert.equal(workloadSchema.safeParse({ publicPaths: many(MAX_EDGE_PATHS - 1) }).success, true);
      assert.equal(workloadSchema.safeParse({ publicPaths: many(MAX_EDGE_PATHS) }).success, false);
      // With the health check path the longest list fills 5 rules of 5 condition values.
      const chunks = ruleChunks([...many(MAX_EDGE_PATHS - 1), "/readyz"]);
      assert.equal(chunks.length, 5);
      assert.ok(chunks.every((c) => c.length <= ALB_CONDITION_VALUES_PER_RULE));
    });
  });
});
