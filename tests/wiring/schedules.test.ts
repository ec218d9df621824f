import * as assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { cloudResources, Graph, GraphResource } from "../../tools/offline/graph";
import { ConfigProblemsError, renderStack } from "../../tools/offline/render";
import { render, under, VARIANTS } from "../harness";
import { TESTS_DIR } from "../paths";

/**
 * The off-hours schedules as the real program renders them for dev, staging and prod: the exact
 * resources, where they land, what each schedule calls with which input, and what the roles allow.
 * Mocks prove what the program asks for; that EventBridge Scheduler, EKS, RDS, Cloud Scheduler and the
 * Google APIs accept these shapes (universal target member names, custom role permissions) only a real
 * `pulumi up` proves.
 */

const RULES = [
  "stop",
  "start",
  "start-2026",
  "start-2026-12",
  "start-2027",
  "start-2027-01",
  "start-2027-02",
  "start-2027-03",
];
const WORKING_DAYS_2027_02 = "cron(0 8 1-5,8-12,15,19,22-26 2 ? 2027)";
const UPDATE_NODEGROUP = "arn:aws:scheduler:::aws-sdk:eks:updateNodegroupConfig";

const byName = (resources: GraphResource[], name: string) => {
  const found = resources.filter((r) => r.name === name);
  assert.equal(found.length, 1, `exactly one ${name}`);
  return found[0];
};
const typeNames = (resources: GraphResource[]) => resources.map((r) => `${r.type}::${r.name}`).sort();
const target = (r: GraphResource) => r.inputs.target as Record<string, any>;
const json = (text: unknown) => JSON.parse(String(text));

