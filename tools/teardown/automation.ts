import {
  CommandError,
  ConcurrentUpdateError,
  fullyQualifiedStackName,
  LocalWorkspace,
  OpMap,
  PulumiCommand,
  Stack,
  StackNotFoundError,
} from "@pulumi/pulumi/automation";
import { LineSplitter } from "./lines";
import {
  ChangeCounts,
  DestroyRequest,
  OpenStack,
  OperationFailedError,
  ProgressSink,
  PulumiCliUnavailableError,
  StackOperations,
  StateResource,
} from "./operations";

export interface AutomationOptions {
  /** The project root: where Pulumi.yaml is. The CLI runs there, as `pulumi` would from a shell. */
  readonly workDir: string;
  /** The project name, to qualify the stack when `org` is given. */
  readonly project: string;
  /**
   * The stack file each operation uses. LocalWorkspace's own settings readers ignore Pulumi.yaml's
   * `stackConfigDir` (pulumi/pulumi#10305) and look for `<workDir>/Pulumi.<stack>.yaml`; the CLI itself
   * honours it. Passing the file explicitly (`--config-file`) means the operation reads exactly the file
   * the guards judged, whatever either side does with `stackConfigDir`. Nothing here calls the
   * workspace's stackSettings/getConfig, which would read the wrong path.
   */
  readonly configFile: (stack: string) => string;
  /** Pulumi Cloud organization (or `organization` on a DIY backend); the stack becomes org/project/stack. */
  readonly org?: string;
  /** Aborting sends the running CLI one SIGINT: Pulumi then cancels gracefully (finishes in-flight steps). */
  readonly signal?: AbortSignal;
}

/** Opens stacks through the Automation API; needs the `pulumi` CLI on PATH and a logged-in backend. */
export function automationStacks(options: AutomationOptions): OpenStack {
  return async (stack) => {
    const pulumiCommand = await findPulumiCli();
    const name = options.org !== undefined ? fullyQualifiedStackName(options.org, options.project, stack) : stack;
    try {
      const selected = await LocalWorkspace.selectStack(
        { stackName: name, workDir: options.workDir },
        { workDir: options.workDir, pulumiCommand },
      );
      return new AutomationStack(selected, options.configFile(stack), options.signal);
    } catch (err) {
      if (err instanceof StackNotFoundError) {
        throw new OperationFailedError(
          `stack "${name}" does not exist in the backend you are logged in to; check \`pulumi whoami -v\` ` +
            `(or PULUMI_BACKEND_URL), or pass --org for a Pulumi Cloud organization`,
        );
      }
      throw err;
    }
  };
}

/**
 * The CLI the Automation API will drive. Checked up front so a machine without it gets one clear
 * sentence instead of an execa error from deep inside the first operation.
 */
export async function findPulumiCli(): Promise<PulumiCommand> {
  try {
    return await PulumiCommand.get();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/ENOENT/.test(message)) {
      throw new PulumiCliUnavailableError(
        "the Pulumi CLI (`pulumi`) is not on PATH, and teardown/restore drive it through the Automation API. " +
          "Install it (https://www.pulumi.com/docs/install/; in CI, pulumi/actions without a command), log in " +
          "to the stack's backend and run again. `npm run plan` works without it.",
      );
    }
    throw new PulumiCliUnavailableError(`the Pulumi CLI cannot be used: ${message.split("\n")[0]}`);
  }
}

class AutomationStack implements StackOperations {
  readonly name: string;

  constructor(
    private readonly stack: Stack,
    private readonly configFile: string,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.name = stack.name;
  }

  async resources(): Promise<StateResource[]> {
    const exported = await this.stack.exportStack();
    const resources = (exported.deployment?.resources ?? []) as { urn: string; type: string; protect?: boolean }[];
    return resources.map((r) => ({ urn: r.urn, type: r.type, protect: r.protect === true }));
  }

  refresh(onProgress: ProgressSink): Promise<ChangeCounts> {
    return this.run("refresh", onProgress, async (common) => counts((await this.stack.refresh(common)).summary));
  }

  previewDestroy(request: DestroyRequest, onProgress: ProgressSink): Promise<ChangeCounts> {
    return this.run("destroy --preview-only", onProgress, async (common) => {
      const result = await this.stack.previewDestroy({ ...common, excludeProtected: request.excludeProtected });
      return result.changeSummary;
    });
  }

  destroy(request: DestroyRequest, onProgress: ProgressSink): Promise<ChangeCounts> {
    // The stack itself is kept (no `remove`): its history, its config and its secrets salt are what
    // `restore` brings it back with.
    return this.run("destroy", onProgress, async (common) =>
      counts((await this.stack.destroy({ ...common, excludeProtected: request.excludeProtected })).summary),
    );
  }

  previewUp(onProgress: ProgressSink): Promise<ChangeCounts> {
    return this.run("preview", onProgress, async (common) => (await this.stack.preview(common)).changeSummary);
  }

  up(onProgress: ProgressSink): Promise<ChangeCounts> {
    return this.run("up", onProgress, async (common) => counts((await this.stack.up(common)).summary));
  }

  /** Streams stdout and stderr line by line and turns a failed CLI run into one short error. */
  private async run<T>(
    command: string,
    onProgress: ProgressSink,
    operation: (common: {
      onOutput: (out: string) => void;
      onError: (err: string) => void;
      configFile: string;
      signal?: AbortSignal;
      color: "never";
    }) => Promise<T>,
  ): Promise<T> {
    const out = new LineSplitter(onProgress);
    const err = new LineSplitter(onProgress);
    try {
      return await operation({
        onOutput: (chunk) => out.push(chunk),
        onError: (chunk) => err.push(chunk),
        configFile: this.configFile,
        signal: this.signal,
        // CI logs and the line splitter both want plain text.
        color: "never",
      });
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) {
        throw new OperationFailedError(
          `the backend reports another update running on stack "${this.name}" (its own lock); wait for it, ` +
            `or if it died, \`pulumi cancel -s ${this.name}\` once you are sure nothing runs`,
        );
      }
      if (error instanceof CommandError) {
        throw new OperationFailedError(`\`pulumi ${command}\` failed for stack "${this.name}" (its output is above)`);
      }
      throw error;
    } finally {
      out.flush();
      err.flush();
    }
  }
}

function counts(summary: { resourceChanges?: OpMap }): ChangeCounts {
  return (summary.resourceChanges ?? {}) as ChangeCounts;
}
