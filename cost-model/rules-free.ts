import { GraphResource } from "../tools/offline/graph";

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

const BY_TYPE: Readonly<Record<string, string>> = {
  "aws:ec2/vpc:Vpc": VPC,
  "aws:ec2/subnet:Subnet": VPC,
  "aws:ec2/routeTable:RouteTable": VPC,
  "aws:ec2/route:Route": VPC,
  "aws:ec2/routeTableAssociation:RouteTableAssociation": VPC,
  "aws:ec2/internetGateway:InternetGateway": VPC,
  "aws:ec2/securityGroup:SecurityGroup": VPC,
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": VPC,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": VPC,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": VPC,
  "aws:ec2/launchTemplate:LaunchTemplate": "a template; the instances it launches are priced with their node group",
  "aws:ec2/vpnGateway:VpnGateway": VPN_PART,
  "aws:ec2/customerGateway:CustomerGateway": VPN_PART,
  "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation": VPN_PART,
  "aws:iam/role:Role": IAM,
  "aws:iam/rolePolicy:RolePolicy": IAM,
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": IAM,
  "aws:iam/policy:Policy": IAM,
  "aws:iam/serviceLinkedRole:ServiceLinkedRole": IAM,
  "aws:kms/alias:Alias": "a name for a key; the key is priced",
  "aws:eks/addon:Addon": `${ON_NODES} (EKS add-ons have no fee of their own)`,
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": IAM,
  "aws:eks/accessEntry:AccessEntry": IAM,
  "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": IAM,
  "aws:lb/listener:Listener": "part of the load balancer, which is priced",
  "aws:lb/targetGroup:TargetGroup": "part of the load balancer, which is priced",
  "aws:lb/listenerRule:ListenerRule": "part of the load balancer, which is priced",
  "aws:rds/subnetGroup:SubnetGroup": CONFIG,
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": CONFIG,
  "aws:rds/parameterGroup:ParameterGroup": CONFIG,
  "aws:rds/globalCluster:GlobalCluster": "the container of the member clusters, which are priced",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": CONFIG,
  "aws:s3/bucketLogging:BucketLogging": "configuration; the log objects are the target bucket's usage",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": CONFIG,
  "aws:s3/bucketPolicy:BucketPolicy": CONFIG,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": CONFIG,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": CONFIG,
  "aws:s3/bucketVersioning:BucketVersioning": "configuration; old versions are the bucket's storage usage",
  "aws:sqs/queuePolicy:QueuePolicy": CONFIG,
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": CONFIG,
  "aws:sns/topicSubscription:TopicSubscription": "configuration; deliveries are the topic's usage",
  "aws:sns/topicPolicy:TopicPolicy": CONFIG,
  "aws:secretsmanager/secretVersion:SecretVersion": "a value of the secret, which is priced",
  "aws:acm/certificateValidation:CertificateValidation": "a wait for validation; no cloud resource",
  "aws:backup/selection:Selection": "configuration; the recovery points are the vault's usage",
  "aws:scheduler/scheduleGroup:ScheduleGroup": CONFIG,
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": CONFIG,
  "gcp:compute/network:Network": "a VPC network; its subnets, NAT and tunnels are priced",
  "gcp:compute/router:Router": "Cloud Router; the NAT and tunnels using it are priced",
  "gcp:compute/routerInterface:RouterInterface": VPN_PART,
  "gcp:compute/routerPeer:RouterPeer": VPN_PART,
  "gcp:compute/haVpnGateway:HaVpnGateway": VPN_PART,
  "gcp:compute/externalVpnGateway:ExternalVpnGateway": VPN_PART,
  "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig": CONFIG,
  "gcp:compute/sSLPolicy:SSLPolicy": "configuration of the load balancer, which is priced",
  "gcp:compute/firewall:Firewall": CONFIG,
  "gcp:servicenetworking/connection:Connection": CONFIG,
  "gcp:serviceaccount/account:Account": IAM,
  "gcp:serviceaccount/iAMMember:IAMMember": IAM,
  "gcp:projects/iAMMember:IAMMember": IAM,
  "gcp:projects/iAMCustomRole:IAMCustomRole": IAM,
  "gcp:projects/service:Service": CONFIG,
  "gcp:kms/keyRing:KeyRing": "a container of keys; the keys are priced",
  "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": IAM,
  "gcp:pubsub/topicIAMMember:TopicIAMMember": IAM,
  "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember": IAM,
  "gcp:storage/bucketIAMMember:BucketIAMMember": IAM,
  "gcp:databasemigrationservice/connectionProfile:ConnectionProfile": "configuration of the migration job",
  "kubernetes:networking.gke.io/v1:ManagedCertificate": "configuration read by the GKE ingress controller",
  "kubernetes:networking.gke.io/v1beta1:FrontendConfig": "configuration read by the GKE ingress controller",
  "kubernetes:cloud.google.com/v1:BackendConfig": "configuration read by the GKE ingress controller",
  "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding": "binds pods to the priced load balancer",
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
