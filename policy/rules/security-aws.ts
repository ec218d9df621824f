import { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../lib/rule";
import { at, bool, isUnknown, json, label, list, num, obj, ofType, referencing, str, strings } from "../lib/read";
import { T } from "../lib/sites";

/** Security baselines for the AWS sites: encryption with our own keys, private endpoints, IMDSv2. */

const ALL_EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const eksSecretsEncryption = () =>
  resourceRule(
    {
      name: "eks-secrets-encryption",
      area: "security",
      description: "EKS envelope-encrypts Kubernetes Secrets with a customer KMS key.",
      severity: "high",
      remediation: "set encryptionConfig {resources: [secrets], provider.keyArn} (the EksCluster component does).",
      checkov: ["CKV_AWS_58"],
      trivy: ["AVD-AWS-0039"],
    },
    [T.eks],
    (props, report, { args }) => {
      const config = obj(props.encryptionConfig);
      if (!strings(config.resources).includes("secrets") || !str(at(config, "provider.keyArn"))) {
        report(`${label(args)} does not encrypt Secrets with a KMS key.`);
      }
    },
  );

export const eksEndpointRestricted = () =>
  resourceRule(
    {
      name: "eks-endpoint-restricted",
      area: "security",
      description: "The EKS API endpoint is private, or public only to listed CIDRs (never 0.0.0.0/0).",
      severity: "critical",
      remediation: "leave eks.publicAccessCidrs empty, or list only your office/VPN CIDRs.",
      checkov: ["CKV_AWS_39", "CKV_AWS_38"],
      trivy: ["AVD-AWS-0040", "AVD-AWS-0041"],
    },
    [T.eks],
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
    [T.eks],
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
      checkov: ["CKV_AWS_79", "CKV_AWS_341"],
      trivy: ["AVD-AWS-0028", "AVD-AWS-0130"],
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

export const ebsEncryptedCmk = () =>
  resourceRule(
    {
      name: "ebs-encrypted-cmk",
      area: "security",
      description: "Node volumes are encrypted with a customer KMS key.",
      severity: "high",
      remediation: "set blockDeviceMappings[].ebs {encrypted: true, kmsKeyId} on the launch template.",
    },
    [T.launchTemplate],
    (props, report, { args }) => {
      const volumes = list(props.blockDeviceMappings).map((m) => obj(obj(m).ebs));
      const weak = volumes.filter((ebs) => bool(ebs.encrypted) !== true || !str(ebs.kmsKeyId));
      if (volumes.length === 0 || weak.length > 0) {
        report(
          `${label(args)} has ${volumes.length === 0 ? "no volume mapping (the AMI default is unencrypted)" : `${weak.length} volume(s) without a customer KMS key`}.`,
        );
      }
    },
  );

export const auroraEncryptedCmk = () =>
  resourceRule(
    {
      name: "aurora-encrypted-cmk",
      area: "security",
      description: "Aurora storage is encrypted with a customer KMS key.",
      severity: "high",
      remediation: "set storageEncrypted true and kmsKeyId (the Aurora component creates the key).",
      checkov: ["CKV_AWS_96", "CKV_AWS_327"],
      trivy: ["AVD-AWS-0079"],
    },
    [T.rdsCluster],
    (props, report, { args }) => {
      if (bool(props.storageEncrypted) !== true || !str(props.kmsKeyId)) {
        report(
          `${label(args)} has storageEncrypted ${String(props.storageEncrypted ?? false)} and ${str(props.kmsKeyId) ? "a" : "no"} KMS key.`,
        );
      }
    },
  );

export const messagingEncryptedCmk = () =>
  resourceRule(
    {
      name: "messaging-encrypted-cmk",
      area: "security",
      description: "SQS queues and SNS topics are encrypted with a customer KMS key.",
      severity: "high",
      remediation: "set kmsMasterKeyId to a customer key (the Queue and Alarms components do).",
      checkov: ["CKV_AWS_27", "CKV2_AWS_73"],
      trivy: ["AVD-AWS-0096", "AVD-AWS-0135"],
    },
    [T.queue, T.topic],
    (props, report, { args }) => {
      const key = str(props.kmsMasterKeyId);
      // alias/aws/sqs and alias/aws/sns (or their ARNs) are AWS-managed keys: no key policy of ours.
      if (!key || /(^|:)alias\/aws\//.test(key)) {
        report(
          `${label(args)} is ${key ? `encrypted with the AWS-managed ${key}` : "not encrypted with a customer KMS key"}.`,
        );
      }
    },
  );

export const kmsKeyRotation = () =>
  resourceRule(
    {
      name: "kms-key-rotation",
      area: "security",
      description: "Symmetric customer KMS keys rotate yearly.",
      severity: "medium",
      remediation: "set enableKeyRotation true (createCustomerKey in components/aws/kms.ts does).",
      checkov: ["CKV_AWS_7"],
      trivy: ["AVD-AWS-0065"],
    },
    [T.kmsKey],
    (props, report, { args }) => {
      const symmetric =
        (str(props.customerMasterKeySpec) ?? str(props.keySpec) ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT";
      if (symmetric && bool(props.enableKeyRotation) !== true) {
        report(`${label(args)} does not rotate.`);
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

/**
 * Buckets written only by AWS log delivery, which accepts SSE-S3 and not SSE-KMS: a load balancer's access
 * log bucket or a server access logging target. Found through property dependencies, which a preview knows
 * even when the bucket's name and policy are not known yet.
 */
function isLogDeliveryBucket(resources: PolicyResource[], bucket: PolicyResource): boolean {
  return (
    referencing(resources, bucket, T.loadBalancer, "accessLogs").length > 0 ||
    referencing(resources, bucket, T.bucketLogging, "targetBucket").length > 0
  );
}

export const s3EncryptedCmk = () =>
  stackRule(
    {
      name: "s3-encrypted-cmk",
      area: "security",
      description:
        "Every bucket has default encryption with a customer KMS key; log-delivery buckets (which AWS allows only SSE-S3) at least SSE-S3.",
      severity: "high",
      remediation:
        "add a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and kmsMasterKeyId (ObjectStore does).",
      checkov: ["CKV_AWS_19", "CKV_AWS_145"],
      trivy: ["AVD-AWS-0088", "AVD-AWS-0132"],
    },
    (resources, report) => {
      for (const bucket of ofType(resources, T.bucket)) {
        const rules = referencing(resources, bucket, T.bucketSse, "bucket").flatMap((c) =>
          list(c.props.rules).map((r) => obj(obj(r).applyServerSideEncryptionByDefault)),
        );
        const kms = rules.some((r) => str(r.sseAlgorithm)?.startsWith("aws:kms") && str(r.kmsMasterKeyId));
        const logBucket = isLogDeliveryBucket(resources, bucket);
        if (!kms && !(logBucket && rules.some((r) => r.sseAlgorithm === "AES256"))) {
          report(
            `${label(bucket)} has ${rules.length === 0 ? "no default encryption" : "default encryption without a customer KMS key"}.`,
            bucket.urn,
          );
        }
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

export const securityAwsRules = () => [
  eksSecretsEncryption(),
  eksEndpointRestricted(),
  eksControlPlaneLogging(),
  imdsv2Required(),
  ebsEncryptedCmk(),
  auroraEncryptedCmk(),
  messagingEncryptedCmk(),
  kmsKeyRotation(),
  databaseNotPublic(),
  s3EncryptedCmk(),
  s3PublicAccessBlocked(),
  s3TlsOnly(),
];
