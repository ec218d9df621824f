import * as path from "path";
import { parseCommandLine, runAsCommand, ToolIo, UsageError, withExitCodes } from "./offline/cli";
import { cloudResources } from "./offline/graph";
import { renderStack, RenderOptions } from "./offline/render";
import { listStacks } from "./offline/stack-files";

const USAGE = `Usage: npm run bench -- [--runs N]

Renders every stack offline N times (after one warm-up) and prints the median wall time per stack and
milliseconds per registered resource, next to the SDK's floor: a plain-JavaScript program of 200
resources rendered the same way. Every registration counts (cloud resources, components, providers and
the stack), since the SDK does the same work for each. Targets: prod <= 5000 ms; our cost per
registration <= 1.5x the floor's.`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measure(
  options: RenderOptions,
  runs: number,
): Promise<{ ms: number; resources: number; registrations: number }> {
  let resources = 0;
  let registrations = 0;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const graph = await renderStack(options);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    resources = cloudResources(graph).length;
    registrations = graph.resources.length;
    if (i > 0) {
      times.push(ms); // run 0 warms the module cache and the JIT
    }
  }
  return { ms: median(times), resources, registrations };
}

/** `npm run bench`: median render time per stack against the SDK's floor. */
export function main(argv: readonly string[], io: ToolIo): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values } = parseCommandLine(argv, {
      options: { runs: { type: "string", default: "5" }, help: { type: "boolean", short: "h", default: false } },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) {
      throw new UsageError(`--runs takes a whole number of at least 1, got "${values.runs}"`);
    }
    const floorProgram = path.join(__dirname, "offline", "floor-program.js");
    const floor = await measure({ stack: "prod", program: floorProgram, stackTraces: "plain" }, runs);
    const fastFloor = await measure({ stack: "prod", program: floorProgram }, runs);
    const floorPer = floor.ms / floor.registrations;
    io.out(
      `SDK floor: plain JavaScript as plain node runs it (${floor.registrations} registrations): ${floor.ms.toFixed(0)} ms, ${floorPer.toFixed(2)} ms/registration`,
    );
    io.out(
      `the same program as the offline renderer runs it (no stack traces): ${fastFloor.ms.toFixed(0)} ms, ${(fastFloor.ms / fastFloor.registrations).toFixed(2)} ms/registration`,
    );
    io.out("");
    io.out("stack                     cloud resources  registrations  median ms  ms/registration  x floor");
    const variants: [string, RenderOptions][] = [
      ...listStacks().map((s): [string, RenderOptions] => [s, { stack: s }]),
      ["prod (gcp secondary)", { stack: "prod", overrides: [["secondary.cloud", "gcp"]] }],
    ];
    let worst = 0;
    for (const [label, options] of variants) {
      const { ms, resources, registrations } = await measure(options, runs);
      const per = ms / registrations;
      worst = Math.max(worst, per / floorPer);
      io.out(
        [
          label.padEnd(24),
          String(resources).padStart(15),
          String(registrations).padStart(13),
          ms.toFixed(0).padStart(9),
          per.toFixed(2).padStart(15),
          (per / floorPer).toFixed(2).padStart(7),
        ].join("  "),
      );
    }
    io.out("");
    io.out(`worst cost per registration: ${worst.toFixed(2)}x the floor (target <= 1.5x)`);
    return 0;
  });
}

runAsCommand(module, main);
