import { computeObjectives, DrReport, DrTargets, formatObjectives } from "../dr";
import {
  checkOutputPath,
  forEachStack,
  parseCommandLine,
  runAsCommand,
  ToolIo,
  withExitCodes,
  writeFor,
} from "./offline/cli";
import { Graph } from "./offline/graph";
import { formatMermaid } from "./offline/mermaid";
import { formatPreview } from "./offline/preview";
import { renderSelected, selectStacks } from "./offline/render-stack";

const USAGE = `Usage: npm run plan -- <stack> | --all [options]

Runs the real program in-process under Pulumi's mock engine (no CLI, no credentials, no network)
and prints what \`pulumi up\` would create, with the stack's DR objectives against its drTargets.

Options:
  --all                  every stack in stacks/ (dev, staging, prod)
  --secondary aws|gcp    render with this secondary cloud (overrides secondary.cloud)
  --set PATH=VALUE       override any config path, e.g. --set primary.azCount=4 (repeatable)
  --json FILE            write the resource graph as JSON ({stack} in FILE is replaced; required with --all)
  --mermaid FILE         write a Mermaid diagram of the deployment ({stack} likewise)
  --quiet                print only a one-line summary per stack (a DR miss is still printed)
  --check                exit 1 when a stack misses its DR targets (what CI and PR review run)

Exit codes: 0 rendered (a DR miss is printed, not an error, unless --check), 1 invalid stack config
(every problem is listed) or --check and a DR target missed, 2 usage, 3 unexpected failure.`;

/** `npm run plan`: render stacks offline, print them and their DR report, write graphs and diagrams. */
export function main(argv: readonly string[], io: ToolIo): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: {
        all: { type: "boolean", default: false },
        secondary: { type: "string" },
        set: { type: "string", multiple: true, default: [] },
        json: { type: "string" },
        mermaid: { type: "string" },
        quiet: { type: "boolean", default: false },
        check: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const selection = selectStacks({
      all: values.all,
      positionals,
      secondary: values.secondary,
      set: values.set,
      perStackFiles: { json: values.json, mermaid: values.mermaid },
    });
    checkOutputPath("json", values.json);
    checkOutputPath("mermaid", values.mermaid);

    const missed: string[] = [];
    const broken = await forEachStack(selection.stacks, io, async (stack) => {
      const graph = await renderSelected(stack, selection, io);
      const dr = computeObjectives(graph, graph.outputs.drTargets as DrTargets | undefined);
      if (values.quiet) {
        io.out(`${stack}: ${resourceCount(graph)} resources; ${drSummary(dr)}`);
      } else {
        io.out(`${formatPreview(graph, formatObjectives(dr))}\n`);
      }
      if (misses(dr)) {
        missed.push(stack);
      }
      if (values.json !== undefined) {
        io.out(`wrote ${writeFor(stack, values.json, JSON.stringify(graph, null, 2))}`);
      }
      if (values.mermaid !== undefined) {
        io.out(`wrote ${writeFor(stack, values.mermaid, formatMermaid(graph))}`);
      }
    });
    if (missed.length > 0) {
      // Prominent on purpose: a DR miss is a broken promise to the stack's users, not a detail.
      io.out(`DR MISS: ${missed.join(", ")} ${missed.length > 1 ? "miss" : "misses"} its DR targets (see above)`);
    }
    if (broken.length > 0) {
      return 1;
    }
    return values.check && missed.length > 0 ? 1 : 0;
  });
}

const resourceCount = (graph: Graph) =>
  graph.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length;

const misses = (dr: DrReport) => dr.meets !== undefined && !(dr.meets.rto && dr.meets.rpo);

/** The DR verdict in a few words, for --quiet. */
function drSummary(dr: DrReport): string {
  if (dr.meets === undefined) {
    return "no DR targets";
  }
  return misses(dr) ? "DR MISS" : "DR targets met";
}

runAsCommand(module, main);
