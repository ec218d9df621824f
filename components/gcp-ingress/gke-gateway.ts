import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { failOnProblems } from "../problems";
import { physicalName } from "../naming";
import { DEFAULT_PUBLIC_PATHS } from "../ingress/edge-routes";
import { DEFAULT_RATE_LIMIT_PER_5_MINUTES } from "../ingress/web-acl";
import { createBackendPolicies } from "./backend-policies";
import { createEdgeSecurityPolicy } from "./edge-security-policy";
import { createGatewayCertificate } from "./certificate";
import { HTTP_LISTENER, HTTPS_LISTENER, redirectRouteSpec, serviceRouteSpec } from "./routes";
import { gatewayProblems } from "./validate";

/** The Google-hosted GKE Gateway controller's global external Application Load Balancer. */
export const GATEWAY_CLASS = "gke-l7-global-external-managed";

/** One exact path routed to a Service other than the main one (e.g. a deep regional health check). */
export interface GatewayExtraRoute {
  /** The exact request path, e.g. "/healthz/region"; it must not also be one of `publicPaths`. */
  readonly path: string;
  /** The Service's namespace: a ReferenceGrant there lets the Gateway's HTTPRoute name the Service. */
  readonly namespace: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  readonly servicePort: number;
  /** The path the load balancer health-checks on that Service's pods. */
  readonly healthCheckPath: string;
}

/**
 * Arguments of {@link GkeGateway}. Pass `providers: { gcp, kubernetes }` in opts: the address, SSL policy
 * and certificate are the `gcp` provider's project's; the Kubernetes objects go to the cluster of the
 * `kubernetes` provider (`GkeCluster.provider`), whose Gateway API must be on (`gatewayApiConfig`).
 */
export interface GkeGatewayArgs {
  /** The namespace of the main Service; the Gateway, its HTTPRoutes and policies are created there too. */
  readonly namespace: pulumi.Input<string>;
  /** The Service `publicPaths` go to. It needs no annotation: the Gateway controller creates its NEGs. */
  readonly serviceName: pulumi.Input<string>;
  /** The Service's port. */
  readonly servicePort: number;
  /** The public name served, e.g. "app.example.com": the certificate's only domain and the routes' host. */
  readonly domainName: string;
  /** The path the load balancer health-checks on the main Service's pods. @default "/readyz" */
  readonly healthCheckPath?: string;
  /**
   * The exact request paths routed to the main Service (`Exact` matches); any other path gets 404 from the
   * load balancer, so podinfo's admin routes stay private. Add the path Route 53 health-checks through the
   * load balancer. Exact paths only: no `*` or `?`.
   * @default ["/", "/version", "/api/info"]
   */
  readonly publicPaths?: readonly string[];
  /**
   * More exact paths, each to its own Service, keyed by a name used in the objects' names
   * (`<name>-<key>`). Each gets a rule in the same HTTPRoute, a ReferenceGrant in the Service's namespace,
   * and its own health check and backend policy there.
   * @default none
   */
  readonly extraRoutes?: Readonly<Record<string, GatewayExtraRoute>>;
  /** Seconds a removed pod keeps serving its open connections. @default 60 */
  readonly drainingTimeoutSeconds?: number;
  /** Seconds the load balancer waits for a response. @default 30 */
  readonly backendTimeoutSeconds?: number;
  /** Labels on the address and the Certificate Manager resources. @default none */
  readonly labels?: Record<string, string>;
  /** Requests one client address may send in five minutes before Cloud Armor answers 429. @default 2000 */
  readonly rateLimitPer5Minutes?: number;
}

/**
 * GkeGateway exposes a GKE cluster's Services through Google's global external Application Load Balancer,
 * the Gateway API way: a reserved global static IPv4 address created by Pulumi (so Route 53's failover record
 * and health check point at it with no manual step), a Certificate Manager certificate issued ahead of any
 * traffic by DNS authorization (its CNAME is {@link dnsAuthorizationRecord}, which the caller publishes in the
 * public zone), an HTTPS listener choosing it from a certificate map by SNI, an HTTP listener that only
 * redirects to HTTPS, an SSL policy of the MODERN profile with TLS 1.2 at least, and per-Service health
 * checks, connection draining, request logging and a Cloud Armor policy (edge-security-policy.ts). Only `publicPaths` (and each extra route's path) are
 * routed, each `Exact`; a request no rule matches gets 404 from the load balancer.
 *
 * The classic GKE Ingress cannot use Certificate Manager certificates
 * (https://github.com/kubernetes/ingress-gce/issues/1692); the Gateway takes a certificate map by annotation
 * (docs/sources.md#gke-gateway-and-certificate-manager). `pulumi up` waits for the Gateway to be Programmed
 * (the load balancer built), not for the certificate to be issued: the certificate must be ACTIVE before a
 * failover can land here (docs/sources.md#certificate-manager-certificate-state).
 */
export class GkeGateway extends pulumi.ComponentResource {
  /** The static IPv4 address: the target of the Route 53 SECONDARY record and its health check. */
  public readonly ipAddress: pulumi.Output<string>;
  /** The address's name (the Gateway names it in `spec.addresses`). */
  public readonly addressName: pulumi.Output<string>;
  /** The Gateway's name, in `namespace`. */
  public readonly gatewayName: string;
  /** The Certificate Manager certificate's name (global): `managed.state` must read ACTIVE. */
  public readonly certificateName: pulumi.Output<string>;
  public readonly certificateMapName: pulumi.Output<string>;
  /** The CNAME Certificate Manager checks; publish it in the public zone (DnsAuthorizationRecord). */
  public readonly dnsAuthorizationRecord: {
    readonly name: pulumi.Output<string>;
    readonly type: pulumi.Output<string>;
    readonly data: pulumi.Output<string>;
  };

