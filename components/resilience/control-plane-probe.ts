import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { regionOf } from "../aws";
import {
  looseSpread,
  RESTRICTED_NAMESPACE_LABELS,
  restrictedContainerSecurity,
  restrictedPodSecurity,
} from "../kubernetes/pod-security";
import { pinnedReference, PLATFORM_IMAGES } from "../kubernetes/images";
import { PROBE_SCRIPT } from "./probe-script";
import {
  createProbeAlarm,
  createProbeAlertPolicy,
  grantPutMetricData,
  PROBE_METRIC_NAMESPACE,
  ProbeSink,
} from "./probe-sinks";

/** bash, coreutils, curl and the AWS CLI (with EKS Pod Identity support) in one pinned image. */
export const DEFAULT_PROBE_IMAGE = pinnedReference(PLATFORM_IMAGES.awsCli);

/**
 * Arguments of {@link ControlPlaneProbe}. Pass `providers: { kubernetes, aws }` (CloudWatch) or
 * `providers: { kubernetes, gcp }` (Cloud Logging) in opts.
 */
export interface ControlPlaneProbeArgs {
  readonly sink: ProbeSink;
  /** Seconds between probes in each pod. @default 5 */
  readonly intervalSeconds?: number;
  /** Seconds a probe may take before it counts as failed. @default 2 */
  readonly timeoutSeconds?: number;
  /** Probe pods, spread over zones, so losing one AZ leaves one measuring. @default 2 */
  readonly replicas?: number;
  /** The alarm fires when probes fail in this many minutes (EKS: of the last 5; GKE: in a row). @default 3 */
  readonly failingMinutes?: number;
  /**
   * Whether a probe that stops reporting alarms (CloudWatch: missing data is breaching; GKE: an absence
   * condition) rather than showing "insufficient data". Turn it off where nodes are scaled to zero on a
   * schedule, so every night does not page; the runbook then checks the alarm is OK before a drill.
   * @default true
   */
  readonly alarmOnSilence?: boolean;
  /** @default {@link DEFAULT_PROBE_IMAGE} */
  readonly image?: string;
  /** The namespace the component creates. @default the component's name */
  readonly namespace?: string;
}

/**
 * ControlPlaneProbe measures what the notes call "master HA" from where workloads see it: pods in the
 * cluster call the API server's `/readyz` at a steady rate (a service account allowed that one URL and
 * nothing else) and report success and latency, with an alarm when probes keep failing or go silent.
 * Run it through AZ drills and control-plane upgrades; the runbook computes availability from it.
 */
