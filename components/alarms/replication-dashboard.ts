import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Every replication link a stack has, as the dashboard shows it. */
export interface ReplicationLinks {
  /** Route 53's view of each site (`HealthCheckStatus`, us-east-1). */
  readonly healthChecks: readonly { readonly label: string; readonly id: string }[];
  /** The Aurora global database's secondary cluster, which publishes the lag in its own Region. */
  readonly aurora?: { readonly clusterIdentifier: string; readonly region: string };
  /** S3 replication with RTC, one entry per direction, whose metrics are in the source bucket's Region. */
  readonly objects?: readonly {
    readonly sourceBucket: string;
    readonly destinationBucket: string;
    readonly ruleId: string;
    readonly region: string;
  }[];
  /** A Google DMS job: its lag is in Cloud Monitoring, which a CloudWatch dashboard links to. */
  readonly dms?: { readonly project: string; readonly migrationJobId: string; readonly alertPolicy: string };
}

type Widget = Record<string, unknown>;

const metricWidget = (title: string, region: string, metrics: unknown[][], stat: string, y: number, x = 0): Widget => ({
  type: "metric",
  x,
  y,
  width: 12,
  height: 6,
  properties: { title, region, metrics, stat, period: 60, view: "timeSeries" },
});

/**
 * The dashboard's body: one widget per link, each reading its metric in the Region that publishes it, so the
 * dashboard (in us-east-1) shows every link from outside the primary Region. A link whose Region is lost shows
 * no data, which is itself the answer.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
export function replicationDashboardBody(links: ReplicationLinks): string {
  const widgets: Widget[] = [
    metricWidget(
      "Route 53: each site's health (1 healthy, 0 unhealthy)",
      "us-east-1",
      links.healthChecks.map((h) => ["AWS/Route53", "HealthCheckStatus", "HealthCheckId", h.id, { label: h.label }]),
      "Minimum",
      0,
    ),
  ];
  if (links.aurora) {
    const dims = ["DBClusterIdentifier", links.aurora.clusterIdentifier];
    widgets.push(
      metricWidget(
        "Aurora global database: what a failover would lose, and the lag (ms)",
        links.aurora.region,
        [
          ["AWS/RDS", "AuroraGlobalDBRPOLag", ...dims],
          ["AWS/RDS", "AuroraGlobalDBReplicationLag", ...dims],
        ],
        "Maximum",
        0,
        12,
      ),
    );
  }
  (links.objects ?? []).forEach((o, i) => {
    const dims = ["SourceBucket", o.sourceBucket, "DestinationBucket", o.destinationBucket, "RuleId", o.ruleId];
    widgets.push(
      metricWidget(
        `S3 replication ${o.ruleId} (${o.region}): latency (s) and failed operations`,
        o.region,
        [
          ["AWS/S3", "ReplicationLatency", ...dims],
          ["AWS/S3", "OperationsFailedReplication", ...dims, { stat: "Sum" }],
        ],
        "Maximum",
        6 + 6 * Math.floor(i / 2),
        12 * (i % 2),
      ),
    );
  });
  if (links.dms) {
    const d = links.dms;
    widgets.push({
      type: "text",
      x: 12,
      y: links.objects && links.objects.length > 1 ? 12 : 6,
      width: 12,
      height: 6,
      properties: {
        markdown:
          `## Database Migration Service job ${d.migrationJobId}\n\n` +
          `Its lag (\`datamigration.googleapis.com/migration_job/max_replica_sec_lag\`) is in Cloud Monitoring, ` +
          `project ${d.project}; the alert policy ${d.alertPolicy} pages when it passes the RPO target or stops.\n\n` +
          `[Open the job](https://console.cloud.google.com/dbmigration/migrations?project=${d.project})`,
      },
    });
  }
  return JSON.stringify({ widgets });
}

/** Arguments of {@link ReplicationDashboard}. Create it with the us-east-1 provider. */
export interface ReplicationDashboardArgs {
  readonly links: pulumi.Input<ReplicationLinks>;
}

/**
 * ReplicationDashboard is the one place that shows every replication link of the stack and its lag, in
 * us-east-1 (where Route 53's metrics are): it stays readable when the primary Region is lost.
 */
export class ReplicationDashboard extends pulumi.ComponentResource {
  public readonly dashboardName: pulumi.Output<string>;
  /** The console address, for the stack outputs and the runbooks. */
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: ReplicationDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:alarms:ReplicationDashboard", name, {}, opts);
    const dashboardName = `${name}-${pulumi.getStack()}`;
    const dashboard = new aws.cloudwatch.Dashboard(
      name,
      {
        dashboardName,
        dashboardBody: pulumi.output(args.links).apply((links) => replicationDashboardBody(links as ReplicationLinks)),
      },
      { parent: this },
    );
    this.dashboardName = dashboard.dashboardName;
    this.url = pulumi.interpolate`https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=${dashboard.dashboardName}`;
    this.registerOutputs({ dashboardName: this.dashboardName, url: this.url });
  }
}
