import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Who holds a stack's lock; written into the lock file as JSON. */
export interface LockHolder {
  readonly command: string;
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  /** Tells this run's lock from a later one at the same path, so release never removes another's. */
  readonly token: string;
}

export interface Lock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this run's. Safe to call more than once. */
  release(): void;
}

/** Another run holds the stack's lock; the message names the holder and what to do. */
export class LockHeldError extends Error {}

/**
 * Takes the per-stack lock: `<dir>/<stack>.lock`, created with O_EXCL (`wx`), so exactly one of two
 * racing runs succeeds; no check-then-create window. The lock is removed when the run ends, on
 * success, on failure, and on process exit.
 *
 * A lock left behind (a run killed with SIGKILL, a machine that died) is never broken automatically:
 * that run may have stopped in the middle of a destroy, with pending operations in the state, and a
 * human should look before the next run. Liveness is only reported as a hint (same host, pid gone),
 * because a pid means nothing on another host or in another container's pid namespace. In CI each job
 * has a fresh checkout, so no file lock survives there; the workflow's concurrency group and the
 * backend's own update lock cover runs on different machines.
 */
export function acquireLock(dir: string, stack: string, command: string, now: Date = new Date()): Lock {
  fs.mkdirSync(dir, { recursive: true });
  ignoreFolder(dir);
  const file = path.join(dir, `${stack}.lock`);
  const holder: LockHolder = {
    command,
    pid: process.pid,
    host: os.hostname(),
    startedAt: now.toISOString(),
    token: randomUUID(),
  };
  let fd: number;
  try {
    fd = fs.openSync(file, "wx", 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new LockHeldError(describeHeldLock(stack, file, readHolder(file)));
    }
    throw err;
  }
  try {
    fs.writeFileSync(fd, `${JSON.stringify(holder, null, 2)}\n`);
  } finally {
    fs.closeSync(fd);
  }

  const release = () => {
    process.removeListener("exit", release);
    if (readHolder(file)?.token === holder.token) {
      fs.rmSync(file, { force: true });
    }
  };
  // The backstop for paths that skip `finally`, such as process.exit() from elsewhere.
  process.on("exit", release);
  return { file, holder, release };
}

/** The holder recorded in a lock file, or undefined if it is gone, empty (being written) or unreadable. */
export function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

export function describeHeldLock(stack: string, file: string, holder: LockHolder | undefined): string {
  const shown = path.relative(process.cwd(), file) || file;
  const who =
    holder === undefined
      ? "another run (its lock file is empty or unreadable)"
      : `${holder.command}, pid ${holder.pid} on host ${holder.host}, since ${holder.startedAt}`;
  const lines = [`Stack "${stack}" is locked by ${who}: ${shown}.`, "If that run is still going, wait for it to end."];
  if (holder !== undefined && holder.host === os.hostname() && !isRunning(holder.pid)) {
    lines.push(`pid ${holder.pid} is not running on this host, so that run ended without releasing the lock.`);
  }
  lines.push(
    "If it is gone, check the stack for an interrupted operation first (`pulumi stack export` shows " +
      "pending_operations; `pulumi refresh` clears them), then remove the lock: " +
      `rm ${shown}`,
  );
  return lines.join("\n");
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock folder is local run state: a `.gitignore` of `*` keeps it out of commits without a root entry. */
function ignoreFolder(dir: string): void {
  try {
    fs.writeFileSync(path.join(dir, ".gitignore"), "*\n", { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
      throw err;
    }
  }
}
