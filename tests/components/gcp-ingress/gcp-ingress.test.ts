import * as assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { gkeServiceAnnotations } from "../../../components/gcp-ingress";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { RenderOptions } from "../../../tools/offline/render";
import { render, under } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * The Google Cloud site's entry point (GkeServiceIngress) rendered under the mock engine with an explicit
 * `gcp-secondary` provider and a Kubernetes provider whose kubeconfig is a dummy, and a program with four
 * mistakes.
 *
 * What mocks cannot prove: that the GKE Ingress controller builds the load balancer from these objects
 * (the CRDs' field names are checked against GKE's documentation, not by tsc: custom resources are
 * untyped); that Google issues the managed certificate (it needs the domain to resolve to the address
 * first, which Route 53's failover record does not do while the primary is healthy); that the Service
 * carries the annotations (the Service is the workload's; only the annotation map is asserted); that the
 * load balancer reaches the pods through NEGs and passes the health check.
 */

const program = (file: string): RenderOptions => ({ stack: "prod", program: path.join(TESTS_DIR, "programs", file) });
const PROD = program("gcp-ingress.ts");

const typeNames = (rs: GraphResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();

function one(g: Graph, type: string): GraphResource {
  const found = under(g, "secondary-ingress").filter((r) => r.type === type);
  assert.equal(found.length, 1, `exactly one ${type}`);
  return found[0];
}

const providerUrn = (g: Graph, name: string) => g.resources.find((r) => r.custom && r.name === name)!.urn;

describe("GKE service ingress (Google Cloud secondary)", () => {
  let graph: Graph;
  before(async () => {
    graph = await render(PROD);
  });

  it("registers exactly these resources: GCP ones on gcp-secondary, Kubernetes ones on the cluster's provider", async () => {
    const resources = under(graph, "secondary-ingress");
    assert.deepEqual(typeNames(resources), [
      "gcp:compute/globalAddress:GlobalAddress::secondary-ingress",
      "gcp:compute/sSLPolicy:SSLPolicy::secondary-ingress",
      "kubernetes:cloud.google.com/v1:BackendConfig::secondary-ingress",
      "kubernetes:networking.gke.io/v1:ManagedCertificate::secondary-ingress",
      "kubernetes:networking.gke.io/v1beta1:FrontendConfig::secondary-ingress",
      "kubernetes:networking.k8s.io/v1:Ingress::secondary-ingress",
    ]);
    for (const r of resources) {
      assert.notEqual(r.provider, "", `${r.name} uses a default provider`);
      const expected = r.type.startsWith("gcp:") ? "gcp-secondary" : "k8s-secondary";
      assert.equal(r.provider, providerUrn(graph, expected), `${r.type} is on ${expected}`);
    }
    const staging = await render({ ...PROD, stackName: "staging" });
    assert.deepEqual(typeNames(under(staging, "secondary-ingress")), typeNames(resources));
  });

  it("reserves a global static IPv4 address whose IP Route 53 can point at", () => {
    assert.deepEqual(one(graph, "gcp:compute/globalAddress:GlobalAddress").inputs, {
      name: "secondary-ingress-prod",
      description: "app.example.com on the Google Cloud site (prod)",
      addressType: "EXTERNAL",
      ipVersion: "IPV4",
    });
    assert.deepEqual(graph.outputs.secondaryIngress, {
      ipAddress: "203.0.113.10",
      addressName: "secondary-ingress-prod",
      ingressName: "secondary-ingress",
      backendConfigName: "secondary-ingress",
      serviceAnnotations: {
        "cloud.google.com/neg": '{"ingress": true}',
        "cloud.google.com/backend-config": '{"default":"secondary-ingress"}',
      },
    });
  });

  it("annotates a gce Ingress with the static IP, the managed certificate and the FrontendConfig, routing only the allowed paths to the Service", () => {
    const ingress = one(graph, "kubernetes:networking.k8s.io/v1:Ingress");
    const metadata = ingress.inputs.metadata as Record<string, any>;
    assert.equal(metadata.namespace, "podinfo");
    assert.deepEqual(metadata.annotations, {
      "kubernetes.io/ingress.class": "gce",
      "kubernetes.io/ingress.global-static-ip-name": "secondary-ingress-prod",
      "networking.gke.io/managed-certificates": "secondary-ingress",
      "networking.gke.io/v1beta1.FrontendConfig": "secondary-ingress",
      "kubernetes.io/ingress.allow-http": "true",
    });
    assert.deepEqual(ingress.inputs.spec, {
      rules: [
        {
          host: "app.example.com",
          http: {
            // Exact paths and no defaultBackend: every other path gets GKE's default-http-backend (404).
            paths: ["/", "/version", "/api/info", "/readyz"].map((p) => ({
              path: p,
              pathType: "Exact",
              backend: { service: { name: "podinfo", port: { number: 80 } } },
            })),
          },
        },
      ],
    });
    for (const type of [
      "gcp:compute/globalAddress:GlobalAddress",
      "kubernetes:networking.gke.io/v1:ManagedCertificate",
      "kubernetes:networking.gke.io/v1beta1:FrontendConfig",
      "kubernetes:cloud.google.com/v1:BackendConfig",
    ]) {
      assert.ok(ingress.dependsOn.includes(one(graph, type).urn), `the Ingress waits for the ${type}`);
    }
  });

  it("asks Google for a managed certificate for exactly the domain", () => {
    const certificate = one(graph, "kubernetes:networking.gke.io/v1:ManagedCertificate");
    assert.equal(certificate.inputs.apiVersion, "networking.gke.io/v1");
    assert.deepEqual(certificate.inputs.spec, { domains: ["app.example.com"] });
  });

  it("redirects HTTP to HTTPS and negotiates TLS 1.2 or later with the MODERN profile", () => {
    const policy = one(graph, "gcp:compute/sSLPolicy:SSLPolicy");
    assert.deepEqual([policy.inputs.profile, policy.inputs.minTlsVersion], ["MODERN", "TLS_1_2"]);
    const frontend = one(graph, "kubernetes:networking.gke.io/v1beta1:FrontendConfig");
    assert.equal(frontend.inputs.apiVersion, "networking.gke.io/v1beta1");
    assert.deepEqual(frontend.inputs.spec, {
      sslPolicy: "secondary-ingress-prod",
      redirectToHttps: { enabled: true, responseCodeName: "MOVED_PERMANENTLY_DEFAULT" },
    });
  });

  it("health-checks the pods on the readiness path and drains connections of removed pods", () => {
    const backend = one(graph, "kubernetes:cloud.google.com/v1:BackendConfig");
    assert.equal(backend.inputs.apiVersion, "cloud.google.com/v1");
    assert.deepEqual(backend.inputs.spec, {
      healthCheck: {
        type: "HTTP",
        requestPath: "/readyz",
        checkIntervalSec: 10,
        timeoutSec: 5,
        healthyThreshold: 1,
        unhealthyThreshold: 3,
      },
      connectionDraining: { drainingTimeoutSec: 60 },
      timeoutSec: 30,
      logging: { enable: true, sampleRate: 1 },
    });
  });

  it("gives the wiring the Service annotations for container-native load balancing and the BackendConfig", () => {
    assert.deepEqual(gkeServiceAnnotations("web"), {
      "cloud.google.com/neg": '{"ingress": true}',
      "cloud.google.com/backend-config": '{"default":"web"}',
    });
    assert.deepEqual(JSON.parse(gkeServiceAnnotations("web")["cloud.google.com/neg"]), { ingress: true });
  });

  it("fails with one ResourceError listing every GkeServiceIngress problem, with the fix for each", async () => {
    await assert.rejects(render(program("gcp-ingress-invalid.ts")), (err: Error) => {
      assert.ok(err instanceof pulumi.ResourceError, `a ResourceError, got ${err.constructor.name}`);
      assert.equal(
        err.message,
        [
          "GkeServiceIngress secondary-ingress has invalid args (4 problems):",
          '  - `domainName`: got "*.example.com"; a managed certificate needs one lowercase fully qualified name (no wildcard). Fix: pass the service\'s public name, e.g. "app.example.com"',
          '  - `healthCheckPath`: got "readyz"; a request path starts with "/". Fix: pass "/readyz"',
          '  - `publicPaths[1]`: got "/debug/*"; list exact paths: "*" and "?" are wildcards at the edge. Fix: pass an exact path such as "/api/info" (no wildcard), or drop it',
          "  - `servicePort`: got 0; a Service port is 1 to 65535. Fix: pass an integer from 1 to 65535",
        ].join("\n"),
      );
      return true;
    });
  });
});
