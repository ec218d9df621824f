import * as assert from "node:assert/strict";
import * as path from "path";
import {
  AWS_RESERVED_INSIDE_CIDRS,
  awsTunnelOptions,
  collectHaVpnProblems,
  DEFAULT_INSIDE_CIDR_BLOCK,
  HaVpnSettings,
  insideCidrBlockProblem,
  isPrivateAsn,
  planTunnels,
  tunnelInsideCidrs,
} from "../../../components/interconnect";
import { mustParseCidr, overlaps } from "../../../lib/cidr";
import { byUrn, cloudResources, Graph, GraphResource, providerUrn, SECRET } from "../../../tools/offline/graph";
import { RenderOptions } from "../../../tools/offline/render";
import { render } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * The HA VPN between the AWS primary and the GCP secondary, rendered under the mock engine from a small
 * staging program (tests/programs/vpn.ts), plus its pure helpers (inside CIDRs, tunnel pairing, rules).
 *
 * What mocks cannot prove: that the tunnels come up (IKE negotiates these proposals, both sides accept
 * the keys) or that BGP sessions establish and routes propagate; the addresses the clouds assign (the mock
 * gives the HA VPN interfaces and AWS tunnel endpoints documentation addresses, and derives AWS's inside
 * addresses from each tunnel's /30 as AWS documents: .1 for the VGW, .2 for the customer gateway); that
 * the GCP network's Cloud Router really has `bgp.asn` 64514 (HaVpn takes it on trust); that the virtual
 * private gateway fails over between tunnels within BGP's hold time, or that the 99.99 % SLA holds; the
 * generated keys themselves (the graph shows only "[secret]").
 */

const VPN: RenderOptions = { stack: "staging", program: path.join(TESTS_DIR, "programs", "vpn.ts") };
const NAME = "primary-gcp-vpn";
const TUNNELS = [1, 2, 3, 4].map((n) => `${NAME}-tunnel-${n}`);
const INSIDE = ["169.254.10.0/30", "169.254.10.4/30", "169.254.10.8/30", "169.254.10.12/30"];

const typeNames = (g: Graph) => cloudResources(g).map((r) => `${r.type}::${r.name}`);

function one(g: Graph, type: string, name: string): GraphResource {
  const found = cloudResources(g).filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `exactly one ${type} named ${name}`);
  return found[0];
}

/** The host address `offset` into a /30 ("169.254.10.4/30", 2 -> "169.254.10.6"). */
function host(cidr: string, offset: number): string {
  const [a, b, c, d] = cidr.split("/")[0].split(".").map(Number);
  return `${a}.${b}.${c}.${d + offset}`;
}

