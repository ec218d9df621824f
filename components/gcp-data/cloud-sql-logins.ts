import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { DATABASE_PASSWORD } from "../data/database-credentials";
import { physicalName } from "../naming";

/** What {@link createCloudSqlLogins} makes secrets for. */
export interface CloudSqlLoginsArgs {
  /** The Region the secrets' only replica lives in: the instance's. */
  readonly region: string;
  /** The instance's private IP: the application secret's host. */
  readonly host: pulumi.Input<string>;
  readonly application: { readonly username: string; readonly database: string };
  /** Keep the secrets and passwords when the stack is destroyed. */
  readonly protect: boolean;
  readonly labels?: Record<string, string>;
}

export interface CloudSqlLogins {
  /** The instance's `postgres` password, which the promotion workflow sets on the promoted instance. */
  readonly adminPasswordSecret: gcp.secretmanager.Secret;
  /** The application's login (JSON: engine, username, password, host, port, dbname), as on AWS. */
  readonly applicationSecret: gcp.secretmanager.Secret;
}

/**
 * The Cloud SQL instance's logins in Secret Manager, made at deploy time although a DMS destination has no
 * users until it is promoted: the passwords exist before the event, so the application (which reads its secret
 * through Workload Identity) and the after-promotion job never wait for one. Kept in the instance's Region only.
 */
export function createCloudSqlLogins(parent: pulumi.Resource, name: string, args: CloudSqlLoginsArgs): CloudSqlLogins {
  const stack = pulumi.getStack();
  const kept = { parent, protect: args.protect };
  const replication = { userManaged: { replicas: [{ location: args.region }] } };
  const secret = (login: string, value: pulumi.Input<string>) => {
    const s = new gcp.secretmanager.Secret(
      `${name}-${login}`,
      { secretId: physicalName(`${name}-${login}`, stack), replication, labels: args.labels },
      kept,
    );
    new gcp.secretmanager.SecretVersion(
      `${name}-${login}`,
      { secret: s.id, secretData: pulumi.secret(value) },
      { parent },
    );
    return s;
  };
  const password = (login: string) => new random.RandomPassword(`${name}-${login}`, DATABASE_PASSWORD, kept).result;
  const appPassword = password("app");
  return {
    adminPasswordSecret: secret("admin", password("admin")),
    applicationSecret: secret(
      "app",
      pulumi.all([appPassword, args.host]).apply(([pw, host]) =>
        JSON.stringify({
          engine: "postgres",
          username: args.application.username,
          password: pw,
          host,
          port: 5432,
          dbname: args.application.database,
        }),
      ),
    ),
  };
}
