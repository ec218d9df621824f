import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { StackConfig } from "./config";
import { standardTags } from "./components/naming";

/**
 * The explicit providers every resource is placed with. Built once here (the secondary's by its module in
 * wiring/secondary/, from the factory below) and passed down; the project sets
 * `pulumi:disable-default-providers` so nothing can land in an ambient region or project.
 * Logical names name the role (primary/secondary), never the region, so moving the secondary from
 * Tokyo to another region changes a provider input, not the URNs of everything below it.
 */
export interface Providers {
  /** The primary AWS site (Seoul in the shipped stacks). */
  readonly primary: aws.Provider;
  /** Generated values (the database master password); region-less, shared by every site. */
  readonly random: random.Provider;
  /**
   * us-east-1, for what AWS keeps there whatever the sites' regions: Route 53 health checks and their
   * CloudWatch metrics (so the alarms on them), and the failover records.
   */
  readonly global: aws.Provider;
  /** The stack's standard tags, which every provider applies by default (GCP as labels). */
  readonly tags: Readonly<Record<string, string>>;
  /** A new AWS provider for `region` with the stack's default tags; `name` names its role. */
  aws(name: string, region: string): aws.Provider;
}

export function buildProviders(cfg: StackConfig): Providers {
  const tags = standardTags({ ...cfg.tags, environment: cfg.environment, stack: cfg.stack });
  const awsProvider = (name: string, region: string) => new aws.Provider(name, { region, defaultTags: { tags } });
  return {
    primary: awsProvider("aws-primary", cfg.primary.region),
    random: new random.Provider("random"),
    global: awsProvider("aws-global", "us-east-1"),
    tags,
    aws: awsProvider,
  };
}
