/**
 * The offline plan's resource graph: what the program registered, with the options the engine would
 * see. The JSON form is the contract the policy, cost and resilience tools read; keep it stable.
 */
export interface GraphResource {
  /** Engine-exact URN (the full chain of parent types, as `pulumi preview` shows). */
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** False for component resources (and the root stack). */
  readonly custom: boolean;
  /** Parent URN; undefined only for the root stack. */
  readonly parent?: string;
  /** Provider URN; "" when the default provider would be used (which the project forbids). */
  readonly provider: string;
  /** Region the resource lands in (its own `region`/`location` input, else its provider's). */
  readonly region?: string;
  /** Inputs as registered; secret values appear as "[secret]". */
  readonly inputs: Record<string, unknown>;
  readonly protect: boolean;
  /** URNs this resource depends on (explicit `dependsOn` and references in its inputs). */
  readonly dependsOn: string[];
  /** The same dependencies by input property (`bucket` -> the bucket's URN), as the engine tracks them. */
  readonly propertyDependencies?: Record<string, string[]>;
  /** Properties Pulumi ignores drift on (`ignoreChanges`). */
  readonly ignoreChanges: string[];
  readonly retainOnDelete: boolean;
  /** The `import` option: the cloud ID of an existing resource Pulumi adopts instead of creating. */
  readonly importId?: string;
}

export interface Graph {
  readonly stack: string;
  readonly project: string;
  readonly resources: GraphResource[];
  /** Stack outputs; secret values appear as "[secret]". */
  readonly outputs: Record<string, unknown>;
}

export const SECRET = "[secret]";
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

export const isProvider = (r: { type: string }) => r.type.startsWith(PROVIDER_TYPE_PREFIX);

/** Cloud resources: custom resources that are not providers. */
export const cloudResources = (g: Graph) => g.resources.filter((r) => r.custom && !isProvider(r));

export function byUrn(g: Graph): Map<string, GraphResource> {
  return new Map(g.resources.map((r) => [r.urn, r]));
}

/** The provider URN of a provider reference ("<urn>::<id>"). */
export function providerUrn(ref: string): string {
  const parts = ref.split("::");
  return parts.length > 4 ? parts.slice(0, -1).join("::") : ref;
}

/** The chain of component ancestors of a resource, outermost first (the root stack excluded). */
export function componentPath(g: Graph, r: GraphResource, urns = byUrn(g)): GraphResource[] {
  const chain: GraphResource[] = [];
  let parent = r.parent ? urns.get(r.parent) : undefined;
  while (parent && parent.type !== ROOT_STACK_TYPE) {
    chain.unshift(parent);
    parent = parent.parent ? urns.get(parent.parent) : undefined;
  }
  return chain;
}

export function countByType(resources: readonly GraphResource[]): [string, number][] {
  const counts = new Map<string, number>();
  resources.forEach((r) => counts.set(r.type, (counts.get(r.type) ?? 0) + 1));
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
