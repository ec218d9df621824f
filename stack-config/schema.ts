import { z } from "zod";
import { WEEKDAYS } from "../lib/clock";

export { WEEKDAYS };

/**
 * The shape of the stack config (each key is documented in Pulumi.yaml's `config:`). Only types, enums and
 * defaults live here; rules that relate several keys (overlap, region pairs, sizes per environment) are in rules.ts.
 * Every object is strict, so a misspelt key is reported instead of silently ignored.
 */

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const DR_MODES = ["backup-restore", "pilot-light", "warm-standby"] as const;
export const SECONDARY_CLOUDS = ["aws", "gcp"] as const;
export const NAT_MODES = ["single", "per-az"] as const;

const count = z.number().int().nonnegative();

/** One managed node group, created once per AZ with these sizes (so sizes are per AZ). */
export const nodeGroupSchema = z
  .object({
    instanceTypes: z.array(z.string().min(1)).min(1),
    capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
    minSize: count,
    desiredSize: count,
    maxSize: count,
    labels: z.record(z.string()).default({}),
    taints: z
      .array(
        z
          .object({
            key: z.string().min(1),
            value: z.string().optional(),
            effect: z.enum(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const awsSiteSchema = z
  .object({
    region: z.string(),
    azCount: z.number().int(),
    vpcCidr: z.string(),
    natGateways: z.enum(NAT_MODES).default("per-az"),
    nodeGroups: z.record(nodeGroupSchema).default({}),
  })
  .strict();

export const gcpSiteSchema = z
  .object({
    project: z.string().optional(),
    region: z.string(),
    vpcCidr: z.string(),
    nodePool: z
      .object({
        machineType: z.string().min(1).default("e2-standard-4"),
        minNodesPerZone: count.default(1),
        maxNodesPerZone: count.default(3),
      })
      .strict()
      .default({}),
    /** GKE release channel: the control plane and nodes upgrade on it. */
    releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).default("REGULAR"),
    /** The GKE control plane's private /28, outside every site's range. */
    masterCidr: z.string().default("172.16.0.0/28"),
    /** Cloud SQL machine tier of the DMS destination. */
    databaseTier: z.string().default("db-custom-2-7680"),
    /** BGP ASNs of the HA VPN to the AWS primary (private ASNs, distinct). */
    vpn: z
      .object({ gcpAsn: z.number().int().default(64514), awsAsn: z.number().int().default(64512) })
      .strict()
      .default({}),
  })
  .strict();

/** The recovery objectives a stack promises with one secondary cloud. */
const drTargetSchema = z.object({ rtoSeconds: z.number().positive(), rpoSeconds: z.number().nonnegative() }).strict();

/** The EKS control plane and its in-cluster controllers, the same on every AWS site. */
export const eksSchema = z
  .object({
    /** Kubernetes minor version, e.g. "1.33"; required, never defaulted (upgrades are deliberate). */
    version: z.string(),
    /** CIDRs allowed to reach the public API endpoint; empty turns the public endpoint off. */
    publicAccessCidrs: z.array(z.string()).default([]),
    /** IAM roles given cluster-admin through EKS access entries. */
    adminRoleArns: z.array(z.string()).default([]),
    /** Helm chart version of the Cluster Autoscaler (kubernetes.github.io/autoscaler); pinned, required. */
    clusterAutoscalerChartVersion: z.string(),
    /** Helm chart version of the AWS Load Balancer Controller (aws.github.io/eks-charts); pinned, required. */
    loadBalancerControllerChartVersion: z.string(),
  })
  .strict();

/** The sample service that availability is measured against. */
export const workloadSchema = z
  .object({
    /** Container image with a pinned tag. */
    image: z.string().default("ghcr.io/stefanprodan/podinfo:6.7.1"),
    minReplicas: z.number().int().default(2),
    maxReplicas: z.number().int().default(6),
    targetCpuPercent: z.number().int().default(70),
  })
  .strict();

/** Aurora PostgreSQL on the primary site. */
export const databaseSchema = z
  .object({
    /** Aurora PostgreSQL engine version, e.g. "16.6"; required, never defaulted. */
    engineVersion: z.string(),
    /** Provisioned instance class; ignored when `serverless` is set. */
    instanceClass: z.string().default("db.r6g.large"),
    /** Instances (writer plus readers), spread over distinct AZs. */
    instances: z.number().int().default(2),
    /** Serverless v2 capacity in ACUs; minCapacity 0 lets an idle cluster pause. */
    serverless: z
      .object({ minCapacity: z.number().nonnegative(), maxCapacity: z.number().positive() })
      .strict()
      .optional(),
    backupRetentionDays: z.number().int().default(14),
    /**
     * AWS region the primary's backups are copied to when the secondary is Google Cloud (an AWS secondary
     * receives them in its own region): a copy outside the primary region whatever the secondary cloud.
     */
    backupCopyRegion: z.string().default("ap-northeast-1"),
  })
  .strict();

/** What an off-hours schedule can switch off; each target exists only where the stack has the resource. */
export const SCHEDULE_TARGETS = ["nodeGroups", "database", "gkeNodePool", "cloudSql"] as const;

/** Working hours in a time zone; outside them, the targets are scaled to zero or stopped. */
export const scheduleSchema = z
  .object({
    /** IANA time zone the hours and holidays are in. */
    timeZone: z.string().default("Asia/Seoul"),
    /** Wall-clock "HH:MM" at which the targets come back. */
    start: z.string().default("08:00"),
    /** Wall-clock "HH:MM" at which the targets are switched off. */
    stop: z.string().default("20:00"),
    /** Days on which the targets come back; every other day they stay off. */
    workingDays: z.array(z.enum(WEEKDAYS)).default(["MON", "TUE", "WED", "THU", "FRI"]),
    /** ISO dates ("2026-12-25") that are not working days even when their weekday is. */
    holidays: z.array(z.string()).default([]),
    /** What to switch off. */
    targets: z.array(z.enum(SCHEDULE_TARGETS)).default(["nodeGroups", "gkeNodePool"]),
  })
  .strict();

/** The drills of the notes' test list (issue: resilience). */
export const resilienceSchema = z
  .object({
    /** AWS FIS experiment templates (AZ power interruption, node loss, pod stress, region isolation). */
    experiments: z.boolean().default(false),
    /** Minutes an AZ or region disruption lasts before FIS restores it. */
    disruptionMinutes: z.number().int().min(1).max(720).default(30),
    /**
     * Percentage of a node group's instances the node-loss experiment terminates. Groups are one per AZ and
     * small: a share of one or two instances below 50 may round to none.
     */
    nodeLossPercent: z.number().int().min(1).max(100).default(50),
    /** A suspended HTTP load Job and a zero-replica "inflate" Deployment in each cluster. */
    loadTests: z.boolean().default(false),
    /** The in-cluster Kubernetes API probe, with its metric and alarm. */
    controlPlaneProbe: z.boolean().default(false),
  })
  .strict();

export const stackConfigSchema = z
  .object({
    environment: z.enum(ENVIRONMENTS),
    drMode: z.enum(DR_MODES),
    primary: awsSiteSchema,
    secondary: z
      .object({
        cloud: z.enum(SECONDARY_CLOUDS),
        aws: awsSiteSchema.optional(),
        gcp: gcpSiteSchema.optional(),
      })
      .strict(),
    dns: z
      .object({
        // A trailing dot (the absolute form) is accepted and dropped: certificates and ingresses take none.
        zoneName: z
          .string()
          .min(1)
          .transform((name) => name.replace(/\.$/, "")),
        recordName: z
          .string()
          .min(1)
          .transform((name) => name.replace(/\.$/, "")),
        /** The path health checks request: the service's own readiness, the real user path. */
        healthCheckPath: z.string().startsWith("/").default("/readyz"),
        /** Seconds between health checks: 10 or 30, fixed once created. */
        requestInterval: z
          .number()
          .int()
          .refine((v) => v === 10 || v === 30, {
            message: "expected 10 or 30 (Route 53 checks every 10 or 30 seconds)",
          })
          .default(10),
        failureThreshold: z.number().int().min(1).max(10).default(3),
        /** TTL of a failover record that is not an alias; Route 53 advises <= 60 with health checks. */
        ttl: z.number().int().min(1).max(60).default(60),
      })
      .strict(),
    /** Recovery objectives per secondary cloud; the offline plan flags a stack that misses them. */
    drTargets: z.object({ aws: drTargetSchema.optional(), gcp: drTargetSchema.optional() }).strict().default({}),
    tags: z
      .object({
        service: z.string().min(1).default("dr-platform"),
        owner: z.string().min(1),
        costCenter: z.string().min(1),
      })
      .strict(),
    logRetentionDays: z.number().int().default(90),
    eks: eksSchema,
    workload: workloadSchema.default({}),
    database: databaseSchema,
    /** Stateful resources (database, buckets, load balancer): cloud deletion protection and Pulumi `protect`. */
    protection: z
      .object({ deletionProtection: z.boolean().default(true), protect: z.boolean().default(true) })
      .strict()
      .default({}),
    /** Whether scheduled teardown may destroy this stack; also lets buckets be emptied on delete. */
    teardown: z
      .object({ allowed: z.boolean().default(false) })
      .strict()
      .default({}),
    /**
     * Off-hours schedule: what is switched off outside working hours. Absent means always on (prod must not
     * have one). Times are wall-clock in `timeZone`; the cloud schedulers convert.
     */
    schedule: scheduleSchema.optional(),
    /** Resilience drills: fault-injection experiments, in-cluster load tests and the control-plane probe. */
    resilience: resilienceSchema.default({}),
    alarms: z
      .object({
        /** Address subscribed to the alarm topic (confirmation required). */
        email: z.string().optional(),
        /** ALB 5xx responses as a percentage of requests, over 5 minutes. */
        alb5xxPercent: z.number().positive().default(5),
        /** ALB target response time, p90 seconds. */
        targetResponseSeconds: z.number().positive().default(1),
        /** Aurora CPU percent. */
        databaseCpuPercent: z.number().positive().default(80),
        /** Aurora freeable memory floor, MiB. */
        databaseFreeableMemoryMiB: z.number().positive().default(256),
        /** Aurora replica lag, milliseconds. */
        replicaLagMs: z.number().positive().default(1000),
      })
      .strict()
      .default({}),
  })
  .strict();

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type ParsedShape = z.output<typeof stackConfigSchema>;
export type AwsSiteConfig = z.output<typeof awsSiteSchema>;
export type GcpSiteConfig = z.output<typeof gcpSiteSchema>;
export type NodeGroupConfig = z.output<typeof nodeGroupSchema>;
export type EksConfig = z.output<typeof eksSchema>;
export type WorkloadConfig = z.output<typeof workloadSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type ScheduleConfig = z.output<typeof scheduleSchema>;
export type ResilienceConfig = z.output<typeof resilienceSchema>;
export type Weekday = (typeof WEEKDAYS)[number];
export type ScheduleTarget = (typeof SCHEDULE_TARGETS)[number];
export type Environment = (typeof ENVIRONMENTS)[number];
export type DrMode = (typeof DR_MODES)[number];
export type SecondaryCloud = (typeof SECONDARY_CLOUDS)[number];
