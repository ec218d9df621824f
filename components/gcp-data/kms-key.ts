import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** Ninety days: the rotation period Google's CMEK guidance and the CIS benchmark ask for at most. */
export const KEY_ROTATION_PERIOD = `${90 * 24 * 3600}s`;

/** What {@link createGcpKey} needs besides its parent component and name. */
export interface GcpKeyArgs {
  /** The key's location: the region of the data it encrypts (GKE, Cloud SQL and GCS require the same). */
  readonly location: pulumi.Input<string>;
  /**
   * IAM members (service agents) given `roles/cloudkms.cryptoKeyEncrypterDecrypter` on this key only,
   * keyed by a short suffix that becomes part of the grant's logical name.
   */
  readonly encrypters: Readonly<Record<string, pulumi.Input<string>>>;
  /** Pulumi `protect` on the key ring and key: whatever they encrypt is lost with them. */
  readonly protect: boolean;
  /** Labels on the key. @default none */
  readonly labels?: Record<string, string>;
  /** What must exist before the grants (a service agent created on demand). @default none */
  readonly dependsOn?: pulumi.Resource[];
}

/** The key and the grants that must exist before a service can encrypt with it (for `dependsOn`). */
export interface GcpKey {
  readonly key: gcp.kms.CryptoKey;
  readonly grants: gcp.kms.CryptoKeyIAMMember[];
}

/**
 * A Cloud KMS key ring and symmetric key with 90-day rotation, and encrypt/decrypt grants on that key
 * alone for the service agents that use it. Both names are left to Pulumi's autonaming (a random
 * suffix): Cloud KMS never deletes key rings or keys, so `pulumi destroy` only forgets them (and
 * schedules the key's versions for destruction), and a fixed name could never be created again by a
 * stack that is torn down and rebuilt.
 * @see https://cloud.google.com/kms/docs/resource-hierarchy#lifetime
 */
export function createGcpKey(parent: pulumi.Resource, name: string, args: GcpKeyArgs): GcpKey {
  const stateful = { parent, protect: args.protect };
  const ring = new gcp.kms.KeyRing(name, { location: args.location }, stateful);
  const key = new gcp.kms.CryptoKey(
    name,
    {
      keyRing: ring.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: KEY_ROTATION_PERIOD,
      // The longest Cloud KMS allows before a destroyed version is gone: time to notice a mistake.
      destroyScheduledDuration: `${120 * 24 * 3600}s`,
      labels: args.labels,
    },
    stateful,
  );
  const grants = Object.entries(args.encrypters).map(
    ([suffix, member]) =>
      new gcp.kms.CryptoKeyIAMMember(
        `${name}-${suffix}`,
        { cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member },
        { parent, dependsOn: args.dependsOn },
      ),
  );
  return { key, grants };
}
