import { PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../lib/rule";
import { at, bool, label, list, obj, ofType, referencing, str, strings } from "../lib/read";
import { T } from "../lib/sites";

/** Encryption at rest with our own keys: EKS Secrets, node volumes, Aurora, queues and topics, buckets; keys rotate. */

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
    [T.eksCluster],
    (props, report, { args }) => {
      const config = obj(props.encryptionConfig);
      if (!strings(config.resources).includes("secrets") || !str(at(config, "provider.keyArn"))) {
        report(`${label(args)} does not encrypt Secrets with a KMS key.`);
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
      related: [
        {
          id: "CKV_AWS_27",
          difference:
            "CKV_AWS_27 passes a queue with SQS-managed SSE or any kms_master_key_id, alias/aws/sqs included; ours requires a customer KMS key on queues and topics.",
        },
        {
          id: "CKV2_AWS_73",
          difference:
            "CKV2_AWS_73 fails only kms_master_key_id alias/aws/sqs and passes a queue with no key at all; ours requires a customer KMS key on queues and topics.",
        },
        {
          id: "AVD-AWS-0096",
          difference:
            "AVD-AWS-0096 passes a queue with SQS-managed SSE or any KMS key, AWS-managed included; ours requires a customer KMS key.",
        },
        {
          id: "AVD-AWS-0135",
          difference:
            "AVD-AWS-0135 fails only the key alias/aws/sqs and passes a queue with no key at all; ours requires a customer KMS key.",
        },
      ],
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
      related: [
        {
          id: "CKV_AWS_19",
          difference:
            "CKV_AWS_19 passes SSE-S3 (AES256) and a bucket with no encryption configuration at all; ours requires a customer KMS key except on log-delivery buckets.",
        },
        {
          id: "CKV_AWS_145",
          difference:
            "CKV_AWS_145 passes aws:kms without a key ID (AWS's aws/s3 key) and fails the log-delivery buckets AWS allows only SSE-S3; ours requires a customer key and holds those buckets to SSE-S3.",
        },
        {
          id: "AVD-AWS-0088",
          difference:
            "AVD-AWS-0088 (deprecated) passes any default encryption, SSE-S3 included; ours requires a customer KMS key.",
        },
        {
          id: "AVD-AWS-0132",
          difference:
            "AVD-AWS-0132 exempts only buckets whose ACL, grants or policy let S3 server access logging write (not a load balancer's log bucket) and asks them for no encryption; ours finds both kinds of log bucket by reference and holds them to SSE-S3.",
        },
      ],
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

export const logGroupsEncryptedCmk = () =>
  resourceRule(
    {
      name: "log-groups-encrypted-cmk",
      area: "security",
      description: "Every CloudWatch Logs group is encrypted with a customer KMS key (audit trails among them).",
      severity: "medium",
      remediation:
        "create the group with createEncryptedLogGroup (components/aws/log-group.ts), which gives it a key of its own.",
      checkov: ["CKV_AWS_158"],
      trivy: ["AVD-AWS-0017"],
    },
    [T.logGroup],
    (props, report, { args }) => {
      const key = props.kmsKeyId;
      if (key === undefined || key === null || key === "" || /(^|:)alias\/aws\//.test(String(str(key) ?? ""))) {
        report(`${label(args)} is not encrypted with a customer KMS key.`);
      }
    },
  );

export const encryptionRules = () => [
  eksSecretsEncryption(),
  ebsEncryptedCmk(),
  auroraEncryptedCmk(),
  messagingEncryptedCmk(),
  kmsKeyRotation(),
  s3EncryptedCmk(),
  logGroupsEncryptedCmk(),
];
