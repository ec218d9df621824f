import * as assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { renderStack } from "../../../tools/offline/render";
import { replicaProblems } from "../../../components/workload";
import { render, under } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * SampleService rendered from tests/programs/workload.ts (prod-like: 3 to 12 replicas, explicit
 * k8s-primary provider, ordered after a LoadBalancerController) under the mock engine, plus its validation.
 *
 * What mocks cannot prove: that the controller accepts the TargetGroupBinding (its webhook validates the
 * target group ARN, VPC and type against AWS) and can open the pods' security group to the ALB's; that the
 * CRD exists when the binding is created (on a fresh cluster `pulumi preview` may not know the kind yet);
 * that the scheduler finds nodes in every zone for the spread; that metrics-server feeds the
 * HPA; that the podinfo image runs as the numeric user with a read-only root filesystem; and that the API
 * server accepts these shapes. tsc against @pulumi/kubernetes checks field names and types only.
 */

const PROGRAM = path.join(TESTS_DIR, "programs", "workload.ts");
const K8S_PROVIDER = /::pulumi:providers:kubernetes::k8s-primary$/;
const LABELS = { "app.kubernetes.io/name": "podinfo", "app.kubernetes.io/managed-by": "pulumi" };
const SELECTOR = { matchLabels: { "app.kubernetes.io/name": "podinfo" } };

const typeNames = (resources: GraphResource[]) => resources.map((r) => `${r.type}::${r.name}`).sort();

function one(resources: GraphResource[], type: string): GraphResource {
  const found = resources.filter((r) => r.type === type);
  assert.equal(found.length, 1, `exactly one ${type}`);
  return found[0];
}

