import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROBE_SCRIPT } from "../../../components/resilience";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { render, under, VARIANTS } from "../../harness";

/**
 * The in-cluster drills: load tests and the control-plane probe, on every cluster that serves. Mocks show
 * the manifests the program sends; they cannot show that the images start or that the probe's script
 * reaches the API and CloudWatch (a real cluster does; the runbooks say how to check).
 */

type Pod = any;

const only = (rs: GraphResource[], what: string) => {
  assert.equal(rs.length, 1, `exactly one ${what}`);
  return rs[0];
};
const podOf = (r: GraphResource): Pod =>
  r.type === "kubernetes:batch/v1:CronJob"
    ? (r.inputs.spec as any).jobTemplate.spec.template.spec
    : (r.inputs.spec as any).template.spec;

/** What the restricted Pod Security Standard asks of every container, and requests and limits on each. */
function hardeningProblems(pod: Pod, what: string): string[] {
  const problems: string[] = [];
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${what}: pod runAsNonRoot`);
  if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") problems.push(`${what}: seccomp`);
  for (const c of pod.containers) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${what}/${c.name}: privilege escalation`);
    if (JSON.stringify(sc.capabilities) !== JSON.stringify({ drop: ["ALL"] })) problems.push(`${what}/${c.name}: caps`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${what}/${c.name}: writable root`);
    for (const kind of ["requests", "limits"]) {
      if (!c.resources?.[kind]?.cpu || !c.resources?.[kind]?.memory) problems.push(`${what}/${c.name}: ${kind}`);
    }
    // A version tag for people, the digest for the runtime (the clusters admit nothing else).
    if (!/^[^:@]+(\/[^:@]+)*:[0-9][\w.-]*@sha256:[a-f0-9]{64}$/.test(c.image))
      problems.push(`${what}/${c.name}: image ${c.image} not pinned`);
  }
  return problems;
}

for (const variant of VARIANTS) {
  describe(`resilience: load tests and probes in ${variant.label}`, () => {
    let graph: Graph;
    before(async () => {
      graph = await render(variant.options);
    });
    const sites = () => {
      const out = graph.outputs.resilience as Record<
        string,
        { cloud: string; service: { namespace: string } } | undefined
      >;
      return (["primary", "secondary"] as const).filter((s) => out[s]);
    };

    it("runs the drills in every serving cluster: the primary, and a warm or GKE secondary", () => {
      const serving = variant.label === "dev" ? ["primary"] : ["primary", "secondary"];
      assert.deepEqual(sites(), serving);
      for (const site of serving) {
        assert.ok(
          graph.resources.some((r) => r.name === `${site}-load-tests` && r.type === "platform:resilience:LoadTests"),
        );
        assert.ok(
          graph.resources.some((r) => r.name === `${site}-probe` && r.type === "platform:resilience:ControlPlaneProbe"),
        );
      }
    });

    it("keeps the HTTP load a suspended CronJob and the inflate pods at zero, hardened, with requests and limits", () => {
      for (const site of sites()) {
        const mine = under(graph, `${site}-load-tests`);
        const cron = only(
          mine.filter((r) => r.type === "kubernetes:batch/v1:CronJob"),
          "CronJob",
        );
        const spec = cron.inputs.spec as any;
        assert.equal(spec.suspend, true);
        assert.equal(spec.concurrencyPolicy, "Forbid");
        assert.ok(spec.jobTemplate.spec.activeDeadlineSeconds > 0, "a forgotten run stops");
        const load = podOf(cron);
        assert.equal(load.automountServiceAccountToken, false);
        assert.deepEqual(hardeningProblems(load, `${site} load`), []);
        const service = (graph.outputs.resilience as any)[site].service;
        assert.ok(
          load.containers[0].args.includes(`http://${site}-app.${service.namespace}.svc.cluster.local:80/`),
          "the load goes to the sample service",
        );
        const inflate = only(
          mine.filter((r) => r.type === "kubernetes:apps/v1:Deployment"),
          "inflate",
        );
        assert.equal((inflate.inputs.spec as any).replicas, 0);
        const pause = podOf(inflate);
        assert.deepEqual(hardeningProblems(pause, `${site} inflate`), []);
        assert.deepEqual(pause.containers[0].resources.requests, pause.containers[0].resources.limits);
        assert.match(pause.containers[0].image, /^registry\.k8s\.io\/pause:\d/);
        const ns = only(
          mine.filter((r) => r.type === "kubernetes:core/v1:Namespace"),
          "namespace",
        );
        assert.equal((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"], "restricted");
      }
    });

    it("probes the API with a service account allowed GET /readyz and nothing else, from two pods", () => {
      for (const site of sites()) {
        const mine = under(graph, `${site}-probe`);
        const role = only(
          mine.filter((r) => r.type.endsWith(":ClusterRole")),
          "ClusterRole",
        );
        assert.deepEqual(role.inputs.rules, [{ nonResourceURLs: ["/readyz"], verbs: ["get"] }]);
        const binding = only(
          mine.filter((r) => r.type.endsWith(":ClusterRoleBinding")),
          "binding",
        );
        assert.deepEqual(
          (binding.inputs.subjects as any[]).map((s) => s.name),
          ["control-plane-probe"],
        );
        const sa = only(
          mine.filter((r) => r.type === "kubernetes:core/v1:ServiceAccount"),
          "SA",
        );
        assert.equal(sa.inputs.automountServiceAccountToken, true, "the probe authenticates with its token");
        const deployment = only(
          mine.filter((r) => r.type === "kubernetes:apps/v1:Deployment"),
          "probe",
        );
        assert.equal((deployment.inputs.spec as any).replicas, 2);
        const pod = podOf(deployment);
        assert.equal(pod.serviceAccountName, "control-plane-probe");
        assert.deepEqual(hardeningProblems(pod, `${site} probe`), []);
        assert.deepEqual(pod.containers[0].command, ["/bin/bash", "-c", PROBE_SCRIPT]);
        const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
        const cloud = (graph.outputs.resilience as any)[site].cloud;
        assert.equal(env.PROBE_PUBLISH, cloud === "aws" ? "cloudwatch" : "none");
        assert.equal(env.CLUSTER_NAME, (graph.outputs.resilience as any)[site].clusterName);
      }
    });

    it("publishes EKS results with a Pod Identity role that can only put metrics, and alarms on failures", () => {
      const silenceAlarms = variant.label.startsWith("prod");
      for (const site of sites().filter((s) => (graph.outputs.resilience as any)[s].cloud === "aws")) {
        const mine = under(graph, `${site}-probe`);
        const assoc = only(
          mine.filter((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation"),
          "assoc",
        );
        assert.deepEqual(
          [assoc.inputs.namespace, assoc.inputs.serviceAccount],
          ["control-plane-probe", "control-plane-probe"],
        );
        const trust = JSON.parse(
          String(
            only(
              mine.filter((r) => r.type === "aws:iam/role:Role"),
              "role",
            ).inputs.assumeRolePolicy,
          ),
        );
        assert.deepEqual(trust.Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-service-account"], [
          "control-plane-probe",
        ]);
        const policy = JSON.parse(
          String(
            only(
              mine.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy"),
              "policy",
            ).inputs.policy,
          ),
        );
        assert.deepEqual(policy.Statement, [
          {
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": "Platform/ControlPlane" } },
          },
        ]);
        const alarm = only(
          mine.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm"),
          "alarm",
        );
        assert.equal(alarm.inputs.metricName, "ApiFailures");
        assert.equal(alarm.inputs.namespace, "Platform/ControlPlane");
        assert.deepEqual([alarm.inputs.evaluationPeriods, alarm.inputs.datapointsToAlarm], [5, 3]);
        // Stacks whose nodes sleep at night must not page every night; prod treats silence as failure.
        assert.equal(alarm.inputs.treatMissingData, silenceAlarms ? "breaching" : "missing");
        assert.ok(assoc.provider.endsWith(`::aws-${site}`), "in the site's own region");
      }
    });

    it("turns GKE probe lines into logs-based metrics and an alert policy", () => {
      for (const site of sites().filter((s) => (graph.outputs.resilience as any)[s].cloud === "gcp")) {
        const mine = under(graph, `${site}-probe`);
        const metrics = mine.filter((r) => r.type === "gcp:logging/metric:Metric");
        assert.equal(metrics.length, 2);
        for (const m of metrics) {
          assert.match(String(m.inputs.filter), /jsonPayload\.probe="kube-apiserver"/);
          assert.match(String(m.inputs.filter), /namespace_name="control-plane-probe"/);
        }
        const policy = only(
          mine.filter((r) => r.type === "gcp:monitoring/alertPolicy:AlertPolicy"),
          "policy",
        );
        const conditions = policy.inputs.conditions as any[];
        assert.match(conditions[0].conditionThreshold.filter, /metric\.label\.ok="false"/);
        assert.equal(
          conditions.length,
          variant.label.startsWith("prod") ? 2 : 1,
          "absence alerts only without a schedule",
        );
        assert.ok(policy.provider.endsWith("::gcp-secondary"));
      }
    });
  });
}

