/**
 * The regions Route 53 runs health checkers in (the API's `HealthCheckRegion` values; a check uses 3 to 8 of
 * them, all eight when `Regions` is unset). Seoul is not one: the checkers look at Seoul from outside it, which
 * is what lets them see a Seoul-wide outage. One list for the component, the DR model and the tests.
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
export const ROUTE53_CHECKER_REGIONS = [
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "sa-east-1",
] as const;
