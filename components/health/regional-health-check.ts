import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { regionalHealthImage } from "../../health-check/image";
import { ArgProblem, failOnProblems, intRange } from "../problems";
import {
  looseSpread,
  RESTRICTED_NAMESPACE_LABELS,
  restrictedContainerSecurity,
  restrictedPodSecurity,
} from "../kubernetes/pod-security";
import { readRegionalHealthBundle } from "./bundle";
import { CONFIG_PATH_ENV } from "../../health-check/src/contract";
import { configProblems, DATABASE_CREDENTIAL_ENV, Probe, RegionalHealthConfig } from "./probe-plan";

/** The port the check serves its one path on (the Service's target port, and the ALB target group's). */
export const REGIONAL_HEALTH_PORT = 8080;
/** The name of its Deployment, Service and service account. */
export const REGIONAL_HEALTH_SERVICE_ACCOUNT = "regional-health";

/** The port of its Prometheus metrics: inside the cluster only, never behind the load balancer. */
export const REGIONAL_HEALTH_METRICS_PORT = 9090;
/** The path Route 53 requests through each site's load balancer, unless the stack names another. */
export const DEFAULT_REGIONAL_HEALTH_PATH = "/healthz/region";

/** The labels that mark the check's objects; the deployment model finds the check by the name label. */
export const REGIONAL_HEALTH_LABELS = {
  "app.kubernetes.io/name": "regional-health",
  "app.kubernetes.io/managed-by": "pulumi",
} as const;

/**
 * Arguments of {@link RegionalHealthCheck}. Pass `providers: { kubernetes }` in opts: the check runs in that
 * provider's cluster and must probe that cluster's site only.
 */
export interface RegionalHealthCheckArgs {
  /** The one path served (what Route 53 requests). @default {@link DEFAULT_REGIONAL_HEALTH_PATH} */
  readonly path?: string;
  /**
   * The Region's resolver, asked directly for every name a probe uses (AWS: the VPC's base address + 2;
   * Google Cloud: the metadata server, 169.254.169.254), so a failure that CoreDNS's cache would hide for a
   * while, as in 2018, shows at once.
   */
  readonly resolver: { readonly address: string; readonly port?: number };
  /** The site's own dependencies, in the order their failure is reported (see probe-plan.ts). */
  readonly probes: pulumi.Input<readonly Probe[]>;
  /**
   * The database user a postgres probe without its own `login` (a Secrets Manager secret read with Pod
   * Identity) logs in as, kept in a Kubernetes Secret. Required with such a probe.
   * @default none
   */
  readonly databaseCredentials?: {
    readonly username: pulumi.Input<string>;
    readonly password: pulumi.Input<string>;
  };
  /** Seconds between probe rounds. @default 5 */
  readonly intervalSeconds?: number;
  /** Milliseconds one probe may take; below the interval. @default 2000 */
  readonly timeoutMs?: number;
  /**
   * Failed rounds, out of the last `failAfter + 1`, before a probe counts as down: one slow answer does not
   * move traffic, a dependency down every other round does. @default 2
   */
  readonly failAfter?: number;
  /** Consecutive good rounds before a down probe counts as up again. @default 3 */
  readonly recoverAfter?: number;
  /**
   * Pods, spread over zones: losing one AZ leaves the check answering. The HorizontalPodAutoscaler's
   * minimum; it may double them under load (Route 53's checkers call about every 10 s from 8 Regions).
   * @default 2
   */
  readonly replicas?: number;
  /** The runtime image. @default the pinned Node image of health-check/image.ts */
  readonly image?: string;
  /**
   * What its pods must not start before, such as the Pod Identity association that gives them credentials (EKS
   * sets them only in pods created after it).
   * @default none
   */
  readonly after?: pulumi.Resource[];
  /** The namespace the component creates. @default the component's name */
  readonly namespace?: string;
  /**
   * An ALB target group (type `ip`) a TargetGroupBinding fills with the pods, and the ALB's security group
   * the pods open their port to. Leave unset where a Gateway routes to the Service (GKE).
   * @default none
   */
  readonly targetGroup?: {
    readonly arn: pulumi.Input<string>;
    readonly loadBalancerSecurityGroupId: pulumi.Input<string>;
    /** The AWS Load Balancer Controller, which installs the TargetGroupBinding kind. */
    readonly controller?: pulumi.Resource;
  };
}

