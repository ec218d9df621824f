import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type ResourceRequirements = k8s.types.input.core.v1.ResourceRequirements;

/** CPU and memory for one container. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** The settings the pod template is built from (defaults already resolved). */
export interface PodSettings {
  readonly labels: Record<string, string>;
  readonly serviceAccountName: pulumi.Input<string>;
  readonly image: pulumi.Input<string>;
  readonly port: number;
  readonly readinessPath: string;
  readonly livenessPath: string;
  readonly resources: ContainerResources;
  readonly runAsUser: number;
  /** See SampleServiceArgs.faultInjection. @default false */
  readonly faultInjection?: boolean;
  /** A ConfigMap whose keys become the container's environment (SampleServiceArgs.siteEndpoints). @default none */
  readonly environmentConfigMap?: pulumi.Input<string>;
}

/** The service's one container, as FIS pod actions name their target container. */
export const APP_CONTAINER = "app";

/** How long a terminating pod keeps serving while the ALB and kube-proxy stop sending it new requests. */
export const PRE_STOP_SECONDS = 15;

/**
 * Spread over zones strictly and over nodes loosely. Zones: DoNotSchedule, counting only zones whose nodes
 * are usable (nodeTaintsPolicy Honor). When an AZ is lost its nodes turn NotReady and are tainted
 * unreachable, so the spread is computed over the surviving zones: the lost pods are rescheduled there and
 * the HPA can still scale out. (minDomains would do the opposite: with fewer zones than minDomains the
 * global minimum counts as 0, capping every zone at maxSkew pods for the length of the outage.)
 * Nodes: ScheduleAnyway, so a shortage of nodes slows nothing. `pod-template-hash` spreads each rollout's ReplicaSet on its own,
 * so old pods being scaled down never skew the new ones.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export function spreadConstraints(labels: Record<string, string>) {
  const common = { maxSkew: 1, labelSelector: { matchLabels: labels }, matchLabelKeys: ["pod-template-hash"] };
  return [
    {
      ...common,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "DoNotSchedule",
      nodeTaintsPolicy: "Honor",
    },
    { ...common, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" },
  ];
}

/** The pod template's spec: one hardened container with probes, requests and limits, spread over zones. */
export function podSpec(s: PodSettings): PodSpec {
  const resources: ResourceRequirements = { requests: { ...s.resources.requests }, limits: { ...s.resources.limits } };
  return {
    serviceAccountName: s.serviceAccountName,
    // The service never calls the Kubernetes API, so its pods carry no API token.
    automountServiceAccountToken: false,
    // Longer than the preStop delay plus the app's own graceful shutdown.
    terminationGracePeriodSeconds: PRE_STOP_SECONDS + 30,
    securityContext: {
      runAsNonRoot: true,
      // A numeric user: the kubelet cannot verify runAsNonRoot for an image whose USER is a name (podinfo's is
      // `app`), and refuses to start it.
      runAsUser: s.runAsUser,
      runAsGroup: s.runAsUser,
      fsGroup: s.runAsUser,
      seccompProfile: { type: "RuntimeDefault" },
    },
    topologySpreadConstraints: spreadConstraints(s.labels),
    containers: [
      {
        name: APP_CONTAINER,
        image: s.image,
        ports: [{ name: "http", containerPort: s.port, protocol: "TCP" }],
        ...(s.environmentConfigMap === undefined
          ? {}
          : { envFrom: [{ configMapRef: { name: s.environmentConfigMap } }] }),
        resources,
        readinessProbe: {
          httpGet: { path: s.readinessPath, port: "http" },
          periodSeconds: 5,
          timeoutSeconds: 2,
          failureThreshold: 3,
        },
        // Restart only a pod that stays unresponsive for 30 s; readiness already takes it out of service.
        livenessProbe: {
          httpGet: { path: s.livenessPath, port: "http" },
          initialDelaySeconds: 5,
          periodSeconds: 10,
          timeoutSeconds: 2,
          failureThreshold: 3,
        },
        // Keep serving while the ALB deregisters the pod's IP (ELB takes a few seconds to stop routing).
        lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SECONDS } } },
        securityContext: {
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: !(s.faultInjection ?? false),
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
        // The root filesystem is read-only; /tmp is the one writable scratch path.
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      },
    ],
    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
  };
}
