import { sharedMetro } from "./catalogues";
import { Problem, setCommand, show } from "./problems";
import { profileOf } from "./profiles";
import { at, int, num, str } from "./raw";
import { GCP_REGIONS } from "./regions";
import { LOG_RETENTION_DAYS } from "./rules";

/**
 * Limits an environment sets beyond what the clouds accept, with every threshold read from the
 * environment's profile (stack-config/profiles.ts), never from its name.
 */
export function checkEnvironmentLimits(raw: unknown): Problem[] {
  const { name, profile } = profileOf(str(raw, "environment"));
  const problems: Problem[] = [];

  const days = int(raw, "logRetentionDays");
  if (
    days !== undefined &&
    (LOG_RETENTION_DAYS as readonly number[]).includes(days) &&
    days < profile.minLogRetentionDays
  ) {
    const floor = LOG_RETENTION_DAYS.find((d) => d >= profile.minLogRetentionDays)!;
    problems.push({
      path: "logRetentionDays",
      message: `got ${days}; ${name} keeps flow and control-plane logs at least ${profile.minLogRetentionDays} days, long enough to investigate an incident after the fact`,
      fix: setCommand("logRetentionDays", String(floor)),
    });
  }

  if (!profile.allowServerlessZeroCapacity && at(raw, "database.serverless.minCapacity") === 0) {
    problems.push({
      path: "database.serverless.minCapacity",
      message: `got 0; a ${name} database never pauses (an idle cluster at 0 ACUs takes seconds to resume, and the first requests after a quiet spell fail)`,
      fix: setCommand("database.serverless.minCapacity", "0.5", "float"),
    });
  }

  // An exception to the passive-share target must be one: above the target it excuses, for a mode that has one.
  const accepted = num(raw, "passiveShareAccepted.upToPercent");
  const drMode = str(raw, "drMode");
  const target = profile.maxPassiveShare[drMode as keyof typeof profile.maxPassiveShare];
  if (accepted !== undefined && (target === undefined || accepted <= target * 100)) {
    problems.push({
      path: "passiveShareAccepted.upToPercent",
      message:
        target === undefined
          ? `got ${accepted}; ${name} sets no passive-share target for \`drMode\` ${show(drMode)}, so there is no miss to accept`
          : `got ${accepted}; at or below ${name}'s ${target * 100} % target for ${show(drMode)}, so it accepts nothing`,
      fix: "pulumi config rm passiveShareAccepted",
    });
  }

  const minutes = int(raw, "resilience.disruptionMinutes");
  if (minutes !== undefined && minutes > profile.maxExperimentMinutes) {
    problems.push({
      path: "resilience.disruptionMinutes",
      message: `got ${minutes}; a ${name} drill disrupts an AZ or a region for at most ${profile.maxExperimentMinutes} minutes`,
      fix: setCommand("resilience.disruptionMinutes", String(profile.maxExperimentMinutes)),
    });
  }

  const email = at(raw, "alarms.email");
  const endpoints = at(raw, "alarms.httpsEndpoints");
  if (profile.requirePaging && email === undefined && !(Array.isArray(endpoints) && endpoints.length > 0)) {
    problems.push({
      path: "alarms.email",
      message: `missing, and \`alarms.httpsEndpoints\` is empty; a ${name} stack pages someone, so its alarms need at least one notification target`,
      fix: `${setCommand("alarms.email", "oncall@<your-domain>")} (or list a pager's https URL in alarms.httpsEndpoints), then confirm the subscription`,
    });
  }

  const primary = str(raw, "primary.region");
  const gcpRegion = str(raw, "secondary.gcp.region");
  const metro = primary && gcpRegion ? sharedMetro(primary, gcpRegion) : undefined;
  if (profile.secondaryOutsidePrimaryMetro && metro && gcpRegion) {
    // A region of the same continent-and-direction family outside the metro, e.g. asia-northeast1 for asia-northeast3.
    const family = gcpRegion.replace(/\d+$/, "");
    const elsewhere = GCP_REGIONS.find((r) => r.startsWith(family) && !metro.gcp.includes(r));
    problems.push({
      path: "secondary.gcp.region",
      message: `got ${show(gcpRegion)}, in ${metro.name} like \`primary.region\` (${primary}); a ${name} secondary must be outside the primary's metro, which one power, network or natural disaster can take down whole`,
      fix: setCommand("secondary.gcp.region", elsewhere ?? `<a region outside ${metro.name}>`),
    });
  }
  return problems;
}
