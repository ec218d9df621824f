/**
 * Known FIS actions, written down here from the FIS actions reference
 * (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html), and
 * kept apart from the component's own table so a typo in one is caught by the other.
 */
export const KNOWN: Record<
  string,
  { type: string; key: string; required: string[]; optional: string[]; permissions: string[] }
> = {
  "aws:network:disrupt-connectivity": {
    type: "aws:ec2:subnet",
    key: "Subnets",
    required: ["duration"],
    optional: ["scope", "prefixListIdentifier"],
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
    type: "aws:ec2:instance",
    key: "Instances",
    required: [],
    optional: ["startInstancesAfterDuration", "completeIfInstancesTerminated"],
    permissions: ["ec2:StopInstances", "ec2:StartInstances", "ec2:DescribeInstances", "kms:CreateGrant"],
  },
  "aws:ec2:asg-insufficient-instance-capacity-error": {
    type: "aws:ec2:autoscaling-group",
    key: "AutoScalingGroups",
    required: ["duration", "availabilityZoneIdentifiers"],
    optional: ["percentage"],
    permissions: ["ec2:InjectApiError", "autoscaling:DescribeAutoScalingGroups"],
  },
  "aws:rds:failover-db-cluster": {
    type: "aws:rds:cluster",
    key: "Clusters",
    required: [],
    optional: [],
    permissions: ["rds:FailoverDBCluster", "rds:DescribeDBClusters", "tag:GetResources"],
  },
  "aws:eks:terminate-nodegroup-instances": {
    type: "aws:eks:nodegroup",
    key: "Nodegroups",
    required: ["instanceTerminationPercentage"],
    optional: [],
    permissions: ["ec2:DescribeInstances", "ec2:TerminateInstances", "eks:DescribeNodegroup", "tag:GetResources"],
  },
  "aws:eks:pod-cpu-stress": {
    type: "aws:eks:pod",
    key: "Pods",
    required: ["duration", "kubernetesServiceAccount"],
    optional: [
      "percent",
      "workers",
      "fisPodContainerImage",
      "maxErrorsPercent",
      "fisPodLabels",
      "fisPodAnnotations",
      "fisPodSecurityPolicy",
    ],
    permissions: ["eks:DescribeCluster", "ec2:DescribeSubnets", "tag:GetResources"],
  },
  "aws:network:route-table-disrupt-cross-region-connectivity": {
    type: "aws:ec2:subnet",
    key: "Subnets",
    required: ["region", "duration"],
    optional: [],
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
    type: "aws:s3:bucket",
    key: "Buckets",
    required: ["duration", "region"],
    optional: ["destinationBuckets", "prefixes"],
    permissions: [
      "s3:PutReplicationConfiguration",
      "s3:GetReplicationConfiguration",
      "s3:PauseReplication",
      "s3:ListAllMyBuckets",
      "tag:GetResources",
    ],
  },
};

/** Target parameters by resource type (the FIS targets guide, "Resource parameters"). */
export const TARGET_PARAMETERS: Record<string, string[]> = {
  "aws:ec2:subnet": ["availabilityZoneIdentifier", "vpc"],
  "aws:eks:pod": [
    "availabilityZoneIdentifier",
    "clusterIdentifier",
    "namespace",
    "selectorType",
    "selectorValue",
    "targetContainerName",
  ],
  "aws:rds:cluster": ["writerAvailabilityZoneIdentifiers"],
};

export const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
export const actionsOf = (statements: { Action: string | string[] }[]) =>
  lower(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));

export type Template = {
  actions: {
    name: string;
    actionId: string;
    target: { key: string; value: string };
    parameters: { key: string; value: string }[];
  }[];
  targets: {
    name: string;
    resourceType: string;
    selectionMode: string;
    resourceTags?: { key: string; value: string }[];
    parameters?: Record<string, string>;
    filters?: { path: string; values: string[] }[];
  }[];
  stopConditions: { source: string; value: string }[];
  roleArn: string;
  experimentOptions: { emptyTargetResolutionMode: string; accountTargeting: string };
  logConfiguration: { logSchemaVersion: number; cloudwatchLogsConfiguration: { logGroupArn: string } };
};

/** Every problem a template has against the known catalogue: ids, targets, parameters, selection. */
export function templateProblems(t: Template): string[] {
  const problems: string[] = [];
  const targets = new Map(t.targets.map((x) => [x.name, x]));
  for (const a of t.actions) {
    const known = KNOWN[a.actionId];
    if (!known) {
      problems.push(`${a.name}: unknown action id ${a.actionId}`);
      continue;
    }
    const target = targets.get(a.target.value);
    if (a.target.key !== known.key) problems.push(`${a.name}: target key ${a.target.key}, expected ${known.key}`);
    if (!target) problems.push(`${a.name}: no target named ${a.target.value}`);
    else if (target.resourceType !== known.type) problems.push(`${a.name}: target type ${target.resourceType}`);
    const keys = a.parameters.map((p) => p.key);
    for (const k of keys) {
      if (![...known.required, ...known.optional].includes(k)) problems.push(`${a.name}: unknown parameter ${k}`);
    }
    for (const k of known.required) {
      if (!keys.includes(k)) problems.push(`${a.name}: missing parameter ${k}`);
    }
  }
  for (const x of t.targets) {
    if (!/^(ALL|COUNT\(\d+\)|PERCENT\(\d+\))$/.test(x.selectionMode)) problems.push(`${x.name}: ${x.selectionMode}`);
    for (const k of Object.keys(x.parameters ?? {})) {
      if (!(TARGET_PARAMETERS[x.resourceType] ?? []).includes(k)) problems.push(`${x.name}: target parameter ${k}`);
    }
    if (!t.actions.some((a) => a.target.value === x.name)) problems.push(`${x.name}: no action uses it`);
  }
  return problems;
}
