import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { failOnProblems } from "../problems";
import { createGcpKey } from "../gcp-data/kms-key";
import { gcpProject, serviceAgentMember } from "../gcp-data/project";
import { physicalName } from "../naming";
import { renderGkeKubeconfig } from "./kubeconfig";
import { createNodePool, createNodeServiceAccount, GkeNodePoolArgs } from "./node-pool";
import { gkeProblems } from "./rules";

/** Logs GKE sends to Cloud Logging: system and workload logs plus the three control-plane logs (as EKS sends all five). */
export const GKE_LOG_COMPONENTS = ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"];

/** A network allowed to reach the control plane. */
export interface AuthorizedNetwork {
  readonly displayName: string;
  readonly cidrBlock: string;
}

/**
 * Arguments of {@link GkeCluster}. Project and region are its provider's: pass `providers: { gcp }` in
 * opts; the region-dependent `location` is explicit.
 */
export interface GkeClusterArgs {
  /** The region, e.g. "asia-northeast1": the control plane is replicated across its zones. Never a zone. */
  readonly location: string;
  /** The VPC (`GcpNetwork.networkId`). */
  readonly network: pulumi.Input<string>;
  /** The regional subnet the nodes use (`GcpNetwork.subnetworkId`). */
  readonly subnetwork: pulumi.Input<string>;
  /** The subnet's secondary range for pod IPs (`GcpNetwork.podsRangeName`): the cluster is VPC-native. */
  readonly podsRangeName: pulumi.Input<string>;
  /** The subnet's secondary range for Service IPs (`GcpNetwork.servicesRangeName`). */
  readonly servicesRangeName: pulumi.Input<string>;
  /** The one autoscaling node pool; its limits are per zone. */
  readonly nodePool: GkeNodePoolArgs;
  /** Zones for the nodes, all in `location`. @default GKE's choice: three zones of the region */
  readonly nodeLocations?: string[];
  /** The control plane's private /28, outside every range of both sites. @default "172.16.0.0/28" */
  readonly masterIpv4CidrBlock?: string;
  /**
   * Whether the control plane has only its private endpoint. Then `pulumi up` (which creates Kubernetes
   * objects through the exported provider) and kubectl must run from the VPC or a network connected to it
   * (the AWS primary over HA VPN) listed in `masterAuthorizedNetworks`.
   * @default true
   */
  readonly privateEndpoint?: boolean;
  /**
   * Networks allowed to reach the control plane: the private endpoint's callers beyond the node subnet
   * (e.g. the AWS VPC across the VPN), or with `privateEndpoint: false` the only sources the public
   * endpoint accepts. Google Cloud's public IP ranges are never allowed.
   * @default [] - the node subnet only
   */
  readonly masterAuthorizedNetworks?: AuthorizedNetwork[];
  /**
   * The control plane's DNS-based endpoint, open to callers outside Google Cloud: any caller that holds
   * `container.clusters.connect` in IAM reaches it, from any network, so `pulumi up` from a hosted runner and
   * an on-call engineer reach the cluster with Seoul and the VPN gone. IAM and RBAC decide, not the network;
   * the IP endpoints keep `masterAuthorizedNetworks`. The kubeconfig and the provider use it.
   * @default true
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation#dns-based_endpoint
   */
  readonly dnsEndpoint?: boolean;
  /** GKE release channel: the control plane and nodes upgrade on it. @default "REGULAR" */
  readonly releaseChannel?: "RAPID" | "REGULAR" | "STABLE";
  /** GKE-side deletion protection: destroy fails until it is turned off. @default true */
  readonly deletionProtection?: boolean;
  /**
   * GKE Dataplane V2 (eBPF: NetworkPolicy enforcement and policy logging built in, no kube-proxy). It can
   * only be chosen when the cluster is created: changing it replaces the cluster.
   * @default true
   */
  readonly dataplaneV2?: boolean;
  /** Labels on the cluster and node VMs, e.g. `gcpLabels(standardTags(...))`. @default none */
  readonly labels?: Record<string, string>;
  /**
   * Enforce the project's Binary Authorization policy (binary-authorization.ts) on every pod.
   * @default true
   */
  readonly binaryAuthorization?: boolean;
}

