import { Graph, GraphResource, referrers, resolve } from "@dr-platform/model";
import { asGraph } from "../lib/as-graph";
import { stackRule } from "../lib/rule";
import { at, bool, label, list, obj, str } from "../lib/read";
import { T } from "../lib/sites";

/** The public edges behind a web application firewall: AWS WAF on the ALBs, Cloud Armor on the GKE Gateway. */

/** What a firewall must hold: managed or preconfigured rules, a per-address rate limit. */
interface Firewall {
  readonly managedRules: number;
  readonly rateLimited: boolean;
}

function webAclFirewall(acl: GraphResource): Firewall {
  const statements = list(acl.inputs.rules).map((r) => obj(obj(r).statement));
  return {
    managedRules: statements.filter((s) => s.managedRuleGroupStatement !== undefined).length,
    rateLimited: statements.some((s) => s.rateBasedStatement !== undefined),
  };
}

function cloudArmorFirewall(policy: GraphResource): Firewall {
  const rules = list(policy.inputs.rules).map(obj);
  return {
    managedRules: rules.filter((r) =>
      /evaluatePreconfigured(Waf|Expr)\(/.test(str(at(r, "match.expr.expression")) ?? ""),
    ).length,
    rateLimited: rules.some((r) => r.rateLimitOptions !== undefined),
  };
}

const lacks = (f: Firewall) => [
  ...(f.managedRules === 0 ? ["managed rules"] : []),
  ...(f.rateLimited ? [] : ["rate limit"]),
];

export const albWebAcl = () =>
  stackRule(
    {
      name: "alb-web-acl",
      area: "security",
      description:
        "Every internet-facing Application Load Balancer is associated with an AWS WAF web ACL that holds AWS managed rule groups and a rate-based rule, and logs to a destination.",
      severity: "high",
      remediation:
        "create the load balancer with the ApplicationLoadBalancer component, which puts components/ingress/web-acl.ts in front of it.",
      checkov: ["CKV2_AWS_31"],
      related: [
        {
          id: "CKV2_AWS_28",
          difference:
            "CKV2_AWS_28 also accepts a WAF Classic regional association, which ours reports; ours further asks the WAFv2 web ACL for managed rule groups, a rate-based rule and a log.",
        },
      ],
    },
    (resources, report) => {
      const graph = asGraph(resources);
      const publicAlbs = graph.resources.filter(
        (r) =>
          r.type === T.loadBalancer &&
          (str(r.inputs.loadBalancerType) ?? "application") === "application" &&
          bool(r.inputs.internal) !== true,
      );
      for (const lb of publicAlbs) {
        const acls = referrers(graph, lb, "resourceArn", T.webAclAssociation).flatMap((a) =>
          resolve(graph, a, "webAclArn", T.webAcl),
        );
        if (acls.length === 0) {
          report(`${label(lb)} is public and no web ACL filters it.`, lb.urn);
          continue;
        }
        for (const acl of acls) {
          const missing = [
            ...lacks(webAclFirewall(acl)),
            ...(referrers(graph, acl, "resourceArn", T.webAclLogging).length === 0 ? ["a log"] : []),
          ];
          if (missing.length > 0) {
            report(`${label(lb)}'s ${label(acl)} has no ${missing.join(", no ")}.`, lb.urn);
          }
        }
      }
    },
  );

/** The Services the Gateway's routes send traffic to, as `namespace/name`. */
function routedServices(graph: Graph): { route: GraphResource; service: string }[] {
  return graph.resources
    .filter((r) => r.type === T.httpRoute)
    .flatMap((route) => {
      const namespace = str(at(route.inputs, "metadata.namespace"));
      return list(at(route.inputs, "spec.rules"))
        .flatMap((rule) => list(obj(rule).backendRefs))
        .map(obj)
        .filter((ref) => (str(ref.kind) ?? "Service") === "Service")
        .map((ref) => ({ route, service: `${str(ref.namespace) ?? namespace}/${str(ref.name)}` }));
    });
}

export const gkeEdgeCloudArmor = () =>
  stackRule(
    {
      name: "gke-edge-cloud-armor",
      area: "security",
      description:
        "Every Service a GKE Gateway route sends traffic to has a GCPBackendPolicy naming a Cloud Armor policy of the stack with preconfigured WAF rules and a rate limit.",
      severity: "high",
      remediation:
        "expose the service through the GkeGateway component, whose backend policies name its Cloud Armor policy (components/gcp-ingress/edge-security-policy.ts).",
      related: [
        {
          id: "CKV_GCP_73",
          difference:
            "CKV_GCP_73 asks a Cloud Armor policy for the Log4Shell rule (evaluatePreconfiguredExpr('cve-canary'), neither allow nor preview); ours asks the policy each routed Service names for any preconfigured WAF rule set and a rate limit.",
        },
      ],
    },
    (resources, report) => {
      const graph = asGraph(resources);
      const policies = graph.resources.filter((r) => r.type === T.gcpBackendPolicy);
      const policyFor = (service: string) =>
        policies.find(
          (p) =>
            `${str(at(p.inputs, "metadata.namespace"))}/${str(at(p.inputs, "spec.targetRef.name"))}` === service &&
            str(at(p.inputs, "spec.targetRef.kind")) === "Service",
        );
      for (const { route, service } of routedServices(graph)) {
        const policy = policyFor(service);
        const armor = policy ? resolve(graph, policy, "spec", T.cloudArmorPolicy) : [];
        if (
          policy === undefined ||
          at(policy.inputs, "spec.default.securityPolicy") === undefined ||
          armor.length === 0
        ) {
          report(
            `${label(route)} sends traffic to ${service}, which no Cloud Armor policy of the stack protects.`,
            route.urn,
          );
          continue;
        }
        const missing = armor.flatMap((a) => lacks(cloudArmorFirewall(a)));
        if (missing.length > 0) {
          report(
            `${label(route)} sends traffic to ${service} behind ${label(armor[0])}, which has no ${missing.join(", no ")}.`,
            route.urn,
          );
        }
      }
    },
  );

export const edgeRules = () => [albWebAcl(), gkeEdgeCloudArmor()];
