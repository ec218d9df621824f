import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDatabaseCredentials, DatabaseCredentialsArgs, writeConnectionSecret } from "./database-credentials";

/** The logins a cluster with credentials of its own holds (not a global secondary, which replicates them). */
export interface ClusterLoginsArgs extends DatabaseCredentialsArgs {
  readonly masterUsername: string;
  /** The application's login and database. @default none */
  readonly application?: { readonly username: string; readonly database: string };
  /** A replication login for a Google DMS job. @default none */
  readonly replicationUsername?: string;
}

/** A login as the cluster's users read it: the password is secret in the state and the plan. */
export interface Login {
  readonly username: string;
  readonly password: pulumi.Output<string>;
  readonly secretArn: pulumi.Output<string>;
}

export interface ClusterLogins {
  readonly master: Login;
  readonly application?: Login & { readonly database: string };
  readonly replication?: Login;
  /**
   * Writes every login's connection secret once the writer is known: the global writer endpoint in a global
   * database, so an application reading a secret (or its replica in the other Region) follows a promotion.
   */
  writeSecrets(writer: { host: pulumi.Input<string>; port: pulumi.Input<number> }): {
    /** The master secret's first version: a rotation starts from it. */
    readonly master: aws.secretsmanager.SecretVersion;
  };
}

/** The cluster's generated logins, each with its Secrets Manager secret (database-credentials.ts). */
export function createClusterLogins(name: string, args: ClusterLoginsArgs, parent: pulumi.Resource): ClusterLogins {
  // Only the master rotates: the application and DMS hold their passwords, and DMS's replication user is its
  // own so that a rotation never breaks replication (docs/security.md#credential-rotation).
  const master = createDatabaseCredentials(name, "master", args, parent);
  const unrotated = { ...args, rotated: false };
  const app = args.application && createDatabaseCredentials(name, "app", unrotated, parent);
  const replication =
    args.replicationUsername === undefined
      ? undefined
      : createDatabaseCredentials(name, "replication", unrotated, parent);
  const login = (c: typeof master, username: string): Login => ({
    username,
    password: pulumi.secret(c.password),
    secretArn: c.secret.arn,
  });
  return {
    master: login(master, args.masterUsername),
    application: app &&
      args.application && { ...login(app, args.application.username), database: args.application.database },
    replication:
      replication && args.replicationUsername !== undefined ? login(replication, args.replicationUsername) : undefined,
    writeSecrets(writer) {
      const masterVersion = writeConnectionSecret(name, master, { username: args.masterUsername, ...writer }, parent);
      if (app && args.application) {
        writeConnectionSecret(
          name,
          app,
          { ...writer, username: args.application.username, dbname: args.application.database },
          parent,
        );
      }
      if (replication && args.replicationUsername !== undefined) {
        writeConnectionSecret(name, replication, { username: args.replicationUsername, ...writer }, parent);
      }
      return { master: masterVersion };
    },
  };
}
