import { GraphResource, referrers, resolve, sites } from "@dr-platform/model";
import { asGraph } from "../lib/as-graph";
import { stackRule } from "../lib/rule";
import { at, label, list, num, obj, str } from "../lib/read";
import { T } from "../lib/sites";

/** Secrets that hold database passwords: keys of our own in every Region, and a master password that rotates. */

/** A KMS key reference that is AWS's default key for a service, or none at all. */
const awsOwnedKey = (value: unknown) =>
  value === undefined || value === null || value === "" || /(^|:)alias\/aws\//.test(String(str(value) ?? ""));

export const secretsEncryptedCmk = () =>
  stackRule(
    {
      name: "secrets-encrypted-cmk",
      area: "security",
      description:
        "Every Secrets Manager secret is encrypted with a customer KMS key of the stack, and so is each of its replicas in another Region (with a key of that Region).",
      severity: "medium",
      remediation:
        "give the secret a customer key (kmsKeyId) and each replica one in its Region (the Aurora component's secretReplica.kmsKeyArn).",
      related: [
        {
          id: "CKV_AWS_149",
          difference:
            "CKV_AWS_149 accepts any kms_key_id that is not an alias/aws/ alias, a key outside the stack too, and never looks at replicas; ours requires a KMS key of the stack for the secret and for each replica.",
        },
      ],
    },
    (resources, report) => {
      const graph = asGraph(resources);
      for (const secret of graph.resources.filter((r) => r.type === T.secret)) {
        if (awsOwnedKey(secret.inputs.kmsKeyId) || resolve(graph, secret, "kmsKeyId", T.kmsKey).length === 0) {
          report(`${label(secret)} is encrypted with AWS's key, not a customer key of the stack.`, secret.urn);
        }
        const replicas = list(secret.inputs.replicas).map(obj);
        const keyed = resolve(graph, secret, "replicas", T.kmsKey);
        const unkeyed = replicas.filter((r) => awsOwnedKey(r.kmsKeyId)).map((r) => str(r.region) ?? "?");
        if (unkeyed.length > 0 || keyed.length < replicas.length) {
          const where = unkeyed.length > 0 ? unkeyed.join(", ") : "another Region";
          report(`${label(secret)}'s replica in ${where} is encrypted with AWS's key there.`, secret.urn);
        }
      }
    },
  );

/**
 * The secrets that hold an Aurora cluster's master password: the cluster's `masterPassword` comes from a
 * generated password, and a secret version whose value is built from that same password names its secret.
 */
function masterSecrets(graph: ReturnType<typeof asGraph>, cluster: GraphResource): GraphResource[] {
  return resolve(graph, cluster, "masterPassword", T.randomPassword)
    .flatMap((password) => referrers(graph, password, "secretString", T.secretVersion))
    .flatMap((version) => resolve(graph, version, "secretId", T.secret));
}

export const databasePasswordRotation = () =>
  stackRule<{ required: boolean; maxDays: number }>(
    {
      name: "database-password-rotation",
      area: "security",
      description:
        "The master password of every Aurora cluster that writes is rotated by Secrets Manager at least every `maxDays` days (the secret its version is written to has a rotation schedule).",
      severity: "high",
      remediation:
        "keep the environment's passwordRotationDays (stack-config/profiles.ts): the Aurora component's passwordRotation deploys AWS's rotation function and schedule.",
      configSchema: {
        properties: {
          required: { type: "boolean", default: true },
          maxDays: { type: "number", default: 30 },
        },
      },
    },
    (resources, report, { config }) => {
      if (!config.required) return;
      const graph = asGraph(resources);
      // The rotation function runs beside the cluster that writes; while the other Region writes (after a
      // failover) the built primary's rotation is paused on purpose (components/data/password-rotation.ts).
      const standby = new Set(
        sites(graph)
          .filter((s) => s.role === "secondary")
          .flatMap((s) => s.resources.map((r) => r.urn)),
      );
      for (const cluster of graph.resources.filter((r) => r.type === T.rdsCluster && !standby.has(r.urn))) {
        for (const secret of masterSecrets(graph, cluster)) {
          const rotations = referrers(graph, secret, "secretId", T.secretRotation);
          if (rotations.length === 0) {
            report(`${label(secret)} holds ${label(cluster)}'s master password, which never rotates.`, secret.urn);
            continue;
          }
          for (const rotation of rotations) {
            const days = num(at(rotation.inputs, "rotationRules.automaticallyAfterDays"));
            if (days !== undefined && days > config.maxDays) {
              report(`${label(secret)} rotates every ${days} days; at most ${config.maxDays} are allowed.`, secret.urn);
            }
            if (days === undefined && str(at(rotation.inputs, "rotationRules.scheduleExpression")) === undefined) {
              report(`${label(rotation)} has no schedule.`, rotation.urn);
            }
          }
        }
      }
    },
  );

export const credentialRules = () => [secretsEncryptedCmk(), databasePasswordRotation()];
