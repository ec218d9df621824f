import * as assert from "node:assert/strict";
import { starterDefinition } from "../../components/failover/failover-starter";
import { GraphResource } from "../../tools/offline/graph";
import { RenderOptions } from "../../tools/offline/render";
import { render, VARIANTS } from "../harness";
import { checkCall, javaSdkMemberName, ModelLookup, SdkCall, sdkCallsOf, sdkV3Models } from "./api-shapes";

/**
 * Every EventBridge Scheduler universal target (`arn:aws:scheduler:::aws-sdk:<service>:<action>`) and every Step
 * Functions aws-sdk Task the stacks render sends its operation an input of the operation's input shape: the
 * operation exists, every key is a member (nested structures, lists and maps included), required members are
 * there, and scalars have the model's type and enum values. The shapes are the AWS SDK for JavaScript v3 clients'
 * (tests/conformance/api-shapes.ts says how they are read). What this cannot see: length, range and pattern
 * constraints (the runtime schemas drop them), integer against decimal (both are "numeric"), and anything about a
 * service whose client is not installed (NO_MODEL), whether the caller supports the service at all, and what the
 * service then does with a well-formed call.
 */

/**
 * Services no package served here describes, whose calls are listed, not checked. ARC Region switch (the failover
 * starter's `startPlanExecution`): `@aws-sdk/client-arc-region-switch` is not on the registry this project
 * reaches, and `aws-sdk` v2's last models predate the service.
 */
const NO_MODEL: ReadonlySet<string> = new Set(["arcregionswitch"]);

/**
 * Every shipped stack, and dev with its Aurora cluster scheduled (no shipped stack schedules a database). Not the
 * harness's prod with a GCP secondary: its schedules are Cloud Scheduler jobs and it has no failover starter.
 */
const RENDERS: { label: string; options: RenderOptions }[] = [
  ...VARIANTS.filter((v) => v.options.overrides === undefined).map(({ label, options }) => ({ label, options })),
  {
    label: "dev with the database scheduled",
    options: {
      stack: "dev",
      overrides: [
        ["teardown.allowed", false],
        ["schedule.targets", ["nodeGroups", "database"]],
      ],
    },
  },
];

interface Scan {
  readonly calls: { readonly resource: string; readonly call: SdkCall }[];
  readonly problems: string[];
  /** Calls of a service with no model: `<resource> <where>: <service>:<action> (<why>)`. */
  readonly unchecked: { readonly service: string; readonly text: string }[];
}

function scan(models: ModelLookup, resources: readonly Pick<GraphResource, "type" | "name" | "inputs">[]): Scan {
  const result: Scan = { calls: [], problems: [], unchecked: [] };
  for (const r of resources) {
    for (const call of sdkCallsOf(r.type, r.inputs)) {
      const at = `${r.name} ${call.where}`;
      result.calls.push({ resource: r.name, call });
      if (call.problem) {
        result.problems.push(`${at}: ${call.problem}`);
        continue;
      }
      const model = models(call.service);
      if ("missing" in model) {
        const text = `${at}: ${call.service}:${call.action} (${model.missing})`;
        result.unchecked.push({ service: call.service, text });
        continue;
      }
      result.problems.push(...checkCall(model, call.action, call.input, call.dialect).map((p) => `${at}: ${p}`));
    }
  }
  return result;
}

/** What fails the suite: every problem, and every unchecked call of a service not known to lack a model. */
const failures = (s: Scan) => [
  ...s.problems,
  ...s.unchecked.filter((u) => !NO_MODEL.has(u.service)).map((u) => `${u.text}: no model to check it against`),
];

