import * as k8s from "@pulumi/kubernetes";
import { SampleService } from "../../components/workload";

// minReplicas above maxReplicas: SampleService must refuse before registering any Kubernetes object.
const k8sProvider = new k8s.Provider("k8s-primary", { kubeconfig: "offline-kubeconfig-not-a-cluster" });

new SampleService(
  "podinfo",
  {
    image: "ghcr.io/stefanprodan/podinfo:6.9.2",
    minReplicas: 6,
    maxReplicas: 3,
    exposure: {
      kind: "aws-target-group",
      targetGroupArn:
        "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/primary-alb/0123456789abcdef",
      loadBalancerSecurityGroupId: "sg-0a1b2c3d4e5f60718",
    },
  },
  { providers: { kubernetes: k8sProvider } },
);
