import { Problem, setCommand, show } from "./problems";
import { str } from "./raw";
import { ActiveSite, DR_MODES, DrMode, SECONDARY_CLOUDS, SecondaryCloud } from "./schema";
import { SiteShape, siteShape } from "./site-shape";

/**
 * Which site writes and serves (`activeSite`). The sites keep their names whichever is active (`primary` is
 * the site built in `primary.region`, `secondary` the other), so every resource keeps its URN and a failover
 * replaces nothing; only roles move: the writer's parameters, the DNS PRIMARY record, the role-aware deep
 * check, backups and the starter's target Region. Pure, so the config rules and the wiring read the same
 * answers (docs/runbooks/failback.md#the-stack-after-a-failover).
 */

/**
 * The secondary's shape once it is the active site: it serves and its database writes, whatever it kept at
 * rest before (a pilot light's headless Aurora member needs an instance to take writes; its node groups stay
 * as configured, and the autoscaler grows them). Network-only shapes cannot become active: nothing to write to.
 */
export function activeShape(shape: SiteShape): SiteShape {
  if (shape.database === "none") {
    return shape;
  }
  return { ...shape, cluster: "serving", database: "replica", dnsTarget: true, serviceAtRest: "configured" };
}

/**
 * Whether the old primary can take traffic back while the secondary is active: only when it replicates from
 * the new writer. Aurora rebuilds the old primary Region as a secondary of the global database once it is
 * reachable (docs/sources.md#aurora-global-failover); a DMS migration is one-way, so the Aurora primary holds
 * what it had when the job was promoted and must not serve until the failback restores it
 * (docs/runbooks/failback.md#google-cloud).
 */
export const oldPrimaryReplicates = (shape: SiteShape): boolean => shape.databaseLink === "global-database";

/** The rules `activeSite` must satisfy: the active secondary must hold the data it would write to. */
export function checkActiveSite(raw: unknown): Problem[] {
  const active = str(raw, "activeSite") as ActiveSite | undefined;
  if (active !== "secondary") {
    return [];
  }
  const drMode = str(raw, "drMode");
  const cloud = str(raw, "secondary.cloud");
  if (!DR_MODES.includes(drMode as DrMode) || !SECONDARY_CLOUDS.includes(cloud as SecondaryCloud)) {
    return []; // The schema reports those keys.
  }
  const shape = siteShape(drMode as DrMode, cloud as SecondaryCloud);
  if (shape.database !== "none") {
    return [];
  }
  return [
    {
      path: "activeSite",
      message: `got ${show("secondary")}, but in ${drMode} the secondary holds no database to write to: a ${drMode} stack recovers by restoring its backup copies into a new stack in the secondary Region, not by switching sites`,
      fix: `${setCommand("activeSite", "primary")} and follow docs/runbooks/failback.md#backup-and-restore-stacks`,
    },
  ];
}
