import {
  CostReport,
  costReport,
  stackCostInput,
  costSvg,
  formatCostReport,
  formatSummary,
  loadPriceTable,
  stackFigures,
  unacceptedMiss,
} from "../cost-model";
import { cloudOfRegion } from "../cost-model/regions";
import { StackConfig } from "../stack-config";
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
import { ConfigOverride, listStacks } from "./offline/stack-files";
import { loadTypedConfig } from "./offline/typed-config";

const USAGE = `Usage: npm run cost -- <stack> | --all | --plan FILE [options]

Prices the offline plan (the real program under the mock engine, as \`npm run plan\` renders it) with the
dated price table in cost-model/prices.json: monthly cost per site, component and resource, the passive
side's share of the active side, the off-hours schedule's saving, and what is not counted (unknown
prices, usage-based items). Every price shown has a source and a date (cost-model/README.md).

Options:
  --all                  every stack in stacks/ (dev, staging, prod), then a summary table
  --plan FILE            price a graph saved by \`npm run plan -- <stack> --json FILE\` instead of rendering;
                         the schedule and DR mode come from that stack's file when it exists
  --secondary aws|gcp    render with this secondary cloud (overrides secondary.cloud)
  --set PATH=VALUE       override any config path, e.g. --set secondary.aws.natGateways=single (repeatable)
  --region R[,R...]      also price each site in these regions of its cloud (ap-northeast-1, asia-northeast1, ...)
  --extended-support     price EKS clusters with upgrade policy EXTENDED as if in extended support
  --detail               every priced line with its unit price, confidence and source date
  --json FILE            write the report as JSON ({stack} in FILE is replaced; required with --all)
  --svg FILE             write a bar chart of cost per site as SVG ({stack} likewise)
  --check                exit 1 when a cost target is missed, or a counted price is unknown without the price
                         table naming it as not found, a type has no rule, or an instance type does not exist

Exit codes: 0 priced, 1 invalid stack config (or --check and a target missed), 2 usage, 3 unexpected failure.`;

function parse(argv: readonly string[]) {
  return parseCommandLine(argv, {
    allowPositionals: true,
    options: {
      all: { type: "boolean", default: false },
      plan: { type: "string" },
      secondary: { type: "string" },
      set: { type: "string", multiple: true, default: [] },
      region: { type: "string", multiple: true, default: [] },
      "extended-support": { type: "boolean", default: false },
      detail: { type: "boolean", default: false },
      json: { type: "string" },
      svg: { type: "string" },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

function regionsOf(values: readonly string[]): string[] {
  const regions = values
    .flatMap((v) => v.split(","))
    .map((r) => r.trim())
    .filter((r) => r !== "");
  const bad = regions.filter((r) => cloudOfRegion(r) === undefined);
  if (bad.length > 0) {
    throw new UsageError(
      `--region takes AWS or Google Cloud region names (ap-northeast-1, asia-northeast1), got "${bad[0]}"`,
    );
  }
  return regions;
}

/** The config beside a saved plan: its stack's file, when the repository has one. */
function configForPlan(graph: Graph, overrides: readonly ConfigOverride[]): StackConfig | undefined {
  return listStacks().includes(graph.stack) ? loadTypedConfig(graph.stack, overrides) : undefined;
}

/** `npm run cost`: price the offline plan of stacks or a saved plan. */
export function main(argv: readonly string[], io: ToolIo): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (values.plan !== undefined && (values.all || positionals.length > 0)) {
      throw new UsageError("--plan prices one saved graph: name no stack and no --all with it");
    }
    const selection =
      values.plan === undefined
        ? selectStacks({
            all: values.all,
            positionals,
            secondary: values.secondary,
            set: values.set,
            perStackFiles: { json: values.json, svg: values.svg },
          })
        : {
            // A saved plan names its own stack: only the shared parsing of --secondary and --set is needed.
            stacks: [],
            overrides: selectStacks({ all: true, positionals: [], secondary: values.secondary, set: values.set })
              .overrides,
          };
    const regions = regionsOf(values.region);
    const table = loadPriceTable();

    const price = (graph: Graph, config: StackConfig | undefined): CostReport =>
      costReport({
        ...stackCostInput(graph, config, table),
        assumptions: { eksExtendedSupportActive: values["extended-support"] },
        regions,
      });

    const reports: CostReport[] = [];
    const emit = (report: CostReport, note?: string) => {
      reports.push(report);
      io.out(`${formatCostReport(report, { detail: values.detail })}${note ? `\nnote: ${note}` : ""}\n`);
      if (values.json !== undefined) {
        io.out(`wrote ${writeFor(report.stack, values.json, JSON.stringify(report, null, 2))}`);
      }
      if (values.svg !== undefined) {
        const title = `${report.stack}: monthly cost per site (USD, known prices)`;
        io.out(`wrote ${writeFor(report.stack, values.svg, costSvg(title, report.bill.sites))}`);
      }
    };

    let broken: string[] = [];
    if (values.plan !== undefined) {
      const graph = readPlanFile(values.plan);
      const config = configForPlan(graph, selection.overrides);
      emit(
        price(graph, config),
        config
          ? `schedule and DR mode read from the ${graph.stack} stack file; overrides the plan was rendered with are not known`
          : `no stack file for "${graph.stack}": no schedule saving or targets`,
      );
    } else {
      // Validate the config first: a bad stack file fails here with every problem listed (exit code 1);
      // with --all, the other stacks are still priced.
      broken = await forEachStack(selection.stacks, io, async (stack) => {
        const config = loadTypedConfig(stack, selection.overrides);
        emit(price(await renderSelected(stack, selection, io), config));
      });
    }
    if (reports.length > 1) {
      io.out(formatSummary(reports.map(stackFigures)));
    }
    const missed = reports.flatMap((r) => r.targets.filter(unacceptedMiss).map((t) => `${r.stack}: ${t.name}`));
    const gaps = reports.flatMap((r) => r.priceGaps.map((g) => `${r.stack}: ${g.text}`));
    if (values.check && gaps.length > 0) {
      io.err(`prices the bill cannot leave out:\n  - ${gaps.join("\n  - ")}`);
    }
    if (values.check && missed.length > 0) {
      io.err(`cost targets missed:\n  - ${missed.join("\n  - ")}`);
    }
    if (values.check && (missed.length > 0 || gaps.length > 0)) {
      return 1;
    }
    return broken.length > 0 ? 1 : 0;
  });
}

runAsCommand(module, main);
