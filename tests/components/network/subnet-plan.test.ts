import * as assert from "node:assert/strict";
import { enclosingBlock, formatBlock, Ipv4Block, mustParseCidr, overlaps } from "../../../lib/cidr";
import { AWS_VPC_PREFIX_RANGE, GCP_VPC_PREFIX_RANGE, MAX_AWS_AZS } from "../../../lib/address-limits";
import { AzSubnets, planAwsSubnets, planGcpRanges } from "../../../components/network/subnet-plan";

/**
 * The address plans of both clouds. The expected CIDRs are worked out by hand from the layout in the
 * doc comments (VPC in eighths: 0..5 private, 6 public cut in eighths, 7 isolated cut in eighths), so a
 * change to the layout, which would replace subnets in live stacks, fails here first.
 */

/** Every planned block with a label, for the pairwise checks. */
function labelled(plan: readonly AzSubnets[]): { label: string; block: Ipv4Block }[] {
  return plan.flatMap((az, i) =>
    (["private", "public", "isolated"] as const).map((tier) => ({
      label: `az${i + 1} ${tier} ${az[tier]}`,
      block: mustParseCidr(az[tier]),
    })),
  );
}

function assertDisjointAndInside(vpcText: string, blocks: { label: string; block: Ipv4Block }[]): void {
  const vpc = mustParseCidr(vpcText);
  for (const { label, block } of blocks) {
    assert.ok(block.prefix > vpc.prefix, `${label} is smaller than the VPC`);
    assert.deepEqual(enclosingBlock(block, vpc.prefix), vpc, `${label} lies inside ${vpcText}`);
  }
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      assert.ok(!overlaps(blocks[i].block, blocks[j].block), `${blocks[i].label} and ${blocks[j].label} are disjoint`);
    }
  }
}

describe("subnet plan: AWS", () => {
  it("plans two AZs of 10.0.0.0/16", () => {
    assert.deepEqual(planAwsSubnets("10.0.0.0/16", 2), [
      { private: "10.0.0.0/19", public: "10.0.192.0/22", isolated: "10.0.224.0/22" },
      { private: "10.0.32.0/19", public: "10.0.196.0/22", isolated: "10.0.228.0/22" },
    ]);
  });

  it("plans three AZs of 10.0.0.0/16 as the doc comment states", () => {
    assert.deepEqual(planAwsSubnets("10.0.0.0/16", 3), [
      { private: "10.0.0.0/19", public: "10.0.192.0/22", isolated: "10.0.224.0/22" },
      { private: "10.0.32.0/19", public: "10.0.196.0/22", isolated: "10.0.228.0/22" },
      { private: "10.0.64.0/19", public: "10.0.200.0/22", isolated: "10.0.232.0/22" },
    ]);
  });

  it("plans six AZs of 10.0.0.0/16", () => {
    assert.deepEqual(planAwsSubnets("10.0.0.0/16", 6), [
      { private: "10.0.0.0/19", public: "10.0.192.0/22", isolated: "10.0.224.0/22" },
      { private: "10.0.32.0/19", public: "10.0.196.0/22", isolated: "10.0.228.0/22" },
      { private: "10.0.64.0/19", public: "10.0.200.0/22", isolated: "10.0.232.0/22" },
      { private: "10.0.96.0/19", public: "10.0.204.0/22", isolated: "10.0.236.0/22" },
      { private: "10.0.128.0/19", public: "10.0.208.0/22", isolated: "10.0.240.0/22" },
      { private: "10.0.160.0/19", public: "10.0.212.0/22", isolated: "10.0.244.0/22" },
    ]);
  });

  it("plans a /20 VPC that does not start on a /16 boundary", () => {
    // Eighths of 172.16.48.0/20 are /23s (two third-octet steps); public is the 7th (.60), isolated the 8th (.62).
    assert.deepEqual(planAwsSubnets("172.16.48.0/20", 6), [
      { private: "172.16.48.0/23", public: "172.16.60.0/26", isolated: "172.16.62.0/26" },
      { private: "172.16.50.0/23", public: "172.16.60.64/26", isolated: "172.16.62.64/26" },
      { private: "172.16.52.0/23", public: "172.16.60.128/26", isolated: "172.16.62.128/26" },
      { private: "172.16.54.0/23", public: "172.16.60.192/26", isolated: "172.16.62.192/26" },
      { private: "172.16.56.0/23", public: "172.16.61.0/26", isolated: "172.16.63.0/26" },
      { private: "172.16.58.0/23", public: "172.16.61.64/26", isolated: "172.16.63.64/26" },
    ]);
  });

  it("plans the shipped stacks' secondary VPC 10.1.0.0/16", () => {
    assert.deepEqual(planAwsSubnets("10.1.0.0/16", 1), [
      { private: "10.1.0.0/19", public: "10.1.192.0/22", isolated: "10.1.224.0/22" },
    ]);
  });

  for (let prefix = AWS_VPC_PREFIX_RANGE.min; prefix <= AWS_VPC_PREFIX_RANGE.max; prefix++) {
    const vpc = prefix === 16 ? "10.0.0.0/16" : `10.0.${256 - 2 ** (24 - prefix)}.0/${prefix}`;
    it(`keeps all ${MAX_AWS_AZS} AZs' subnets of ${vpc} inside it and pairwise disjoint`, () => {
      const plan = planAwsSubnets(vpc, MAX_AWS_AZS);
      assert.equal(plan.length, MAX_AWS_AZS);
      assertDisjointAndInside(vpc, labelled(plan));
    });
  }

  it("sizes the tiers at prefix + 3 (private) and prefix + 6 (public, isolated)", () => {
    const [az] = planAwsSubnets("10.8.0.0/18", 1);
    assert.deepEqual(
      [az.private, az.public, az.isolated].map((c) => mustParseCidr(c).prefix),
      [21, 24, 24],
    );
  });

  for (const vpc of ["10.0.0.0/16", "172.16.48.0/20"]) {
    it(`never moves an existing subnet of ${vpc} when an AZ is added`, () => {
      for (let count = 1; count < MAX_AWS_AZS; count++) {
        assert.deepEqual(
          planAwsSubnets(vpc, count + 1).slice(0, count),
          planAwsSubnets(vpc, count),
          `going from ${count} to ${count + 1} AZs`,
        );
      }
    });
  }

  for (const vpc of ["10.0.0.0/15", "10.0.0.0/8", "10.0.0.0/21", "10.0.0.0/24"]) {
    it(`fails with a RangeError for the VPC ${vpc}, outside /16 to /20`, () => {
      assert.throws(() => planAwsSubnets(vpc, 3), {
        name: "RangeError",
        message: `VPC ${vpc} must be /16 to /20`,
      });
    });
  }

  for (const azCount of [0, -1, 7, 2.5, NaN]) {
    it(`fails with a RangeError for azCount ${azCount}`, () => {
      assert.throws(() => planAwsSubnets("10.0.0.0/16", azCount), {
        name: "RangeError",
        message: `azCount ${azCount} must be 1 to 6`,
      });
    });
  }

  it("fails on a VPC CIDR with host bits set rather than planning around it", () => {
    assert.throws(() => planAwsSubnets("10.0.1.0/16", 2), /has host bits set; the block starts at 10\.0\.0\.0\/16/);
  });
});

