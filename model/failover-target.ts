import { T } from "./catalogue";
import { placedSite } from "./detection";
import { Facts } from "./facts";
import { cloudResources, Graph, GraphResource } from "./graph";
import { ComputePool, FailoverPlan, PlanStep } from "./ops";
import { at, isUnknown, list, num, obj, str, strings } from "./read";
import { resolve } from "./resolve";
import { Site } from "./sites";
import { GcpPromotion, gcpPromotions } from "./gcp-promotion";

/**
 * What the failover target (the secondary site) needs to be healthy before it receives traffic: the
 * certificate its edge serves, the capacity it keeps, and what the plan automates to bring a pilot light up
 * (an ARC Region switch plan's trigger and scaling step). Facts only: dr/servable.ts judges them, for the DR
 * report and the `failover-target-servable` policy rule alike.
 */

/**
 * The certificate types this fact reads, spelled here so that it reads both edges while the Google Cloud edge
 * moves from the GKE Ingress (ManagedCertificate) to the Gateway (Certificate Manager): the catalogue
 * (model/catalogue.ts) lists the types the program renders, and these come and go with that change.
 */
export const CERTIFICATE_TYPES = {
  /** The classic Google-managed certificate of a load balancer's target proxy. */
  classicManaged: "gcp:compute/managedSslCertificate:ManagedSslCertificate",
  /** GKE's custom resource for a classic Google-managed certificate on an Ingress. */
  gkeManaged: "kubernetes:networking.gke.io/v1:ManagedCertificate",
  /** A Certificate Manager certificate (Google-managed with DNS or load-balancer authorization, or self-managed). */
  certificateManager: "gcp:certificatemanager/certificate:Certificate",
  dnsAuthorization: "gcp:certificatemanager/dnsAuthorization:DnsAuthorization",
} as const;

/**
 * How a certificate is provisioned (docs/sources.md#google-managed-certificate-before-failover):
 *  - `dns-authorized`: Certificate Manager with DNS authorization, issued before any traffic arrives;
 *  - `ca-service`: Certificate Manager issued by a CA Service pool (no domain authorization);
 *  - `self-managed`: a certificate the program uploads;
 *  - `load-balancer-authorized`: Certificate Manager with load balancer authorization, issued only once the
 *    domain resolves to the load balancer;
 *  - `classic-managed`: a classic Google-managed certificate (compute ManagedSslCertificate or a GKE
 *    ManagedCertificate), which is load balancer authorized too;
 *  - `acm`: an AWS ACM certificate, validated through its own DNS record;
 *  - `unknown`: not known during a preview.
 */
export type CertificateShape =
  | "dns-authorized"
  | "ca-service"
  | "self-managed"
  | "load-balancer-authorized"
  | "classic-managed"
  | "acm"
  | "unknown";

export interface ServingCertificate {
  readonly resource: GraphResource;
  readonly shape: CertificateShape;
}

const CERTIFICATE_TOKENS: readonly string[] = [
  CERTIFICATE_TYPES.classicManaged,
  CERTIFICATE_TYPES.certificateManager,
  CERTIFICATE_TYPES.gkeManaged,
  T.certificate,
];

/** The one reader of a certificate's provisioning shape. */
export function certificateShape(f: Facts, r: GraphResource): CertificateShape {
  if (r.type === T.certificate) {
    return "acm";
  }
  if (r.type === CERTIFICATE_TYPES.classicManaged || r.type === CERTIFICATE_TYPES.gkeManaged) {
    return "classic-managed";
  }
  if (r.type !== CERTIFICATE_TYPES.certificateManager) {
    return "unknown";
  }
  if (r.inputs.selfManaged !== undefined && r.inputs.selfManaged !== null) {
    return "self-managed";
  }
  const managed = r.inputs.managed;
  if (isUnknown(managed)) {
    return "unknown";
  }
  const authorizations = [
    ...strings(at(managed, "dnsAuthorizations")),
    ...resolve(f.graph, r, "managed", CERTIFICATE_TYPES.dnsAuthorization).map((d) => d.urn),
  ];
  if (authorizations.length > 0) {
    return "dns-authorized";
  }
  return str(obj(managed).issuanceConfig) !== undefined ? "ca-service" : "load-balancer-authorized";
}

/** An ARC Region switch plan as it bears on activating the secondary's region. */
export interface RegionSwitch {
  readonly plan: FailoverPlan;
  /** Triggers that activate the secondary's region (a trigger starts the plan without a person). */
  readonly triggers: readonly { readonly targetRegion?: string; readonly conditions: readonly string[] }[];
  /**
   * The alarms the triggers' conditions name, when the plan's `associatedAlarms` resolve to them without
   * ambiguity (every associated alarm named by a condition); empty otherwise.
   */
  readonly triggerAlarms: readonly GraphResource[];
  /** The activate workflow for the secondary's region has an EKS resource-scaling step. */
  readonly scalesUp: boolean;
  /**
   * The alarms whose ALARM starts this plan in ungraceful mode for the secondary's region through a starter
   * (components/failover/failover-starter.ts: a rule forwards the alarm's state change to the region's bus, a
   * rule there runs a state machine that calls StartPlanExecution); empty when there is none.
   */
  readonly starterAlarms: readonly GraphResource[];
  /** The activate workflow waits for a person's approval (a ManualApproval step) before it acts. */
  readonly approval: boolean;
  /** The behaviour of its Aurora global database step (`switchoverOnly` or `failover`), if it has one. */
  readonly auroraBehavior?: string;
}

