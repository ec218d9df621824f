import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { AwsSite, GcpSite } from "../components";
import { AlarmTopic, NotificationChannels } from "../components/alarms";
import { ControlPlaneProbe, LoadTests } from "../components/resilience";
import { SampleService } from "../components/workload";
import { StackConfig } from "../config";
import { alarmSubscribers } from "./site-args";

/** Fixed namespaces, so every cluster's drills are started with the same kubectl commands. */
const LOAD_TEST_NAMESPACE = "load-tests";
const PROBE_NAMESPACE = "control-plane-probe";

/** The drills of one serving cluster: its load tests and control-plane probe, when the config turns them on. */
export interface ClusterDrills {
  readonly cloud: string;
  readonly clusterName: pulumi.Output<string>;
  readonly service: SampleService;
  readonly loadTests?: LoadTests;
  readonly probe?: ControlPlaneProbe;
}

/** The drills of an EKS site that serves (the primary, or an AWS secondary); none when it does not. */
export function eksDrills(
  name: string,
  cfg: StackConfig,
  site: AwsSite,
  provider: aws.Provider,
): ClusterDrills | undefined {
  if (!site.cluster || !site.service) {
    return undefined;
  }
  const opts = { providers: { aws: provider, kubernetes: site.cluster.provider }, dependsOn: site.nodeGroups };
  const r = cfg.resilience;
  return {
    cloud: "aws",
    clusterName: site.cluster.clusterName,
    service: site.service,
    loadTests: r.loadTests ? loadTests(name, site.service, opts) : undefined,
    probe: r.controlPlaneProbe
      ? new ControlPlaneProbe(
          `${name}-probe`,
          {
            sink: {
              kind: "cloudwatch",
              clusterName: site.cluster.clusterName,
              alarmTopicArn: site.alarms?.topicArn ?? probeTopic(name, cfg, provider),
            },
            namespace: PROBE_NAMESPACE,
            alarmOnSilence: alarmOnSilence(cfg),
          },
          opts,
        )
      : undefined,
  };
}

/** The drills of a GKE site that serves; none when it does not. */
export function gkeDrills(
  name: string,
  cfg: StackConfig,
  site: GcpSite,
  provider: gcp.Provider,
): ClusterDrills | undefined {
  if (!site.cluster || !site.service) {
    return undefined;
  }
  const opts = { providers: { gcp: provider, kubernetes: site.cluster.provider }, dependsOn: [site.cluster.nodePool] };
  const r = cfg.resilience;
  return {
    cloud: "gcp",
    clusterName: site.cluster.clusterName,
    service: site.service,
    loadTests: r.loadTests ? loadTests(name, site.service, opts) : undefined,
    probe: r.controlPlaneProbe
      ? new ControlPlaneProbe(
          `${name}-probe`,
          {
            sink: {
              kind: "cloud-logging",
              clusterName: site.cluster.clusterName,
              notificationChannels: pages(cfg)
                ? new NotificationChannels(`${name}-alarm-channels`, alarmSubscribers(cfg), { provider }).channelNames
                : undefined,
            },
            namespace: PROBE_NAMESPACE,
            alarmOnSilence: alarmOnSilence(cfg),
          },
          opts,
        )
      : undefined,
  };
}

/** The stack names someone to page. */
function pages(cfg: StackConfig): boolean {
  return cfg.alarms.email !== undefined || cfg.alarms.httpsEndpoints.length > 0;
}

/**
 * An alarm topic in the region of a site that has none of its own (an AWS secondary): its probe alarm can
 * notify topics of its own region only. None when nobody is named to page.
 */
function probeTopic(name: string, cfg: StackConfig, provider: aws.Provider): pulumi.Output<string> | undefined {
  return pages(cfg)
    ? new AlarmTopic(`${name}-probe-alarms`, { subscribers: alarmSubscribers(cfg) }, { provider }).topicArn
    : undefined;
}

/** Nodes scaled to zero out of hours silence the probe every night; that must not page. */
function alarmOnSilence(cfg: StackConfig): boolean {
  return cfg.schedule === undefined;
}

function loadTests(name: string, service: SampleService, opts: pulumi.ComponentResourceOptions): LoadTests {
  return new LoadTests(
    `${name}-load-tests`,
    { target: { namespace: service.namespace, serviceName: service.serviceName }, namespace: LOAD_TEST_NAMESPACE },
    opts,
  );
}
