import * as assert from "node:assert/strict";
import {
  azPowerInterruption,
  FIS_ACTIONS,
  FIS_LOGGING_PERMISSIONS,
  fisActionStatements,
  FisActionId,
  isoMinutes,
  nodeLoss,
  regionIsolation,
} from "../../../components/resilience";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { loadStackConfig } from "../../../tools/offline/stack-files";
import { actionsOf, KNOWN, lower, Template, templateProblems } from "../../fis-reference";
import { ofType, render, under, VARIANTS } from "../../harness";

/**
 * The FIS experiments as rendered for every stack. What this cannot prove: that FIS accepts the templates
 * and that the roles suffice in a real account; only `aws fis start-experiment` proves that. It does prove
 * that every action id, target, parameter and permission matches the FIS actions reference.
 */

const SCOPE = {
  partition: "aws",
  region: "ap-northeast-2",
  accountId: "123456789012",
  vpcId: "vpc-1",
  clusterName: "c",
  volumeKeyArn: "arn:aws:kms:ap-northeast-2:123456789012:key/k",
  databaseClusterArn: "arn:aws:rds:ap-northeast-2:123456789012:cluster:db",
  bucketArn: "arn:aws:s3:::b",
};

describe("resilience: the FIS action table and permissions", () => {
  it("matches the reference's target types, keys and permissions for every action the drills use", () => {
    for (const [id, spec] of Object.entries(FIS_ACTIONS)) {
      const known = KNOWN[id];
      assert.ok(known, `${id} is in the reference table`);
      assert.equal(spec.resourceType, known.type, id);
      assert.equal(spec.targetKey, known.key, id);
      assert.deepEqual(lower(spec.permissions), lower(known.permissions), id);
    }
  });

  it("builds statements that grant exactly each action's permissions, scoped where the service allows", () => {
    for (const id of Object.keys(FIS_ACTIONS) as FisActionId[]) {
      const statements = fisActionStatements(id, SCOPE) as { Action: string[]; Resource: unknown; Sid: string }[];
      assert.deepEqual(actionsOf(statements), lower(KNOWN[id].permissions), id);
      assert.equal(new Set(statements.map((s) => s.Sid)).size, statements.length, `${id}: unique Sids`);
      const writes = statements.filter((s) => s.Action.some((a) => !/:(Describe|Get|List)/.test(a)));
      // Only the calls IAM cannot scope (FIS's own fault injection, the tagging API) may use "*" for writes.
      for (const s of writes.filter((w) => w.Resource === "*")) {
        assert.ok(
          s.Action.every((a) => ["ec2:InjectApiError", "tag:GetResources"].includes(a)),
          `${id}: ${s.Sid}`,
        );
      }
    }
  });

  it("refuses to build a statement it cannot scope", () => {
    assert.throws(
      () => fisActionStatements("aws:ec2:stop-instances", { ...SCOPE, volumeKeyArn: undefined }),
      /volumeKeyArn/,
    );
    assert.throws(
      () => fisActionStatements("aws:network:disrupt-connectivity", { ...SCOPE, vpcId: undefined }),
      /vpcId/,
    );
  });

  it("writes durations as ISO 8601 minutes within FIS's one minute to twelve hours", () => {
    assert.equal(isoMinutes(1), "PT1M");
    assert.equal(isoMinutes(720), "PT720M");
    for (const bad of [0, 721, 1.5]) {
      assert.throws(() => isoMinutes(bad), /1 to 720/);
    }
  });

  it("builds templates whose actions, targets and parameters the reference knows", () => {
    const specs = [
      azPowerInterruption({ zone: "z", vpcId: "v", clusterName: "c", durationMinutes: 5 }),
      azPowerInterruption({ zone: "z", vpcId: "v", clusterName: "c", durationMinutes: 5, databaseScopeTags: [] }),
      nodeLoss({ clusterName: "c", percent: 50 }),
      regionIsolation({
        vpcId: "v",
        destinationRegion: "r",
        destinationBucketName: "b",
        scopeTags: [],
        durationMinutes: 5,
      }),
    ];
    for (const spec of specs) {
      assert.deepEqual(templateProblems(spec as unknown as Template), []);
      assert.deepEqual(
        new Set(spec.actionIds),
        new Set(spec.actions.map((a) => a.actionId as string)),
        "actionIds lists exactly the actions",
      );
    }
    assert.equal(specs[0].actions.length, 3, "no database action without scope tags");
    assert.equal(specs[1].actions.length, 4);
  });
});

const only = (rs: GraphResource[], what: string) => {
  assert.equal(rs.length, 1, `exactly one ${what}`);
  return rs[0];
};
const templates = (g: Graph) => ofType(g, "aws:fis/experimentTemplate:ExperimentTemplate");
const roleName = (arn: string) => arn.split("/").pop()!;

