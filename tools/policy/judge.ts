import * as fs from "fs";
import { byUrn, Graph, GraphResource, providerUrn, ROOT_STACK_TYPE } from "../offline/graph";
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

/** The graph's resources as the engine describes them: inputs for resources, outputs for the root stack. */
export function analyzedResources(graph: Graph): AnalyzedResource[] {
  const urns = byUrn(graph);
  return graph.resources.map((r: GraphResource) => {
    const providerRef = r.provider ? urns.get(providerUrn(r.provider)) : undefined;
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      properties: r.type === ROOT_STACK_TYPE ? graph.outputs : r.inputs,
      protect: r.protect,
      ignoreChanges: r.ignoreChanges,
      parent: r.parent,
      dependencies: r.dependsOn,
      propertyDependencies: r.propertyDependencies ?? {},
      provider: providerRef && {
        urn: providerRef.urn,
        type: providerRef.type,
        name: providerRef.name,
        properties: providerRef.inputs,
      },
    };
  });
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
export async function judge(analyzer: AnalyzerProcess, graph: Graph, configFile?: string): Promise<Verdict> {
  const info = await configurePack(analyzer, configFile);
  await analyzer.configureStack({ stack: graph.stack, project: graph.project, organization: "offline", dryRun: true });
  const resources = analyzedResources(graph);
  // The engine analyses resources as their steps run, many at once; so do we (one HTTP/2 connection).
  const perResource = await Promise.all(
    resources
      .filter((r) => r.type !== ROOT_STACK_TYPE && !r.type.startsWith("pulumi:providers:"))
      // The engine files a resource policy's diagnostic under the resource it analysed.
      .map(async (r) => (await analyzer.analyze(r)).map((d) => ({ ...d, urn: d.urn === "" ? r.urn : d.urn }))),
  );
  const diagnostics: Diagnostic[] = [...perResource.flat(), ...(await analyzer.analyzeStack(resources))];
  return {
    stack: graph.stack,
    configFile,
    pack: { name: info.name, version: info.version, policies: info.policies.length },
    diagnostics,
    mandatory: diagnostics.filter((d) => d.level === "mandatory").length,
    advisory: diagnostics.filter((d) => d.level === "advisory").length,
  };
}
