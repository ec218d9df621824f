import * as path from "path";
import { readProjectFile, REPO_ROOT } from "../offline/stack-files";
import { loadTypedConfig } from "../offline/typed-config";
import { StackFacts } from "./guards";

/** The stack file the CLI reads for a stack: `<stackConfigDir>/Pulumi.<stack>.yaml`, absolute. */
export function stackFilePath(stack: string, root = REPO_ROOT): string {
  return path.join(root, readProjectFile(root).stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
}

/**
 * Reads a stack's file offline and validates it as the program would (so a stack the program would
 * reject is reported with every problem, exit code 1, before any guard or backend call), then keeps
 * what the guards need. No CLI is involved: LocalWorkspace's settings readers would look for the file
 * in the project root and miss `stackConfigDir`.
 */
export function readStackFacts(stack: string, root = REPO_ROOT): StackFacts {
  const config = loadTypedConfig(stack, [], root);
  return {
    stack,
    environment: config.environment,
    teardownAllowed: config.teardown.allowed,
    schedule: config.schedule,
    stackFile: path.relative(root, stackFilePath(stack, root)),
  };
}
