import { SecondaryCloud } from "../../stack-config/schema";
import { awsSecondary } from "./aws";
import { gcpSecondary } from "./gcp";
import { SecondaryModule, SecondaryRegistry } from "./seam";

export * from "./seam";
export * from "../../stack-config/site-shape";
export { awsSecondary } from "./aws";
export { gcpSecondary } from "./gcp";

/**
 * The secondary clouds the program ships, by `secondary.cloud`. A program may pass a registry with more
 * (a test registers a third); adding a cloud for real is docs/adding-a-secondary-cloud.md.
 */
export const SECONDARY_MODULES: SecondaryRegistry & Readonly<Record<SecondaryCloud, SecondaryModule>> = {
  aws: awsSecondary,
  gcp: gcpSecondary,
};
