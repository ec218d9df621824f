import { GraphResource, T } from "@dr-platform/model";

/**
 * Resource types with no charge of their own: configuration of something priced elsewhere (a subnet of
 * a VPC, a listener of a load balancer, an IAM role), or objects that run on priced nodes. A type that
 * is in none of the rule tables is reported as unknown, never assumed free.
 */

const CONFIG = "configuration only; no charge of its own";
const VPC =
  "part of the VPC: 'There is no additional charge for creating and using the VPC itself' (aws.amazon.com/vpc/pricing)";
const IAM = "IAM identity or permission; no charge of its own";
const ON_NODES = "runs as pods on the cluster's nodes, which are priced";
const VPN_PART = "part of the VPN; the connection or tunnel hours are priced";
const GATEWAY_CONFIG = "configuration read by the GKE Gateway controller; the load balancer is priced with the Gateway";

const BY_TYPE: Readonly<Record<string, string>> = {
  [T.vpc]: VPC,
  [T.subnet]: VPC,
  [T.routeTable]: VPC,
  [T.route]: VPC,
  [T.routeTableAssociation]: VPC,
  [T.internetGateway]: VPC,
  [T.securityGroup]: VPC,
  [T.defaultSecurityGroup]: VPC,
  [T.sgIngressRule]: VPC,
  [T.sgEgressRule]: VPC,
  [T.launchTemplate]: "a template; the instances it launches are priced with their node group",
  [T.vpnGateway]: VPN_PART,
  [T.customerGateway]: VPN_PART,
  [T.vpnRoutePropagation]: VPN_PART,
  [T.iamRole]: IAM,
  [T.iamRolePolicy]: IAM,
  [T.iamRolePolicyAttachment]: IAM,
  [T.iamPolicy]: IAM,
  [T.iamServiceLinkedRole]: IAM,
  [T.kmsAlias]: "a name for a key; the key is priced",
  [T.eksAddon]: `${ON_NODES} (EKS add-ons have no fee of their own)`,
  [T.eksPodIdentity]: IAM,
  [T.eksAccessEntry]: IAM,
  [T.eksAccessPolicyAssociation]: IAM,
  [T.listener]: "part of the load balancer, which is priced",
  [T.targetGroup]: "part of the load balancer, which is priced",
  [T.listenerRule]: "part of the load balancer, which is priced",
  [T.rdsSubnetGroup]: CONFIG,
  [T.rdsClusterParameterGroup]: CONFIG,
  [T.rdsParameterGroup]: CONFIG,
  [T.globalCluster]: "the container of the member clusters, which are priced",
  [T.bucketLifecycle]: CONFIG,
  [T.bucketLogging]: "configuration; the log objects are the target bucket's usage",
  [T.bucketOwnership]: CONFIG,
  [T.bucketPolicy]: CONFIG,
  [T.publicAccessBlock]: CONFIG,
  [T.bucketSse]: CONFIG,
  [T.bucketVersioning]: "configuration; old versions are the bucket's storage usage",
  [T.queuePolicy]: CONFIG,
  [T.redriveAllowPolicy]: CONFIG,
  [T.topicSubscription]: "configuration; deliveries are the topic's usage",
  [T.topicPolicy]: CONFIG,
  [T.secretVersion]: "a value of the secret, which is priced",
  [T.certificateValidation]: "a wait for validation; no cloud resource",
  [T.backupSelection]: "configuration; the recovery points are the vault's usage",
  [T.awsScheduleGroup]: CONFIG,
  [T.logResourcePolicy]: CONFIG,
  [T.gcpNetwork]: "a VPC network; its subnets, NAT and tunnels are priced",
  [T.gcpRouter]: "Cloud Router; the NAT and tunnels using it are priced",
  [T.gcpRouterInterface]: VPN_PART,
  [T.gcpRouterPeer]: VPN_PART,
  [T.gcpHaVpnGateway]: VPN_PART,
  [T.gcpExternalVpnGateway]: VPN_PART,
  [T.gcpPeeringRoutes]: CONFIG,
  [T.gcpSslPolicy]: "configuration of the load balancer, which is priced",
  [T.gcpFirewall]: CONFIG,
  [T.gcpServiceNetworking]: CONFIG,
  [T.gcpServiceAccount]: IAM,
  [T.gcpServiceAccountIamMember]: IAM,
  [T.gcpProjectIamMember]: IAM,
  [T.gcpCustomRole]: IAM,
  [T.gcpProjectService]: CONFIG,
  [T.gcpKeyRing]: "a container of keys; the keys are priced",
  [T.gcpCryptoKeyIamMember]: IAM,
  [T.gcpTopicIamMember]: IAM,
  [T.gcpSubscriptionIamMember]: IAM,
  [T.gcpBucketIamMember]: IAM,
  [T.gcpNotificationChannel]: "configuration; Cloud Monitoring bills alerting per condition",
  [T.connectionProfile]: "configuration of the migration job",
  [T.gcpCertificateMap]: "a container of certificate map entries, which are metered",
  [T.httpRoute]: GATEWAY_CONFIG,
  [T.referenceGrant]: GATEWAY_CONFIG,
  [T.healthCheckPolicy]: GATEWAY_CONFIG,
  [T.gcpBackendPolicy]: GATEWAY_CONFIG,
  [T.gcpGatewayPolicy]: GATEWAY_CONFIG,
  [T.targetGroupBinding]: "binds pods to the priced load balancer",
  [T.webAclAssociation]: "attaches the priced web ACL to a load balancer",
  [T.webAclLogging]: "configuration; the log group's ingestion is its usage",
  [T.secretRotation]: "a schedule; the rotation function's invocations are the application's usage",
  [T.eventRule]: "a rule on the default event bus matching AWS service events, which EventBridge does not charge for",
  [T.eventTarget]: "configuration of the rule",
  [T.dataSyncObjectStorage]: "a location of the priced DataSync task",
  [T.dataSyncS3Location]: "a location of the priced DataSync task",
  [T.gcpServiceIdentity]: IAM,
  [T.gcpSecretIamMember]: IAM,
  [T.gcpSecretVersion]: "a value of the secret, which is priced",
  [T.gcpHmacKey]: "a credential of a service account; no charge of its own",
};

/** Why a resource has no charge of its own, or undefined when the model has no such verdict for it. */
export function notBilledReason(r: GraphResource): string | undefined {
  const known = BY_TYPE[r.type];
  if (known !== undefined) {
    return known;
  }
  if (r.type.startsWith("random:")) {
    return "generated by Pulumi; no cloud resource";
  }
  if (r.type.startsWith("kubernetes:")) {
    return ON_NODES;
  }
  return undefined;
}
