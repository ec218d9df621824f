import { MAX_AWS_AZS } from "../lib/address-limits";
import { checkActiveSite } from "./active-site";
import { checkAddressPlan } from "./address-plan";
import { AWS_AZ_AS_OF, AWS_AZ_COUNTS, AWS_AZ_SOURCE } from "./catalogues";
import { suggest } from "./did-you-mean";
import { Problem, setCommand, show } from "./problems";
import { EnvironmentProfile, profileOf } from "./profiles";
import { at, AwsSitePath, ConfigPath, int, str } from "./raw";
import { AWS_REGIONS, GCP_REGIONS } from "./regions";
import { checkScheduleRules } from "./schedule-rules";

/**
 * Rules that relate values to each other or to the outside world (regions, address plans).
 * They read the raw config defensively, so they run even when the schema found type errors and
 * the user sees every problem in one pass.
 */

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy API). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The AWS sites the config describes: the primary always, the AWS secondary when its block exists. */
function awsSitePaths(raw: unknown): AwsSitePath[] {
  return at(raw, "secondary.aws") === undefined ? ["primary"] : ["primary", "secondary.aws"];
}

export function checkRules(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const environment = profileOf(str(raw, "environment"));
  const cloud = str(raw, "secondary.cloud");

  problems.push(...checkSecondaryPresence(raw, cloud));
  problems.push(...checkActiveSite(raw));
  problems.push(...checkRegions(raw));
  problems.push(...checkAddressPlan(raw));
  for (const site of awsSitePaths(raw)) {
    problems.push(...checkAzCount(raw, site, environment));
    problems.push(...checkNat(raw, site, environment));
    problems.push(...checkNodeGroups(raw, site));
  }
  problems.push(...checkNodePool(raw));
  problems.push(...checkVpnAsns(raw));
  problems.push(...checkDns(raw));
  problems.push(...checkLogRetention(raw, environment));
  problems.push(...checkScheduleRules(raw));
  return problems;
}

function checkSecondaryPresence(raw: unknown, cloud: string | undefined): Problem[] {
  const problems: Problem[] = [];
  if (cloud === "aws" && at(raw, "secondary.aws") === undefined) {
    // No early return: the unused gcp block is still validated below, so every problem shows in one pass.
    problems.push({
      path: "secondary.aws",
      message: 'missing, but `secondary.cloud` is "aws"',
      fix: `${setCommand("secondary.aws.region", "ap-northeast-1")}, then set azCount and vpcCidr the same way`,
    });
  }
  if (cloud === "gcp") {
    if (at(raw, "secondary.gcp") === undefined) {
      return [
        {
          path: "secondary.gcp",
          message: 'missing, but `secondary.cloud` is "gcp"',
          fix: `${setCommand("secondary.gcp.project", "<project-id>")}, then set region and vpcCidr the same way`,
        },
      ];
    }
    const project = at(raw, "secondary.gcp.project");
    if (project === undefined) {
      return [
        {
          path: "secondary.gcp.project",
          message: "missing; a GCP secondary needs the project its resources are created in",
          fix: setCommand("secondary.gcp.project", "<project-id>"),
        },
      ];
    }
  }
  const project = str(raw, "secondary.gcp.project");
  if (project !== undefined && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(project)) {
    problems.push({
      path: "secondary.gcp.project",
      message: `got ${show(project)}; a GCP project ID is 6 to 30 lowercase letters, digits or hyphens, starting with a letter`,
      fix: setCommand("secondary.gcp.project", "<project-id>"),
    });
  }
  return problems;
}

