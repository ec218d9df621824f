import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerResources, podSpec } from "./pod-spec";
import { replicaProblems } from "./validate";

/** The Service's port; the pods listen on `containerPort`. */
const SERVICE_PORT = 80;

/**
 * Arguments of {@link SampleService}. Pass `providers: { kubernetes }` in opts: the cluster is the
 * provider's. Replica and zone counts are plain numbers because they are validated before anything is
 * registered.
 */
export interface SampleServiceArgs {
  /** The container image, e.g. `ghcr.io/stefanprodan/podinfo:6.9.2`. */
  readonly image: pulumi.Input<string>;
  /** The port the container serves on (and the ALB target group's port). @default 9898 (podinfo) */
  readonly containerPort?: number;
  /** The readiness endpoint; a pod that fails it leaves the Service and the ALB. @default "/readyz" */
  readonly readinessPath?: string;
  /** The liveness endpoint; a pod that keeps failing it is restarted. @default "/healthz" */
  readonly livenessPath?: string;
  /**
   * The site's own data endpoints, given to the container as environment variables (a ConfigMap): the database
   * secret as this Region reads it, the queue and the bucket of this site. Each site's service uses its own, so
   * whichever site receives the traffic uses that site's stores: the application follows the active site.
   * @default none
   */
  readonly siteEndpoints?: Readonly<Record<string, pulumi.Input<string>>>;
  /** The namespace the component creates for the service. @default the component's name */
  readonly namespace?: string;
  /** Requests (what the HPA's utilization is measured against) and limits of the container. */
  readonly resources?: ContainerResources;
  /** The numeric user and group the container runs as. @default 10001 */
  readonly runAsUser?: number;
  /** The HPA's floor; at least 1 and at most `maxReplicas`. Also the Deployment's initial size. */
  readonly minReplicas: number;
  /**
   * The Deployment's size when created, when not `minReplicas`: 0 keeps a pilot light's service off until a
   * failover plan scales it (the HPA does not act on a Deployment at zero replicas).
   * @default minReplicas
   */
  readonly initialReplicas?: number;
  /** The HPA's ceiling. */
  readonly maxReplicas: number;
  /** Average CPU utilization, as a percentage of requests, the HPA keeps the pods at. @default 70 */
  readonly cpuUtilizationTarget?: pulumi.Input<number>;
  /** How the load balancer reaches the pods: an AWS ALB target group, or a GKE Gateway. */
  readonly exposure: ServiceExposure;
  /**
   * The AWS Load Balancer Controller (or anything that installs its CRDs and webhooks). The
   * TargetGroupBinding and the Deployment wait for it.
   * @default no ordering: the controller must already run in the cluster
   */
  readonly controller?: pulumi.Resource;
  /**
   * Let AWS FIS pod actions (the pod CPU-stress drill) run in these pods. FIS can follow its fault
   * injection only in containers whose root filesystem is writable, so this turns
   * `readOnlyRootFilesystem` off, which is the price of the drill; everything else stays hardened.
   * @see https://docs.aws.amazon.com/fis/latest/userguide/eks-pod-actions.html
   * @default false
   */
  readonly faultInjection?: boolean;
}

/**
 * `aws-target-group`: a TargetGroupBinding fills an existing ALB target group (type `ip`) with the pods'
 * IPs and opens the pods to the ALB's security group. `gke-gateway`: a plain ClusterIP Service; the GKE
 * Gateway controller creates the network endpoint groups for the Services its HTTPRoutes name (container-
 * native load balancing, no annotation), and its policies target the Service by name
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-api).
 */
export type ServiceExposure =
  | {
      readonly kind: "aws-target-group";
      readonly targetGroupArn: pulumi.Input<string>;
      readonly loadBalancerSecurityGroupId: pulumi.Input<string>;
    }
  | { readonly kind: "gke-gateway" };

/**
 * SampleService is the HA sample workload: a Deployment spread over zones, a ClusterIP Service, an HPA,
 * a PodDisruptionBudget, and a TargetGroupBinding that registers the pods in an existing ALB target group.
 */
