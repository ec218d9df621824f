import { Graph, GraphResource, cloudResources } from "../tools/offline/graph";
import { renderStack, RenderOptions } from "../tools/offline/render";

/**
 * Shared renders for the suites: each distinct stack/override set is rendered once per mocha run
 * (a render is the real program under the mock engine, about a second each).
 *
 * What this cannot prove: that the clouds accept these shapes and values. tsc against the provider SDKs
 * checks the property names and types; only a real `pulumi preview` checks the rest.
 */
const cache = new Map<string, Promise<Graph>>();

export function render(options: RenderOptions): Promise<Graph> {
  const key = JSON.stringify(options);
  if (!cache.has(key)) {
    // Renders share the process-wide Pulumi runtime, so they run one after another.
    const previous = [...cache.values()].pop() ?? Promise.resolve(undefined);
    cache.set(
      key,
      previous.catch(() => undefined).then(() => renderStack(options)),
    );
  }
  return cache.get(key)!;
}

/** Every shipped stack, plus prod with the other secondary cloud. */
export const VARIANTS: { label: string; options: RenderOptions; secondary: "aws" | "gcp" }[] = [
  { label: "dev", options: { stack: "dev" }, secondary: "aws" },
  { label: "staging", options: { stack: "staging" }, secondary: "gcp" },
  { label: "prod", options: { stack: "prod" }, secondary: "aws" },
  {
    label: "prod with a GCP secondary",
    options: { stack: "prod", overrides: [["secondary.cloud", "gcp"]] },
    secondary: "gcp",
  },
];

export const ofType = (g: Graph, type: string): GraphResource[] => cloudResources(g).filter((r) => r.type === type);

/** The resources of one type below the component named `component` (a site: "primary", "secondary"). */
export const ofTypeIn = (g: Graph, component: string, type: string): GraphResource[] =>
  under(g, component).filter((r) => r.type === type);

/** The resources below the component named `name` (at any depth). */
export function under(g: Graph, name: string): GraphResource[] {
  const component = g.resources.find((r) => !r.custom && r.name === name);
  if (!component) {
    throw new Error(`no component named ${name}`);
  }
  return cloudResources(g).filter((r) => isBelow(g, r, component.urn));
}

function isBelow(g: Graph, r: GraphResource, ancestor: string): boolean {
  const urns = new Map(g.resources.map((x) => [x.urn, x]));
  for (let p = r.parent; p; p = urns.get(p)?.parent) {
    if (p === ancestor) {
      return true;
    }
  }
  return false;
}
