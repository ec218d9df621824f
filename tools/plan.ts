import { parseArgs } from "util";
import { drReport, DrTargets } from "../dr";
import { runTool, UsageError, writeFor } from "./offline/cli";
import { formatMermaid } from "./offline/mermaid";
import { formatPreview } from "./offline/preview";
import { renderStack } from "./offline/render";
import { ConfigOverride, listStacks, parseOverride } from "./offline/stack-files";

const USAGE = `Usage: npm run plan -- <stack> | --all [options]

Runs the real program in-process under Pulumi's mock engine (no CLI, no credentials, no network)
and prints what \`pulumi up\` would create.

Options:
  --all                  every stack in stacks/ (dev, staging, prod)
  --secondary aws|gcp    render with this secondary cloud (overrides secondary.cloud)
  --set PATH=VALUE       override any config path, e.g. --set primary.azCount=4 (repeatable)
  --json FILE            write the resource graph as JSON ({stack} in FILE is replaced; required with --all)
  --mermaid FILE         write a Mermaid diagram of the deployment ({stack} likewise)
  --quiet                print only a one-line summary per stack

Exit codes: 0 rendered, 1 invalid stack config (every problem is listed), 2 usage, 3 unexpected failure.`;

runTool(USAGE, async () => {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        allowPositionals: true,
        options: {
          all: { type: "boolean", default: false },
          secondary: { type: "string" },
          set: { type: "string", multiple: true, default: [] },
          json: { type: "string" },
          mermaid: { type: "string" },
          quiet: { type: "boolean", default: false },
          help: { type: "boolean", short: "h", default: false },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  })();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const known = listStacks();
  if (values.all === positionals.length > 0 || positionals.length > 1) {
    throw new UsageError("name one stack, or pass --all");
  }
  const stacks = values.all ? known : positionals;
  const unknown = stacks.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new UsageError(`unknown stack "${unknown[0]}"; the stacks are ${known.join(", ")}`);
  }
  for (const option of ["json", "mermaid"] as const) {
    if (values.all && values[option] !== undefined && !values[option]!.includes("{stack}")) {
      throw new UsageError(`with --all, put {stack} in the --${option} file name (e.g. plans/{stack}.${option})`);
    }
  }
  if (values.secondary !== undefined && !["aws", "gcp"].includes(values.secondary)) {
    throw new UsageError(`--secondary takes aws or gcp, got "${values.secondary}"`);
  }
  const overrides: ConfigOverride[] = values.set.map((text) => {
    try {
      return parseOverride(text);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  if (values.secondary !== undefined) {
    overrides.push(["secondary.cloud", values.secondary]);
  }

  for (const stack of stacks) {
    const graph = await renderStack({ stack, overrides });
    if (values.quiet) {
      const count = graph.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length;
      console.log(`${stack}: ${count} resources`);
    } else {
      console.log(formatPreview(graph, drReport(graph, graph.outputs.drTargets as DrTargets | undefined)), "\n");
    }
    if (values.json !== undefined) {
      console.log(`wrote ${writeFor(stack, values.json, JSON.stringify(graph, null, 2))}`);
    }
    if (values.mermaid !== undefined) {
      console.log(`wrote ${writeFor(stack, values.mermaid, formatMermaid(graph))}`);
    }
  }
  return 0;
});