describe("resilience: the probe's loop", () => {
  it("prints one JSON line per probe and publishes the minute's counts and latency as one PutMetricData", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(dir, "token"), "token");
    fs.writeFileSync(path.join(dir, "ca.crt"), "ca");
    // A fake API server that answers 200 and 503 in turn, and a fake AWS CLI that records its arguments.
    const counter = path.join(dir, "count");
    fs.writeFileSync(
      path.join(bin, "curl"),
      `#!/bin/bash\nn=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}\n` +
        "if [ $((n % 2)) -eq 0 ]; then printf 200; else printf 503; fi\n",
      { mode: 0o755 },
    );
    const calls = path.join(dir, "aws.log");
    fs.writeFileSync(path.join(bin, "aws"), `#!/bin/bash\nprintf '%s\\n' "$@" >> ${calls}\n`, { mode: 0o755 });
    const run = spawnSync("bash", ["-c", PROBE_SCRIPT], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        SA_DIR: dir,
        KUBERNETES_SERVICE_HOST: "10.100.0.1",
        KUBERNETES_SERVICE_PORT: "443",
        CLUSTER_NAME: "c1",
        PROBE_INTERVAL: "0.2",
        PROBE_TIMEOUT: "1",
        PROBE_PUBLISH: "cloudwatch",
        PROBE_PUBLISH_EVERY: "1",
        METRIC_NAMESPACE: "Platform/ControlPlane",
      },
      // Long enough for two publishes a second apart even on a loaded 2-core runner (2.5 s was not, at times).
      timeout: 4000,
      encoding: "utf8",
    });
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.ok(lines.length >= 4, `probed repeatedly (${lines.length} lines)`);
    assert.deepEqual(
      lines.slice(0, 2).map((l) => [l.probe, l.ok, l.status]),
      [
        ["kube-apiserver", true, "200"],
        ["kube-apiserver", false, "503"],
      ],
    );
    const args = fs.readFileSync(calls, "utf8").split("\n");
    assert.deepEqual(args.slice(0, 4), ["cloudwatch", "put-metric-data", "--namespace", "Platform/ControlPlane"]);
    // Every publish (one per call: 6 arguments); the first may hold a single probe when the loop started late in
    // a second, so the counts are judged over all of them.
    type Datum = { MetricName: string; Value?: number; StatisticValues?: { SampleCount: number } };
    const batches = args
      .map((a, i) => (a === "--metric-data" ? (JSON.parse(args[i + 1]!) as Datum[]) : undefined))
      .filter((d): d is Datum[] => d !== undefined);
    assert.ok(batches.length >= 2, `published ${batches.length} times`);
    for (const data of batches) {
      assert.deepEqual(
        data.map((d) => d.MetricName),
        ["ApiRequests", "ApiFailures", "ApiLatency"],
      );
      assert.equal(data[2]!.StatisticValues?.SampleCount, data[0]!.Value);
    }
    const total = (i: number) => batches.reduce((sum, d) => sum + (d[i]!.Value ?? 0), 0);
    assert.ok(total(1) >= 1 && total(1) < total(0), "failures counted apart from requests");
    // The probe's last child may still be writing its files when the loop is stopped: retry the removal.
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });
});
