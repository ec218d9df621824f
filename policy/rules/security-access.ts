import { lintPolicyDocument, policyDocumentsOf } from "../lib/iam-lint";
import { asyncResourceRule, resourceRule, stackRule } from "../lib/rule";
import { at, bool, isUnknown, json, label, num, obj, ofType, referencing, str, strings } from "../lib/read";
import { T } from "../lib/sites";

/** Who can reach what on the AWS sites: private API endpoints, audit logs, IMDSv2, no public data. */

const ALL_EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const eksEndpointRestricted = () =>
  resourceRule(
    {
      name: "eks-endpoint-restricted",
      area: "security",
      description: "The EKS API endpoint is private, or public only to listed CIDRs (never 0.0.0.0/0).",
      severity: "critical",
      remediation: "leave eks.publicAccessCidrs empty, or list only your office/VPN CIDRs.",
      checkov: ["CKV_AWS_38"],
      related: [
        {
          id: "CKV_AWS_39",
          difference:
            "CKV_AWS_39 fails every cluster whose public endpoint is on; ours accepts a public endpoint limited to listed CIDRs.",
        },
        {
          id: "AVD-AWS-0040",
          difference:
            "AVD-AWS-0040 fails every cluster with public access enabled; ours accepts a public endpoint limited to listed CIDRs.",
        },
        {
          id: "AVD-AWS-0041",
          difference:
            "AVD-AWS-0041 fails any public CIDR on the public endpoint (an office or VPN range too); ours fails only 0.0.0.0/0 or an empty list.",
        },
      ],
    },
    [T.eksCluster],
    (props, report, { args }) => {
      const vpc = obj(props.vpcConfig);
      // EKS's own default for endpointPublicAccess is true, and for publicAccessCidrs 0.0.0.0/0.
      if (bool(vpc.endpointPublicAccess) === false) {
        return;
      }
      const cidrs = strings(vpc.publicAccessCidrs);
      if (cidrs.length === 0 || cidrs.includes("0.0.0.0/0")) {
        report(
          `${label(args)} has a public API endpoint open to ${cidrs.length === 0 ? "0.0.0.0/0 (default)" : "0.0.0.0/0"}.`,
        );
      }
    },
  );

export const eksControlPlaneLogging = () =>
  resourceRule(
    {
      name: "eks-control-plane-logging",
      area: "security",
      description: "EKS sends all five control-plane log types to CloudWatch.",
      severity: "medium",
      remediation: "enable api, audit, authenticator, controllerManager and scheduler logs (enabledClusterLogTypes).",
      checkov: ["CKV_AWS_37"],
      trivy: ["AVD-AWS-0038"],
    },
    [T.eksCluster],
    (props, report, { args }) => {
      const enabled = strings(props.enabledClusterLogTypes);
      const missing = ALL_EKS_LOG_TYPES.filter((t) => !enabled.includes(t));
      if (missing.length > 0) {
        report(`${label(args)} does not log ${missing.join(", ")}.`);
      }
    },
  );

export const imdsv2Required = () =>
  resourceRule(
    {
      name: "imdsv2-required",
      area: "security",
      description: "Nodes use IMDSv2 only with a hop limit of 1, through a launch template on every node group.",
      severity: "high",
      remediation:
        "give node groups the NodeGroups launch template (metadataOptions httpTokens required, hop limit 1).",
      checkov: ["CKV_AWS_341"],
      related: [
        {
          id: "CKV_AWS_79",
          difference:
            "CKV_AWS_79 also passes a launch template whose metadata endpoint is disabled with tokens left optional, which ours reports.",
        },
        {
          id: "AVD-AWS-0130",
          difference:
            "AVD-AWS-0130 also passes a launch template whose metadata endpoint is disabled with tokens left optional, which ours reports.",
        },
        {
          id: "AVD-AWS-0028",
          difference:
            "AVD-AWS-0028 judges aws_instance only and never evaluates the launch templates our node groups take their metadata options from.",
        },
      ],
    },
    [T.launchTemplate, T.nodeGroup],
    (props, report, { args }) => {
      if (args.type === T.nodeGroup) {
        // Without a launch template EKS uses its own, which allows IMDSv1 from pods.
        if (!str(at(props, "launchTemplate.id")) && !str(at(props, "launchTemplate.name"))) {
          report(`${label(args)} has no launch template, so IMDSv1 stays reachable.`);
        }
        return;
      }
      const metadata = obj(props.metadataOptions);
      const hops = num(metadata.httpPutResponseHopLimit) ?? 1;
      if (metadata.httpTokens !== "required" || hops > 1) {
        report(
          `${label(args)} has httpTokens "${str(metadata.httpTokens) ?? "optional"}" and hop limit ${hops}; "required" and 1 are required.`,
        );
      }
    },
  );

