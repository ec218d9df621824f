import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgProblem, failOnProblems, intRange } from "../problems";
import { physicalName } from "../naming";
import { DEFAULT_PUBLIC_PATHS, edgePathArgProblems, uniquePaths } from "../ingress/edge-routes";
import { gkeServiceAnnotations } from "./annotations";

/**
 * Arguments of {@link GkeServiceIngress}. Pass `providers: { gcp, kubernetes }` in opts: the address and
 * SSL policy are the `gcp` provider's project's, the Kubernetes objects go to the cluster of the
 * `kubernetes` provider (`GkeCluster.provider`).
 */
export interface GkeServiceIngressArgs {
  /** The namespace of the Service (the Kubernetes objects are created there too). */
  readonly namespace: pulumi.Input<string>;
  /** The Service to expose; it must carry {@link gkeServiceAnnotations} (see `serviceAnnotations`). */
  readonly serviceName: pulumi.Input<string>;
  /** The Service's port. */
  readonly servicePort: number;
  /** The public name served, e.g. "app.example.com": the managed certificate's only domain. */
  readonly domainName: string;
  /** The path the load balancer health-checks on the pods. @default "/readyz" */
  readonly healthCheckPath?: string;
  /**
   * The exact request paths routed to the Service (pathType Exact); every other path falls to GKE's
   * `default-http-backend`, which answers 404, so podinfo's admin routes stay private. Add the path Route 53
   * health-checks through the load balancer. Exact paths only: no `*` or `?`.
   * @default ["/", "/version", "/api/info"]
   */
  readonly publicPaths?: readonly string[];
  /** Seconds a removed pod keeps serving its open connections. @default 60 */
  readonly drainingTimeoutSeconds?: number;
  /** Seconds the load balancer waits for a response. @default 30 */
  readonly backendTimeoutSeconds?: number;
  /** Labels on the static address. @default none */
  readonly labels?: Record<string, string>;
}

/**
 * GkeServiceIngress exposes one Service of a GKE cluster through Google's global external HTTPS load
 * balancer, the GKE Ingress way: a reserved global static IPv4 address created by Pulumi (so Route 53's
 * failover record and health check can point at it with no manual step), a Google-managed certificate
 * for `domainName`, HTTP redirected to HTTPS, an SSL policy of the MODERN profile with TLS 1.2 at least,
 * and a BackendConfig with the health check path, connection draining and request logging. The GKE
 * Ingress controller (the cluster's HttpLoadBalancing add-on) builds the load balancer from these objects.
 * The Ingress routes only `publicPaths`, each an Exact path, to the Service and sets no default backend, so
 * any other path reaches GKE's `default-http-backend` and gets 404
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#default_backend).
 *
 * Caveat for active/passive DNS: Google issues a managed certificate only once `domainName` resolves to
 * this address. While Route 53 answers with the primary, the certificate stays in Provisioning, so this
 * load balancer serves no valid HTTPS (and an HTTPS health check on it fails) until after a failover plus
 * the issuance time (up to about an hour). A DNS-authorized Certificate Manager certificate (Gateway API)
 * or a pre-shared certificate avoids that; this component keeps the GKE Ingress design it was asked for.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs
 */
export class GkeServiceIngress extends pulumi.ComponentResource {
  /** The static IPv4 address: the target of the Route 53 SECONDARY record and its health check. */
  public readonly ipAddress: pulumi.Output<string>;
  /** The address's name (the Ingress refers to it by name). */
  public readonly addressName: pulumi.Output<string>;
  public readonly ingressName: pulumi.Output<string>;
  /** The BackendConfig's name, in `namespace`. */
  public readonly backendConfigName: string;
  /** The exact annotations the Service must carry: {@link gkeServiceAnnotations} for this BackendConfig. */
  public readonly serviceAnnotations: Record<string, string>;