export class SampleService extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  public readonly deploymentName: pulumi.Output<string>;
  public readonly hpaName: pulumi.Output<string>;
  /** The pods' service account (in {@link namespace}): what a cloud identity binding names. */
  public readonly serviceAccountName: pulumi.Output<string>;
  /** Whether FIS pod actions can run in the pods (see SampleServiceArgs.faultInjection). */
  public readonly faultInjection: boolean;

  constructor(name: string, args: SampleServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:workload:SampleService", name, {}, opts);
    const problems = replicaProblems(args);
    if (problems.length > 0) {
      throw new pulumi.ResourceError(
        `SampleService ${name} is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
          problems.map((p) => `  - ${p}`).join("\n"),
        this,
      );
    }
    const port = args.containerPort ?? 9898;
    const cpuUtilizationTarget = args.cpuUtilizationTarget ?? 70;
    const resources = args.resources ?? {
      requests: { cpu: "100m", memory: "64Mi" },
      limits: { cpu: "500m", memory: "128Mi" },
    };
    const parent = { parent: this };
    const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "pulumi" };
    const selector = { matchLabels: { "app.kubernetes.io/name": name } };
    const controller = args.controller ? [args.controller] : [];
    const exposure = args.exposure;

    const namespace = new k8s.core.v1.Namespace(
      name,
      {
        metadata: {
          name: args.namespace ?? name,
          labels: {
            ...labels,
            // The controller adds a readiness gate to each pod that stays false until the ALB reports the
            // pod healthy, so a rollout never removes old pods before new ones take traffic.
            ...(exposure.kind === "aws-target-group" ? { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } : {}),
          },
        },
      },
      parent,
    );
    const ns = namespace.metadata.name;
    const meta = { name, namespace: ns, labels };

    const endpoints = args.siteEndpoints
      ? new k8s.core.v1.ConfigMap(
          `${name}-site`,
          { metadata: { ...meta, name: `${name}-site` }, data: { ...args.siteEndpoints } },
          parent,
        )
      : undefined;

    const serviceAccount = new k8s.core.v1.ServiceAccount(
      name,
      { metadata: meta, automountServiceAccountToken: false },
      parent,
    );

    const deployment = new k8s.apps.v1.Deployment(
      name,
      {
        metadata: meta,
        spec: {
          // The starting size; from then on the HPA owns it (see ignoreChanges).
          replicas: args.initialReplicas ?? args.minReplicas,
          selector,
          // Surge, never remove first: capacity stays at least the current size during a rollout.
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
          template: {
            metadata: { labels },
            spec: podSpec({
              labels: selector.matchLabels,
              serviceAccountName: serviceAccount.metadata.name,
              image: args.image,
              port,
              readinessPath: args.readinessPath ?? "/readyz",
              livenessPath: args.livenessPath ?? "/healthz",
              resources,
              runAsUser: args.runAsUser ?? 10001,
              faultInjection: args.faultInjection ?? false,
              environmentConfigMap: endpoints?.metadata.name,
            }),
          },
        },
      },
      // The readiness-gate webhook must be up before pods are created in the labelled namespace.
      // `pulumi up` must never reset the replica count the HPA chose.
      { parent: this, dependsOn: controller, ignoreChanges: ["spec.replicas"] },
    );

    const service = new k8s.core.v1.Service(
      name,
      {
        metadata: meta,
        spec: {
          type: "ClusterIP",
          selector: selector.matchLabels,
          ports: [{ name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" }],
        },
      },
      parent,
    );

    const hpa = new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      name,
      {
        metadata: meta,
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
          minReplicas: args.minReplicas,
          maxReplicas: args.maxReplicas,
          metrics: [
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: cpuUtilizationTarget } },
            },
          ],
          behavior: {
            // Scale in only after 5 minutes of lower load, and by at most half per minute, so a brief dip
            // (or a zone's pods restarting) does not shed capacity that is needed again moments later.
            scaleDown: {
              stabilizationWindowSeconds: 300,
              policies: [{ type: "Percent", value: 50, periodSeconds: 60 }],
              selectPolicy: "Max",
            },
            // Scale out at once: double, or add 4 pods, every 15 s, whichever is more.
            scaleUp: {
              stabilizationWindowSeconds: 0,
              policies: [
                { type: "Percent", value: 100, periodSeconds: 15 },
                { type: "Pods", value: 4, periodSeconds: 15 },
              ],
              selectPolicy: "Max",
            },
          },
        },
      },
      // The floor is the starting one: a Region switch plan raises it in the activating Region to the other
      // Region's pod count, and `pulumi up` after the event must not shrink the site that now serves.
      { ...parent, ignoreChanges: ["spec.minReplicas"] },
    );

    // maxUnavailable 1 rather than a minAvailable: with any replica count >= 1 one pod can always be
    // evicted, so node drains and upgrades never deadlock on this service. AlwaysAllow lets unready
    // (crash-looping) pods be evicted even when the budget is spent.
    new k8s.policy.v1.PodDisruptionBudget(
      name,
      { metadata: meta, spec: { maxUnavailable: 1, selector, unhealthyPodEvictionPolicy: "AlwaysAllow" } },
      parent,
    );

    if (exposure.kind === "aws-target-group") {
      new k8s.apiextensions.CustomResource(
        name,
        {
          apiVersion: "elbv2.k8s.aws/v1beta1",
          kind: "TargetGroupBinding",
          metadata: meta,
          spec: {
            serviceRef: { name: service.metadata.name, port: SERVICE_PORT },
            targetGroupARN: exposure.targetGroupArn,
            targetType: "ip",
            // The controller opens the pods' security group to the ALB's, on the pods' port only.
            networking: {
              ingress: [
                {
                  from: [{ securityGroup: { groupID: exposure.loadBalancerSecurityGroupId } }],
                  ports: [{ protocol: "TCP", port }],
                },
              ],
            },
          },
        },
        // The kind exists only once the controller's chart has installed its CRDs and webhooks.
        { parent: this, dependsOn: controller },
      );
    }

    this.namespace = ns;
    this.serviceName = service.metadata.name;
    this.deploymentName = deployment.metadata.name;
    this.hpaName = hpa.metadata.name;
    this.serviceAccountName = serviceAccount.metadata.name;
    this.faultInjection = args.faultInjection ?? false;
    this.registerOutputs({
      namespace: this.namespace,
      serviceName: this.serviceName,
      deploymentName: this.deploymentName,
      hpaName: this.hpaName,
    });
  }
}
