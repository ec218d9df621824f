import * as fs from "fs";
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";
import { Graph } from "./graph";
import { ConfigProblemsError, renderStack, RenderOptions } from "./render";

/** A wrong command line: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/**
 * What a tool's `main` talks to instead of the process: its two output streams and the renderer. A
 * command-line entry passes {@link processIo}; tests pass their own, so every tool runs in-process (a
 * spawned Node process costs 1.2 to 1.7 s before it does any work) and shares the test run's renders.
 */
export interface ToolIo {
  /** Normal output, one call per line or block (a newline is added). */
  out(text: string): void;
  /** Problems and progress that are not the tool's answer. */
  err(text: string): void;
  /** Renders a stack under the mock engine. @default {@link renderStack} */
  render(options: RenderOptions): Promise<Graph>;
}

export const processIo: ToolIo = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  render: renderStack,
};

/** A tool's entry point: the command line without `node` and the script, and where it writes. */
export type ToolMain = (argv: readonly string[], io: ToolIo) => Promise<number>;

/** A tool's command line (`util.parseArgs`); an unknown or malformed option is a {@link UsageError}. */
export function parseCommandLine<T extends ParseArgsConfig>(
  argv: readonly string[],
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    // The config's own type decides the result's shape; `args` only says where the words come from.
    return parseArgs<T>({ ...config, args: [...argv] } as T);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Runs a tool's body with the exit codes every tool shares: 0 done, 1 the stack config (or the judged
 * plan) has problems, 2 wrong usage, 3 anything unexpected (printed with its stack trace).
 */
export async function withExitCodes(usage: string, io: ToolIo, body: () => Promise<number | void>): Promise<number> {
  try {
    return (await body()) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof ConfigProblemsError) {
      io.err(err.message);
      return 1;
    }
    io.err(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return 3;
  }
}

/** Runs `main` as the process's command when `module` is the entry file (`npm run <tool>`). */
export function runAsCommand(module: NodeModule, main: ToolMain): void {
  if (require.main !== module) {
    return;
  }
  main(process.argv.slice(2), processIo).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(3);
    },
  );
}

/**
 * Refuses an output path that cannot be written (a directory, or a folder that is a file) before any work,
 * as a usage error rather than a stack trace at the end.
 */
export function checkOutputPath(option: string, template: string | undefined): void {
  if (template === undefined) {
    return;
  }
  const file = path.resolve(template.replace(/\{stack\}/g, "x"));
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new UsageError(`--${option} ${template}: is a directory; give a file name`);
  }
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(dir)) {
      if (!fs.statSync(dir).isDirectory()) {
        throw new UsageError(`--${option} ${template}: ${dir} is a file, not a folder`);
      }
      try {
        fs.accessSync(dir, fs.constants.W_OK);
      } catch {
        throw new UsageError(`--${option} ${template}: cannot write in ${dir}`);
      }
      return;
    }
  }
}

/**
 * Writes a file atomically (a temporary file beside it, then a rename), creating its folder; `{stack}` in
 * the name is replaced by the stack's name. A reader never sees half a report.
 */
export function writeFor(stack: string, template: string, text: string): string {
  const file = template.replace(/\{stack\}/g, stack);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text.endsWith("\n") ? text : `${text}\n`);
  fs.renameSync(temporary, file);
  return file;
}

/**
 * Runs `each` over the selected stacks; with several, a stack whose config is invalid is reported (naming
 * its file) and the others still run. Returns the names of the stacks that failed that way.
 */
export async function forEachStack(
  stacks: readonly string[],
  io: ToolIo,
  each: (stack: string) => Promise<void>,
): Promise<string[]> {
  const broken: string[] = [];
  for (const stack of stacks) {
    try {
      await each(stack);
    } catch (err) {
      if (stacks.length > 1 && err instanceof ConfigProblemsError) {
        io.err(`stacks/Pulumi.${stack}.yaml: ${err.message}\n`);
        broken.push(stack);
        continue;
      }
      throw err;
    }
  }
  return broken;
}
