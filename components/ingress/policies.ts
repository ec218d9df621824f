import { denyInsecureTransport } from "../aws";

/**
 * Pure S3 policy documents for the ingress components, apart from the resources so they can be read and
 * tested without the mock engine. The IAM trust policies they share with other components are in `../aws`.
 */

/**
 * Bucket policy for ALB access logs. It grants the log-delivery service principal, which AWS documents for
 * every region and requires in regions opened since August 2022; the older per-region ELB account
 * principals (Seoul 600734575887, Tokyo 582318560864) are a legacy form that older regions still accept.
 * One principal for all regions keeps the component region-agnostic and free of an account-ID table.
 * Writes are limited to this account's prefix, so another account's load balancer cannot log here.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export function albAccessLogBucketPolicy(bucketArn: string, accountId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowElbLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
      },
      denyInsecureTransport("s3:*", [bucketArn, `${bucketArn}/*`]),
    ],
  };
}
