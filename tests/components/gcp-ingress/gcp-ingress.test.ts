import * as assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  httpRouteDecision,
  HttpRouteView,
  MATCHES_PER_RULE,
  pathChunks,
  redirectRouteSpec,
} from "../../../components/gcp-ingress";
import { CLOUD_ARMOR_WAF_RULE_SETS } from "../../../components/gcp-ingress";
import { DEFAULT_RATE_LIMIT_PER_5_MINUTES } from "../../../components/ingress";
import { cloudResources, Graph, GraphResource } from "../../../tools/offline/graph";
import { RenderOptions } from "../../../tools/offline/render";
import { render, under } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * The Google Cloud site's edge (GkeGateway, and the DnsAuthorizationRecord the wiring adds) rendered under
 * the mock engine with explicit `gcp-secondary`, `aws-global` and cluster providers, a fake second backend
 * on an extra route, and a program with a mistake in every argument.
 *
 * The custom resources are untyped for tsc, so their shapes are checked here against the fields GKE and the
 * Gateway API define: the CRD types of GoogleCloudPlatform/gke-gateway-api (`apis/networking/v1/
 * healthcheck_types.go`, `gcpbackendpolicy_types.go`, `gcpgatewaypolicy_types.go`), the Gateway API's
 * (https://gateway-api.sigs.k8s.io/reference/spec/), and GKE's pages on securing and configuring Gateways
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway,
 * https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources).
 *
 * What mocks cannot prove: that GKE's Gateway controller accepts these objects and builds the load balancer;
 * that Certificate Manager issues the certificate (it needs the CNAME published and resolvable, and takes up
 * to about an hour: `managed.state` must read ACTIVE); the CNAME's name and value (the mocks do not compute
 * the DNS authorization's `dnsResourceRecords`, so the wired record shows only its references here, and a
 * literal record shows the shape Route 53 gets); that Route 53's checker gets this certificate (SNI is the
 * record name, the map entry's hostname); that the load balancer answers 404 for unmatched paths (the
 * Gateway API requires it; the evaluator models it).
 */

const program = (file: string): RenderOptions => ({ stack: "prod", program: path.join(TESTS_DIR, "programs", file) });
const PROD = program("gcp-ingress.ts");
const NAME = "secondary-gateway";

const typeNames = (rs: GraphResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();

function one(g: Graph, type: string, name = NAME): GraphResource {
  const found = cloudResources(g).filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `exactly one ${type} named ${name}`);
  return found[0];
}

const providerUrn = (g: Graph, name: string) => g.resources.find((r) => r.custom && r.name === name)!.urn;

const T = {
  address: "gcp:compute/globalAddress:GlobalAddress",
  sslPolicy: "gcp:compute/sSLPolicy:SSLPolicy",
  armor: "gcp:compute/securityPolicy:SecurityPolicy",
  dnsAuthorization: "gcp:certificatemanager/dnsAuthorization:DnsAuthorization",
  certificate: "gcp:certificatemanager/certificate:Certificate",
  map: "gcp:certificatemanager/certificateMap:CertificateMap",
  mapEntry: "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry",
  gateway: "kubernetes:gateway.networking.k8s.io/v1:Gateway",
  route: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
  grant: "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant",
  healthCheck: "kubernetes:networking.gke.io/v1:HealthCheckPolicy",
  backendPolicy: "kubernetes:networking.gke.io/v1:GCPBackendPolicy",
  gatewayPolicy: "kubernetes:networking.gke.io/v1:GCPGatewayPolicy",
  record: "aws:route53/record:Record",
};

/**
 * The fields each kind defines, as nested key sets (`true`: a leaf). A key the schema lacks is a field the
 * controller would ignore or the API server reject. From the sources in the header.
 */
