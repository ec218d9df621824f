import { T } from "@dr-platform/model";
import * as pulumi from "@pulumi/pulumi";
import { ARN_FORMATS, OFFLINE_ACCOUNT_ID } from "./mock-arns";

export { OFFLINE_ACCOUNT_ID };

/** The number of every offline Google Cloud project; Google's service agents are named from it. */
export const OFFLINE_GCP_PROJECT_NUMBER = "314159265358";

/** The unique ID (OIDC subject) of the offline project's Storage Transfer Service agent. */
export const OFFLINE_TRANSFER_SUBJECT_ID = "100000000000000000001";

/**
 * Zones the offline engine reports per region. Seoul really has four (a to d) and Tokyo three usable
 * ones (a, c, d: ap-northeast-1b is closed to new accounts), so AZ selection is exercised as in the cloud.
 */
const AWS_ZONES: Record<string, string[]> = {
  "ap-northeast-1": ["a", "c", "d"],
  "ap-northeast-2": ["a", "b", "c", "d"],
  "us-east-1": ["a", "b", "c", "d", "e", "f"],
};

type Inputs = Record<string, any>;

/** Parses "<urn>::<id>" into the provider's package and logical name. */
function parseProviderRef(ref: string): { pkg: string; name: string } | undefined {
  const parts = ref.split("::");
  if (parts.length < 5) {
    return undefined;
  }
  const type = parts[2].split("$").pop() ?? "";
  return { pkg: type.replace("pulumi:providers:", ""), name: parts[3] };
}

/**
 * Mocks for the offline plan: providers and invokes answer as the cloud would for this program, and an
 * invoke nobody taught the mocks is an error (never a silent echo), as is one made without an explicit
 * provider. Resources echo their inputs plus the computed outputs the program reads (ids, ARNs, names).
 */
export class OfflineMocks implements pulumi.runtime.Mocks {
  private readonly providerRegions = new Map<string, string>();
  private readonly providerProjects = new Map<string, string>();

  public regionOf(providerRef: string): string | undefined {
    const p = parseProviderRef(providerRef);
    return p ? this.providerRegions.get(`${p.pkg}/${p.name}`) : undefined;
  }

  /** The project of a `gcp` provider, as its `project` input set it. */
  public projectOf(providerRef: string): string | undefined {
    const p = parseProviderRef(providerRef);
    return p ? this.providerProjects.get(`${p.pkg}/${p.name}`) : undefined;
  }

