import { assess, defaultScenarios, formatAssessment, Scenario, scenarioProblem } from "../blast-radius";
import {
  forEachStack,
  parseCommandLine,
  runAsCommand,
  ToolIo,
  UsageError,
  withExitCodes,
  writeFor,
} from "./offline/cli";
import { Graph } from "./offline/graph";
import { readPlanFile, renderSelected, selectStacks } from "./offline/render-stack";

const USAGE = `Usage: npm run resilience -- <stack> | --all | --plan FILE [--lose-az AZ] [--lose-region REGION] [options]

Renders the stack offline (as \`npm run plan\` does) and reports, tier by tier (NAT and egress, load
balancer, EKS control plane, node capacity against the workload's minimum replicas, database writer and
readers, queues and objects, DNS failover), what survives the loss of an AZ or a region, whether the
stack still meets its DR targets, and whether that is what its environment promises.

Scenarios (with neither, every AZ of the primary, then the primary region):
  --lose-az AZ           one availability zone, e.g. ap-northeast-2a
  --lose-region REGION   a whole region, e.g. ap-northeast-2

Options:
  --all                  every stack in stacks/ (dev, staging, prod)
  --plan FILE            analyse a saved graph (npm run plan -- <stack> --json FILE) instead of rendering
  --secondary aws|gcp    render with this secondary cloud (overrides secondary.cloud)
  --set PATH=VALUE       override any config path (repeatable)
  --json FILE            write the analysis as JSON ({stack} in FILE is replaced; required with --all)
  --notes                print every tier's notes, not only those of the tiers that hurt the service

Promises (blast-radius/expectations.ts): prod and staging, any single AZ with no loss of service and the
primary region through DNS failover within the DR targets; dev, best effort for an AZ and a rebuild
within the DR targets for the region.

Exit codes: 0 every scenario as the stack's environment promises, 1 a promised scenario fails (or the
stack config is invalid), 2 usage, 3 unexpected failure.`;

/** `npm run resilience`: what survives the loss of an AZ or a region, tier by tier. */
export function main(argv: readonly string[], io: ToolIo): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: {
        all: { type: "boolean", default: false },
        plan: { type: "string" },
        "lose-az": { type: "string" },
        "lose-region": { type: "string" },
        secondary: { type: "string" },
        set: { type: "string", multiple: true, default: [] },
        json: { type: "string" },
        notes: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const named: Scenario[] = [
      ...(values["lose-az"] !== undefined ? [{ kind: "az", az: values["lose-az"] } as const] : []),
      ...(values["lose-region"] !== undefined ? [{ kind: "region", region: values["lose-region"] } as const] : []),
    ];
    let stacks: string[];
    let load: (stack: string) => Promise<Graph>;
    if (values.plan !== undefined) {
      if (values.all || positionals.length > 0 || values.secondary !== undefined || values.set.length > 0) {
        throw new UsageError(
          "--plan FILE analyses a saved graph: name no stack, and pass no --all, --secondary or --set",
        );
      }
      const graph = readPlanFile(values.plan);
      stacks = [graph.stack];
      load = async () => graph;
    } else {
      const selection = selectStacks({
        all: values.all,
        positionals,
        secondary: values.secondary,
        set: values.set,
        perStackFiles: { json: values.json },
      });
      stacks = selection.stacks;
      load = (stack) => renderSelected(stack, selection, io);
    }

    const failed: string[] = [];
    const broken = await forEachStack(stacks, io, async (stack) => {
      const graph = await load(stack);
      const scenarios = named.length > 0 ? named : defaultScenarios(graph);
      const problem = scenarios.map((s) => scenarioProblem(graph, s)).find((p) => p !== undefined);
      if (problem !== undefined) {
        throw new UsageError(problem);
      }
      if (scenarios.length === 0) {
        throw new UsageError(`${graph.stack}: no AWS primary site in the plan, so no scenario to analyse`);
      }
      const assessment = assess(graph, scenarios);
      io.out(`${formatAssessment(assessment, values.notes)}\n`);
      if (values.json !== undefined) {
        io.out(`wrote ${writeFor(graph.stack, values.json, JSON.stringify(assessment, null, 2))}`);
      }
      if (!assessment.ok) {
        failed.push(graph.stack);
      }
    });
    failed.push(...broken);
    io.out(
      failed.length === 0
        ? "resilience: every stack meets its environment's promise"
        : `resilience: promise not met by ${failed.join(", ")}`,
    );
    return failed.length === 0 ? 0 : 1;
  });
}

runAsCommand(module, main);
