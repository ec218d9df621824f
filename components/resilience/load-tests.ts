import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  looseSpread,
  RESTRICTED_NAMESPACE_LABELS,
  restrictedContainerSecurity,
  restrictedPodSecurity,
} from "../kubernetes/pod-security";
import { pinnedReference, PLATFORM_IMAGES } from "../kubernetes/images";

/** The load generator: fortio holds a fixed request rate and reports latency percentiles and errors. */
export const DEFAULT_LOAD_IMAGE = pinnedReference(PLATFORM_IMAGES.fortio);
/** The pause image, pinned: it does nothing, which is the point of the inflate pods. */
export const DEFAULT_PAUSE_IMAGE = pinnedReference(PLATFORM_IMAGES.pause);

/** Arguments of {@link LoadTests}. The cluster is the provider's: pass `providers: { kubernetes }` in opts. */
export interface LoadTestsArgs {
  /** The service the HTTP load goes to (the sample service's ClusterIP Service). */
  readonly target: {
    readonly namespace: pulumi.Input<string>;
    readonly serviceName: pulumi.Input<string>;
    /** @default 80 */
    readonly port?: number;
    /** @default "/" */
    readonly path?: string;
  };
  /** Requests per second each load pod sends. @default 100 */
  readonly qpsPerPod?: number;
  /** Load pods running at once. @default 4 */
  readonly parallelism?: number;
  /** Connections each load pod keeps open. @default 8 */
  readonly connections?: number;
  /** How long a load run lasts, seconds. @default 600 */
  readonly durationSeconds?: number;
  /** CPU and memory one inflate pod requests (and is limited to): what a node must have free to take it. @default 1 CPU, 1Gi */
  readonly inflatePod?: { readonly cpu: string; readonly memory: string };
  /** @default {@link DEFAULT_LOAD_IMAGE} */
  readonly loadImage?: string;
  /** @default {@link DEFAULT_PAUSE_IMAGE} */
  readonly pauseImage?: string;
  /** The namespace the component creates. @default the component's name */
  readonly namespace?: string;
}

/** The in-cluster names the runbooks use (fixed, so `kubectl` commands stay the same in every cluster). */
export const LOAD_TEST_NAMES = { cronJob: "http-load", inflate: "inflate" } as const;

/**
 * LoadTests are the autoscaling drills' load, idle until someone starts them: a suspended CronJob whose
 * Job sends a fixed HTTP request rate to the sample service (`kubectl create job --from=cronjob/...`;
 * drives the HPA), and an "inflate" Deployment of pause pods with real requests at zero replicas
 * (`kubectl scale`; more replicas than the nodes can hold make the cluster autoscaler add nodes). Both
 * run under the restricted Pod Security Standard and without an API token.
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/
 */
export class LoadTests extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly cronJobName: pulumi.Output<string>;
  public readonly inflateDeploymentName: pulumi.Output<string>;

  constructor(name: string, args: LoadTestsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:resilience:LoadTests", name, {}, opts);
    const qps = args.qpsPerPod ?? 100;
    const parallelism = args.parallelism ?? 4;
    const connections = args.connections ?? 8;
    const durationSeconds = args.durationSeconds ?? 600;
    const inflatePod = args.inflatePod ?? { cpu: "1", memory: "1Gi" };
    const port = args.target.port ?? 80;
    const path = args.target.path ?? "/";
    const parent = { parent: this };
    const noToken = { automountServiceAccountToken: false };

    const namespace = new k8s.core.v1.Namespace(
      name,
      { metadata: { name: args.namespace ?? name, labels: { ...RESTRICTED_NAMESPACE_LABELS } } },
      parent,
    );
    const ns = namespace.metadata.name;
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      name,
      { metadata: { name: "load-tests", namespace: ns }, ...noToken },
      parent,
    );

    const loadLabels = { "app.kubernetes.io/name": LOAD_TEST_NAMES.cronJob, "app.kubernetes.io/part-of": name };
    const url = pulumi.interpolate`http://${args.target.serviceName}.${args.target.namespace}.svc.cluster.local:${port}${path}`;
    const cronJob = new k8s.batch.v1.CronJob(
      `${name}-http`,
      {
        metadata: { name: LOAD_TEST_NAMES.cronJob, namespace: ns, labels: loadLabels },
        spec: {
          // Never runs on its own: the schedule is required, `suspend` keeps it a template for manual runs.
          suspend: true,
          schedule: "0 0 1 1 *",
          concurrencyPolicy: "Forbid",
          jobTemplate: {
            // `kubectl create job --from` copies these to the Job, so `delete job -l` finds it.
            metadata: { labels: loadLabels },
            spec: {
              parallelism,
              completions: parallelism,
              backoffLimit: 0,
              // A forgotten run stops by itself: the load plus two minutes to start and report.
              activeDeadlineSeconds: durationSeconds + 120,
              ttlSecondsAfterFinished: 3600,
              template: {
                metadata: { labels: loadLabels },
                spec: {
                  ...noToken,
                  serviceAccountName: serviceAccount.metadata.name,
                  restartPolicy: "Never",
                  securityContext: restrictedPodSecurity(),
                  topologySpreadConstraints: looseSpread(loadLabels),
                  containers: [
                    {
                      name: "fortio",
                      image: args.loadImage ?? DEFAULT_LOAD_IMAGE,
                      args: ["load", `-qps=${qps}`, `-c=${connections}`, `-t=${durationSeconds}s`, "-timeout=2s", url],
                      resources: {
                        requests: { cpu: "250m", memory: "64Mi" },
                        limits: { cpu: "1", memory: "256Mi" },
                      },
                      securityContext: restrictedContainerSecurity(),
                    },
                  ],
                },
              },
            },
          },
        },
      },
      parent,
    );

    const inflateLabels = { "app.kubernetes.io/name": LOAD_TEST_NAMES.inflate, "app.kubernetes.io/part-of": name };
    const inflate = new k8s.apps.v1.Deployment(
      `${name}-inflate`,
      {
        metadata: { name: LOAD_TEST_NAMES.inflate, namespace: ns, labels: inflateLabels },
        spec: {
          // At rest: `kubectl scale` starts the drill, and `pulumi up` after a forgotten drill puts it back.
          replicas: 0,
          selector: { matchLabels: inflateLabels },
          template: {
            metadata: { labels: inflateLabels },
            spec: {
              ...noToken,
              serviceAccountName: serviceAccount.metadata.name,
              terminationGracePeriodSeconds: 0,
              securityContext: restrictedPodSecurity(),
              // Spread so the autoscaler grows every AZ's node group, as --balance-similar-node-groups expects.
              topologySpreadConstraints: looseSpread(inflateLabels),
              containers: [
                {
                  name: "pause",
                  image: args.pauseImage ?? DEFAULT_PAUSE_IMAGE,
                  // Requests equal to limits: each pod holds exactly this much of a node, no more, no less.
                  resources: { requests: { ...inflatePod }, limits: { ...inflatePod } },
                  securityContext: restrictedContainerSecurity(),
                },
              ],
            },
          },
        },
      },
      parent,
    );

    this.namespace = ns;
    this.cronJobName = cronJob.metadata.name;
    this.inflateDeploymentName = inflate.metadata.name;
    this.registerOutputs({
      namespace: this.namespace,
      cronJobName: this.cronJobName,
      inflateDeploymentName: this.inflateDeploymentName,
    });
  }
}
