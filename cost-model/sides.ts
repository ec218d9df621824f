import { T } from "@dr-platform/model";
import { Bill, ResourceCost } from "./bill";
import { ScheduleSaving } from "./schedule";

/**
 * The active and passive sides of the bill. The passive side is the secondary site; the DR links are
 * components billed in the primary region that exist only for the secondary (the primary's end of the
 * VPN, object replication, the Region switch plan): they are reported apart, and the inclusive share
 * moves them to the passive side. Global resources (DNS, health checks) serve both and belong to neither.
 * Other components on the primary site (off-hours schedules, drills) are the active side's own.
 */

/** Resource types that only exist to reach or fail over to the other site. */
export const DR_LINK_TYPES: readonly string[] = [
  T.vpnConnection,
  T.bucketReplication,
  T.regionSwitchPlan,
  T.globalCluster,
];

export interface Sides {
  readonly activeSites: readonly string[];
  readonly passiveSites: readonly string[];
  /** The primary site, DR links included. */
  readonly active: number;
  /** The secondary site and any other DR-only site (e.g. a backup-copy region). */
  readonly passive: number;
  /** passive / active; undefined without an active cost. */
  readonly share?: number;
  /** Components billed on the active site that exist for DR: name and monthly cost. */
  readonly drLinks: readonly { readonly component: string; readonly monthly: number }[];
  /** (passive + DR links) / (active - DR links). */
  readonly inclusiveShare?: number;
  /**
   * The passive side's known cost by resource type (and each DR link by component), largest first: what keeps
   * the share where it is.
   */
  readonly passiveLines: readonly { readonly label: string; readonly monthly: number }[];
  /** Global resources (DNS), on neither side. */
  readonly shared: number;
  /** Some counted price on either side is unknown, or a resource there has no rule. */
  readonly incomplete: boolean;
  /**
   * What the unknowns can do to the inclusive share: exact (none), upper (unknowns only on the active
   * side: the share can only fall), lower (only on the passive side or its DR links: it can only rise),
   * either (both sides).
   */
  readonly bound: "exact" | "upper" | "lower" | "either";
}

const sum = (rs: readonly ResourceCost[]) => rs.reduce((a, r) => a + r.monthly, 0);

/** The component most of a site's priced resources belong to: the site's own component (e.g. "primary"). */
function homeComponent(resources: readonly ResourceCost[]): string | undefined {
  const counts = new Map<string, number>();
  resources.forEach((r) => counts.set(r.component, (counts.get(r.component) ?? 0) + 1));
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * @param linkComponents top-level components holding a DR-link type (see DR_LINK_TYPES), from the
 * metering; components that also have resources on the passive site are DR links too.
 */
export function sides(bill: Bill, linkComponents: readonly string[] = []): Sides {
  // Every site other than the primary and the global one exists for DR (the secondary, a backup-copy region).
  const activeSites = bill.sites.filter((s) => s.role === "primary").map((s) => s.key);
  const passiveSites = bill.sites.filter((s) => s.role !== "primary" && s.role !== "global").map((s) => s.key);
  const on = (keys: readonly string[]) => bill.resources.filter((r) => keys.includes(r.site));
  const activeResources = on(activeSites);
  const home = homeComponent(activeResources);
  const links = new Map<string, number>();
  const passiveComponents = new Set(on(passiveSites).map((r) => r.component));
  activeResources
    .filter((r) => r.component !== home && (passiveComponents.has(r.component) || linkComponents.includes(r.component)))
    .forEach((r) => links.set(r.component, (links.get(r.component) ?? 0) + r.monthly));
  const drLinks = [...links.entries()].map(([component, monthly]) => ({ component, monthly }));
  const linksTotal = drLinks.reduce((a, l) => a + l.monthly, 0);
  const active = sum(activeResources);
  const passive = sum(on(passiveSites));
  const both = [...activeSites, ...passiveSites];
  // A DR link's unknown price counts on the passive side, where the inclusive share puts its cost.
  const unknownOn = (keys: readonly string[], where: (component: string) => boolean) =>
    bill.resources.some((r) => keys.includes(r.site) && r.unknown > 0 && where(r.component)) ||
    bill.unclassified.some((u) => u.sites.some((s) => keys.includes(s)));
  const activeUnknown = unknownOn(activeSites, (c) => !links.has(c));
  const passiveUnknown =
    unknownOn(passiveSites, () => true) ||
    bill.resources.some((r) => activeSites.includes(r.site) && r.unknown > 0 && links.has(r.component));
  const incomplete = activeUnknown || passiveUnknown;
  const bound = activeUnknown ? (passiveUnknown ? "either" : "upper") : passiveUnknown ? "lower" : "exact";
  const byType = new Map<string, { count: number; monthly: number }>();
  for (const r of on(passiveSites)) {
    const t = byType.get(r.type) ?? { count: 0, monthly: 0 };
    byType.set(r.type, { count: t.count + 1, monthly: t.monthly + r.monthly });
  }
  const passiveLines = [
    ...[...byType.entries()].map(([type, t]) => ({ label: `${t.count} x ${type}`, monthly: t.monthly })),
    ...drLinks.map((l) => ({ label: `DR link ${l.component}`, monthly: l.monthly })),
  ]
    .filter((l) => l.monthly > 0)
    .sort((a, b) => b.monthly - a.monthly);
  return {
    activeSites,
    passiveSites,
    active,
    passive,
    share: active > 0 ? passive / active : undefined,
    drLinks,
    inclusiveShare: active - linksTotal > 0 ? (passive + linksTotal) / (active - linksTotal) : undefined,
    passiveLines,
    shared: sum(bill.resources.filter((r) => !both.includes(r.site))),
    incomplete,
    bound,
  };
}

export interface ScheduledSides {
  readonly active: number;
  readonly passive: number;
  readonly share?: number;
}

/** The sides less what the off-hours schedule switches off on each (the bill while the schedule runs). */
export function scheduledSides(s: Sides, schedule: ScheduleSaving): ScheduledSides {
  const saved = (keys: readonly string[]) =>
    schedule.lines.filter((l) => keys.includes(l.site)).reduce((a, l) => a + (l.saving ?? 0), 0);
  const active = s.active - saved(s.activeSites);
  const passive = s.passive - saved(s.passiveSites);
  return { active, passive, share: active > 0 ? passive / active : undefined };
}
