import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { podIdentityTrust, policyDocument } from "../aws";
import { physicalName } from "../naming";
import { PROBE_LOG_MARKER } from "./probe-script";

/** The CloudWatch namespace of the EKS probe's metrics. */
export const PROBE_METRIC_NAMESPACE = "Platform/ControlPlane";

/**
 * Where the results go: CloudWatch metrics (sent by the probe, with EKS Pod Identity credentials) and
 * an alarm, or, on GKE, the probe's log lines as Cloud Logging logs-based metrics and an alert policy.
 */
export type ProbeSink =
  | {
      readonly kind: "cloudwatch";
      readonly clusterName: pulumi.Input<string>;
      /** @default no notification */
      readonly alarmTopicArn?: pulumi.Input<string>;
    }
  | {
      readonly kind: "cloud-logging";
      readonly clusterName: pulumi.Input<string>;
      /** Cloud Monitoring notification channel ids. @default none (the incident shows in the console) */
      readonly notificationChannels?: pulumi.Input<string>[];
    };

/** A Pod Identity role for the probe's service account only, allowed to put metrics in one namespace. */
export function grantPutMetricData(
  parent: pulumi.Resource,
  name: string,
  clusterName: pulumi.Input<string>,
  namespace: string,
  serviceAccount: string,
): aws.eks.PodIdentityAssociation {
  const opts = { parent };
  const role = new aws.iam.Role(name, { assumeRolePolicy: podIdentityTrust({ namespace, serviceAccount }) }, opts);
  new aws.iam.RolePolicy(
    name,
    {
      role: role.id,
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: "cloudwatch:PutMetricData",
          // PutMetricData has no resource ARN; the namespace condition is its scope.
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": PROBE_METRIC_NAMESPACE } },
        },
      ]),
    },
    opts,
  );
  return new aws.eks.PodIdentityAssociation(name, { clusterName, namespace, serviceAccount, roleArn: role.arn }, opts);
}

/**
 * Failures in `failingMinutes` of the last 5 minutes. With `alarmOnSilence` a silent probe counts as
 * failing: availability that is not measured is not known, and FIS will not start an experiment while
 * a stop alarm fires.
 */
export function createProbeAlarm(
  parent: pulumi.Resource,
  name: string,
  clusterName: pulumi.Input<string>,
  failingMinutes: number,
  alarmOnSilence: boolean,
  topicArn?: pulumi.Input<string>,
): aws.cloudwatch.MetricAlarm {
  const topic = topicArn ? [topicArn] : [];
  return new aws.cloudwatch.MetricAlarm(
    `${name}-api`,
    {
      name: physicalName(`${name}-api`, pulumi.getStack(), 255),
      alarmDescription: `Kubernetes API probes failed in ${failingMinutes} of the last 5 minutes, or stopped reporting`,
      namespace: PROBE_METRIC_NAMESPACE,
      metricName: "ApiFailures",
      dimensions: { ClusterName: clusterName },
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: failingMinutes,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: alarmOnSilence ? "breaching" : "missing",
      alarmActions: topic,
      okActions: topic,
    },
    { parent },
  );
}

/** Logs-based metrics from the probe's JSON lines (results by `ok`, latency), and an alert policy on them. */
export function createProbeAlertPolicy(
  parent: pulumi.Resource,
  name: string,
  sink: Extract<ProbeSink, { kind: "cloud-logging" }>,
  namespace: string,
  failingMinutes: number,
  alarmOnSilence: boolean,
): [gcp.monitoring.AlertPolicy, pulumi.Output<string>] {
  const opts = { parent };
  const base = physicalName(name, pulumi.getStack(), 90);
  const filter = pulumi.interpolate`resource.type="k8s_container" AND resource.labels.cluster_name="${sink.clusterName}" AND resource.labels.namespace_name="${namespace}" AND jsonPayload.${PROBE_LOG_MARKER.field}="${PROBE_LOG_MARKER.value}"`;
  const results = new gcp.logging.Metric(
    `${name}-results`,
    {
      name: `${base}-results`,
      description: "Kubernetes API probe results, by ok (true or false)",
      filter,
      metricDescriptor: {
        metricKind: "DELTA",
        valueType: "INT64",
        unit: "1",
        labels: [{ key: "ok", valueType: "STRING", description: "Whether /readyz answered 200 in time" }],
      },
      labelExtractors: { ok: "EXTRACT(jsonPayload.ok)" },
    },
    opts,
  );
  new gcp.logging.Metric(
    `${name}-latency`,
    {
      name: `${base}-latency`,
      description: "Kubernetes API probe latency",
      filter,
      metricDescriptor: { metricKind: "DELTA", valueType: "DISTRIBUTION", unit: "ms" },
      valueExtractor: "EXTRACT(jsonPayload.latency_ms)",
      // 1 ms to about 32 s.
      bucketOptions: { exponentialBuckets: { numFiniteBuckets: 16, growthFactor: 2, scale: 1 } },
    },
    opts,
  );
  const metricType = pulumi.interpolate`metric.type="logging.googleapis.com/user/${results.name}" AND resource.type="k8s_container"`;
  const perMinute = [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" }];
  const policy = new gcp.monitoring.AlertPolicy(
    name,
    {
      displayName: pulumi.interpolate`Kubernetes API probe: ${sink.clusterName}`,
      combiner: "OR",
      severity: "ERROR",
      conditions: [
        {
          displayName: `API probes failing for ${failingMinutes} minutes`,
          conditionThreshold: {
            filter: pulumi.interpolate`${metricType} AND metric.label.ok="false"`,
            comparison: "COMPARISON_GT",
            thresholdValue: 0,
            duration: `${failingMinutes * 60}s`,
            aggregations: perMinute,
            trigger: { count: 1 },
          },
        },
        ...(alarmOnSilence
          ? [
              {
                displayName: "API probe silent for 5 minutes",
                conditionAbsent: {
                  filter: metricType,
                  duration: "300s",
                  aggregations: perMinute,
                  trigger: { count: 1 },
                },
              },
            ]
          : []),
      ],
      alertStrategy: { autoClose: "1800s" },
      documentation: {
        content: "The in-cluster Kubernetes API probe is failing or silent. See docs/runbooks/control-plane.md.",
        mimeType: "text/markdown",
      },
      notificationChannels: sink.notificationChannels ?? [],
    },
    // The condition names the metric type, which exists only once the metric does.
    { parent, dependsOn: [results] },
  );
  return [policy, results.name];
}
