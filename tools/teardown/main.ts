import * as path from "path";
import * as readline from "readline";
import { parseCommandLine, ToolMain, UsageError, withExitCodes } from "../offline/cli";
import { listStacks, readProjectFile, REPO_ROOT } from "../offline/stack-files";
import { automationStacks } from "./automation";
import { runOps } from "./commands";
import { OpsCommand, Refusal } from "./guards";
import { LockHeldError } from "./lock";
import { resolveMode } from "./mode";
import { OperationFailedError, PulumiCliUnavailableError } from "./operations";
import { readStackFacts, stackFilePath } from "./stack-facts";

const EXIT_CODES = `Exit codes: 0 done (or previewed, declined, skipped on a holiday); 1 refused (a guard, the lock, or
invalid stack config; the message names the reason and the fix); 2 usage; 3 the run could not happen or
failed (no Pulumi CLI on PATH, a Pulumi operation failed, anything unexpected).`;

const USAGE: Record<OpsCommand, string> = {
  teardown: `Usage: npm run teardown -- <stack> [--yes | --dry-run] [--exclude-protected] [--org ORG]

Refreshes the stack, then destroys every resource in it (the stack, its config and history stay, for
restore). Only for stacks whose config sets teardown.allowed: true; never prod.

Options:
  --dry-run              preview the destroy and change nothing (the default)
  --yes, -y              really refresh and destroy, without asking
  --exclude-protected    destroy everything except resources marked protect (default: refuse if any)
  --org ORG              Pulumi Cloud organization: the stack is ORG/<project>/<stack>

Without --yes, a terminal session previews and then asks for the stack's name; any other session
(CI, a pipe, cron) only previews. Needs the Pulumi CLI and a logged-in backend.

${EXIT_CODES}`,
  restore: `Usage: npm run restore -- <stack> [--yes | --dry-run] [--skip-holidays] [--org ORG]

Brings a torn-down stack back with pulumi up, from the program and stack file in this checkout.
Only for stacks whose config sets teardown.allowed: true; never prod.

Options:
  --dry-run              preview pulumi up and change nothing (the default)
  --yes, -y              really run pulumi up, without asking
  --skip-holidays        do nothing today if it is a holiday in the stack's schedule (its time zone)
  --org ORG              Pulumi Cloud organization: the stack is ORG/<project>/<stack>

Without --yes, a terminal session previews and then asks for the stack's name; any other session
(CI, a pipe, cron) only previews. Needs the Pulumi CLI and a logged-in backend.

${EXIT_CODES}`,
};

/** Where locks live: `.pulumi-ops/` in the project root, or TEARDOWN_LOCK_DIR (tests use a temp dir). */
function lockDir(): string {
  return process.env.TEARDOWN_LOCK_DIR ?? path.join(REPO_ROOT, ".pulumi-ops");
}

/** The command line of `npm run teardown` / `npm run restore`, as a tool entry point. */
export function opsMain(command: OpsCommand): ToolMain {
  const usage = USAGE[command];
  return (argv, io) =>
    withExitCodes(usage, io, async () => {
      const { values, positionals } = parseCommandLine(argv, {
        allowPositionals: true,
        options: {
          yes: { type: "boolean", short: "y", default: false },
          "dry-run": { type: "boolean", default: false },
          org: { type: "string" },
          help: { type: "boolean", short: "h", default: false },
          "exclude-protected": { type: "boolean", default: false },
          "skip-holidays": { type: "boolean", default: false },
        },
      });
      if (values.help) {
        io.out(usage);
        return 0;
      }
      const foreign = command === "teardown" ? "skip-holidays" : "exclude-protected";
      if (values[foreign]) {
        throw new UsageError(`--${foreign} is not an option of ${command}`);
      }
      if (positionals.length !== 1) {
        throw new UsageError("name exactly one stack");
      }
      const stack = positionals[0];
      const known = listStacks();
      if (!known.includes(stack)) {
        throw new UsageError(`unknown stack "${stack}"; the stacks are ${known.join(", ")}`);
      }
      const mode = (() => {
        try {
          return resolveMode({
            yes: values.yes,
            dryRun: values["dry-run"],
            interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
          });
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      })();

      const signals = watchSignals();
      try {
        // Every outcome that returns (applied, previewed, declined, skipped) is a successful run: exit 0.
        await runOps(
          {
            command,
            stack,
            mode,
            excludeProtected: values["exclude-protected"],
            skipHolidays: values["skip-holidays"],
          },
          {
            facts: (s) => readStackFacts(s),
            openStack: automationStacks({
              workDir: REPO_ROOT,
              project: readProjectFile().name,
              configFile: (s) => stackFilePath(s),
              org: values.org,
              signal: signals.abortCli,
            }),
            lockDir: lockDir(),
            log: (line) => io.out(line),
            progress: (line) => io.out(line),
            ask,
            cancelled: signals.cancelled,
          },
        );
        return 0;
      } catch (err) {
        // Expected failures get their message alone: a stack trace would bury the reason and the fix.
        if (err instanceof Refusal || err instanceof LockHeldError) {
          io.err(err.message);
          return 1;
        }
        if (err instanceof PulumiCliUnavailableError || err instanceof OperationFailedError) {
          io.err(`${command} ${stack}: ${err.message}`);
          return 3;
        }
        throw err;
      } finally {
        signals.dispose();
      }
    });
}

/**
 * Ctrl-C in a terminal reaches the Pulumi CLI too (same process group), which then cancels gracefully:
 * in-flight resource operations finish and the state stays consistent. So SIGINT only stops this
 * command from starting anything further; a second Ctrl-C would make Pulumi abandon operations mid-way,
 * which is why it is not forwarded. SIGTERM (a supervisor stopping this process alone) is forwarded as
 * one SIGINT to the CLI. The lock is released when the operation has stopped, not before.
 */
function watchSignals() {
  const cancelled = new AbortController();
  const abortCli = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    cancelled.abort();
    if (interrupts === 1) {
      console.error(
        "\nInterrupted: Pulumi finishes the resource operations in flight, then stops; nothing further starts. " +
          "Pressing Ctrl-C twice more quits at once and Pulumi abandons operations mid-way " +
          "(see docs/runbooks/teardown-restore.md before the next run).",
      );
    } else if (interrupts >= 3) {
      process.exit(130);
    }
  };
  const onTerminate = () => {
    cancelled.abort();
    abortCli.abort();
  };
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onTerminate);
  return {
    cancelled: cancelled.signal,
    abortCli: abortCli.signal,
    dispose: () => {
      process.removeListener("SIGINT", onInterrupt);
      process.removeListener("SIGTERM", onTerminate);
    },
  };
}

/** One question on the terminal; Ctrl-C at the prompt counts as "no". */
function ask(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => {
    rl.on("SIGINT", () => {
      rl.close();
      resolve("");
    });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}