type Schema = { readonly [key: string]: true | Schema };
const TARGET_REF: Schema = { group: true, kind: true, name: true, namespace: true };
const HTTP_CHECK: Schema = {
  portSpecification: true,
  port: true,
  portName: true,
  host: true,
  requestPath: true,
  proxyHeader: true,
  response: true,
};
const SPEC_SCHEMAS: Record<string, Schema> = {
  [T.gateway]: {
    gatewayClassName: true,
    listeners: { name: true, hostname: true, port: true, protocol: true, tls: true, allowedRoutes: true },
    addresses: { type: true, value: true },
  },
  [T.route]: {
    parentRefs: { group: true, kind: true, namespace: true, name: true, sectionName: true, port: true },
    hostnames: true,
    rules: {
      matches: { path: { type: true, value: true }, headers: true, queryParams: true, method: true },
      filters: {
        type: true,
        requestRedirect: { scheme: true, hostname: true, path: true, port: true, statusCode: true },
      },
      backendRefs: { group: true, kind: true, name: true, namespace: true, port: true, weight: true },
    },
  },
  [T.grant]: {
    from: { group: true, kind: true, namespace: true },
    to: { group: true, kind: true, name: true },
  },
  [T.healthCheck]: {
    targetRef: TARGET_REF,
    default: {
      checkIntervalSec: true,
      timeoutSec: true,
      healthyThreshold: true,
      unhealthyThreshold: true,
      logConfig: { enabled: true },
      config: {
        type: true,
        httpHealthCheck: HTTP_CHECK,
        httpsHealthCheck: HTTP_CHECK,
        http2HealthCheck: HTTP_CHECK,
        tcpHealthCheck: true,
        grpcHealthCheck: true,
      },
    },
  },
  [T.backendPolicy]: {
    targetRef: TARGET_REF,
    default: {
      logging: { enabled: true, sampleRate: true },
      sessionAffinity: true,
      connectionDraining: { drainingTimeoutSec: true },
      timeoutSec: true,
      securityPolicy: true,
      iap: true,
      maxRatePerEndpoint: true,
    },
  },
  [T.gatewayPolicy]: {
    targetRef: TARGET_REF,
    default: { sslPolicy: true, allowGlobalAccess: true, region: true },
  },
};

/** The dotted paths of `value` that `schema` does not define. */
function unknownFields(value: unknown, schema: true | Schema, at = "spec"): string[] {
  if (schema === true || value === null || typeof value !== "object") {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => unknownFields(v, schema, `${at}[${i}]`));
  }
  return Object.entries(value).flatMap(([k, v]) =>
    schema[k] === undefined ? [`${at}.${k}`] : unknownFields(v, schema[k], `${at}.${k}`),
  );
}

