import {
  enclosingBlock,
  firstDisjointBlock,
  formatBlock,
  Ipv4Block,
  mustParseCidr,
  overlaps,
  parseCidr,
} from "../lib/cidr";
import { AWS_VPC_PREFIX_RANGE, GCP_VPC_PREFIX_RANGE, PrefixRange } from "../lib/address-limits";
import { Problem, setCommand, show } from "./problems";
import { at, ConfigPath, str } from "./raw";

/**
 * The address plan across sites: every site's block parses, fits its subnet plan, and overlaps no other
 * site's, because the sites are joined by VPN and replication.
 */
export function checkAddressPlan(raw: unknown): Problem[] {
  const candidates: { path: ConfigPath; range: PrefixRange; present: boolean }[] = [
    { path: "primary.vpcCidr", range: AWS_VPC_PREFIX_RANGE, present: true },
    { path: "secondary.aws.vpcCidr", range: AWS_VPC_PREFIX_RANGE, present: at(raw, "secondary.aws") !== undefined },
    { path: "secondary.gcp.vpcCidr", range: GCP_VPC_PREFIX_RANGE, present: at(raw, "secondary.gcp") !== undefined },
    // The GKE control plane's private /28 is routed inside the GCP network, so it must be clear too.
    { path: "secondary.gcp.masterCidr", range: { min: 28, max: 28 }, present: at(raw, "secondary.gcp") !== undefined },
  ];
  const sites = candidates.flatMap(({ path, range, present }) => {
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
  problems.push(...breakGlassProblems(raw));
  return problems;
}

/** Break-glass networks are CIDR blocks; any size, since they are someone else's networks. */
function breakGlassProblems(raw: unknown): Problem[] {
  const list = at(raw, "secondary.gcp.breakGlassCidrs");
  if (!Array.isArray(list)) {
    return [];
  }
  return list.flatMap((entry: unknown, i) => {
    const path = `secondary.gcp.breakGlassCidrs[${i}].cidr`;
    const text = (entry as { cidr?: unknown } | null)?.cidr;
    if (typeof text !== "string") {
      return [];
    }
    const parsed = parseCidr(text);
    return "error" in parsed
      ? [
          {
            path,
            message: `got ${show(text)}; it ${parsed.error}`,
            fix: setCommand(path, parsed.enclosing ? formatBlock(parsed.enclosing) : "<network>/<prefix>"),
          },
        ]
      : [];
  });
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
  const free = firstDisjointBlock(mustParseCidr("10.0.0.0/8"), Math.max(16, range.min), others);
  return free === undefined ? "<a block disjoint from the other sites>" : formatBlock(free);
}
