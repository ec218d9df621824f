import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as random from "@pulumi/random";
import { HaVpn } from "../../components/interconnect";

// The HA VPN between the AWS primary (Seoul) and the GCP secondary as staging builds it: three private
// route tables and the isolated one learn GCP's routes, and Cloud Router also advertises the private
// services access range Cloud SQL (and so DMS) lives in. The stack config is loaded by the renderer but
// ignored here: every value is a literal the test asserts on.

const awsProvider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const gcpProvider = new gcp.Provider("gcp-secondary", { project: "dr-platform-staging", region: "asia-northeast3" });
const randomProvider = new random.Provider("random");

const vpn = new HaVpn(
  "primary-gcp-vpn",
  {
    awsProvider,
    gcpProvider,
    gcpRegion: "asia-northeast3",
    vpcId: "vpc-0primary",
    routeTableIds: {
      "private-az1": "rtb-0private1",
      "private-az2": "rtb-0private2",
      "private-az3": "rtb-0private3",
      isolated: "rtb-0isolated",
    },
    gcpNetwork: "projects/dr-platform-staging/global/networks/secondary-network-staging",
    gcpRouterName: "secondary-network-router-staging",
    advertisedIpRanges: ["10.3.16.0/20"],
  },
  { providers: { random: randomProvider } },
);

export const tunnelCount = vpn.tunnelCount;
export const awsVpnConnectionIds = vpn.awsVpnConnectionIds;
export const gcpTunnelNames = vpn.gcpTunnelNames;
export const bgpSessions = vpn.bgpSessions;
