import {
  enclosingBlock,
  firstDisjointBlock,
  formatBlock,
  Ipv4Block,
  mustParseCidr,
  overlaps,
  parseCidr,
} from "../components/network/cidr";
import { AWS_VPC_PREFIX_RANGE, GCP_VPC_PREFIX_RANGE, MAX_AWS_AZS } from "../components/network/subnet-plan";
import { suggest } from "./did-you-mean";
import { Problem, setCommand, show } from "./problems";
import { at, int, str } from "./raw";
import { AWS_REGIONS, GCP_REGIONS } from "./regions";

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
function awsSitePaths(raw: unknown): string[] {
  return at(raw, "secondary.aws") === undefined ? ["primary"] : ["primary", "secondary.aws"];
}

export function checkRules(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const environment = str(raw, "environment");
  const cloud = str(raw, "secondary.cloud");

  problems.push(...checkSecondaryPresence(raw, cloud));
  problems.push(...checkRegions(raw));
  problems.push(...checkAddressPlan(raw));
  for (const site of awsSitePaths(raw)) {
    problems.push(...checkAzCount(raw, site, environment));
    problems.push(...checkNat(raw, site, environment));
    problems.push(...checkNodeGroups(raw, site));
  }
  problems.push(...checkNodePool(raw));
  problems.push(...checkDns(raw));
  problems.push(...checkLogRetention(raw));
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
  const known = (path: string, regions: readonly string[], example: string) => {
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
  known("secondary.gcp.region", GCP_REGIONS, "asia-northeast3");

  const primary = str(raw, "primary.region");
  if (primary !== undefined && primary === str(raw, "secondary.aws.region")) {
    problems.push({
      path: "secondary.aws.region",
      message: `got ${show(primary)}, the same region as \`primary.region\`; a regional outage would take both sites`,
      fix: setCommand("secondary.aws.region", primary === "ap-northeast-1" ? "ap-northeast-2" : "ap-northeast-1"),
    });
  }
  return problems;
}

type PrefixRange = { readonly min: number; readonly max: number };

function checkAddressPlan(raw: unknown): Problem[] {
  const sites = [
    { path: "primary.vpcCidr", range: AWS_VPC_PREFIX_RANGE, present: true },
    { path: "secondary.aws.vpcCidr", range: AWS_VPC_PREFIX_RANGE, present: at(raw, "secondary.aws") !== undefined },
    { path: "secondary.gcp.vpcCidr", range: GCP_VPC_PREFIX_RANGE, present: at(raw, "secondary.gcp") !== undefined },
  ].flatMap(({ path, range, present }) => {
    const text = str(raw, path);
    return present && text !== undefined ? [{ path, range, text, parsed: parseCidr(text) }] : [];
  });
  const blocks = sites.flatMap(({ path, range, parsed }) =>
    "error" in parsed || parsed.prefix < range.min || parsed.prefix > range.max ? [] : [{ path, range, block: parsed }],
  );
  const replacement = (path: string, range: PrefixRange, intended?: Ipv4Block) => {
    const others = blocks.filter((b) => b.path !== path).map((b) => b.block);
    return suggestBlock(intended, range, others);
  };

  const problems: Problem[] = [];
  for (const { path, range, text, parsed } of sites) {
    if ("error" in parsed) {
      problems.push({
        path,
        message: `got ${show(text)}; it ${parsed.error}`,
        fix: setCommand(path, replacement(path, range, parsed.enclosing)),
      });
    } else if (parsed.prefix < range.min || parsed.prefix > range.max) {
      problems.push({
        path,
        message: `got ${show(text)}; the subnet plan needs a /${range.min} to /${range.max} block`,
        fix: setCommand(path, replacement(path, range, enclosingBlock(parsed, 16))),
      });
    }
  }
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const [earlier, later] = [blocks[i], blocks[j]];
      if (overlaps(earlier.block, later.block)) {
        problems.push({
          path: later.path,
          message: `got ${show(formatBlock(later.block))}, which overlaps \`${earlier.path}\` (${formatBlock(earlier.block)}); the sites are joined by VPN and replication, so their ranges must be disjoint`,
          fix: setCommand(later.path, replacement(later.path, later.range)),
        });
      }
    }
  }
  return problems;
}

