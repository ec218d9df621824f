import { renderExecKubeconfig } from "../kubernetes/exec-kubeconfig";

/** What a kubeconfig for one EKS cluster needs. */
export interface KubeconfigInput {
  readonly clusterName: string;
  readonly endpoint: string;
  /** Base64 certificate authority data, as EKS returns it. */
  readonly certificateAuthority: string;
  readonly region: string;
}

/**
 * A kubeconfig (as JSON, which kubectl and the Kubernetes provider read like YAML) that gets a token from
 * `aws eks get-token`, so it holds no credential: whoever uses it authenticates with their own AWS
 * identity, which EKS maps through access entries.
 */
export function renderKubeconfig(k: KubeconfigInput): string {
  return renderExecKubeconfig({
    context: k.clusterName,
    server: k.endpoint,
    certificateAuthority: k.certificateAuthority,
    exec: {
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", k.clusterName, "--region", k.region, "--output", "json"],
    },
  });
}