  constructor(name: string, args: GkeGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpingress:GkeGateway", name, {}, opts);
    const healthCheckPath = args.healthCheckPath ?? "/readyz";
    const drainingTimeoutSeconds = args.drainingTimeoutSeconds ?? 60;
    const backendTimeoutSeconds = args.backendTimeoutSeconds ?? 30;
    const publicPaths = args.publicPaths ?? DEFAULT_PUBLIC_PATHS;
    const extraRoutes = args.extraRoutes ?? {};
    failOnProblems(
      this,
      `GkeGateway ${name}`,
      gatewayProblems({
        domainName: args.domainName,
        healthCheckPath,
        publicPaths,
        servicePort: args.servicePort,
        drainingTimeoutSeconds,
        backendTimeoutSeconds,
        extraRoutes,
      }),
    );
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const labels = { "app.kubernetes.io/managed-by": "pulumi" };
    const meta = (objectName: string) => ({ name: objectName, namespace: args.namespace, labels });

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
    const certificate = createGatewayCertificate(this, name, args.domainName, args.labels);

    // Routes attach only from the Gateway's namespace: an HTTPRoute elsewhere cannot publish a path.
    const sameNamespace = { namespaces: { from: "Same" } };
    const gateway = new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: {
          ...meta(name),
          annotations: {
            "networking.gke.io/certmap": certificate.map.name,
            // pulumi-kubernetes waits for this condition (https://github.com/pulumi/pulumi-kubernetes/pull/3134).
            "pulumi.com/waitFor": "condition=Programmed",
          },
        },
        spec: {
          gatewayClassName: GATEWAY_CLASS,
          listeners: [
            // No tls block: the certificate map annotation supplies the certificates, and GKE refuses a
            // Gateway that sets both.
            { name: HTTPS_LISTENER, protocol: "HTTPS", port: 443, allowedRoutes: sameNamespace },
            { name: HTTP_LISTENER, protocol: "HTTP", port: 80, allowedRoutes: sameNamespace },
          ],
          addresses: [{ type: "NamedAddress", value: address.name }],
        },
      },
      // Google builds the load balancer in several minutes.
      {
        parent: this,
        dependsOn: [certificate.mapEntry],
        customTimeouts: { create: "30m", update: "30m" },
      },
    );
    new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: "networking.gke.io/v1",
        kind: "GCPGatewayPolicy",
        metadata: meta(name),
        spec: {
          default: { sslPolicy: sslPolicy.name },
          targetRef: { group: "gateway.networking.k8s.io", kind: "Gateway", name },
        },
      },
      { parent: this, dependsOn: [gateway] },
    );

    // The edge's firewall: every backend's requests pass the same Cloud Armor policy.
    const armor = createEdgeSecurityPolicy(this, name, {
      rateLimitPer5Minutes: args.rateLimitPer5Minutes ?? DEFAULT_RATE_LIMIT_PER_5_MINUTES,
    });
    const backend = { drainingTimeoutSeconds, backendTimeoutSeconds, securityPolicyName: armor.name };
    createBackendPolicies(this, name, {
      ...backend,
      namespace: args.namespace,
      serviceName: args.serviceName,
      healthCheckPath,
    });
    const extraRules = Object.entries(extraRoutes).map(([key, route]) => {
      const child = `${name}-${key}`;
      // The HTTPRoute lives in the Gateway's namespace; naming a Service in another namespace needs the
      // target namespace's consent (https://gateway-api.sigs.k8s.io/api-types/referencegrant/), scoped to
      // HTTPRoutes of this namespace and to that one Service.
      new k8s.apiextensions.CustomResource(
        child,
        {
          apiVersion: "gateway.networking.k8s.io/v1beta1",
          kind: "ReferenceGrant",
          metadata: { name: child, namespace: route.namespace, labels },
          spec: {
            from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: args.namespace }],
            to: [{ group: "", kind: "Service", name: route.serviceName }],
          },
        },
        parent,
      );
      createBackendPolicies(this, child, {
        ...backend,
        namespace: route.namespace,
        serviceName: route.serviceName,
        healthCheckPath: route.healthCheckPath,
      });
      return {
        path: route.path,
        backend: { name: route.serviceName, namespace: route.namespace, port: route.servicePort },
      };
    });

    new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: meta(name),
        spec: serviceRouteSpec({
          gatewayName: name,
          hostname: args.domainName,
          publicPaths,
          service: { name: args.serviceName, port: args.servicePort },
          extraRules,
        }),
      },
      { parent: this, dependsOn: [gateway] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-redirect`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: meta(`${name}-redirect`),
        spec: redirectRouteSpec(name, args.domainName),
      },
      { parent: this, dependsOn: [gateway] },
    );

    this.ipAddress = address.address;
    this.addressName = address.name;
    this.gatewayName = name;
    this.certificateName = certificate.certificate.name;
    this.certificateMapName = certificate.map.name;
    this.dnsAuthorizationRecord = certificate.record;
    this.registerOutputs({
      ipAddress: this.ipAddress,
      addressName: this.addressName,
      gatewayName: this.gatewayName,
      certificateName: this.certificateName,
      certificateMapName: this.certificateMapName,
      dnsAuthorizationRecord: this.dnsAuthorizationRecord,
    });
  }
}
