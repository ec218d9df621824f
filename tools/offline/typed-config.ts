import { formatProblems, parseStackConfig, StackConfig } from "../../stack-config";
import { ConfigProblemsError } from "./render";
import { ConfigOverride, loadStackConfig, REPO_ROOT } from "./stack-files";

/**
 * A stack's validated config as the program sees it (config.ts), read from the stack files with the
 * same overrides a render gets: for tools that need the config beside the graph (the schedule, the DR
 * mode). Throws ConfigProblemsError, listing every problem, when the program would reject it.
 */
export function loadTypedConfig(
  stack: string,
  overrides: readonly ConfigOverride[] = [],
  root = REPO_ROOT,
): StackConfig {
  const { project, config } = loadStackConfig(stack, overrides, root);
  const prefix = `${project}:`;
  const raw: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(config)) {
    if (key.startsWith(prefix)) {
      raw[key.slice(prefix.length)] = decode(text);
    }
  }
  const result = parseStackConfig(raw, { project, stack });
  if (!result.ok) {
    throw new ConfigProblemsError(formatProblems(stack, result.problems));
  }
  return result.config;
}

/** As config.ts decodes engine config: structured and numeric values are JSON, plain strings are not. */
function decode(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
