import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A Service the Gateway sends traffic to, and how the load balancer treats it. */
export interface GatewayBackend {
  readonly namespace: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /** The path the load balancer health-checks on each pod. */
  readonly healthCheckPath: string;
  readonly drainingTimeoutSeconds: number;
  readonly backendTimeoutSeconds: number;
  /** The Cloud Armor policy (edge-security-policy.ts) the load balancer applies to the backend's requests. */
  readonly securityPolicyName: pulumi.Input<string>;
}

const MANAGED_BY = { "app.kubernetes.io/managed-by": "pulumi" };

/**
 * GKE's policies for one backend Service (the Gateway's replacement for a BackendConfig, which a Gateway
 * ignores): a HealthCheckPolicy (HTTP on the pods' serving port, the NEG endpoints' own port) and a
 * GCPBackendPolicy (request timeout, connection draining, request logging, the Cloud Armor policy). GKE reads them only in the
 * Service's own namespace, so they are created there, named `name`.
 * Field names: GoogleCloudPlatform/gke-gateway-api `apis/networking/v1/healthcheck_types.go` and
 * `gcpbackendpolicy_types.go` (docs/sources.md#gke-gateway-policies).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources
 */
export function createBackendPolicies(
  parent: pulumi.Resource,
  name: string,
  backend: GatewayBackend,
): { healthCheck: k8s.apiextensions.CustomResource; backendPolicy: k8s.apiextensions.CustomResource } {
  const metadata = { name, namespace: backend.namespace, labels: MANAGED_BY };
  const targetRef = { group: "", kind: "Service", name: backend.serviceName };
  const healthCheck = new k8s.apiextensions.CustomResource(
    name,
    {
      apiVersion: "networking.gke.io/v1",
      kind: "HealthCheckPolicy",
      metadata,
      spec: {
        default: {
          checkIntervalSec: 10,
          timeoutSec: 5,
          healthyThreshold: 1,
          unhealthyThreshold: 3,
          // No port: USE_SERVING_PORT, each endpoint's own port in the NEG (the pods' serving port).
          config: { type: "HTTP", httpHealthCheck: { requestPath: backend.healthCheckPath } },
        },
        targetRef,
      },
    },
    { parent },
  );
  const backendPolicy = new k8s.apiextensions.CustomResource(
    name,
    {
      apiVersion: "networking.gke.io/v1",
      kind: "GCPBackendPolicy",
      metadata,
      spec: {
        default: {
          timeoutSec: backend.backendTimeoutSeconds,
          connectionDraining: { drainingTimeoutSec: backend.drainingTimeoutSeconds },
          // sampleRate is parts per million: 1000000 logs every request (and Cloud Armor's decision on it).
          logging: { enabled: true, sampleRate: 1000000 },
          securityPolicy: backend.securityPolicyName,
        },
        targetRef,
      },
    },
    { parent },
  );
  return { healthCheck, backendPolicy };
}
