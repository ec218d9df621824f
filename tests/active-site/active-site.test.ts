import * as assert from "node:assert/strict";
import {
  CATALOGUE,
  facts,
  failoverPairs,
  dnsRecords,
  Graph,
  GraphResource,
  list,
  obj,
  str,
  T,
} from "@dr-platform/model";
import { computeObjectives } from "@dr-platform/dr";
import { GLOBAL_RPO_PARAMETER } from "../../lib/aurora";
import { render, under, VARIANTS } from "../harness";
import { REPLACEMENT_FIELDS, REPLACEMENT_FIELDS_AS_OF } from "./replacement-fields";

/**
 * `activeSite: secondary` renders the topology a failover leaves, and `pulumi up` on it replaces nothing a
 * failover did not: every stack that can switch sites is rendered both ways and compared resource by resource.
 *
 * What this cannot prove: the providers' real diff. The replacement-forcing fields come from a dated list read
 * from the providers' sources (replacement-fields.ts): a field the list misses, a nested field, or a
 * replacement a provider decides at plan time (CustomizeDiff) is invisible here; `pulumi preview` shows them.
 */

/**
 * The stateless resources that follow the writer and so are re-created or removed when the sites swap, each
 * with why. Anything else replaced or removed fails the test.
 */
const FOLLOWS_THE_WRITER: readonly { readonly prefix: string; readonly cloud: "aws" | "gcp"; readonly why: string }[] =
  [
    {
      prefix: "replication-lag",
      cloud: "aws",
      why: "the lag is alarmed on the standby, in its Region (with its topic's key)",
    },
    { prefix: "primary-replication-lag", cloud: "aws", why: "the lag is alarmed on the standby, in its Region" },
    { prefix: "failover-start", cloud: "aws", why: "the starter runs the plan from the standby's Region" },
    ...(["aws", "gcp"] as const).map((cloud) => ({
      prefix: "primary-db-rotation",
      cloud,
      why: "Seoul's rotation function cannot reach a writer in the other Region: its schedule pauses",
    })),
    {
      prefix: "database-promotion",
      cloud: "gcp",
      why: "a promoted Cloud SQL has nothing left to promote (nor its signal topic)",
    },
    { prefix: "database-after-promotion", cloud: "gcp", why: "a promoted Cloud SQL has nothing left to promote" },
    { prefix: "database-pages", cloud: "gcp", why: "the promotion's and the lag's paging channels go with them" },
    { prefix: "database-replication-lag", cloud: "gcp", why: "no DMS lag once the job is promoted" },
    { prefix: "dns-secondary", cloud: "gcp", why: "Seoul is no SECONDARY while Cloud SQL is the only current copy" },
    {
      prefix: "dns-primary-endpoint",
      cloud: "gcp",
      why: "the PRIMARY's check asks the Google Cloud IP instead of Seoul's ALB",
    },
  ];

const key = (r: GraphResource) => `${r.type} ${r.name}`;
/** The provider's URN without the id the engine may append (`urn:...::aws-primary::<id>`). */
const providerOf = (r: GraphResource) => r.provider.split("::").slice(0, 4).join("::");

interface Comparison {
  readonly removed: GraphResource[];
  readonly added: GraphResource[];
  /** In both renders, but re-created: its provider (Region) changed, or a replacement-forcing field did. */
  readonly replaced: { readonly resource: GraphResource; readonly why: string }[];
}

function compare(before: Graph, after: Graph): Comparison {
  const inAfter = new Map(after.resources.map((r) => [key(r), r]));
  const inBefore = new Map(before.resources.map((r) => [key(r), r]));
  const replaced: Comparison["replaced"] = [];
  for (const r of before.resources) {
    const other = inAfter.get(key(r));
    if (!other || !r.custom) continue;
    if (providerOf(r) !== providerOf(other)) {
      replaced.push({ resource: r, why: `provider ${providerOf(r)} -> ${providerOf(other)}` });
      continue;
    }
    const fields = REPLACEMENT_FIELDS[r.type]?.fields ?? [];
    const changed = fields.filter((f) => JSON.stringify(r.inputs[f]) !== JSON.stringify(other.inputs[f]));
    if (changed.length > 0) replaced.push({ resource: r, why: `${changed.join(", ")} changed` });
  }
  return {
    removed: before.resources.filter((r) => !inAfter.has(key(r))),
    added: after.resources.filter((r) => !inBefore.has(key(r))),
    replaced,
  };
}

