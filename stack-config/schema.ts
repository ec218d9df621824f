import { GLOBAL_RPO_MINIMUM_SECONDS, GLOBAL_RPO_PARAMETER } from "../lib/aurora";
import { z } from "zod";
import { WEEKDAYS } from "../lib/clock";
import { resilienceSchema, SCHEDULE_TARGETS, scheduleSchema } from "./operation-schema";
import { awsSecondarySchema, awsSiteSchema, gcpSiteSchema, nodeGroupSchema, serverlessSchema } from "./site-schema";

export { WEEKDAYS };

/**
 * The shape of the stack config: types, enums, defaults and each key's description (`.describe`), from which
 * Pulumi.yaml's `config:` block and docs/config.md are generated (reference.ts). Rules that relate several
 * keys (overlap, region pairs, limits per environment) are in rules.ts and the other *-rules.ts files.
 * Every object is strict, so a misspelt key is reported instead of silently ignored.
 */

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const DR_MODES = ["backup-restore", "pilot-light", "warm-standby"] as const;
export const SECONDARY_CLOUDS = ["aws", "gcp"] as const;
export const ACTIVE_SITES = ["primary", "secondary"] as const;

export * from "./site-schema";

/** The recovery objectives a stack promises with one secondary cloud. */
const drTargetSchema = z
  .object({
    rtoSeconds: z.number().positive().describe("recovery time objective, seconds"),
    rpoSeconds: z.number().nonnegative().describe("recovery point objective (typical data loss), seconds"),
  })
  .strict();

/** The EKS control plane and its in-cluster controllers, the same on every AWS site. */
export const eksSchema = z
  .object({
    version: z
      .string()
      .describe(
        'Kubernetes minor version EKS offers, e.g. "1.34"; required, never defaulted (upgrades are deliberate)',
      ),
    publicAccessCidrs: z
      .array(z.string())
      .default([])
      .describe("CIDRs allowed to reach the public API endpoint; empty turns the public endpoint off"),
    adminRoleArns: z.array(z.string()).default([]).describe("IAM roles given cluster-admin through EKS access entries"),
    clusterAutoscalerChartVersion: z
      .string()
      .describe("Helm chart version of the Cluster Autoscaler (kubernetes.github.io/autoscaler); pinned, required"),
    loadBalancerControllerChartVersion: z
      .string()
      .describe("Helm chart version of the AWS Load Balancer Controller (aws.github.io/eks-charts); pinned, required"),
  })
  .strict();

/** The sample service that availability is measured against. */
export const workloadSchema = z
  .object({
    image: z
      .string()
      .default(
        "ghcr.io/stefanprodan/podinfo:6.7.1@sha256:862ca45e61b32392f7941a1bdfdbe5ff8b6899070135f1bdca1c287d0057fc94",
      )
      .describe(
        "container image, pinned by digest (`repository:tag@sha256:...`) where the environment's admission policy denies anything else (prod, staging)",
      ),
    minReplicas: z
      .number()
      .int()
      .default(2)
      .describe(
        "replicas at least (the HPA's floor) when the service is created; a Region switch plan raises it on the site it activates, and `pulumi up` keeps what the plan set",
      ),
    maxReplicas: z.number().int().default(6).describe("replicas at most (the HPA's ceiling)"),
    targetCpuPercent: z.number().int().default(70).describe("the HPA's CPU utilisation target, percent"),
    // Limits: an ALB path pattern is at most 128 characters and `*`/`?` are wildcards
    // (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_PathPatternConditionConfig.html);
    // 24 paths plus the health check path fill 5 listener rules of 5 condition values each
    // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).
    publicPaths: z
      .array(
        z
          .string()
          .startsWith("/", { message: 'a request path starts with "/"' })
          .max(128, { message: "an ALB path pattern holds at most 128 characters" })
          .regex(/^[^*?\s]+$/, { message: 'list exact paths: no "*", "?" or whitespace' }),
      )
      .max(24, { message: "at most 24 paths (the health check path makes 25: 5 ALB rules of 5 values)" })
      .default(["/", "/version", "/api/info"])
      .describe(
        "exact request paths the load balancers forward to the service; every other path gets 404 at the edge (the health check path goes to the deep regional check)",
      ),
  })
  .strict();

/** A PostgreSQL role or database name the setup scripts can use unquoted: lower case, at most 63 bytes. */
const postgresIdentifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, "lower-case letters, digits and _, starting with a letter or _, at most 63")
  .refine((name) => !["postgres", "rdsadmin", "template0", "template1"].includes(name) && !name.startsWith("pg_"), {
    message:
      "reserved by PostgreSQL or Aurora (postgres, rdsadmin, template0/1, pg_*): give the application a name of its own",
  });

