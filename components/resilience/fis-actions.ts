import * as pulumi from "@pulumi/pulumi";
import { Statement } from "../aws";
import { FIS_TARGET_TAGS } from "./tags";

/**
 * The AWS FIS actions the drills use, as the FIS actions reference describes them: the key an action
 * names its target by, the target's resource type, and the IAM actions the experiment role needs (the
 * reference's "Permissions" list, nothing more). The experiment roles are built from this table, so a
 * role can only do what its template's actions need.
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 */
export const FIS_ACTIONS = {
  "aws:network:disrupt-connectivity": {
    targetKey: "Subnets",
    resourceType: "aws:ec2:subnet",
    permissions: [
      "ec2:CreateNetworkAcl",
      "ec2:CreateNetworkAclEntry",
      "ec2:CreateTags",
      "ec2:DeleteNetworkAcl",
      "ec2:DescribeManagedPrefixLists",
      "ec2:DescribeNetworkAcls",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcs",
      "ec2:GetManagedPrefixListEntries",
      "ec2:ReplaceNetworkAclAssociation",
    ],
  },
  "aws:ec2:stop-instances": {
    targetKey: "Instances",
    resourceType: "aws:ec2:instance",
    permissions: ["ec2:StopInstances", "ec2:StartInstances", "ec2:DescribeInstances", "kms:CreateGrant"],
  },
  "aws:ec2:asg-insufficient-instance-capacity-error": {
    targetKey: "AutoScalingGroups",
    resourceType: "aws:ec2:autoscaling-group",
    permissions: ["ec2:InjectApiError", "autoscaling:DescribeAutoScalingGroups"],
  },
  "aws:rds:failover-db-cluster": {
    targetKey: "Clusters",
    resourceType: "aws:rds:cluster",
    permissions: ["rds:FailoverDBCluster", "rds:DescribeDBClusters", "tag:GetResources"],
  },
  "aws:eks:terminate-nodegroup-instances": {
    targetKey: "Nodegroups",
    resourceType: "aws:eks:nodegroup",
    permissions: ["ec2:DescribeInstances", "ec2:TerminateInstances", "eks:DescribeNodegroup", "tag:GetResources"],
  },
  "aws:eks:pod-cpu-stress": {
    targetKey: "Pods",
    resourceType: "aws:eks:pod",
    permissions: ["eks:DescribeCluster", "ec2:DescribeSubnets", "tag:GetResources"],
  },
  "aws:network:route-table-disrupt-cross-region-connectivity": {
    targetKey: "Subnets",
    resourceType: "aws:ec2:subnet",
    permissions: [
      "ec2:AssociateRouteTable",
      "ec2:CreateManagedPrefixList",
      "ec2:CreateNetworkInterface",
      "ec2:CreateRoute",
      "ec2:CreateRouteTable",
      "ec2:CreateTags",
      "ec2:DeleteManagedPrefixList",
      "ec2:DeleteNetworkInterface",
      "ec2:DeleteRouteTable",
      "ec2:DescribeManagedPrefixLists",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeRouteTables",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeVpcs",
      "ec2:DisassociateRouteTable",
      "ec2:GetManagedPrefixListEntries",
      "ec2:ModifyManagedPrefixList",
      "ec2:ModifyVpcEndpoint",
      "ec2:ReplaceRouteTableAssociation",
    ],
  },
  "aws:s3:bucket-pause-replication": {
    targetKey: "Buckets",
    resourceType: "aws:s3:bucket",
    permissions: [
      "s3:PutReplicationConfiguration",
      "s3:GetReplicationConfiguration",
      "s3:PauseReplication",
      "s3:ListAllMyBuckets",
      "tag:GetResources",
    ],
  },
} as const;

export type FisActionId = keyof typeof FIS_ACTIONS;

/**
 * What FIS needs to deliver experiment logs to a CloudWatch Logs group (log delivery and the group's
 * resource policy, both account-level APIs).
 * @see https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html
 */
export const FIS_LOGGING_PERMISSIONS = [
  "logs:CreateLogDelivery",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
] as const;

/** The tag FIS puts on the network ACLs, route tables, prefix lists and ENIs it creates, and removes after. */
const MANAGED_BY_FIS = "managedByFIS";

