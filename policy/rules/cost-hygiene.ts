import { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../lib/rule";
import { at, json, label, matchesPattern, obj, ofType, str, strings } from "../lib/read";
import { ROOT_STACK_TYPE, T } from "../lib/sites";

/** Cost and hygiene: every resource is attributable, right-sized for its environment, and placed on purpose. */

const TAG_KEYS = ["environment", "service", "owner", "cost-center"];

/**
 * A provider's default tags (AWS) or labels (GCP). The SDK sends nested provider inputs as JSON text, and the
 * engine hands them to policies as it got them, so both forms are read.
 */
function providerDefaults(type: string, props: Record<string, unknown> | undefined): Record<string, unknown> {
  return type === "pulumi:providers:aws"
    ? obj(at(json(props?.defaultTags), "tags"))
    : type === "pulumi:providers:gcp"
      ? obj(json(props?.defaultLabels))
      : {};
}

/** Tags (AWS) or labels (GCP) a resource ends up with: the provider's defaults under its own. */
function effectiveTags(r: PolicyResource): { tags: Record<string, unknown>; taggable: boolean } {
  const cloud = r.type.split(":")[0];
  const defaults = providerDefaults(r.provider?.type ?? "", r.provider?.props);
  const own = obj(cloud === "aws" ? r.props.tags : r.props.labels);
  const field = cloud === "aws" ? "tags" : "labels";
  // Without a schema the pack cannot know every taggable type; a resource that carries the field, or sits on a
  // provider that stamps defaults, is judged. Providers themselves are judged on their defaults.
  return { tags: { ...defaults, ...own }, taggable: field in r.props || Object.keys(defaults).length > 0 };
}

export const requiredTags = () =>
  stackRule<{ keys: string[] }>(
    {
      name: "required-tags",
      area: "cost-hygiene",
      description: "AWS and GCP providers stamp the required tags/labels, and no taggable resource lacks them.",
      severity: "medium",
      remediation: "set them on the provider (providers.ts defaultTags/defaultLabels come from the `tags` config).",
      configSchema: {
        properties: {
          keys: { type: "array", items: { type: "string" }, default: TAG_KEYS, description: "Required keys" },
        },
      },
    },
    (resources, report, { config }) => {
      for (const r of resources) {
        const cloud = r.type.split(":")[0];
        const provider = r.type === "pulumi:providers:aws" || r.type === "pulumi:providers:gcp";
        let tags: Record<string, unknown>;
        if (provider) {
          tags = providerDefaults(r.type, r.props);
        } else if (cloud === "aws" || cloud === "gcp") {
          const effective = effectiveTags(r);
          if (!effective.taggable) continue;
          tags = effective.tags;
        } else {
          continue;
        }
        const missing = config.keys.filter((k) => typeof tags[k] !== "string" || tags[k] === "");
        if (missing.length > 0) {
          report(`${label(r)} lacks ${missing.join(", ")}.`, r.urn);
        }
      }
    },
  );

export const eksUpgradePolicy = () =>
  resourceRule<{ supportTypes: string[] }>(
    {
      name: "eks-upgrade-policy",
      area: "cost-hygiene",
      description:
        "EKS support type is one the environment allows: STANDARD outside prod (EXTENDED costs 6x per hour).",
      severity: "medium",
      remediation: "set upgradePolicy.supportType STANDARD and upgrade the cluster before standard support ends.",
      configSchema: {
        properties: {
          supportTypes: {
            type: "array",
            items: { enum: ["STANDARD", "EXTENDED"] },
            default: ["STANDARD", "EXTENDED"],
            description: "Allowed support types",
          },
        },
      },
    },
    [T.eksCluster],
    (props, report, { args, config }) => {
      // The EKS API's own default is EXTENDED.
      const support = str(at(props, "upgradePolicy.supportType")) ?? "EXTENDED";
      if (!config.supportTypes.includes(support)) {
        report(`${label(args)} has supportType ${support}; allowed: ${config.supportTypes.join(", ")}.`);
      }
    },
  );

/** The size-bearing field of each type: EC2 node groups, Aurora instances, GKE node pools, Cloud SQL tiers. */
function sizesOf(type: string, props: Record<string, unknown>): string[] {
  switch (type) {
    case T.nodeGroup:
      return strings(props.instanceTypes);
    case T.rdsInstance:
      return strings([props.instanceClass]);
    case T.nodePool:
      return strings([at(props, "nodeConfig.machineType")]);
    case T.cloudSql:
      return strings([at(props, "settings.tier")]);
    default:
      return [];
  }
}

export const allowedInstanceTypes = () =>
  resourceRule<{ allowed: string[] }>(
    {
      name: "allowed-instance-types",
      area: "cost-hygiene",
      description: "Node, database and pool sizes are on the environment's list (patterns like `m6i.*`).",
      severity: "medium",
      remediation: "pick a listed size, or add the pattern to policy/config/<env>.json in review.",
      configSchema: {
        properties: {
          allowed: {
            type: "array",
            items: { type: "string" },
            default: [
              "m6i.*",
              "m5.*",
              "m7i.*",
              "c6i.*",
              "r6i.*",
              "db.r6g.*",
              "db.r7g.*",
              "db.serverless",
              "e2-standard-*",
              "n2-standard-*",
              "db-custom-*",
            ],
            description: "Allowed size patterns",
          },
        },
      },
    },
    [T.nodeGroup, T.rdsInstance, T.nodePool, T.cloudSql],
    (props, report, { args, config }) => {
      const off = sizesOf(args.type, props).filter((size) => !config.allowed.some((p) => matchesPattern(size, p)));
      if (off.length > 0) {
        report(`${label(args)} uses ${off.join(", ")}, not allowed here (allowed: ${config.allowed.join(", ")}).`);
      }
    },
  );

export const offHoursSchedule = () =>
  stackRule<{ required: boolean }>(
    {
      name: "off-hours-schedule",
      area: "cost-hygiene",
      description: "Stacks that must save money out of hours (non-prod) have an off-hours schedule.",
      severity: "low",
      remediation: "add a schedule (pulumi config set --path schedule.stop 20:00); see docs/schedules.md.",
      configSchema: {
        properties: { required: { type: "boolean", default: false, description: "A schedule must exist" } },
      },
    },
    (resources, report, { config }) => {
      if (config.required && ofType(resources, T.awsSchedule, T.gcpSchedulerJob).length === 0) {
        report(
          "The stack has no off-hours schedule, so it runs (and bills) around the clock.",
          ofType(resources, ROOT_STACK_TYPE)[0]?.urn,
        );
      }
    },
  );

export const explicitProvider = () =>
  resourceRule(
    {
      name: "explicit-provider",
      area: "cost-hygiene",
      description: "Every cloud resource names its provider: nothing lands in an ambient region or account.",
      severity: "high",
      remediation: "pass the site's provider (opts.provider or the parent's providers) to the resource.",
    },
    // The engine hands rules every type; only cloud types need a provider of ours.
    ["*"],
    (_props, report, { args }) => {
      const cloud = args.type.split(":")[0];
      if (!["aws", "gcp", "kubernetes", "random"].includes(cloud)) {
        return;
      }
      const name = args.provider?.name ?? "";
      // The engine names default providers default_<version>.
      if (name === "" || name.startsWith("default")) {
        report(`${label(args)} uses the default provider${name ? ` (${name})` : ""}.`);
      }
    },
  );

export const costHygieneRules = () => [
  requiredTags(),
  eksUpgradePolicy(),
  allowedInstanceTypes(),
  offHoursSchedule(),
  explicitProvider(),
];
