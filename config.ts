import * as pulumi from "@pulumi/pulumi";
import { formatProblems, parseEngineConfig, StackConfig } from "./stack-config";

export { StackConfig } from "./stack-config";

/**
 * The program's only reader of Pulumi config. Every key the engine passes is looked at, in every namespace
 * (`pulumi.runtime.allConfig()`: `new pulumi.Config()` would show only the project's, and a key under a
 * misspelt namespace would then silently fall back to its default); the project's keys are validated at
 * once and returned typed and frozen. Any problem stops the run before a single resource is registered,
 * with one message listing them all.
 */
export function loadConfig(): StackConfig {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const result = parseEngineConfig(pulumi.runtime.allConfig(), { project, stack });
  if (!result.ok) {
    throw new pulumi.RunError(formatProblems(stack, result.problems));
  }
  return result.config;
}
