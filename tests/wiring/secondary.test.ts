import * as assert from "node:assert/strict";
import { drReport } from "../../dr";
import { cloudResources, Graph, GraphResource } from "../../tools/offline/graph";
import { DR_MODES } from "../../stack-config";
import { SECONDARY_MODULES, SHAPES, siteShape } from "../../wiring/secondary";
import { ofType, render, under } from "../harness";

/**
 * The secondary site and the links between the sites, on the real program's graphs: prod with its
 * Tokyo warm standby, and prod moved to Google Cloud by one key. Mocks prove the wiring the program
 * asks for, not that replication, the VPN or DMS come up; the drills in docs/runbooks do.
 */

const byType = (g: Graph, type: string) => ofType(g, type);

describe("secondary: AWS Tokyo (prod)", () => {
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });

  const classes = (g: Graph, site: string) =>
    under(g, `${site}-db`)
      .filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance")
      .map((r) => r.inputs.instanceClass);

  it("links exactly one primary and one secondary Aurora cluster to the global database, at one version", () => {
    const [global] = byType(prod, "aws:rds/globalCluster:GlobalCluster");
    const members = byType(prod, "aws:rds/cluster:Cluster");
    assert.deepEqual(
      members.map((c) => [c.name, c.inputs.globalClusterIdentifier, c.inputs.engineVersion, c.region]),
      [
        ["primary-db", `${global.name}-id`, global.inputs.engineVersion, "ap-northeast-2"],
        ["secondary-db", `${global.name}-id`, global.inputs.engineVersion, "ap-northeast-1"],
      ],
    );
    const [primary, secondary] = members;
    assert.equal(primary.inputs.masterPassword, "[secret]");
    assert.equal(secondary.inputs.masterPassword, undefined, "a secondary replicates the primary's users");
    assert.ok(secondary.dependsOn.includes(primary.urn), "the secondary joins after the primary");
    assert.notEqual(secondary.inputs.kmsKeyId, primary.inputs.kmsKeyId, "each region has its own key");
    // The password must stay readable in Tokyo when Seoul is gone (under a key of the stack there).
    assert.deepEqual(byType(prod, "aws:secretsmanager/secret:Secret")[0].inputs.replicas, [
      { region: "ap-northeast-1", kmsKeyId: "arn:aws:kms:ap-northeast-1:123456789012:key/secret-replica-key" },
    ]);
    // Secrets Manager writes every new version (a rotation's in Seoul too) into the replica with that key, for
    // whichever principal made the change: the key lets the account use it through Secrets Manager in Tokyo only.
    const replicaKey = byType(prod, "aws:kms/key:Key").find((k) => k.name === "secret-replica-key")!;
    assert.equal(replicaKey.region, "ap-northeast-1");
    assert.deepEqual(JSON.parse(String(replicaKey.inputs.policy)).Statement[1].Condition, {
      StringEquals: {
        "kms:CallerAccount": "123456789012",
        "kms:ViaService": "secretsmanager.ap-northeast-1.amazonaws.com",
      },
    });
    // The standby's own instance is Serverless v2 (secondary.aws.database), resting at 1 ACU, growing to 16.
    assert.deepEqual(classes(prod, "secondary"), ["db.serverless"]);
    assert.deepEqual(classes(prod, "primary"), ["db.r6g.xlarge", "db.r6g.xlarge"]);
    assert.deepEqual(secondary.inputs.serverlessv2ScalingConfiguration, { minCapacity: 1, maxCapacity: 16 });
    assert.equal(primary.inputs.serverlessv2ScalingConfiguration, undefined);
  });

  it("keeps the promoted standby's own instance as it is and adopts the growth's at the writer's class", async () => {
    const after = await render({ stack: "prod", overrides: [["activeSite", "secondary"]] });
    // The day-after render restarts nothing: instance 1 keeps its kind, instance 2 (adopted) is the writer's class.
    assert.deepEqual(classes(after, "secondary"), ["db.serverless", "db.r6g.xlarge"]);
    const adopted = under(after, "secondary-db").filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance")[1];
    assert.ok(adopted.importId, "the growth's instance is adopted, not created");
    const growth = byType(prod, "aws:lambda/function:Function").find((f) => f.name === "secondary-db-growth")!;
    assert.match(JSON.stringify(growth.inputs.environment), /db\.r6g\.xlarge/);
  });

  it("replicates the bucket to Tokyo with RTC and metrics at 15 minutes, delete markers and KMS re-encryption", () => {
    const [config] = byType(prod, "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
    const [rule] = config.inputs.rules as any[];
    const destination = byType(prod, "aws:s3/bucket:Bucket").find((b) => b.name === "secondary-objects")!;
    assert.equal(rule.destination.bucket, `arn:aws:s3:::${String(destination.inputs.bucket)}`);
    assert.deepEqual(rule.destination.replicationTime, { status: "Enabled", time: { minutes: 15 } });
    assert.deepEqual(rule.destination.metrics, { status: "Enabled", eventThreshold: { minutes: 15 } });
    assert.deepEqual(rule.deleteMarkerReplication, { status: "Enabled" });
    assert.match(rule.destination.encryptionConfiguration.replicaKmsKeyId, /:ap-northeast-1:/);
    assert.equal(config.region, "ap-northeast-2");
  });

  it("copies every backup to a vault in Tokyo, and keeps a queue and DLQ there", () => {
    const [plan] = byType(prod, "aws:backup/plan:Plan");
    const vault = byType(prod, "aws:backup/vault:Vault").find((v) => v.region === "ap-northeast-1")!;
    const [copy] = (plan.inputs.rules as any[])[0].copyActions;
    assert.equal(copy.destinationVaultArn, `arn:aws:backup:ap-northeast-1:123456789012:vault/${vault.name}`);
    assert.deepEqual(
      byType(prod, "aws:sqs/queue:Queue")
        .filter((q) => q.region === "ap-northeast-1")
        .map((q) => q.name)
        .sort(),
      ["secondary-queue", "secondary-queue-dlq"],
    );
  });

  it("pairs PRIMARY and SECONDARY failover records on one name, each with its own health check", () => {
    const records = byType(prod, "aws:route53/record:Record").filter((r) => r.inputs.failoverRoutingPolicies);
    assert.equal(records.length, 2);
    assert.equal(new Set(records.map((r) => `${r.inputs.name}/${r.inputs.type}`)).size, 1);
    assert.deepEqual(records.map((r) => (r.inputs.failoverRoutingPolicies as any[])[0].type).sort(), [
      "PRIMARY",
      "SECONDARY",
    ]);
    assert.equal(new Set(records.map((r) => r.inputs.setIdentifier)).size, 2);
    assert.equal(new Set(records.map((r) => r.inputs.healthCheckId)).size, 2);
    for (const r of records) {
      assert.equal((r.inputs.aliases as any[])[0].evaluateTargetHealth, true);
    }
    // Each record follows a calculated check; the HTTPS checks under them ask each site's deep check.
    const https = byType(prod, "aws:route53/healthCheck:HealthCheck").filter((c) => c.inputs.type === "HTTPS");
    assert.deepEqual(
      https.map((c) => c.name),
      ["dns-primary-endpoint", "dns-secondary-endpoint"],
    );
    for (const check of https) {
      assert.deepEqual(
        [check.inputs.requestInterval, check.inputs.failureThreshold, check.inputs.resourcePath],
        [10, 3, "/healthz/region"],
      );
      assert.equal((check.inputs.regions as string[]).length, 8);
    }
  });

  it("reports the automatic chain's RTO (the starter's alarm, then promotion) and RPO ~1s, and misses with slow checks", async () => {
    assert.equal(
      drReport(prod, prod.outputs.drTargets as any).split("\n")[0],
      "RTO 2m45s = health check 30s (10s x 3) + quorum alarm 60s (60s x 1) + starter ~15s + DB promotion ~60s (users at 1m30s in parallel); RPO ~1s (Aurora global replication), bound 60s (rds.global_db_rpo); objects 15m (S3 RTC); meets targets RTO <= 4m, RPO <= 1s",
    );
    const slow = await render({
      stack: "prod",
      overrides: [
        ["dns.failureThreshold", 10],
        ["drTargets.aws.rtoSeconds", 120],
      ],
    });
    assert.match(
      drReport(slow, slow.outputs.drTargets as any),
      /^RTO 3m55s = health check 1m40s \(10s x 10\).*starter ~15s.*MISSES target RTO <= 2m/,
    );
  });

  it("builds an ARC Region switch plan that switches the database and scales Tokyo", () => {
    const [plan] = byType(prod, "aws:arcregionswitch/plan:Plan");
    assert.deepEqual(
      [plan.inputs.primaryRegion, plan.inputs.regions],
      ["ap-northeast-2", ["ap-northeast-2", "ap-northeast-1"]],
    );
    const [activateTokyo] = plan.inputs.workflows as any[];
    const blocks = activateTokyo.steps[0].parallelConfigs[0].steps.map((s: any) => s.executionBlockType);
    assert.deepEqual(blocks, ["AuroraGlobalDatabase", "EKSResourceScaling"]);
  });
});

