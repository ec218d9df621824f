import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { DnsAuthorizationRecord, GkeGateway } from "../../components/gcp-ingress";
import { SampleService } from "../../components/workload";

// The Google Cloud site's edge as prod builds it: the sample service (exposed the `gke-gateway` way, as
// GcpSite does) behind a GKE Gateway, plus a fake
// second backend (a namespace and a Service standing in for the regional health check) on one extra route,
// and the certificate's DNS authorization CNAME in Route 53 through the us-east-1 provider. The Kubernetes
// provider's kubeconfig is a dummy: nothing connects offline.
const google = new gcp.Provider("gcp-secondary", { project: "dr-platform-prod", region: "asia-northeast1" });
const cluster = new k8s.Provider("k8s-secondary", { kubeconfig: "offline-kubeconfig-not-a-cluster" });
const global = new aws.Provider("aws-global", { region: "us-east-1" });

const healthNamespace = new k8s.core.v1.Namespace(
  "regional-health",
  { metadata: { name: "regional-health" } },
  { provider: cluster },
);
const healthService = new k8s.core.v1.Service(
  "regional-health",
  {
    metadata: { name: "regional-health", namespace: healthNamespace.metadata.name },
    spec: { selector: { app: "regional-health" }, ports: [{ port: 8080, targetPort: 8080 }] },
  },
  { provider: cluster },
);

const podinfo = new SampleService(
  "podinfo",
  { image: "ghcr.io/stefanprodan/podinfo:6.9.2", minReplicas: 2, maxReplicas: 6, exposure: { kind: "gke-gateway" } },
  { providers: { kubernetes: cluster } },
);

const gateway = new GkeGateway(
  "secondary-gateway",
  {
    namespace: podinfo.namespace,
    serviceName: podinfo.serviceName,
    servicePort: 80,
    domainName: "app.example.com",
    healthCheckPath: "/readyz",
    publicPaths: ["/", "/version", "/api/info", "/readyz"],
    extraRoutes: {
      "regional-health": {
        path: "/healthz/region",
        namespace: healthService.metadata.namespace,
        serviceName: healthService.metadata.name,
        servicePort: 8080,
        healthCheckPath: "/healthz/region",
      },
    },
  },
  { providers: { gcp: google, kubernetes: cluster } },
);

new DnsAuthorizationRecord(
  "secondary-gateway-dns-authorization",
  { zoneName: "example.com", record: gateway.dnsAuthorizationRecord },
  { provider: global },
);

// The record as Certificate Manager reports it (the offline mocks do not compute it): the shape Route 53 gets.
new DnsAuthorizationRecord(
  "literal-dns-authorization",
  {
    zoneName: "example.com",
    record: {
      name: "_acme-challenge_ujmmovf2vn55tgye.app.example.com.",
      type: "CNAME",
      data: "0e1a7d2c-58b4-4d42-8f6e-0f3b7c1c9b10.4.authorize.certificatemanager.goog.",
    },
  },
  { provider: global },
);

export const secondaryGateway = {
  ipAddress: gateway.ipAddress,
  addressName: gateway.addressName,
  gatewayName: gateway.gatewayName,
  certificateName: gateway.certificateName,
  certificateMapName: gateway.certificateMapName,
};
