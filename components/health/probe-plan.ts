import { parseConfig } from "../../health-check/src/config-schema";
import {
  DATABASE_CREDENTIAL_ENV,
  HttpsProbe,
  PostgresProbe,
  Probe,
  RegionalHealthConfig,
  SecretLogin,
  TcpProbe,
} from "../../health-check/src/contract";
import { hostAddress, mustParseCidr } from "../../lib/cidr";

export type {
  HttpsProbe,
  PostgresProbe,
  Probe,
  RegionalHealthConfig,
  SecretLogin,
  TcpProbe,
} from "../../health-check/src/contract";
export { DATABASE_CREDENTIAL_ENV };

/**
 * What a site's deep regional check probes, in the runtime's config contract (health-check/src/contract.ts,
 * docs/regional-health.md). Pure: the component fills in the Outputs; tests read the plan without rendering.
 *
 * Every target is the site's OWN: its database (any instance of its cluster), and the regional endpoints of
 * the cloud APIs it depends on. A probe that reached the other site would go red with Seoul and take the
 * secondary's check down with it, which blocks failover (Route 53 answers with the PRIMARY whenever the
 * SECONDARY is unhealthy: docs/sources.md#route-53-secondary-unhealthy).
 */

/**
 * The role-aware query on an Aurora global database: true only while the writer instance runs in `region`.
 * It runs on any instance of the cluster (`aurora_global_db_instance_status()` lists every instance of the
 * global database, the writer with session_id `MASTER_SESSION_ID`), so the reader endpoint is enough and an
 * in-Region writer failover does not change the answer. After a promotion in the other Region the old
 * primary answers false, so its check stays red and traffic does not return by itself.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora_global_db_instance_status.html
 */
export function auroraWriterInRegionQuery(region: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(`not an AWS Region: "${region}"`);
  }
  return (
    "SELECT coalesce(bool_or(session_id = 'MASTER_SESSION_ID' AND aws_region = " +
    `'${region}'), false) FROM aurora_global_db_instance_status()`
  );
}

/** What an AWS site's check probes. */
export interface AwsProbeTargets {
  /** The site's Region: the API endpoints probed are this Region's. */
  readonly region: string;
  /** The site's Aurora cluster's reader endpoint (any instance; the writer when there is no reader). */
  readonly databaseHost: string;
  readonly databasePort: number;
  /** The database the probe logs in to: the application's, so a green check proves its login. @default "postgres" */
  readonly databaseName?: string;
  /** Where the login comes from: a Secrets Manager secret read with Pod Identity. @default the environment */
  readonly login?: SecretLogin;
  /** Make the check role-aware: healthy only while this Region holds the global database's writer. */
  readonly writerOnly: boolean;
}

/** The AWS regional API endpoints a site depends on, by probe name. */
export const awsApiEndpoints = (region: string) =>
  ({
    queue: `sqs.${region}.amazonaws.com`,
    objects: `s3.${region}.amazonaws.com`,
    sts: `sts.${region}.amazonaws.com`,
  }) as const;

/** An AWS site's probes: its database, then SQS, S3 and STS in its own Region. */
export function awsSiteProbes(t: AwsProbeTargets): Probe[] {
  const database: PostgresProbe = {
    kind: "postgres",
    name: "database",
    host: t.databaseHost,
    port: t.databasePort,
    database: t.databaseName ?? "postgres",
    tls: "require",
    userEnv: DATABASE_CREDENTIAL_ENV.user,
    passwordEnv: DATABASE_CREDENTIAL_ENV.password,
    ...(t.login ? { login: t.login } : {}),
    ...(t.writerOnly ? { query: auroraWriterInRegionQuery(t.region) } : {}),
  };
  const apis = Object.entries(awsApiEndpoints(t.region)).map(
    ([name, host]): HttpsProbe => ({ kind: "https", name, host }),
  );
  return [database, ...apis];
}

/**
 * The resolver of a Google Cloud VM (and so of a GKE node's pods): the metadata server, which answers DNS on
 * 169.254.169.254 in every region.
 * @see https://cloud.google.com/compute/docs/internal-dns
 */
export const GCP_METADATA_RESOLVER = "169.254.169.254";

/** What a Google Cloud site's check probes. */
export interface GcpProbeTargets {
  readonly region: string;
  /** The Cloud SQL instance's private address, when the site has one. */
  readonly databaseAddress?: string;
  readonly databasePort?: number;
}

/** The Google Cloud API endpoints a site depends on, by probe name: Pub/Sub's regional one, and STS. */
export const gcpApiEndpoints = (region: string) =>
  ({
    queue: `${region}-pubsub.googleapis.com`,
    sts: "sts.googleapis.com",
  }) as const;

/**
 * A Google Cloud site's probes: its Cloud SQL instance by TCP (a DMS destination is read-only and the check
 * has no login there: docs/regional-health.md#google-cloud), then Pub/Sub in its own region and STS.
 */
export function gcpSiteProbes(t: GcpProbeTargets): Probe[] {
  const database: TcpProbe[] =
    t.databaseAddress === undefined
      ? []
      : [{ kind: "tcp", name: "database", host: t.databaseAddress, port: t.databasePort ?? 5432 }];
  const apis = Object.entries(gcpApiEndpoints(t.region)).map(
    ([name, host]): HttpsProbe => ({ kind: "https", name, host }),
  );
  return [...database, ...apis];
}

/**
 * Problems with a rendered config, every one at once with its key path: the runtime's own schema
 * (health-check/src/config.ts), so the plan fails where the pod would refuse to start.
 */
export function configProblems(config: RegionalHealthConfig): string[] {
  const parsed = parseConfig(JSON.stringify(config));
  return parsed.ok ? [] : [...parsed.problems];
}

/**
 * The Amazon-provided DNS server of a VPC: its base address plus two. Asking it directly is what the 2018
 * event broke; Route 53 Resolver also answers on 169.254.169.253, but only from Nitro instances.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html
 */
export function vpcResolverAddress(vpcCidr: string): string {
  return hostAddress(mustParseCidr(vpcCidr), 2);
}
