import * as aws from "@pulumi/aws";
import { DnsFailover } from "../../components/dns";

// The alarm topic is in Seoul: alarms on Route 53 health-check metrics live in us-east-1 and could never
// notify it, so DnsFailover must refuse the ARN.
const global = new aws.Provider("aws-global", { region: "us-east-1" });

new DnsFailover("app-dns", {
  zoneName: "example.com",
  recordName: "app.example.com",
  primary: {
    kind: "alias",
    aliasDnsName: "primary-alb-offline.ap-northeast-2.elb.amazonaws.com",
    aliasZoneId: "ZWKZPGTI48KDX",
  },
  secondary: { kind: "ip", ipAddress: "203.0.113.10" },
  alarmTopicArn: "arn:aws:sns:ap-northeast-2:123456789012:primary-alarms",
  globalProvider: global,
});