/** Problems with the check's arguments, every one at once. */
export function regionalHealthArgProblems(args: RegionalHealthCheckArgs): ArgProblem[] {
  const interval = args.intervalSeconds ?? 5;
  const timeout = args.timeoutMs ?? 2000;
  return [
    ...intRange("intervalSeconds", interval, 1, 60, "a round every 1 to 60 seconds"),
    ...intRange("timeoutMs", timeout, 100, interval * 1000 - 1, "a probe must finish before the next round"),
    ...intRange("failAfter", args.failAfter ?? 2, 1, 10, "1 to 10 failed rounds"),
    ...intRange("recoverAfter", args.recoverAfter ?? 3, 1, 10, "1 to 10 good rounds"),
    ...intRange("replicas", args.replicas ?? 2, 1, 10, "at least one pod answers"),
    ...(/^\/[^\s*?]*$/.test(args.path ?? DEFAULT_REGIONAL_HEALTH_PATH)
      ? []
      : [{ path: "path", message: `got "${args.path}"`, fix: 'pass an exact path such as "/healthz/region"' }]),
  ];
}

/**
 * RegionalHealthCheck is the deep regional health check of one site: a small Node.js service (pinned public
 * Node image, its code mounted from a ConfigMap) that probes the site's own dependencies on a timer, through
 * the Region's resolver, and answers Route 53's checkers from the last result: `200 ok`, or `503` with one
 * short code (`fail database:dns`). Details go to its logs and its metrics port. It is what makes the 2018
 * failure visible: the load balancer and podinfo keep answering while DNS inside the Region fails
 * (docs/sources.md#seoul-2018-dns-event), and this check goes red. See docs/regional-health.md.
 */
