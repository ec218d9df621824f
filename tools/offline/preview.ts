import { byUrn, cloudResources, componentPath, countByType, Graph, GraphResource, sites } from "./graph";

/** What a reader wants to see next to a resource in the preview: where and how big. */
function detail(r: GraphResource): string {
  const i = r.inputs;
  const parts = [i.availabilityZone, i.cidrBlock ?? i.ipCidrRange].filter((v): v is string => typeof v === "string");
  if (r.protect) {
    parts.push("protected");
  }
  return parts.join("  ");
}

const SITE_TITLE: Record<string, string> = {
  aws: "AWS",
  gcp: "Google Cloud",
  kubernetes: "Kubernetes",
  random: "Generated values,",
};

/**
 * A readable preview of a rendered stack, like `pulumi preview` would print for a first `up`:
 * resources grouped by site (provider, so cloud and region) and component, counts by type, outputs.
 * `dr`, when given, is the DR report (`drReport` in dr/), printed last under "DR objectives:"; without
 * it the preview is unchanged.
 */
export function formatPreview(g: Graph, dr?: string): string {
  const urns = byUrn(g);
  const lines: string[] = [];
  const all = cloudResources(g);
  lines.push(
    `Offline plan of ${g.project}/${g.stack}: ${all.length} resources to create (mock engine, no cloud calls)`,
  );
  for (const site of sites(g)) {
    lines.push(
      "",
      `${SITE_TITLE[site.cloud] ?? site.cloud} ${site.region} (${site.role}): ${site.resources.length} resources`,
    );
    const byComponent = new Map<string, GraphResource[]>();
    for (const r of site.resources) {
      const path = componentPath(g, r, urns)
        .map((c) => `${c.type.split(":").pop()} ${c.name}`)
        .join(" > ");
      byComponent.set(path, [...(byComponent.get(path) ?? []), r]);
    }
    for (const [path, resources] of byComponent) {
      lines.push(`  ${path === "" ? "(top level)" : path}`);
      const width = Math.max(...resources.map((r) => r.type.length));
      const ordered = [...resources].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
      for (const r of ordered) {
        lines.push(`    + ${r.type.padEnd(width)}  ${r.name}${detail(r) ? `  ${detail(r)}` : ""}`.trimEnd());
      }
    }
  }
  lines.push("", "Resources by type:");
  for (const [type, count] of countByType(all)) {
    lines.push(`  ${String(count).padStart(4)}  ${type}`);
  }
  lines.push("", "Outputs:");
  for (const [key, value] of Object.entries(g.outputs)) {
    lines.push(`  ${key}: ${JSON.stringify(value)}`);
  }
  if (dr !== undefined) {
    lines.push("", "DR objectives:", ...dr.split("\n").map((line) => `  ${line}`));
  }
  return lines.join("\n");
}