describe("HA VPN to AWS", () => {
  let graph: Graph;
  let renamed: Graph;
  before(async () => {
    graph = await render(VPN);
    renamed = await render({ ...VPN, stackName: "vpn-renamed" });
  });

  it("creates exactly these resources, whatever the stack is called", () => {
    const expected = [
      `aws:ec2/customerGateway:CustomerGateway::${NAME}-if0`,
      `aws:ec2/customerGateway:CustomerGateway::${NAME}-if1`,
      `aws:ec2/vpnConnection:VpnConnection::${NAME}-if0`,
      `aws:ec2/vpnConnection:VpnConnection::${NAME}-if1`,
      `aws:ec2/vpnGateway:VpnGateway::${NAME}`,
      `aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation::${NAME}-isolated`,
      `aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation::${NAME}-private-az1`,
      `aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation::${NAME}-private-az2`,
      `aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation::${NAME}-private-az3`,
      `gcp:compute/externalVpnGateway:ExternalVpnGateway::${NAME}-aws`,
      `gcp:compute/haVpnGateway:HaVpnGateway::${NAME}`,
      ...TUNNELS.map((t) => `gcp:compute/routerInterface:RouterInterface::${t}`),
      ...TUNNELS.map((t) => `gcp:compute/routerPeer:RouterPeer::${t}`),
      ...TUNNELS.map((t) => `gcp:compute/vPNTunnel:VPNTunnel::${t}`),
      ...TUNNELS.map((t) => `random:index/randomPassword:RandomPassword::${t}`),
    ];
    assert.deepEqual([...typeNames(graph)].sort(), expected);
    assert.deepEqual([...typeNames(renamed)].sort(), expected);
  });

  it("puts every AWS resource on aws-primary, every GCP resource on gcp-secondary and the keys on random", () => {
    const urns = byUrn(graph);
    const placement = cloudResources(graph).map((r) => {
      const provider = urns.get(providerUrn(r.provider));
      return [r.type.split(":")[0], provider?.name];
    });
    assert.deepEqual([...new Set(placement.map(([cloud, provider]) => `${cloud} -> ${provider}`))].sort(), [
      "aws -> aws-primary",
      "gcp -> gcp-secondary",
      "random -> random",
    ]);
    for (const r of cloudResources(graph).filter((r) => r.type.startsWith("gcp:"))) {
      assert.equal(r.region, "asia-northeast3", `${r.type} ${r.name}`);
    }
  });

  it("attaches a virtual private gateway with the Amazon-side ASN and propagates GCP routes into every given table", () => {
    const vgw = one(graph, "aws:ec2/vpnGateway:VpnGateway", NAME);
    assert.deepEqual(vgw.inputs, {
      vpcId: "vpc-0primary",
      amazonSideAsn: "64512",
      tags: { Name: `${NAME}-staging-vgw` },
    });
    const propagations = cloudResources(graph).filter(
      (r) => r.type === "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
    );
    assert.deepEqual(propagations.map((p) => p.inputs.routeTableId).sort(), [
      "rtb-0isolated",
      "rtb-0private1",
      "rtb-0private2",
      "rtb-0private3",
    ]);
    for (const p of propagations) {
      assert.equal(p.inputs.vpnGatewayId, `${NAME}-id`);
    }
  });

  it("gives each HA VPN interface its own customer gateway, announced with the Cloud Router's ASN", () => {
    const gateways = [0, 1].map((i) => one(graph, "aws:ec2/customerGateway:CustomerGateway", `${NAME}-if${i}`).inputs);
    assert.deepEqual(
      gateways.map((g) => [g.type, g.bgpAsn, g.ipAddress]),
      [
        ["ipsec.1", "64514", "192.0.2.10"],
        ["ipsec.1", "64514", "192.0.2.11"],
      ],
    );
    const gcpGateway = one(graph, "gcp:compute/haVpnGateway:HaVpnGateway", NAME);
    assert.deepEqual(gcpGateway.inputs, {
      name: `${NAME}-staging`,
      network: "projects/dr-platform-staging/global/networks/secondary-network-staging",
      region: "asia-northeast3",
    });
  });

  it("builds two AWS VPN connections of two tunnels each: IKEv2 only, AES256/SHA2-256, DH groups 14 and up", () => {
    for (const c of [0, 1]) {
      const conn = one(graph, "aws:ec2/vpnConnection:VpnConnection", `${NAME}-if${c}`).inputs;
      assert.deepEqual(
        [conn.type, conn.customerGatewayId, conn.vpnGatewayId, conn.staticRoutesOnly],
        ["ipsec.1", `${NAME}-if${c}-id`, `${NAME}-id`, false],
      );
      assert.deepEqual([conn.tunnel1InsideCidr, conn.tunnel2InsideCidr], INSIDE.slice(2 * c, 2 * c + 2));
      for (const t of [1, 2]) {
        assert.deepEqual(conn[`tunnel${t}IkeVersions`], ["ikev2"]);
        for (const phase of [1, 2]) {
          assert.deepEqual(conn[`tunnel${t}Phase${phase}EncryptionAlgorithms`], ["AES256"]);
          assert.deepEqual(conn[`tunnel${t}Phase${phase}IntegrityAlgorithms`], ["SHA2-256"]);
          assert.deepEqual(conn[`tunnel${t}Phase${phase}DhGroupNumbers`], [14, 15, 16, 19, 20, 21]);
        }
      }
    }
  });

  it("sees the AWS side as one FOUR_IPS_REDUNDANCY gateway of the four tunnel endpoints", () => {
    const peer = one(graph, "gcp:compute/externalVpnGateway:ExternalVpnGateway", `${NAME}-aws`);
    assert.equal(peer.inputs.redundancyType, "FOUR_IPS_REDUNDANCY");
    const interfaces = peer.inputs.interfaces as { id: number; ipAddress: string }[];
    assert.deepEqual(
      interfaces.map((i) => i.id),
      [0, 1, 2, 3],
    );
    assert.equal(new Set(interfaces.map((i) => i.ipAddress)).size, 4, "four distinct AWS endpoints");
    assert.ok(interfaces.every((i) => i.ipAddress.startsWith("198.51.100.")));
  });

  it("pairs the four tunnels as Google's guide does: connection 0 on interface 0, connection 1 on interface 1", () => {
    const pairs = TUNNELS.map((t) => {
      const i = one(graph, "gcp:compute/vPNTunnel:VPNTunnel", t).inputs;
      assert.deepEqual(
        [i.ikeVersion, i.router, i.region, i.vpnGateway, i.peerExternalGateway],
        [2, "secondary-network-router-staging", "asia-northeast3", `${NAME}-id`, `${NAME}-aws-id`],
      );
      return [i.vpnGatewayInterface, i.peerExternalGatewayInterface];
    });
    assert.deepEqual(pairs, [
      [0, 0],
      [0, 1],
      [1, 2],
      [1, 3],
    ]);
  });

  it("runs BGP on every tunnel, each side on its own address of the same /30 as AWS assigns it", () => {
    TUNNELS.forEach((t, k) => {
      // AWS's side of tunnel k: connection k/2, its tunnel (k mod 2) + 1.
      const conn = one(graph, "aws:ec2/vpnConnection:VpnConnection", `${NAME}-if${Math.floor(k / 2)}`).inputs;
      const cidr = String(conn[`tunnel${(k % 2) + 1}InsideCidr`]);
      assert.equal(cidr, INSIDE[k]);
      const cgwInside = host(cidr, 2);
      const vgwInside = host(cidr, 1);

      const routerInterface = one(graph, "gcp:compute/routerInterface:RouterInterface", t).inputs;
      assert.deepEqual(routerInterface, {
        name: `${t}-staging`,
        router: "secondary-network-router-staging",
        region: "asia-northeast3",
        ipRange: `${cgwInside}/30`,
        vpnTunnel: `${t}-staging`,
      });
      const peer = one(graph, "gcp:compute/routerPeer:RouterPeer", t).inputs;
      assert.deepEqual(peer, {
        name: `${t}-staging`,
        router: "secondary-network-router-staging",
        region: "asia-northeast3",
        interface: `${t}-staging`,
        ipAddress: cgwInside,
        peerIpAddress: vgwInside,
        peerAsn: 64512,
        advertisedRoutePriority: 100,
        advertiseMode: "CUSTOM",
        advertisedGroups: ["ALL_SUBNETS"],
        advertisedIpRanges: [{ range: "10.3.16.0/20" }],
      });
    });
  });

  it("keeps every pre-shared key secret and gives each tunnel its own", () => {
    const urns = byUrn(graph);
    const keysOf = (r: GraphResource) =>
      r.dependsOn
        .filter((d) => urns.get(d)?.type === "random:index/randomPassword:RandomPassword")
        .map((d) => urns.get(d)!.name);
    for (const c of [0, 1]) {
      const conn = one(graph, "aws:ec2/vpnConnection:VpnConnection", `${NAME}-if${c}`);
      assert.deepEqual([conn.inputs.tunnel1PresharedKey, conn.inputs.tunnel2PresharedKey], [SECRET, SECRET]);
      assert.deepEqual(keysOf(conn).sort(), TUNNELS.slice(2 * c, 2 * c + 2));
    }
    TUNNELS.forEach((t) => {
      const tunnel = one(graph, "gcp:compute/vPNTunnel:VPNTunnel", t);
      assert.equal(tunnel.inputs.sharedSecret, SECRET);
      assert.deepEqual(keysOf(tunnel), [t]);
      // AWS: 8 to 64 of letters, digits, '.' and '_', never a leading '0'; letters only meets all of it.
      assert.deepEqual(one(graph, "random:index/randomPassword:RandomPassword", t).inputs, {
        length: 40,
        special: false,
        numeric: false,
        upper: true,
        lower: true,
        minUpper: 4,
        minLower: 4,
      });
    });
  });

  it("exposes the tunnel count, the AWS connections, the GCP tunnels and the four BGP sessions", () => {
    assert.equal(graph.outputs.tunnelCount, 4);
    assert.deepEqual(graph.outputs.awsVpnConnectionIds, [`${NAME}-if0-id`, `${NAME}-if1-id`]);
    assert.deepEqual(
      graph.outputs.gcpTunnelNames,
      TUNNELS.map((t) => `${t}-staging`),
    );
    assert.deepEqual(
      graph.outputs.bgpSessions,
      INSIDE.map((insideCidr, tunnel) => ({
        tunnel,
        insideCidr,
        gcpAddress: host(insideCidr, 2),
        awsAddress: host(insideCidr, 1),
      })),
    );
  });

  it("fails with one error listing every problem before creating anything", async () => {
    const invalid = { ...VPN, program: path.join(TESTS_DIR, "programs", "vpn-invalid.ts") };
    await assert.rejects(render(invalid), (err: Error) => {
      assert.equal(
        err.message,
        [
          "HaVpn primary-gcp-vpn has invalid args (3 problems):",
          "  - `gcpRouterAsn`: got 64514, the same as `amazonSideAsn`; the BGP sessions are eBGP and need a different ASN on each side. Fix: pass another private ASN, e.g. 64512",
          '  - `insideCidrBlock`: got "169.254.0.0/28", which holds 3 /30s that AWS accepts, and 4 tunnels need one each. Fix: pass a /28 (or larger) inside 169.254.0.0/16 that avoids 169.254.0.0/21, e.g. "169.254.10.0/28"',
          "  - `routeTableIds`: is empty; no subnet would route to GCP, so the tunnels would carry nothing. Fix: pass every private and isolated route table of the VPC (pods and the database both reach GCP)",
        ].join("\n"),
      );
      return true;
    });
  });
});

