import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { GkeGateway } from "../../components/gcp-ingress";

// Mistakes in every argument at once: GkeGateway must list them all and refuse before registering any child.
const google = new gcp.Provider("gcp-secondary", { project: "dr-platform-prod", region: "asia-northeast1" });
const cluster = new k8s.Provider("k8s-secondary", { kubeconfig: "offline-kubeconfig-not-a-cluster" });

new GkeGateway(
  "secondary-gateway",
  {
    namespace: "podinfo",
    serviceName: "podinfo",
    servicePort: 0,
    domainName: "*.example.com",
    healthCheckPath: "readyz",
    publicPaths: ["/", "/debug/*"],
    drainingTimeoutSeconds: 7200,
    extraRoutes: {
      "Regional Health": {
        path: "/",
        namespace: "regional-health",
        serviceName: "regional-health",
        servicePort: 70000,
        healthCheckPath: "healthz",
      },
      deep: {
        path: "/healthz/*",
        namespace: "regional-health",
        serviceName: "regional-health",
        servicePort: 8080,
        healthCheckPath: "/healthz/region",
      },
    },
  },
  { providers: { gcp: google, kubernetes: cluster } },
);
