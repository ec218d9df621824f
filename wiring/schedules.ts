import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsSite } from "../components";
import { OffHours, OffHoursSchedule, ScheduledNodeGroup, switchesOff } from "../components/schedules";
import { StackConfig } from "../config";
import { Providers } from "../providers";
import { BuiltSecondary } from "./secondary/seam";

/** The off-hours schedules a stack runs: one per site that has something to switch off. */
export interface Schedules {
  readonly primary?: OffHoursSchedule;
  readonly secondary?: pulumi.Resource;
}

/**
 * The stack's `schedule` as schedules on each site (docs/schedules.md). None without a schedule, which
 * the config rules refuse where the environment's profile forbids one. A target only acts where its
 * resource exists; the secondary's module decides which of its targets do. The config rules have already
 * refused a database in a global cluster or on either end of the DMS migration.
 */
export function createSchedules(
  cfg: StackConfig,
  providers: Providers,
  primary: AwsSite,
  secondary: BuiltSecondary,
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
  const targets: ReadonlySet<string> = new Set(schedule.targets);
  return {
    primary: awsOffHoursSchedule("primary", primary, providers.primary, hours, targets),
    secondary: secondary.schedule(hours, targets),
  };
}

/**
 * An AWS site's schedule: its node groups above zero, and (the primary only) its database: an AWS
 * secondary's database exists only in a global cluster, which AWS cannot stop.
 */
export function awsOffHoursSchedule(
  role: "primary" | "secondary",
  site: AwsSite,
  provider: aws.Provider,
  hours: OffHours,
  targets: ReadonlySet<string>,
): OffHoursSchedule | undefined {
  const nodeGroups: Record<string, ScheduledNodeGroup> = {};
  if (targets.has("nodeGroups") && site.cluster && site.nodeGroups) {
    for (const [key, group] of Object.entries(site.nodeGroups.nodeGroupScaling)) {
      if (switchesOff(group.sizes)) {
        nodeGroups[key] = { clusterName: site.cluster.clusterName, ...group };
      }
    }
  }
  const database =
    targets.has("database") && role === "primary" && site.database
      ? { clusterIdentifier: site.database.clusterIdentifier, clusterArn: site.database.clusterArn }
      : undefined;
  if (Object.keys(nodeGroups).length === 0 && !database) {
    return undefined;
  }
  return new OffHoursSchedule(`${role}-off-hours`, { hours, nodeGroups, database }, { provider });
}
