import { renderExecKubeconfig } from "../kubernetes/exec-kubeconfig";

/** What a kubeconfig for one GKE cluster needs. */
export interface GkeKubeconfigInput {
  readonly clusterName: string;
  /** The control plane's address as GKE reports it: an IP (the private one with a private endpoint), no scheme. */
  readonly endpoint: string;
  /** Base64 cluster CA certificate (`masterAuth.clusterCaCertificate`). */
  readonly clusterCaCertificate: string;
  readonly project: string;
  /** The cluster's location: its region, for a regional cluster. */
  readonly location: string;
  /**
   * The control plane's DNS-based endpoint (`gke-<id>.<region>.gke.goog`), when it accepts external traffic:
   * the kubeconfig then names it instead of the IP, with no CA (its certificate is publicly trusted).
   * @default none: the IP endpoint
   */
  readonly dnsEndpoint?: string;
}

/**
 * A kubeconfig (as JSON, which kubectl and the Kubernetes provider read like YAML) that gets a token from
 * `gke-gcloud-auth-plugin`, so it holds no credential: whoever uses it authenticates with their own Google
 * identity (gcloud or application-default credentials), which GKE authorises through IAM and RBAC. The
 * context is named as `gcloud container clusters get-credentials` names it.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
 */
export function renderGkeKubeconfig(k: GkeKubeconfigInput): string {
  return renderExecKubeconfig({
    context: `gke_${k.project}_${k.location}_${k.clusterName}`,
    server: `https://${k.dnsEndpoint ?? k.endpoint}`,
    certificateAuthority: k.dnsEndpoint === undefined ? k.clusterCaCertificate : undefined,
    exec: {
      command: "gke-gcloud-auth-plugin",
      installHint:
        "Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin): " +
        "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin",
      provideClusterInfo: true,
    },
  });
}
