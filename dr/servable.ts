import { Facts, failoverTarget, FailoverTarget, GraphResource, ServingCertificate } from "@dr-platform/model";
import { HUMAN_STEPS, HumanStep, humanStepText } from "./runbook";

/**
 * Can the failover target be healthy before it receives traffic? Route 53 answers with the PRIMARY whenever
 * the SECONDARY's check is unhealthy (docs/sources.md#route-53-secondary-unhealthy), so a secondary that
 * becomes servable only once traffic reaches it never receives any. One judgement, read by the DR report
 * (dr/chain.ts) and by the `failover-target-servable` policy rule.
 */

/** How a pilot light is made healthy before DNS can move to it. */
export type ScaleUp =
  | { readonly kind: "not-needed" }
  /** An ARC Region switch plan with a trigger and an EKS resource-scaling step; `alarms` are its trigger's. */
  | { readonly kind: "automated"; readonly plan: GraphResource; readonly alarms: readonly GraphResource[] }
  | { readonly kind: "human"; readonly step: HumanStep }
  /** The cluster autoscaler keeps nodes for the pods the site runs in steady state: healthy before any failover. */
  | { readonly kind: "autoscaler" };

export interface Servability {
  readonly target: FailoverTarget;
  /** Why the target can never be healthy before it receives traffic (its certificate, its capacity). */
  readonly blockers: readonly string[];
  /** Why a pilot light cannot be healthy before DNS moves: only a human step scales it up. */
  readonly scaleUpProblem?: string;
  /** Every reason, blockers first: empty when the target can be healthy before it receives traffic. */
  readonly problems: readonly string[];
  readonly scaleUp: ScaleUp;
}

const SERVABLE_SHAPES: readonly string[] = ["dns-authorized", "ca-service", "self-managed"];
const TRAFFIC_BOUND_SHAPES: readonly string[] = ["classic-managed", "load-balancer-authorized"];

const certificateName = (c: ServingCertificate) => `${c.resource.type} ${c.resource.name}`;

function certificateProblem(target: FailoverTarget): string | undefined {
  if (target.site?.cloud !== "gcp") {
    // ACM validates through its own DNS record, whatever the traffic does.
    return undefined;
  }
  const known = target.certificates.filter((c) => c.shape !== "unknown");
  if (known.some((c) => SERVABLE_SHAPES.includes(c.shape)) || known.length < target.certificates.length) {
    return undefined;
  }
  const bound = known.filter((c) => TRAFFIC_BOUND_SHAPES.includes(c.shape));
  if (bound.length === 0) {
    return "its edge has no certificate the plan provisions (a Certificate Manager certificate with DNS authorization)";
  }
  return (
    `its certificate ${bound.map(certificateName).join(", ")} is Google-managed with load balancer authorization, ` +
    "issued only once the name resolves to its load balancer (docs/sources.md#google-managed-certificate-before-failover): " +
    "use a Certificate Manager certificate with DNS authorization"
  );
}

/** The servability of the plan's failover target (pass the model's `facts(graph)`). */
export function servability(f: Facts, target: FailoverTarget = failoverTarget(f)): Servability {
  if (!target.site) {
    const blockers = ["the plan has no secondary site"];
    return { target, blockers, problems: blockers, scaleUp: { kind: "not-needed" } };
  }
  const site = target.site;
  const certificate = certificateProblem(target);
  const blockers = [
    ...(certificate !== undefined ? [certificate] : []),
    ...(target.compute === "none"
      ? [`no capacity: the ${site.cloud.toUpperCase()} secondary has no node group or node pool`]
      : []),
  ];
  if (target.compute !== "pilot-light") {
    return { target, blockers, problems: blockers, scaleUp: { kind: "not-needed" } };
  }
  // Pods that always run (the service, the deep check) make the autoscaler keep nodes at all times.
  if (target.steadyPods > 0 && target.pools.some((p) => p.max > 0)) {
    return { target, blockers, problems: blockers, scaleUp: { kind: "autoscaler" } };
  }
  const plan =
    site.cloud === "aws"
      ? target.regionSwitch.find((p) => (p.starterAlarms.length > 0 || p.triggers.length > 0) && p.scalesUp)
      : undefined;
  if (plan) {
    const alarms = plan.starterAlarms.length > 0 ? plan.starterAlarms : plan.triggerAlarms;
    const scaleUp: ScaleUp = { kind: "automated", plan: plan.plan.resource, alarms };
    return { target, blockers, problems: blockers, scaleUp };
  }
  const step = site.cloud === "aws" ? HUMAN_STEPS.awsScaleUp : HUMAN_STEPS.gcpScaleUp;
  const untriggered = target.regionSwitch.find((p) => p.scalesUp);
  const fix =
    site.cloud !== "aws"
      ? ""
      : untriggered
        ? `; give the Region switch plan ${untriggered.plan.resource.name} a trigger, and its EKS resource-scaling step scales it up`
        : "; an ARC Region switch plan with a trigger and an EKS resource-scaling step would scale it up";
  const scaleUpProblem =
    `a pilot light (every ${site.cloud === "aws" ? "node group" : "node pool"} at minimum 0) passes its check only ` +
    `after a scale-up, which only a person starts: ${humanStepText(step)}${fix}`;
  return {
    target,
    blockers,
    scaleUpProblem,
    problems: [...blockers, scaleUpProblem],
    scaleUp: { kind: "human", step },
  };
}
