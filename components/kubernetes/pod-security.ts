import * as k8s from "@pulumi/kubernetes";

type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;

/**
 * Namespace labels that make the API server enforce the `restricted` Pod Security Standard on every pod
 * of the namespace, so a drill's pods can never be more privileged than these manifests say.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export const RESTRICTED_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
  "app.kubernetes.io/managed-by": "pulumi",
};

/** `nobody`: none of the drill images needs a user of its own. */
export const UNPRIVILEGED_UID = 65534;

export function restrictedPodSecurity(): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: UNPRIVILEGED_UID,
    runAsGroup: UNPRIVILEGED_UID,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export function restrictedContainerSecurity(): SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Spread over zones and nodes without ever blocking scheduling: drill pods must land even when a zone is gone. */
export function looseSpread(labels: Record<string, string>) {
  return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: labels },
  }));
}
