import { siteRoleOf, SiteRole, T } from "@dr-platform/model";
import { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, str } from "./read";

/**
 * Where a resource runs: the site role its provider gives it (the model's `siteRoleOf`: the program names
 * its providers aws-primary, aws-secondary, gcp-secondary, aws-global, by role and never by region).
 */
export type Role = SiteRole;

export const roleOf = (r: PolicyResource): Role | undefined =>
  r.provider ? siteRoleOf(r.provider.type, r.provider.name) : undefined;

export const onPrimary = (r: PolicyResource) => roleOf(r) === "primary";
export const onSecondary = (r: PolicyResource) => roleOf(r) === "secondary";

/** The catalogue's tokens (@dr-platform/model catalogue.ts): the rules never spell a type. */
export { ROOT_STACK_TYPE, T } from "@dr-platform/model";

/** The AZs of the subnets a resource references (its subnets are among its dependencies). */
export function subnetAzs(r: PolicyResource): string[] {
  const azs = dependenciesOf(r, T.subnet)
    .map((s) => str(s.props.availabilityZone))
    .filter((az): az is string => az !== undefined);
  return [...new Set(azs)].sort();
}