// Dev as shipped leaves its database to Serverless v2 auto-pause and the nightly teardown; with teardown off,
// the database is a target again, which is the layout that exercises every AWS schedule.
describe("off-hours schedules: dev with the database as a target (no nightly teardown)", () => {
  let dev: Graph;
  let schedules: GraphResource[];
  before(async () => {
    dev = await render({
      stack: "dev",
      overrides: [
        ["teardown.allowed", false],
        ["schedule.targets", ["nodeGroups", "database", "gkeNodePool", "cloudSql"]],
      ],
    });
    schedules = under(dev, "primary-off-hours");
  });

  it("builds a group, a role and one schedule per target and rule on the primary, nothing on the secondary", () => {
    const targets = ["nodes-general-az1", "nodes-general-az2", "database", "alarms"];
    assert.deepEqual(
      typeNames(schedules),
      [
        "aws:iam/role:Role::primary-off-hours",
        "aws:iam/rolePolicy:RolePolicy::primary-off-hours",
        "aws:scheduler/scheduleGroup:ScheduleGroup::primary-off-hours",
        ...targets.flatMap((t) =>
          RULES.map((rule) => `aws:scheduler/schedule:Schedule::primary-off-hours-${t}-${rule}`),
        ),
      ].sort(),
    );
    // Backup and restore runs no cluster and no database in Tokyo: nothing to switch off there.
    assert.equal(
      dev.resources.find((r) => r.name === "secondary-off-hours"),
      undefined,
    );
    for (const r of schedules) {
      assert.match(r.provider, /::pulumi:providers:aws::aws-primary$/, r.urn);
      assert.equal(r.region, "ap-northeast-2", r.urn);
    }
  });

  it("scales each node group to min 0 / desired 0 with max kept every evening, and back on working days", () => {
    const stop = byName(schedules, "primary-off-hours-nodes-general-az1-stop");
    assert.equal(stop.inputs.scheduleExpression, "cron(0 20 * * ? *)");
    assert.equal(stop.inputs.scheduleExpressionTimezone, "Asia/Seoul");
    assert.deepEqual(stop.inputs.flexibleTimeWindow, { mode: "OFF" });
    assert.equal(stop.inputs.groupName, "primary-off-hours-dev");
    assert.equal(stop.inputs.name, "nodes-general-az1-stop");
    assert.equal(target(stop).arn, UPDATE_NODEGROUP);
    assert.equal(target(stop).roleArn, "arn:aws:iam::123456789012:role/primary-off-hours");
    assert.deepEqual(target(stop).retryPolicy, { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 5 });
    assert.deepEqual(json(target(stop).input), {
      ClusterName: "primary-eks-dev",
      NodegroupName: "general-az1",
      ScalingConfig: { MinSize: 0, MaxSize: 3, DesiredSize: 0 },
    });
    for (const rule of RULES.filter((r) => r.startsWith("start"))) {
      const start = byName(schedules, `primary-off-hours-nodes-general-az2-${rule}`);
      assert.equal(target(start).arn, UPDATE_NODEGROUP);
      assert.deepEqual(json(target(start).input), {
        ClusterName: "primary-eks-dev",
        NodegroupName: "general-az2",
        ScalingConfig: { MinSize: 1, MaxSize: 3, DesiredSize: 1 },
      });
    }
    assert.equal(
      byName(schedules, "primary-off-hours-nodes-general-az2-start").inputs.scheduleExpression,
      "cron(0 8 ? * MON-FRI 1970-2025,2028-2199)",
    );
    assert.equal(
      byName(schedules, "primary-off-hours-nodes-general-az2-start-2027-02").inputs.scheduleExpression,
      WORKING_DAYS_2027_02,
    );
  });

  it("stops the Aurora cluster every evening and starts it on working days but holidays", () => {
    const stop = byName(schedules, "primary-off-hours-database-stop");
    assert.equal(target(stop).arn, "arn:aws:scheduler:::aws-sdk:rds:stopDBCluster");
    assert.deepEqual(json(target(stop).input), { DbClusterIdentifier: "primary-db-dev" });
    assert.equal(stop.inputs.scheduleExpression, "cron(0 20 * * ? *)");
    const start = byName(schedules, "primary-off-hours-database-start-2027-02");
    assert.equal(target(start).arn, "arn:aws:scheduler:::aws-sdk:rds:startDBCluster");
    assert.deepEqual(json(target(start).input), { DbClusterIdentifier: "primary-db-dev" });
    assert.equal(start.inputs.scheduleExpression, WORKING_DAYS_2027_02);
  });

  // The alarms of what the schedule switches off: all the site's, but the one on failed notifications (it
  // watches the topic, which stays on).
  const primaryAlarms = () =>
    under(dev, "primary-alarms")
      .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && !r.name.endsWith("notifications-failed"))
      .map((r) => r.name)
      .sort();
  const sorted = (input: string) => ({ AlarmNames: [...(json(input) as { AlarmNames: string[] }).AlarmNames].sort() });

  it("silences the primary's alarms at the stop and re-arms them at the start; Route 53's in us-east-1 too", () => {
    assert.ok(primaryAlarms().length >= 5);
    const stop = byName(schedules, "primary-off-hours-alarms-stop");
    assert.equal(target(stop).arn, "arn:aws:scheduler:::aws-sdk:cloudwatch:disableAlarmActions");
    assert.deepEqual(sorted(target(stop).input), { AlarmNames: primaryAlarms() });
    assert.equal(stop.inputs.scheduleExpression, "cron(0 20 * * ? *)");
    const start = byName(schedules, "primary-off-hours-alarms-start-2027-02");
    assert.equal(target(start).arn, "arn:aws:scheduler:::aws-sdk:cloudwatch:enableAlarmActions");
    assert.deepEqual(sorted(target(start).input), { AlarmNames: primaryAlarms() });

    const dns = under(dev, "dns-off-hours");
    const dnsStop = byName(dns, "dns-off-hours-alarms-stop");
    assert.equal(dnsStop.region, "us-east-1");
    assert.deepEqual(json(target(dnsStop).input), { AlarmNames: ["dns-primary-health", "dns-primary-quorum"] });
    assert.deepEqual(json(dns.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy).Statement, [
      {
        Sid: "SilenceTheseAlarmsOnly",
        Effect: "Allow",
        Action: ["cloudwatch:DisableAlarmActions", "cloudwatch:EnableAlarmActions"],
        Resource: [
          "arn:aws:cloudwatch:us-east-1:123456789012:alarm:dns-primary-health",
          "arn:aws:cloudwatch:us-east-1:123456789012:alarm:dns-primary-quorum",
        ],
      },
    ]);
  });

  it("acts through a role only the scheduler may assume, for this account and group, allowed nothing else", () => {
    assert.deepEqual(json(schedules.find((r) => r.type === "aws:iam/role:Role")!.inputs.assumeRolePolicy), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: {
              "aws:SourceAccount": "123456789012",
              "aws:SourceArn": "arn:aws:scheduler:ap-northeast-2:123456789012:schedulegroup/primary-off-hours",
            },
          },
        },
      ],
    });
    const policy = schedules.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!;
    const statements = (json(policy.inputs.policy).Statement as any[]).map((st) =>
      st.Sid === "SilenceTheseAlarmsOnly" ? { ...st, Resource: [...st.Resource].sort() } : st,
    );
    assert.deepEqual(statements, [
      {
        Sid: "ScaleTheseNodeGroupsOnly",
        Effect: "Allow",
        Action: "eks:UpdateNodegroupConfig",
        Resource: [
          "arn:aws:eks:ap-northeast-2:123456789012:nodegroup/primary-eks-dev/general-az1/0ff1ce00-0000-4000-8000-000000000000",
          "arn:aws:eks:ap-northeast-2:123456789012:nodegroup/primary-eks-dev/general-az2/0ff1ce00-0000-4000-8000-000000000000",
        ],
      },
      {
        Sid: "StopAndStartThisClusterOnly",
        Effect: "Allow",
        Action: ["rds:StopDBCluster", "rds:StartDBCluster"],
        Resource: "arn:aws:rds:ap-northeast-2:123456789012:cluster:primary-db-dev",
      },
      {
        Sid: "SilenceTheseAlarmsOnly",
        Effect: "Allow",
        Action: ["cloudwatch:DisableAlarmActions", "cloudwatch:EnableAlarmActions"],
        Resource: primaryAlarms().map((a) => `arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:${a}`),
      },
    ]);
    // Each schedule waits for the policy, so its first run finds its permissions.
    for (const s of schedules.filter((r) => r.type === "aws:scheduler/schedule:Schedule")) {
      assert.ok(s.dependsOn.includes(policy.urn), s.name);
    }
  });
});