  constructor(name: string, args: GkeServiceIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpingress:GkeServiceIngress", name, {}, opts);
    const healthCheckPath = args.healthCheckPath ?? "/readyz";
    const drainingTimeoutSeconds = args.drainingTimeoutSeconds ?? 60;
    const backendTimeoutSeconds = args.backendTimeoutSeconds ?? 30;
    const publicPaths = args.publicPaths ?? DEFAULT_PUBLIC_PATHS;
    failOnProblems(this, `GkeServiceIngress ${name}`, [
      ...ingressProblems(args.domainName, healthCheckPath),
      ...edgePathArgProblems("publicPaths", publicPaths),
      ...intRange("servicePort", args.servicePort, 1, 65535, "a Service port is 1 to 65535"),
      ...intRange("drainingTimeoutSeconds", drainingTimeoutSeconds, 0, 3600, "draining lasts 0 to 3600 s"),
      ...intRange("backendTimeoutSeconds", backendTimeoutSeconds, 1, 86400, "the backend timeout is 1 s to 24 h"),
    ]);
    const stack = pulumi.getStack();
    const parent = { parent: this };

    const address = new gcp.compute.GlobalAddress(
      name,
      {
        name: physicalName(name, stack),
        description: `${args.domainName} on the Google Cloud site (${stack})`,
        addressType: "EXTERNAL",
        ipVersion: "IPV4",
        labels: args.labels,
      },
      parent,
    );
    const sslPolicy = new gcp.compute.SSLPolicy(
      name,
      {
        name: physicalName(name, stack),
        description: `MODERN profile, TLS 1.2 at least, for ${args.domainName}`,
        profile: "MODERN",
        minTlsVersion: "TLS_1_2",
      },
      parent,
    );

    const metadata = { name, namespace: args.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } };
    const certificate = new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: "networking.gke.io/v1",
        kind: "ManagedCertificate",
        metadata,
        spec: { domains: [args.domainName] },
      },
      parent,
    );
    const frontendConfig = new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: "networking.gke.io/v1beta1",
        kind: "FrontendConfig",
        metadata,
        spec: {
          sslPolicy: sslPolicy.name,
          redirectToHttps: { enabled: true, responseCodeName: "MOVED_PERMANENTLY_DEFAULT" },
        },
      },
      parent,
    );
    const backendConfig = new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: "cloud.google.com/v1",
        kind: "BackendConfig",
        metadata,
        spec: {
          // The port is the pods' serving port (container-native load balancing).
          healthCheck: {
            type: "HTTP",
            requestPath: healthCheckPath,
            checkIntervalSec: 10,
            timeoutSec: 5,
            healthyThreshold: 1,
            unhealthyThreshold: 3,
          },
          connectionDraining: { drainingTimeoutSec: drainingTimeoutSeconds },
          timeoutSec: backendTimeoutSeconds,
          logging: { enable: true, sampleRate: 1.0 },
        },
      },
      parent,
    );

    const ingress = new k8s.networking.v1.Ingress(
      name,
      {
        metadata: {
          ...metadata,
          annotations: {
            // GKE's controller reads the class from this annotation, not from spec.ingressClassName.
            "kubernetes.io/ingress.class": "gce",
            "kubernetes.io/ingress.global-static-ip-name": address.name,
            "networking.gke.io/managed-certificates": certificate.metadata.name,
            "networking.gke.io/v1beta1.FrontendConfig": frontendConfig.metadata.name,
            // The HTTP forwarding rule must exist for the FrontendConfig's redirect to answer on port 80.
            "kubernetes.io/ingress.allow-http": "true",
          },
        },
        spec: {
          rules: [
            {
              host: args.domainName,
              http: {
                // Exact paths only, and no spec.defaultBackend: anything else gets GKE's 404 backend.
                paths: uniquePaths(publicPaths).map((path) => ({
                  path,
                  pathType: "Exact",
                  backend: { service: { name: args.serviceName, port: { number: args.servicePort } } },
                })),
              },
            },
          ],
        },
      },
      // Google builds the load balancer in several minutes; Pulumi waits for its address.
      {
        parent: this,
        dependsOn: [backendConfig],
        customTimeouts: { create: "30m", update: "30m" },
      },
    );

    this.ipAddress = address.address;
    this.addressName = address.name;
    this.ingressName = ingress.metadata.name;
    this.backendConfigName = name;
    this.serviceAnnotations = gkeServiceAnnotations(name);
    this.registerOutputs({
      ipAddress: this.ipAddress,
      addressName: this.addressName,
      ingressName: this.ingressName,
      backendConfigName: this.backendConfigName,
      serviceAnnotations: this.serviceAnnotations,
    });
  }
}

function ingressProblems(domainName: string, healthCheckPath: string): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
  if (!new RegExp(`^(${label}\\.)+[a-z]{2,63}$`).test(domainName) || domainName.length > 253) {
    problems.push({
      path: "domainName",
      message: `got "${domainName}"; a managed certificate needs one lowercase fully qualified name (no wildcard)`,
      fix: 'pass the service\'s public name, e.g. "app.example.com"',
    });
  }
  if (!healthCheckPath.startsWith("/")) {
    problems.push({
      path: "healthCheckPath",
      message: `got "${healthCheckPath}"; a request path starts with "/"`,
      fix: `pass "/${healthCheckPath}"`,
    });
  }
  return problems;
}
