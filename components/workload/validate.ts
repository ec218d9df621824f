/** The replica settings of a SampleService, checked before anything is registered. */
export interface ReplicaSettings {
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/**
 * Every problem with the replica settings, each naming the argument, quoting the value and giving the fix
 * (empty when they are valid). With the PDB's maxUnavailable of 1, any minReplicas >= 1 leaves evictions
 * possible, so node drains never block on this service.
 */
export function replicaProblems(s: ReplicaSettings): string[] {
  const problems: string[] = [];
  const whole = (key: string, value: number, min: number, why: string) => {
    if (!Number.isInteger(value) || value < min) {
      problems.push(`\`${key}\`: got ${value}; ${why}. Fix: set ${key} to a whole number >= ${min}`);
      return false;
    }
    return true;
  };
  const minOk = whole("minReplicas", s.minReplicas, 1, "the HPA cannot scale a Deployment to zero");
  const maxOk = whole("maxReplicas", s.maxReplicas, 1, "the HPA needs at least one replica");
  if (minOk && maxOk && s.minReplicas > s.maxReplicas) {
    problems.push(
      `\`minReplicas\`: got ${s.minReplicas}, above \`maxReplicas\` (${s.maxReplicas}); the HPA rejects min > max. ` +
        `Fix: lower minReplicas to at most ${s.maxReplicas} or raise maxReplicas to at least ${s.minReplicas}`,
    );
  }
  return problems;
}
