import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createEncryptedLogGroup, policyDocument, regionOf, serviceTrust } from "../aws";
import { physicalName } from "../naming";
import { planAwsSubnets } from "./subnet-plan";

/** Arguments of {@link AwsNetwork}. Its region is its provider's: pass `providers: { aws }` in opts. */
export interface AwsNetworkArgs {
  /** The VPC's IPv4 block, /16 to /20; subnets are planned from it by `planAwsSubnets`. */
  readonly cidr: string;
  /** How many availability zones to span (the first `azCount` available zones of the region, in name order). */
  readonly azCount: number;
  /**
   * What to call `azCount` when the region offers this account fewer zones (found only at deploy time), so
   * the error names the setting to change, e.g. the config key `primary.azCount`.
   * @default "azCount"
   */
  readonly azCountName?: string;
  /**
   * `per-az`: a NAT gateway in every AZ, so losing an AZ never cuts the others' egress.
   * `single`: one NAT gateway in the first AZ, for dev (about $45 a month less per extra AZ).
   * @default "per-az"
   */
  readonly natGateways?: "single" | "per-az";
  /** Days to keep VPC flow logs in CloudWatch Logs. @default 90 */
  readonly flowLogRetentionDays?: number;
  /**
   * Tags that mark subnets as fault-injection targets (components/resilience FIS_TARGET_TAGS): `subnets` on
   * every subnet (the AZ power-interruption experiment cuts an AZ's subnets), `privateSubnets` on the private
   * tier as well (the region-isolation drill blackholes the nodes' routes to the other region).
   * @default none
   */
  readonly faultInjectionTags?: AwsNetworkFaultInjectionTags;
}

/** Tags by subnet tier that fault-injection experiments select their targets by. */
export interface AwsNetworkFaultInjectionTags {
  /** On every subnet of every tier. @default none */
  readonly subnets?: Readonly<Record<string, string>>;
  /** On the private (node) subnets, in addition. @default none */
  readonly privateSubnets?: Readonly<Record<string, string>>;
}

/** The subnets of one tier, one per AZ, in AZ order. */
export interface TierSubnets {
  readonly ids: pulumi.Output<string>[];
  readonly cidrs: string[];
}

/**
 * AwsNetwork is a VPC across `azCount` AZs with three subnet tiers per AZ: public (load balancers,
 * NAT), private (EKS nodes and pods, egress through NAT) and isolated (data stores, no internet route),
 * plus the internet gateway, NAT gateways with Elastic IPs, an S3 gateway endpoint, flow logs and a
 * default security group stripped of all rules.
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/subnets.html
 */
