import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsSite } from "../components";
import { DnsFailover } from "../components/dns";
import { OffHours, OffHoursSchedule, ScheduledNodeGroup, switchesOff } from "../components/schedules";
import { StackConfig } from "../config";
import { Providers } from "../providers";
import { BuiltSecondary } from "./secondary/seam";

/** The off-hours schedules a stack runs: one per site that has something to switch off. */
export interface Schedules {
  readonly primary?: OffHoursSchedule;
  readonly secondary?: pulumi.Resource;
  /** Silences the Route 53 alarms in us-east-1 while the primary's nodes are switched off. */
  readonly dns?: OffHoursSchedule;
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
  dns: DnsFailover | undefined,
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
  const primarySchedule = awsOffHoursSchedule("primary", primary, providers.primary, hours, targets);
  const secondarySchedule = secondary.schedule(hours, targets);
  // A night the schedule plans must not page: the active site's service is down on purpose, so its alarms and
  // Route 53's are silenced with it (their state still shows in CloudWatch), and re-armed at the start. The
  // active site is the one the PRIMARY record follows: the secondary's after a failover (`activeSite`).
  const nodesOff =
    cfg.activeSite === "primary"
      ? primarySchedule !== undefined && targets.has("nodeGroups")
      : secondarySchedule !== undefined && (targets.has("nodeGroups") || targets.has("gkeNodePool"));
  const dnsAlarms = nodesOff && dns ? Object.values(dns.alarmArns) : [];
  return {
    primary: primarySchedule,
    secondary: secondarySchedule,
    dns:
      dnsAlarms.length > 0
        ? new OffHoursSchedule("dns-off-hours", { hours, silencedAlarmArns: dnsAlarms }, { provider: providers.global })
        : undefined,
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
  // The site's own alarms watch what the schedule stops (nodes, the service on them, the database).
  const silencedAlarmArns = site.alarms ? Object.values(site.alarms.alarmArns) : [];
  return new OffHoursSchedule(`${role}-off-hours`, { hours, nodeGroups, database, silencedAlarmArns }, { provider });
}