describe("SDK target conformance: universal-target inputs and aws-sdk Tasks against the operations' input shapes", function () {
  this.timeout(120_000);
  const models = sdkV3Models();
  const graphs = new Map<string, readonly GraphResource[]>();

  before(async () => {
    for (const { label, options } of RENDERS) {
      graphs.set(label, (await render(options)).resources);
    }
  });

  it("finds no problem in any schedule or state machine of any stack", () => {
    const operations = new Set<string>();
    const problems: string[] = [];
    const counts: Record<string, string> = {};
    for (const [label, resources] of graphs) {
      const s = scan(models, resources);
      problems.push(...failures(s).map((p) => `${label}: ${p}`));
      for (const { call } of s.calls) {
        operations.add(`${call.via} ${call.service}:${call.action}`);
      }
      const via = (v: string) => s.calls.filter((c) => c.call.via === v).length;
      counts[label] = `${via("scheduler")} universal targets, ${via("states")} aws-sdk tasks`;
    }
    assert.deepEqual(problems, []);
    // The scan reaches every kind of call the components make (it would pass, vacuously, on none).
    assert.deepEqual([...operations].sort(), [
      "scheduler cloudwatch:disableAlarmActions",
      "scheduler cloudwatch:enableAlarmActions",
      "scheduler eks:updateNodegroupConfig",
      "scheduler rds:startDBCluster",
      "scheduler rds:stopDBCluster",
      "states arcregionswitch:startPlanExecution",
    ]);
    assert.match(counts.dev, /^[1-9]\d* universal targets, 0 aws-sdk tasks$/);
    assert.match(counts.staging, /^[1-9]\d* universal targets, 0 aws-sdk tasks$/);
    assert.match(counts.prod, /^0 universal targets, 1 aws-sdk tasks$/);
  });

  it("checks the failover starter only as far as a model is served (ARC Region switch has none)", () => {
    const s = scan(models, graphs.get("prod")!);
    assert.deepEqual(
      s.unchecked.map((u) => u.text),
      [
        "failover-start StartPlan: arcregionswitch:startPlanExecution (@aws-sdk/client-arc-region-switch is not installed)",
      ],
    );
    for (const service of NO_MODEL) {
      const model = models(service);
      assert.ok("missing" in model, `${service} now has a model (${model.packageName}): remove it from NO_MODEL`);
    }
    // The definition is read where the task's input is: its Parameters, with the members ARC's API names.
    const [task] = sdkCallsOf("aws:sfn/stateMachine:StateMachine", {
      definition: starterDefinition("arn:aws:arc-region-switch::123456789012:plan/p:abcdef", "ap-northeast-1", "a"),
    });
    assert.deepEqual(Object.keys(task.input as object), ["PlanArn", "TargetRegion", "Action", "Mode", "Comment"]);
  });

  describe("a mutated schedule fails", () => {
    const first = (label: string, action: RegExp) => {
      const found = graphs.get(label)!.find((r) => action.test(String((r.inputs.target as { arn?: string })?.arn)));
      assert.ok(found, `no ${action} schedule in ${label}`);
      return found;
    };
    /** The schedule with its target's ARN and JSON input changed. */
    const mutated = (
      r: GraphResource,
      edit: (input: Record<string, unknown>) => void,
      arn = (r.inputs.target as { arn: string }).arn,
    ) => {
      const target = r.inputs.target as { input: string };
      const input = JSON.parse(target.input) as Record<string, unknown>;
      edit(input);
      return { ...r, inputs: { ...r.inputs, target: { ...target, arn, input: JSON.stringify(input) } } };
    };
    const nodes = () => first("dev", /:eks:updateNodegroupConfig$/);
    const expectFailure = (r: Pick<GraphResource, "type" | "name" | "inputs">, ...expected: RegExp[]) => {
      const found = failures(scan(models, [r]));
      for (const e of expected) {
        assert.ok(
          found.some((f) => e.test(f)),
          `expected ${e} among:\n${found.join("\n")}`,
        );
      }
    };

    it("unchanged, it passes (the control)", () => {
      for (const r of [nodes(), first("dev", /:cloudwatch:/), first("dev with the database scheduled", /:rds:/)]) {
        assert.deepEqual(failures(scan(models, [r])), []);
      }
    });

    it("on a misspelt key, top-level or nested", () => {
      expectFailure(
        mutated(nodes(), (i) => {
          i.NodegroupNmae = i.NodegroupName;
          delete i.NodegroupName;
        }),
        /^primary-off-hours-nodes-\S+ target: eks:updateNodegroupConfig NodegroupNmae: UpdateNodegroupConfigRequest has no member "NodegroupNmae" \(did you mean "NodegroupName"\?\)$/,
      );
      expectFailure(
        mutated(nodes(), (i) => {
          const s = i.ScalingConfig as Record<string, unknown>;
          s.DesiredSzie = s.DesiredSize;
          delete s.DesiredSize;
        }),
        /ScalingConfig\.DesiredSzie: NodegroupScalingConfig has no member "DesiredSzie" \(did you mean "DesiredSize"\?\)/,
      );
    });

    it("on the API's spelling of a member where the SDK's is read (DBClusterIdentifier)", () => {
      const db = first("dev with the database scheduled", /:rds:stopDBCluster$/);
      expectFailure(
        mutated(db, (i) => {
          i.DBClusterIdentifier = i.DbClusterIdentifier;
          delete i.DbClusterIdentifier;
        }),
        /DBClusterIdentifier: StopDBClusterMessage has no member "DBClusterIdentifier" \(that is the API's spelling: Scheduler and Step Functions read the Java SDK's "DbClusterIdentifier"\)/,
        /rds:stopDBCluster \(input\): missing required member "DbClusterIdentifier"/,
      );
    });

    it("on a missing required member", () => {
      expectFailure(
        mutated(nodes(), (i) => delete i.ClusterName),
        /eks:updateNodegroupConfig \(input\): missing required member "ClusterName"$/,
      );
    });

    it("on a value of the wrong type or outside its enum", () => {
      expectFailure(
        mutated(nodes(), (i) => ((i.ScalingConfig as Record<string, unknown>).MinSize = "0")),
        /ScalingConfig\.MinSize: expected a number, got string "0"$/,
      );
      expectFailure(
        mutated(first("dev", /:cloudwatch:disableAlarmActions$/), (i) => (i.AlarmNames = "primary-alarms-db-cpu")),
        /AlarmNames: expected a list, got string "primary-alarms-db-cpu"$/,
      );
      expectFailure(
        mutated(nodes(), (i) => (i.Taints = { AddOrUpdateTaints: [{ Key: "k", Effect: "NoSchedule" }] })),
        /Taints\.AddOrUpdateTaints\[0\]\.Effect: "NoSchedule" is not one of NO_EXECUTE, NO_SCHEDULE, PREFER_NO_SCHEDULE$/,
      );
    });

    it("on an unknown operation or service", () => {
      expectFailure(
        mutated(nodes(), () => undefined, "arn:aws:scheduler:::aws-sdk:eks:updateNodeGroupConfig"),
        /@aws-sdk\/client-eks@[\d.]+ has no operation "updateNodeGroupConfig" \(did you mean "updateNodegroupConfig"\?\)$/,
      );
      expectFailure(
        mutated(nodes(), () => undefined, "arn:aws:scheduler:::aws-sdk:eks:UpdateNodegroupConfig"),
        /the action is written in camelCase \(updateNodegroupConfig\)$/,
      );
      expectFailure(
        mutated(nodes(), () => undefined, "arn:aws:scheduler:::aws-sdk:ekss:updateNodegroupConfig"),
        /ekss:updateNodegroupConfig \(@aws-sdk\/client-ekss is not installed\): no model to check it against$/,
      );
    });

    it("on a context attribute that does not exist or lands where no string is expected", () => {
      const withToken = mutated(nodes(), (i) => (i.ClientRequestToken = "<aws.scheduler.execution-id>"));
      assert.deepEqual(failures(scan(models, [withToken])), []);
      expectFailure(
        mutated(nodes(), (i) => (i.ClientRequestToken = "<aws.scheduler.execution_id>")),
        /ClientRequestToken: <aws\.scheduler\.execution_id> is no Scheduler context attribute$/,
      );
      expectFailure(
        mutated(
          nodes(),
          (i) => ((i.ScalingConfig as Record<string, unknown>).MinSize = "<aws.scheduler.attempt-number>"),
        ),
        /MinSize: expected a number, got string "<aws\.scheduler\.attempt-number>" \(a context attribute is substituted as a string\)$/,
      );
    });
  });

  describe("a mutated state machine fails", () => {
    /** A state machine with one aws-sdk Task in a Parallel branch, in JSONPath or JSONata. */
    const machine = (task: Record<string, unknown>, language: "JSONPath" | "JSONata" = "JSONPath") => ({
      type: "aws:sfn/stateMachine:StateMachine",
      name: "mutant",
      inputs: {
        definition: JSON.stringify({
          QueryLanguage: language,
          StartAt: "Both",
          States: {
            Both: {
              Type: "Parallel",
              End: true,
              Branches: [
                { StartAt: "Scale", States: { Scale: { Type: "Task", End: true, ...task } } },
                { StartAt: "Wait", States: { Wait: { Type: "Wait", Seconds: 1, End: true } } },
              ],
            },
          },
        }),
      },
    });
    const RESOURCE = "arn:aws:states:::aws-sdk:eks:updateNodegroupConfig";

    it("unchanged, it passes: paths (JSONPath) and expressions (JSONata) stand for any value", () => {
      for (const m of [
        machine({ Resource: RESOURCE, Parameters: { "ClusterName.$": "$.cluster", NodegroupName: "n" } }),
        machine({ Resource: RESOURCE, Arguments: { ClusterName: "{% $c %}", NodegroupName: "{% $n %}" } }, "JSONata"),
      ]) {
        const s = scan(models, [m]);
        assert.equal(s.calls.length, 1);
        assert.deepEqual(failures(s), []);
      }
    });

    it("on a misspelt key, a missing required member, a wrong type and an unknown operation", () => {
      const s = scan(models, [
        machine({ Resource: RESOURCE, Parameters: { "ClusterNme.$": "$.cluster", NodegroupName: "n" } }),
        machine({ Resource: RESOURCE, Arguments: { ClusterName: "{% $c %}" } }, "JSONata"),
        machine({ Resource: RESOURCE, Parameters: { ClusterName: "c", NodegroupName: "n", ScalingConfig: [] } }),
        machine({ Resource: `${RESOURCE}s`, Parameters: {} }),
      ]);
      assert.deepEqual(s.problems, [
        'mutant Both/Branches[0]/Scale: eks:updateNodegroupConfig ClusterNme.$: UpdateNodegroupConfigRequest has no member "ClusterNme" (did you mean "ClusterName"?)',
        'mutant Both/Branches[0]/Scale: eks:updateNodegroupConfig (input): missing required member "ClusterName"',
        'mutant Both/Branches[0]/Scale: eks:updateNodegroupConfig (input): missing required member "NodegroupName"',
        "mutant Both/Branches[0]/Scale: eks:updateNodegroupConfig ScalingConfig: expected a structure (NodegroupScalingConfig), got a list []",
        `mutant Both/Branches[0]/Scale: eks:updateNodegroupConfigs: @aws-sdk/client-eks@${(models("eks") as { version: string }).version} has no operation "updateNodegroupConfigs" (did you mean "updateNodegroupConfig"?)`,
      ]);
    });
  });

  it("names members as the Java SDK does, which is what Scheduler and Step Functions read", () => {
    const cases: [string, string][] = [
      ["clusterName", "ClusterName"],
      ["DBClusterIdentifier", "DbClusterIdentifier"],
      ["KMSKeyId", "KmsKeyId"],
      ["VPCSecurityGroupIds", "VpcSecurityGroupIds"],
      ["EC2InstanceId", "Ec2InstanceId"],
      ["AlarmNames", "AlarmNames"],
    ];
    assert.deepEqual(
      cases.map(([name]) => [name, javaSdkMemberName(name)]),
      cases,
    );
  });
});
