import * as fs from "fs";
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";
import { ConfigProblemsError } from "./render";

/** A wrong command line: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** A tool's command line (`util.parseArgs`); an unknown or malformed option is a {@link UsageError}. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Runs a tool's main function with the exit codes every tool shares: 0 done, 1 the stack config (or
 * the judged plan) has problems, 2 wrong usage, 3 anything unexpected (printed with its stack trace).
 */
export function runTool(usage: string, main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`${err.message}\n\n${usage}`);
        process.exit(2);
      }
      if (err instanceof ConfigProblemsError) {
        console.error(err.message);
        process.exit(1);
      }
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(3);
    },
  );
}

/** Writes a file, creating its folder; `{stack}` in the name is replaced by the stack's name. */
export function writeFor(stack: string, template: string, text: string): string {
  const file = template.replace(/\{stack\}/g, stack);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
  return file;
}
