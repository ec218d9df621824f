import { byUrn, Graph, GraphResource } from "./graph";

/**
 * References between resources, exactly as the engine records them: when an input of one resource is
 * built from another's output, the engine lists the other's URN under that input in
 * `propertyDependencies` (the offline renderer copies them from the mock monitor; the policy pack gets
 * them from the analyzer request). No id, ARN or name is ever matched: an input that names a resource the
 * program did not reference (a literal id) resolves to nothing, and callers say so.
 *
 * The engine records top-level inputs, so a dotted path (`vpcConfig.subnetIds`) resolves through its first
 * segment (`vpcConfig`): every resource any part of that input referred to.
 */

const INDEX = new WeakMap<readonly GraphResource[], Map<string, GraphResource>>();

/** The graph's URN lookup, built once per resource list (and again if the list grew or shrank). */
export function urnIndex(g: Graph): Map<string, GraphResource> {
  let urns = INDEX.get(g.resources);
  if (!urns || urns.size !== g.resources.length) {
    urns = byUrn(g);
    INDEX.set(g.resources, urns);
  }
  return urns;
}

const topLevel = (property: string) => property.split(".")[0];

/**
 * The resources input `property` of `r` refers to, in the order the engine recorded them, optionally only
 * those of the given type(s). An input that is absent (undefined or null) refers to nothing, whatever
 * dependencies are recorded for it.
 */
export function resolve(
  g: Graph,
  r: GraphResource,
  property: string,
  type?: string | readonly string[],
): GraphResource[] {
  const urns = urnIndex(g);
  const types = type === undefined ? undefined : typeof type === "string" ? [type] : type;
  const key = topLevel(property);
  if (r.inputs[key] === undefined || r.inputs[key] === null) {
    return [];
  }
  return (r.propertyDependencies?.[key] ?? [])
    .map((u) => urns.get(u))
    .filter((x): x is GraphResource => x !== undefined && (types === undefined || types.includes(x.type)));
}

/** The one resource `property` refers to; undefined when it refers to none (or to several: ambiguous). */
export function resolveOne(
  g: Graph,
  r: GraphResource,
  property: string,
  type?: string | readonly string[],
): GraphResource | undefined {
  const found = resolve(g, r, property, type);
  return found.length === 1 ? found[0] : undefined;
}

/** The resources (optionally of a type) whose input `property` refers to `target`. */
export function referrers(g: Graph, target: GraphResource, property: string, type?: string): GraphResource[] {
  const key = topLevel(property);
  return g.resources.filter(
    (r) => (type === undefined || r.type === type) && (r.propertyDependencies?.[key] ?? []).includes(target.urn),
  );
}

/** Every resource `r` refers to through some input, by property (explicit `dependsOn` not included). */
export function references(g: Graph, r: GraphResource): { property: string; resource: GraphResource }[] {
  return Object.keys(r.propertyDependencies ?? {}).flatMap((property) =>
    resolve(g, r, property).map((resource) => ({ property, resource })),
  );
}
