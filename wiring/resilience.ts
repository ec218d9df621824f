import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { AwsSite, GcpSite } from "../components";
import { ControlPlaneProbe, FaultExperiments, LoadTests } from "../components/resilience";
import { APP_CONTAINER, SampleService } from "../components/workload";
import { StackConfig } from "../config";
import { Providers } from "../providers";
import { awsSecondaryShape } from "./site-args";

/** Fixed namespaces, so every cluster's drills are started with the same kubectl commands. */
const LOAD_TEST_NAMESPACE = "load-tests";
const PROBE_NAMESPACE = "control-plane-probe";

/** The drills of one serving cluster: its load tests and control-plane probe, when the config turns them on. */
interface ClusterDrills {
  readonly cloud: "aws" | "gcp";
  readonly clusterName: pulumi.Output<string>;
  readonly service: SampleService;
  readonly loadTests?: LoadTests;
  readonly probe?: ControlPlaneProbe;
}

/**
 * The resilience drills (issue 7): load tests and the control-plane probe in every cluster that serves,
 * and the FIS experiments against the primary. Returns the stack output the runbooks in docs/runbooks
 * read; tests/runbooks.test.ts checks every path they use.
 */
export function createResilience(
  cfg: StackConfig,
  providers: Providers,
  primary: AwsSite,
  secondary: AwsSite | GcpSite,
) {
  const placement = providers.secondary;
  const primaryDrills = eksDrills("primary", cfg, primary, providers.primary);
  const secondaryDrills =
    secondary instanceof AwsSite
      ? placement.cloud === "aws"
        ? eksDrills("secondary", cfg, secondary, placement.provider)
        : undefined
      : placement.cloud === "gcp"
        ? gkeDrills("secondary", cfg, secondary, placement.provider)
        : undefined;
  const experiments = cfg.resilience.experiments
    ? createExperiments(cfg, providers, primary, secondary, primaryDrills?.probe)
    : undefined;
  return {
    experiments: experiments && {
      region: cfg.primary.region,
      logGroupName: experiments.logGroupName,
      stopAlarmNames: pulumi.all(experiments.stopAlarmNames),
      azPowerInterruption: experiments.azPowerInterruption,
      nodeLoss: { templateId: experiments.nodeLossTemplateId, percent: cfg.resilience.nodeLossPercent },
      podCpuStress: experiments.podCpuStress,
      regionIsolation: experiments.regionIsolationTemplateId && {
        templateId: experiments.regionIsolationTemplateId,
        destinationRegion: cfg.secondary.site.region,
      },
      durationMinutes: cfg.resilience.disruptionMinutes,
    },
    primary: primaryDrills && clusterOutputs(primaryDrills),
    secondary: secondaryDrills && clusterOutputs(secondaryDrills),
  };
}

function eksDrills(name: string, cfg: StackConfig, site: AwsSite, provider: aws.Provider): ClusterDrills | undefined {
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
            sink: { kind: "cloudwatch", clusterName: site.cluster.clusterName, alarmTopicArn: site.alarms?.topicArn },
            namespace: PROBE_NAMESPACE,
            alarmOnSilence: alarmOnSilence(cfg),
          },
          opts,
        )
      : undefined,
  };
}

function gkeDrills(name: string, cfg: StackConfig, site: GcpSite, provider: gcp.Provider): ClusterDrills | undefined {
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
            sink: { kind: "cloud-logging", clusterName: site.cluster.clusterName },
            namespace: PROBE_NAMESPACE,
            alarmOnSilence: alarmOnSilence(cfg),
          },
          opts,
        )
      : undefined,
  };
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

/**
 * The FIS experiments run against the primary, where the stop alarms (the service's 5xx rate, the
 * control-plane probe) live. The AZ experiments fail the database over only with a reader to fail over
 * to; the region-isolation drill exists only with an AWS secondary that receives replicated data.
 */
function createExperiments(
  cfg: StackConfig,
  providers: Providers,
  primary: AwsSite,
  secondary: AwsSite | GcpSite,
  probe: ControlPlaneProbe | undefined,
): FaultExperiments | undefined {
  const { cluster, nodeGroups, loadBalancer, service } = primary;
  if (!cluster || !nodeGroups || !loadBalancer || !service) {
    return undefined;
  }
  const placement = providers.secondary;
  const isolate =
    placement.cloud === "aws" &&
    awsSecondaryShape(cfg).replicateObjects &&
    secondary instanceof AwsSite &&
    primary.objectStore &&
    secondary.objectStore
      ? {
          destinationRegion: placement.site.region,
          sourceBucketArn: primary.objectStore.bucketArn,
          destinationBucketName: secondary.objectStore.bucketName,
        }
      : undefined;
  return new FaultExperiments(
    "primary-experiments",
    {
      durationMinutes: cfg.resilience.disruptionMinutes,
      nodeLossPercent: cfg.resilience.nodeLossPercent,
      network: {
        vpcId: primary.network.vpcId,
        availabilityZones: primary.network.availabilityZones,
        azCount: cfg.primary.azCount,
      },
      cluster: { clusterName: cluster.clusterName, volumeKeyArn: nodeGroups.volumeKeyArn },
      // Every resource of the stack carries the providers' default `stack` tag (providers.ts).
      scopeTags: { stack: cfg.stack },
      stopConditions: {
        loadBalancerArnSuffix: loadBalancer.arnSuffix,
        max5xxPercent: cfg.alarms.alb5xxPercent,
        extraAlarms: probe?.alarmArn ? [{ name: probe.alarmName, arn: probe.alarmArn }] : [],
        alarmTopicArn: primary.alarms?.topicArn,
      },
      database:
        primary.database && cfg.database.instances >= 2 ? { clusterArn: primary.database.clusterArn } : undefined,
      podStress: service.faultInjection
        ? { namespace: service.namespace, deploymentName: service.deploymentName, containerName: APP_CONTAINER }
        : undefined,
      regionIsolation: isolate,
      logRetentionDays: cfg.logRetentionDays,
    },
    { providers: { aws: providers.primary, kubernetes: cluster.provider } },
  );
}

function clusterOutputs(d: ClusterDrills) {
  return {
    cloud: d.cloud,
    clusterName: d.clusterName,
    service: { namespace: d.service.namespace, deploymentName: d.service.deploymentName, hpaName: d.service.hpaName },
    loadTest: d.loadTests && {
      namespace: d.loadTests.namespace,
      cronJobName: d.loadTests.cronJobName,
      inflateDeploymentName: d.loadTests.inflateDeploymentName,
    },
    probe: d.probe && {
      namespace: d.probe.namespace,
      deploymentName: d.probe.deploymentName,
      alarmName: d.probe.alarmName,
      metric: d.probe.metric,
    },
  };
}
