import { loadPriceTable } from "../cost-model";
import { formatOptions } from "./dr-options/format";
import { optionRows } from "./dr-options/options";
import { optionsSvg } from "./dr-options/svg";
import {
  checkOutputPath,
  parseCommandLine,
  runAsCommand,
  ToolIo,
  UsageError,
  withExitCodes,
  writeFor,
} from "./offline/cli";
import { listStacks } from "./offline/stack-files";
import { loadTypedConfig } from "./offline/typed-config";

const USAGE = `Usage: npm run dr-options -- <stack> [--json FILE] [--svg FILE]

Renders the stack under every DR mode on both secondary clouds (the real program under the mock engine, as
\`plan\` does) and prints one table: the monthly cost at known prices, the passive side's share of the active
side's, the RTO of a Region's loss and the RPO (typical and bound), from the same chain walk and cost model as
\`npm run plan\` and \`npm run cost\`, never from per-mode constants; and what each option cannot survive. An option
the config contract refuses for the stack (its environment's promises) says why.

Options:
  --json FILE   write the rows as JSON ({stack} in FILE is replaced)
  --svg FILE    draw monthly cost against RTO ({stack} likewise)

Exit codes: 0 the table is printed (options that miss their targets are rows, not failures), 1 the stack's own
config is invalid, 2 usage, 3 unexpected failure.`;

/** `npm run dr-options`: every DR mode and secondary cloud of one stack, side by side. */
export function main(argv: readonly string[], io: ToolIo): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: {
        json: { type: "string" },
        svg: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [stack, ...extra] = positionals;
    if (stack === undefined || extra.length > 0) throw new UsageError("name one stack");
    if (!listStacks().includes(stack)) {
      throw new UsageError(`unknown stack "${stack}"; the stacks are ${listStacks().join(", ")}`);
    }
    checkOutputPath("json", values.json);
    checkOutputPath("svg", values.svg);
    // The stack as it is: a broken config is the user's to fix first (exit 1, every problem listed).
    const shipped = loadTypedConfig(stack);
    const current = { cloud: shipped.secondary.cloud, mode: shipped.drMode };
    const rows = await optionRows(
      current,
      (overrides) => loadTypedConfig(stack, overrides),
      (overrides) => io.render(overrides.length > 0 ? { stack, overrides } : { stack }),
      loadPriceTable(),
    );
    io.out(formatOptions(stack, `${shipped.secondary.cloud} ${shipped.drMode}`, rows));
    if (values.json !== undefined) io.out(`wrote ${writeFor(stack, values.json, JSON.stringify(rows, null, 2))}`);
    if (values.svg !== undefined) io.out(`wrote ${writeFor(stack, values.svg, optionsSvg(stack, rows))}`);
    return 0;
  });
}

runAsCommand(module, main);
