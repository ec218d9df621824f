import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsSite, GcpSite } from "../../components";
import { BackupVault } from "../../components/data";
import { DnsFailover, SiteTarget } from "../../components/dns";
import { FaultExperimentsArgs } from "../../components/resilience";
import { OffHours } from "../../components/schedules";
import { StackConfig } from "../../config";
import { Providers } from "../../providers";
import { ClusterDrills } from "../drills";
import { PrimaryDrLinks } from "../site-args";
import { ShapeTable, SiteShape } from "../../stack-config/site-shape";
import type { ReplicationLinks } from "../../components/alarms";

/**
 * The seam between the composition root and a secondary cloud (docs/adding-a-secondary-cloud.md): one module
 * per cloud implements {@link SecondaryModule}; index.ts picks it from a registry by `secondary.cloud`, and
 * nothing outside the module asks which cloud the secondary is on.
 */

/** The secondary site the shipped modules build, discriminated by cloud. */
export type SecondarySite =
  | { readonly cloud: "aws"; readonly site: AwsSite }
  | { readonly cloud: "gcp"; readonly site: GcpSite };

/** Any module's site: the shipped ones are a {@link SecondarySite}; another cloud's is its own component. */
export interface AnySecondarySite {
  readonly cloud: string;
  readonly site: pulumi.ComponentResource;
}

/** What a module is handed: the validated config, the DR mode's shape on this cloud, the shared providers. */
export interface SecondaryInput {
  readonly cfg: StackConfig;
  readonly shape: SiteShape;
  readonly providers: Providers;
}

/** One secondary cloud: everything the stack builds differently because the secondary is on it. */
export interface SecondaryModule<S extends AnySecondarySite = AnySecondarySite> {
  /** The `secondary.cloud` value this module answers to. */
  readonly cloud: S["cloud"];
  /** What the secondary runs in each DR mode (pure data; the config rules read the same table). */
  readonly shapes: ShapeTable;
  /**
   * Places the secondary: builds its providers, once, and what must exist before the primary (the AWS
   * module's global database). Reads this cloud's block of `cfg.secondary`.
   */
  place(input: SecondaryInput): PlacedSecondary<S>;
}

/** A placed secondary, before the primary exists. */
export interface PlacedSecondary<S extends AnySecondarySite = AnySecondarySite> {
  /** The secondary's region, as its outputs and drills name it. */
  readonly region: string;
  /** The AWS region the primary's backups are copied to: outside the primary region whatever the cloud. */
  readonly backupCopy: aws.Provider;
  /** What the primary site is created with for this secondary (global membership, DMS source, secret replica). */
  primaryLinks(): Omit<PrimaryDrLinks, "backupCopyTo">;
  /** Pure: the site component's arguments (a secondary may join what the primary writes, so it gets the primary). */
  siteArgs(primary: AwsSite): unknown;
  /** Creates the site, named `secondary` (the config's site key), once the primary exists. */
  create(primary: AwsSite, handles: { readonly backupVault: BackupVault }): BuiltSecondary<S>;
}

/** What the secondary's part of the `database` stack output says. */
export interface DatabaseLinkOutputs {
  readonly globalClusterIdentifier?: pulumi.Output<string>;
  /** The writer endpoint applications should use when it is not the primary's own (a global writer endpoint). */
  readonly writerEndpoint?: pulumi.Output<string>;
  readonly migrationJobName?: pulumi.Output<string>;
  /** The Google Cloud promotion workflow's name (`gcloud workflows run`). */
  readonly promotionWorkflow?: pulumi.Output<string>;
  /** The Secret Manager secret applications on the Google Cloud side read after a promotion. */
  readonly applicationSecret?: pulumi.Output<string>;
}

/** The secondary's drills: its serving cluster's, and what the primary's region-isolation drill cuts off. */
export interface SecondaryDrills {
  readonly cluster?: ClusterDrills;
  readonly regionIsolation?: FaultExperimentsArgs["regionIsolation"];
}

/** A created secondary site and its parts. */
export interface BuiltSecondary<S extends AnySecondarySite = AnySecondarySite> {
  readonly secondary: S;
  /** Cross-site links from the primary: replication, VPN, migration. */
  link(): void;
  /** What DNS failover points at when the primary fails: undefined when the secondary does not serve. */
  trafficTarget(): SiteTarget | undefined;
  /**
   * What brings data and capacity behind the DNS move (the AWS module's ARC Region switch plan and what starts
   * it), if anything. `alarmTopicArn` is the us-east-1 topic that pages for the failover path.
   */
  failover(dns: DnsFailover, alarmTopicArn: pulumi.Input<string>): void;
  /** Its replication links from the primary, for the replication dashboard (after `link()`). */
  replication(): pulumi.Output<Omit<ReplicationLinks, "healthChecks">>;
  /** The `secondarySite` stack output, and the secondary's part of the `database` output. */
  outputs(): { readonly site: Record<string, unknown>; readonly database: DatabaseLinkOutputs };
  /** Creates the drills of the secondary's serving cluster, when the config turns them on. */
  drills(): SecondaryDrills;
  /** Creates the secondary's off-hours schedule for the targets that act on this cloud, if any. */
  schedule(hours: OffHours, targets: ReadonlySet<string>): pulumi.Resource | undefined;
}

/** The modules a program can pick from, by `secondary.cloud`. */
export type SecondaryRegistry = Readonly<Record<string, SecondaryModule>>;

/** The module for `cloud`: a registry without one is a programming error, not a config problem (the schema checks the value). */
export function secondaryModule(registry: SecondaryRegistry, cloud: string): SecondaryModule {
  const module = registry[cloud];
  if (module === undefined || module.cloud !== cloud) {
    throw new Error(`no secondary module for cloud "${cloud}" (registered: ${Object.keys(registry).join(", ")})`);
  }
  return module;
}