describe("HA VPN helpers", () => {
  const LINK_LOCAL = mustParseCidr("169.254.0.0/16");
  const RESERVED = AWS_RESERVED_INSIDE_CIDRS.map(mustParseCidr);

  it("takes the four /30s of the default block", () => {
    assert.equal(DEFAULT_INSIDE_CIDR_BLOCK, "169.254.10.0/28");
    assert.deepEqual(tunnelInsideCidrs(), INSIDE);
  });

  it("skips AWS's reserved /30s and returns distinct link-local /30s", () => {
    const table: [string, number, string[]][] = [
      ["169.254.0.0/21", 4, ["169.254.0.4/30", "169.254.0.8/30", "169.254.0.12/30", "169.254.0.16/30"]],
      // The last /30 here holds 169.254.169.254, the metadata address: never handed out.
      ["169.254.169.224/27", 7, [224, 228, 232, 236, 240, 244, 248].map((d) => `169.254.169.${d}/30`)],
      ["169.254.255.240/28", 2, ["169.254.255.240/30", "169.254.255.244/30"]],
    ];
    for (const [block, count, expected] of table) {
      assert.deepEqual(tunnelInsideCidrs(block, count), expected, block);
    }
    assert.throws(() => tunnelInsideCidrs("169.254.169.224/27", 8), /holds 7 \/30s that AWS accepts/);
    for (const block of ["169.254.0.0/16", "169.254.0.0/20", "169.254.160.0/20", DEFAULT_INSIDE_CIDR_BLOCK]) {
      const cidrs = tunnelInsideCidrs(block, 4).map(mustParseCidr);
      assert.equal(new Set(cidrs.map((c) => c.base)).size, 4, `${block}: distinct`);
      for (const c of cidrs) {
        assert.equal(c.prefix, 30);
        assert.ok(overlaps(c, LINK_LOCAL), `${block}: inside 169.254.0.0/16`);
        assert.ok(!RESERVED.some((r) => overlaps(c, r)), `${block}: not reserved`);
      }
    }
  });

  it("fails on a block that cannot supply four tunnels, saying why", () => {
    const table: [string, string][] = [
      [
        "10.0.0.0/28",
        "is outside 169.254.0.0/16; AWS and Cloud Router take BGP inside addresses only from link-local space",
      ],
      [
        "169.254.0.0/15",
        "is outside 169.254.0.0/16; AWS and Cloud Router take BGP inside addresses only from link-local space",
      ],
      ["169.254.10.0/29", "holds 2 /30s that AWS accepts, and 4 tunnels need one each"],
      ["169.254.10.0/31", "is smaller than a /30; each tunnel needs a /30"],
      ["169.254.169.240/28", "holds 3 /30s that AWS accepts, and 4 tunnels need one each"],
      ["169.254.10.1/28", "has host bits set; the block starts at 169.254.10.0/28"],
    ];
    for (const [block, problem] of table) {
      assert.equal(insideCidrBlockProblem(block, 4), problem, block);
      assert.throws(() => tunnelInsideCidrs(block, 4), {
        message: `inside CIDR block ${JSON.stringify(block)} ${problem}`,
      });
    }
  });

  it("pairs tunnels with gateway interfaces and AWS connections as Google's guide does", () => {
    assert.deepEqual(
      planTunnels(INSIDE).map((t) => [t.index, t.haVpnInterface, t.connection, t.awsTunnel, t.insideCidr]),
      [
        [0, 0, 0, 1, INSIDE[0]],
        [1, 0, 0, 2, INSIDE[1]],
        [2, 1, 1, 1, INSIDE[2]],
        [3, 1, 1, 2, INSIDE[3]],
      ],
    );
    assert.throws(() => planTunnels([INSIDE[0], INSIDE[0], INSIDE[1], INSIDE[2]]), /need 4 distinct inside CIDRs/);
  });

  it("accepts only private ASNs", () => {
    for (const asn of [64512, 64514, 65534, 4_200_000_000, 4_294_967_294]) {
      assert.equal(isPrivateAsn(asn), true, String(asn));
    }
    for (const asn of [0, 7224, 16550, 64511, 65535, 4_199_999_999, 4_294_967_295, 64512.5]) {
      assert.equal(isPrivateAsn(asn), false, String(asn));
    }
  });

  it("fails on equal or public ASNs, a bad priority and a bad advertised range, all at once", () => {
    const valid: HaVpnSettings = {
      amazonSideAsn: 64512,
      gcpRouterAsn: 64514,
      insideCidrBlock: DEFAULT_INSIDE_CIDR_BLOCK,
      advertisedRoutePriority: 100,
      routeTableKeys: ["private-az1"],
      advertisedIpRanges: ["10.3.16.0/20"],
      gcpRegion: "asia-northeast3",
    };
    assert.deepEqual(collectHaVpnProblems(valid), []);
    const problems = collectHaVpnProblems({
      ...valid,
      amazonSideAsn: 7224,
      gcpRouterAsn: 7224,
      advertisedRoutePriority: 70000,
      advertisedIpRanges: ["10.3.16.0"],
      gcpRegion: "",
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      [
        "gcpRegion",
        "amazonSideAsn",
        "gcpRouterAsn",
        "gcpRouterAsn",
        "advertisedRoutePriority",
        "advertisedIpRanges[0]",
      ],
    );
    assert.equal(
      problems[1].message,
      "got 7224; only a private ASN (64512-65534 or 4200000000-4294967294) is accepted without owning it",
    );
  });

  it("sets the same IKE proposals on either tunnel of a connection", () => {
    const first = awsTunnelOptions(1);
    const second = awsTunnelOptions(2);
    assert.ok(Object.keys(second).every((k) => k.startsWith("tunnel2")));
    assert.deepEqual(Object.values(first), Object.values(second));
    assert.equal(Object.keys(first).length, 7);
  });
});

describe("HA VPN: two tunnels for a pilot light (staging)", function () {
  this.timeout(120_000);
  let staging: Graph;
  let prodGcp: Graph;
  before(async () => {
    staging = await render({ stack: "staging" });
    prodGcp = await render({ stack: "prod", overrides: [["secondary.cloud", "gcp"]] });
  });
  const ofType = (g: Graph, type: string) => g.resources.filter((r) => r.type === type);

  it("keeps both AWS connections and configures each one's first tunnel, one per HA VPN interface", () => {
    assert.equal(ofType(staging, "aws:ec2/vpnConnection:VpnConnection").length, 2);
    const tunnels = ofType(staging, "gcp:compute/vPNTunnel:VPNTunnel");
    assert.deepEqual(
      tunnels.map((t) => [t.inputs.vpnGatewayInterface, t.inputs.peerExternalGatewayInterface]),
      [
        [0, 0],
        [1, 1],
      ],
    );
    const [peer] = ofType(staging, "gcp:compute/externalVpnGateway:ExternalVpnGateway");
    assert.equal(peer.inputs.redundancyType, "TWO_IPS_REDUNDANCY");
    // Each interface is the first tunnel's endpoint of its own AWS connection.
    assert.deepEqual(
      (peer.inputs.interfaces as { id: number; ipAddress: string }[]).map((i) => i.id),
      [0, 1],
    );
    assert.equal(ofType(staging, "gcp:compute/routerPeer:RouterPeer").length, 2);
  });

  it("keeps Google's four-tunnel configuration for a warm standby", () => {
    assert.equal(ofType(prodGcp, "gcp:compute/vPNTunnel:VPNTunnel").length, 4);
    const [peer] = ofType(prodGcp, "gcp:compute/externalVpnGateway:ExternalVpnGateway");
    assert.equal(peer.inputs.redundancyType, "FOUR_IPS_REDUNDANCY");
  });
});
