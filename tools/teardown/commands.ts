import { configRefusals, formatRefusal, OpsCommand, protectedRefusal, Refusal, StackFacts } from "./guards";
import { holidayToday } from "./holidays";
import { acquireLock } from "./lock";
import { RunMode } from "./mode";
import { ChangeCounts, OpenStack, OperationFailedError, ProgressSink, StackOperations } from "./operations";

export interface OpsRequest {
  readonly command: OpsCommand;
  /** The stack file's name (dev, staging, ...). */
  readonly stack: string;
  readonly mode: RunMode;
  /** teardown: destroy everything except protected resources instead of refusing. */
  readonly excludeProtected?: boolean;
  /** restore: do nothing on a holiday listed in the stack's schedule (the scheduled workflow sets it). */
  readonly skipHolidays?: boolean;
}

export interface OpsDeps {
  readonly facts: (stack: string) => StackFacts;
  readonly openStack: OpenStack;
  /** Where the per-stack lock files go. */
  readonly lockDir: string;
  /** This command's own messages. */
  readonly log: (line: string) => void;
  /** The CLI's output, line by line, as it arrives. */
  readonly progress: ProgressSink;
  /** Asks on the terminal and returns the answer (only in `confirm` mode). */
  readonly ask: (question: string) => Promise<string>;
  readonly now?: () => Date;
  /** Set when the user interrupts: no further operation starts. */
  readonly cancelled?: AbortSignal;
}

export type OpsOutcome =
  | { readonly kind: "previewed"; readonly changes: ChangeCounts }
  | { readonly kind: "applied"; readonly changes: ChangeCounts }
  | { readonly kind: "declined" }
  | { readonly kind: "skipped"; readonly reason: string };

/**
 * teardown: guards, lock, then refresh and destroy (or the destroy preview).
 * restore: guards, lock, then up (or the up preview).
 * Throws `Refusal` (a guard said no), `LockHeldError`, `ConfigProblemsError`, `PulumiCliUnavailableError`
 * or `OperationFailedError`; the lock is released on every path.
 */
export async function runOps(request: OpsRequest, deps: OpsDeps): Promise<OpsOutcome> {
  const { command, stack } = request;
  const now = deps.now?.() ?? new Date();
  const facts = deps.facts(stack);
  const reasons = configRefusals(command, facts);
  if (reasons.length > 0) {
    throw new Refusal(formatRefusal(command, stack, reasons));
  }
  if (command === "restore" && request.skipHolidays) {
    const holiday = holidayToday(facts.schedule, now);
    if (holiday !== undefined) {
      const reason = `${holiday} is a holiday in ${facts.stackFile} (${facts.schedule?.timeZone}); ${stack} stays down`;
      deps.log(`restore ${stack}: ${reason}`);
      return { kind: "skipped", reason };
    }
  }

  const lock = acquireLock(deps.lockDir, stack, command, now);
  try {
    const ops = await deps.openStack(stack);
    return command === "teardown" ? await teardown(ops, facts, request, deps) : await restore(ops, request, deps);
  } finally {
    lock.release();
  }
}

async function teardown(ops: StackOperations, facts: StackFacts, request: OpsRequest, deps: OpsDeps) {
  const excludeProtected = request.excludeProtected ?? false;
  const resources = await ops.resources();
  const refusal = protectedRefusal(facts, resources, excludeProtected);
  if (refusal !== undefined) {
    throw new Refusal(formatRefusal("teardown", facts.stack, [refusal]));
  }
  const kept = resources.filter((r) => r.protect).length;
  if (kept > 0) {
    deps.log(`teardown ${ops.name}: keeping ${kept} protected resource(s) (--exclude-protected)`);
  }

  if (request.mode !== "apply") {
    deps.log(`teardown ${ops.name}: previewing the destroy of ${resources.length} resource(s) in the state`);
    const preview = await ops.previewDestroy({ excludeProtected }, deps.progress);
    deps.log(`teardown ${ops.name}: preview: ${formatChanges(preview)}`);
    if (request.mode === "preview") {
      deps.log(`teardown ${ops.name}: dry run, nothing changed; pass --yes to destroy`);
      return { kind: "previewed", changes: preview } as const;
    }
    if (!(await confirmed(ops.name, "destroy", deps))) {
      return { kind: "declined" } as const;
    }
  }

  // Refresh first: the state may list resources already gone (a console delete, an expired
  // resource), and destroy would fail on them; refresh also records drift before it is deleted.
  checkCancelled(deps, "refresh");
  deps.log(`teardown ${ops.name}: refreshing the state from the clouds`);
  await ops.refresh(deps.progress);
  checkCancelled(deps, "destroy");
  deps.log(`teardown ${ops.name}: destroying`);
  const changes = await ops.destroy({ excludeProtected }, deps.progress);
  deps.log(`teardown ${ops.name}: done: ${formatChanges(changes)}; the stack and its config remain for restore`);
  return { kind: "applied", changes } as const;
}

async function restore(ops: StackOperations, request: OpsRequest, deps: OpsDeps) {
  if (request.mode !== "apply") {
    deps.log(`restore ${ops.name}: previewing pulumi up`);
    const preview = await ops.previewUp(deps.progress);
    deps.log(`restore ${ops.name}: preview: ${formatChanges(preview)}`);
    if (request.mode === "preview") {
      deps.log(`restore ${ops.name}: dry run, nothing changed; pass --yes to run pulumi up`);
      return { kind: "previewed", changes: preview } as const;
    }
    if (!(await confirmed(ops.name, "run pulumi up on", deps))) {
      return { kind: "declined" } as const;
    }
  }
  checkCancelled(deps, "up");
  deps.log(`restore ${ops.name}: running pulumi up`);
  const changes = await ops.up(deps.progress);
  deps.log(`restore ${ops.name}: done: ${formatChanges(changes)}`);
  return { kind: "applied", changes } as const;
}

/** Typing the stack's name, not just "y", so a habit of pressing y cannot destroy the wrong stack. */
async function confirmed(name: string, action: string, deps: OpsDeps): Promise<boolean> {
  const answer = await deps.ask(`Type the stack name to ${action} stack "${name}" (anything else cancels): `);
  if (answer.trim() === name) {
    return true;
  }
  deps.log(`not confirmed; nothing was changed`);
  return false;
}

function checkCancelled(deps: OpsDeps, next: string): void {
  if (deps.cancelled?.aborted) {
    throw new OperationFailedError(`interrupted before \`pulumi ${next}\`; nothing further was started`);
  }
}

/** "delete 12, same 3" in the engine's own words; "no changes" when empty. */
export function formatChanges(changes: ChangeCounts): string {
  const parts = Object.entries(changes)
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${op} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "no changes";
}
