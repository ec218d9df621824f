import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { GkeServiceIngress } from "../../components/gcp-ingress";

// The Google Cloud site's entry point as prod builds it: the sample service behind Google's global HTTPS
// load balancer. The Kubernetes provider's kubeconfig is a dummy: nothing connects offline.
const google = new gcp.Provider("gcp-secondary", { project: "dr-platform-prod", region: "asia-northeast1" });
const cluster = new k8s.Provider("k8s-secondary", { kubeconfig: "offline-kubeconfig-not-a-cluster" });

const ingress = new GkeServiceIngress(
  "secondary-ingress",
  {
    namespace: "podinfo",
    serviceName: "podinfo",
    servicePort: 80,
    domainName: "app.example.com",
    healthCheckPath: "/readyz",
    publicPaths: ["/", "/version", "/api/info", "/readyz"],
  },
  { providers: { gcp: google, kubernetes: cluster } },
);

export const secondaryIngress = {
  ipAddress: ingress.ipAddress,
  addressName: ingress.addressName,
  ingressName: ingress.ingressName,
  backendConfigName: ingress.backendConfigName,
  serviceAnnotations: ingress.serviceAnnotations,
};
