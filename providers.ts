import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { StackConfig } from "./config";
import { gcpLabels, standardTags } from "./components/naming";

/**
 * The explicit providers every resource is placed with. Built once here and passed down; the project
 * sets `pulumi:disable-default-providers` so nothing can land in an ambient region or project.
 * Logical names name the role (primary/secondary), never the region, so moving the secondary from
 * Tokyo to another region changes a provider input, not the URNs of everything below it.
 */
export interface Providers {
  /** The primary AWS site (Seoul in the shipped stacks). */
  readonly primary: aws.Provider;
  /** The AWS secondary site, when `secondary.cloud` is aws. */
  readonly secondaryAws?: aws.Provider;
  /** The Google Cloud secondary site, when `secondary.cloud` is gcp. */
  readonly secondaryGcp?: gcp.Provider;
}

export function buildProviders(cfg: StackConfig): Providers {
  const tags = standardTags({ ...cfg.tags, environment: cfg.environment, stack: cfg.stack });
  const awsProvider = (name: string, region: string) => new aws.Provider(name, { region, defaultTags: { tags } });

  const primary = awsProvider("aws-primary", cfg.primary.region);
  if (cfg.secondary.cloud === "aws") {
    return { primary, secondaryAws: awsProvider("aws-secondary", cfg.secondary.site.region) };
  }
  const secondaryGcp = new gcp.Provider("gcp-secondary", {
    project: cfg.secondary.site.project,
    region: cfg.secondary.site.region,
    defaultLabels: gcpLabels(tags),
  });
  return { primary, secondaryGcp };
}