for (const variant of VARIANTS) {
  describe(`resilience: FIS experiments in ${variant.label}`, () => {
    let graph: Graph;
    const cfg = loadStackConfig(variant.options.stack, variant.options.overrides ?? []).config;
    const setting = (key: string): Record<string, unknown> => {
      const raw = String(cfg[`dr-platform:${key}`] ?? "{}");
      return raw.startsWith("{") ? JSON.parse(raw) : { value: raw };
    };
    const resilience = setting("resilience");
    const minutes = Number(resilience.disruptionMinutes ?? 30);
    const azCount = Number(setting("primary").azCount);
    const instances = Number(setting("database").instances);
    const isolates = variant.secondary === "aws" && setting("drMode").value !== "backup-restore";

    before(async () => {
      graph = await render(variant.options);
    });

    it("has one AZ template per AZ, node loss, pod stress, and region isolation only with an AWS secondary that replicates", () => {
      const names = templates(graph).map((t) => t.name);
      const expected = [
        ...Array.from({ length: azCount }, (_, i) => `primary-experiments-az${i + 1}-power`),
        "primary-experiments-node-loss",
        "primary-experiments-pod-stress",
        ...(isolates ? ["primary-experiments-region-isolation"] : []),
      ];
      assert.deepEqual(names.sort(), expected.sort());
      assert.ok(
        templates(graph).every((t) => t.provider.endsWith("::aws-primary") && t.region === "ap-northeast-2"),
        "all placed by the primary's provider, in Seoul",
      );
    });

    it("renders every template with known actions, targets and parameters, the configured duration and stop alarms", () => {
      // A stop condition names the alarm by ARN, which ends in the alarm's physical name.
      const alarms = new Map(
        ofType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [`${a.inputs.name ?? a.name}`, a]),
      );
      for (const t of templates(graph)) {
        const body = t.inputs as unknown as Template;
        assert.deepEqual(templateProblems(body), [], t.name);
        for (const p of body.actions.flatMap((a) => a.parameters)) {
          if (/^(duration|startInstancesAfterDuration)$/.test(p.key)) {
            assert.equal(p.value, `PT${minutes}M`, `${t.name} ${p.key}`);
          }
        }
        assert.deepEqual(
          body.stopConditions.map((s) => s.source),
          ["aws:cloudwatch:alarm", "aws:cloudwatch:alarm"],
          `${t.name}: the 5xx alarm and the probe alarm stop it`,
        );
        for (const s of body.stopConditions) {
          assert.ok(alarms.has(s.value.split(":alarm:").pop()!), `${t.name}: stop alarm ${s.value} exists`);
        }
        assert.equal(body.experimentOptions.accountTargeting, "single-account");
        assert.equal(body.logConfiguration.logSchemaVersion, 2);
        assert.match(body.logConfiguration.cloudwatchLogsConfiguration.logGroupArn, /:\*$/);
      }
    });

    it("aims each AZ template at its own AZ, and fails the database over only with a reader to fail over to", () => {
      const zones = "abcd"
        .slice(0, azCount)
        .split("")
        .map((l) => `ap-northeast-2${l}`);
      zones.forEach((zone, i) => {
        const body = only(
          templates(graph).filter((t) => t.name === `primary-experiments-az${i + 1}-power`),
          `az${i + 1}`,
        ).inputs as unknown as Template;
        const target = (name: string) => body.targets.find((x) => x.name === name)!;
        assert.equal(target("az-subnets").parameters?.availabilityZoneIdentifier, zone);
        assert.deepEqual(target("az-nodes").filters?.find((f) => f.path === "Placement.AvailabilityZone")?.values, [
          zone,
        ]);
        const ice = body.actions.find((a) => a.actionId === "aws:ec2:asg-insufficient-instance-capacity-error")!;
        assert.equal(ice.parameters.find((p) => p.key === "availabilityZoneIdentifiers")?.value, zone);
        const writer = body.targets.find((x) => x.resourceType === "aws:rds:cluster");
        assert.equal(Boolean(writer), instances >= 2, "database failover iff two or more instances");
        if (writer) {
          assert.equal(writer.parameters?.writerAvailabilityZoneIdentifiers, zone);
          assert.ok(writer.resourceTags?.some((tag) => tag.key === "stack" && tag.value === graph.stack));
        }
        assert.equal(body.experimentOptions.emptyTargetResolutionMode, "skip", "the writer may be elsewhere");
      });
    });

    it("terminates the configured share of one node group, and stresses the service's pods as the FIS user", () => {
      const loss = only(
        templates(graph).filter((t) => t.name.endsWith("node-loss")),
        "node loss",
      ).inputs as unknown as Template;
      assert.equal(loss.targets[0].selectionMode, "COUNT(1)");
      assert.equal(
        loss.actions[0].parameters.find((p) => p.key === "instanceTerminationPercentage")?.value,
        String(resilience.nodeLossPercent ?? 50),
      );
      const stress = only(
        templates(graph).filter((t) => t.name.endsWith("pod-stress")),
        "pod stress",
      ).inputs as unknown as Template;
      const sa = only(
        ofType(graph, "kubernetes:core/v1:ServiceAccount").filter((r) => r.name.endsWith("pod-stress")),
        "SA",
      );
      const meta = sa.inputs.metadata as { name: string; namespace: string };
      const params = stress.actions[0].parameters;
      assert.equal(params.find((p) => p.key === "kubernetesServiceAccount")?.value, meta.name);
      assert.equal(stress.targets[0].parameters?.namespace, meta.namespace);
      assert.equal(meta.namespace, "primary-app", "the service's namespace");
      const binding = only(ofType(graph, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"), "RoleBinding");
      assert.deepEqual(
        (binding.inputs.subjects as { kind: string; name: string }[]).map((s) => `${s.kind}/${s.name}`),
        ["ServiceAccount/fis-experiments", "User/fis-experiment"],
      );
      const entry = only(
        ofType(graph, "aws:eks/accessEntry:AccessEntry").filter((e) => e.name.endsWith("pod-stress")),
        "entry",
      );
      assert.equal(entry.inputs.userName, "fis-experiment");
      assert.equal(roleName(String(entry.inputs.principalArn)), roleName(stress.roleArn));
      const app = ofType(graph, "kubernetes:apps/v1:Deployment").find((d) => d.name === "primary-app")!;
      const container = (app.inputs.spec as any).template.spec.containers[0];
      assert.equal(container.securityContext.readOnlyRootFilesystem, false, "FIS needs a writable root in the target");
    });

    it("gives each template its own role that FIS alone assumes, allowed exactly the template's actions", () => {
      const byRole = new Map<string, Set<string>>();
      for (const t of templates(graph)) {
        const body = t.inputs as unknown as Template;
        const role = roleName(body.roleArn);
        const wanted = byRole.get(role) ?? new Set<string>();
        body.actions.forEach((a) => wanted.add(a.actionId));
        byRole.set(role, wanted);
      }
      for (const [role, actionIds] of byRole) {
        const policy = only(
          ofType(graph, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name === role),
          `policy of ${role}`,
        );
        assert.equal(policy.inputs.role, `${role}-id`);
        const granted = actionsOf(JSON.parse(String(policy.inputs.policy)).Statement);
        const expected = lower([...FIS_LOGGING_PERMISSIONS, ...[...actionIds].flatMap((id) => KNOWN[id].permissions)]);
        assert.deepEqual(granted, expected, role);
        const trust = JSON.parse(
          String(
            only(
              ofType(graph, "aws:iam/role:Role").filter((r) => r.name === role),
              role,
            ).inputs.assumeRolePolicy,
          ),
        );
        assert.deepEqual(
          trust.Statement.map((s: { Principal: unknown }) => s.Principal),
          [{ Service: "fis.amazonaws.com" }],
        );
        assert.ok(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"], "confused-deputy guard");
      }
      assert.ok(byRole.size >= 3, "one role per drill");
    });

    it("tags what the templates select: every subnet, private subnets, node instances, the database, the bucket", () => {
      const subnets = under(graph, "primary-network").filter((r) => r.type === "aws:ec2/subnet:Subnet");
      for (const s of subnets) {
        const tags = s.inputs.tags as Record<string, string>;
        assert.equal(tags.AzImpairmentPower, "DisruptSubnet", s.name);
        assert.equal(tags.DisruptSubnet, tags.tier === "private" ? "Allowed" : undefined, s.name);
      }
      const template = only(
        ofType(graph, "aws:ec2/launchTemplate:LaunchTemplate").filter((t) => t.name === "primary-nodes-node"),
        "LT",
      );
      assert.deepEqual(template.inputs.tagSpecifications, [
        { resourceType: "instance", tags: { AzImpairmentPower: "StopInstances" } },
      ]);
      const db = only(
        ofType(graph, "aws:rds/cluster:Cluster").filter((c) => c.name === "primary-db"),
        "cluster",
      );
      assert.deepEqual(db.inputs.tags, { AzImpairmentPower: "DisruptRds" });
      const bucket = only(
        ofType(graph, "aws:s3/bucket:Bucket").filter((b) => b.name === "primary-objects"),
        "bucket",
      );
      assert.deepEqual(bucket.inputs.tags, { DisruptS3: "Allowed" });
    });
  });
}

describe("resilience: turned off", () => {
  it("renders no experiment, load test or probe, and keeps the service's root filesystem read-only", async () => {
    const graph = await render({
      stack: "prod",
      overrides: [["resilience", { experiments: false, loadTests: false, controlPlaneProbe: false }]],
    });
    assert.deepEqual(templates(graph), []);
    assert.deepEqual(
      ofType(graph, "aws:eks/accessEntry:AccessEntry").filter((e) => e.name.includes("experiments")),
      [],
    );
    const drills = graph.resources.filter((r) => r.type.startsWith("platform:resilience:"));
    assert.deepEqual(drills, []);
    const out = graph.outputs.resilience as Record<string, unknown>;
    assert.equal(out.experiments, undefined);
    assert.equal((out.primary as { loadTest?: unknown }).loadTest, undefined);
    const app = ofType(graph, "kubernetes:apps/v1:Deployment").find((d) => d.name === "primary-app")!;
    assert.equal((app.inputs.spec as any).template.spec.containers[0].securityContext.readOnlyRootFilesystem, true);
  });
});
