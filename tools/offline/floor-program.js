// The SDK's floor for the benchmark: plain JavaScript (no TypeScript, no source maps) registering
// FLOOR_RESOURCES subnets through one explicit provider. Our program's cost per resource is compared
// with this program's, rendered by the same engine in the same process.
"use strict";
const aws = require("@pulumi/aws");

const count = Number(process.env.FLOOR_RESOURCES ?? "200");
const provider = new aws.Provider("floor", { region: "ap-northeast-2" });
for (let i = 0; i < count; i++) {
  new aws.ec2.Subnet(`floor-${i}`, { vpcId: "vpc-floor", cidrBlock: `10.0.${i % 256}.0/24` }, { provider });
}
