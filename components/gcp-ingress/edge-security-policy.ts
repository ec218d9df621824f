import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";

/**
 * Google's preconfigured WAF rule sets (ModSecurity CRS 3.3) the edge denies on, at sensitivity 1 (the
 * fewest false positives), and the Log4j rule set.
 * @see https://cloud.google.com/armor/docs/waf-rules
 */
export const CLOUD_ARMOR_WAF_RULE_SETS = [
  "sqli-v33-stable",
  "xss-v33-stable",
  "lfi-v33-stable",
  "rce-v33-stable",
  "cve-canary",
] as const;

/** The lowest priority Cloud Armor evaluates: the default rule. */
const DEFAULT_RULE_PRIORITY = 2147483647;

const EVERY_ADDRESS = { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } };

/** What {@link createEdgeSecurityPolicy} needs besides its parent and name. */
export interface EdgeSecurityPolicyArgs {
  /** Requests one client address may send in five minutes before Cloud Armor answers 429. */
  readonly rateLimitPer5Minutes: number;
}

/**
 * A Cloud Armor backend security policy for the GKE Gateway's backends, the Google Cloud edge's equivalent of the
 * AWS side's web ACL (components/ingress/web-acl.ts): the preconfigured WAF rule sets deny what they match with
 * 403, a client address over its rate gets 429, everything else is allowed. Its decisions are logged with the
 * load balancer's request logs (the backend policy logs every request). Route 53's health checkers stay far
 * below the rate (30 requests per checker in five minutes).
 * @see https://cloud.google.com/armor/docs/security-policy-overview
 * @see https://cloud.google.com/armor/docs/rate-limiting-overview
 */
export function createEdgeSecurityPolicy(
  parent: pulumi.Resource,
  name: string,
  args: EdgeSecurityPolicyArgs,
): gcp.compute.SecurityPolicy {
  const wafRules = CLOUD_ARMOR_WAF_RULE_SETS.map((ruleSet, i) => ({
    priority: 1000 + i,
    action: "deny(403)",
    description: `Preconfigured WAF: ${ruleSet}`,
    match: { expr: { expression: `evaluatePreconfiguredWaf('${ruleSet}', {'sensitivity': 1})` } },
  }));
  return new gcp.compute.SecurityPolicy(
    `${name}-armor`,
    {
      name: physicalName(`${name}-armor`, pulumi.getStack()),
      description: "GKE Gateway backends: preconfigured WAF rules and a per-address rate limit",
      type: "CLOUD_ARMOR",
      rules: [
        ...wafRules,
        {
          priority: 2000,
          action: "throttle",
          description: "Per-address rate limit",
          match: EVERY_ADDRESS,
          rateLimitOptions: {
            conformAction: "allow",
            exceedAction: "deny(429)",
            enforceOnKey: "IP",
            rateLimitThreshold: { count: args.rateLimitPer5Minutes, intervalSec: 300 },
          },
        },
        { priority: DEFAULT_RULE_PRIORITY, action: "allow", description: "Default: allow", match: EVERY_ADDRESS },
      ],
    },
    { parent },
  );
}