const followsOn = (cloud: "aws" | "gcp") => (r: GraphResource) =>
  FOLLOWS_THE_WRITER.some((f) => f.cloud === cloud && r.name.startsWith(f.prefix));
const stateful = (r: GraphResource) => CATALOGUE.get(r.type)?.stateful === true;

const SWITCHABLE = VARIANTS.filter((v) => v.label !== "dev");
const active = (v: (typeof VARIANTS)[number]) => ({
  ...v.options,
  overrides: [...(v.options.overrides ?? []), ["activeSite", "secondary"] as [string, string]],
});

describe(`activeSite: secondary renders the stack a failover leaves (replacement fields as of ${REPLACEMENT_FIELDS_AS_OF})`, function () {
  this.timeout(240_000);

  for (const variant of SWITCHABLE) {
    describe(variant.label, () => {
      const follows = followsOn(variant.secondary);
      let comparison: Comparison;
      let back: Comparison;
      let after: Graph;
      before(async () => {
        const before = await render(variant.options);
        after = await render(active(variant));
        comparison = compare(before, after);
        back = compare(after, before);
      });

      it("keeps every stateful resource, in its Region, with every replacement-forcing input unchanged", () => {
        // Stateful by type but holding nothing a failover needs: a paging topic's key, the promotion's signal topic.
        const kept = (r: GraphResource) => stateful(r) && !follows(r);
        const lost = [...comparison.removed.filter(kept), ...comparison.replaced.map((r) => r.resource).filter(kept)];
        assert.deepEqual(lost.map(key), []);
      });

      it("re-creates or removes only the stateless resources that follow the writer", () => {
        const unexpected = [
          ...comparison.removed.filter((r) => r.custom && !follows(r)).map((r) => `${key(r)}: removed`),
          ...comparison.replaced.filter((r) => !follows(r.resource)).map((r) => `${key(r.resource)}: ${r.why}`),
        ];
        assert.deepEqual(unexpected, []);
      });

      it("adds nothing stateful but what follows the writer (the standby's lag alarms)", () => {
        assert.deepEqual(comparison.added.filter((r) => stateful(r) && !follows(r)).map(key), []);
      });

      it("switches back without removing anything protected or stateful but what follows the writer", () => {
        const lost = [...back.removed, ...back.replaced.map((r) => r.resource)].filter(
          (r) => r.custom && (r.protect || (stateful(r) && !follows(r))),
        );
        assert.deepEqual(lost.map(key), []);
      });

      it("reads the secondary as the active site: the DNS PRIMARY record points at it", () => {
        const f = facts(after);
        const primary = f.sites.find((s) => s.role === "primary");
        assert.match(primary?.key ?? "", /-secondary$/);
        const pair = failoverPairs(dnsRecords(after))[0];
        const target = dnsRecords(after).find((d) => d.resource === pair.primary)!.targets[0];
        assert.equal(f.siteOf(target)?.key, primary?.key);
      });
    });
  }

  describe("the comparison catches what it is for", () => {
    it("flags a changed replacement-forcing field and a moved provider on a stateful resource", async () => {
      const before = await render(VARIANTS.find((v) => v.label === "prod")!.options);
      const edited = (edit: (r: GraphResource) => GraphResource): Graph => ({
        ...before,
        resources: before.resources.map((r) => (r.type === T.rdsCluster && r.name === "primary-db" ? edit(r) : r)),
      });
      const renamed = compare(
        before,
        edited((r) => ({ ...r, inputs: { ...r.inputs, masterUsername: "admin" } })),
      );
      assert.deepEqual(
        renamed.replaced.map((x) => `${x.resource.name}: ${x.why}`),
        ["primary-db: masterUsername changed"],
      );
      const moved = compare(
        before,
        edited((r) => ({ ...r, provider: r.provider.replace("aws-primary", "aws-secondary") })),
      );
      assert.equal(moved.replaced.length, 1);
      assert.ok(REPLACEMENT_FIELDS[T.rdsCluster].fields.includes("masterUsername"));
    });
  });

  describe("prod (AWS): the promoted Tokyo is a first-class primary", () => {
    let g: Graph;
    before(async () => {
      g = await render(active(VARIANTS.find((v) => v.label === "prod")!));
    });

    const rpoBound = (name: string) =>
      list(g.resources.find((r) => r.type === T.rdsClusterParameterGroup && r.name === name)?.inputs.parameters)
        .map(obj)
        .some((p) => str(p.name) === GLOBAL_RPO_PARAMETER);

    it("moves the RPO bound to Tokyo's parameter group and off Seoul's", () => {
      assert.equal(rpoBound("secondary-db"), true);
      assert.equal(rpoBound("primary-db"), false);
    });

    it("gives Tokyo's database in-Region HA: as many instances as Seoul's, in distinct AZs", () => {
      const zones = under(g, "secondary")
        .filter((r) => r.type === T.rdsInstance)
        .map((r) => r.inputs.availabilityZone);
      assert.equal(zones.length, under(g, "primary").filter((r) => r.type === T.rdsInstance).length);
      assert.equal(new Set(zones).size, zones.length);
    });

    it("backs Tokyo up into the DR vault and copies to Seoul's vault", () => {
      const plan = under(g, "secondary").find((r) => r.type === "aws:backup/plan:Plan")!;
      const rule = obj(list(plan.inputs.rules)[0]);
      assert.match(String(rule.targetVaultName), /secondary-backups/);
      assert.match(JSON.stringify(rule.copyActions), /primary-backups/);
      const selection = under(g, "secondary").find((r) => r.type === "aws:backup/selection:Selection")!;
      assert.match(JSON.stringify(selection.inputs.resources), /cluster:secondary-db/);
      // One vault in Tokyo: the DR vault the Seoul copies already land in.
      assert.equal(g.resources.filter((r) => r.type === T.backupVault && r.region === "ap-northeast-1").length, 1);
    });

    it("alarms the lag on Seoul, the standby, and starts the plan from there", () => {
      const lag = g.resources.find(
        (r) => r.type === T.metricAlarm && r.name === "primary-replication-lag-replication-lag",
      );
      assert.equal(lag?.region, "ap-northeast-2");
      assert.match(JSON.stringify(lag?.inputs.dimensions), /primary-db/);
      const start = g.resources.find(
        (r) => r.type === "aws:cloudwatch/eventRule:EventRule" && r.name === "failover-start-start",
      );
      assert.equal(start?.region, "ap-northeast-2");
    });

    it("makes Tokyo's deep check the role-aware one (red once the writer moves away) and Seoul's plain", () => {
      const probes = (site: string) =>
        JSON.stringify(
          g.resources.find((r) => r.type === T.k8sConfigMap && r.name === `${site}-deep-check`)?.inputs.data,
        );
      assert.match(probes("secondary"), /aurora_global_db_instance_status/);
      assert.doesNotMatch(probes("primary"), /aurora_global_db_instance_status/);
    });

    it("keeps the plan's scaling and a promoted secret replica out of Pulumi's hands", () => {
      const hpa = under(g, "secondary").find((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
      assert.ok(hpa?.ignoreChanges.includes("spec.minReplicas"));
      for (const secret of g.resources.filter((r) => r.type === T.secret)) {
        assert.ok(secret.ignoreChanges.includes("replicas"), secret.name);
      }
    });

    it("judges the swapped stack: losing Tokyo fails over to Seoul within the targets", () => {
      const report = computeObjectives(g, { rtoSeconds: 240, rpoSeconds: 1 });
      assert.match(JSON.stringify(report), /ap-northeast-1 lost/);
      assert.deepEqual(report.meets, { rto: true, rpo: true });
    });
  });

  describe("prod with a GCP secondary: the promoted Cloud SQL", () => {
    let g: Graph;
    before(async () => {
      g = await render(active(VARIANTS.find((v) => v.secondary === "gcp" && v.label.startsWith("prod"))!));
    });

    it("keeps the completed DMS job without asking it to run, and pauses the transfer that would overwrite newer objects", () => {
      const job = g.resources.find((r) => r.type === "gcp:databasemigrationservice/migrationJob:MigrationJob")!;
      assert.equal(job.inputs.desiredState, undefined);
      assert.ok(job.ignoreChanges.includes("desiredState"));
      const transfer = g.resources.find((r) => r.type === "gcp:storage/transferJob:TransferJob")!;
      assert.equal(transfer.inputs.status, "DISABLED");
    });

    it("sends users to Google Cloud with no SECONDARY, and says a Google Cloud loss has no failover until the failback", () => {
      const pair = failoverPairs(dnsRecords(g))[0];
      assert.equal(pair.secondary, undefined);
      assert.equal(list(pair.primary.inputs.records).length, 1);
      const report = computeObjectives(g, { rtoSeconds: 900, rpoSeconds: 60 });
      assert.equal(report.kind, "no-failover");
      assert.deepEqual(report.meets, { rto: false, rpo: false });
    });
  });
});