function checkRegions(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const known = (path: ConfigPath, regions: readonly string[], example: string) => {
    const region = str(raw, path);
    if (region !== undefined && !regions.includes(region)) {
      const guess = suggest(region, regions);
      problems.push({
        path,
        message: `got ${show(region)}; not a known ${path.includes("gcp") ? "Google Cloud" : "AWS"} region${guess ? ` (did you mean "${guess}"?)` : ""}`,
        fix: setCommand(path, guess ?? example),
      });
    }
  };
  known("primary.region", AWS_REGIONS, "ap-northeast-2");
  known("secondary.aws.region", AWS_REGIONS, "ap-northeast-1");
  // Tokyo: outside the Seoul primary's metro, so the example is valid for every environment.
  known("secondary.gcp.region", GCP_REGIONS, "asia-northeast1");
  known("database.backupCopyRegion", AWS_REGIONS, "ap-northeast-1");

  const primary = str(raw, "primary.region");
  if (primary !== undefined && primary === str(raw, "secondary.aws.region")) {
    problems.push({
      path: "secondary.aws.region",
      message: `got ${show(primary)}, the same region as \`primary.region\`; a regional outage would take both sites`,
      fix: setCommand("secondary.aws.region", primary === "ap-northeast-1" ? "ap-northeast-2" : "ap-northeast-1"),
    });
  }
  if (primary !== undefined && primary === str(raw, "database.backupCopyRegion")) {
    problems.push({
      path: "database.backupCopyRegion",
      message: `got ${show(primary)}, the same region as \`primary.region\`; backup copies must survive the primary region`,
      fix: setCommand("database.backupCopyRegion", primary === "ap-northeast-1" ? "ap-northeast-2" : "ap-northeast-1"),
    });
  }
  return problems;
}

type Env = { readonly name: string; readonly profile: EnvironmentProfile };

/**
 * The environment's floor, then the region's ceiling from the AZ catalogue (an AZ count above it used to
 * fail deep in the render). A region the catalogue lacks is reported, never assumed to have enough.
 */
function checkAzCount(raw: unknown, site: AwsSitePath, environment: Env): Problem[] {
  const path: ConfigPath = `${site}.azCount`;
  const azCount = int(raw, path);
  if (azCount === undefined) {
    return [];
  }
  const { minAzCount, minAzCountWhy } = environment.profile;
  if (azCount < minAzCount) {
    return [{ path, message: `got ${azCount}; ${minAzCountWhy}`, fix: setCommand(path, String(minAzCount)) }];
  }
  const regionPath: ConfigPath = `${site}.region`;
  const region = str(raw, regionPath);
  const offered = region === undefined ? undefined : AWS_AZ_COUNTS[region];
  const catalogue = `per the AZ catalogue as of ${AWS_AZ_AS_OF}`;
  if (region !== undefined && offered !== undefined && azCount > offered) {
    if (offered < minAzCount) {
      const roomy = Object.keys(AWS_AZ_COUNTS).filter((r) => AWS_AZ_COUNTS[r] >= minAzCount);
      return [
        {
          path,
          message: `got ${azCount}; ${region} offers new accounts ${offered} AZs (${catalogue}), fewer than the ${minAzCount} ${environment.name} needs`,
          fix: `${setCommand(regionPath, suggest(region, roomy) ?? roomy[0])}, or another region with ${minAzCount} AZs`,
        },
      ];
    }
    return [
      {
        path,
        message: `got ${azCount}; ${region} offers new accounts ${offered} AZs (${catalogue})`,
        fix: setCommand(path, String(offered)),
      },
    ];
  }
  if (region !== undefined && offered === undefined && AWS_REGIONS.includes(region)) {
    return [
      {
        path,
        message: `got ${azCount}; the AZ catalogue (stack-config/catalogues/aws-azs.ts) has no count for ${region}, so the count cannot be checked before deployment`,
        fix: `add ${region}'s AZ count (${AWS_AZ_SOURCE}) to stack-config/catalogues/aws-azs.ts`,
      },
    ];
  }
  if (azCount > MAX_AWS_AZS) {
    return [
      { path, message: `got ${azCount}; no AWS region has more than ${MAX_AWS_AZS} AZs`, fix: setCommand(path, "3") },
    ];
  }
  return [];
}

function checkNat(raw: unknown, site: AwsSitePath, environment: Env): Problem[] {
  const path: ConfigPath = `${site}.natGateways`;
  if (environment.profile.natPerAz && str(raw, path) === "single") {
    return [
      {
        path,
        message: `got "single"; one NAT gateway is a single point of failure for every AZ's egress, so ${environment.name} needs one per AZ`,
        fix: setCommand(path, "per-az"),
      },
    ];
  }
  return [];
}