describe("subnet plan: GCP", () => {
  it("plans 10.2.0.0/16 as the doc comment states", () => {
    assert.deepEqual(planGcpRanges("10.2.0.0/16"), {
      nodes: "10.2.0.0/20",
      services: "10.2.16.0/20",
      pods: "10.2.128.0/17",
      privateServices: "10.2.32.0/20",
    });
  });

  it("plans the largest and smallest supported ranges", () => {
    assert.deepEqual(planGcpRanges("10.4.0.0/14"), {
      nodes: "10.4.0.0/18",
      services: "10.4.64.0/18",
      pods: "10.6.0.0/15",
      privateServices: "10.4.128.0/18",
    });
    assert.deepEqual(planGcpRanges("10.22.192.0/18"), {
      nodes: "10.22.192.0/22",
      services: "10.22.196.0/22",
      pods: "10.22.224.0/19",
      privateServices: "10.22.200.0/22",
    });
  });

  for (const vpc of ["10.4.0.0/14", "10.2.0.0/16", "10.22.192.0/18"]) {
    it(`keeps the nodes, services and pods ranges of ${vpc} inside it and pairwise disjoint`, () => {
      const ranges = planGcpRanges(vpc);
      assertDisjointAndInside(
        vpc,
        Object.entries(ranges).map(([label, cidr]) => ({ label: `${label} ${cidr}`, block: mustParseCidr(cidr) })),
      );
    });
  }

  it("never overlaps the AWS plan of a disjoint VPC (the shipped prod layout)", () => {
    const gcp = Object.values(planGcpRanges("10.2.0.0/16")).map(mustParseCidr);
    const aws = labelled(planAwsSubnets("10.0.0.0/16", 3)).concat(labelled(planAwsSubnets("10.1.0.0/16", 3)));
    for (const g of gcp) {
      for (const a of aws) {
        assert.ok(!overlaps(g, a.block), `${formatBlock(g)} and ${a.label} are disjoint`);
      }
    }
  });

  for (const vpc of ["10.0.0.0/13", "10.0.0.0/19", "10.0.0.0/24"]) {
    it(`fails with a RangeError for the range ${vpc}, outside /${GCP_VPC_PREFIX_RANGE.min} to /${GCP_VPC_PREFIX_RANGE.max}`, () => {
      assert.throws(() => planGcpRanges(vpc), { name: "RangeError", message: `GCP range ${vpc} must be /14 to /18` });
    });
  }
});
