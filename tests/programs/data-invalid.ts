import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { Aurora } from "../../components/data";

// Four mistakes at once: Aurora must list them all and refuse before registering any child resource.
const provider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const randomProvider = new random.Provider("random");

new Aurora(
  "orders-db",
  {
    engineVersion: "16",
    instanceClass: "db.r6g.large",
    instances: 0,
    serverless: { minCapacity: 8, maxCapacity: 4 },
    vpcId: "vpc-0primary",
    subnetIds: ["subnet-0isolated1", "subnet-0isolated2"],
    availabilityZones: ["ap-northeast-2a", "ap-northeast-2b"],
    allowedSecurityGroupIds: ["sg-0eksnodes"],
    deletionProtection: false,
    protect: false,
    finalSnapshot: false,
  },
  { providers: { aws: provider, random: randomProvider } },
);
