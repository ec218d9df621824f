import * as pulumi from "@pulumi/pulumi";
import { formatProblems, parseStackConfig, StackConfig } from "./stack-config";

export { StackConfig } from "./stack-config";

/**
 * The program's only reader of Pulumi config. Every key in the project's namespace is collected
 * (so unknown keys can be reported), validated at once, and returned typed and frozen; any problem
 * stops the run before a single resource is registered, with one message listing them all.
 */
export function loadConfig(): StackConfig {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const prefix = `${project}:`;
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(pulumi.runtime.allConfig())) {
    if (fullKey.startsWith(prefix)) {
      raw[fullKey.slice(prefix.length)] = decode(text);
    }
  }
  const result = parseStackConfig(raw, { project, stack });
  if (!result.ok) {
    throw new pulumi.RunError(formatProblems(stack, result.problems));
  }
  return result.config;
}

/** Structured and numeric values arrive as JSON text; plain strings do not parse and stay strings. */
function decode(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