describe("secondary: Google Cloud (prod with secondary.cloud gcp)", () => {
  let gcp: Graph;
  before(async () => {
    gcp = await render({ stack: "prod", overrides: [["secondary.cloud", "gcp"]] });
  });

  it("runs a regional GKE cluster, Cloud SQL REGIONAL with PITR, and the service behind a static IP", () => {
    const [cluster] = byType(gcp, "gcp:container/cluster:Cluster");
    assert.equal(cluster.inputs.location, "asia-northeast1");
    const [sql] = byType(gcp, "gcp:sql/databaseInstance:DatabaseInstance");
    assert.equal((sql.inputs.settings as any).availabilityType, "REGIONAL");
    assert.equal((sql.inputs.settings as any).backupConfiguration.pointInTimeRecoveryEnabled, true);
    assert.equal(sql.inputs.databaseVersion, "POSTGRES_16");
    assert.equal(
      byType(gcp, "gcp:compute/globalAddress:GlobalAddress").filter((a) => a.inputs.addressType === "EXTERNAL").length,
      1,
    );
  });

  it("joins the sites with an HA VPN of four tunnels, each with a BGP session", () => {
    assert.equal(
      byType(gcp, "gcp:compute/vPNTunnel:VPNTunnel").length + byType(gcp, "gcp:compute/vpnTunnel:VPNTunnel").length,
      4,
    );
    assert.equal(byType(gcp, "gcp:compute/routerPeer:RouterPeer").length, 4);
    assert.equal(byType(gcp, "aws:ec2/vpnConnection:VpnConnection").length, 2);
  });

  it("replicates Aurora to Cloud SQL with a CONTINUOUS DMS job from the writer endpoint, pglogical on the source", () => {
    const [job] = byType(gcp, "gcp:databasemigrationservice/migrationJob:MigrationJob");
    assert.equal(job.inputs.type, "CONTINUOUS");
    const profiles = byType(gcp, "gcp:databasemigrationservice/connectionProfile:ConnectionProfile");
    const source = profiles.find((p) => p.urn === job.dependsOn.find((d) => d.endsWith("-source")))!;
    assert.ok(
      source.dependsOn.some((d) => d.endsWith("::primary-db")),
      "the source profile reads the Aurora writer",
    );
    const [params] = byType(gcp, "aws:rds/clusterParameterGroup:ClusterParameterGroup");
    assert.ok((params.inputs.parameters as any[]).some((p) => p.name === "rds.logical_replication" && p.value === "1"));
  });

  it("fails over to the Gateway's static IP with a plain A record of TTL 60 and an IP health check", () => {
    const secondary = byType(gcp, "aws:route53/record:Record").find(
      (r) => (r.inputs.failoverRoutingPolicies as any[] | undefined)?.[0].type === "SECONDARY",
    )!;
    assert.equal(secondary.inputs.ttl, 60);
    assert.equal((secondary.inputs.records as string[]).length, 1);
    const checks = byType(gcp, "aws:route53/healthCheck:HealthCheck");
    assert.ok(checks.some((c) => c.inputs.ipAddress !== undefined && c.inputs.enableSni === true));
    assert.match(
      drReport(gcp, gcp.outputs.drTargets as any),
      /^RTO >= 4m30s = .*human step B4 \+ Cloud SQL promotion ~2m \+ after-promotion setup ~60s.*meets targets RTO <= 15m, RPO <= 60s\n/,
    );
  });

  it("places every resource through an explicit provider", () => {
    assert.deepEqual(
      cloudResources(gcp)
        .filter((r: GraphResource) => r.provider === "")
        .map((r) => r.urn),
      [],
    );
  });
});

