import { suggest } from "./did-you-mean";
import { Problem } from "./problems";
import { stackConfigSchema } from "./schema";

/**
 * The config as the engine hands it to a program (every key with its namespace, every value a string):
 * under `pulumi up` it is `pulumi.runtime.allConfig()` (the PULUMI_CONFIG the CLI sets, every namespace,
 * where `new pulumi.Config()` would show only the project's), offline the stack files as the loader reads
 * them. `config.ts` and the offline loader both pass it through here, so a key in a namespace nothing
 * reads is reported the same way under both, and never just falls back to its default.
 */

/** Namespaces read by the providers this program uses, and the engine's own. */
export const PROVIDER_NAMESPACES = ["aws", "gcp", "kubernetes", "pulumi", "random"] as const;

export interface ProjectKeys {
  /** The project's keys, namespace stripped, structured and numeric values parsed. */
  readonly raw: Record<string, unknown>;
  /** Keys in no namespace this program reads, in the order given. */
  readonly problems: Problem[];
}

/** Splits engine config into the project's keys and a problem for each key no namespace here reads. */
export function projectKeys(all: Readonly<Record<string, string>>, project: string): ProjectKeys {
  const raw: Record<string, unknown> = {};
  const problems: Problem[] = [];
  const topLevel = Object.keys(stackConfigSchema.shape);
  const namespaces = [project, ...PROVIDER_NAMESPACES];
  for (const [fullKey, text] of Object.entries(all)) {
    const colon = fullKey.indexOf(":");
    const namespace = colon < 0 ? undefined : fullKey.slice(0, colon);
    const name = colon < 0 ? fullKey : fullKey.slice(colon + 1);
    if (namespace === project) {
      raw[name] = decode(text);
      continue;
    }
    if (namespace !== undefined && (PROVIDER_NAMESPACES as readonly string[]).includes(namespace)) {
      continue;
    }
    // The key it was probably meant to be: this project's, or a provider's when the namespace is close to one.
    const guessedNamespace = namespace === undefined ? project : suggest(namespace, namespaces);
    const guess =
      guessedNamespace === undefined
        ? undefined
        : `${guessedNamespace}:${guessedNamespace === project ? (suggest(name, topLevel) ?? name) : name}`;
    const what =
      namespace === undefined
        ? "no namespace"
        : `the namespace \`${namespace}\` is neither this project's nor a provider's`;
    problems.push({
      path: fullKey,
      message: guess
        ? `${what} (did you mean \`${guess}\`?)`
        : `${what}; this program reads \`${project}:\` keys and its providers' (${PROVIDER_NAMESPACES.map((n) => `${n}:`).join(", ")})`,
      fix: guess ? `rename it to \`${guess}\` in the stack file` : `remove it (\`pulumi config rm ${fullKey}\`)`,
    });
  }
  return { raw, problems };
}

/** Structured and numeric values arrive as JSON text; plain strings do not parse and stay strings. */
function decode(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
