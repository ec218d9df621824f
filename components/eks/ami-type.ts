/**
 * The EKS-optimised AMI family for a node group's instance types: Graviton families (a `g` after the
 * generation digit, e.g. m7g, c6gn) need the ARM image. Mixed architectures in one group cannot work,
 * because a managed node group has exactly one AMI type.
 */
export function amiTypeFor(instanceTypes: readonly string[]): "AL2023_x86_64_STANDARD" | "AL2023_ARM_64_STANDARD" {
  const arm = instanceTypes.map((t) => /^[a-z]+\d+g[a-z]*\./.test(t));
  if (arm.some((a) => a !== arm[0])) {
    throw new Error(
      `instance types ${instanceTypes.join(", ")} mix ARM (Graviton) and x86; use one architecture per group`,
    );
  }
  return arm[0] ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}
