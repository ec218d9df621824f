import * as assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { pglogicalParameters, sourcePostgresql, sourceSsl } from "../../../components/gcp-dms";
import { byUrn, cloudResources, Graph, GraphResource, providerUrn, SECRET } from "../../../tools/offline/graph";
import { RenderOptions } from "../../../tools/offline/render";
import { render } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * Continuous replication from the Aurora primary to the GCP secondary's Cloud SQL instance through
 * Database Migration Service, rendered under the mock engine from a small staging program
 * (tests/programs/dms.ts), plus the pure helpers (the source's TLS settings and connection block, and
 * the Aurora parameters pglogical needs).
 *
 * What mocks cannot prove: that DMS connects to Aurora (over VPC peering and the HA VPN, which needs the
 * private services access peering to export custom routes, the VPN to advertise that range, and Aurora's
 * security group to admit it); that Aurora runs the setup script as PostgreSQL does (tests/components/
 * database-setup runs it against a real PostgreSQL with pglogical), which DMS checks when the job starts;
 * that DMS accepts an existing Cloud SQL instance as this destination; replication lag, or that a
 * promotion works. The source's `postgresql` block carries the password, so the plan shows the whole
 * block only as "[secret]"; its content is tested through `sourcePostgresql` instead.
 */

const DMS: RenderOptions = { stack: "staging", program: path.join(TESTS_DIR, "programs", "dms.ts") };
const NAME = "orders-replication";

const typeNames = (g: Graph) => cloudResources(g).map((r) => `${r.type}::${r.name}`);

function one(g: Graph, type: string, name: string): GraphResource {
  const found = cloudResources(g).filter((r) => r.type === `gcp:databasemigrationservice/${type}` && r.name === name);
  assert.equal(found.length, 1, `exactly one ${type} named ${name}`);
  return found[0];
}

describe("DMS continuous replication", () => {
  let graph: Graph;
  let renamed: Graph;
  before(async () => {
    graph = await render(DMS);
    renamed = await render({ ...DMS, stackName: "dms-renamed" });
  });

  it("creates exactly a source profile, a destination profile and a job, whatever the stack is called", () => {
    const expected = [
      `gcp:databasemigrationservice/connectionProfile:ConnectionProfile::${NAME}-destination`,
      `gcp:databasemigrationservice/connectionProfile:ConnectionProfile::${NAME}-source`,
      `gcp:databasemigrationservice/migrationJob:MigrationJob::${NAME}`,
    ];
    assert.deepEqual([...typeNames(graph)].sort(), expected);
    assert.deepEqual([...typeNames(renamed)].sort(), expected);
  });

  it("places everything on gcp-secondary in the Cloud SQL instance's region", () => {
    const urns = byUrn(graph);
    for (const r of cloudResources(graph)) {
      assert.equal(urns.get(providerUrn(r.provider))?.name, "gcp-secondary", r.name);
      assert.equal(r.inputs.location, "asia-northeast3", r.name);
    }
  });

  it("runs a CONTINUOUS job from the Aurora profile to the Cloud SQL profile over VPC peering", () => {
    const job = one(graph, "migrationJob:MigrationJob", NAME);
    // Exactly these inputs: no desiredState (`pulumi up` does not start it; the source needs SQL set-up
    // first) and no dumpType (the API takes it for MySQL only).
    assert.deepEqual(job.inputs, {
      migrationJobId: `${NAME}-staging`,
      location: "asia-northeast3",
      displayName: `${NAME} (staging)`,
      labels: { service: "orders" },
      type: "CONTINUOUS",
      // The mock names a profile by its logical name; the real `name` is its full resource path.
      source: `${NAME}-source`,
      destination: `${NAME}-destination`,
      vpcPeeringConnectivity: { vpc: "projects/dr-platform-staging/global/networks/secondary-network-staging" },
    });
    const source = one(graph, "connectionProfile:ConnectionProfile", `${NAME}-source`);
    const destination = one(graph, "connectionProfile:ConnectionProfile", `${NAME}-destination`);
    assert.deepEqual(job.dependsOn, [destination.urn, source.urn].sort());
  });

  it("describes the source as Aurora over PostgreSQL, with the whole connection block secret", () => {
    const source = one(graph, "connectionProfile:ConnectionProfile", `${NAME}-source`);
    assert.deepEqual(source.inputs, {
      connectionProfileId: `${NAME}-source-staging`,
      location: "asia-northeast3",
      role: "SOURCE",
      displayName: "Aurora PostgreSQL writer (AWS primary)",
      labels: { service: "orders" },
      postgresql: SECRET,
    });
  });

  it("names the existing Cloud SQL instance as the destination instead of having DMS create one", () => {
    const destination = one(graph, "connectionProfile:ConnectionProfile", `${NAME}-destination`);
    assert.deepEqual(destination.inputs, {
      connectionProfileId: `${NAME}-destination-staging`,
      location: "asia-northeast3",
      role: "DESTINATION",
      displayName: "Cloud SQL for PostgreSQL (GCP secondary)",
      labels: { service: "orders" },
      postgresql: { cloudSqlId: "secondary-db-staging" },
    });
  });

  it("exposes the job's and both profiles' names", () => {
    assert.deepEqual(
      [graph.outputs.migrationJobName, graph.outputs.sourceProfileName, graph.outputs.destinationProfileName],
      // The job's `name` is its full resource name (what the promotion workflow and gcloud take).
      [
        `projects/dr-platform-staging/locations/asia-northeast3/migrationJobs/${NAME}-staging`,
        `${NAME}-source`,
        `${NAME}-destination`,
      ],
    );
  });
});

