import { computeObjectives, DrReport, DrTargets, formatObjectives, missText } from "../dr";
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
and prints what \`pulumi up\` would create, with the stack's DR report: each scenario's failover chain
(a Region loss, the 2018 grey failure, a partial partition, one AZ lost, the Region's return), link
by link, with its verdict, and the RTO and RPO against the stack's drTargets.

Options:
  --all                  every stack in stacks/ (dev, staging, prod)
  --secondary aws|gcp    render with this secondary cloud (overrides secondary.cloud)
  --set PATH=VALUE       override any config path, e.g. --set primary.azCount=4 (repeatable)
  --json FILE            write the resource graph as JSON ({stack} in FILE is replaced; required with --all)
  --mermaid FILE         write a Mermaid diagram of the deployment ({stack} likewise)
  --quiet                print only a one-line summary per stack (every DR miss is still printed)
  --check                exit 1 on any DR miss: a target missed, or a link of a scenario's chain that
                         cannot hold (what CI and PR review run)

Exit codes: 0 rendered (a DR miss is printed, not an error, unless --check), 1 invalid stack config
(every problem is listed) or --check and a DR miss, 2 usage, 3 unexpected failure.`;

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
      missed.push(...dr.misses.map((m) => `DR MISS: ${stack} ${missText(dr, m)}`));
      if (values.json !== undefined) {
        io.out(`wrote ${writeFor(stack, values.json, JSON.stringify(graph, null, 2))}`);
      }
      if (values.mermaid !== undefined) {
        io.out(`wrote ${writeFor(stack, values.mermaid, formatMermaid(graph))}`);
      }
    });
    // Prominent on purpose, one line per miss: a DR miss is a broken promise to the stack's users, not a detail.
    missed.forEach((line) => io.out(line));
    if (broken.length > 0) {
      return 1;
    }
    return values.check && missed.length > 0 ? 1 : 0;
  });
}

const resourceCount = (graph: Graph) =>
  graph.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length;

/** The DR verdict in a few words, for --quiet: the scenarios that miss, if any. */
function drSummary(dr: DrReport): string {
  if (dr.misses.length > 0) {
    const letters = [...new Set(dr.misses.map((m) => m.letter ?? m.scenario))];
    return `DR MISS (${letters.join(", ")})`;
  }
  return dr.meets === undefined ? "no DR targets" : "DR targets met";
}

runAsCommand(module, main);
