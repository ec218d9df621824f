/**
 * Pure IAM and S3 policy documents for the ingress components, apart from the resources so they can be
 * read and tested without the mock engine.
 */

/**
 * Trust policy of a role that EKS Pod Identity hands to one service account. `sts:TagSession` is required:
 * Pod Identity tags every session (cluster, namespace, service account, pod), and this policy uses those
 * tags so that no other service account can be associated with the role and receive its credentials.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityTrustPolicy(namespace: string, serviceAccount: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: {
            "aws:RequestTag/kubernetes-namespace": [namespace],
            "aws:RequestTag/kubernetes-service-account": [serviceAccount],
          },
        },
      },
    ],
  };
}

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
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
