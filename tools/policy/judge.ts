import * as fs from "fs";
import { byUrn, Graph, GraphResource, isProvider, providerUrn, ROOT_STACK_TYPE } from "@dr-platform/model";
import { AnalyzedResource, AnalyzerProcess, Diagnostic, PackInfo } from "./analyzer";
import { parsePolicyConfig, PolicyConfigError, reconcilePolicyConfig } from "./pack-config";

/** The verdict on one graph: every diagnostic the pack reported, and whether a mandatory one is among them. */
export interface Verdict {
  readonly stack: string;
  readonly configFile?: string;
  readonly pack: { readonly name: string; readonly version: string; readonly policies: number };
  readonly diagnostics: Diagnostic[];
  readonly mandatory: number;
  readonly advisory: number;
}

/** The engine's marker for a string it does not know yet (sdk/go/common/resource/plugin: UnknownStringValue). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface JudgeOptions {
  /**
   * Judge as a first `pulumi preview` sees the stack: every value that comes from another resource (an ID,
   * an ARN, a document naming one) is unknown, because nothing exists yet.
   */
  readonly unknowns?: boolean;
  /**
   * Ask only the per-resource analyses (`resources`) or only the stack analysis (`stack`): a verdict of one rule
   * needs only its kind's, and sending every resource costs a round trip each. @default both, as the engine does
   */
  readonly scope?: "resources" | "stack";
}

/** The graph's resources as the engine describes them: inputs for resources, outputs for the root stack. */
export function analyzedResources(graph: Graph, options: JudgeOptions = {}): AnalyzedResource[] {
  const urns = byUrn(graph);
  return graph.resources.map((r: GraphResource) => {
    const providerRef = r.provider ? urns.get(providerUrn(r.provider)) : undefined;
    const inputs = options.unknowns ? withUnknowns(r, urns) : r.inputs;
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      properties: r.type === ROOT_STACK_TYPE ? graph.outputs : asSent(r.type, inputs),
      protect: r.protect,
      ignoreChanges: r.ignoreChanges,
      parent: r.parent,
      dependencies: r.dependsOn,
      propertyDependencies: r.propertyDependencies ?? {},
      provider: providerRef && {
        urn: providerRef.urn,
        type: providerRef.type,
        name: providerRef.name,
        properties: asSent(providerRef.type, providerRef.inputs),
      },
    };
  });
}

/**
 * A provider's inputs as the SDK sends them: nested values (defaultTags, defaultLabels) as JSON text. The
 * offline graph decodes them for reading; the engine passes them to policies as sent.
 */
function asSent(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (!isProvider({ type })) {
    return inputs;
  }
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [k, v !== null && typeof v === "object" ? JSON.stringify(v) : v]),
  );
}

/**
 * The inputs with every string that comes from another resource replaced by the unknown marker: the
 * strings inside a property that depends on a resource and that carry that resource's name (the mock
 * engine derives IDs and ARNs from names). Coarser than the engine, never finer.
 */
function withUnknowns(r: GraphResource, urns: Map<string, GraphResource>): Record<string, unknown> {
  const names = (property: string) =>
    (r.propertyDependencies?.[property] ?? []).map((u) => urns.get(u)?.name).filter((n): n is string => !!n);
  const mark = (value: unknown, deps: string[]): unknown =>
    typeof value === "string"
      ? deps.some((d) => value.includes(d))
        ? UNKNOWN_STRING
        : value
      : Array.isArray(value)
        ? value.map((v) => mark(v, deps))
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v, deps)]))
          : value;
  return Object.fromEntries(Object.entries(r.inputs).map(([k, v]) => [k, mark(v, names(k))]));
}

/** Reads and reconciles a config file against the pack, failing the way the CLI does on a bad one. */
export async function configurePack(analyzer: AnalyzerProcess, configFile: string | undefined): Promise<PackInfo> {
  const info = await analyzer.info();
  const given = configFile ? parsePolicyConfig(fs.readFileSync(configFile, "utf8"), configFile) : {};
  const { config, errors } = reconcilePolicyConfig(info.policies, info.initialConfig, given);
  if (errors.length > 0) {
    throw new PolicyConfigError(`${configFile}: invalid policy config:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
  }
  await analyzer.configure(config);
  return info;
}

/**
 * Judges one graph as `pulumi preview --policy-pack` would: Configure with the reconciled config,
 * ConfigureStack, Analyze for every resource the program registered (providers excepted, as the engine
 * does), then AnalyzeStack over all of them.
 */
export async function judge(
  analyzer: AnalyzerProcess,
  graph: Graph,
  configFile?: string,
  options: JudgeOptions = {},
): Promise<Verdict> {
  const info = await configurePack(analyzer, configFile);
  await analyzer.configureStack({ stack: graph.stack, project: graph.project, organization: "offline", dryRun: true });
  const resources = analyzedResources(graph, options);
  const root = resources.find((r) => r.type === ROOT_STACK_TYPE)?.urn ?? "";
  const known = new Set(resources.map((r) => r.urn));
  // The engine analyses every registration as its step runs, many at once (one HTTP/2 connection here),
  // and files a resource policy's diagnostic under the resource analysed, whatever URN the rule gave.
  const perResource =
    options.scope === "stack"
      ? []
      : await Promise.all(resources.map(async (r) => (await analyzer.analyze(r)).map((d) => ({ ...d, urn: r.urn }))));
  // A stack policy's diagnostic without a URN of the deployment is filed under the root stack.
  const stackWide =
    options.scope === "resources"
      ? []
      : (await analyzer.analyzeStack(resources)).map((d) => ({
          ...d,
          urn: known.has(d.urn) ? d.urn : root,
        }));
  const diagnostics: Diagnostic[] = [...perResource.flat(), ...stackWide];
  return {
    stack: graph.stack,
    configFile,
    pack: { name: info.name, version: info.version, policies: info.policies.length },
    diagnostics,
    mandatory: diagnostics.filter((d) => d.level === "mandatory").length,
    advisory: diagnostics.filter((d) => d.level === "advisory").length,
  };
}