  public call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    if (!args.provider) {
      throw new Error(
        `invoke ${args.token} used the default provider; pass { parent } or { provider } so it is explicit`,
      );
    }
    const region = this.regionOf(args.provider) ?? "unknown";
    switch (args.token) {
      case "aws:index/getAvailabilityZones:getAvailabilityZones": {
        const letters = AWS_ZONES[region] ?? ["a", "b", "c"];
        return {
          id: region,
          names: letters.map((l) => `${region}${l}`),
          zoneIds: letters.map((_, i) => `${region.replace(/-/g, "").slice(0, 6)}-az${i + 1}`),
          groupNames: [region],
          region,
        };
      }
      case "aws:index/getRegion:getRegion":
        return { id: region, region, name: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          id: OFFLINE_ACCOUNT_ID,
          accountId: OFFLINE_ACCOUNT_ID,
          arn: `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/offline`,
          userId: "AROAOFFLINE",
        };
      case "aws:route53/getZone:getZone":
        return {
          id: `Z${String(args.inputs.name ?? "zone")
            .replace(/[^A-Za-z0-9]/g, "")
            .toUpperCase()}`,
          zoneId: `Z${String(args.inputs.name ?? "zone")
            .replace(/[^A-Za-z0-9]/g, "")
            .toUpperCase()}`,
          name: args.inputs.name,
          privateZone: false,
          arn: `arn:aws:route53:::hostedzone/offline`,
          nameServers: ["ns-1.awsdns-00.org"],
        };
      // A secret's current value: the connection JSON RDS's own secrets use, with a stand-in password.
      case "aws:secretsmanager/getSecretVersion:getSecretVersion":
        return {
          arn: args.inputs.secretId,
          versionId: "offline-current",
          versionStages: ["AWSCURRENT"],
          secretString: JSON.stringify({ engine: "postgres", password: "offline-current-password" }),
        };
      case "aws:index/getPartition:getPartition":
        return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
      // Without `projectId`, the provider's project (as the Terraform data source reads it).
      case "gcp:organizations/getProject:getProject": {
        const projectId = String(args.inputs.projectId ?? this.projectOf(args.provider) ?? "offline-project");
        return { id: `projects/${projectId}`, projectId, name: projectId, number: OFFLINE_GCP_PROJECT_NUMBER };
      }
      case "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": {
        const project = String(args.inputs.project ?? this.projectOf(args.provider) ?? "offline-project");
        const email = `project-${OFFLINE_GCP_PROJECT_NUMBER}@storage-transfer-service.iam.gserviceaccount.com`;
        return { id: email, email, member: `serviceAccount:${email}`, project, subjectId: OFFLINE_TRANSFER_SUBJECT_ID };
      }
      case "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": {
        const project = String(args.inputs.project ?? this.projectOf(args.provider) ?? "offline-project");
        const emailAddress = `service-${OFFLINE_GCP_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`;
        return { id: emailAddress, emailAddress, member: `serviceAccount:${emailAddress}`, project };
      }
      default:
        throw new Error(
          `offline mocks have no answer for invoke ${args.token}; teach tools/offline/mocks.ts what the cloud returns`,
        );
    }
  }

  public newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
    if (args.type.startsWith("pulumi:providers:")) {
      if (typeof args.inputs.region === "string") {
        this.providerRegions.set(`${args.type.replace("pulumi:providers:", "")}/${args.name}`, args.inputs.region);
      }
      if (typeof args.inputs.project === "string") {
        this.providerProjects.set(`${args.type.replace("pulumi:providers:", "")}/${args.name}`, args.inputs.project);
      }
      return { id: `${args.name}-id`, state: args.inputs };
    }
    if (!args.custom) {
      return { id: undefined, state: {} };
    }
    const region = String(
      args.inputs.region ?? args.inputs.location ?? this.regionOf(args.provider ?? "") ?? "unknown",
    );
    const project = String(args.inputs.project ?? this.projectOf(args.provider ?? "") ?? "offline-project");
    const id = TYPE_IDS[args.type]?.(args.name, region, project, args.inputs) ?? `${args.name}-id`;
    return { id, state: { ...args.inputs, ...computedOutputs(args.type, args.name, id, region, args.inputs) } };
  }
}

/**
 * Ids the program reads as resource names, in the provider's id format: for these Google Cloud resources the
 * id is the API's full resource name, which workflows and IAM bindings take. Every other id is `<name>-id`.
 */
const TYPE_IDS: Record<string, (name: string, region: string, project: string, inputs: Inputs) => string> = {
  [T.gcpSecret]: (name, _region, project, inputs) => `projects/${project}/secrets/${inputs.secretId ?? name}`,
  [T.cloudRunJob]: (name, region, project, inputs) =>
    `projects/${project}/locations/${region}/jobs/${inputs.name ?? name}`,
  [T.gcpWorkflow]: (name, region, project, inputs) =>
    `projects/${project}/locations/${region}/workflows/${inputs.name ?? name}`,
  [T.migrationJob]: (name, region, project, inputs) =>
    `projects/${project}/locations/${region}/migrationJobs/${inputs.migrationJobId ?? name}`,
};