/** Aurora PostgreSQL on the primary site. */
export const databaseSchema = z
  .object({
    engineVersion: z.string().describe('Aurora PostgreSQL engine version AWS offers, e.g. "16.6"; required'),
    instanceClass: z
      .string()
      .default("db.r6g.large")
      .describe("Aurora PostgreSQL instance class; ignored when `serverless` is set"),
    instances: z.number().int().default(2).describe("instances (writer plus readers), spread over distinct AZs"),
    serverless: serverlessSchema
      .optional()
      .describe("Serverless v2 capacity; when set, the instances are Serverless v2"),
    backupRetentionDays: z.number().int().default(14).describe("days of automated backups, 1 to 35"),
    rpoBoundSeconds: z
      .number()
      .int()
      .min(
        GLOBAL_RPO_MINIMUM_SECONDS,
        `Aurora's ${GLOBAL_RPO_PARAMETER} accepts ${GLOBAL_RPO_MINIMUM_SECONDS} seconds and more`,
      )
      .optional()
      .describe(
        "with an Aurora global database, the most data a failover may lose, enforced by Aurora (rds.global_db_rpo on the current primary): commits wait while no secondary is within it, so a secondary outage pauses the primary's writes; absent: no bound, only the typical lag",
      ),
    applicationUser: postgresIdentifier
      .default("app")
      .describe(
        "the application's own database login (never the master user): created by the setup job, its generated password in the application secret",
      ),
    applicationDatabase: postgresIdentifier
      .default("app")
      .describe("the database the application login owns and uses; DMS migrates it with postgres"),
    backupCopyRegion: z
      .string()
      .default("ap-northeast-1")
      .describe(
        "AWS region the backups are copied to when the secondary is Google Cloud (an AWS secondary receives them in its own region)",
      ),
  })
  .strict();

export * from "./operation-schema";