/** Where an experiment role may act: this account and region, and the stack's own VPC, cluster, key and data. */
export interface FisRoleScope {
  readonly partition: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  /** The VPC whose subnets network actions may change. */
  readonly vpcId?: pulumi.Input<string>;
  /** The EKS cluster whose nodes, node groups and pods the EKS and EC2 actions act on. */
  readonly clusterName?: pulumi.Input<string>;
  /** The KMS key of the nodes' volumes: stopped nodes restart only if FIS may create a grant on it. */
  readonly volumeKeyArn?: pulumi.Input<string>;
  /** The Aurora cluster the failover action may fail over. */
  readonly databaseClusterArn?: pulumi.Input<string>;
  /** The bucket whose replication may be paused. */
  readonly bucketArn?: pulumi.Input<string>;
}

/**
 * The IAM statements one FIS action needs, scoped as far as each service allows: resources FIS creates
 * by their `managedByFIS` tag, EC2 changes to the stack's VPC, instance actions to the cluster's nodes,
 * the rest to this account and region. Describe and list calls, and the tagging API, only take "*".
 * Together the statements grant exactly the action's `permissions`, no more.
 */
export function fisActionStatements(actionId: FisActionId, scope: FisRoleScope): Statement[] {
  const sid = actionId
    .split(":")
    .pop()!
    .replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
  const ec2 = (resource: pulumi.Input<string>) =>
    pulumi.interpolate`arn:${scope.partition}:ec2:${scope.region}:${scope.accountId}:${resource}`;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) {
      throw new Error(`${actionId} needs ${what} to scope its permissions`);
    }
    return value;
  };
  const inVpc = () => ({ ArnEquals: { "ec2:Vpc": ec2(pulumi.interpolate`vpc/${need(scope.vpcId, "vpcId")}`) } });
  const clusterNodes = () => ({
    StringEquals: { "aws:ResourceTag/eks:cluster-name": need(scope.clusterName, "clusterName") },
  });
  const any = (actions: string[], name = "Read"): Statement => ({
    Sid: `${sid}${name}`,
    Effect: "Allow",
    Action: actions,
    Resource: "*",
  });
  const allow = (name: string, actions: string[], resource: unknown, condition?: object): Statement => ({
    Sid: `${sid}${name}`,
    Effect: "Allow",
    Action: actions,
    Resource: resource,
    ...(condition ? { Condition: condition } : {}),
  });

  switch (actionId) {
    case "aws:network:disrupt-connectivity":
      return [
        any([
          "ec2:DescribeManagedPrefixLists",
          "ec2:DescribeNetworkAcls",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcs",
          "ec2:GetManagedPrefixListEntries",
        ]),
        // CreateNetworkAcl authorizes the new ACL (which carries the request's tags) and the VPC (which carries
        // none): one statement each, as AWS's managed AWSFaultInjectionSimulatorNetworkAccess splits them.
        allow("CreateAcl", ["ec2:CreateNetworkAcl"], ec2("network-acl/*"), {
          StringEquals: { [`aws:RequestTag/${MANAGED_BY_FIS}`]: "true" },
        }),
        allow("CreateAclInVpc", ["ec2:CreateNetworkAcl"], ec2(pulumi.interpolate`vpc/${need(scope.vpcId, "vpcId")}`)),
        allow("TagAcl", ["ec2:CreateTags"], ec2("network-acl/*"), {
          StringEquals: { "ec2:CreateAction": "CreateNetworkAcl" },
        }),
        allow("EditAcl", ["ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"], ec2("network-acl/*"), {
          StringEquals: { [`aws:ResourceTag/${MANAGED_BY_FIS}`]: "true" },
        }),
        allow("SwapAcl", ["ec2:ReplaceNetworkAclAssociation"], [ec2("subnet/*"), ec2("network-acl/*")], inVpc()),
      ];
    case "aws:ec2:stop-instances":
      return [
        any(["ec2:DescribeInstances"]),
        allow("Nodes", ["ec2:StopInstances", "ec2:StartInstances"], ec2("instance/*"), {
          StringEquals: {
            ...clusterNodes().StringEquals,
            [`aws:ResourceTag/${FIS_TARGET_TAGS.azInstance.key}`]: FIS_TARGET_TAGS.azInstance.value,
          },
        }),
        // Starting an instance whose volumes use a customer key needs a grant for EC2 on that key.
        allow("VolumeKey", ["kms:CreateGrant"], need(scope.volumeKeyArn, "volumeKeyArn"), {
          Bool: { "kms:GrantIsForAWSResource": "true" },
        }),
      ];
    case "aws:ec2:asg-insufficient-instance-capacity-error":
      return [
        any(["autoscaling:DescribeAutoScalingGroups"]),
        // EKS names a managed node group's Auto Scaling group eks-<node group>-<uuid>.
        allow("Inject", ["ec2:InjectApiError"], "*", {
          "ForAnyValue:StringEquals": { "ec2:FisActionId": [actionId] },
          "ForAllValues:ArnLike": {
            "ec2:FisTargetArns": [
              pulumi.interpolate`arn:${scope.partition}:autoscaling:${scope.region}:${scope.accountId}:autoScalingGroup:*:autoScalingGroupName/eks-*`,
            ],
          },
        }),
      ];
    case "aws:rds:failover-db-cluster":
      return [
        any(["rds:DescribeDBClusters", "tag:GetResources"]),
        allow("Failover", ["rds:FailoverDBCluster"], need(scope.databaseClusterArn, "databaseClusterArn")),
      ];
    case "aws:eks:terminate-nodegroup-instances":
      return [
        any(["ec2:DescribeInstances", "tag:GetResources"]),
        allow(
          "Nodegroup",
          ["eks:DescribeNodegroup"],
          pulumi.interpolate`arn:${scope.partition}:eks:${scope.region}:${scope.accountId}:nodegroup/${need(scope.clusterName, "clusterName")}/*/*`,
        ),
        allow("Nodes", ["ec2:TerminateInstances"], ec2("instance/*"), clusterNodes()),
      ];
    case "aws:eks:pod-cpu-stress":
      return [
        any(["ec2:DescribeSubnets", "tag:GetResources"]),
        allow(
          "Cluster",
          ["eks:DescribeCluster"],
          pulumi.interpolate`arn:${scope.partition}:eks:${scope.region}:${scope.accountId}:cluster/${need(scope.clusterName, "clusterName")}`,
        ),
      ];
    case "aws:network:route-table-disrupt-cross-region-connectivity": {
      const created = ["CreateManagedPrefixList", "CreateNetworkInterface", "CreateRouteTable"];
      return [
        any([
          "ec2:DescribeManagedPrefixLists",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeRouteTables",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcPeeringConnections",
          "ec2:DescribeVpcs",
          "ec2:GetManagedPrefixListEntries",
        ]),
        // The reference marks these as scoped by the tag FIS puts on what it creates: the new prefix list,
        // route table and network interface carry it. The VPC and subnet they are created in carry no request
        // tags, so those are allowed in their own statement (AWS's managed FIS network policy does the same).
        allow(
          "Create",
          created.map((a) => `ec2:${a}`),
          [ec2("prefix-list/*"), ec2("route-table/*"), ec2("network-interface/*")],
          { StringEquals: { [`aws:RequestTag/${MANAGED_BY_FIS}`]: "true" } },
        ),
        allow(
          "CreateInVpc",
          ["ec2:CreateRouteTable", "ec2:CreateNetworkInterface"],
          [ec2(pulumi.interpolate`vpc/${need(scope.vpcId, "vpcId")}`), ec2("subnet/*"), ec2("security-group/*")],
        ),
        allow("Tag", ["ec2:CreateTags"], ec2("*"), { StringEquals: { "ec2:CreateAction": created } }),
        allow(
          "Edit",
          [
            "ec2:CreateRoute",
            "ec2:DeleteManagedPrefixList",
            "ec2:DeleteNetworkInterface",
            "ec2:DeleteRouteTable",
            "ec2:ModifyManagedPrefixList",
          ],
          ec2("*"),
          { StringEquals: { [`aws:ResourceTag/${MANAGED_BY_FIS}`]: "true" } },
        ),
        allow(
          "Associate",
          ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:ReplaceRouteTableAssociation"],
          [ec2("subnet/*"), ec2("route-table/*")],
          inVpc(),
        ),
        // Gateway endpoints (S3) keep their routes in the route tables FIS swaps in.
        allow("Endpoints", ["ec2:ModifyVpcEndpoint"], [ec2("vpc-endpoint/*"), ec2("route-table/*")]),
      ];
    }
    case "aws:s3:bucket-pause-replication": {
      const bucket = need(scope.bucketArn, "bucketArn");
      return [
        any(["s3:ListAllMyBuckets", "tag:GetResources"]),
        allow("Replication", ["s3:PutReplicationConfiguration", "s3:GetReplicationConfiguration"], bucket, {
          BoolIfExists: { "s3:IsReplicationPauseRequest": "true" },
        }),
        allow("Pause", ["s3:PauseReplication"], bucket),
      ];
    }
  }
}

/** ISO 8601 minutes, as FIS durations are written (PT1M to PT12H). */
export function isoMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 720) {
    throw new Error(`FIS durations are 1 to 720 whole minutes; got ${minutes}`);
  }
  return `PT${minutes}M`;
}