describe("secondary: backup and restore (dev)", () => {
  it("answers on the service's name with a plain, health-checked record, since there is no site to fail over to", async () => {
    const dev = await render({ stack: "dev" });
    const records = byType(dev, "aws:route53/record:Record").filter((r) => r.name.startsWith("dns-"));
    assert.deepEqual(
      records.map((r) => [r.name, r.inputs.failoverRoutingPolicies, (r.inputs.aliases as any[])[0].name]),
      [["dns-primary", undefined, "primary-alb-offline.ap-northeast-2.elb.amazonaws.com"]],
    );
    // The primary's endpoint check, its checker quorum, its override, and the calculated check over them.
    assert.deepEqual(
      byType(dev, "aws:route53/healthCheck:HealthCheck")
        .map((c) => c.name)
        .sort(),
      ["dns-primary", "dns-primary-endpoint", "dns-primary-override", "dns-primary-quorum"],
    );
    assert.equal(
      byType(dev, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name === "dns-primary-health").length,
      1,
    );
    assert.deepEqual((dev.outputs.dnsFailover as any).enabled, false);
    assert.match(
      drReport(dev, dev.outputs.drTargets as any),
      /^RTO >= 4h = human step restore \+ restore \+ rebuild ~4h; RPO 24h \(daily AWS Backup copy\)/,
    );
  });
});