export class AwsNetwork extends pulumi.ComponentResource {
  /** The VPC's id. */
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 block. */
  public readonly cidr: string;
  /** The AZ names the subnets are in, in AZ-ordinal order. */
  public readonly availabilityZones: pulumi.Output<string[]>;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];
  public readonly isolatedSubnetIds: pulumi.Output<string>[];
  public readonly natGatewayIds: pulumi.Output<string>[];
  /** Private route tables (one per AZ), for routes a VPN or peering adds later. */
  public readonly privateRouteTableIds: pulumi.Output<string>[];
  /** The isolated tier's route table: no internet route, but a VPN to the other cloud may propagate here. */
  public readonly isolatedRouteTableId: pulumi.Output<string>;

  constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:AwsNetwork", name, {}, opts);
    const natGateways = args.natGateways ?? "per-az";
    const flowLogRetentionDays = args.flowLogRetentionDays ?? 90;
    const plan = planAwsSubnets(args.cidr, args.azCount);
    const stack = pulumi.getStack();
    const parent = { parent: this };

    // Opt-in zones (Local Zones, Wavelength) are excluded: EKS and NAT gateways are not offered there.
    const zones = aws.getAvailabilityZonesOutput(
      { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
      parent,
    );
    const azCountName = args.azCountName ?? "azCount";
    this.availabilityZones = pulumi.all([zones.names, zones.id]).apply(([names, region]) => {
      const sorted = [...names].sort();
      if (sorted.length < args.azCount) {
        // hideStack: the message is for whoever set the count, and every subnet, route and node group waits
        // on these names, so the run stops here instead of failing once per resource.
        throw new pulumi.ResourceError(
          `AwsNetwork ${name}: \`${azCountName}\` is ${args.azCount}, but ${region} offers this account ${sorted.length} ` +
            `AZs (${sorted.join(", ")}). Fix: lower \`${azCountName}\` to ${sorted.length} or fewer`,
          this,
          true,
        );
      }
      return sorted.slice(0, args.azCount);
    });
    const azName = (az: number) => this.availabilityZones.apply((names) => names[az]);
    const label = (suffix: string) => ({ Name: `${physicalName(name, stack)}-${suffix}` });

    const vpc = new aws.ec2.Vpc(
      name,
      { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: label("vpc") },
      parent,
    );
    this.vpcId = vpc.id;

    // With no rules, the default security group denies everything, so nothing can fall back to it.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags: label("default-deny") }, parent);

    // Always created: an internet gateway costs nothing and the public tier needs it.
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: label("igw") }, parent);

    const publicRouteTable = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, tags: label("public") }, parent);
    new aws.ec2.Route(
      `${name}-public-internet`,
      { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
      parent,
    );
    const isolatedRouteTable = new aws.ec2.RouteTable(
      `${name}-isolated`,
      { vpcId: vpc.id, tags: label("isolated") },
      parent,
    );

    const subnetIn = (
      az: number,
      tier: "public" | "private" | "isolated",
      cidr: string,
      extraTags: Record<string, string>,
    ) =>
      new aws.ec2.Subnet(
        `${name}-${tier}-az${az + 1}`,
        {
          vpcId: vpc.id,
          cidrBlock: cidr,
          availabilityZone: azName(az),
          // Nothing here gets a public address by default; the ALB and NAT gateways bring their own.
          mapPublicIpOnLaunch: false,
          // The AZ power-interruption experiment selects an AZ's subnets by its tag (components/resilience).
          tags: azName(az).apply((zone) => ({
            ...label(`${tier}-${zone}`),
            tier,
            ...args.faultInjectionTags?.subnets,
            ...extraTags,
          })),
        },
        parent,
      );

    const publicSubnets = plan.map((p, az) =>
      // The AWS Load Balancer Controller discovers subnets by these role tags.
      subnetIn(az, "public", p.public, { "kubernetes.io/role/elb": "1" }),
    );
    const privateSubnets = plan.map((p, az) =>
      // The region-isolation drill cuts these subnets' routes to the other region: nodes and pods live here.
      subnetIn(az, "private", p.private, {
        "kubernetes.io/role/internal-elb": "1",
        ...args.faultInjectionTags?.privateSubnets,
      }),
    );
    const isolatedSubnets = plan.map((p, az) => subnetIn(az, "isolated", p.isolated, {}));

    publicSubnets.forEach(
      (subnet, az) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-public-az${az + 1}`,
          { subnetId: subnet.id, routeTableId: publicRouteTable.id },
          parent,
        ),
    );
    isolatedSubnets.forEach(
      (subnet, az) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-isolated-az${az + 1}`,
          { subnetId: subnet.id, routeTableId: isolatedRouteTable.id },
          parent,
        ),
    );

    const natCount = natGateways === "per-az" ? args.azCount : 1;
    const nats = Array.from({ length: natCount }, (_, az) => {
      const eip = new aws.ec2.Eip(`${name}-nat-az${az + 1}`, { domain: "vpc", tags: label(`nat-az${az + 1}`) }, parent);
      return new aws.ec2.NatGateway(
        `${name}-nat-az${az + 1}`,
        { allocationId: eip.id, subnetId: publicSubnets[az].id, tags: label(`nat-az${az + 1}`) },
        { parent: this, dependsOn: [igw] },
      );
    });

    const privateRouteTables = privateSubnets.map((subnet, az) => {
      const table = new aws.ec2.RouteTable(
        `${name}-private-az${az + 1}`,
        { vpcId: vpc.id, tags: label(`private-az${az + 1}`) },
        parent,
      );
      // Each AZ leaves through its own NAT gateway when there is one, so an AZ outage stays in its AZ.
      new aws.ec2.Route(
        `${name}-private-az${az + 1}-egress`,
        {
          routeTableId: table.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: nats[Math.min(az, nats.length - 1)].id,
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-az${az + 1}`,
        { subnetId: subnet.id, routeTableId: table.id },
        parent,
      );
      return table;
    });

    // Gateway endpoints are free and keep S3 traffic (backups, replication, images) off the NAT gateways.
    const region = regionOf(this);
    new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: vpc.id,
        vpcEndpointType: "Gateway",
        serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`,
        routeTableIds: [...privateRouteTables.map((t) => t.id), isolatedRouteTable.id],
        tags: label("s3"),
      },
      parent,
    );

    this.createFlowLogs(name, vpc, flowLogRetentionDays, label);

    this.cidr = args.cidr;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.isolatedSubnetIds = isolatedSubnets.map((s) => s.id);
    this.natGatewayIds = nats.map((n) => n.id);
    this.privateRouteTableIds = privateRouteTables.map((t) => t.id);
    this.isolatedRouteTableId = isolatedRouteTable.id;
    this.registerOutputs({
      vpcId: this.vpcId,
      cidr: this.cidr,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      natGatewayIds: this.natGatewayIds,
      privateRouteTableIds: this.privateRouteTableIds,
      isolatedRouteTableId: this.isolatedRouteTableId,
    });
  }

  /** All traffic (accepted and rejected) to CloudWatch Logs, through a role that can write only there. */
  private createFlowLogs(
    name: string,
    vpc: aws.ec2.Vpc,
    retentionInDays: number,
    label: (suffix: string) => Record<string, string>,
  ): void {
    const parent = { parent: this };
    const logGroup = createEncryptedLogGroup(this, `${name}-flow-logs`, {
      name: `/aws/vpc/flow-logs/${physicalName(name, pulumi.getStack())}`,
      retentionInDays,
      tags: label("flow-logs"),
    });
    const role = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: serviceTrust("vpc-flow-logs.amazonaws.com", "sts:AssumeRole"),
        tags: label("flow-logs"),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: role.id,
        policy: policyDocument([
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
          },
        ]),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-logs`,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: label("flow-logs"),
      },
      parent,
    );
  }
}
