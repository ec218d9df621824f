import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_NAMESPACE_LABELS, restrictedContainerSecurity } from "../kubernetes/pod-security";
import { databaseSetupImage, DATABASE_SETUP_IMAGE } from "./image";
import { psqlCommand, SCRIPT_ENV, variableEnv } from "./psql-run";

/** A libpq connection: the admin login a setup script runs as. */
export interface SetupConnection {
  readonly host: pulumi.Input<string>;
  readonly port: pulumi.Input<number>;
  readonly username: pulumi.Input<string>;
  readonly password: pulumi.Input<string>;
  /** The database it first connects to. @default "postgres" */
  readonly database?: string;
}

/**
 * Arguments of {@link DatabaseSetupJob}. Pass `providers: { kubernetes }` in opts: the job runs in that
 * cluster, whose nodes the database admits.
 */
export interface DatabaseSetupJobArgs {
  /** The psql script (components/database-setup: sourceSetupSql). */
  readonly script: string;
  /** The script's psql variables; all kept in the job's Secret, passwords among them. */
  readonly variables: Readonly<Record<string, pulumi.Input<string>>>;
  readonly connection: SetupConnection;
  /** How long the Job may run, retries included, before Kubernetes stops it and the deploy fails. @default 600 */
  readonly timeoutSeconds?: number;
  /**
   * What the Job waits for: the database and the nodes it runs on. A component's `dependsOn` does not reach
   * its children, so these are given to the Job itself.
   * @default none
   */
  readonly after?: pulumi.Resource[];
  /** The namespace the component creates. @default the component's name */
  readonly namespace?: string;
}

/**
 * The job's name: a new script, new variables or a rotated password is a new Job, so the change reaches the
 * database (a Job's pod template cannot change). Only 8 hex digits of a SHA-256 are shown.
 */
export function setupJobName(name: string, script: string, inputs: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(inputs)
    .sort()
    .map((k) => [k, inputs[k]]);
  const digest = createHash("sha256").update(script).update(JSON.stringify(sorted)).digest("hex").slice(0, 8);
  return `${name}-${digest}`;
}

/**
 * DatabaseSetupJob runs a database's setup script from inside the cluster that reaches it (the database
 * admits only the cluster's nodes) on `pulumi up`: a Kubernetes Job running psql from the pinned PostgreSQL
 * image, as a non-root user with a read-only root filesystem under the restricted Pod Security Standard,
 * with TLS required. The script and its variables live in a Secret; the container reads them from its
 * environment (psql-run.ts), so no password is in the pod spec. Pulumi waits for the Job to complete, so
 * what depends on it (a DMS job, a deep check logging in as the application) starts after it. The scripts
 * are idempotent: a new script runs as a new Job, and running one again changes nothing.
 */
export class DatabaseSetupJob extends pulumi.ComponentResource {
  /** The Job, for `dependsOn`. */
  public readonly job: k8s.batch.v1.Job;

  constructor(name: string, args: DatabaseSetupJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:databasesetup:DatabaseSetupJob", name, {}, opts);
    const parent = { parent: this };
    const namespaceName = args.namespace ?? name;
    const namespace = new k8s.core.v1.Namespace(
      name,
      { metadata: { name: namespaceName, labels: { ...RESTRICTED_NAMESPACE_LABELS } } },
      parent,
    );
    const meta = { namespace: namespace.metadata.name, labels: { "app.kubernetes.io/name": name } };
    const variableNames = Object.keys(args.variables);
    const environment = pulumi
      .all([args.connection.username, args.connection.password, pulumi.all({ ...args.variables })])
      .apply(
        ([user, password, variables]): Record<string, string> => ({
          PGUSER: user,
          PGPASSWORD: password,
          ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [variableEnv(k), v])),
        }),
      );
    const secret = new k8s.core.v1.Secret(
      name,
      {
        metadata: meta,
        type: "Opaque",
        stringData: pulumi.secret(environment.apply((env) => ({ ...env, [SCRIPT_ENV]: args.script }))),
      },
      parent,
    );
    this.job = new k8s.batch.v1.Job(
      name,
      {
        metadata: { ...meta, name: pulumi.unsecret(environment.apply((env) => setupJobName(name, args.script, env))) },
        spec: {
          // A database still starting, or a DNS answer not there yet: a few tries before the deploy fails.
          backoffLimit: 4,
          activeDeadlineSeconds: args.timeoutSeconds ?? 600,
          template: {
            metadata: { labels: meta.labels },
            spec: {
              restartPolicy: "Never",
              automountServiceAccountToken: false,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: DATABASE_SETUP_IMAGE.uid,
                runAsGroup: DATABASE_SETUP_IMAGE.uid,
                seccompProfile: { type: "RuntimeDefault" },
              },
              containers: [
                {
                  name: "psql",
                  image: databaseSetupImage("eks"),
                  command: psqlCommand(variableNames),
                  env: [
                    { name: "PGHOST", value: args.connection.host },
                    { name: "PGPORT", value: pulumi.output(args.connection.port).apply(String) },
                    { name: "PGDATABASE", value: args.connection.database ?? "postgres" },
                    // Aurora and Cloud SQL both require TLS; the job never falls back to plain text.
                    { name: "PGSSLMODE", value: "require" },
                    { name: "PGCONNECT_TIMEOUT", value: "10" },
                    { name: "PGAPPNAME", value: name },
                    { name: "HOME", value: "/tmp" },
                  ],
                  envFrom: [{ secretRef: { name: secret.metadata.name } }],
                  resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
                  securityContext: restrictedContainerSecurity(),
                  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
              ],
              volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
            },
          },
        },
      },
      { parent: this, deleteBeforeReplace: true, dependsOn: args.after },
    );
    this.registerOutputs({ jobName: this.job.metadata.name });
  }
}
