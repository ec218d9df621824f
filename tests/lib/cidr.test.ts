import * as assert from "node:assert/strict";
import {
  enclosingBlock,
  firstDisjointBlock,
  formatBlock,
  Ipv4Block,
  mustParseCidr,
  overlaps,
  parseCidr,
  subnet,
} from "../../lib/cidr";

/** Pure IPv4 block arithmetic: parsing, formatting, overlap and cidrsubnet. No mocks involved. */

const block = (text: string): Ipv4Block => mustParseCidr(text);
const SYNTAX = "is not an IPv4 CIDR block like 10.0.0.0/16";

describe("cidr: parseCidr", () => {
  const valid: [string, number, number][] = [
    ["10.0.0.0/16", 0x0a000000, 16],
    ["10.1.0.0/16", 0x0a010000, 16],
    ["172.16.48.0/20", 0xac103000, 20],
    ["192.168.1.128/25", 0xc0a80180, 25],
    ["0.0.0.0/0", 0, 0],
    ["255.255.255.255/32", 0xffffffff, 32],
    ["128.0.0.0/1", 0x80000000, 1],
    ["10.0.0.7/32", 0x0a000007, 32],
  ];
  for (const [text, base, prefix] of valid) {
    it(`parses ${text} to base 0x${base.toString(16)} and prefix /${prefix}`, () => {
      assert.deepEqual(parseCidr(text), { base, prefix });
    });
  }

  const malformed = [
    "10.0.0/16",
    "10.0.0.0",
    "10.0.0.0/",
    "/16",
    "",
    "10.0.0.0/16/1",
    "10.0.0.0.0/16",
    "10.0.0.256/24",
    "010.0.0.0/16",
    "10.0.0.0/016",
    "10.0.0.0/08",
    "10.0.0.0/-1",
    "10.0.0.0/+8",
    "10.0.0.0/1e1",
    "10.0.0.0/ 16",
    " 10.0.0.0/16",
    "a.b.c.d/16",
    "0x0a.0.0.0/8",
    "::1/128",
    "10.0.0.0\\16",
  ];
  for (const text of malformed) {
    it(`fails on the malformed ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseCidr(text), { error: SYNTAX });
    });
  }

  for (const prefix of [33, 64, 99]) {
    it(`fails on prefix /${prefix}, naming the allowed range`, () => {
      assert.deepEqual(parseCidr(`10.0.0.0/${prefix}`), {
        error: `has prefix /${prefix}; an IPv4 prefix is /0 to /32`,
      });
    });
  }

  const hostBits: [string, string][] = [
    ["10.0.1.0/16", "10.0.0.0/16"],
    ["10.1.0.5/16", "10.1.0.0/16"],
    ["192.168.1.1/24", "192.168.1.0/24"],
    ["10.0.0.1/31", "10.0.0.0/31"],
    ["255.255.255.255/0", "0.0.0.0/0"],
    ["200.1.2.3/8", "200.0.0.0/8"],
  ];
  for (const [text, start] of hostBits) {
    it(`fails on ${text} with host bits set, naming ${start} as where the block starts`, () => {
      assert.deepEqual(parseCidr(text), {
        error: `has host bits set; the block starts at ${start}`,
        enclosing: block(start),
      });
    });
  }
});

describe("cidr: mustParseCidr", () => {
  it("returns the block for a valid CIDR", () => {
    assert.deepEqual(mustParseCidr("10.2.0.0/16"), { base: 0x0a020000, prefix: 16 });
  });

  it("fails with the quoted text and the reason", () => {
    assert.throws(() => mustParseCidr("10.0.1.0/16"), {
      name: "Error",
      message: 'CIDR "10.0.1.0/16" has host bits set; the block starts at 10.0.0.0/16',
    });
    assert.throws(() => mustParseCidr("nonsense"), { message: `CIDR "nonsense" ${SYNTAX}` });
  });
});

describe("cidr: formatBlock", () => {
  for (const text of ["10.0.0.0/16", "0.0.0.0/0", "255.255.255.255/32", "128.0.0.0/1", "172.16.60.192/26"]) {
    it(`round-trips ${text}`, () => {
      assert.equal(formatBlock(block(text)), text);
    });
  }

  it("formats addresses above 2^31 as unsigned octets", () => {
    assert.equal(formatBlock({ base: 0xfffffe00, prefix: 23 }), "255.255.254.0/23");
  });
});

describe("cidr: overlaps", () => {
  const cases: [string, string, string, boolean][] = [
    ["identical", "10.0.0.0/16", "10.0.0.0/16", true],
    ["nested, smaller second", "10.0.0.0/16", "10.0.16.0/20", true],
    ["nested, smaller first", "10.0.255.0/24", "10.0.0.0/16", true],
    ["nested at the last address", "10.0.0.0/16", "10.0.255.255/32", true],
    ["a /14 holding a /16", "10.0.0.0/14", "10.3.0.0/16", true],
    ["/0 and anything", "0.0.0.0/0", "203.0.113.0/24", true],
    ["nested above 2^31", "200.0.0.0/8", "200.1.0.0/16", true],
    ["adjacent /16s", "10.0.0.0/16", "10.1.0.0/16", false],
    ["adjacent halves", "10.0.0.0/17", "10.0.128.0/17", false],
    ["adjacent, block just past a /14", "10.0.0.0/14", "10.4.0.0/16", false],
    ["adjacent halves of the address space", "0.0.0.0/1", "128.0.0.0/1", false],
    ["disjoint private ranges", "10.0.0.0/8", "192.168.0.0/16", false],
    ["disjoint /32s", "10.0.0.1/32", "10.0.0.2/32", false],
  ];
  for (const [what, a, b, expected] of cases) {
    it(`${expected ? "overlaps" : "does not overlap"}: ${what} (${a}, ${b})`, () => {
      assert.equal(overlaps(block(a), block(b)), expected);
      assert.equal(overlaps(block(b), block(a)), expected, "overlap is symmetric");
    });
  }
});

describe("cidr: subnet", () => {
  it("cuts a /16 into eight /19s in address order", () => {
    const vpc = block("10.0.0.0/16");
    assert.deepEqual(
      Array.from({ length: 8 }, (_, i) => formatBlock(subnet(vpc, 19, i))),
      [
        "10.0.0.0/19",
        "10.0.32.0/19",
        "10.0.64.0/19",
        "10.0.96.0/19",
        "10.0.128.0/19",
        "10.0.160.0/19",
        "10.0.192.0/19",
        "10.0.224.0/19",
      ],
    );
  });

  it("returns the parent itself for the same prefix and index 0", () => {
    assert.deepEqual(subnet(block("10.0.0.0/16"), 16, 0), block("10.0.0.0/16"));
  });

  it("takes /32 host blocks and the top of the address space", () => {
    assert.equal(formatBlock(subnet(block("10.0.0.0/24"), 32, 255)), "10.0.0.255/32");
    assert.equal(formatBlock(subnet(block("240.0.0.0/4"), 8, 15)), "255.0.0.0/8");
    assert.equal(formatBlock(subnet(block("0.0.0.0/0"), 1, 1)), "128.0.0.0/1");
  });

  const outOfRange: [string, string, number, number][] = [
    ["an index past the last block", "10.0.0.0/16", 19, 8],
    ["a negative index", "10.0.0.0/16", 19, -1],
    ["a fractional index", "10.0.0.0/16", 19, 1.5],
    ["index 1 at the parent's own prefix", "10.0.0.0/16", 16, 1],
    ["a prefix shorter than the parent's", "10.0.0.0/16", 15, 0],
    ["a prefix beyond /32", "10.0.0.0/24", 33, 0],
  ];
  for (const [what, parent, prefix, index] of outOfRange) {
    it(`fails with a RangeError on ${what}`, () => {
      assert.throws(() => subnet(block(parent), prefix, index), {
        name: "RangeError",
        message: `cannot take block ${index} of /${prefix} from ${parent}`,
      });
    });
  }
});

describe("cidr: enclosingBlock", () => {
  it("clears the host bits for the requested prefix", () => {
    assert.equal(formatBlock(enclosingBlock(block("10.0.1.0/24"), 16)), "10.0.0.0/16");
    assert.equal(formatBlock(enclosingBlock(block("10.7.128.0/17"), 14)), "10.4.0.0/14");
    assert.equal(formatBlock(enclosingBlock(block("203.0.113.7/32"), 0)), "0.0.0.0/0");
    assert.equal(formatBlock(enclosingBlock(block("10.0.0.0/8"), 16)), "10.0.0.0/16");
  });
});

describe("cidr: firstDisjointBlock", () => {
  const within = block("10.0.0.0/8");

  it("returns the first block when nothing is taken", () => {
    assert.equal(formatBlock(firstDisjointBlock(within, 16, [])!), "10.0.0.0/16");
  });

  it("skips every block overlapping one taken, including a larger one", () => {
    const taken = [block("10.0.0.0/16"), block("10.1.128.0/20"), block("10.4.0.0/14"), block("10.2.0.0/15")];
    assert.equal(formatBlock(firstDisjointBlock(within, 16, taken)!), "10.8.0.0/16");
  });

  it("returns undefined when the parent is fully taken", () => {
    assert.equal(firstDisjointBlock(block("10.0.0.0/16"), 17, [block("10.0.0.0/15")]), undefined);
  });
});
