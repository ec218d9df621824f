import { z } from "zod";

/**
 * The shape of the stack config (design.md section 5). Only types, enums and defaults live here;
 * rules that relate several keys (overlap, region pairs, sizes per environment) are in rules.ts.
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
        zoneName: z.string().min(1),
        recordName: z.string().min(1),
      })
      .strict(),
    tags: z
      .object({
        service: z.string().min(1).default("dr-platform"),
        owner: z.string().min(1),
        costCenter: z.string().min(1),
      })
      .strict(),
    logRetentionDays: z.number().int().default(90),
  })
  .strict();

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type ParsedShape = z.output<typeof stackConfigSchema>;
export type AwsSiteConfig = z.output<typeof awsSiteSchema>;
export type GcpSiteConfig = z.output<typeof gcpSiteSchema>;
export type NodeGroupConfig = z.output<typeof nodeGroupSchema>;
export type Environment = (typeof ENVIRONMENTS)[number];
export type DrMode = (typeof DR_MODES)[number];
export type SecondaryCloud = (typeof SECONDARY_CLOUDS)[number];
