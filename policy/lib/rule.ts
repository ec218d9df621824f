import {
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { plain } from "./read";

/** The five areas the rules are filed under (one file each in rules/). */
export type Area = "availability" | "disaster-recovery" | "security" | "data-safety" | "cost-hygiene";

/** A Checkov or Trivy check close to a rule in intent whose logic differs from the rule's. */
export interface RelatedCheck {
  /** Its ID: CKV_AWS_n, CKV2_AWS_n, CKV_GCP_n, AVD-AWS-nnnn, ... */
  readonly id: string;
  /** One sentence: what it judges that the rule does not, or the other way round. */
  readonly difference: string;
}

/** What every rule declares besides its check. */
export interface RuleMeta {
  /** Kebab-case, unique in the pack: the key in config/<env>.json. */
  readonly name: string;
  readonly area: Area;
  readonly description: string;
  readonly severity: Severity;
  /** How to fix a violation: appended to every message and published as the policy's remediation steps. */
  readonly remediation: string;
  /**
   * Equivalent Checkov checks (pulumi-practice.md section 2.5): each judges the same resource on the same condition
   * as this rule or as one of the conditions its description lists (ours reads Pulumi inputs where Checkov reads
   * Terraform). Published as tags and as the policy's framework reference; docs/policy-references.md cites each.
   */
  readonly checkov?: readonly string[];
  /** Equivalent Trivy checks by AVD ID, on the same terms as `checkov`. */
  readonly trivy?: readonly string[];
  /**
   * Checks that look alike but differ; never published as equivalents. Each says in one sentence how its logic
   * differs from the rule's, and docs/policy.md lists them apart from the equivalents.
   */
  readonly related?: readonly RelatedCheck[];
  /** Per-environment knobs; each property carries its strictest (prod) value as `default`. */
  readonly configSchema?: PolicyConfigSchema;
}

/** Reports one violation; the rule's remediation is appended, so the message says how to fix it. */
export type Report = (message: string, urn?: string) => void;

/**
 * The metadata @pulumi/policy publishes for a rule. The enforcement level is left to the pack's default
 * (mandatory) so that a stack judged without a config file gets the strictest reading; the config files
 * relax it per environment. Only the equivalents (`checkov`, `trivy`) become tags and the framework reference;
 * `related` checks are never published.
 */
function policyMeta(meta: RuleMeta) {
  const ids = [...(meta.checkov ?? []).map((id) => `checkov:${id}`), ...(meta.trivy ?? []).map((id) => `trivy:${id}`)];
  return {
    name: meta.name,
    description: meta.description,
    severity: meta.severity,
    remediationSteps: meta.remediation,
    tags: [meta.area, ...ids],
    ...(ids.length > 0
      ? {
          framework: {
            name: "checkov/trivy equivalents",
            version: "",
            reference: ids.join(", "),
            specification: meta.description,
          },
        }
      : {}),
    ...(meta.configSchema ? { configSchema: meta.configSchema } : {}),
  };
}

const withFix = (meta: RuleMeta, message: string) => `${message} Fix: ${meta.remediation}`;

/**
 * The metadata each policy was built from, for the docs (tools/policy/rule-table.ts): `related` is kept here
 * and not in what @pulumi/policy publishes.
 */
const META = new WeakMap<object, RuleMeta>();

/** The {@link RuleMeta} a policy of this pack was built from; undefined for a policy built otherwise. */
export function ruleMetaOf(policy: object): RuleMeta | undefined {
  return META.get(policy);
}

function registered<P extends object>(meta: RuleMeta, policy: P): P {
  META.set(policy, meta);
  return policy;
}

/**
 * A rule on single resources of the given types ("*" for all), judged on their inputs as `pulumi preview`
 * sees them. `check` gets the props as plain data (values unknown during a preview read as `UNKNOWN`, so no
 * rule can throw on them) with the rule's config.
 */
export function resourceRule<C extends object = Record<string, never>>(
  meta: RuleMeta,
  types: readonly string[],
  check: (props: Props, report: Report, context: { args: ResourceValidationArgs; config: C }) => void,
): ResourceValidationPolicy {
  return registered(meta, {
    ...policyMeta(meta),
    validateResource: (args, reportViolation) => {
      if (!types.includes("*") && !types.includes(args.type)) {
        return;
      }
      const report: Report = (message, urn) => reportViolation(withFix(meta, message), urn);
      if (args.provider) {
        args.provider.props = plain(args.provider.props) as Props;
      }
      check(plain(args.props) as Props, report, { args, config: args.getConfig<C>() });
    },
  });
}

/** A {@link resourceRule} whose check awaits (a reference read from disk); the engine waits for it. */
export function asyncResourceRule(
  meta: RuleMeta,
  types: readonly string[],
  check: (props: Props, report: Report, context: { args: ResourceValidationArgs }) => Promise<void>,
): ResourceValidationPolicy {
  return registered(meta, {
    ...policyMeta(meta),
    validateResource: async (args, reportViolation) => {
      if (!types.includes("*") && !types.includes(args.type)) {
        return;
      }
      const report: Report = (message, urn) => reportViolation(withFix(meta, message), urn);
      await check(plain(args.props) as Props, report, { args });
    },
  });
}

/** A rule over the whole stack: for facts that span resources (a bucket and its public access block). */
export function stackRule<C extends object = Record<string, never>>(
  meta: RuleMeta,
  check: (resources: PolicyResource[], report: Report, context: { args: StackValidationArgs; config: C }) => void,
): StackValidationPolicy {
  return registered(meta, {
    ...policyMeta(meta),
    validateStack: (args, reportViolation) => {
      const report: Report = (message, urn) => reportViolation(withFix(meta, message), urn);
      // The resource objects are built afresh for each policy, so unwrapping them here touches no other rule.
      for (const r of args.resources) {
        r.props = plain(r.props) as Props;
        if (r.provider) r.provider.props = plain(r.provider.props) as Props;
      }
      check(args.resources, report, { args, config: args.getConfig<C>() });
    },
  });
}

/** Resource props: plain JSON values as the engine deserialises them. */
export type Props = Record<string, unknown>;
