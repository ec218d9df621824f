import { formatProblem, parseStackConfig } from "../stack-config";
import { loadStackConfig } from "../tools/offline/stack-files";

/**
 * A shipped stack's config as the program reads it (namespace stripped, structured values parsed), for
 * table tests that edit one key and expect exact problems.
 */
export function raw(stack: string): Record<string, any> {
  const { config } = loadStackConfig(stack);
  const out: Record<string, any> = {};
  for (const [key, text] of Object.entries(config)) {
    if (key.startsWith("dr-platform:")) {
      try {
        out[key.slice("dr-platform:".length)] = JSON.parse(text);
      } catch {
        out[key.slice("dr-platform:".length)] = text;
      }
    }
  }
  return out;
}

/** The problems the validator reports for the stack's config after `edit` (none when it is valid). */
export function problems(stack: string, edit: (r: Record<string, any>) => void): string[] {
  const r = raw(stack);
  edit(r);
  const result = parseStackConfig(r, { project: "dr-platform", stack });
  return result.ok ? [] : result.problems.map(formatProblem);
}