/**
 * GkeCluster is the Google Cloud site's Kubernetes: a REGIONAL GKE cluster (the control plane is
 * replicated across the region's zones, as EKS spreads its API servers over AZs), VPC-native on the site
 * network's secondary ranges, private nodes, Workload Identity, Shielded nodes, Secrets encrypted at the
 * application layer with a rotating Cloud KMS key, system, workload and control-plane logs, managed
 * Prometheus, the Gateway API (standard channel, for GkeGateway), and one autoscaling node pool on a dedicated least-privilege service account. The default
 * node pool is removed, so node settings live in one place. It exposes a `k8s.Provider` for everything
 * in-cluster and a kubeconfig that holds no credential.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster
 */
export class GkeCluster extends pulumi.ComponentResource {
  /** The cluster's name in GKE. */
  public readonly clusterName: pulumi.Output<string>;
  /** The control plane's address (the private endpoint's IP unless `privateEndpoint` is false). */
  public readonly endpoint: pulumi.Output<string>;
  /** The DNS-based endpoint (`gke-<id>.<region>.gke.goog`) when `dnsEndpoint` is on. */
  public readonly dnsEndpoint: pulumi.Output<string | undefined>;
  /** `<project>.svc.id.goog`: Kubernetes service accounts act as Google service accounts through it. */
  public readonly workloadPool: pulumi.Output<string>;
  /** The nodes' service account e-mail. */
  public readonly nodeServiceAccountEmail: pulumi.Output<string>;
  /** The Cloud KMS key encrypting Kubernetes Secrets. */
  public readonly secretsKeyId: pulumi.Output<string>;
  /** Kubeconfig (secret) using `gke-gcloud-auth-plugin`. */
  public readonly kubeconfig: pulumi.Output<string>;
  /** Provider for Kubernetes resources in this cluster. */
  public readonly provider: k8s.Provider;
  /** The cluster resource, for `dependsOn`. */
  public readonly cluster: gcp.container.Cluster;
  /** The node pool, for `dependsOn` (in-cluster workloads that need nodes). */
  public readonly nodePool: gcp.container.NodePool;

  constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gke:GkeCluster", name, {}, opts);
    const masterIpv4CidrBlock = args.masterIpv4CidrBlock ?? "172.16.0.0/28";
    const privateEndpoint = args.privateEndpoint ?? true;
    const masterAuthorizedNetworks = args.masterAuthorizedNetworks ?? [];
    const dnsEndpoint = args.dnsEndpoint ?? true;
    const releaseChannel = args.releaseChannel ?? "REGULAR";
    const deletionProtection = args.deletionProtection ?? true;
    const dataplaneV2 = args.dataplaneV2 ?? true;
    const labels = args.labels ?? {};
    const nodePool = { ...args.nodePool, diskSizeGb: args.nodePool.diskSizeGb ?? 100 };
    failOnProblems(
      this,
      `GkeCluster ${name}`,
      gkeProblems({
        location: args.location,
        nodeLocations: args.nodeLocations,
        masterIpv4CidrBlock,
        masterAuthorizedNetworks,
        privateEndpoint,
        nodePool,
      }),
    );
    const project = gcpProject(this);

    // Application-layer Secrets encryption: GKE's service agent wraps etcd's data keys with this key, so
    // the grant must exist before the cluster is created.
    const secretsKey = createGcpKey(this, `${name}-secrets`, {
      location: args.location,
      encrypters: { gke: serviceAgentMember(project.number, "gke") },
      protect: false,
      labels,
    });

    const nodeAccount = createNodeServiceAccount(this, `${name}-nodes`, project.projectId);

