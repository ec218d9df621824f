import { checkComponentArguments } from "./argument-rules";
import { checkCatalogues } from "./catalogue-rules";
import { projectKeys } from "./engine-config";
import { checkEnvironmentLimits } from "./environment-rules";
import { checkRules } from "./rules";
import { checkServiceRules } from "./service-rules";
import { formatProblem, Problem, problemsFromZod } from "./problems";
import {
  ActiveSite,
  AwsSiteConfig,
  DatabaseConfig,
  DrMode,
  EksConfig,
  Environment,
  GcpSiteConfig,
  ParsedShape,
  ResilienceConfig,
  ScheduleConfig,
  stackConfigSchema,
  WorkloadConfig,
} from "./schema";

export * from "./schema";
export { formatProblem, Problem } from "./problems";
export { LOG_RETENTION_DAYS } from "./rules";
export { PROVIDER_NAMESPACES } from "./engine-config";
export { EnvironmentProfile, PROFILES, profileOf } from "./profiles";
export * from "./catalogues";

/** The AWS secondary site (Tokyo in the shipped stacks). */
export interface AwsSecondary {
  readonly cloud: "aws";
  readonly site: AwsSiteConfig;
}

/** The Google Cloud secondary site. */
export interface GcpSecondary {
  readonly cloud: "gcp";
  readonly site: GcpSiteConfig & { readonly project: string };
}

/** The validated configuration of one stack: what every component's arguments are built from. */
export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  readonly environment: Environment;
  readonly drMode: DrMode;
  /**
   * Which site writes and serves: `secondary` after a failover moved the writer there (the site names, and
   * so every resource name, stay the same; only the roles swap: stack-config/active-site.ts).
   */
  readonly activeSite: ActiveSite;
  readonly primary: AwsSiteConfig;
  /** The site `secondary.cloud` selects; the other block of the stack file is validated but unused. */
  readonly secondary: AwsSecondary | GcpSecondary;
  readonly dns: ParsedShape["dns"];
  /** How the AWS secondary's promotion starts: by itself, or after a person approves. */
  readonly failover: ParsedShape["failover"];
  /** The targets for the selected secondary cloud, when the stack declares them. */
  readonly drTargets?: { readonly rtoSeconds: number; readonly rpoSeconds: number };
  readonly tags: { readonly service: string; readonly owner: string; readonly costCenter: string };
  readonly logRetentionDays: number;
  readonly eks: EksConfig;
  readonly workload: WorkloadConfig;
  readonly database: DatabaseConfig;
  readonly protection: ParsedShape["protection"];
  readonly teardown: ParsedShape["teardown"];
  readonly alarms: ParsedShape["alarms"];
  /** Absent when the stack runs around the clock. */
  readonly schedule?: ScheduleConfig;
  readonly resilience: ResilienceConfig;
  /** A reviewed exception to the environment's passive-share target; absent: the target is the gate. */
  readonly passiveShareAccepted?: ParsedShape["passiveShareAccepted"];
}

export type ParseResult =
  | { readonly ok: true; readonly config: StackConfig }
  | { readonly ok: false; readonly problems: Problem[] };

/**
 * Validates the project's config keys (namespace stripped, structured values already JSON-parsed)
 * and returns either the typed config or every problem found. Pure: no Pulumi runtime involved.
 */
export function parseStackConfig(
  raw: Record<string, unknown>,
  context: { project: string; stack: string },
): ParseResult {
  const parsed = stackConfigSchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : problemsFromZod(parsed.error, raw, stackConfigSchema)),
    ...checkRules(raw),
    ...checkServiceRules(raw),
    ...checkCatalogues(raw),
    ...checkComponentArguments(raw),
    ...checkEnvironmentLimits(raw),
  ];
  if (!parsed.success || problems.length > 0) {
    return { ok: false, problems: dedupe(problems) };
  }
  const shape = parsed.data;
  const secondary: AwsSecondary | GcpSecondary =
    shape.secondary.cloud === "aws"
      ? { cloud: "aws", site: shape.secondary.aws! }
      : { cloud: "gcp", site: { ...shape.secondary.gcp!, project: shape.secondary.gcp!.project! } };
  const config: StackConfig = {
    project: context.project,
    stack: context.stack,
    environment: shape.environment,
    drMode: shape.drMode,
    activeSite: shape.activeSite,
    primary: shape.primary,
    secondary,
    dns: shape.dns,
    failover: shape.failover,
    drTargets: shape.drTargets[shape.secondary.cloud],
    tags: shape.tags,
    logRetentionDays: shape.logRetentionDays,
    eks: shape.eks,
    workload: shape.workload,
    database: shape.database,
    protection: shape.protection,
    teardown: shape.teardown,
    alarms: shape.alarms,
    schedule: shape.schedule,
    resilience: shape.resilience,
    ...(shape.passiveShareAccepted ? { passiveShareAccepted: shape.passiveShareAccepted } : {}),
  };
  return { ok: true, config: deepFreeze(config) };
}

/**
 * Validates the config as the engine hands it to a program (full keys, string values: what
 * `pulumi.runtime.allConfig()` returns under `pulumi up`, and what the offline loader builds): keys in no
 * namespace this program reads are reported first, then the project's keys are validated as above.
 */
export function parseEngineConfig(
  all: Readonly<Record<string, string>>,
  context: { project: string; stack: string },
): ParseResult {
  const { raw, problems: keyProblems } = projectKeys(all, context.project);
  const result = parseStackConfig(raw, context);
  if (keyProblems.length === 0) {
    return result;
  }
  return { ok: false, problems: [...keyProblems, ...(result.ok ? [] : result.problems)] };
}

/** The one-message report `config.ts` throws and the offline tools print. */
export function formatProblems(stack: string, problems: readonly Problem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return [
    `Stack config for \`${stack}\` is invalid (${count}):`,
    ...problems.map((p) => `  - ${formatProblem(p)}`),
  ].join("\n");
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}