export class ControlPlaneProbe extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly deploymentName: pulumi.Output<string>;
  /** The CloudWatch alarm (EKS) or the Cloud Monitoring alert policy's display name (GKE). */
  public readonly alarmName: pulumi.Output<string>;
  /** CloudWatch namespace (EKS) or the logs-based metric of probe results (GKE). */
  public readonly metric: pulumi.Output<string>;
  /** The CloudWatch alarm's ARN (EKS), for FIS stop conditions. */
  public readonly alarmArn?: pulumi.Output<string>;

  constructor(name: string, args: ControlPlaneProbeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:resilience:ControlPlaneProbe", name, {}, opts);
    const interval = args.intervalSeconds ?? 5;
    const timeout = args.timeoutSeconds ?? 2;
    const replicas = args.replicas ?? 2;
    const failingMinutes = args.failingMinutes ?? 3;
    const alarmOnSilence = args.alarmOnSilence ?? true;
    const namespaceName = args.namespace ?? name;
    const serviceAccountName = "control-plane-probe";
    const parent = { parent: this };
    const sink = args.sink;
    if (timeout >= interval || failingMinutes < 1 || failingMinutes > 5) {
      throw new pulumi.ResourceError(
        `ControlPlaneProbe ${name}: timeoutSeconds (${timeout}) must be below intervalSeconds (${interval}) ` +
          `and failingMinutes (${failingMinutes}) between 1 and 5`,
        this,
      );
    }

    const namespace = new k8s.core.v1.Namespace(
      name,
      { metadata: { name: namespaceName, labels: { ...RESTRICTED_NAMESPACE_LABELS } } },
      parent,
    );
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      name,
      // The probe authenticates to the API with this account's token, so it is mounted.
      {
        metadata: { name: serviceAccountName, namespace: namespace.metadata.name },
        automountServiceAccountToken: true,
      },
      parent,
    );
    // Least privilege: GET on the /readyz URL, no resource at all.
    const clusterRole = new k8s.rbac.v1.ClusterRole(
      name,
      { metadata: { name }, rules: [{ nonResourceURLs: ["/readyz"], verbs: ["get"] }] },
      parent,
    );
    new k8s.rbac.v1.ClusterRoleBinding(
      name,
      {
        metadata: { name },
        subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: namespace.metadata.name }],
        roleRef: { kind: "ClusterRole", name: clusterRole.metadata.name, apiGroup: "rbac.authorization.k8s.io" },
      },
      parent,
    );

    const env: Record<string, pulumi.Input<string>> = {
      CLUSTER_NAME: sink.clusterName,
      PROBE_INTERVAL: String(interval),
      PROBE_TIMEOUT: String(timeout),
      PROBE_PUBLISH: sink.kind === "cloudwatch" ? "cloudwatch" : "none",
      // Twice a minute, so every one-minute period gets data from every pod.
      PROBE_PUBLISH_EVERY: "30",
      METRIC_NAMESPACE: PROBE_METRIC_NAMESPACE,
      // The root filesystem is read-only; the AWS CLI keeps anything it writes under HOME.
      HOME: "/tmp",
      AWS_PAGER: "",
    };
    const credentials: pulumi.Resource[] = [];
    if (sink.kind === "cloudwatch") {
      env.AWS_REGION = regionOf(this);
      credentials.push(grantPutMetricData(this, name, sink.clusterName, namespaceName, serviceAccountName));
    }

    const labels = { "app.kubernetes.io/name": "control-plane-probe", "app.kubernetes.io/part-of": name };
    const deployment = new k8s.apps.v1.Deployment(
      name,
      {
        metadata: { name: "control-plane-probe", namespace: namespace.metadata.name, labels },
        spec: {
          replicas,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: serviceAccount.metadata.name,
              securityContext: restrictedPodSecurity(),
              topologySpreadConstraints: looseSpread(labels),
              terminationGracePeriodSeconds: 5,
              containers: [
                {
                  name: "probe",
                  image: args.image ?? DEFAULT_PROBE_IMAGE,
                  command: ["/bin/bash", "-c", PROBE_SCRIPT],
                  env: Object.entries(env).map(([n, value]) => ({ name: n, value })),
                  resources: {
                    requests: { cpu: "50m", memory: "128Mi" },
                    limits: { cpu: "250m", memory: "256Mi" },
                  },
                  securityContext: restrictedContainerSecurity(),
                  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
              ],
              volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
            },
          },
        },
      },
      { parent: this, dependsOn: credentials },
    );

    if (sink.kind === "cloudwatch") {
      const alarm = createProbeAlarm(this, name, sink.clusterName, failingMinutes, alarmOnSilence, sink.alarmTopicArn);
      this.alarmName = alarm.name;
      this.alarmArn = alarm.arn;
      this.metric = pulumi.output(PROBE_METRIC_NAMESPACE);
    } else {
      const [policy, metric] = createProbeAlertPolicy(this, name, sink, namespaceName, failingMinutes, alarmOnSilence);
      this.alarmName = policy.displayName;
      this.metric = metric;
    }
    this.namespace = namespace.metadata.name;
    this.deploymentName = deployment.metadata.name;
    this.registerOutputs({
      namespace: this.namespace,
      deploymentName: this.deploymentName,
      alarmName: this.alarmName,
      metric: this.metric,
    });
  }
}
