import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import {
  AFTER_PROMOTION_VARIABLES,
  afterPromotionSql,
  databaseSetupImage,
  DEFAULT_SEQUENCE_GAP,
  DMS_OBJECT_OWNER,
  psqlCommand,
  SCRIPT_ENV,
  variableEnv,
} from "../database-setup";
import { physicalName } from "../naming";

/** Arguments of {@link AfterPromotionJob}. Project and region are its provider's: pass `providers: { gcp }`. */
export interface AfterPromotionJobArgs {
  readonly region: string;
  /** The network and subnetwork the job reaches Cloud SQL's private IP from (direct VPC egress). */
  readonly network: pulumi.Input<string>;
  readonly subnetwork: pulumi.Input<string>;
  /** The Cloud SQL instance's private IP. */
  readonly host: pulumi.Input<string>;
  /** The application's login and database: the same names as on Aurora, so the migrated grants still read true. */
  readonly application: { readonly username: string; readonly database: string };
  /** The instance's secrets (`CloudSqlPostgres.logins`): the `postgres` password and the application's login. */
  readonly secrets: { readonly admin: gcp.secretmanager.Secret; readonly application: gcp.secretmanager.Secret };
  /** Past the highest migrated key each sequence restarts. @default {@link DEFAULT_SEQUENCE_GAP} */
  readonly sequenceGap?: number;
  readonly labels?: Record<string, string>;
}

/** The script the job runs: the application secret's password read out of its JSON, then the shared script. */
export function afterPromotionJobScript(): string {
  return `SELECT (:'app_secret'::json)->>'password' AS app_password \\gset\n${afterPromotionSql()}`;
}

/** The job's psql variables: the application secret instead of a bare password. */
export const AFTER_PROMOTION_JOB_VARIABLES = [
  ...AFTER_PROMOTION_VARIABLES.filter((v) => v !== "app_password"),
  "app_secret",
] as const;

/**
 * AfterPromotionJob readies the promoted Cloud SQL instance for the application, from secrets made at deploy
 * time (components/gcp-data/cloud-sql-logins.ts): a Cloud Run job that runs the after-promotion script
 * (components/database-setup) against the instance over direct VPC egress. DMS keeps the destination a
 * read-only replica with no users of the platform's own until promotion, so the login itself can only be
 * created afterwards; the workflow runs this job right after it promotes.
 * @see https://cloud.google.com/run/docs/configuring/vpc-direct-vpc
 */
export class AfterPromotionJob extends pulumi.ComponentResource {
  /** The Cloud Run job's full name (`projects/<p>/locations/<r>/jobs/<id>`), which the workflow runs. */
  public readonly jobName: pulumi.Output<string>;
  /** The secret (`projects/<p>/secrets/<id>`) with the instance's `postgres` password. */
  public readonly adminPasswordSecret: pulumi.Output<string>;
  /** The application's secret (`projects/<p>/secrets/<id>`): what an application on GKE reads. */
  public readonly applicationSecret: pulumi.Output<string>;
  /** The service account the job runs as. */
  public readonly serviceAccountEmail: pulumi.Output<string>;

  constructor(name: string, args: AfterPromotionJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpdms:AfterPromotionJob", name, {}, opts);
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const admin = args.secrets.admin;
    const app = args.secrets.application;

    const account = new gcp.serviceaccount.Account(
      `${name}-run`,
      {
        accountId: physicalName(`${name}-run`, stack, 30),
        displayName: "Runs the after-promotion database setup",
      },
      parent,
    );
    const member = pulumi.interpolate`serviceAccount:${account.email}`;
    const readers = [admin, app].map(
      (s, i) =>
        new gcp.secretmanager.SecretIamMember(
          `${name}-run-reads-${i === 0 ? "admin" : "app"}`,
          { secretId: s.id, role: "roles/secretmanager.secretAccessor", member },
          parent,
        ),
    );

    const variables: Record<(typeof AFTER_PROMOTION_JOB_VARIABLES)[number], string | undefined> = {
      app_user: args.application.username,
      app_database: args.application.database,
      source_owner: DMS_OBJECT_OWNER,
      sequence_gap: String(args.sequenceGap ?? DEFAULT_SEQUENCE_GAP),
      app_secret: undefined, // from Secret Manager, below
    };
    const [command, ...commandArgs] = psqlCommand(AFTER_PROMOTION_JOB_VARIABLES);
    const fromSecret = (envName: string, s: gcp.secretmanager.Secret) => ({
      name: envName,
      valueSource: { secretKeyRef: { secret: s.secretId, version: "latest" } },
    });
    const job = new gcp.cloudrunv2.Job(
      name,
      {
        name: physicalName(name, stack),
        location: args.region,
        labels: args.labels,
        // The platform owns its lifecycle; a teardown must be able to remove it.
        deletionProtection: false,
        template: {
          taskCount: 1,
          template: {
            serviceAccount: account.email,
            maxRetries: 3,
            timeout: "600s",
            vpcAccess: {
              networkInterfaces: [{ network: args.network, subnetwork: args.subnetwork }],
              egress: "PRIVATE_RANGES_ONLY",
            },
            containers: [
              {
                image: databaseSetupImage("cloudRun"),
                commands: [command as string],
                args: commandArgs,
                envs: [
                  { name: "PGHOST", value: args.host },
                  { name: "PGPORT", value: "5432" },
                  { name: "PGDATABASE", value: "postgres" },
                  { name: "PGUSER", value: "postgres" },
                  { name: "PGSSLMODE", value: "require" },
                  { name: "PGCONNECT_TIMEOUT", value: "10" },
                  { name: SCRIPT_ENV, value: afterPromotionJobScript() },
                  fromSecret("PGPASSWORD", admin),
                  fromSecret(variableEnv("app_secret"), app),
                  ...Object.entries(variables)
                    .filter((e): e is [string, string] => e[1] !== undefined)
                    .map(([k, v]) => ({ name: variableEnv(k), value: v })),
                ],
                resources: { limits: { cpu: "1", memory: "512Mi" } },
              },
            ],
          },
        },
      },
      { parent: this, dependsOn: readers },
    );

    this.jobName = job.id;
    this.adminPasswordSecret = admin.id;
    this.applicationSecret = app.id;
    this.serviceAccountEmail = account.email;
    this.registerOutputs({ jobName: this.jobName, applicationSecret: this.applicationSecret });
  }
}
