import { formatProblems, parseEngineConfig, StackConfig } from "../../stack-config";
import { ConfigOverride, ConfigProblemsError, loadStackConfig, REPO_ROOT } from "./stack-files";

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
  const result = parseEngineConfig(config, { project, stack });
  if (!result.ok) {
    throw new ConfigProblemsError(formatProblems(stack, result.problems));
  }
  return result.config;
}
