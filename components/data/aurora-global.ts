import { GLOBAL_RPO_MINIMUM_SECONDS, GLOBAL_RPO_PARAMETER } from "../../lib/aurora";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";

/** Arguments of {@link AuroraGlobalCluster}. Its home region is its provider's (the primary's). */
export interface AuroraGlobalClusterArgs {
  /** Aurora PostgreSQL version every member runs; required, never defaulted. */
  readonly engineVersion: string;
  readonly deletionProtection: boolean;
  /** Pulumi `protect` on the global cluster. */
  readonly protect: boolean;
}

/**
 * AuroraGlobalCluster is the handle of an Aurora Global Database: the primary and secondary `Aurora`
 * clusters join it with `global: { role, globalClusterIdentifier }`. Storage-level replication keeps the
 * secondary typically under a second behind; a managed switchover loses nothing and a failover takes
 * about a minute. Its writer endpoint follows the primary role through a switchover or failover, so
 * applications never change connection strings.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-connecting.html
 */
export class AuroraGlobalCluster extends pulumi.ComponentResource {
  public readonly globalClusterIdentifier: pulumi.Output<string>;
  /** The global writer endpoint: always the current primary region's writer. */
  public readonly writerEndpoint: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  /** The resource, for `dependsOn`. */
  public readonly globalCluster: aws.rds.GlobalCluster;
  public readonly engineVersion: string;

  constructor(name: string, args: AuroraGlobalClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:AuroraGlobalCluster", name, {}, opts);
    this.engineVersion = args.engineVersion;
    this.globalCluster = new aws.rds.GlobalCluster(
      name,
      {
        globalClusterIdentifier: physicalName(name, pulumi.getStack()),
        engine: "aurora-postgresql",
        engineVersion: args.engineVersion,
        storageEncrypted: true,
        deletionProtection: args.deletionProtection,
      },
      { parent: this, protect: args.protect },
    );
    this.globalClusterIdentifier = this.globalCluster.id;
    this.writerEndpoint = this.globalCluster.endpoint;
    this.arn = this.globalCluster.arn;
    this.registerOutputs({
      globalClusterIdentifier: this.globalClusterIdentifier,
      writerEndpoint: this.writerEndpoint,
      arn: this.arn,
    });
  }
}

/**
 * The cluster parameter that bounds the global database's RPO at `seconds` (docs/sources.md#aurora-global-rpo-bound),
 * for the current primary's parameter group. Dynamic: applied at once.
 */
export function globalRpoParameter(seconds: number): { name: string; value: string; applyMethod: "immediate" } {
  if (!Number.isInteger(seconds) || seconds < GLOBAL_RPO_MINIMUM_SECONDS) {
    throw new RangeError(
      `${GLOBAL_RPO_PARAMETER} takes whole seconds from ${GLOBAL_RPO_MINIMUM_SECONDS}, got ${seconds}`,
    );
  }
  return { name: GLOBAL_RPO_PARAMETER, value: String(seconds), applyMethod: "immediate" };
}
