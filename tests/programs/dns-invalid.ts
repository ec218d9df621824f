import * as aws from "@pulumi/aws";
import { DnsFailover } from "../../components/dns";

// Four mistakes at once (TTL 120, threshold 0, two checker regions, a record outside the zone):
// DnsFailover must list them all and refuse before registering any child resource.
const global = new aws.Provider("aws-global", { region: "us-east-1" });

new DnsFailover("app-dns", {
  zoneName: "example.com",
  recordName: "app.example.org",
  ttl: 120,
  failureThreshold: 0,
  regions: ["us-east-1", "eu-west-1"],
  primary: {
    kind: "alias",
    aliasDnsName: "primary-alb-offline.ap-northeast-2.elb.amazonaws.com",
    aliasZoneId: "ZWKZPGTI48KDX",
  },
  secondary: { kind: "ip", ipAddress: "203.0.113.10" },
  alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:dns-alarms",
  globalProvider: global,
});