/** Outputs specific to a resource type that the program reads, as the cloud would compute them. */
const TYPE_OUTPUTS: Record<string, (name: string, region: string, inputs: Inputs) => Inputs> = {
  [T.eksCluster]: (name, region, inputs) => ({
    endpoint: `https://${name.toUpperCase()}0OFFLINE.gr7.${region}.eks.amazonaws.com`,
    certificateAuthority: {
      data: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCm9mZmxpbmUKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=",
    },
    identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/OFFLINE${name.toUpperCase()}` }] }],
    vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: `sg-${name}-cluster`, vpcId: "vpc-offline" },
    status: "ACTIVE",
  }),
  [T.nodeGroup]: (name) => ({
    resources: [{ autoscalingGroups: [{ name: `eks-${name}-asg` }], remoteAccessSecurityGroupId: "" }],
    status: "ACTIVE",
  }),
  [T.rdsCluster]: (name, region) => ({
    endpoint: `${name}.cluster-offline.${region}.rds.amazonaws.com`,
    readerEndpoint: `${name}.cluster-ro-offline.${region}.rds.amazonaws.com`,
    port: 5432,
    clusterResourceId: `cluster-${name.toUpperCase()}`,
  }),
  // The global writer endpoint (`<identifier>.global-<random>.global.rds.amazonaws.com`): a CNAME AWS
  // moves to the current writer region on a switchover or failover.
  [T.globalCluster]: (name, _region, inputs) => ({
    endpoint: `${inputs.globalClusterIdentifier ?? name}.global-offline.global.rds.amazonaws.com`,
  }),
  [T.rdsInstance]: (name, region) => ({
    endpoint: `${name}.offline.${region}.rds.amazonaws.com`,
    port: 5432,
  }),
  [T.loadBalancer]: (name, region) => ({
    dnsName: `${name}-offline.${region}.elb.amazonaws.com`,
    zoneId: "ZOFFLINEALB",
    arnSuffix: `app/${name}/0123456789abcdef`,
  }),
  [T.targetGroup]: (name) => ({ arnSuffix: `targetgroup/${name}/0123456789abcdef` }),
  // CloudWatch's own ARN form (`...:alarm:<name>`), which the schedules read alarm names from.
  [T.metricAlarm]: (name, region, inputs) => ({
    arn: `arn:aws:cloudwatch:${region}:${OFFLINE_ACCOUNT_ID}:alarm:${inputs.name ?? name}`,
  }),
  // ARC's plan ARN (API_StartPlanExecution's pattern): global, the plan's name and a 6-character suffix.
  [T.regionSwitchPlan]: (name, _region, inputs) => ({
    arn: `arn:aws:arc-region-switch::${OFFLINE_ACCOUNT_ID}:plan/${inputs.name ?? name}:a1b2c3`,
  }),
  [T.queue]: (name, region, inputs) => ({
    url: `https://sqs.${region}.amazonaws.com/${OFFLINE_ACCOUNT_ID}/${inputs.name ?? name}`,
  }),
  [T.bucket]: (name, region, inputs) => ({
    // S3 ARNs carry neither region nor account.
    arn: `arn:aws:s3:::${inputs.bucket ?? `${name}-offline`}`,
    bucket: inputs.bucket ?? `${name}-offline`,
    bucketDomainName: `${inputs.bucket ?? `${name}-offline`}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${inputs.bucket ?? `${name}-offline`}.s3.${region}.amazonaws.com`,
  }),
  [T.kmsKey]: (name) => ({ keyId: `${name}-key-id` }),
  // The rotation application's one output: the function it made, by the name the program gave it.
  [T.serverlessApplication]: (name, region, inputs) => ({
    outputs: {
      RotationLambdaARN: `arn:aws:lambda:${region}:${OFFLINE_ACCOUNT_ID}:function:${inputs.parameters?.functionName ?? name}`,
    },
  }),
  // A fixed stand-in; the program marks it secret, so the graph shows "[secret]" wherever it flows.
  [T.randomPassword]: (name) => ({ result: `offline-password-${name}` }),
  // A fixed six-hex-digit stand-in (three bytes), the size the off-hours schedule's role suffix uses.
  [T.randomId]: () => ({ hex: "0ff1ce", b64Url: "D_HO", dec: "1044942" }),
  [T.certificate]: (name, _region, inputs) => ({
    domainValidationOptions: [
      {
        domainName: inputs.domainName,
        resourceRecordName: `_offline.${inputs.domainName}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: `_offline.${name}.acm-validations.aws.`,
      },
    ],
  }),
  // Route 53 reports the record's name without the trailing dot (ACM validation waits on these FQDNs).
  [T.record]: (_name, _region, inputs) => ({ fqdn: String(inputs.name ?? "").replace(/\.$/, "") }),
  // Google gives each of an HA VPN gateway's two interfaces a public address (documentation range here).
  [T.gcpHaVpnGateway]: () => ({
    vpnInterfaces: [
      { id: 0, ipAddress: "192.0.2.10" },
      { id: 1, ipAddress: "192.0.2.11" },
    ],
  }),
  [T.vpnConnection]: (name, _region, inputs) => ({
    ...vpnTunnelOutputs(name, 1, inputs.tunnel1InsideCidr),
    ...vpnTunnelOutputs(name, 2, inputs.tunnel2InsideCidr),
  }),
  // Google Cloud secondary site: GKE, Cloud SQL, service accounts, GCS and Storage Transfer, in the formats
  // the APIs return (addresses come from documentation ranges). A resource's `id` is always the mock's
  // `<name>-id`: the SDK takes it from the mock's id, never from these state values.
  [T.gkeCluster]: (_name, region, inputs) => ({
    // The private endpoint: the second address of the control plane's /28.
    endpoint: String(inputs.privateClusterConfig?.masterIpv4CidrBlock ?? "172.16.0.0/28").replace(/\.\d+\/\d+$/, ".2"),
    // GKE's DNS-based endpoint, named from the cluster's unique id.
    controlPlaneEndpointsConfig: {
      ...inputs.controlPlaneEndpointsConfig,
      dnsEndpointConfig: {
        ...inputs.controlPlaneEndpointsConfig?.dnsEndpointConfig,
        endpoint: `gke-0ff1ce0ff1ce.${region}.gke.goog`,
      },
    },
    masterAuth: {
      clusterCaCertificate: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmdrZS1vZmZsaW5lCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K",
    },
  }),
  [T.cloudSql]: (name, region, inputs) => {
    const project = inputs.project ?? "offline-project";
    const instance = inputs.name ?? name;
    return {
      connectionName: `${project}:${region}:${instance}`,
      privateIpAddress: "10.199.0.3",
      selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${project}/instances/${instance}`,
    };
  },
  [T.gcpGlobalAddress]: (name, _region, inputs) => ({
    address: inputs.address ?? (inputs.addressType === "INTERNAL" ? "10.199.0.0" : "203.0.113.10"),
    selfLink: `https://www.googleapis.com/compute/v1/projects/${inputs.project ?? "offline-project"}/global/addresses/${inputs.name ?? name}`,
  }),
  [T.gcpServiceNetworking]: () => ({ peering: "servicenetworking-googleapis-com" }),
  [T.gcpServiceAccount]: (_name, _region, inputs) => {
    const email = `${inputs.accountId}@${inputs.project ?? "offline-project"}.iam.gserviceaccount.com`;
    return { email, member: `serviceAccount:${email}` };
  },
  [T.gcsBucket]: (name, _region, inputs) => ({
    url: `gs://${inputs.name ?? name}`,
    selfLink: `https://www.googleapis.com/storage/v1/b/${inputs.name ?? name}`,
  }),
  // A custom role's name is its full path; IAM bindings take that, not the role ID.
  [T.gcpCustomRole]: (_name, _region, inputs) => ({
    name: `projects/${inputs.project ?? "offline-project"}/roles/${inputs.roleId}`,
  }),
  [T.transferJob]: (name, _region, inputs) => ({ name: inputs.name ?? `transferJobs/${name}` }),
  [T.gcpUptimeCheck]: (name) => ({ uptimeCheckId: `${name}-0ff1ce` }),
};

/** Outputs the cloud computes that the program reads: ARNs, generated names, addresses. */
function computedOutputs(type: string, name: string, id: string, region: string, inputs: Inputs): Inputs {
  const [pkg, module] = type.split(":");
  if (pkg === "aws") {
    const service = module.split("/")[0];
    const global = ["iam", "route53", "cloudfront"].includes(service);
    const arn =
      ARN_FORMATS[type]?.(name, region, inputs) ??
      `arn:aws:${service}:${global ? "" : region}:${OFFLINE_ACCOUNT_ID}:${type.split(":").pop()!.toLowerCase()}/${name}`;
    return {
      arn,
      name: inputs.name ?? name,
      region: global ? undefined : region,
      ...TYPE_OUTPUTS[type]?.(name, region, inputs),
    };
  }
  if (pkg === "gcp") {
    const project = inputs.project ?? "offline-project";
    return {
      name: inputs.name ?? name,
      project,
      selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/regions/${region}/${module}/${inputs.name ?? name}`,
      id: `projects/${project}/regions/${region}/${module}/${id}`,
      ...TYPE_OUTPUTS[type]?.(name, region, inputs),
      // A migration job's `name` output is its full resource name, the same as its id.
      ...(type === T.migrationJob ? { name: id } : {}),
    };
  }
  return TYPE_OUTPUTS[type]?.(name, region, inputs) ?? {};
}

/**
 * One tunnel of an AWS VPN connection as AWS reports it: a public outside address (documentation range,
 * distinct per connection and tunnel), and in the tunnel's inside /30 the first host address for the
 * virtual private gateway and the second for the customer gateway.
 */
function vpnTunnelOutputs(name: string, tunnel: 1 | 2, insideCidr: unknown): Inputs {
  const slot = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 126, 0);
  const [a, b, c, d] = String(insideCidr ?? `169.254.200.${4 * tunnel}/30`)
    .split("/")[0]
    .split(".")
    .map(Number);
  return {
    [`tunnel${tunnel}Address`]: `198.51.100.${2 * slot + tunnel}`,
    [`tunnel${tunnel}VgwInsideAddress`]: `${a}.${b}.${c}.${d + 1}`,
    [`tunnel${tunnel}CgwInsideAddress`]: `${a}.${b}.${c}.${d + 2}`,
  };
}