describe("off-hours schedules: staging", () => {
  let staging: Graph;
  before(async () => {
    staging = await render({ stack: "staging" });
  });

  it("scales the primary's node groups, silences their alarms, and leaves the database (it feeds DMS) alone", () => {
    const schedules = under(staging, "primary-off-hours").filter((r) => r.type === "aws:scheduler/schedule:Schedule");
    assert.deepEqual(
      schedules.map((r) => r.name).sort(),
      [...["az1", "az2", "az3"].map((az) => `nodes-general-${az}`), "alarms"]
        .flatMap((target) => RULES.map((rule) => `primary-off-hours-${target}-${rule}`))
        .sort(),
    );
    const stop = byName(schedules, "primary-off-hours-nodes-general-az3-stop");
    assert.equal(stop.inputs.scheduleExpression, "cron(0 22 * * ? *)");
    assert.deepEqual(json(target(stop).input).ScalingConfig, { MinSize: 0, MaxSize: 4, DesiredSize: 0 });
    assert.equal(
      byName(schedules, "primary-off-hours-nodes-general-az3-start-2026").inputs.scheduleExpression,
      "cron(0 7 ? 1-11 MON-FRI 2026)",
    );
    const policy = under(staging, "primary-off-hours").find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!;
    assert.deepEqual(
      json(policy.inputs.policy).Statement.map((s: { Action: unknown }) => s.Action),
      ["eks:UpdateNodegroupConfig", ["cloudwatch:DisableAlarmActions", "cloudwatch:EnableAlarmActions"]],
    );
  });

  it("holds the GKE node pool at zero off hours: autoscaler off, then size 0; autoscaler back in the morning", () => {
    const gcp = under(staging, "secondary-off-hours");
    assert.deepEqual(typeNames(gcp), [
      "gcp:cloudscheduler/job:Job::secondary-off-hours-pool-start-autoscaling",
      "gcp:cloudscheduler/job:Job::secondary-off-hours-pool-stop-autoscaling",
      "gcp:cloudscheduler/job:Job::secondary-off-hours-pool-stop-size",
      "gcp:projects/iAMCustomRole:IAMCustomRole::secondary-off-hours-gke",
      "gcp:projects/iAMMember:IAMMember::secondary-off-hours-gke",
      "gcp:serviceaccount/account:Account::secondary-off-hours",
      "random:index/randomId:RandomId::secondary-off-hours-role",
    ]);
    const pool =
      "https://container.googleapis.com/v1/projects/dr-platform-staging/locations/asia-northeast3/clusters/secondary-gke-staging/nodePools/secondary-gke-nodes";
    const account = gcp.find((r) => r.type === "gcp:serviceaccount/account:Account")!;
    const call = (name: string) => {
      const job = byName(gcp, `secondary-off-hours-${name}`);
      assert.match(job.provider, /::pulumi:providers:gcp::gcp-secondary$/);
      assert.equal(job.inputs.region, "asia-northeast3");
      assert.equal(job.inputs.timeZone, "Asia/Seoul");
      const http = job.inputs.httpTarget as Record<string, any>;
      assert.deepEqual(http.oauthToken, {
        serviceAccountEmail: `${account.inputs.accountId}@offline-project.iam.gserviceaccount.com`,
        scope: "https://www.googleapis.com/auth/cloud-platform",
      });
      assert.deepEqual(http.headers, { "Content-Type": "application/json" });
      return [job.inputs.schedule, http.httpMethod, http.uri, json(Buffer.from(http.body, "base64").toString())];
    };
    assert.deepEqual(call("pool-stop-autoscaling"), [
      "0 22 * * *",
      "POST",
      `${pool}:setAutoscaling`,
      { autoscaling: { enabled: false } },
    ]);
    assert.deepEqual(call("pool-stop-size"), ["10 22 * * *", "POST", `${pool}:setSize`, { nodeCount: 0 }]);
    assert.deepEqual(call("pool-start-autoscaling"), [
      "0 7 * * 1-5",
      "POST",
      `${pool}:setAutoscaling`,
      { autoscaling: { enabled: true, minNodeCount: 0, maxNodeCount: 3, locationPolicy: "BALANCED" } },
    ]);
  });

  it("gives the jobs' account one custom role: cluster get and update, nothing else", () => {
    const gcp = under(staging, "secondary-off-hours");
    const role = gcp.find((r) => r.type === "gcp:projects/iAMCustomRole:IAMCustomRole")!;
    assert.deepEqual(role.inputs.permissions, ["container.clusters.get", "container.clusters.update"]);
    assert.equal(role.inputs.roleId, "secondary_off_hours_gke_staging_0ff1ce");
    const member = gcp.find((r) => r.type === "gcp:projects/iAMMember:IAMMember")!;
    assert.deepEqual(member.inputs, {
      project: "dr-platform-staging",
      role: "projects/dr-platform-staging/roles/secondary_off_hours_gke_staging_0ff1ce",
      member: "serviceAccount:secondary-off-hours-staging@offline-project.iam.gserviceaccount.com",
    });
    for (const job of gcp.filter((r) => r.type === "gcp:cloudscheduler/job:Job")) {
      assert.ok(job.dependsOn.includes(member.urn), `${job.name} waits for its permission`);
    }
  });

  it("sets the pool's floor at once in the morning when it is above zero", async () => {
    const floor = await render({ stack: "staging", overrides: [["secondary.gcp.nodePool.minNodesPerZone", 1]] });
    const job = byName(under(floor, "secondary-off-hours"), "secondary-off-hours-pool-start-size");
    const http = job.inputs.httpTarget as Record<string, any>;
    assert.equal(job.inputs.schedule, "10 7 * * 1-5");
    assert.match(http.uri, /:setSize$/);
    assert.deepEqual(json(Buffer.from(http.body, "base64").toString()), { nodeCount: 1 });
  });
});