export const databaseNotPublic = () =>
  resourceRule(
    {
      name: "database-not-public",
      area: "security",
      description: "Database instances have no public address (Aurora instances and Cloud SQL).",
      severity: "critical",
      remediation: "set publiclyAccessible false (Aurora) or settings.ipConfiguration.ipv4Enabled false (Cloud SQL).",
      checkov: ["CKV_AWS_17"],
      trivy: ["AVD-AWS-0180"],
    },
    [T.rdsInstance, T.cloudSql],
    (props, report, { args }) => {
      const exposed =
        args.type === T.rdsInstance
          ? bool(props.publiclyAccessible) === true
          : bool(at(props, "settings.ipConfiguration.ipv4Enabled")) !== false;
      if (exposed) {
        report(`${label(args)} has a public IP address.`);
      }
    },
  );

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlocked = () =>
  stackRule(
    {
      name: "s3-public-access-blocked",
      area: "security",
      description: "Every bucket has a public access block with all four settings on.",
      severity: "critical",
      remediation: "add a BucketPublicAccessBlock with all four flags true.",
      checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"],
      trivy: ["AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"],
    },
    (resources, report) => {
      for (const bucket of ofType(resources, T.bucket)) {
        const blocks = referencing(resources, bucket, T.publicAccessBlock, "bucket");
        const off = PUBLIC_ACCESS_FLAGS.filter((flag) => !blocks.some((b) => bool(b.props[flag]) === true));
        if (off.length > 0) {
          report(`${label(bucket)} does not set ${off.join(", ")}.`, bucket.urn);
        }
      }
    },
  );

/** True when a policy document denies every request that is not over TLS (one statement or a list). */
function deniesInsecureTransport(document: unknown): boolean {
  const statement = obj(json(document)).Statement;
  const statements = (Array.isArray(statement) ? statement : [statement]).map(obj);
  return statements.some((s) => {
    const secure = at(s, "Condition.Bool.aws:SecureTransport");
    return s.Effect === "Deny" && (secure === "false" || secure === false);
  });
}

export const s3TlsOnly = () =>
  stackRule(
    {
      name: "s3-tls-only",
      area: "security",
      description: "Every bucket policy denies requests without TLS (aws:SecureTransport false).",
      severity: "high",
      remediation: 'add a Deny statement on aws:SecureTransport "false" to the bucket policy.',
    },
    (resources, report) => {
      for (const bucket of ofType(resources, T.bucket)) {
        const policies = referencing(resources, bucket, T.bucketPolicy, "bucket");
        // A policy that names its bucket's ARN is unknown until the bucket exists: judged by `pulumi up`.
        if (policies.some((p) => isUnknown(p.props.policy))) {
          continue;
        }
        if (!policies.some((p) => deniesInsecureTransport(p.props.policy))) {
          report(`${label(bucket)} accepts requests without TLS.`, bucket.urn);
        }
      }
    },
  );

/**
 * Every IAM policy document in the stack (role policies, trust policies, key, bucket, queue and topic policies)
 * conforms to the Service Authorization Reference: actions, condition keys and operators exist and fit, and
 * each resource ARN and condition applies to the statement's actions (policy/lib/iam-lint.ts). A misspelt
 * action allows nothing, and a condition a resource type cannot evaluate denies the call: both pass AWS's
 * own validation of the document and fail only when the call is made, during an event.
 */
export const iamConformance = () =>
  asyncResourceRule(
    {
      name: "iam-conformance",
      area: "security",
      description:
        "IAM policy documents use only actions, condition keys, operators and resource ARNs the Service Authorization Reference defines for them.",
      severity: "high",
      remediation:
        "correct the name the message quotes, or split the statement so each condition applies to every resource it names.",
    },
    ["*"],
    async (props, report, { args }) => {
      for (const { path, document } of policyDocumentsOf(props)) {
        for (const problem of await lintPolicyDocument(document)) {
          report(`${label(args)} ${path}: ${problem}.`);
        }
      }
    },
  );

/**
 * The audit logs by the names AWS writes them under: the EKS control plane's (the Kubernetes audit log among its
 * streams), the VPC flow logs (named so by components/network) and Aurora PostgreSQL's log.
 */
export const AUDIT_LOG_GROUPS: readonly { readonly what: string; readonly name: RegExp }[] = [
  { what: "EKS control plane", name: /^\/aws\/eks\/[^/]+\/cluster$/ },
  { what: "VPC flow logs", name: /^\/aws\/vpc\/flow-logs\// },
  { what: "Aurora PostgreSQL", name: /^\/aws\/rds\/cluster\/[^/]+\/postgresql$/ },
];

export const auditLogRetention = () =>
  resourceRule<{ minDays: number }>(
    {
      name: "audit-log-retention",
      area: "security",
      description:
        "The audit logs (EKS control plane, VPC flow logs, Aurora PostgreSQL) are kept at least `minDays` days: a year in prod.",
      severity: "medium",
      // Not CKV_AWS_338: that asks a year of every log group; this asks it of the audit logs, per environment.
      remediation: "keep the site's audit logs as long as its environment's profile says (auditLogRetentionDays).",
      configSchema: { properties: { minDays: { type: "integer", minimum: 1, default: 365, description: "Days" } } },
    },
    [T.logGroup],
    (props, report, { args, config }) => {
      const name = str(props.name) ?? "";
      const audit = AUDIT_LOG_GROUPS.find((a) => a.name.test(name));
      // 0 or unset is "never expire", which keeps them longest.
      const days = num(props.retentionInDays) ?? 0;
      if (audit && days !== 0 && days < config.minDays) {
        report(`${label(args)} (${audit.what}) keeps ${days} day(s); at least ${config.minDays} are required.`);
      }
    },
  );

export const accessRules = () => [
  eksEndpointRestricted(),
  eksControlPlaneLogging(),
  imdsv2Required(),
  databaseNotPublic(),
  s3PublicAccessBlocked(),
  s3TlsOnly(),
  iamConformance(),
  auditLogRetention(),
];
