import * as path from "path";
import { parseArgs } from "util";
import { runTool, UsageError } from "./offline/cli";
import { cloudResources } from "./offline/graph";
import { renderStack, RenderOptions } from "./offline/render";
import { listStacks } from "./offline/stack-files";

const USAGE = `Usage: npm run bench -- [--runs N]

Renders every stack offline N times (after one warm-up) and prints the median wall time per stack and
milliseconds per resource, next to the SDK's floor: a plain-JavaScript program of 200 resources
rendered the same way. Targets: prod <= 5000 ms; our cost per resource <= 1.5x the floor.`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measure(options: RenderOptions, runs: number): Promise<{ ms: number; resources: number }> {
  let resources = 0;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const graph = await renderStack(options);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    resources = cloudResources(graph).length;
    if (i > 0) {
      times.push(ms); // run 0 warms the module cache and the JIT
    }
  }
  return { ms: median(times), resources };
}

runTool(USAGE, async () => {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new UsageError(`--runs takes a whole number of at least 1, got "${values.runs}"`);
  }
  const floor = await measure({ stack: "prod", program: path.join(__dirname, "offline", "floor-program.js") }, runs);
  const floorPer = floor.ms / floor.resources;
  console.log(
    `SDK floor (plain JS, ${floor.resources} resources): ${floor.ms.toFixed(0)} ms, ${floorPer.toFixed(2)} ms/resource`,
  );
  console.log("");
  console.log("stack                       resources   median ms   ms/resource   x floor");
  const variants: [string, RenderOptions][] = [
    ...listStacks().map((s): [string, RenderOptions] => [s, { stack: s }]),
    ["prod (gcp secondary)", { stack: "prod", overrides: [["secondary.cloud", "gcp"]] }],
  ];
  let worst = 0;
  for (const [label, options] of variants) {
    const { ms, resources } = await measure(options, runs);
    const per = ms / resources;
    worst = Math.max(worst, per / floorPer);
    console.log(
      `${label.padEnd(26)}  ${String(resources).padStart(9)}   ${ms.toFixed(0).padStart(9)}   ${per.toFixed(2).padStart(11)}   ${(per / floorPer).toFixed(2).padStart(7)}`,
    );
  }
  console.log("");
  console.log(`worst cost per resource: ${worst.toFixed(2)}x the floor (target <= 1.5x)`);
  return 0;
});
