import { z } from "zod";

/**
 * The shape of each site in the stack config: an AWS site (the primary, and the AWS secondary with its standby's
 * own database), a Google Cloud site and the node groups and Serverless capacity they share. Part of the schema
 * (schema.ts), from which Pulumi.yaml's `config:` block and docs/config.md are generated.
 */

export const NAT_MODES = ["single", "per-az"] as const;

const count = z.number().int().nonnegative();

/** One managed node group, created once per AZ with these sizes (so sizes are per AZ). */
export const nodeGroupSchema = z
  .object({
    instanceTypes: z
      .array(z.string().min(1))
      .min(1)
      .describe("EC2 instance types, one architecture per group (the catalogue in stack-config/catalogues)"),
    capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND").describe("ON_DEMAND or SPOT"),
    minSize: count.describe("nodes per AZ at least (min <= desired <= max)"),
    desiredSize: count.describe("nodes per AZ at creation; the Cluster Autoscaler owns it afterwards"),
    maxSize: count.describe("nodes per AZ at most, at least 1"),
    labels: z.record(z.string()).default({}).describe("Kubernetes labels on the nodes"),
    taints: z
      .array(
        z
          .object({
            key: z.string().min(1).describe("taint key"),
            value: z.string().optional().describe("taint value"),
            effect: z.enum(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]).describe("taint effect"),
          })
          .strict(),
      )
      .default([])
      .describe("Kubernetes taints on the nodes"),
  })
  .strict();

/** Aurora Serverless v2 capacity, in ACUs (about 2 GiB of memory each). */
export const serverlessSchema = z
  .object({
    minCapacity: z.number().nonnegative().describe("ACUs at least, in steps of 0.5; 0 lets an idle cluster pause"),
    maxCapacity: z.number().positive().describe("ACUs at most, in steps of 0.5, at least 1"),
  })
  .strict();

export const awsSiteSchema = z
  .object({
    region: z.string().describe("AWS region name, e.g. ap-northeast-2"),
    azCount: z
      .number()
      .int()
      .describe("AZs the site spans: at least the environment's minimum, at most what the region offers new accounts"),
    vpcCidr: z.string().describe("the VPC's IPv4 block, /16 to /20, disjoint from the other sites"),
    natGateways: z
      .enum(NAT_MODES)
      .default("per-az")
      .describe('"per-az" (a NAT gateway in every AZ) or "single" (one for the site)'),
    nodeGroups: z.record(nodeGroupSchema).default({}).describe("managed node groups by name, each created once per AZ"),
  })
  .strict();

/** The AWS secondary: a site like the primary, whose standby database may run a class of its own. */
export const awsSecondarySchema = awsSiteSchema
  .extend({
    database: z
      .object({
        instanceClass: z
          .string()
          .optional()
          .describe("a provisioned Aurora class for the standby's own instance, smaller than the writer's"),
        serverless: serverlessSchema
          .optional()
          .describe(
            "Serverless v2 capacity for the standby's own instance: it rests at the minimum and grows in place when promoted",
          ),
      })
      .strict()
      .optional()
      .describe(
        "the standby's own database instance, when it differs from the writer's (`database`): the failover's growth adds instances of the writer's class beside it, and it keeps its own; refused with `database.serverless` (the standby then follows the writer's range); absent: the writer's class",
      ),
  })
  .strict();

export const gcpSiteSchema = z
  .object({
    project: z.string().optional().describe("Google Cloud project ID; required when `secondary.cloud` is gcp"),
    region: z.string().describe("Google Cloud region, e.g. asia-northeast1"),
    vpcCidr: z.string().describe("the network's IPv4 block, /14 to /18, disjoint from the other sites"),
    nodePool: z
      .object({
        machineType: z.string().min(1).default("e2-standard-4").describe("GKE node machine type"),
        minNodesPerZone: count.default(1).describe("nodes per zone at least (a regional pool has three zones)"),
        maxNodesPerZone: count.default(3).describe("nodes per zone at most (at most 1000)"),
      })
      .strict()
      .default({})
      .describe("the GKE node pool"),
    releaseChannel: z
      .enum(["RAPID", "REGULAR", "STABLE"])
      .default("REGULAR")
      .describe("GKE release channel the control plane and nodes upgrade on"),
    masterCidr: z
      .string()
      .default("172.16.0.0/28")
      .describe("the GKE control plane's private /28, outside every site's range"),
    breakGlassCidrs: z
      .array(
        z
          .object({
            name: z.string().min(1).describe("what the network is, shown in the cluster's authorized networks"),
            cidr: z.string().describe("an IPv4 block connected to the GKE network (an interconnect, another VPN)"),
          })
          .strict(),
      )
      .default([])
      .describe(
        "networks besides the Seoul VPC (over the VPN) whose hosts may reach the GKE control plane's private endpoint; the DNS-based endpoint, open to IAM-authorized callers anywhere, is the path when Seoul and the VPN are gone",
      ),
    databaseTier: z
      .string()
      .default("db-custom-2-7680")
      .describe("Cloud SQL machine tier of the DMS destination (db-custom-<vCPUs>-<MiB>)"),
    vpn: z
      .object({
        gcpAsn: z.number().int().default(64514).describe("private BGP ASN of the Cloud Router"),
        awsAsn: z.number().int().default(64512).describe("private BGP ASN of the AWS virtual private gateway"),
      })
      .strict()
      .default({})
      .describe("BGP ASNs of the HA VPN to the AWS primary (private, distinct)"),
  })
  .strict();
