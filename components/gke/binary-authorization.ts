import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** The repository of an image reference: `repository:tag@digest` without its tag and digest. */
export function repositoryOf(reference: string): string {
  const withoutDigest = reference.split("@")[0];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/** Arguments of {@link createBinaryAuthorizationPolicy}. */
export interface BinaryAuthorizationPolicyArgs {
  /** The image references the project's clusters run: their repositories are the only ones admitted. */
  readonly images: readonly string[];
  /** `deny` blocks any other image; `warn` only writes the violation to the audit log (dry run). */
  readonly mode: "deny" | "warn";
}

/**
 * The project's Binary Authorization policy (one per project: a project shared with other clusters shares it):
 * Google's own system images pass (`globalPolicyEvaluationMode`), images from the repositories the platform runs
 * pass, anything else is denied. `repository:*` matches any tag and digest of that repository and nothing else
 * (`*` never crosses a `/`); that each image is pinned by digest is the ValidatingAdmissionPolicy's to enforce
 * (components/kubernetes/pinned-images-admission.ts), since an allowlisted image is exempt from rules here.
 * A cluster enforces it with `binaryAuthorization.evaluationMode: PROJECT_SINGLETON_POLICY_ENFORCE`.
 * @see https://cloud.google.com/binary-authorization/docs/policy-yaml-reference
 */
export function createBinaryAuthorizationPolicy(
  parent: pulumi.Resource,
  name: string,
  args: BinaryAuthorizationPolicyArgs,
): gcp.binaryauthorization.Policy {
  const repositories = [...new Set(args.images.map(repositoryOf))].sort();
  return new gcp.binaryauthorization.Policy(
    name,
    {
      description: "Admits Google's system images and the platform's repositories only",
      globalPolicyEvaluationMode: "ENABLE",
      admissionWhitelistPatterns: repositories.map((repository) => ({ namePattern: `${repository}:*` })),
      defaultAdmissionRule: {
        evaluationMode: "ALWAYS_DENY",
        enforcementMode: args.mode === "deny" ? "ENFORCED_BLOCK_AND_AUDIT_LOG" : "DRYRUN_AUDIT_LOG_ONLY",
      },
    },
    { parent },
  );
}