    this.cluster = new gcp.container.Cluster(
      name,
      {
        name: physicalName(name, pulumi.getStack(), 40),
        location: args.location,
        nodeLocations: args.nodeLocations,
        // A cluster cannot be created without a node pool; the default one is deleted right away and
        // the managed pool below is the only one.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        network: args.network,
        subnetwork: args.subnetwork,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: {
          clusterSecondaryRangeName: args.podsRangeName,
          servicesSecondaryRangeName: args.servicesRangeName,
        },
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: privateEndpoint,
          masterIpv4CidrBlock,
        },
        controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: dnsEndpoint } },
        masterAuthorizedNetworksConfig: {
          cidrBlocks: masterAuthorizedNetworks.map((n) => ({ displayName: n.displayName, cidrBlock: n.cidrBlock })),
          gcpPublicCidrsAccessEnabled: false,
        },
        workloadIdentityConfig: { workloadPool: pulumi.interpolate`${project.projectId}.svc.id.goog` },
        releaseChannel: { channel: releaseChannel },
        deletionProtection,
        enableShieldedNodes: true,
        datapathProvider: dataplaneV2 ? "ADVANCED_DATAPATH" : "LEGACY_DATAPATH",
        binaryAuthorization: {
          evaluationMode: (args.binaryAuthorization ?? true) ? "PROJECT_SINGLETON_POLICY_ENFORCE" : "DISABLED",
        },
        databaseEncryption: { state: "ENCRYPTED", keyName: secretsKey.key.id },
        loggingConfig: { enableComponents: GKE_LOG_COMPONENTS },
        // Workload metrics come from managed Prometheus: the WORKLOADS monitoring component was removed in GKE 1.24.
        monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: true } },
        // HPA scales the sample service; VPA would fight it over the same pods' CPU.
        verticalPodAutoscaling: { enabled: false },
        addonsConfig: {
          horizontalPodAutoscaling: { disabled: false },
          // The GKE Gateway controller needs it to build the external load balancer (GkeGateway).
          httpLoadBalancing: { disabled: false },
        },
        // The Gateway API's standard-channel CRDs (Gateway, HTTPRoute, ReferenceGrant), managed by GKE: the
        // edge is a Gateway because only a Gateway takes a Certificate Manager certificate map
        // (https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways).
        gatewayApiConfig: { channel: "CHANNEL_STANDARD" },
        resourceLabels: labels,
      },
      { parent: this, dependsOn: secretsKey.grants },
    );

    this.nodePool = createNodePool(this, `${name}-nodes`, nodePool, {
      cluster: this.cluster,
      location: args.location,
      nodeLocations: args.nodeLocations,
      serviceAccountEmail: nodeAccount.account.email,
      labels,
      dependsOn: nodeAccount.grants,
    });

    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.dnsEndpoint = this.cluster.controlPlaneEndpointsConfig.apply((c) =>
      dnsEndpoint ? c?.dnsEndpointConfig?.endpoint : undefined,
    );
    this.workloadPool = pulumi.interpolate`${project.projectId}.svc.id.goog`;
    this.nodeServiceAccountEmail = nodeAccount.account.email;
    this.secretsKeyId = secretsKey.key.id;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.cluster.name, this.cluster.endpoint, this.cluster.masterAuth, project.projectId, this.dnsEndpoint])
        .apply(([clusterName, endpoint, auth, projectId, dns]) =>
          renderGkeKubeconfig({
            clusterName,
            endpoint,
            clusterCaCertificate: auth.clusterCaCertificate ?? "",
            project: projectId,
            location: args.location,
            dnsEndpoint: dns,
          }),
        ),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this, dependsOn: [this.cluster] },
    );
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      workloadPool: this.workloadPool,
      nodeServiceAccountEmail: this.nodeServiceAccountEmail,
      secretsKeyId: this.secretsKeyId,
      kubeconfig: this.kubeconfig,
    });
  }
}