function checkNodeGroups(raw: unknown, site: AwsSitePath): Problem[] {
  const groups = at(raw, `${site}.nodeGroups`);
  if (groups === null || typeof groups !== "object") {
    return [];
  }
  return Object.keys(groups).flatMap((key) =>
    checkSizes(raw, [
      `${site}.nodeGroups.${key}.minSize`,
      `${site}.nodeGroups.${key}.desiredSize`,
      `${site}.nodeGroups.${key}.maxSize`,
    ]),
  );
}

/** Private BGP ASNs (RFC 6996): what both ends of the HA VPN may use. */
const isPrivateAsn = (asn: number) => (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294);

function checkVpnAsns(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const gcpAsn = int(raw, "secondary.gcp.vpn.gcpAsn");
  const awsAsn = int(raw, "secondary.gcp.vpn.awsAsn");
  for (const [path, asn] of [
    ["secondary.gcp.vpn.gcpAsn", gcpAsn],
    ["secondary.gcp.vpn.awsAsn", awsAsn],
  ] as const) {
    if (asn !== undefined && !isPrivateAsn(asn)) {
      problems.push({
        path,
        message: `got ${asn}; use a private ASN (64512 to 65534, or 4200000000 to 4294967294)`,
        fix: setCommand(path, path.endsWith("gcpAsn") ? "64514" : "64512"),
      });
    }
  }
  if (gcpAsn !== undefined && gcpAsn === awsAsn) {
    problems.push({
      path: "secondary.gcp.vpn.gcpAsn",
      message: `got ${gcpAsn}, the same as \`secondary.gcp.vpn.awsAsn\`; BGP needs a different ASN on each side`,
      fix: setCommand("secondary.gcp.vpn.gcpAsn", awsAsn === 64514 ? "64515" : "64514"),
    });
  }
  return problems;
}

function checkNodePool(raw: unknown): Problem[] {
  if (at(raw, "secondary.gcp.nodePool") === undefined) {
    return [];
  }
  return checkSizes(raw, ["secondary.gcp.nodePool.minNodesPerZone", "secondary.gcp.nodePool.maxNodesPerZone"]);
}

/** Sizes listed smallest first (sibling keys) must not decrease, and the largest must allow at least one node. */
function checkSizes(raw: unknown, paths: readonly ConfigPath[]): Problem[] {
  const problems: Problem[] = [];
  const keys = paths.map((path) => path.slice(path.lastIndexOf(".") + 1));
  const values = paths.map((path) => int(raw, path));
  for (let i = 0; i + 1 < paths.length; i++) {
    const low = values[i];
    const high = values[i + 1];
    if (low !== undefined && high !== undefined && low > high) {
      problems.push({
        path: paths[i],
        message: `got ${low}, above \`${paths[i + 1]}\` (${high}); sizes must satisfy ${keys.join(" <= ")}`,
        fix: setCommand(paths[i], String(high)),
      });
    }
  }
  const max = values[values.length - 1];
  if (max === 0) {
    const path = paths[paths.length - 1];
    problems.push({
      path,
      message: "got 0; the maximum must be at least 1 (scale to zero through the minimum and the off-hours schedule)",
      fix: setCommand(path, "1"),
    });
  }
  return problems;
}

function checkDns(raw: unknown): Problem[] {
  const zone = str(raw, "dns.zoneName")?.replace(/\.$/, "");
  const record = str(raw, "dns.recordName")?.replace(/\.$/, "");
  if (zone === undefined || record === undefined) {
    return [];
  }
  if (record !== zone && !record.endsWith(`.${zone}`)) {
    return [
      {
        path: "dns.recordName",
        message: `got ${show(record)}, which is not inside the zone \`dns.zoneName\` (${show(zone)})`,
        fix: setCommand("dns.recordName", `app.${zone}`),
      },
    ];
  }
  return [];
}

function checkLogRetention(raw: unknown, environment: Env): Problem[] {
  const days = int(raw, "logRetentionDays");
  if (days === undefined || (LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    return [];
  }
  // The nearest value the environment also accepts, so that following the fix raises no other problem.
  const nearest = LOG_RETENTION_DAYS.filter((d) => d >= environment.profile.minLogRetentionDays).sort(
    (a, b) => Math.abs(a - days) - Math.abs(b - days),
  )[0];
  return [
    {
      path: "logRetentionDays",
      message: `got ${days}; CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(", ")}`,
      fix: setCommand("logRetentionDays", String(nearest)),
    },
  ];
}
