import { GraphResource, T } from "@dr-platform/model";
import { MeterLine, Rule, RuleContext } from "./meter-types";
import {
  contingent,
  firewallLines,
  hourly,
  list,
  monthly,
  num,
  obj,
  referenced,
  regionOf,
  str,
  usage,
} from "./rule-helpers";

/** What each AWS resource type bills for. Types with no charge of their own are in rules-free.ts. */

function eksCluster(r: GraphResource, ctx: RuleContext): MeterLine[] {
  // EXTENDED is the API's default when no upgrade policy is given (docs/sources.md#eks-upgrade-policy).
  const support = str(obj(r.inputs.upgradePolicy).supportType) ?? "EXTENDED";
  const lines = [hourly(r, ctx, "eks:cluster-standard-support", 1, "cluster")];
  if (support === "EXTENDED") {
    // The surcharge applies only while the cluster's Kubernetes version is past standard support; the
    // EXTENDED policy is what lets it stay there instead of being upgraded.
    const surcharge = hourly(r, ctx, "eks:cluster-extended-support-surcharge", 1, "cluster in extended support");
    const version = str(r.inputs.version) ?? "its version";
    lines.push(
      ctx.assumptions.eksExtendedSupportActive
        ? {
            ...surcharge,
            assumption: `priced as if Kubernetes ${version} were in extended support (--extended-support)`,
          }
        : contingent(
            surcharge,
            `billed once Kubernetes ${version} leaves standard support: upgradePolicy EXTENDED keeps the cluster on it instead of upgrading`,
          ),
    );
  }
  return lines;
}

function nodeGroup(r: GraphResource, ctx: RuleContext): MeterLine[] {
  const scaling = obj(r.inputs.scalingConfig);
  const nodes = num(scaling.desiredSize) ?? num(scaling.minSize) ?? 0;
  const template = referenced(ctx, r, "launchTemplate", T.launchTemplate);
  const types = list(r.inputs.instanceTypes).map(String);
  const instanceType = str(template?.inputs.instanceType) ?? types[0] ?? "t3.medium";
  const spot = r.inputs.capacityType === "SPOT";
  const typeNote =
    types.length > 1
      ? `priced as ${instanceType}, the first of ${types.join(", ")} (EKS may launch any of them)`
      : types.length === 0 && !template?.inputs.instanceType
        ? "no instance type given: EKS's default t3.medium"
        : undefined;
  const spotNote = spot ? "SPOT: priced at a dated spot snapshot; spot prices move hourly" : undefined;
  const notes = [typeNote, spotNote].filter((s) => s !== undefined);
  const lines: MeterLine[] = [
    hourly(r, ctx, `${spot ? "ec2-spot" : "ec2"}:${instanceType}`, nodes, `${instanceType} node(s)`, {
      assumption: [
        `desiredSize ${nodes} (the autoscaler moves it within ${String(scaling.minSize)}..${String(scaling.maxSize)})`,
        ...notes,
      ].join("; "),
      switchedOffBy: "nodeGroups",
      compute: true,
    }),
  ];
  const ebs = obj(obj(list(template?.inputs.blockDeviceMappings)[0]).ebs);
  const sizeGiB = num(ebs.volumeSize) ?? num(r.inputs.diskSize) ?? 20;
  const volumeType = str(ebs.volumeType) ?? "gp2";
  lines.push({
    ...monthly(
      r,
      `ebs:${volumeType}-storage`,
      nodes * sizeGiB,
      `GB-month of ${volumeType} root volumes (${nodes} x ${sizeGiB} GiB)`,
    ),
    unit: "GB-month",
    // Root volumes are deleted with their instances, so they go with the nodes out of hours.
    switchedOffBy: "nodeGroups",
  });
  return lines;
}

function natGateway(r: GraphResource, ctx: RuleContext): MeterLine[] {
  return [
    hourly(r, ctx, "vpc:nat-gateway", 1, "NAT gateway"),
    usage(r, "vpc:nat-gateway-data-processed", "GB", "data processed by the NAT gateway"),
  ];
}

function eip(r: GraphResource, ctx: RuleContext): MeterLine[] {
  return [
    hourly(r, ctx, "vpc:public-ipv4-in-use", 1, "Elastic IP", {
      assumption: "attached (the program allocates Elastic IPs for NAT gateways)",
    }),
  ];
}

function loadBalancer(r: GraphResource, ctx: RuleContext): MeterLine[] {
  const type = str(r.inputs.loadBalancerType) ?? "application";
  const short = type === "application" ? "alb" : type === "network" ? "nlb" : type;
  const lines = [
    hourly(r, ctx, `elb:${short}-hour`, 1, `${type} load balancer`),
    usage(r, `elb:${short}-lcu-hour`, "LCU-hour", "load balancer capacity units (traffic)"),
  ];
  const azs = Math.max(list(r.inputs.subnets).length, list(r.inputs.subnetMappings).length);
  if (r.inputs.internal !== true && azs > 0) {
    lines.push(
      hourly(r, ctx, "vpc:public-ipv4-in-use", azs, "public IPv4 address(es)", {
        assumption: `an internet-facing load balancer holds one public IPv4 address per AZ (${azs} subnets)`,
      }),
    );
  }
  return lines;
}

