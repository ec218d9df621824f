import { Graph, GraphResource } from "@dr-platform/model";

/**
 * Hand-built resource graphs for the pure analyses' unit tests (dr/, blast-radius/): only what an analysis
 * reads, placed through providers named as the program names them, references recorded by input property
 * (`propertyDependencies`, and in `dependsOn`) as the offline renderer records them. No render, no mocks.
 */
export const STACK = "prod";
export const PROJECT = "dr-platform";

/** The program's provider names and the regions the shipped prod stack gives them. */
export const PROVIDER_REGIONS = {
  "aws-primary": "ap-northeast-2",
  "aws-secondary": "ap-northeast-1",
  "aws-global": "us-east-1",
  "gcp-secondary": "asia-northeast1",
} as const;
export type ProviderName = keyof typeof PROVIDER_REGIONS;

export interface Spec {
  readonly type: string;
  readonly name: string;
  /** @default "aws-primary" */
  readonly provider?: ProviderName;
  readonly inputs?: Record<string, unknown>;
  /**
   * What the inputs reference, by input property: `{ healthCheckId: ref(HC, "dns-primary") }` (`type::name`,
   * or a list of them), as the engine records property dependencies. A plain list is only `dependsOn`.
   */
  readonly refs?: readonly string[] | Readonly<Record<string, string | readonly string[]>>;
  /** `type::name` of resources waited for through the `dependsOn` option only (no input refers to them). */
  readonly dependsOn?: readonly string[];
}

export const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

/** `type::name`, the form `Spec.refs` takes. */
export const ref = (type: string, name: string) => `${type}::${name}`;

/** A graph resource with the renderer's defaults for every field not given. */
export function graphResource(r: Partial<GraphResource> & Pick<GraphResource, "urn" | "type" | "name">): GraphResource {
  return {
    custom: true,
    provider: "",
    inputs: {},
    protect: false,
    dependsOn: [],
    ignoreChanges: [],
    retainOnDelete: false,
    ...r,
  };
}

/** A Graph as the offline plan writes it, with a provider resource for every provider name. */
export function handGraph(specs: readonly Spec[], outputs: Record<string, unknown> = {}): Graph {
  const providers = Object.entries(PROVIDER_REGIONS).map(([name, region]) => {
    const type = `pulumi:providers:${name.split("-")[0]}`;
    return graphResource({ urn: urnOf(type, name), type, name, region, inputs: { region } });
  });
  const resources = specs.map((s) => {
    const provider = s.provider ?? "aws-primary";
    const toUrn = (r: string) => urnOf(...(r.split("::") as [string, string]));
    const byProperty: Record<string, string[]> = Array.isArray(s.refs)
      ? {}
      : Object.fromEntries(
          Object.entries(s.refs ?? {}).map(([property, r]) => [
            property,
            (typeof r === "string" ? [r] : [...r]).map(toUrn),
          ]),
        );
    const dependsOn = [
      ...new Set([
        ...(Array.isArray(s.refs) ? s.refs.map(toUrn) : Object.values(byProperty).flat()),
        ...(s.dependsOn ?? []).map(toUrn),
      ]),
    ];
    return graphResource({
      urn: urnOf(s.type, s.name),
      type: s.type,
      name: s.name,
      provider: urnOf(`pulumi:providers:${provider.split("-")[0]}`, provider),
      // As the renderer does: a resource's own `region` input wins over its provider's.
      region: typeof s.inputs?.region === "string" ? s.inputs.region : PROVIDER_REGIONS[provider],
      inputs: s.inputs ?? {},
      dependsOn,
      propertyDependencies: byProperty,
    });
  });
  return { stack: STACK, project: PROJECT, resources: [...providers, ...resources], outputs };
}
