/**
 * The seam between the teardown/restore commands and Pulumi. The commands only ever talk to this
 * interface: `automation.ts` implements it over the Automation API (which drives the `pulumi` CLI) and
 * `tests/doubles/fake-stack.ts` implements it in memory, so every guard and the order of operations are tested
 * without a CLI, a backend or a cloud.
 */

/** One resource of the stack's last recorded state (`pulumi stack export`). */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  /** Pulumi `protect`: the engine refuses to delete it unless destroy excludes protected resources. */
  readonly protect: boolean;
}

/** Counts of resource operations by kind (create, delete, same, ...), as the engine reports them. */
export type ChangeCounts = Readonly<Record<string, number>>;

/** Called with each complete line of the CLI's output, as it arrives. */
export type ProgressSink = (line: string) => void;

export interface DestroyRequest {
  /** Leave protected resources (and what they depend on) in place instead of failing. */
  readonly excludeProtected: boolean;
}

/** A selected stack and the operations the commands need, each streaming the CLI's output. */
export interface StackOperations {
  /** The stack name the backend knows (`dev`, or `org/dr-platform/dev` on Pulumi Cloud). */
  readonly name: string;
  /** Resources in the last recorded state, with their `protect` flag. Reads only. */
  resources(): Promise<StateResource[]>;
  /** Reconciles the state with what really exists in the clouds (writes the state, not the clouds). */
  refresh(onProgress: ProgressSink): Promise<ChangeCounts>;
  /** What destroy would delete. Changes nothing. */
  previewDestroy(request: DestroyRequest, onProgress: ProgressSink): Promise<ChangeCounts>;
  destroy(request: DestroyRequest, onProgress: ProgressSink): Promise<ChangeCounts>;
  /** What `up` would create or change. Changes nothing. */
  previewUp(onProgress: ProgressSink): Promise<ChangeCounts>;
  up(onProgress: ProgressSink): Promise<ChangeCounts>;
}

/** Opens a stack by its short name (the stack file's name). */
export type OpenStack = (stack: string) => Promise<StackOperations>;

/** The `pulumi` binary is missing from PATH or too old for this SDK: the run cannot start. */
export class PulumiCliUnavailableError extends Error {}

/** A Pulumi operation ran and failed; its output has already been streamed. */
export class OperationFailedError extends Error {}
