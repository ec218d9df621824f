import { execFile } from "node:child_process";

/**
 * The AWS CLI as the runbook tools call it (drain-queue, failback-gate): the operator's own credentials and
 * profile, JSON out. Injected as a function so the tests stand in for it.
 */

/** The AWS CLI failed (credentials, a missing queue, throttling): printed as its message, exit code 3. */
export class CliError extends Error {}

/** Runs the AWS CLI and parses its JSON answer (an empty answer is `{}`). */
export type AwsCli = (args: readonly string[]) => Promise<Record<string, unknown>>;

export const runAwsCli: AwsCli = (args) =>
  new Promise((resolve, reject) => {
    execFile("aws", [...args, "--output", "json"], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new CliError(`aws ${args.slice(0, 2).join(" ")} failed: ${stderr.trim() || error.message}`));
        return;
      }
      resolve(stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>));
    });
  });
