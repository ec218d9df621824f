import * as pulumi from "@pulumi/pulumi";
import { AwsSite } from "../components";
import { ControlPlaneProbe, FaultExperiments } from "../components/resilience";
import { APP_CONTAINER } from "../components/workload";
import { StackConfig } from "../config";
import { Providers } from "../providers";
import { ClusterDrills, eksDrills } from "./drills";
import { BuiltSecondary, SecondaryDrills } from "./secondary/seam";

/**
 * The resilience drills (issue 7): load tests and the control-plane probe in every cluster that serves,
 * and the FIS experiments against the primary. Returns the stack output the runbooks in docs/runbooks
 * read; tests/docs/runbooks.test.ts checks every path they use. The secondary's part comes from its module.
 */
export function createResilience(cfg: StackConfig, providers: Providers, primary: AwsSite, secondary: BuiltSecondary) {
  const primaryDrills = eksDrills("primary", cfg, primary, providers.primary);
  const secondaryDrills = secondary.drills();
  const experiments = cfg.resilience.experiments
    ? createExperiments(cfg, providers, primary, secondaryDrills, primaryDrills?.probe)
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
        destinationRegion: secondaryDrills.regionIsolation?.destinationRegion,
      },
      durationMinutes: cfg.resilience.disruptionMinutes,
    },
    primary: primaryDrills && clusterOutputs(primaryDrills),
    secondary: secondaryDrills.cluster && clusterOutputs(secondaryDrills.cluster),
  };
}

/**
 * The FIS experiments run against the primary, where the stop alarms (the service's 5xx rate, the
 * control-plane probe) live. The AZ experiments fail the database over only with a reader to fail over
 * to; the region-isolation drill exists only when the secondary's module names a target for it.
 */
function createExperiments(
  cfg: StackConfig,
  providers: Providers,
  primary: AwsSite,
  secondary: SecondaryDrills,
  probe: ControlPlaneProbe | undefined,
): FaultExperiments | undefined {
  const { cluster, nodeGroups, loadBalancer, service } = primary;
  if (!cluster || !nodeGroups || !loadBalancer || !service) {
    return undefined;
  }
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
      regionIsolation: secondary.regionIsolation,
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
