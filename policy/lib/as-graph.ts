import { PolicyResource } from "@pulumi/policy";
import { Graph, GraphResource, ROOT_STACK_TYPE } from "@dr-platform/model";
import { obj, str } from "./read";

/**
 * The stack policy's view of a stack as the offline plan's Graph, so that the DR arithmetic (@dr-platform/dr) and the model's facts judge
 * `pulumi preview` exactly as it judges the offline plan: one model, two callers.
 */
export function asGraph(resources: readonly PolicyResource[]): Graph {
  const root = resources.find((r) => r.type === ROOT_STACK_TYPE);
  // urn:pulumi:<stack>::<project>::<type>::<name>
  const [, stack = "", project = ""] = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(root?.urn ?? "") ?? [];
  return {
    stack,
    project,
    resources: resources.map(asGraphResource),
    outputs: obj(root?.props),
  };
}

function asGraphResource(r: PolicyResource): GraphResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    // The engine does not say which resources are components; ours are all typed `platform:*`.
    custom: r.type !== ROOT_STACK_TYPE && !r.type.startsWith("platform:"),
    parent: r.parent?.urn,
    provider: r.provider?.urn ?? "",
    // What the plan's `region` means: the resource's own region input, else its provider's.
    region: str(r.props.region) ?? str(r.provider?.props.region),
    inputs: r.props,
    protect: r.opts.protect,
    dependsOn: r.dependencies.map((d) => d.urn),
    propertyDependencies: Object.fromEntries(
      Object.entries(r.propertyDependencies).map(([property, deps]) => [property, deps.map((d) => d.urn)]),
    ),
    ignoreChanges: r.opts.ignoreChanges,
    retainOnDelete: false,
  };
}
