import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as random from "@pulumi/random";
import { StackConfig } from "./config";
import { gcpLabels, standardTags } from "./components/naming";
import { AwsSiteConfig, GcpSecondary } from "./stack-config";

/** The AWS secondary site's config with the provider that places it. */
export interface AwsSecondaryPlacement {
  readonly cloud: "aws";
  readonly provider: aws.Provider;
  readonly site: AwsSiteConfig;
}

/** The GCP secondary site's config with the provider that places it. */
export interface GcpSecondaryPlacement {
  readonly cloud: "gcp";
  readonly provider: gcp.Provider;
  readonly site: GcpSecondary["site"];
}

/**
 * The explicit providers every resource is placed with. Built once here and passed down; the project
 * sets `pulumi:disable-default-providers` so nothing can land in an ambient region or project.
 * Logical names name the role (primary/secondary), never the region, so moving the secondary from
 * Tokyo to another region changes a provider input, not the URNs of everything below it.
 */
export interface Providers {
  /** The primary AWS site (Seoul in the shipped stacks). */
  readonly primary: aws.Provider;
  /** The secondary site `secondary.cloud` selects, with its provider. */
  readonly secondary: AwsSecondaryPlacement | GcpSecondaryPlacement;
  /** Generated values (the database master password); region-less, shared by every site. */
  readonly random: random.Provider;
  /**
   * us-east-1, for what AWS keeps there whatever the sites' regions: Route 53 health checks and their
   * CloudWatch metrics (so the alarms on them), and the failover records.
   */
  readonly global: aws.Provider;
  /**
   * The AWS region the primary's backups are copied to: the AWS secondary's provider, or with a Google
   * Cloud secondary one of its own in `database.backupCopyRegion`.
   */
  readonly backupCopy: aws.Provider;
}

export function buildProviders(cfg: StackConfig): Providers {
  const tags = standardTags({ ...cfg.tags, environment: cfg.environment, stack: cfg.stack });
  const awsProvider = (name: string, region: string) => new aws.Provider(name, { region, defaultTags: { tags } });

  const primary = awsProvider("aws-primary", cfg.primary.region);
  const randomProvider = new random.Provider("random");
  const global = awsProvider("aws-global", "us-east-1");
  if (cfg.secondary.cloud === "aws") {
    const site = cfg.secondary.site;
    const provider = awsProvider("aws-secondary", site.region);
    return {
      primary,
      secondary: { cloud: "aws", provider, site },
      random: randomProvider,
      global,
      backupCopy: provider,
    };
  }
  const site = cfg.secondary.site;
  const provider = new gcp.Provider("gcp-secondary", {
    project: site.project,
    region: site.region,
    defaultLabels: gcpLabels(tags),
  });
  return {
    primary,
    secondary: { cloud: "gcp", provider, site },
    random: randomProvider,
    global,
    backupCopy: awsProvider("aws-backup-copy", cfg.database.backupCopyRegion),
  };
}
