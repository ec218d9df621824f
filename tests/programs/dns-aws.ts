import * as aws from "@pulumi/aws";
import { DnsFailover } from "../../components/dns";

// Prod-like DNS failover from the Seoul ALB to the Tokyo ALB, with explicit providers: the ALBs are
// stand-ins from their own regions' providers, Route 53 and its alarms use the us-east-1 one.
const global = new aws.Provider("aws-global", { region: "us-east-1" });
const primary = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const secondary = new aws.Provider("aws-secondary", { region: "ap-northeast-1" });

const seoulAlb = new aws.lb.LoadBalancer("primary-alb", { loadBalancerType: "application" }, { provider: primary });
const tokyoAlb = new aws.lb.LoadBalancer("secondary-alb", { loadBalancerType: "application" }, { provider: secondary });
const topic = new aws.sns.Topic("dns-alarms", {}, { provider: global });

const dns = new DnsFailover("app-dns", {
  zoneName: "example.com",
  recordName: "app.example.com",
  primary: { kind: "alias", aliasDnsName: seoulAlb.dnsName, aliasZoneId: seoulAlb.zoneId },
  secondary: { kind: "alias", aliasDnsName: tokyoAlb.dnsName, aliasZoneId: tokyoAlb.zoneId },
  alarmTopicArn: topic.arn,
  globalProvider: global,
});

export const dnsOutputs = {
  primaryHealthCheckId: dns.primaryHealthCheckId,
  secondaryHealthCheckId: dns.secondaryHealthCheckId,
  primaryEndpointHealthCheckId: dns.primaryEndpointHealthCheckId,
  secondaryEndpointHealthCheckId: dns.secondaryEndpointHealthCheckId,
  primaryOverrideHealthCheckId: dns.primaryOverrideHealthCheckId,
  secondaryOverrideHealthCheckId: dns.secondaryOverrideHealthCheckId,
  recordFqdn: dns.recordFqdn,
  alarmArns: dns.alarmArns,
};
