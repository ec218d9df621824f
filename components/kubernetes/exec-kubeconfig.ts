/** A kubeconfig with one cluster whose user gets a token from a command (`exec`), holding no credential. */
export interface ExecKubeconfig {
  /** The name of the cluster, user and context entries. */
  readonly context: string;
  readonly server: string;
  /** Base64 certificate authority data. @default none: the server's certificate is publicly trusted */
  readonly certificateAuthority?: string;
  /** The credential plugin: what to run, and any extra fields of the `exec` block. */
  readonly exec: { readonly command: string; readonly args?: string[] } & Record<string, unknown>;
}

/**
 * Renders the kubeconfig as JSON (which kubectl and the Kubernetes provider read like YAML). Both
 * clusters' kubeconfigs are built here so their shape cannot drift apart.
 */
export function renderExecKubeconfig(k: ExecKubeconfig): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: k.context,
        cluster: {
          server: k.server,
          ...(k.certificateAuthority === undefined ? {} : { "certificate-authority-data": k.certificateAuthority }),
        },
      },
    ],
    contexts: [{ name: k.context, context: { cluster: k.context, user: k.context } }],
    "current-context": k.context,
    users: [
      {
        name: k.context,
        user: {
          exec: { apiVersion: "client.authentication.k8s.io/v1beta1", ...k.exec, interactiveMode: "Never" },
        },
      },
    ],
  });
}
