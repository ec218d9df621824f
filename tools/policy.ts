import * as fs from "fs";
import * as path from "path";
import { ToolIo, UsageError, parseCommandLine, runAsCommand, withExitCodes, writeFor } from "./offline/cli";
import { Graph } from "./offline/graph";
import { readPlanFile, renderSelected, selectStacks } from "./offline/render-stack";
import { AnalyzerProcess } from "./policy/analyzer";
import { judge, Verdict } from "./policy/judge";
import { PolicyConfigError } from "./policy/pack-config";
import { formatVerdict } from "./policy/report";

const PACK_DIR = path.join(__dirname, "..", "policy");

const USAGE = `Usage: npm run policy -- <stack> | --all | --plan FILE [options]

Renders each stack offline (as \`npm run plan\` does) and judges it with the policy pack in policy/,
run as its own process over the analyzer gRPC protocol, exactly as \`pulumi preview --policy-pack\` runs it.
The policy config is policy/config/<environment>.json, chosen by the stack's \`environment\`.

Options:
  --all                  every stack in stacks/ (dev, staging, prod)
  --plan FILE            judge a saved graph (npm run plan -- <stack> --json FILE) instead of rendering
  --secondary aws|gcp    render with this secondary cloud (overrides secondary.cloud)
  --config FILE          use this policy config instead of policy/config/<environment>.json
  --json FILE            write the verdict as JSON ({stack} in FILE is replaced)
  --unknowns             judge as a first preview does: values from other resources (IDs, ARNs) unknown

Exit codes: 0 no mandatory violation, 1 a mandatory violation (or invalid stack config), 2 usage or
invalid policy config, 3 unexpected failure.`;

/**
 * `npm run policy`: judge rendered stacks or a saved plan with the policy pack over gRPC. A caller that
 * already runs the pack (the test suite) passes it as `running`; it is then left running.
 */
export function main(argv: readonly string[], io: ToolIo, running?: AnalyzerProcess): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: {
        all: { type: "boolean", default: false },
        plan: { type: "string" },
        secondary: { type: "string" },
        config: { type: "string" },
        json: { type: "string" },
        unknowns: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (values.plan !== undefined && (values.all || positionals.length > 0 || values.secondary !== undefined)) {
      throw new UsageError("--plan judges a saved graph: pass it alone, without a stack, --all or --secondary");
    }
    if (values.config !== undefined && !fs.existsSync(values.config)) {
      throw new UsageError(`--config: no such file ${values.config}`);
    }
    const graphs: (() => Promise<Graph>)[] = (() => {
      if (values.plan !== undefined) {
        const graph = readPlanFile(values.plan);
        return [async () => graph];
      }
      const selection = selectStacks({
        all: values.all,
        positionals,
        secondary: values.secondary,
        perStackFiles: { json: values.json },
      });
      return selection.stacks.map((stack) => () => renderSelected(stack, selection, io));
    })();

    const analyzer = running ?? (await AnalyzerProcess.start(PACK_DIR));
    try {
      const verdicts: Verdict[] = [];
      for (const load of graphs) {
        const graph = await load();
        const verdict = await judge(analyzer, graph, values.config ?? configFor(graph), {
          unknowns: values.unknowns,
        }).catch((err: unknown) => {
          throw err instanceof PolicyConfigError ? new UsageError(err.message) : err;
        });
        io.out(`${formatVerdict(verdict)}\n`);
        if (values.json !== undefined) {
          io.out(`wrote ${writeFor(graph.stack, values.json, JSON.stringify(verdict, null, 2))}`);
        }
        verdicts.push(verdict);
      }
      const failed = verdicts.filter((v) => v.mandatory > 0).map((v) => v.stack);
      io.out(
        failed.length === 0
          ? "policy: every stack passes its mandatory rules"
          : `policy: mandatory violations in ${failed.join(", ")}`,
      );
      return failed.length === 0 ? 0 : 1;
    } finally {
      if (running === undefined) {
        analyzer.close();
      }
    }
  });
}

runAsCommand(module, main);

/** policy/config/<environment>.json, where the environment is what the stack exports. */
function configFor(graph: Graph): string | undefined {
  const environment = graph.outputs.environment;
  const file = path.join(PACK_DIR, "config", `${String(environment)}.json`);
  return typeof environment === "string" && fs.existsSync(file) ? path.relative(process.cwd(), file) : undefined;
}
