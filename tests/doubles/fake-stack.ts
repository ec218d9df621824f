import {
  ChangeCounts,
  DestroyRequest,
  OperationFailedError,
  ProgressSink,
  StackOperations,
  StateResource,
} from "../../tools/teardown/operations";

/** One call the commands made, in order, with the options that reached the operation. */
export interface RecordedCall {
  readonly op: "resources" | "refresh" | "previewDestroy" | "destroy" | "previewUp" | "up";
  readonly request?: DestroyRequest;
}

export interface FakeStackOptions {
  readonly name?: string;
  /** The state the stack starts with. */
  readonly resources?: StateResource[];
  /** Lines each operation prints, as the CLI would. */
  readonly output?: Partial<Record<RecordedCall["op"], string[]>>;
  /** Operations that fail, as the CLI would after printing its output. */
  readonly failOn?: RecordedCall["op"][];
  /** Runs when an operation starts (a test uses it to look at the lock mid-run). */
  readonly onOperation?: (op: RecordedCall["op"]) => void | Promise<void>;
}

/**
 * An in-memory stack for tests: records every call in order and applies its effect to the state
 * (destroy empties it, keeping protected resources when asked; up recreates what the program had), so
 * a test can tell a preview from a real run by the state afterwards as well as by the calls.
 */
export class FakeStack implements StackOperations {
  readonly name: string;
  readonly calls: RecordedCall[] = [];
  state: StateResource[];
  private readonly program: StateResource[];

  constructor(private readonly options: FakeStackOptions = {}) {
    this.name = options.name ?? "dev";
    this.state = [...(options.resources ?? [])];
    this.program = [...this.state];
  }

  async resources(): Promise<StateResource[]> {
    await this.start({ op: "resources" });
    return [...this.state];
  }

  async refresh(onProgress: ProgressSink): Promise<ChangeCounts> {
    await this.step({ op: "refresh" }, onProgress);
    return { same: this.state.length };
  }

  async previewDestroy(request: DestroyRequest, onProgress: ProgressSink): Promise<ChangeCounts> {
    await this.step({ op: "previewDestroy", request }, onProgress);
    return { delete: this.deletable(request).length };
  }

  async destroy(request: DestroyRequest, onProgress: ProgressSink): Promise<ChangeCounts> {
    await this.step({ op: "destroy", request }, onProgress);
    const deleted = this.deletable(request).length;
    this.state = this.state.filter((r) => !this.deletable(request).includes(r));
    return { delete: deleted };
  }

  async previewUp(onProgress: ProgressSink): Promise<ChangeCounts> {
    await this.step({ op: "previewUp" }, onProgress);
    return { create: this.program.length - this.state.length };
  }

  async up(onProgress: ProgressSink): Promise<ChangeCounts> {
    await this.step({ op: "up" }, onProgress);
    const created = this.program.length - this.state.length;
    this.state = [...this.program];
    return { create: created };
  }

  private deletable(request: DestroyRequest): StateResource[] {
    return this.state.filter((r) => !(request.excludeProtected && r.protect));
  }

  private async start(call: RecordedCall): Promise<void> {
    this.calls.push(call);
    await this.options.onOperation?.(call.op);
  }

  private async step(call: RecordedCall, onProgress: ProgressSink): Promise<void> {
    await this.start(call);
    (this.options.output?.[call.op] ?? []).forEach((line) => onProgress(line));
    if (this.options.failOn?.includes(call.op)) {
      throw new OperationFailedError(`\`pulumi ${call.op}\` failed for stack "${this.name}" (its output is above)`);
    }
  }
}