function clusterInstance(r: GraphResource, ctx: RuleContext): MeterLine[] {
  const cls = str(r.inputs.instanceClass) ?? "unknown";
  const cluster = referenced(ctx, r, "clusterIdentifier", T.rdsCluster);
  // A cluster in a global database cannot be stopped, so the schedule never switches it off; nor is an
  // instance whose cluster the plan does not show credited (the saving would be a guess).
  const stoppable = cluster !== undefined && cluster.inputs.globalClusterIdentifier === undefined;
  const schedule = stoppable ? ({ switchedOffBy: "database" } as const) : {};
  if (cls === "db.serverless") {
    const min = num(obj(cluster?.inputs.serverlessv2ScalingConfiguration).minCapacity) ?? 0.5;
    return [
      hourly(r, ctx, "aurora:serverless-v2-acu", min, "ACU (minimum capacity)", {
        assumption:
          min === 0
            ? "minCapacity 0: the instance pauses when idle, so the floor is 0 ACU-hours; active ACU-hours are usage-based"
            : `counted at minCapacity ${min} ACU; ACU-hours above it are usage-based`,
        compute: true,
        ...schedule,
      }),
      usage(r, "aurora:serverless-v2-acu", "ACU-hour", "ACU-hours above the minimum (load)"),
    ];
  }
  return [hourly(r, ctx, `aurora-postgresql:${cls}`, 1, `${cls} instance`, { compute: true, ...schedule })];
}

function rdsCluster(r: GraphResource): MeterLine[] {
  const lines = [
    usage(r, "aurora:storage", "GB-month", "cluster storage (data size); billed even while stopped"),
    usage(r, "aurora:io-requests", "1M requests", "I/O requests (Aurora Standard)"),
  ];
  if (r.inputs.globalClusterIdentifier !== undefined) {
    lines.push(
      usage(r, "aurora:global-database-replicated-write-io", "1M replicated write I/Os", "global database replication"),
    );
  }
  return lines;
}

function healthCheck(r: GraphResource): MeterLine[] {
  const type = str(r.inputs.type) ?? "HTTP";
  // A calculated check (children) or a metric check (an alarm) sends no requests; Route 53 bills them as basic
  // checks of an AWS endpoint, with no optional features (https://aws.amazon.com/route53/pricing/).
  if (type === "CALCULATED" || type === "CLOUDWATCH_METRIC") {
    const what = type === "CALCULATED" ? "calculated health check" : "health check on a CloudWatch alarm";
    return [monthly(r, "route53:health-check-basic-aws-endpoint", 1, what)];
  }
  const aws = r.inputs.ipAddress === undefined && (str(r.inputs.fqdn) ?? "").endsWith(".amazonaws.com");
  const endpoint = aws ? "aws-endpoint" : "non-aws-endpoint";
  const features = [
    type.startsWith("HTTPS") ? "HTTPS" : undefined,
    type.endsWith("_STR_MATCH") ? "string matching" : undefined,
    r.inputs.requestInterval === 10 ? "fast interval" : undefined,
    r.inputs.measureLatency === true ? "latency measurement" : undefined,
  ].filter((f): f is string => f !== undefined);
  const where = aws ? "an AWS endpoint (load balancer)" : "an endpoint outside AWS";
  const lines = [monthly(r, `route53:health-check-basic-${endpoint}`, 1, `health check on ${where}`)];
  if (features.length > 0) {
    lines.push(monthly(r, `route53:health-check-optional-feature-${endpoint}`, features.length, features.join(", ")));
  }
  return lines;
}

function metricAlarm(r: GraphResource): MeterLine[] {
  const highResolution = (num(r.inputs.period) ?? 60) < 60;
  // A metric-math alarm is billed per metric it reads; a plain alarm reads one.
  const metrics = Math.max(list(r.inputs.metricQueries).filter((q) => obj(q).metric !== undefined).length, 1);
  const sku = `cloudwatch:alarm-${highResolution ? "high" : "standard"}-resolution`;
  return [monthly(r, sku, metrics, `alarm metric(s)${highResolution ? " at high resolution" : ""}`)];
}

function secret(r: GraphResource): MeterLine[] {
  const lines = [monthly(r, "secretsmanager:secret", 1, "secret")];
  for (const replica of list(r.inputs.replicas).map(obj)) {
    // A replica is billed as a secret of its own, in its region.
    lines.push(
      monthly(r, "secretsmanager:secret", 1, "replica secret", { region: str(replica.region) ?? regionOf(r) }),
    );
  }
  return lines;
}

