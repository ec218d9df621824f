import { createHash } from "crypto";

/**
 * Physical (cloud-side) name for a resource: the logical name plus the stack, lower-cased and kept
 * within `maxLength` by replacing the tail with a short hash, so two stacks in one account never
 * collide while logical names (and so URNs) stay the same in every stack.
 */
export function physicalName(name: string, stack: string, maxLength = 63): string {
  const full = `${name}-${stack}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  if (full.length <= maxLength) {
    return full;
  }
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** The tags every AWS resource carries (through the providers' default tags). */
export interface StandardTagInput {
  readonly environment: string;
  readonly stack: string;
  readonly service: string;
  readonly owner: string;
  readonly costCenter: string;
}

export function standardTags(t: StandardTagInput): Record<string, string> {
  return {
    environment: t.environment,
    stack: t.stack,
    service: t.service,
    owner: t.owner,
    "cost-center": t.costCenter,
    "managed-by": "pulumi",
  };
}

/**
 * The same tags as GCP labels, whose keys and values allow only lowercase letters, digits, `_` and `-`
 * (63 characters at most; keys must start with a letter).
 * @see https://cloud.google.com/compute/docs/labeling-resources#requirements
 */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63);
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [clean(k).replace(/^[^a-z]+/, ""), clean(v)]));
}