describe("off-hours schedules: prod", () => {
  for (const variant of VARIANTS.filter((v) => v.options.stack === "prod")) {
    it(`renders none (${variant.label})`, async () => {
      const graph = await render(variant.options);
      assert.deepEqual(
        cloudResources(graph)
          .filter((r) => /^(aws:scheduler|gcp:cloudscheduler)\//.test(r.type))
          .map((r) => r.urn),
        [],
      );
      assert.deepEqual(
        graph.resources.filter((r) => r.type.startsWith("platform:schedules:")).map((r) => r.urn),
        [],
      );
    });
  }

  it("refuses a schedule on prod before any resource is registered", async () => {
    await assert.rejects(
      renderStack({ stack: "prod", overrides: [["schedule.targets", ["nodeGroups"]]] }),
      (err: Error) => {
        assert.ok(err instanceof ConfigProblemsError);
        assert.equal(
          err.message,
          [
            "Stack config for `prod` is invalid (1 problem):",
            '  - `schedule`: set on a prod stack (`environment` is "prod"); prod serves around the clock and never has an off-hours schedule. Fix: pulumi config rm schedule',
          ].join("\n"),
        );
        return true;
      },
    );
  });
});

describe("off-hours schedules: refused config", () => {
  it("refuses to stop a database that feeds DMS (staging), sits in a global database (dev in pilot light) or is torn down nightly (dev)", async () => {
    const refused = async (stack: string, overrides: [string, unknown][], why: RegExp) =>
      assert.rejects(renderStack({ stack, overrides }), (err: Error) => {
        assert.ok(err instanceof ConfigProblemsError);
        assert.match(err.message, why);
        return true;
      });
    await refused(
      "staging",
      [["schedule.targets", ["nodeGroups", "database"]]],
      /source of the DMS continuous migration/,
    );
    await refused(
      "dev",
      [
        ["drMode", "pilot-light"],
        ["schedule.targets", ["nodeGroups", "database"]],
      ],
      /AWS cannot stop a cluster in a global database/,
    );
    await refused(
      "dev",
      [["schedule.targets", ["nodeGroups", "database"]]],
      /the nightly teardown destroys the database 30 minutes after the stop/,
    );
  });
});

describe("off-hours schedules: component arguments", () => {
  it("fails with one ResourceError listing every OffHoursSchedule problem, before any child exists", async () => {
    const program = path.join(TESTS_DIR, "programs", "schedule-invalid.ts");
    await assert.rejects(render({ stack: "dev", program }), (err: Error) => {
      assert.ok(err instanceof pulumi.ResourceError, `a ResourceError, got ${err.constructor.name}`);
      assert.equal(
        err.message,
        [
          "OffHoursSchedule primary-off-hours has invalid args (5 problems):",
          '  - `hours.stop`: got "08:00", the same as hours.start. Fix: pass a stop time other than the start time',
          '  - `hours.timeZone`: got "Asia/Seol"; not an IANA time zone. Fix: pass a tz database name such as "Asia/Seoul"',
          '  - `hours.holidays[0]`: got "2027-02-30"; expected an existing date "YYYY-MM-DD" from 1970 to 2199. Fix: pass ISO dates such as "2026-12-25"',
          "  - `nodeGroups`: no node group above zero, no database and no alarm. Fix: pass something to switch off",
          "  - `retryWindowSeconds`: got 30; EventBridge Scheduler retries for 1 minute to 24 hours. Fix: pass an integer from 60 to 86400",
        ].join("\n"),
      );
      return true;
    });
  });
});
