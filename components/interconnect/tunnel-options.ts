import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";

/**
 * How each tunnel's pre-shared key is generated. AWS accepts 8 to 64 letters, digits, '.' and '_', and
 * no leading '0'; Cloud VPN accepts any of those. Letters only (no digits) can never start with '0' and
 * still give 40 x log2(52), about 228 bits.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html
 */
export const presharedKeyArgs: random.RandomPasswordArgs = {
  length: 40,
  special: false,
  numeric: false,
  upper: true,
  lower: true,
  minUpper: 4,
  minLower: 4,
};

/** The IKE proposals both sides offer: one strong set, so the tunnels cannot negotiate down. */
export const IKE_PROPOSALS = {
  ikeVersions: ["ikev2"],
  encryption: ["AES256"],
  integrity: ["SHA2-256"],
  // MODP 2048/3072/4096 and ECP 256/384/521: the groups from 14 up that Cloud VPN also supports
  // (AWS's default list still includes group 2, 1024-bit MODP).
  dhGroups: [14, 15, 16, 19, 20, 21],
} as const;

type TunnelOptions = Pick<
  aws.ec2.VpnConnectionArgs,
  | "tunnel1IkeVersions"
  | "tunnel1Phase1EncryptionAlgorithms"
  | "tunnel1Phase1IntegrityAlgorithms"
  | "tunnel1Phase1DhGroupNumbers"
  | "tunnel1Phase2EncryptionAlgorithms"
  | "tunnel1Phase2IntegrityAlgorithms"
  | "tunnel1Phase2DhGroupNumbers"
  | "tunnel2IkeVersions"
  | "tunnel2Phase1EncryptionAlgorithms"
  | "tunnel2Phase1IntegrityAlgorithms"
  | "tunnel2Phase1DhGroupNumbers"
  | "tunnel2Phase2EncryptionAlgorithms"
  | "tunnel2Phase2IntegrityAlgorithms"
  | "tunnel2Phase2DhGroupNumbers"
>;

/**
 * AWS tunnel options for tunnel 1 or 2 of a connection: IKEv2 only (Google's guide uses IKEv2 for HA
 * VPN to AWS), AES-256 with SHA2-256 in both phases, and Diffie-Hellman groups 14 and up for both the
 * IKE exchange and perfect forward secrecy. GCP tunnels offer these by default, so they need no cipher
 * suite of their own.
 * @see https://cloud.google.com/network-connectivity/docs/vpn/concepts/supported-ike-ciphers
 */
export function awsTunnelOptions(tunnel: 1 | 2): TunnelOptions {
  const p = IKE_PROPOSALS;
  const options = {
    IkeVersions: [...p.ikeVersions],
    Phase1EncryptionAlgorithms: [...p.encryption],
    Phase1IntegrityAlgorithms: [...p.integrity],
    Phase1DhGroupNumbers: [...p.dhGroups],
    Phase2EncryptionAlgorithms: [...p.encryption],
    Phase2IntegrityAlgorithms: [...p.integrity],
    Phase2DhGroupNumbers: [...p.dhGroups],
  };
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [`tunnel${tunnel}${key}`, value]),
  ) as TunnelOptions;
}
