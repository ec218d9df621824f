import * as assert from "node:assert/strict";
import {
  auroraWriterInRegionQuery,
  awsSiteProbes,
  configProblems,
  GCP_METADATA_RESOLVER,
  Probe,
  RegionalHealthConfig,
  regionalHealthArgProblems,
  vpcResolverAddress,
} from "../../../components/health";
import { mustParseCidr, overlaps } from "../../../lib/cidr";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { render, under, VARIANTS } from "../../harness";
import { validConfig } from "../../health-check/fixtures";

/**
 * The deep regional check as the program deploys it (components/health): the probe plan (pure), and, in every
 * rendered stack, where each site's check points. The runtime itself is tested against a real PostgreSQL and
 * a real resolver in tests/health-check/.
 *
 * What this cannot prove: that the pods can reach the endpoints (security groups, routes), that Aurora accepts
 * the login over TLS, that the ALB routes the path to the pods; only a deployed stack shows that.
 */

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const configOf = (r: GraphResource): RegionalHealthConfig =>
  JSON.parse(String((r.inputs.data as Record<string, string>)["config.json"]));
const deepChecks = (resources: GraphResource[]) =>
  resources.filter(
    (r) =>
      r.type === CONFIG_MAP &&
      (r.inputs.metadata as { labels?: Record<string, string> }).labels?.["app.kubernetes.io/name"] ===
        "regional-health",
  );

describe("deep regional check: the probe plan (pure)", () => {
  it("asks the VPC's own resolver: base address + 2", () => {
    assert.equal(vpcResolverAddress("10.10.0.0/16"), "10.10.0.2");
    assert.equal(vpcResolverAddress("172.31.64.0/18"), "172.31.64.2");
    assert.throws(() => vpcResolverAddress("10.10.0.1/16"), /host bits/);
  });

  it("probes the database and the site's own Region's SQS, S3 and STS endpoints", () => {
    const probes = awsSiteProbes({
      region: "ap-northeast-1",
      databaseHost: "db.cluster-ro-x.ap-northeast-1.rds.amazonaws.com",
      databasePort: 5432,
      writerOnly: false,
    });
    assert.deepEqual(
      probes.map((p) => [p.kind, p.name, p.host]),
      [
        ["postgres", "database", "db.cluster-ro-x.ap-northeast-1.rds.amazonaws.com"],
        ["https", "queue", "sqs.ap-northeast-1.amazonaws.com"],
        ["https", "objects", "s3.ap-northeast-1.amazonaws.com"],
        ["https", "sts", "sts.ap-northeast-1.amazonaws.com"],
      ],
    );
    assert.equal(probes[0].kind === "postgres" && probes[0].query, undefined, "a reader is enough: no role query");
  });

  it("makes the primary role-aware: healthy only while the global writer runs in its Region", () => {
    const [database] = awsSiteProbes({
      region: "ap-northeast-2",
      databaseHost: "h",
      databasePort: 5432,
      writerOnly: true,
    });
    assert.equal(database.kind === "postgres" && database.query, auroraWriterInRegionQuery("ap-northeast-2"));
    assert.equal(
      auroraWriterInRegionQuery("ap-northeast-2"),
      "SELECT coalesce(bool_or(session_id = 'MASTER_SESSION_ID' AND aws_region = 'ap-northeast-2'), false) " +
        "FROM aurora_global_db_instance_status()",
    );
    assert.throws(() => auroraWriterInRegionQuery("x'; DROP TABLE t; --"), /not an AWS Region/);
  });

  it("refuses an empty plan, duplicate names, missing hosts and bad timing, all at once", () => {
    const config = (probes: Probe[]) => ({ ...validConfig(), probes });
    assert.deepEqual(configProblems(config([])), ["probes: at least one probe"]);
    assert.deepEqual(
      configProblems(
        config([
          { kind: "https", name: "queue", host: "" },
          { kind: "https", name: "queue", host: "sqs.ap-northeast-2.amazonaws.com" },
        ]),
      ),
      ["probes.0.host: a host name or an IPv4 address", 'probes.1.name: "queue" is used twice'],
    );
    assert.deepEqual(
      regionalHealthArgProblems({
        resolver: { address: "10.0.0.2" },
        probes: [],
        intervalSeconds: 2,
        timeoutMs: 2000,
        failAfter: 0,
        path: "/health*",
      }).map((p) => p.path),
      ["timeoutMs", "failAfter", "path"],
    );
  });
});

