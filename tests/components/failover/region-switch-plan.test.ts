import * as assert from "node:assert/strict";
import { accessEntriesOf, ARC_SCALING_ACCESS_POLICY, regionSwitchPlanProblems } from "../../../components/failover";
import { Graph } from "../../../tools/offline/graph";
import { computeObjectives, DrObjectives, DrTargets } from "../../../dr";
import { render } from "../../harness";

/**
 * The rendered prod plan, field by field, against the ARC Region switch API's constraints (after the
 * provider's mapping), and its execution role against what the ARC guide lists for the blocks it uses. What
 * this cannot prove: that ARC's own evaluation passes; it runs every 30 minutes once the plan exists.
 */
describe("RegionSwitchPlan: a plan the ARC API accepts", function () {
  this.timeout(60000);
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });
  const plan = () => prod.resources.find((r) => r.type === "aws:arcregionswitch/plan:Plan")!;
  const blocks = (workflow: number) =>
    ((plan().inputs.workflows as any[])[workflow].steps[0].parallelConfigs[0].steps as any[]).reduce(
      (m, s) => ({ ...m, [s.executionBlockType]: s }),
      {} as Record<string, any>,
    );

  it("conforms: two Regions, EKS scaling over both clusters keyed by Region, the one capacity approach", () => {
    assert.deepEqual(regionSwitchPlanProblems(plan().inputs as any), []);
    const eks = blocks(0).EKSResourceScaling.eksResourceScalingConfigs[0];
    assert.equal(eks.eksClusters.length, 2);
    assert.deepEqual(
      eks.scalingResources.map((r: any) => r.namespace),
      ["ap-northeast-2", "ap-northeast-1"],
    );
    assert.equal(eks.capacityMonitoringApproach, "sampledMaxInLast24Hours");
  });

  it("fails the database over in an ungraceful run (a lost Region cannot switch over), and switches over in a graceful one", () => {
    for (const workflow of [0, 1]) {
      const aurora = blocks(workflow).AuroraGlobalDatabase.globalAuroraConfigs[0];
      assert.equal(aurora.behavior, "failover");
      assert.deepEqual(aurora.ungracefuls, [{ ungraceful: "failover" }]);
      assert.equal(aurora.databaseClusterArns.length, 2);
    }
  });

  it("gives its execution role an access entry with ARC's scaling policy on both clusters, scoped to the service", () => {
    const role = prod.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "region-switch")!;
    const associations = prod.resources.filter(
      (r) => r.type === "aws:eks/accessPolicyAssociation:AccessPolicyAssociation" && r.name.startsWith("region-switch"),
    );
    assert.deepEqual(associations.map((a) => a.region).sort(), ["ap-northeast-1", "ap-northeast-2"]);
    for (const a of associations) {
      assert.equal(a.inputs.policyArn, ARC_SCALING_ACCESS_POLICY);
      assert.equal((a.inputs.accessScope as any).type, "namespace");
      assert.ok(a.propertyDependencies?.principalArn?.includes(role.urn), a.name);
    }
  });

  it("grants what the ARC guide lists and nothing that cannot apply (no eks:ListClusters on an ARN)", () => {
    const policies = prod.resources
      .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.startsWith("region-switch"))
      .flatMap((r) => JSON.parse(String(r.inputs.policy)).Statement as any[]);
    const actions = policies.flatMap((s) => [s.Action].flat());
    for (const needed of [
      "eks:DescribeCluster",
      "eks:ListAssociatedAccessPolicies",
      "rds:FailoverGlobalCluster",
      "rds:SwitchoverGlobalCluster",
      "arc-region-switch:GetPlan",
      "arc-region-switch:GetPlanExecution",
      "arc-region-switch:ListPlanExecutions",
    ]) {
      assert.ok(actions.includes(needed), needed);
    }
    assert.ok(!actions.includes("eks:ListClusters"));
    const entries = policies.find((s) => s.Sid === "ReadItsAccessEntries")!;
    assert.ok(
      [entries.Resource].flat().every((r: string) => /:access-entry\/[^/]+\/\*$/.test(r)),
      entries.Resource,
    );
    assert.equal(
      accessEntriesOf("arn:aws:eks:ap-northeast-1:1:cluster/c"),
      "arn:aws:eks:ap-northeast-1:1:access-entry/c/*",
    );
  });

  it("names what the API would refuse: one cluster, a scaling key that is not a Region, an unknown behaviour", () => {
    const bad = {
      recoveryApproach: "activePassive",
      regions: ["ap-northeast-2", "ap-northeast-1"],
      primaryRegion: "ap-northeast-2",
      workflows: [
        {
          workflowTargetAction: "activate",
          workflowTargetRegion: "ap-northeast-1",
          steps: [
            {
              name: "p",
              executionBlockType: "Parallel",
              parallelConfigs: [
                {
                  steps: [
                    {
                      name: "db",
                      globalAuroraConfigs: [{ behavior: "promote", databaseClusterArns: ["a", "b"] }],
                    },
                    {
                      name: "eks",
                      eksResourceScalingConfigs: [
                        {
                          capacityMonitoringApproach: "autoscalingMaxInLast24Hours",
                          targetPercent: 100,
                          eksClusters: [{ clusterArn: "x" }],
                          scalingResources: [{ namespace: "service" }],
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const problems = regionSwitchPlanProblems(bad);
    for (const expected of [
      /behavior promote/,
      /capacityMonitoringApproach autoscalingMaxInLast24Hours/,
      /eksClusters lists 1/,
      /scalingResources keys \["service"\]/,
    ]) {
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${expected} in ${problems.join(" | ")}`,
      );
    }
  });

  it("waits for a named role's approval before promoting when the stack asks for it, and the DR model names that person", async () => {
    const role = "arn:aws:iam::123456789012:role/oncall";
    const approved = await render({ stack: "prod", overrides: [["failover.approvalRoleArn", role]] });
    const p = approved.resources.find((r) => r.type === "aws:arcregionswitch/plan:Plan")!;
    assert.deepEqual(regionSwitchPlanProblems(p.inputs as any), []);
    const [first] = (p.inputs.workflows as any[])[0].steps;
    assert.deepEqual(
      [
        first.executionBlockType,
        first.executionApprovalConfigs[0].approvalRole,
        first.executionApprovalConfigs[0].timeoutMinutes,
      ],
      ["ManualApproval", role, 30],
    );
    // Activating Seoul asks too: after `activeSite: secondary` the starter runs that workflow, and it loses data
    // the same way.
    assert.equal((p.inputs.workflows as any[])[1].steps[0].executionBlockType, "ManualApproval");
    const report = computeObjectives(approved, approved.outputs.drTargets as DrTargets) as DrObjectives;
    assert.equal(report.rto.atLeast, true);
    assert.match(
      report.scenarios[0]!.links[2]!.text,
      /then human step A4, approve the Region switch plan's promotion step/,
    );
  });

  it("exports the plan's ARN for the runbook", () => {
    // The pattern StartPlanExecution accepts (API_StartPlanExecution).
    assert.match(
      String((prod.outputs.secondarySite as any).regionSwitchPlanArn),
      /^arn:aws[a-zA-Z-]*:arc-region-switch::[0-9]{12}:plan\/([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?):([a-z0-9]{6})$/,
    );
  });

  it("may switch only this global database and its two member clusters, never any", () => {
    const policy = prod.resources.find(
      (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "region-switch",
    )!;
    const statement = (
      JSON.parse(String(policy.inputs.policy)) as { Statement: { Sid: string; Resource: string | string[] }[] }
    ).Statement.find((s) => s.Sid === "SwitchTheGlobalDatabase")!;
    const resources = [statement.Resource].flat();
    assert.ok(!resources.includes("*"));
    assert.equal(resources.filter((r) => /^arn:aws:rds::\d+:global-cluster:/.test(r)).length, 1);
    assert.equal(resources.filter((r) => /^arn:aws:rds:ap-northeast-[12]:\d+:cluster:/.test(r)).length, 2);
  });
});