describe("workload: SampleService (prod-like program)", function () {
  this.timeout(60000);
  let graph: Graph;
  let service: GraphResource[];
  const spec = (type: string) => one(service, type).inputs.spec as any;
  before(async () => {
    graph = await render({ stack: "prod", program: PROGRAM });
    service = under(graph, "podinfo");
  });

  it("builds exactly a namespace, service account, deployment, service, HPA, PDB and TargetGroupBinding", () => {
    assert.deepEqual(typeNames(service), [
      "kubernetes:apps/v1:Deployment::podinfo",
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler::podinfo",
      "kubernetes:core/v1:Namespace::podinfo",
      "kubernetes:core/v1:Service::podinfo",
      "kubernetes:core/v1:ServiceAccount::podinfo",
      "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding::podinfo",
      "kubernetes:policy/v1:PodDisruptionBudget::podinfo",
    ]);
  });

  it("registers the same (type, name) set under another stack name", async () => {
    const renamed = await render({ stack: "prod", stackName: "prod-copy", program: PROGRAM });
    assert.deepEqual(typeNames(under(renamed, "podinfo")), typeNames(service));
  });

  it("places every object through the k8s-primary provider, never a default", () => {
    for (const r of service) {
      assert.notEqual(r.provider, "", r.urn);
      assert.match(r.provider, K8S_PROVIDER, r.urn);
    }
  });

  it("labels the namespace for the controller's pod readiness gates", () => {
    assert.deepEqual(one(service, "kubernetes:core/v1:Namespace").inputs.metadata, {
      name: "podinfo",
      labels: { ...LABELS, "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" },
    });
  });

  it("starts at minReplicas, leaves the count to the HPA afterwards, and surges during rollouts", () => {
    const deployment = one(service, "kubernetes:apps/v1:Deployment");
    const s = deployment.inputs.spec as any;
    assert.equal(s.replicas, 3);
    assert.deepEqual(deployment.ignoreChanges, ["spec.replicas"]);
    assert.deepEqual(s.selector, SELECTOR);
    assert.deepEqual(s.strategy, { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } });
  });

  it("probes readiness on /readyz and liveness on /healthz, with requests and limits", () => {
    const [container] = spec("kubernetes:apps/v1:Deployment").template.spec.containers;
    assert.equal(container.image, "ghcr.io/stefanprodan/podinfo:6.9.2");
    assert.deepEqual(container.ports, [{ name: "http", containerPort: 9898, protocol: "TCP" }]);
    assert.deepEqual(container.readinessProbe, {
      httpGet: { path: "/readyz", port: "http" },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
    });
    assert.deepEqual(container.livenessProbe, {
      httpGet: { path: "/healthz", port: "http" },
      initialDelaySeconds: 5,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
    });
    assert.deepEqual(container.resources, {
      requests: { cpu: "100m", memory: "64Mi" },
      limits: { cpu: "500m", memory: "128Mi" },
    });
    assert.deepEqual(container.lifecycle, { preStop: { sleep: { seconds: 15 } } });
  });

  it("runs non-root with a read-only root filesystem, no capabilities and the runtime's seccomp profile", () => {
    const pod = spec("kubernetes:apps/v1:Deployment").template.spec;
    assert.deepEqual(pod.securityContext, {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.deepEqual(pod.containers[0].securityContext, {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(pod.serviceAccountName, "podinfo");
    assert.equal(pod.terminationGracePeriodSeconds, 45);
  });

  it("spreads pods strictly over the usable zones and loosely over nodes", () => {
    assert.deepEqual(spec("kubernetes:apps/v1:Deployment").template.spec.topologySpreadConstraints, [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "DoNotSchedule",
        nodeTaintsPolicy: "Honor",
        labelSelector: SELECTOR,
        matchLabelKeys: ["pod-template-hash"],
      },
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: SELECTOR,
        matchLabelKeys: ["pod-template-hash"],
      },
    ]);
  });

  it("exposes the pods through a ClusterIP Service on port 80", () => {
    assert.deepEqual(spec("kubernetes:core/v1:Service"), {
      type: "ClusterIP",
      selector: SELECTOR.matchLabels,
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    });
  });

  it("autoscales the Deployment on CPU between 3 and 12, scaling in slowly and out fast", () => {
    assert.deepEqual(spec("kubernetes:autoscaling/v2:HorizontalPodAutoscaler"), {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "podinfo" },
      minReplicas: 3,
      maxReplicas: 12,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      ],
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 300,
          policies: [{ type: "Percent", value: 50, periodSeconds: 60 }],
          selectPolicy: "Max",
        },
        scaleUp: {
          stabilizationWindowSeconds: 0,
          policies: [
            { type: "Percent", value: 100, periodSeconds: 15 },
            { type: "Pods", value: 4, periodSeconds: 15 },
          ],
          selectPolicy: "Max",
        },
      },
    });
  });

  it("budgets one voluntary disruption at a time, which never blocks every eviction at the HPA's floor", () => {
    const pdb = spec("kubernetes:policy/v1:PodDisruptionBudget");
    assert.deepEqual(pdb, { maxUnavailable: 1, selector: SELECTOR, unhealthyPodEvictionPolicy: "AlwaysAllow" });
    const hpa = spec("kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
    // Evictions allowed with every pod healthy at the smallest size the HPA allows.
    assert.ok(Math.min(pdb.maxUnavailable, hpa.minReplicas) >= 1);
    // The budget covers exactly the pods the HPA scales.
    assert.deepEqual(pdb.selector, spec("kubernetes:apps/v1:Deployment").selector);
  });

  it("binds the Service to the ALB target group by pod IP, opening the pod port to the ALB's security group", () => {
    const binding = one(service, "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding");
    assert.equal(binding.inputs.apiVersion, "elbv2.k8s.aws/v1beta1");
    assert.equal(binding.inputs.kind, "TargetGroupBinding");
    assert.deepEqual(binding.inputs.metadata, { name: "podinfo", namespace: "podinfo", labels: LABELS });
    assert.deepEqual(binding.inputs.spec, {
      serviceRef: { name: "podinfo", port: 80 },
      targetGroupARN:
        "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/primary-alb/0123456789abcdef",
      targetType: "ip",
      networking: {
        ingress: [
          { from: [{ securityGroup: { groupID: "sg-0a1b2c3d4e5f60718" } }], ports: [{ protocol: "TCP", port: 9898 }] },
        ],
      },
    });
  });

  it("creates the binding and the pods only after the controller's Helm release (CRDs and webhooks)", () => {
    const release = graph.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release")!;
    const binding = one(service, "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding");
    assert.ok(binding.dependsOn.includes(release.urn));
    assert.ok(binding.dependsOn.includes(one(service, "kubernetes:core/v1:Service").urn));
    assert.ok(one(service, "kubernetes:apps/v1:Deployment").dependsOn.includes(release.urn));
  });

  it("exposes the namespace and the names of its Service, Deployment and HPA", () => {
    assert.deepEqual(graph.outputs.workload, {
      namespace: "podinfo",
      serviceName: "podinfo",
      deploymentName: "podinfo",
      hpaName: "podinfo",
    });
  });
});

