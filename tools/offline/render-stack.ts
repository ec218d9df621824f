import * as fs from "fs";
import { ToolIo, UsageError } from "./cli";
import { Graph } from "./graph";
import { ConfigOverride, listStacks, parseOverride } from "./stack-files";

/**
 * Which stacks a tool renders and with what overrides, from its command line: the part every tool
 * that reads the offline plan shares (plan, resilience). Messages are the plan command's, so every tool
 * answers a wrong command line the same way.
 */
export interface StackArgs {
  readonly all: boolean;
  readonly positionals: readonly string[];
  /** --secondary aws|gcp */
  readonly secondary?: string;
  /** --set PATH=VALUE, each */
  readonly set?: readonly string[];
  /** File options that must hold `{stack}` with --all, by option name (e.g. { json: "plans/x.json" }). */
  readonly perStackFiles?: Readonly<Record<string, string | undefined>>;
}

export interface StackSelection {
  readonly stacks: string[];
  readonly overrides: ConfigOverride[];
}

/** The stacks named on the command line (or all of them) and the config overrides; UsageError if wrong. */
export function selectStacks(args: StackArgs): StackSelection {
  const known = listStacks();
  if (args.all === args.positionals.length > 0 || args.positionals.length > 1) {
    throw new UsageError("name one stack, or pass --all");
  }
  const stacks = args.all ? known : [...args.positionals];
  const unknown = stacks.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new UsageError(`unknown stack "${unknown[0]}"; the stacks are ${known.join(", ")}`);
  }
  for (const [option, file] of Object.entries(args.perStackFiles ?? {})) {
    if (args.all && file !== undefined && !file.includes("{stack}")) {
      throw new UsageError(`with --all, put {stack} in the --${option} file name (e.g. plans/{stack}.${option})`);
    }
  }
  if (args.secondary !== undefined && !["aws", "gcp"].includes(args.secondary)) {
    throw new UsageError(`--secondary takes aws or gcp, got "${args.secondary}"`);
  }
  const overrides: ConfigOverride[] = (args.set ?? []).map((text) => {
    try {
      return parseOverride(text);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  if (args.secondary !== undefined) {
    overrides.push(["secondary.cloud", args.secondary]);
  }
  return { stacks, overrides };
}

/** Renders one selected stack (the real program under the mock engine) with the tool's renderer. */
export const renderSelected = (stack: string, selection: StackSelection, io: ToolIo): Promise<Graph> =>
  io.render({ stack, overrides: selection.overrides });

/** A graph saved by `npm run plan -- <stack> --json FILE`; UsageError when it is not one. */
export function readPlanFile(file: string): Graph {
  let graph: Partial<Graph>;
  try {
    graph = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Graph>;
  } catch (err) {
    throw new UsageError(`--plan ${file}: ${(err as Error).message}`);
  }
  if (typeof graph.stack !== "string" || !Array.isArray(graph.resources) || typeof graph.outputs !== "object") {
    throw new UsageError(`--plan ${file}: not a plan graph (expected stack, project, resources and outputs)`);
  }
  return graph as Graph;
}