describe("DMS helpers", () => {
  it("connects to the writer endpoint on 5432 over TLS, with the password secret", async () => {
    const block = sourcePostgresql({
      sourceHost: "orders-db.cluster-offline.ap-northeast-2.rds.amazonaws.com",
      sourceUsername: "dms_replicator",
      sourcePassword: "plain-in-a-test",
    });
    const { password, ...rest } = block;
    assert.deepEqual(rest, {
      host: "orders-db.cluster-offline.ap-northeast-2.rds.amazonaws.com",
      port: 5432,
      username: "dms_replicator",
      ssl: { type: "REQUIRED" },
    });
    assert.equal(await pulumi.isSecret(password as pulumi.Output<string>), true);
  });

  it("verifies Aurora's certificate when the RDS CA is given, and only requires TLS when not", () => {
    assert.deepEqual(sourceSsl(), { type: "REQUIRED" });
    assert.deepEqual(sourceSsl("-----BEGIN CERTIFICATE-----"), {
      type: "SERVER_ONLY",
      caCertificate: "-----BEGIN CERTIFICATE-----",
    });
  });

  it("lists exactly the Aurora parameters pglogical needs, each applied at the next reboot", () => {
    assert.deepEqual(pglogicalParameters(), [
      { name: "rds.logical_replication", value: "1", applyMethod: "pending-reboot" },
      { name: "shared_preload_libraries", value: "pg_stat_statements,pglogical", applyMethod: "pending-reboot" },
      { name: "max_replication_slots", value: "20", applyMethod: "pending-reboot" },
      { name: "max_wal_senders", value: "20", applyMethod: "pending-reboot" },
      { name: "max_worker_processes", value: "11", applyMethod: "pending-reboot" },
    ]);
  });

  it("scales slots, senders and workers with the databases migrated and the workers already needed", () => {
    const values = Object.fromEntries(
      pglogicalParameters({ databases: 30, baseWorkerProcesses: 16 }).map((p) => [p.name, p.value]),
    );
    assert.deepEqual(
      [values.max_replication_slots, values.max_wal_senders, values.max_worker_processes],
      ["30", "30", "47"],
    );
  });

  it("fails on a cluster with no database to migrate", () => {
    assert.throws(
      () => pglogicalParameters({ databases: 0 }),
      /pglogicalParameters: databases must be an integer of at least 1, got 0/,
    );
  });
});
