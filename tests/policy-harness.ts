import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Graph, GraphResource } from "@dr-platform/model";
import { AnalyzerProcess } from "../tools/policy/analyzer";
import { judge, JudgeOptions, Verdict } from "../tools/policy/judge";
import { violationText } from "../tools/policy/report";

/**
 * One policy pack process for the whole mocha run, spoken to over gRPC like the engine does (never
 * `new PolicyPack` in this process: it would start a server here and keep mocha alive).
 */
export const PACK_DIR = path.join(__dirname, "..", "policy");
let analyzer: Promise<AnalyzerProcess> | undefined;

export function pack(): Promise<AnalyzerProcess> {
  analyzer ??= AnalyzerProcess.start(PACK_DIR);
  return analyzer;
}

after(async () => {
  if (analyzer) (await analyzer).close();
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
let files = 0;

/** Judges a graph with a config given as an object (written to a file, as the CLI takes it). */
export async function judgeWith(
  graph: Graph,
  config?: Record<string, unknown>,
  options: JudgeOptions = {},
): Promise<Verdict> {
  let file: string | undefined;
  if (config) {
    file = path.join(tmp, `config-${files++}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
  }
  return judge(await pack(), graph, file, options);
}

/** The shipped config of an environment. */
export const envConfig = (env: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${env}.json`), "utf8"));

/** The environment's config with every rule but `rule` disabled and `rule` mandatory (its knobs kept). */
export function onlyRule(env: string, rule: string): Record<string, unknown> {
  const given = envConfig(env)[rule];
  const knobs = typeof given === "object" && given !== null ? given : {};
  return { all: "disabled", [rule]: { ...knobs, enforcementLevel: "mandatory" } };
}

/** The violations a verdict holds, as `<policy> <level> <urn> | <text>` lines for exact assertions. */
export const lines = (v: Verdict, policy?: string) =>
  v.diagnostics
    .filter((d) => policy === undefined || d.policy === policy)
    .map((d) => `${d.level} ${d.urn} | ${violationText(d)}`);

/** A deep copy to mutate: rendered graphs are shared by every suite. */
export const copy = (g: Graph): Graph => structuredClone(g);

export function find(g: Graph, type: string, name: string): GraphResource {
  const r = g.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} named ${name} in ${g.stack}`);
  return r;
}

/** Sets a dotted path in a resource's inputs (creating objects on the way). */
export function setInput(g: Graph, type: string, name: string, dotted: string, value: unknown): Graph {
  const keys = dotted.split(".");
  let cursor = find(g, type, name).inputs as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    cursor[key] ??= {};
    cursor = cursor[key] as Record<string, unknown>;
  }
  if (value === undefined) delete cursor[keys[keys.length - 1]];
  else cursor[keys[keys.length - 1]] = value;
  return g;
}

export function removeResources(g: Graph, predicate: (r: GraphResource) => boolean): Graph {
  (g as { resources: GraphResource[] }).resources = g.resources.filter((r) => !predicate(r));
  return g;
}