export interface FailoverTarget {
  /** The secondary's cloud site (aws-secondary, gcp-secondary). */
  readonly site?: Site;
  /** The certificates its edge can serve (its own resources and its cluster's objects). */
  readonly certificates: readonly ServingCertificate[];
  /** Its node groups or node pools. */
  readonly pools: readonly ComputePool[];
  /** `warm` when some pool keeps nodes, `pilot-light` when every pool has a minimum of 0, `none` without pools. */
  readonly compute: "warm" | "pilot-light" | "none";
  /**
   * Pods its cluster runs in steady state (the replicas of its Deployments). With autoscaling pools, the
   * cluster autoscaler adds nodes for them before any failover, so a pilot light that runs its service and
   * its deep check is not at zero nodes: only its extra capacity waits.
   */
  readonly steadyPods: number;
  /** Region switch plans with an activate workflow for its region. */
  readonly regionSwitch: readonly RegionSwitch[];
  /** Its Aurora cluster has no instance at rest (a pilot light's headless global-database member). */
  readonly headlessDatabase: boolean;
  /** The Google Cloud promotion that runs itself from a signal on the primary, when every link resolves. */
  readonly gcpPromotion?: GcpPromotion;
}

const flatten = (steps: readonly PlanStep[]): PlanStep[] => steps.flatMap((s) => [s, ...flatten(s.children)]);

/** Every `behavior` of the Aurora global database steps of a workflow's raw steps (Parallel blocks nested). */
function auroraBehaviors(steps: unknown): string[] {
  return list(steps).flatMap((s) => {
    const step = obj(s);
    const own = list(step.globalAuroraConfigs)
      .map((c) => str(obj(c).behavior))
      .filter((b): b is string => b !== undefined);
    return [...own, ...list(step.parallelConfigs).flatMap((p) => auroraBehaviors(obj(p).steps))];
  });
}

function regionSwitchFor(f: Facts, plan: FailoverPlan, region: string): RegionSwitch | undefined {
  const index = plan.workflows.findIndex((w) => w.action === "activate" && w.targetRegion === region);
  if (index < 0) {
    return undefined;
  }
  const raw = obj(list(plan.resource.inputs.workflows)[index]);
  const triggers = list(plan.resource.inputs.triggers)
    .map(obj)
    .filter((t) => str(t.action) === "activate" && (str(t.targetRegion) ?? region) === region)
    .map((t) => ({
      ...(str(t.targetRegion) !== undefined ? { targetRegion: str(t.targetRegion)! } : {}),
      conditions: list(t.conditions)
        .map((c) => obj(c))
        .filter((c) => str(c.condition) === "red")
        .map((c) => str(c.associatedAlarmName) ?? ""),
    }));
  const associated = list(plan.resource.inputs.associatedAlarms).map((a) => str(obj(a).name) ?? "");
  const named = new Set(triggers.flatMap((t) => t.conditions));
  const alarms = resolve(f.graph, plan.resource, "associatedAlarms", T.metricAlarm);
  const unambiguous = associated.length > 0 && associated.every((n) => named.has(n)) && alarms.length > 0;
  const behavior = auroraBehaviors(raw.steps)[0];
  return {
    plan,
    triggers,
    triggerAlarms: unambiguous ? alarms : [],
    starterAlarms: starterAlarms(f, plan, region),
    approval: flatten(plan.workflows[index].steps).some((s) => s.kind === "ManualApproval"),
    scalesUp: flatten(plan.workflows[index].steps).some((s) => s.kind === "EKSResourceScaling"),
    ...(behavior !== undefined ? { auroraBehavior: behavior } : {}),
  };
}

/** StartPlanExecution through Step Functions' AWS SDK integration. */
const START_PLAN = /:aws-sdk:arcregionswitch:startPlanExecution$/;

/**
 * The alarms that start `plan` for `region` without a person: a state machine in `region` whose task starts
 * the plan's `activate` in ungraceful mode, run by a rule there on an alarm's ALARM, which a rule in the
 * alarm's own region forwards to `region`'s event bus (alarm state changes reach EventBridge in the alarm's
 * region only). Every hop must be in the graph, or the plan does not start by itself.
 */
