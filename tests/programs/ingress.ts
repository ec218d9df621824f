import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { ApplicationLoadBalancer, LoadBalancerController } from "../../components/ingress";

// A prod-like primary site's ingress: the controller and the internet-facing ALB, with explicit providers.
const awsProvider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const k8sProvider = new k8s.Provider("k8s-primary", { kubeconfig: "offline-kubeconfig-not-a-cluster" });

const controller = new LoadBalancerController(
  "primary-lbc",
  { clusterName: "primary-eks-prod", vpcId: "vpc-0a1b2c3d4e5f60718", chartVersion: "1.14.0" },
  { providers: { aws: awsProvider, kubernetes: k8sProvider } },
);

const alb = new ApplicationLoadBalancer(
  "primary-alb",
  {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    vpcCidr: "10.0.0.0/16",
    publicSubnetIds: ["subnet-0pub0000000000001", "subnet-0pub0000000000002", "subnet-0pub0000000000003"],
    domainName: "app.example.com",
    zoneName: "example.com",
    targetPort: 9898,
    healthCheckPath: "/readyz",
    // Six exact paths (the health check's among them): more than one rule's five condition values.
    publicPaths: ["/", "/version", "/api/info", "/readyz", "/robots.txt", "/favicon.ico"],
    deletionProtection: true,
    protect: true,
    logRetentionDays: 90,
    forceDestroy: false,
  },
  { providers: { aws: awsProvider } },
);

export const lbc = { roleArn: controller.roleArn, releaseName: controller.releaseName };
export const ingress = {
  dnsName: alb.dnsName,
  zoneId: alb.zoneId,
  arn: alb.arn,
  arnSuffix: alb.arnSuffix,
  targetGroupArn: alb.targetGroupArn,
  targetGroupArnSuffix: alb.targetGroupArnSuffix,
  securityGroupId: alb.securityGroupId,
  certificateArn: alb.certificateArn,
  accessLogBucketName: alb.accessLogBucketName,
};