export class RegionalHealthCheck extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  /** The Service's port (also the pods'). */
  public readonly servicePort: number;
  /** The one path served. */
  public readonly path: string;
  /** The pods' service account (in {@link namespace}): what a Pod Identity association names. */
  public readonly serviceAccountName = REGIONAL_HEALTH_SERVICE_ACCOUNT;

  constructor(name: string, args: RegionalHealthCheckArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:health:RegionalHealthCheck", name, {}, opts);
    failOnProblems(this, `RegionalHealthCheck ${name}`, regionalHealthArgProblems(args));
    const path = args.path ?? DEFAULT_REGIONAL_HEALTH_PATH;
    const intervalSeconds = args.intervalSeconds ?? 5;
    const parent = { parent: this };
    const labels = { ...REGIONAL_HEALTH_LABELS, "app.kubernetes.io/part-of": name };
    const selector = { matchLabels: { "app.kubernetes.io/name": REGIONAL_HEALTH_LABELS["app.kubernetes.io/name"] } };

    const namespace = new k8s.core.v1.Namespace(
      name,
      { metadata: { name: args.namespace ?? name, labels: namespaceLabels(args.targetGroup !== undefined) } },
      parent,
    );
    const ns = namespace.metadata.name;
    const meta = { name: REGIONAL_HEALTH_SERVICE_ACCOUNT, namespace: ns, labels };

    const config: pulumi.Output<string> = pulumi.output(args.probes).apply((probes) => {
      const rendered: RegionalHealthConfig = {
        listenPort: REGIONAL_HEALTH_PORT,
        path,
        metricsPort: REGIONAL_HEALTH_METRICS_PORT,
        intervalSeconds,
        timeoutMs: args.timeoutMs ?? 2000,
        failAfter: args.failAfter ?? 2,
        recoverAfter: args.recoverAfter ?? 3,
        staleAfterSeconds: 3 * intervalSeconds,
        resolver: args.resolver,
        probes,
      };
      const problems = [
        ...configProblems(rendered),
        ...(probes.some((p) => p.kind === "postgres" && p.login === undefined) && !args.databaseCredentials
          ? ["a postgres probe without a `login` secret needs `databaseCredentials`"]
          : []),
      ];
      if (problems.length > 0) {
        throw new pulumi.ResourceError(`RegionalHealthCheck ${name}: ${problems.join("; ")}`, this);
      }
      return JSON.stringify(rendered, null, 2);
    });
    const configMap = new k8s.core.v1.ConfigMap(
      name,
      { metadata: meta, data: { "config.json": config, "regional-health.js": readRegionalHealthBundle() } },
      parent,
    );
    const credentials = args.databaseCredentials
      ? new k8s.core.v1.Secret(
          name,
          {
            metadata: meta,
            type: "Opaque",
            stringData: {
              [DATABASE_CREDENTIAL_ENV.user]: args.databaseCredentials.username,
              [DATABASE_CREDENTIAL_ENV.password]: pulumi.secret(args.databaseCredentials.password),
            },
          },
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
          replicas: args.replicas ?? 2,
          selector,
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: {
              labels,
              // A new config or bundle rolls the pods; the files are read once at start.
              annotations: { "checksum/config": configMap.data.apply((d) => checksum(JSON.stringify(d))) },
            },
            spec: {
              serviceAccountName: serviceAccount.metadata.name,
              automountServiceAccountToken: false,
              securityContext: restrictedPodSecurity(),
              topologySpreadConstraints: looseSpread(selector.matchLabels),
              // The load balancer keeps sending to a terminating pod until it is deregistered: keep answering.
              terminationGracePeriodSeconds: 30,
              containers: [
                {
                  name: "check",
                  image: args.image ?? regionalHealthImage(),
                  command: ["node", "/opt/regional-health/regional-health.js"],
                  env: [
                    { name: CONFIG_PATH_ENV, value: "/etc/regional-health/config.json" },
                    { name: "NODE_ENV", value: "production" },
                  ],
                  envFrom: credentials ? [{ secretRef: { name: credentials.metadata.name } }] : [],
                  ports: [
                    { name: "http", containerPort: REGIONAL_HEALTH_PORT, protocol: "TCP" },
                    { name: "metrics", containerPort: REGIONAL_HEALTH_METRICS_PORT, protocol: "TCP" },
                  ],
                  // Ready and alive mean "the server answers", not "the Region is healthy": a red Region
                  // must still answer 503 to Route 53 rather than disappear behind the load balancer.
                  readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5, failureThreshold: 2 },
                  livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 3 },
                  resources: { requests: { cpu: "25m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
                  // Serve on while the load balancers deregister the pod, then stop (SIGTERM).
                  lifecycle: { preStop: { exec: { command: ["sleep", "15"] } } },
                  securityContext: restrictedContainerSecurity(),
                  volumeMounts: [
                    { name: "code", mountPath: "/opt/regional-health", readOnly: true },
                    { name: "config", mountPath: "/etc/regional-health", readOnly: true },
                  ],
                },
              ],
              volumes: [
                {
                  name: "code",
                  configMap: {
                    name: configMap.metadata.name,
                    items: [{ key: "regional-health.js", path: "regional-health.js" }],
                  },
                },
                {
                  name: "config",
                  configMap: { name: configMap.metadata.name, items: [{ key: "config.json", path: "config.json" }] },
                },
              ],
            },
          },
        },
      },
      {
        parent: this,
        dependsOn: [...(args.targetGroup?.controller ? [args.targetGroup.controller] : []), ...(args.after ?? [])],
        // The autoscaler owns the count after the first deploy.
        ignoreChanges: ["spec.replicas"],
      },
    );
    const replicas = args.replicas ?? 2;
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      name,
      {
        metadata: meta,
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
          minReplicas: replicas,
          maxReplicas: 2 * replicas,
          metrics: [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
          ],
        },
      },
      parent,
    );
    const service = new k8s.core.v1.Service(
      name,
      {
        metadata: meta,
        spec: {
          type: "ClusterIP",
          selector: selector.matchLabels,
          ports: [{ name: "http", port: REGIONAL_HEALTH_PORT, targetPort: "http", protocol: "TCP" }],
        },
      },
      parent,
    );
    // One pod may always be evicted (drains never deadlock); the other keeps answering.
    new k8s.policy.v1.PodDisruptionBudget(
      name,
      { metadata: meta, spec: { maxUnavailable: 1, selector, unhealthyPodEvictionPolicy: "AlwaysAllow" } },
      parent,
    );
    if (args.targetGroup) {
      new k8s.apiextensions.CustomResource(
        name,
        {
          apiVersion: "elbv2.k8s.aws/v1beta1",
          kind: "TargetGroupBinding",
          metadata: meta,
          spec: {
            serviceRef: { name: service.metadata.name, port: REGIONAL_HEALTH_PORT },
            targetGroupARN: args.targetGroup.arn,
            targetType: "ip",
            // The ALB reaches the check's port only; the metrics port stays inside the cluster.
            networking: {
              ingress: [
                {
                  from: [{ securityGroup: { groupID: args.targetGroup.loadBalancerSecurityGroupId } }],
                  ports: [{ protocol: "TCP", port: REGIONAL_HEALTH_PORT }],
                },
              ],
            },
          },
        },
        {
          parent: this,
          dependsOn: args.targetGroup.controller ? [args.targetGroup.controller, deployment] : [deployment],
        },
      );
    }

    this.namespace = ns;
    this.serviceName = service.metadata.name;
    this.servicePort = REGIONAL_HEALTH_PORT;
    this.path = path;
    this.registerOutputs({ namespace: this.namespace, serviceName: this.serviceName });
  }
}

/** Restricted pods; on AWS the controller's readiness gate keeps a rollout from dropping the ALB's targets. */
function namespaceLabels(behindAlb: boolean): Record<string, string> {
  return {
    ...RESTRICTED_NAMESPACE_LABELS,
    ...REGIONAL_HEALTH_LABELS,
    ...(behindAlb ? { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } : {}),
  };
}

/** A short, stable digest of the mounted files, so a change rolls the pods. */
function checksum(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
