import * as aws from "@pulumi/aws";
import { AwsSite, GcpSite } from "../components";
import {
  GcpOffHoursSchedule,
  OffHours,
  OffHoursSchedule,
  ScheduledNodeGroup,
  switchesOff,
} from "../components/schedules";
import { StackConfig } from "../config";
import { Providers } from "../providers";

/** The off-hours schedules a stack runs: one per site that has something to switch off. */
export interface Schedules {
  readonly primary?: OffHoursSchedule;
  readonly secondary?: OffHoursSchedule | GcpOffHoursSchedule;
}

/**
 * The stack's `schedule` as schedules on each site (docs/schedules.md). None without a schedule, which
 * the config rules refuse on prod. A target only acts where its resource exists: node groups above zero
 * on an AWS site, the primary's database, the GCP site's node pool and Cloud SQL. The config rules have
 * already refused a database in a global cluster or on either end of the DMS migration.
 */
export function createSchedules(
  cfg: StackConfig,
  providers: Providers,
  primary: AwsSite,
  secondary: AwsSite | GcpSite,
): Schedules {
  const schedule = cfg.schedule;
  if (!schedule) {
    return {};
  }
  const hours: OffHours = {
    timeZone: schedule.timeZone,
    start: schedule.start,
    stop: schedule.stop,
    workingDays: schedule.workingDays,
    holidays: schedule.holidays,
  };
  const targets = new Set(schedule.targets);
  const placement = providers.secondary;

  const awsSchedule = (role: "primary" | "secondary", site: AwsSite, provider: aws.Provider) => {
    const nodeGroups: Record<string, ScheduledNodeGroup> = {};
    if (targets.has("nodeGroups") && site.cluster && site.nodeGroups) {
      for (const [key, group] of Object.entries(site.nodeGroups.nodeGroupScaling)) {
        if (switchesOff(group.sizes)) {
          nodeGroups[key] = { clusterName: site.cluster.clusterName, ...group };
        }
      }
    }
    // Only the primary's database can be a target: an AWS secondary's exists only in a global cluster.
    const database =
      targets.has("database") && role === "primary" && site.database
        ? { clusterIdentifier: site.database.clusterIdentifier, clusterArn: site.database.clusterArn }
        : undefined;
    if (Object.keys(nodeGroups).length === 0 && !database) {
      return undefined;
    }
    return new OffHoursSchedule(`${role}-off-hours`, { hours, nodeGroups, database }, { provider });
  };

  const result: { primary?: OffHoursSchedule; secondary?: OffHoursSchedule | GcpOffHoursSchedule } = {
    primary: awsSchedule("primary", primary, providers.primary),
  };
  if (secondary instanceof AwsSite && placement.cloud === "aws") {
    result.secondary = awsSchedule("secondary", secondary, placement.provider);
  } else if (secondary instanceof GcpSite && placement.cloud === "gcp") {
    const cluster = targets.has("gkeNodePool") ? secondary.cluster : undefined;
    const database = targets.has("cloudSql") ? secondary.database : undefined;
    if (cluster || database) {
      result.secondary = new GcpOffHoursSchedule(
        "secondary-off-hours",
        {
          hours,
          region: placement.site.region,
          nodePool: cluster && {
            clusterName: cluster.clusterName,
            location: placement.site.region,
            nodePoolName: cluster.nodePool.name,
            minNodesPerZone: placement.site.nodePool.minNodesPerZone,
            maxNodesPerZone: placement.site.nodePool.maxNodesPerZone,
          },
          cloudSql: database && { instanceName: database.instanceName },
        },
        { providers: { gcp: placement.provider, random: providers.random } },
      );
    }
  }
  return result;
}