export const stackConfigSchema = z
  .object({
    environment: z
      .enum(ENVIRONMENTS)
      .describe(
        "dev, staging or prod: selects the environment's profile of limits (stack-config/profiles.ts; docs/config.md lists them)",
      ),
    drMode: z
      .enum(DR_MODES)
      .describe(
        "backup-restore, pilot-light or warm-standby: what runs on the secondary site (docs/sources.md#dr-strategies)",
      ),
    activeSite: z
      .enum(ACTIVE_SITES)
      .default("primary")
      .describe(
        "which site writes and serves: `secondary` once a failover has moved the writer there, so `pulumi up` renders the topology the failover left (docs/runbooks/failback.md); `primary` again after the failback",
      ),
    primary: awsSiteSchema.describe("the AWS primary site"),
    secondary: z
      .object({
        cloud: z.enum(SECONDARY_CLOUDS).describe('"aws" or "gcp": which block below is the secondary site'),
        aws: awsSecondarySchema
          .optional()
          .describe(
            "the AWS secondary site: the same fields as `primary`, in another region, and its standby's database class",
          ),
        gcp: gcpSiteSchema.optional().describe("the Google Cloud secondary site"),
      })
      .strict()
      .describe("the secondary site; both blocks may be kept, so moving between clouds is a one-key change"),
    dns: z
      .object({
        // A trailing dot (the absolute form) is accepted and dropped: certificates and ingresses take none.
        zoneName: z
          .string()
          .min(1)
          .transform((name) => name.replace(/\.$/, ""))
          .describe("the public Route 53 hosted zone"),
        recordName: z
          .string()
          .min(1)
          .transform((name) => name.replace(/\.$/, ""))
          .describe("the service's failover name inside the zone"),
        healthCheckPath: z
          .string()
          .startsWith("/")
          .default("/healthz/region")
          .describe(
            "the path Route 53 requests through each site's load balancer: the deep regional check, which probes the site's own database and APIs through the Region's resolver",
          ),
        requestInterval: z
          .number()
          .int()
          .refine((v) => v === 10 || v === 30, {
            message: "expected 10 or 30 (Route 53 checks every 10 or 30 seconds)",
          })
          .default(10)
          .describe("seconds between health checks: 10 or 30, fixed once created"),
        failureThreshold: z
          .number()
          .int()
          .min(1)
          .max(10)
          .default(3)
          .describe("consecutive failed checks before an endpoint is unhealthy, 1 to 10"),
        quorumPercent: z
          .number()
          .int()
          .min(0)
          .max(100)
          .default(50)
          .describe(
            "a site is unhealthy when fewer than this percentage of Route 53 checkers see it healthy (a partial partition); 0 turns the guard off",
          ),
        ttl: z
          .number()
          .int()
          .min(1)
          .max(60)
          .default(60)
          .describe("TTL of a failover record that is not an alias; Route 53 advises 60 or less with health checks"),
      })
      .strict()
      .describe("Route 53 failover between the sites"),
    failover: z
      .object({
        approvalRoleArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "an IAM role ARN")
          .optional()
          .describe(
            "when set, the Region switch plan waits for this role to approve before it promotes the database (its ApprovePlanExecutionStep); absent: the plan promotes as soon as the starter runs it",
          ),
        approvalTimeoutMinutes: z
          .number()
          .int()
          .min(1)
          .max(1440)
          .default(30)
          .describe(
            "minutes an approval step waits (the AWS plan's, the Google Cloud workflow's) before the promotion is abandoned",
          ),
        gcpApproval: z
          .enum(["required", "none"])
          .default("required")
          .describe(
            "whether the Google Cloud promotion workflow waits for a person before it promotes Cloud SQL; required by default because DMS promotion is one-way",
          ),
        gcpApprovers: z
          .array(
            z
              .string()
              .regex(/^(user|group|serviceAccount):.+@.+$/, 'an IAM principal such as "group:oncall@example.com"'),
          )
          .default([])
          .describe(
            "principals who may approve the Google Cloud promotion (roles/workflows.invoker); project owners always can",
          ),
      })
      .strict()
      .default({})
      .describe("how the secondary's promotion is started: by itself, or after a person approves"),
    drTargets: z
      .object({
        aws: drTargetSchema.optional().describe("the objectives with an AWS secondary"),
        gcp: drTargetSchema.optional().describe("the objectives with a Google Cloud secondary"),
      })
      .strict()
      .default({})
      .describe("recovery objectives per secondary cloud; `npm run plan` reports a stack that misses them"),
    tags: z
      .object({
        service: z.string().min(1).default("dr-platform").describe("the service tag"),
        owner: z.string().min(1).describe("the owning team"),
        costCenter: z.string().min(1).describe("the cost center billed"),
      })
      .strict()
      .describe(
        "with environment, stack and managed-by, default tags on every AWS resource and labels on every GCP resource",
      ),
    logRetentionDays: z
      .number()
      .int()
      .default(90)
      .describe(
        "days to keep flow and control-plane logs; one of CloudWatch's retention values (1, 3, 5, 7, 14, 30, ...)",
      ),
    eks: eksSchema.describe("the EKS control plane and its in-cluster controllers, the same on every AWS site"),
    workload: workloadSchema.default({}).describe("the sample service that availability is measured against"),
    database: databaseSchema.describe("Aurora PostgreSQL on the primary site (and its global secondary)"),
    protection: z
      .object({
        deletionProtection: z.boolean().default(true).describe("cloud-side deletion protection on stateful resources"),
        protect: z.boolean().default(true).describe("Pulumi `protect` on stateful resources"),
      })
      .strict()
      .default({})
      .describe("stateful resources: database, buckets, queues, backup vault, load balancer"),
    teardown: z
      .object({
        allowed: z
          .boolean()
          .default(false)
          .describe("the nightly teardown may destroy this stack, and buckets may be emptied on delete"),
      })
      .strict()
      .default({})
      .describe("whether this stack is ephemeral"),
    schedule: scheduleSchema
      .optional()
      .describe(
        "off-hours schedule: what is switched off outside working hours; absent means always on. Times are wall clock in `timeZone`",
      ),
    passiveShareAccepted: z
      .object({
        upToPercent: z
          .number()
          .positive()
          .max(100)
          .describe("the passive share (DR links counted) accepted while the stack misses its DR mode's target"),
        reason: z
          .string()
          .min(20, "say why in at least 20 characters: the line that keeps the share above its target")
          .describe("why the target cannot be met here: the line that keeps it above and what going lower would cost"),
      })
      .strict()
      .optional()
      .describe(
        "a reviewed exception to the environment's passive-share target: `cost --check` passes while the share stays at or below it, and every report still says the target is missed; absent: the target is the gate",
      ),
    resilience: resilienceSchema
      .default({})
      .describe("resilience drills: fault-injection experiments, in-cluster load tests and the control-plane probe"),
    alarms: z
      .object({
        email: z
          .string()
          .optional()
          .describe(
            "one address subscribed to every alarm topic and GCP alert policy (the subscription must be confirmed)",
          ),
        httpsEndpoints: z
          .array(z.string())
          .default([])
          .describe(
            "https URLs subscribed to every alarm topic and GCP alert policy, e.g. a pager integration's webhook",
          ),
        alb5xxPercent: z
          .number()
          .positive()
          .default(5)
          .describe("ALB 5xx responses as a percentage of requests, over 5 minutes"),
        targetResponseSeconds: z.number().positive().default(1).describe("ALB target response time, p90, seconds"),
        databaseCpuPercent: z.number().positive().default(80).describe("Aurora CPU, percent"),
        databaseFreeableMemoryMiB: z.number().positive().default(256).describe("Aurora freeable memory floor, MiB"),
        replicaLagMs: z.number().positive().default(1000).describe("Aurora replica lag, milliseconds"),
      })
      .strict()
      .default({})
      .describe("alarm subscribers and thresholds"),
  })
  .strict();

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type ParsedShape = z.output<typeof stackConfigSchema>;
export type AwsSiteConfig = z.output<typeof awsSiteSchema>;
export type AwsSecondaryConfig = z.output<typeof awsSecondarySchema>;
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
export type ActiveSite = (typeof ACTIVE_SITES)[number];
