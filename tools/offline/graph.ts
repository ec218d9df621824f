/**
 * The offline plan's resource graph. Its types and helpers live in the model package
 * (@dr-platform/model, model/graph.ts and model/sites.ts, see docs/model.md); this module re-exports them
 * for the offline tools.
 */
export {
  byUrn,
  cloudResources,
  componentPath,
  countByType,
  isProvider,
  providerUrn,
  ROOT_STACK_TYPE,
  SECRET,
  sites,
} from "@dr-platform/model";
export type { Graph, GraphResource, Site } from "@dr-platform/model";