/**
 * A block to put in a fix that would itself pass: `intended` (what the user probably meant) when its
 * prefix fits and it is clear of the other sites, else the first 10.x.0.0/16 clear of them.
 */
function suggestBlock(intended: Ipv4Block | undefined, range: PrefixRange, others: readonly Ipv4Block[]): string {
  if (intended !== undefined && intended.prefix >= range.min && intended.prefix <= range.max) {
    if (!others.some((other) => overlaps(intended, other))) {
      return formatBlock(intended);
    }
  }
  const free = firstDisjointBlock(mustParseCidr("10.0.0.0/8"), 16, others);
  return free === undefined ? "<a block disjoint from the other sites>" : formatBlock(free);
}

function checkAzCount(raw: unknown, site: string, environment: string | undefined): Problem[] {
  const path = `${site}.azCount`;
  const azCount = int(raw, path);
  if (azCount === undefined) {
    return [];
  }
  const minimum = environment === "prod" ? 3 : 2;
  if (azCount < minimum) {
    const why =
      environment === "prod"
        ? "prod spreads every tier over at least 3 AZs (the EKS control plane and etcd span 3)"
        : "an EKS control plane needs subnets in at least 2 AZs";
    return [{ path, message: `got ${azCount}; ${why}`, fix: setCommand(path, String(minimum)) }];
  }
  if (azCount > MAX_AWS_AZS) {
    return [
      { path, message: `got ${azCount}; no AWS region has more than ${MAX_AWS_AZS} AZs`, fix: setCommand(path, "3") },
    ];
  }
  return [];
}

function checkNat(raw: unknown, site: string, environment: string | undefined): Problem[] {
  const path = `${site}.natGateways`;
  if (environment === "prod" && str(raw, path) === "single") {
    return [
      {
        path,
        message: `got "single"; one NAT gateway is a single point of failure for every AZ's egress, so prod needs one per AZ`,
        fix: setCommand(path, "per-az"),
      },
    ];
  }
  return [];
}

function checkNodeGroups(raw: unknown, site: string): Problem[] {
  const groups = at(raw, `${site}.nodeGroups`);
  if (groups === null || typeof groups !== "object") {
    return [];
  }
  return Object.keys(groups).flatMap((key) =>
    checkSizes(raw, `${site}.nodeGroups.${key}`, ["minSize", "desiredSize", "maxSize"]),
  );
}

function checkNodePool(raw: unknown): Problem[] {
  if (at(raw, "secondary.gcp.nodePool") === undefined) {
    return [];
  }
  return checkSizes(raw, "secondary.gcp.nodePool", ["minNodesPerZone", "maxNodesPerZone"]);
}

/** Sizes listed smallest first must not decrease, and the largest must allow at least one node. */
function checkSizes(raw: unknown, base: string, keys: string[]): Problem[] {
  const problems: Problem[] = [];
  const values = keys.map((k) => int(raw, `${base}.${k}`));
  for (let i = 0; i + 1 < keys.length; i++) {
    const low = values[i];
    const high = values[i + 1];
    if (low !== undefined && high !== undefined && low > high) {
      problems.push({
        path: `${base}.${keys[i]}`,
        message: `got ${low}, above \`${base}.${keys[i + 1]}\` (${high}); sizes must satisfy ${keys.join(" <= ")}`,
        fix: setCommand(`${base}.${keys[i]}`, String(high)),
      });
    }
  }
  const max = values[values.length - 1];
  if (max === 0) {
    const path = `${base}.${keys[keys.length - 1]}`;
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

function checkLogRetention(raw: unknown): Problem[] {
  const days = int(raw, "logRetentionDays");
  if (days === undefined || (LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    return [];
  }
  const nearest = [...LOG_RETENTION_DAYS].sort((a, b) => Math.abs(a - days) - Math.abs(b - days))[0];
  return [
    {
      path: "logRetentionDays",
      message: `got ${days}; CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(", ")}`,
      fix: setCommand("logRetentionDays", String(nearest)),
    },
  ];
}
