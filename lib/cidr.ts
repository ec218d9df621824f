import * as ipaddr from "ipaddr.js";

/** An IPv4 block as a base address (a 32-bit unsigned integer) and a prefix length. */
export interface Ipv4Block {
  readonly base: number;
  readonly prefix: number;
}

/** Why a CIDR did not parse; `enclosing` is the block the address lies in when only host bits were wrong. */
export interface CidrError {
  readonly error: string;
  readonly enclosing?: Ipv4Block;
}

/**
 * Parses "a.b.c.d/n" strictly: four decimal octets, a prefix from 0 to 32 (no leading zeros, which
 * the octets already refuse), and no host bits set
 * (AWS rejects "10.0.1.0/16" for a VPC, so we reject it before the cloud does).
 * Returns a reason instead of throwing so config validation can collect every problem at once.
 */
export function parseCidr(text: string): Ipv4Block | CidrError {
  const [address, prefixText, ...rest] = text.split("/");
  if (rest.length > 0 || prefixText === undefined || !/^(0|[1-9]\d?)$/.test(prefixText)) {
    return { error: "is not an IPv4 CIDR block like 10.0.0.0/16" };
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
    return { error: "is not an IPv4 CIDR block like 10.0.0.0/16" };
  }
  const prefix = Number(prefixText);
  if (prefix > 32) {
    return { error: `has prefix /${prefix}; an IPv4 prefix is /0 to /32` };
  }
  const base = toInt(address);
  const enclosing = enclosingBlock({ base, prefix: 32 }, prefix);
  if (enclosing.base !== base) {
    return { error: `has host bits set; the block starts at ${formatBlock(enclosing)}`, enclosing };
  }
  return { base, prefix };
}

/** The block of length `prefix` that contains `block`'s first address (its host bits cleared). */
export function enclosingBlock(block: Ipv4Block, prefix: number): Ipv4Block {
  return { base: (block.base & prefixMask(prefix)) >>> 0, prefix };
}

/** Parses a CIDR that is already known to be valid (config validation ran first). */
export function mustParseCidr(text: string): Ipv4Block {
  const parsed = parseCidr(text);
  if ("error" in parsed) {
    throw new Error(`CIDR ${JSON.stringify(text)} ${parsed.error}`);
  }
  return parsed;
}

export function formatBlock(block: Ipv4Block): string {
  const octets = [24, 16, 8, 0].map((shift) => (block.base >>> shift) & 0xff);
  return `${octets.join(".")}/${block.prefix}`;
}

/** The dotted address `offset` addresses into `block` (cidrhost): the VPC resolver is offset 2. */
export function hostAddress(block: Ipv4Block, offset: number): string {
  if (!Number.isInteger(offset) || offset < 0 || offset >= 2 ** (32 - block.prefix)) {
    throw new RangeError(`offset ${offset} is outside ${formatBlock(block)}`);
  }
  const address = (block.base + offset) >>> 0;
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = prefixMask(prefix);
  return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
}

/**
 * The `index`-th block of length `newPrefix` inside `parent` (the Terraform `cidrsubnet` function).
 * Throws when the request does not fit: the callers' layouts are fixed, so this is a programming error.
 */
export function subnet(parent: Ipv4Block, newPrefix: number, index: number): Ipv4Block {
  const bits = newPrefix - parent.prefix;
  if (bits < 0 || newPrefix > 32 || !Number.isInteger(index) || index < 0 || index >= 2 ** bits) {
    throw new RangeError(`cannot take block ${index} of /${newPrefix} from ${formatBlock(parent)}`);
  }
  const size = 2 ** (32 - newPrefix);
  return { base: (parent.base + index * size) >>> 0, prefix: newPrefix };
}

/** The first block of length `prefix` inside `parent` that overlaps none of `others`, if any. */
export function firstDisjointBlock(
  parent: Ipv4Block,
  prefix: number,
  others: readonly Ipv4Block[],
): Ipv4Block | undefined {
  for (let index = 0; index < 2 ** (prefix - parent.prefix); index++) {
    const candidate = subnet(parent, prefix, index);
    if (!others.some((other) => overlaps(candidate, other))) {
      return candidate;
    }
  }
  return undefined;
}

function toInt(address: string): number {
  return ipaddr.IPv4.parse(address).octets.reduce((acc, octet) => acc * 256 + octet, 0);
}

function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}
