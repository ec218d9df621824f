import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { DnsFailover } from "../../components/dns";

// DNS failover from the Seoul ALB to a Google Cloud load balancer's static IP, with a 30 s TTL and no
// page on the secondary's check (a pilot-light secondary fails it until scaled up).
const global = new aws.Provider("aws-global", { region: "us-east-1" });
const primary = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const google = new gcp.Provider("gcp-secondary", { project: "offline-project", region: "asia-northeast3" });

const seoulAlb = new aws.lb.LoadBalancer("primary-alb", { loadBalancerType: "application" }, { provider: primary });
const gcpIp = new gcp.compute.GlobalAddress("secondary-lb", { address: "203.0.113.10" }, { provider: google });
const topic = new aws.sns.Topic("dns-alarms", {}, { provider: global });

const dns = new DnsFailover("app-dns", {
  zoneName: "example.com",
  recordName: "app.example.com",
  healthCheckPath: "/healthz/deep",
  ttl: 30,
  primary: { kind: "alias", aliasDnsName: seoulAlb.dnsName, aliasZoneId: seoulAlb.zoneId },
  secondary: { kind: "ip", ipAddress: gcpIp.address },
  alarmTopicArn: topic.arn,
  alarmOnSecondary: false,
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
