import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createEncryptedLogGroup } from "../aws";
import { physicalName } from "../naming";
import { ArgProblem } from "../problems";

/**
 * AWS's managed rule groups every public load balancer is filtered by, in evaluation order: known-bad source
 * addresses first (cheapest), then the OWASP-style core set, known-bad inputs (Log4j's JNDI lookups among them)
 * and SQL injection (the service has a database). 1,125 of the web ACL's 1,500 free capacity units.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

/** Requests one client address may send in five minutes before it is blocked (AWS's own starting point). */
export const DEFAULT_RATE_LIMIT_PER_5_MINUTES = 2000;

/** A per-address rate limit outside what AWS WAF takes (whole requests per five minutes, 10 to 2,000,000,000). */
export function rateLimitProblems(path: string, limit: number): ArgProblem[] {
  return Number.isInteger(limit) && limit >= 10 && limit <= 2_000_000_000
    ? []
    : [
        {
          path,
          message: `is ${limit}`,
          fix: "give a whole number of requests from 10 to 2,000,000,000 (AWS WAF's range)",
        },
      ];
}

/** Headers never written to the firewall's log: they carry credentials. */
const REDACTED_HEADERS = ["authorization", "cookie"];

/** What {@link createWebAcl} needs besides its parent and name. */
export interface WebAclArgs {
  /** The load balancer the web ACL filters. */
  readonly loadBalancerArn: pulumi.Input<string>;
  /** Requests per client address per five minutes before it is blocked (10 to 2,000,000,000). */
  readonly rateLimitPer5Minutes: number;
  /** Days the firewall's log (every request it saw, credentials redacted) is kept. */
  readonly logRetentionDays: pulumi.Input<number>;
}

/**
 * An AWS WAF web ACL on a public Application Load Balancer: AWS's managed rule groups
 * ({@link WAF_MANAGED_RULE_GROUPS}) block what they match, a rate-based rule blocks a client address over its
 * limit, everything else is allowed, and every request is logged (credentials redacted) to an encrypted log
 * group. Route 53's health checkers send one request per checker every 10 s (30 in five minutes), far below any
 * limit the config accepts, with a User-Agent, which the core set requires; a failover is never started by the
 * firewall.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
 */
export function createWebAcl(parent: pulumi.Resource, name: string, args: WebAclArgs): aws.wafv2.WebAcl {
  const aclName = physicalName(`${name}-waf`, pulumi.getStack());
  const visibility = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    metricName,
    sampledRequestsEnabled: true,
  });
  const managed = WAF_MANAGED_RULE_GROUPS.map((group, priority) => ({
    name: group,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: group,
        // The core set blocks request bodies over 8 KB; an application with uploads would be cut off, so that
        // one rule only counts (it is logged) until the team decides.
        ruleActionOverrides:
          group === "AWSManagedRulesCommonRuleSet"
            ? [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]
            : undefined,
      },
    },
    visibilityConfig: visibility(group),
  }));
  const webAcl = new aws.wafv2.WebAcl(
    `${name}-waf`,
    {
      name: aclName,
      description: `Public load balancer ${aclName}: AWS managed rules and a per-address rate limit`,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rules: [
        ...managed,
        {
          name: "rate-limit-per-address",
          priority: managed.length,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: args.rateLimitPer5Minutes,
              aggregateKeyType: "IP",
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility("rate-limit-per-address"),
        },
      ],
      visibilityConfig: visibility(aclName),
    },
    { parent },
  );
  // WAF writes to CloudWatch Logs only into groups named aws-waf-logs-*.
  const log = createEncryptedLogGroup(parent, `${name}-waf`, {
    name: `aws-waf-logs-${aclName}`,
    retentionInDays: args.logRetentionDays,
  });
  new aws.wafv2.WebAclLoggingConfiguration(
    `${name}-waf`,
    {
      resourceArn: webAcl.arn,
      logDestinationConfigs: [log.arn],
      redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
    },
    { parent },
  );
  new aws.wafv2.WebAclAssociation(
    `${name}-waf`,
    { resourceArn: args.loadBalancerArn, webAclArn: webAcl.arn },
    { parent },
  );
  return webAcl;
}
