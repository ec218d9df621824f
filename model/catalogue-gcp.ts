import { def, STATE } from "./catalogue-def";

/** Google Cloud's types in the catalogue (catalogue.ts holds the columns' meaning). */
export const GCP_DEFS = {
  // Google Cloud network and interconnect
  gcpNetwork: def("gcp:compute/network:Network", "VPC network", "network", "global"),
  gcpSubnetwork: def("gcp:compute/subnetwork:Subnetwork", "subnet", "network", "regional", {
    diagram: ["subnet", "subnets"],
  }),
  gcpRouter: def("gcp:compute/router:Router", "Cloud Router", "network", "regional"),
  gcpRouterNat: def("gcp:compute/routerNat:RouterNat", "Cloud NAT", "network", "regional", {
    diagram: ["Cloud NAT", "Cloud NAT"],
  }),
  gcpRouterInterface: def(
    "gcp:compute/routerInterface:RouterInterface",
    "router interface",
    "interconnect",
    "regional",
  ),
  gcpRouterPeer: def("gcp:compute/routerPeer:RouterPeer", "BGP peer", "interconnect", "regional"),
  gcpHaVpnGateway: def("gcp:compute/haVpnGateway:HaVpnGateway", "HA VPN gateway", "interconnect", "regional"),
  gcpExternalVpnGateway: def(
    "gcp:compute/externalVpnGateway:ExternalVpnGateway",
    "external VPN gateway",
    "interconnect",
    "global",
  ),
  gcpVpnTunnel: def("gcp:compute/vPNTunnel:VPNTunnel", "VPN tunnel", "interconnect", "regional"),
  gcpPeeringRoutes: def(
    "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig",
    "peering routes config",
    "network",
    "global",
  ),
  gcpFirewall: def("gcp:compute/firewall:Firewall", "firewall rule", "security", "global"),
  gcpGlobalAddress: def("gcp:compute/globalAddress:GlobalAddress", "global address", "edge", "global"),
  gcpSslPolicy: def("gcp:compute/sSLPolicy:SSLPolicy", "SSL policy", "edge", "global"),
  binaryAuthorizationPolicy: def(
    "gcp:binaryauthorization/policy:Policy",
    "Binary Authorization policy",
    "security",
    "global",
  ),
  cloudArmorPolicy: def("gcp:compute/securityPolicy:SecurityPolicy", "Cloud Armor policy", "security", "global"),
  // Google Cloud edge: Certificate Manager (global, as a global external load balancer needs)
  gcpDnsAuthorization: def(
    "gcp:certificatemanager/dnsAuthorization:DnsAuthorization",
    "DNS authorization",
    "edge",
    "global",
  ),
  gcpCertificate: def(
    "gcp:certificatemanager/certificate:Certificate",
    "Certificate Manager certificate",
    "edge",
    "global",
  ),
  gcpCertificateMap: def("gcp:certificatemanager/certificateMap:CertificateMap", "certificate map", "edge", "global"),
  gcpCertificateMapEntry: def(
    "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry",
    "certificate map entry",
    "edge",
    "global",
  ),
  gcpServiceNetworking: def(
    "gcp:servicenetworking/connection:Connection",
    "private service connection",
    "network",
    "global",
  ),
  // Google Cloud compute
  gkeCluster: def("gcp:container/cluster:Cluster", "GKE cluster", "compute", "regional", {
    diagram: ["GKE cluster", "GKE cluster"],
  }),
  nodePool: def("gcp:container/nodePool:NodePool", "node pool", "compute", "zonal", {
    diagram: ["node pool", "node pools"],
  }),
  // Google Cloud data
  cloudSql: def("gcp:sql/databaseInstance:DatabaseInstance", "Cloud SQL instance", "data", "regional", {
    ...STATE,
    diagram: ["Cloud SQL", "Cloud SQL"],
  }),
  migrationJob: def("gcp:databasemigrationservice/migrationJob:MigrationJob", "DMS migration job", "data", "regional"),
  connectionProfile: def(
    "gcp:databasemigrationservice/connectionProfile:ConnectionProfile",
    "DMS connection profile",
    "data",
    "regional",
  ),
  gcsBucket: def("gcp:storage/bucket:Bucket", "GCS bucket", "data", "regional", STATE),
  transferJob: def("gcp:storage/transferJob:TransferJob", "Storage Transfer job", "data", "global"),
  gcpHmacKey: def("gcp:storage/hmacKey:HmacKey", "Cloud Storage HMAC key", "identity", "global"),
  dataSyncObjectStorage: def(
    "aws:datasync/locationObjectStorage:LocationObjectStorage",
    "DataSync object-storage location",
    "data",
    "regional",
  ),
  dataSyncS3Location: def("aws:datasync/s3Location:S3Location", "DataSync S3 location", "data", "regional"),
  dataSyncTask: def("aws:datasync/task:Task", "DataSync task", "data", "regional"),
  pubsubTopic: def("gcp:pubsub/topic:Topic", "Pub/Sub topic", "data", "global", STATE),
  pubsubSubscription: def("gcp:pubsub/subscription:Subscription", "Pub/Sub subscription", "data", "global", STATE),
  gcpKeyRing: def("gcp:kms/keyRing:KeyRing", "key ring", "security", "regional"),
  gcpCryptoKey: def("gcp:kms/cryptoKey:CryptoKey", "Cloud KMS key", "security", "regional", STATE),
  // Google Cloud identity
  gcpServiceAccount: def("gcp:serviceaccount/account:Account", "service account", "identity", "global"),
  gcpServiceAccountIamMember: def(
    "gcp:serviceaccount/iAMMember:IAMMember",
    "service account IAM member",
    "identity",
    "global",
  ),
  gcpProjectIamMember: def("gcp:projects/iAMMember:IAMMember", "project IAM member", "identity", "global"),
  gcpCustomRole: def("gcp:projects/iAMCustomRole:IAMCustomRole", "custom role", "identity", "global"),
  gcpProjectService: def("gcp:projects/service:Service", "enabled API", "operations", "global"),
  gcpServiceIdentity: def("gcp:projects/serviceIdentity:ServiceIdentity", "service agent", "identity", "global"),
  gcpCryptoKeyIamMember: def("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "key IAM member", "identity", "global"),
  gcpTopicIamMember: def("gcp:pubsub/topicIAMMember:TopicIAMMember", "topic IAM member", "identity", "global"),
  gcpSubscriptionIamMember: def(
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
    "subscription IAM member",
    "identity",
    "global",
  ),
  gcpBucketIamMember: def("gcp:storage/bucketIAMMember:BucketIAMMember", "bucket IAM member", "identity", "global"),
  // Google Cloud observability and operations
  gcpLogMetric: def("gcp:logging/metric:Metric", "log-based metric", "observability", "global"),
  gcpAlertPolicy: def("gcp:monitoring/alertPolicy:AlertPolicy", "alert policy", "observability", "global"),
  gcpNotificationChannel: def(
    "gcp:monitoring/notificationChannel:NotificationChannel",
    "notification channel",
    "observability",
    "global",
  ),
  gcpSchedulerJob: def("gcp:cloudscheduler/job:Job", "Cloud Scheduler job", "operations", "regional"),
  gcpUptimeCheck: def("gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig", "uptime check", "observability", "global"),
  gcpWorkflow: def("gcp:workflows/workflow:Workflow", "Cloud Workflows workflow", "operations", "regional"),
  gcpEventarcTrigger: def("gcp:eventarc/trigger:Trigger", "Eventarc trigger", "operations", "regional"),
  cloudRunJob: def("gcp:cloudrunv2/job:Job", "Cloud Run job", "operations", "regional"),
  gcpSecret: def("gcp:secretmanager/secret:Secret", "Secret Manager secret", "security", "global", STATE),
  gcpSecretVersion: def("gcp:secretmanager/secretVersion:SecretVersion", "secret version", "security", "global"),
  gcpSecretIamMember: def(
    "gcp:secretmanager/secretIamMember:SecretIamMember",
    "secret IAM member",
    "identity",
    "global",
  ),
} as const;
