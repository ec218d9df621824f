import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { GkeServiceIngress } from "../../components/gcp-ingress";

// Four mistakes at once: GkeServiceIngress must list them all and refuse before registering any child.
const google = new gcp.Provider("gcp-secondary", { project: "dr-platform-prod", region: "asia-northeast1" });
const cluster = new k8s.Provider("k8s-secondary", { kubeconfig: "offline-kubeconfig-not-a-cluster" });

new GkeServiceIngress(
  "secondary-ingress",
  {
    namespace: "podinfo",
    serviceName: "podinfo",
    servicePort: 0,
    domainName: "*.example.com",
    healthCheckPath: "readyz",
    publicPaths: ["/", "/debug/*"],
  },
  { providers: { gcp: google, kubernetes: cluster } },
);