function starterAlarms(f: Facts, plan: FailoverPlan, region: string): GraphResource[] {
  const g = f.graph;
  const targetsOf = (rule: GraphResource) =>
    cloudResources(g).filter((t) => t.type === T.eventTarget && resolve(g, t, "rule", T.eventRule).includes(rule));
  const machines = cloudResources(g).filter((m) => {
    if (m.type !== T.stateMachine || m.region !== region) return false;
    const text = str(m.inputs.definition);
    // Unknown in a first preview: not credited until it can be read.
    if (text === undefined || isUnknown(m.inputs.definition) || !text.trimStart().startsWith("{")) return false;
    if (!resolve(g, m, "definition", T.regionSwitchPlan).includes(plan.resource)) return false;
    const states = Object.values(obj(obj(JSON.parse(text)).States));
    return states.some((state) => {
      const p = obj(obj(state).Parameters);
      return (
        START_PLAN.test(str(obj(state).Resource) ?? "") &&
        str(p.Mode) === "ungraceful" &&
        str(p.Action) === "activate" &&
        str(p.TargetRegion) === region
      );
    });
  });
  const rules = cloudResources(g).filter(
    (r) =>
      r.type === T.eventRule &&
      r.region === region &&
      targetsOf(r).some((t) => machines.some((m) => resolve(g, t, "arn", T.stateMachine).includes(m))),
  );
  // The forward must reach the bus the start rule listens on, as a role that may put events there: a
  // cross-Region bus target without a role delivers nothing (docs/sources.md#failover-starter).
  const forwardsTo = (t: GraphResource, bus: string) => busOf(str(t.inputs.arn), region) === bus && hasRole(g, t);
  const forwarded = (alarm: GraphResource) =>
    cloudResources(g).some(
      (r) =>
        r.type === T.eventRule &&
        r.region === alarm.region &&
        resolve(g, r, "eventPattern", T.metricAlarm).includes(alarm) &&
        targetsOf(r).some((t) =>
          rules.some(
            (start) =>
              resolve(g, start, "eventPattern", T.metricAlarm).includes(alarm) &&
              forwardsTo(t, str(start.inputs.eventBusName) ?? DEFAULT_BUS),
          ),
        ),
    );
  return [...new Set(rules.flatMap((r) => resolve(g, r, "eventPattern", T.metricAlarm)))].filter(forwarded);
}

/** A rule without `eventBusName` is on its Region's default bus. */
const DEFAULT_BUS = "default";

/** The name of the event bus an ARN names in `region` (`arn:aws:events:<region>:<account>:event-bus/<name>`). */
function busOf(arn: string | undefined, region: string): string | undefined {
  const m = arn?.match(/^arn:aws[a-z-]*:events:([a-z0-9-]+):\d+:event-bus\/(.+)$/);
  return m && m[1] === region ? m[2] : undefined;
}

/** The target runs as an IAM role: one in the graph, or a role ARN. */
const hasRole = (g: Graph, t: GraphResource): boolean =>
  resolve(g, t, "roleArn", T.iamRole).length > 0 || /^arn:aws[a-z-]*:iam::\d+:role\//.test(str(t.inputs.roleArn) ?? "");

/** The failover target's facts (pass the model's `facts(graph)`). */
export function failoverTarget(f: Facts): FailoverTarget {
  const site = f.sites.find((s) => s.role === "secondary" && (s.cloud === "aws" || s.cloud === "gcp"));
  const own = new Set(f.secondary.resources);
  const certificates = cloudResources(f.graph)
    .filter((r) => CERTIFICATE_TOKENS.includes(r.type))
    .filter((r) => own.has(r) || (site !== undefined && placedSite(f.graph, r, f.sites) === site))
    .map((r) => ({ resource: r, shape: certificateShape(f, r) }));
  const pools = f.secondary.pools;
  const compute = pools.length === 0 ? "none" : pools.every((p) => p.min === 0) ? "pilot-light" : "warm";
  const regionSwitch = site
    ? f.failoverPlans.map((p) => regionSwitchFor(f, p, site.region)).filter((p): p is RegionSwitch => p !== undefined)
    : [];
  const steadyPods = site
    ? cloudResources(f.graph)
        .filter((r) => r.type === T.deployment && placedSite(f.graph, r, f.sites) === site)
        .reduce((n, r) => n + (num(at(r.inputs, "spec.replicas")) ?? 0), 0)
    : 0;
  const primaryLoadBalancers = new Set(
    cloudResources(f.graph).filter((r) => r.type === T.loadBalancer && f.siteOf(r)?.role === "primary"),
  );
  const gcpPromotion = gcpPromotions(f.graph, primaryLoadBalancers)[0];
  const onSite = (type: string) =>
    site ? cloudResources(f.graph).filter((r) => r.type === type && placedSite(f.graph, r, f.sites) === site) : [];
  const headlessDatabase = onSite(T.rdsCluster).length > 0 && onSite(T.rdsInstance).length === 0;
  return {
    headlessDatabase,
    ...(site ? { site } : {}),
    certificates,
    pools,
    compute,
    regionSwitch,
    steadyPods,
    ...(gcpPromotion ? { gcpPromotion } : {}),
  };
}