function vpcEndpoint(r: GraphResource, ctx: RuleContext): MeterLine[] {
  if ((str(r.inputs.vpcEndpointType) ?? "Gateway") === "Gateway") {
    return [hourly(r, ctx, "vpc:gateway-endpoint", 1, "gateway endpoint")];
  }
  const azs = Math.max(list(r.inputs.subnetIds).length, 1);
  return [hourly(r, ctx, "vpc:interface-endpoint", azs, "interface endpoint AZ(s)")];
}

function bucketReplication(r: GraphResource): MeterLine[] {
  const rtc = list(r.inputs.rules).some((rule) => obj(obj(obj(rule).destination).replicationTime).status === "Enabled");
  const lines = [usage(r, "data-transfer:inter-region-out", "GB", "replicated bytes leaving the region")];
  if (rtc) {
    lines.push(
      usage(r, "s3:replication-time-control-data-transfer", "GB", "Replication Time Control, per GB replicated"),
    );
  }
  return lines;
}

function backupPlan(r: GraphResource): MeterLine[] {
  const copies = list(r.inputs.rules).some((rule) => list(obj(rule).copyActions).length > 0);
  const lines = [usage(r, "backup:warm-storage", "GB-month", "recovery points kept in the vault")];
  if (copies) {
    lines.push(usage(r, "data-transfer:inter-region-out", "GB", "recovery points copied to another region"));
  }
  return lines;
}

const usageOnly =
  (sku: string, unit: string, what: string): Rule =>
  (r) => [usage(r, sku, unit, what)];

export const AWS_RULES: Readonly<Record<string, Rule>> = {
  [T.eksCluster]: eksCluster,
  [T.nodeGroup]: nodeGroup,
  [T.natGateway]: natGateway,
  [T.eip]: eip,
  [T.loadBalancer]: loadBalancer,
  [T.rdsInstance]: clusterInstance,
  [T.rdsCluster]: rdsCluster,
  [T.kmsKey]: (r) => [monthly(r, "kms:customer-managed-key", 1, "customer managed key")],
  [T.healthCheck]: healthCheck,
  [T.metricAlarm]: metricAlarm,
  [T.secret]: secret,
  [T.vpnConnection]: (r, ctx) => [
    hourly(r, ctx, "vpn:site-to-site-connection", 1, "VPN connection (2 tunnels)"),
    usage(r, "data-transfer:out-to-internet-first-10TB", "GB", "data sent over the VPN"),
  ],
  [T.vpcEndpoint]: vpcEndpoint,
  [T.regionSwitchPlan]: (r) => [monthly(r, "arc:region-switch-plan", 1, "Region switch plan")],
  [T.bucket]: usageOnly("s3:standard-storage-first-50TB", "GB-month", "objects stored"),
  [T.bucketReplication]: bucketReplication,
  [T.queue]: (r) => [
    usage(r, r.inputs.fifoQueue === true ? "sqs:fifo-requests" : "sqs:standard-requests", "1M requests", "requests"),
  ],
  [T.logGroup]: usageOnly("cloudwatch-logs:ingestion", "GB", "log data ingested and stored"),
  [T.flowLog]: usageOnly("cloudwatch-logs:vended-ingestion", "GB", "flow log records delivered"),
  [T.topic]: usageOnly("sns:requests", "1M requests", "notifications published"),
  [T.backupVault]: usageOnly("backup:warm-storage", "GB-month", "recovery points stored"),
  [T.backupPlan]: backupPlan,
  [T.record]: usageOnly(
    "route53:standard-queries",
    "1M queries",
    "DNS queries (alias queries to AWS resources are free)",
  ),
  [T.awsSchedule]: usageOnly("scheduler:invocations", "1M invocations", "scheduled invocations"),
  [T.fisExperiment]: usageOnly("fis:action-minutes", "action-minute", "only while an experiment runs"),
  // A managed rule group is billed as one rule.
  [T.webAcl]: (r) => firewallLines(r, "waf", "web-acl"),
  [T.dashboard]: (r) => [
    monthly(r, "cloudwatch:dashboard", 1, "dashboard", { assumption: "beyond the account's free dashboards" }),
  ],
  [T.lambdaFunction]: usageOnly("lambda:requests", "1M requests", "invocations (and their GB-seconds)"),
  [T.stateMachine]: usageOnly("stepfunctions:state-transitions", "1K transitions", "state transitions"),
  [T.serverlessApplication]: usageOnly(
    "lambda:requests",
    "1M requests",
    "invocations of the function the application deploys (a rotation: a few a month)",
  ),
  [T.dataSyncTask]: usageOnly("datasync:data-copied", "GB", "data copied (Enhanced mode), only when run"),
};