describe("secondary: one shape per DR mode and cloud", () => {
  const clouds = Object.keys(SHAPES) as (keyof typeof SHAPES)[];

  it("is what each shipped module builds from, row for row", () => {
    for (const cloud of clouds) {
      assert.equal(SECONDARY_MODULES[cloud].shapes, SHAPES[cloud], cloud);
      for (const mode of DR_MODES) {
        assert.equal(siteShape(mode, cloud), SHAPES[cloud][mode]);
      }
    }
  });

  it("agrees with itself: DNS fails over only to a serving cluster, a database only with a link, backups always leave", () => {
    for (const cloud of clouds) {
      for (const mode of DR_MODES) {
        const s = siteShape(mode, cloud);
        const where = `${cloud} ${mode}`;
        assert.equal(s.dnsTarget, s.cluster === "serving", where);
        assert.equal(s.database === "none", s.databaseLink === "none", where);
        assert.equal(s.backupCopy, true, where);
      }
    }
  });

  it("keeps only the network for backup and restore, and serves a warm standby on every cloud", () => {
    for (const cloud of clouds) {
      const br = siteShape("backup-restore", cloud);
      assert.deepEqual([br.cluster, br.database, br.objects, br.queue], ["none", "none", false, false], cloud);
      const warm = siteShape("warm-standby", cloud);
      assert.deepEqual([warm.cluster, warm.database, warm.objects], ["serving", "replica", true], cloud);
    }
    // Both pilot lights serve. GKE's autoscaler is Google's; an EKS one runs its controllers on one node, keeps no
    // service replicas and a headless database until the Region switch plan grows them.
    const aws = siteShape("pilot-light", "aws");
    assert.deepEqual(
      [aws.cluster, aws.database, aws.dnsTarget, aws.serviceAtRest, aws.controllerNode],
      ["serving", "headless", true, "none", true],
    );
    const gcp = siteShape("pilot-light", "gcp");
    assert.deepEqual([gcp.cluster, gcp.serviceAtRest, gcp.controllerNode], ["serving", "configured", false]);
  });
});