for (const variant of VARIANTS) {
  describe(`deep regional check: ${variant.label}`, function () {
    this.timeout(60000);
    let graph: Graph;
    before(async () => {
      graph = await render(variant.options);
    });

    // A site's regions: AWS resources' Region, or the GCP site's region (its cluster's location).
    const siteRegion = (site: string) =>
      [
        ...new Set([
          ...under(graph, site)
            .filter((r) => r.type.startsWith("aws:"))
            .map((r) => r.region),
          ...under(graph, site)
            .filter((r) => r.type === "gcp:container/cluster:Cluster")
            .map((r) => String(r.inputs.location)),
        ]),
      ].filter((r): r is string => typeof r === "string" && r !== "");
    const serving = (site: string) =>
      under(graph, site).some(
        (r) =>
          r.type === "aws:lb/loadBalancer:LoadBalancer" || r.type === "kubernetes:gateway.networking.k8s.io/v1:Gateway",
      );
    const otherSite = (site: string) => (site === "primary" ? "secondary" : "primary");

    it("runs on every site that serves (EKS and GKE), on the path Route 53 requests, with a config the runtime accepts", () => {
      for (const site of ["primary", "secondary"]) {
        const checks = deepChecks(under(graph, site));
        assert.equal(checks.length, serving(site) ? 1 : 0, site);
        for (const check of checks) {
          assert.equal(configOf(check).path, "/healthz/region", site);
          assert.deepEqual(configProblems(configOf(check)), [], site);
        }
      }
      const endpoints = graph.resources.filter(
        (r) => r.type === "aws:route53/healthCheck:HealthCheck" && r.inputs.type === "HTTPS",
      );
      assert.ok(endpoints.length >= 1);
      for (const e of endpoints) {
        assert.equal(e.inputs.resourcePath, "/healthz/region", e.name);
        assert.equal((e.inputs.regions as string[]).length, 8, e.name);
      }
    });

    it("never probes the other site: its own database, its own Region's APIs, its own resolver", () => {
      for (const site of ["primary", "secondary"]) {
        const own = new Set(under(graph, site).map((r) => r.urn));
        const region = siteRegion(site);
        const elsewhere = siteRegion(otherSite(site));
        for (const check of deepChecks(under(graph, site))) {
          const config = configOf(check);
          // Everything the config was built from belongs to this site, but the application's secret, which a
          // global secondary reads through its own Region's replica (checked below: the ARN names this Region).
          for (const urn of check.propertyDependencies?.data ?? []) {
            const secret = urn.endsWith("aws:secretsmanager/secret:Secret::primary-db-app");
            assert.ok(own.has(urn) || secret, `${site}'s deep check is built from ${urn}, outside the site`);
          }
          for (const probe of config.probes) {
            if (probe.kind === "postgres" && probe.login) {
              assert.ok(region.includes(probe.login.region), `${site} reads its login in ${probe.login.region}`);
              assert.match(probe.login.secretId, new RegExp(`^arn:aws:secretsmanager:${probe.login.region}:`));
            }
          }
          const gcp = under(graph, site).some((r) => r.type.startsWith("gcp:"));
          for (const probe of config.probes) {
            assert.ok(!elsewhere.some((r) => probe.host.includes(r)), `${site}: ${probe.host} is the other site's`);
            if (gcp) {
              assert.doesNotMatch(probe.host, /amazonaws\.com/, `${site}: ${probe.name} reaches AWS`);
            } else {
              assert.ok(
                region.some((r) => probe.host.includes(`.${r}.`)),
                `${site}: probe ${probe.name} targets ${probe.host}, outside ${region.join(", ")}`,
              );
            }
          }
          if (gcp) {
            assert.equal(config.resolver.address, GCP_METADATA_RESOLVER, `${site} asks the metadata server`);
            const sql = under(graph, site).some((r) => r.type === "gcp:sql/databaseInstance:DatabaseInstance");
            assert.equal(
              config.probes.some((p) => p.kind === "tcp" && p.name === "database"),
              sql,
              site,
            );
            continue;
          }
          const database = config.probes.find((p) => p.kind === "postgres");
          const reader = under(graph, site).find((r) => r.type === "aws:rds/cluster:Cluster");
          if (reader) {
            assert.ok(database, `${site} has a database, so its check must probe it`);
            assert.match(database.host, new RegExp(`^${reader.name}\\.cluster-ro-`), "the site's own reader endpoint");
          }
          const vpc = under(graph, site).find((r) => r.type === "aws:ec2/vpc:Vpc");
          assert.ok(vpc);
          const block = mustParseCidr(String(vpc.inputs.cidrBlock));
          assert.ok(
            overlaps(mustParseCidr(`${config.resolver.address}/32`), block),
            `${site}'s resolver is in its VPC`,
          );
        }
      }
    });

    it("makes only the primary role-aware, and only where a global database can move the writer", () => {
      const globalDb = graph.resources.some((r) => r.type === "aws:rds/globalCluster:GlobalCluster");
      for (const site of ["primary", "secondary"]) {
        for (const check of deepChecks(under(graph, site))) {
          const database = configOf(check).probes.find((p) => p.kind === "postgres");
          const query = database?.kind === "postgres" ? database.query : undefined;
          assert.equal(query !== undefined, site === "primary" && globalDb, site);
        }
      }
    });
  });
}

describe("deep regional check: its login, read with Pod Identity (prod)", function () {
  this.timeout(60000);
  let graph: Graph;
  before(async () => {
    graph = await render({ stack: "prod" });
  });

  it("keeps no password in a Kubernetes Secret, and reads the application's secret in each site's Region", () => {
    const secrets = graph.resources.filter(
      (r) => r.type === "kubernetes:core/v1:Secret" && r.name.endsWith("-deep-check"),
    );
    assert.deepEqual(secrets, []);
    for (const site of ["primary", "secondary"]) {
      const association = under(graph, site).find(
        (r) =>
          r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" && r.name === `${site}-deep-check-login`,
      );
      assert.equal(association?.inputs.serviceAccount, "regional-health", site);
      const policy = under(graph, site).find(
        (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === `${site}-deep-check-login`,
      );
      const statements = JSON.parse(String(policy?.inputs.policy)).Statement as {
        Action: string;
        Resource: string;
        Condition?: unknown;
      }[];
      const read = statements.find((s) => s.Action === "secretsmanager:GetSecretValue");
      assert.match(
        read?.Resource ?? "",
        new RegExp(`^arn:aws:secretsmanager:${association?.region}:\\d+:secret:primary-db-app-`),
      );
      // The primary's secret is under the cluster's key (decrypted through Secrets Manager only); Tokyo's replica
      // is under that Region's AWS-managed key, which needs no grant.
      const decrypt = statements.find((s) => s.Action === "kms:Decrypt");
      assert.equal(decrypt !== undefined, site === "primary", site);
      if (decrypt) {
        assert.deepEqual(decrypt.Condition, {
          StringEquals: { "kms:ViaService": "secretsmanager.ap-northeast-2.amazonaws.com" },
        });
      }
    }
  });
});
