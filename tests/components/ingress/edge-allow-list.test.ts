import * as assert from "node:assert/strict";
import {
  ALB_CONDITION_VALUES_PER_RULE,
  ALB_PATH_PATTERN_MAX_LENGTH,
  albDecision,
  AlbRuleView,
  DEFAULT_PUBLIC_PATHS,
  EdgeDecision,
  ingressDecision,
  MAX_EDGE_PATHS,
  ruleChunks,
} from "../../../components/ingress/edge-routes";
import { workloadSchema } from "../../../stack-config/schema";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { ofType, render, VARIANTS } from "../../harness";

/**
 * No public admin endpoints: both edges deny by default and forward only the allow-list
 * (`workload.publicPaths` plus the Route 53 health check path). Each rendered stack's HTTPS listeners and
 * listener rules (every ALB) and GKE Ingress objects are walked with every podinfo route; the pure
 * evaluators in components/ingress/edge-routes.ts answer what each request gets at the edge.
 *
 * What this cannot prove: that ELB and GKE's URL map match exactly as the evaluators model them (ALB path
 * patterns: whole path, case-sensitive, `*`/`?` wildcards, lowest priority first; GKE Exact paths and its
 * 404 `default-http-backend` when the Ingress names no default backend, per
 * https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#default_backend). Conditions other than
 * path patterns are taken to match, so the walk errs towards "reachable".
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
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";

function ruleView(r: GraphResource): AlbRuleView {
  return { name: r.name, priority: r.inputs.priority, conditions: r.inputs.conditions, actions: r.inputs.actions };
}

/** Every HTTPS listener with the rules attached to it, and every GKE Ingress, of a rendered stack. */
function edgesOf(g: Graph, extraRules: readonly AlbRuleView[] = []): Edge[] {
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
  const ingresses = ofType(g, INGRESS).map((i) => {
    const spec = i.inputs.spec as { rules?: { host?: string }[] };
    const host = spec.rules?.[0]?.host ?? "";
    return { label: `GKE Ingress ${i.name}`, decide: (p: string) => ingressDecision(spec, host, p, i.name) };
  });
  return [...albs, ...ingresses];
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

      it("has every public edge of the stack: both ALBs on an AWS secondary, the ALB and the GKE Ingress on GCP", () => {
        const expected =
          variant.secondary === "aws"
            ? ["ALB listener primary-alb-https", "ALB listener secondary-alb-https"]
            : ["ALB listener primary-alb-https", "GKE Ingress secondary-ingress"];
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

    it("reports a GKE Ingress that routes a prefix or names a default backend", () => {
      const ingress = ofType(gcp, INGRESS)[0];
      const spec = ingress.inputs.spec as { rules: { host: string; http: { paths: Record<string, unknown>[] } }[] };
      const backend = spec.rules[0].http.paths[0].backend;
      const prefix = {
        rules: [{ ...spec.rules[0], http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }],
      };
      assert.deepEqual(ingressDecision(prefix, spec.rules[0].host, "/panic").kind, "forward");
      const withDefault = { ...spec, defaultBackend: backend };
      assert.deepEqual(ingressDecision(withDefault, spec.rules[0].host, "/readyz/disable").kind, "forward");
      assert.deepEqual(ingressDecision(spec, spec.rules[0].host, "/readyz/disable"), {
        kind: "fixed",
        status: 404,
        by: "ingress GKE default-http-backend",
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
