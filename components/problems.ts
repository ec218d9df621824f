import * as pulumi from "@pulumi/pulumi";

/** One bad argument: which one, what was wrong with the value given, and how to fix it. */
export interface ArgProblem {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** A problem when `value` is not an integer from `min` to `max`; `why` says where the bounds come from. */
export function intRange(path: string, value: number, min: number, max: number, why: string): ArgProblem[] {
  return Number.isInteger(value) && value >= min && value <= max
    ? []
    : [{ path, message: `got ${value}; ${why}`, fix: `pass an integer from ${min} to ${max}` }];
}

/** One message listing every problem, in the same shape as the stack config's errors. */
export function formatProblems(component: string, problems: readonly ArgProblem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return [
    `${component} has invalid args (${count}):`,
    ...problems.map((p) => `  - \`${p.path}\`: ${p.message}. Fix: ${p.fix}`),
  ].join("\n");
}

/** Throws one ResourceError naming the component and every problem, before any child is registered. */
export function failOnProblems(resource: pulumi.Resource, component: string, problems: readonly ArgProblem[]): void {
  if (problems.length > 0) {
    throw new pulumi.ResourceError(formatProblems(component, problems), resource);
  }
}