describe("GKE Gateway (Google Cloud secondary edge)", () => {
  let graph: Graph;
  before(async () => {
    graph = await render(PROD);
  });

  it("registers exactly these resources: GCP ones on gcp-secondary, Kubernetes ones on the cluster's provider", async () => {
    const resources = under(graph, NAME);
    assert.deepEqual(typeNames(resources), [
      `${T.certificate}::${NAME}`,
      `${T.map}::${NAME}`,
      `${T.mapEntry}::${NAME}`,
      `${T.dnsAuthorization}::${NAME}`,
      `${T.address}::${NAME}`,
      `${T.sslPolicy}::${NAME}`,
      `${T.armor}::${NAME}-armor`,
      `${T.gateway}::${NAME}`,
      `${T.route}::${NAME}`,
      `${T.route}::${NAME}-redirect`,
      `${T.grant}::${NAME}-regional-health`,
      `${T.backendPolicy}::${NAME}`,
      `${T.backendPolicy}::${NAME}-regional-health`,
      `${T.gatewayPolicy}::${NAME}`,
      `${T.healthCheck}::${NAME}`,
      `${T.healthCheck}::${NAME}-regional-health`,
    ]);
    for (const r of resources) {
      const expected = r.type.startsWith("gcp:") ? "gcp-secondary" : "k8s-secondary";
      assert.equal(r.provider, providerUrn(graph, expected), `${r.type} is on ${expected}`);
    }
    const staging = await render({ ...PROD, stackName: "staging" });
    assert.deepEqual(typeNames(under(staging, NAME)), typeNames(resources));
  });

  it("fronts a SampleService exposed the gke-gateway way: a plain ClusterIP Service, no annotation, no binding", () => {
    const service = one(graph, "kubernetes:core/v1:Service", "podinfo");
    assert.equal((service.inputs.metadata as any).annotations, undefined, "the Gateway controller manages its NEGs");
    assert.deepEqual(
      under(graph, "podinfo").filter((r) => !r.type.startsWith("kubernetes:") || r.type.includes("elbv2")),
      [],
    );
    for (const type of [T.route, T.healthCheck, T.backendPolicy]) {
      assert.ok(
        one(graph, type).propertyDependencies?.spec?.includes(service.urn),
        `${type} names the workload's Service`,
      );
    }
  });

  it("reserves a global static IPv4 address whose IP Route 53 can point at, and names it in the Gateway", () => {
    assert.deepEqual(one(graph, T.address).inputs, {
      name: "secondary-gateway-prod",
      description: "app.example.com on the Google Cloud site (prod)",
      addressType: "EXTERNAL",
      ipVersion: "IPV4",
    });
    assert.deepEqual(graph.outputs.secondaryGateway, {
      ipAddress: "203.0.113.10",
      addressName: "secondary-gateway-prod",
      gatewayName: NAME,
      certificateName: "secondary-gateway-prod",
      certificateMapName: "secondary-gateway-prod",
    });
    const spec = one(graph, T.gateway).inputs.spec as Record<string, any>;
    assert.deepEqual(spec.addresses, [{ type: "NamedAddress", value: "secondary-gateway-prod" }]);
  });

  it("issues the certificate by DNS authorization for exactly the domain, and maps it by SNI for that host", () => {
    const authorization = one(graph, T.dnsAuthorization);
    assert.deepEqual(
      [authorization.inputs.domain, authorization.inputs.type],
      ["app.example.com", "PER_PROJECT_RECORD"],
    );
    const certificate = one(graph, T.certificate);
    assert.equal(certificate.inputs.scope, "DEFAULT");
    assert.deepEqual((certificate.inputs.managed as any).domains, ["app.example.com"]);
    assert.deepEqual(certificate.propertyDependencies?.managed, [authorization.urn], "authorized by that DNS record");
    const entry = one(graph, T.mapEntry);
    assert.equal(entry.inputs.hostname, "app.example.com");
    assert.equal(entry.inputs.matcher, undefined, "a hostname entry, not the PRIMARY catch-all");
    assert.deepEqual(entry.propertyDependencies?.certificates, [certificate.urn]);
    assert.deepEqual(entry.propertyDependencies?.map, [one(graph, T.map).urn]);
    // No location: Certificate Manager's default, global, which a global external load balancer needs.
    for (const type of [T.dnsAuthorization, T.certificate]) {
      assert.equal(one(graph, type).inputs.location, undefined, type);
    }
  });

  it("publishes the DNS authorization's CNAME in the public zone through the us-east-1 provider", () => {
    const global = providerUrn(graph, "aws-global");
    const literal = one(graph, T.record, "literal-dns-authorization");
    assert.equal(literal.provider, global);
    assert.deepEqual(literal.inputs, {
      zoneId: "ZEXAMPLECOM",
      name: "_acme-challenge_ujmmovf2vn55tgye.app.example.com.",
      type: "CNAME",
      records: ["0e1a7d2c-58b4-4d42-8f6e-0f3b7c1c9b10.4.authorize.certificatemanager.goog."],
      ttl: 300,
    });
    const wired = one(graph, T.record, "secondary-gateway-dns-authorization");
    assert.equal(wired.provider, global);
    assert.equal(wired.inputs.zoneId, "ZEXAMPLECOM");
    assert.deepEqual(wired.propertyDependencies?.records, [one(graph, T.dnsAuthorization).urn]);
  });

  it("uses only fields GKE and the Gateway API define, in every custom resource", () => {
    for (const [type, schema] of Object.entries(SPEC_SCHEMAS)) {
      for (const r of cloudResources(graph).filter((x) => x.type === type)) {
        assert.deepEqual(unknownFields(r.inputs.spec, schema), [], `${r.type} ${r.name}`);
        assert.equal(`kubernetes:${String(r.inputs.apiVersion)}:${String(r.inputs.kind)}`, r.type);
      }
    }
  });

  it("builds a global external Gateway on the certificate map, HTTPS and a redirecting HTTP listener, routes from its own namespace only", () => {
    const gateway = one(graph, T.gateway);
    const metadata = gateway.inputs.metadata as Record<string, any>;
    assert.equal(metadata.namespace, "podinfo");
    assert.deepEqual(metadata.annotations, {
      "networking.gke.io/certmap": "secondary-gateway-prod",
      "pulumi.com/waitFor": "condition=Programmed",
    });
    const spec = gateway.inputs.spec as Record<string, any>;
    assert.equal(spec.gatewayClassName, "gke-l7-global-external-managed");
    const same = { namespaces: { from: "Same" } };
    // No tls block: GKE refuses a Gateway with both the certmap annotation and certificateRefs.
    assert.deepEqual(spec.listeners, [
      { name: "https", protocol: "HTTPS", port: 443, allowedRoutes: same },
      { name: "http", protocol: "HTTP", port: 80, allowedRoutes: same },
    ]);
    assert.ok(gateway.dependsOn.includes(one(graph, T.mapEntry).urn), "the map has its entry first");
    const redirect = one(graph, T.route, `${NAME}-redirect`);
    assert.deepEqual(redirect.inputs.spec, redirectRouteSpec(NAME, "app.example.com"));
  });

  it("routes only the allowed exact paths to podinfo and the extra route's path to its own Service", () => {
    const route = one(graph, T.route);
    assert.deepEqual(route.inputs.spec, {
      parentRefs: [{ name: NAME, sectionName: "https" }],
      hostnames: ["app.example.com"],
      rules: [
        {
          matches: ["/", "/version", "/api/info", "/readyz"].map((value) => ({ path: { type: "Exact", value } })),
          backendRefs: [{ name: "podinfo", port: 80 }],
        },
        {
          matches: [{ path: { type: "Exact", value: "/healthz/region" } }],
          backendRefs: [{ name: "regional-health", namespace: "regional-health", port: 8080 }],
        },
      ],
    });
  });

  it("lets the HTTPRoute name the other namespace's Service through a ReferenceGrant scoped to that Service", () => {
    const grant = one(graph, T.grant, `${NAME}-regional-health`);
    assert.equal((grant.inputs.metadata as any).namespace, "regional-health");
    assert.deepEqual(grant.inputs.spec, {
      from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "podinfo" }],
      to: [{ group: "", kind: "Service", name: "regional-health" }],
    });
  });

  it("health-checks, drains and logs each backend with policies in the Service's own namespace", () => {
    for (const [suffix, namespace, service, requestPath] of [
      ["", "podinfo", "podinfo", "/readyz"],
      ["-regional-health", "regional-health", "regional-health", "/healthz/region"],
    ]) {
      const targetRef = { group: "", kind: "Service", name: service };
      const check = one(graph, T.healthCheck, `${NAME}${suffix}`);
      assert.equal((check.inputs.metadata as any).namespace, namespace);
      assert.deepEqual(check.inputs.spec, {
        default: {
          checkIntervalSec: 10,
          timeoutSec: 5,
          healthyThreshold: 1,
          unhealthyThreshold: 3,
          config: { type: "HTTP", httpHealthCheck: { requestPath } },
        },
        targetRef,
      });
      const policy = one(graph, T.backendPolicy, `${NAME}${suffix}`);
      assert.equal((policy.inputs.metadata as any).namespace, namespace);
      assert.deepEqual(policy.inputs.spec, {
        default: {
          timeoutSec: 30,
          connectionDraining: { drainingTimeoutSec: 60 },
          logging: { enabled: true, sampleRate: 1000000 },
          securityPolicy: "secondary-gateway-armor-prod",
        },
        targetRef,
      });
      assert.ok(policy.propertyDependencies?.spec?.includes(one(graph, T.armor, `${NAME}-armor`).urn));
    }
  });

  it("puts Cloud Armor before every backend: the preconfigured WAF rule sets deny, an address over its rate gets 429", () => {
    const armor = one(graph, T.armor, `${NAME}-armor`);
    const rules = armor.inputs.rules as any[];
    assert.deepEqual(
      rules.map((r) => [r.priority, r.action, r.match.expr?.expression ?? r.match.config.srcIpRanges.join()]),
      [
        ...CLOUD_ARMOR_WAF_RULE_SETS.map((set, i) => [
          1000 + i,
          "deny(403)",
          `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})`,
        ]),
        [2000, "throttle", "*"],
        [2147483647, "allow", "*"],
      ],
    );
    assert.deepEqual(rules[CLOUD_ARMOR_WAF_RULE_SETS.length].rateLimitOptions, {
      conformAction: "allow",
      exceedAction: "deny(429)",
      enforceOnKey: "IP",
      rateLimitThreshold: { count: DEFAULT_RATE_LIMIT_PER_5_MINUTES, intervalSec: 300 },
    });
  });

  it("negotiates TLS 1.2 or later with the MODERN profile, attached to the Gateway by a GCPGatewayPolicy", () => {
    const policy = one(graph, T.sslPolicy);
    assert.deepEqual([policy.inputs.profile, policy.inputs.minTlsVersion], ["MODERN", "TLS_1_2"]);
    const attachment = one(graph, T.gatewayPolicy);
    assert.equal((attachment.inputs.metadata as any).namespace, "podinfo", "beside the Gateway");
    assert.deepEqual(attachment.inputs.spec, {
      default: { sslPolicy: "secondary-gateway-prod" },
      targetRef: { group: "gateway.networking.k8s.io", kind: "Gateway", name: NAME },
    });
    assert.deepEqual(attachment.propertyDependencies?.spec, [policy.urn]);
  });

  it("answers 404 for every path off the allow-list, forwards the allowed ones, and only redirects on HTTP", () => {
    const routes: HttpRouteView[] = cloudResources(graph)
      .filter((r) => r.type === T.route)
      .map((r) => ({ name: r.name, spec: r.inputs.spec }));
    const https = { gateway: NAME, sectionName: "https" };
    const decide = (p: string, host = "app.example.com") => httpRouteDecision(routes, https, host, p);
    for (const p of ["/panic", "/env", "/readyz/disable", "/healthz", "/healthz/region/", "/VERSION", "/version/"]) {
      assert.deepEqual(decide(p), {
        kind: "fixed",
        status: 404,
        by: `${NAME}/https: no HTTPRoute rule matches`,
      });
    }
    assert.deepEqual(decide("/version"), { kind: "forward", to: "podinfo:80", by: `${NAME} rule 1` });
    assert.deepEqual(decide("/healthz/region"), {
      kind: "forward",
      to: "regional-health/regional-health:8080",
      by: `${NAME} rule 2`,
    });
    assert.equal(decide("/version", "other.example.com").kind, "fixed", "another host matches no route");
    const http = { gateway: NAME, sectionName: "http" };
    for (const p of ["/", "/panic", "/version"]) {
      assert.equal(httpRouteDecision(routes, http, "app.example.com", p).kind, "redirect", p);
    }
  });

  it("fails with one ResourceError listing every GkeGateway problem, with the fix for each", async () => {
    await assert.rejects(render(program("gcp-ingress-invalid.ts")), (err: Error) => {
      assert.ok(err instanceof pulumi.ResourceError, `a ResourceError, got ${err.constructor.name}`);
      assert.equal(
        err.message,
        [
          "GkeGateway secondary-gateway has invalid args (10 problems):",
          '  - `domainName`: got "*.example.com"; the certificate, its DNS authorization and the map entry need one lowercase fully qualified name (no wildcard). Fix: pass the service\'s public name, e.g. "app.example.com"',
          '  - `healthCheckPath`: got "readyz"; a request path starts with "/". Fix: pass "/readyz"',
          '  - `publicPaths[1]`: got "/debug/*"; list exact paths: "*" and "?" are wildcards at the edge. Fix: pass an exact path such as "/api/info" (no wildcard), or drop it',
          "  - `servicePort`: got 0; a Service port is 1 to 65535. Fix: pass an integer from 1 to 65535",
          "  - `drainingTimeoutSeconds`: got 7200; draining lasts 0 to 3600 s. Fix: pass an integer from 0 to 3600",
          '  - `extraRoutes.Regional Health`: key "Regional Health" names Kubernetes objects; it must be a lowercase DNS label of at most 40 characters. Fix: rename the key, e.g. "regional-health"',
          '  - `extraRoutes.Regional Health.path`: "/" is also in publicPaths; an exact path goes to one backend. Fix: drop it from publicPaths or pick another path',
          "  - `extraRoutes.Regional Health.servicePort`: got 70000; a Service port is 1 to 65535. Fix: pass an integer from 1 to 65535",
          '  - `extraRoutes.Regional Health.healthCheckPath`: got "healthz"; a request path starts with "/". Fix: pass "/healthz"',
          '  - `extraRoutes.deep.path`: got "/healthz/*"; list exact paths: "*" and "?" are wildcards at the edge. Fix: pass one exact path such as "/healthz/region"',
        ].join("\n"),
      );
      return true;
    });
  });
});

