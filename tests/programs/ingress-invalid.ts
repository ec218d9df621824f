import * as aws from "@pulumi/aws";
import { ApplicationLoadBalancer } from "../../components/ingress";

// An allow-list with a wildcard, a relative path and an over-long path: the ALB must list every problem and
// refuse before registering any child.
const awsProvider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });

new ApplicationLoadBalancer(
  "primary-alb",
  {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    vpcCidr: "10.0.0.0/16",
    publicSubnetIds: ["subnet-0pub0000000000001"],
    domainName: "app.example.com",
    zoneName: "example.com",
    targetPort: 9898,
    publicPaths: ["/", "/api/*", "readyz", `/${"a".repeat(128)}`],
  },
  { providers: { aws: awsProvider } },
);
