import { drReport, DrTargets } from "../dr";
import { parseCommandLine, runTool, writeFor } from "./offline/cli";
import { formatMermaid } from "./offline/mermaid";
import { formatPreview } from "./offline/preview";
import { renderSelected, selectStacks } from "./offline/render-stack";

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
  const { values, positionals } = parseCommandLine({
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
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const selection = selectStacks({
    all: values.all,
    positionals,
    secondary: values.secondary,
    set: values.set,
    perStackFiles: { json: values.json, mermaid: values.mermaid },
  });

  for (const stack of selection.stacks) {
    const graph = await renderSelected(stack, selection);
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