describe("GKE Gateway routes (pure)", () => {
  it(`puts at most ${MATCHES_PER_RULE} exact paths in a rule, so the longest allow-list fits the HTTPRoute's 16 rules`, () => {
    const many = Array.from({ length: 25 }, (_, i) => `/p${i}`);
    const chunks = pathChunks([...many, "/p0"]);
    assert.deepEqual(
      chunks.map((c) => c.length),
      [8, 8, 8, 1],
    );
  });

  it("prefers an Exact match over a prefix, the longest prefix next, and honours listener and host", () => {
    const routes: HttpRouteView[] = [
      {
        name: "r",
        spec: {
          parentRefs: [{ name: "gw", sectionName: "https" }],
          hostnames: ["a.example.com"],
          rules: [
            { matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: "root", port: 80 }] },
            { matches: [{ path: { type: "PathPrefix", value: "/api" } }], backendRefs: [{ name: "api", port: 80 }] },
            { matches: [{ path: { type: "Exact", value: "/api/x" } }], backendRefs: [{ name: "x", port: 80 }] },
          ],
        },
      },
    ];
    const https = { gateway: "gw", sectionName: "https" };
    const to = (p: string) => {
      const d = httpRouteDecision(routes, https, "a.example.com", p);
      return d.kind === "forward" ? d.to : d.kind;
    };
    assert.deepEqual(["/api/x", "/api/y", "/apix", "/panic"].map(to), ["x:80", "api:80", "root:80", "root:80"]);
    assert.equal(httpRouteDecision(routes, { gateway: "gw", sectionName: "http" }, "a.example.com", "/").kind, "fixed");
    assert.equal(httpRouteDecision(routes, https, "b.example.com", "/").kind, "fixed");
    // A rule without matches matches every path (the Gateway API's default PathPrefix "/").
    const open: HttpRouteView = {
      name: "o",
      spec: { parentRefs: [{ name: "gw" }], rules: [{ backendRefs: [{ name: "s", port: 1 }] }] },
    };
    assert.equal(httpRouteDecision([open], https, "any", "/panic").kind, "forward");
  });
});