describe("workload: SampleService exposed to a GKE Gateway (tests/programs/gcp-ingress.ts)", function () {
  this.timeout(60000);

  it("builds no TargetGroupBinding, no readiness-gate label and no Service annotation: the Gateway finds the Service by name", async () => {
    const graph = await render({ stack: "prod", program: path.join(TESTS_DIR, "programs", "gcp-ingress.ts") });
    const service = under(graph, "podinfo");
    assert.deepEqual(typeNames(service), [
      "kubernetes:apps/v1:Deployment::podinfo",
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler::podinfo",
      "kubernetes:core/v1:Namespace::podinfo",
      "kubernetes:core/v1:Service::podinfo",
      "kubernetes:core/v1:ServiceAccount::podinfo",
      "kubernetes:policy/v1:PodDisruptionBudget::podinfo",
    ]);
    assert.deepEqual((one(service, "kubernetes:core/v1:Namespace").inputs.metadata as any).labels, LABELS);
    const metadata = one(service, "kubernetes:core/v1:Service").inputs.metadata as any;
    assert.deepEqual([metadata.name, metadata.annotations], ["podinfo", undefined]);
  });
});

describe("workload: SampleService validation", function () {
  this.timeout(60000);
  const valid = { minReplicas: 3, maxReplicas: 12 };

  it("accepts a floor of 1 up to the ceiling", () => {
    assert.deepEqual(replicaProblems(valid), []);
    assert.deepEqual(replicaProblems({ minReplicas: 1, maxReplicas: 1 }), []);
  });

  const cases: [string, typeof valid, string[]][] = [
    [
      "minReplicas below 1",
      { ...valid, minReplicas: 0 },
      ["`minReplicas`: got 0; the HPA cannot scale a Deployment to zero. Fix: set minReplicas to a whole number >= 1"],
    ],
    [
      "minReplicas above maxReplicas",
      { ...valid, minReplicas: 6, maxReplicas: 3 },
      [
        "`minReplicas`: got 6, above `maxReplicas` (3); the HPA rejects min > max. Fix: lower minReplicas to at most 3 or raise maxReplicas to at least 6",
      ],
    ],
    [
      "a fractional floor",
      { ...valid, minReplicas: 2.5 },
      [
        "`minReplicas`: got 2.5; the HPA cannot scale a Deployment to zero. Fix: set minReplicas to a whole number >= 1",
      ],
    ],
    [
      "every problem at once",
      { minReplicas: 0, maxReplicas: 0 },
      [
        "`minReplicas`: got 0; the HPA cannot scale a Deployment to zero. Fix: set minReplicas to a whole number >= 1",
        "`maxReplicas`: got 0; the HPA needs at least one replica. Fix: set maxReplicas to a whole number >= 1",
      ],
    ],
  ];
  for (const [label, settings, expected] of cases) {
    it(`fails on ${label}, naming the argument, the value and the fix`, () => {
      assert.deepEqual(replicaProblems(settings), expected);
    });
  }

  it("fails with a ResourceError when a program asks for minReplicas above maxReplicas", async () => {
    await assert.rejects(
      renderStack({ stack: "prod", program: path.join(TESTS_DIR, "programs", "workload-invalid.ts") }),
      (err: Error) => {
        assert.ok(err instanceof pulumi.ResourceError);
        assert.equal(
          err.message,
          [
            "SampleService podinfo is invalid (1 problem):",
            "  - `minReplicas`: got 6, above `maxReplicas` (3); the HPA rejects min > max. Fix: lower minReplicas to at most 3 or raise maxReplicas to at least 6",
          ].join("\n"),
        );
        return true;
      },
    );
  });
});
