import { spawnSync } from "child_process";
import { ToolIo, ToolMain } from "../tools/offline/cli";
import { RenderOptions } from "../tools/offline/render";
import { REPO_ROOT } from "../tools/offline/stack-files";
import { render } from "./harness";

/** What a tool printed and how it exited. */
export interface ToolRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a tool's `main` in this process, as `npm run <tool> -- ARGS` would, with output captured and renders
 * shared with the other suites (a spawned Node process costs more than a second before any work).
 */
export async function runInProcess(main: ToolMain, ...args: string[]): Promise<ToolRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: ToolIo = {
    out: (text) => out.push(`${text}\n`),
    err: (text) => err.push(`${text}\n`),
    // An empty override list is the same render as none, so both share the harness's cache entry.
    render: (options: RenderOptions) =>
      render(options.overrides?.length ? options : { ...options, overrides: undefined }),
  };
  const code = await main(args, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/**
 * Runs a tool as a user does, as its own process (`tools/<tool>.ts` under ts-node): one smoke test per
 * tool proves the entry point, its exit code and its output streams.
 */
export function spawnTool(tool: string, ...args: string[]): ToolRun {
  const result = spawnSync(process.execPath, ["-r", "./tools/register.js", `tools/${tool}.ts`, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: process.env,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
