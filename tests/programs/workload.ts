import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { LoadBalancerController } from "../../components/ingress";
import { SampleService } from "../../components/workload";

// The prod-like sample service behind the primary ALB's target group, ordered after the controller.
const awsProvider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const k8sProvider = new k8s.Provider("k8s-primary", { kubeconfig: "offline-kubeconfig-not-a-cluster" });

const controller = new LoadBalancerController(
  "primary-lbc",
  { clusterName: "primary-eks-prod", vpcId: "vpc-0a1b2c3d4e5f60718", chartVersion: "1.14.0" },
  { providers: { aws: awsProvider, kubernetes: k8sProvider } },
);

const service = new SampleService(
  "podinfo",
  {
    image: "ghcr.io/stefanprodan/podinfo:6.9.2",
    minReplicas: 3,
    maxReplicas: 12,
    cpuUtilizationTarget: 70,
    exposure: {
      kind: "aws-target-group",
      targetGroupArn:
        "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/primary-alb/0123456789abcdef",
      loadBalancerSecurityGroupId: "sg-0a1b2c3d4e5f60718",
    },
    controller,
  },
  { providers: { kubernetes: k8sProvider } },
);

export const workload = {
  namespace: service.namespace,
  serviceName: service.serviceName,
  deploymentName: service.deploymentName,
  hpaName: service.hpaName,
};
