/**
 * The ARC Region switch API's constraints on a plan, as pure checks of the inputs `@pulumi/aws` registers,
 * after the provider's own mapping (its `scalingResources[].namespace` becomes the API's outer map key, which
 * the API requires to be a Region). The component refuses a plan that breaks one; the tests run them on the
 * rendered stacks. Each rule names the API reference page it comes from (docs/sources.md#arc-region-switch-api).
 */

const REGION = /^[a-z]{2}-[a-z-]+-\d+$/;
const AURORA_BEHAVIORS = ["switchoverOnly", "failover"];
const AURORA_UNGRACEFUL = ["failover"];
const CAPACITY_APPROACHES = ["sampledMaxInLast24Hours"];
const ACTIONS = ["activate", "deactivate"];

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** Every block of a workflow's steps, Parallel blocks' children included. */
function blocks(steps: unknown): Obj[] {
  return list(steps).flatMap((s) => [s, ...list(s.parallelConfigs).flatMap((p) => blocks(p.steps))]);
}

/** Problems with a plan's inputs, each naming the field and the rule it breaks; empty when it conforms. */
export function regionSwitchPlanProblems(plan: Obj): string[] {
  const problems: string[] = [];
  const regions = (plan.regions as string[] | undefined) ?? [];
  if (regions.length !== 2 || !regions.every((r) => REGION.test(r))) {
    problems.push(`regions: ${JSON.stringify(regions)}; an activePassive plan names exactly two Regions`);
  }
  if (plan.recoveryApproach === "activePassive" && !regions.includes(String(plan.primaryRegion))) {
    problems.push(`primaryRegion: ${String(plan.primaryRegion)} is not one of regions (API_CreatePlan)`);
  }
  list(plan.workflows).forEach((w, i) => {
    const at = `workflows[${i}]`;
    if (!ACTIONS.includes(String(w.workflowTargetAction)))
      problems.push(`${at}.workflowTargetAction: ${String(w.workflowTargetAction)}`);
    if (w.workflowTargetRegion !== undefined && !regions.includes(String(w.workflowTargetRegion))) {
      problems.push(`${at}.workflowTargetRegion: ${String(w.workflowTargetRegion)} is not one of the plan's regions`);
    }
    for (const b of blocks(w.steps)) {
      const step = `${at} step ${String(b.name)}`;
      for (const a of list(b.executionApprovalConfigs)) {
        if (a.approvalRole === undefined || a.approvalRole === "") {
          problems.push(`${step}: a ManualApproval step needs approvalRole (API_ExecutionApprovalConfiguration)`);
        }
      }
      for (const a of list(b.globalAuroraConfigs)) {
        if (!AURORA_BEHAVIORS.includes(String(a.behavior))) {
          problems.push(
            `${step}: behavior ${String(a.behavior)}; one of ${AURORA_BEHAVIORS.join(", ")} (API_GlobalAuroraConfiguration)`,
          );
        }
        for (const u of list(a.ungracefuls)) {
          if (!AURORA_UNGRACEFUL.includes(String(u.ungraceful))) {
            problems.push(`${step}: ungraceful ${String(u.ungraceful)}; only "failover" (API_GlobalAuroraUngraceful)`);
          }
        }
        if (list(a.databaseClusterArns).length < 2) {
          problems.push(`${step}: databaseClusterArns names fewer than the two Regions' clusters`);
        }
      }
      for (const e of list(b.eksResourceScalingConfigs)) {
        if (!CAPACITY_APPROACHES.includes(String(e.capacityMonitoringApproach))) {
          problems.push(
            `${step}: capacityMonitoringApproach ${String(e.capacityMonitoringApproach)}; the API's one valid value is sampledMaxInLast24Hours (API_EksResourceScalingConfiguration)`,
          );
        }
        if (list(e.eksClusters).length < 2) {
          problems.push(
            `${step}: eksClusters lists ${list(e.eksClusters).length}; at least 2, one per Region (API_EksResourceScalingConfiguration)`,
          );
        }
        const keys = list(e.scalingResources).map((r) => String(r.namespace));
        const notRegions = keys.filter((k) => !REGION.test(k));
        if (keys.length === 0 || notRegions.length > 0) {
          problems.push(
            `${step}: scalingResources keys ${JSON.stringify(notRegions.length > 0 ? notRegions : keys)}; the API keys them by Region ([a-z]{2}-[a-z-]+-\\d+), and the provider maps scalingResources[].namespace to that key`,
          );
        }
        const missing = regions.filter((r) => !keys.includes(r));
        if (keys.length > 0 && missing.length > 0) {
          problems.push(`${step}: scalingResources has no resources for ${missing.join(", ")}`);
        }
        if (Number(e.targetPercent) < 1) problems.push(`${step}: targetPercent below 1`);
      }
    }
  });
  for (const t of list(plan.triggers)) {
    if (!regions.includes(String(t.targetRegion)))
      problems.push(`triggers: targetRegion ${String(t.targetRegion)} is not one of regions`);
    const names = list(plan.associatedAlarms).map((a) => String(a.mapBlockKey));
    for (const c of list(t.conditions)) {
      if (!names.includes(String(c.associatedAlarmName))) {
        problems.push(`triggers: condition on ${String(c.associatedAlarmName)}, which is not an associated alarm`);
      }
    }
  }
  return problems;
}
