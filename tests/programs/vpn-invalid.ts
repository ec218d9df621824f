import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as random from "@pulumi/random";
import { HaVpn } from "../../components/interconnect";

// Three mistakes at once: HaVpn must list them all and refuse before registering any child resource.
const awsProvider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const gcpProvider = new gcp.Provider("gcp-secondary", { project: "dr-platform-staging", region: "asia-northeast3" });
const randomProvider = new random.Provider("random");

new HaVpn(
  "primary-gcp-vpn",
  {
    awsProvider,
    gcpProvider,
    gcpRegion: "asia-northeast3",
    vpcId: "vpc-0primary",
    routeTableIds: {},
    gcpNetwork: "projects/dr-platform-staging/global/networks/secondary-network-staging",
    gcpRouterName: "secondary-network-router-staging",
    amazonSideAsn: 64514,
    gcpRouterAsn: 64514,
    insideCidrBlock: "169.254.0.0/28",
  },
  { providers: { random: randomProvider } },
);
