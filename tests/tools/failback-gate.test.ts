import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AwsCli } from "../../tools/aws-cli";
import { gateOutputs, main } from "../../tools/failback-gate";
import { ToolIo } from "../../tools/offline/cli";
import { render } from "../harness";

/**
 * The failback gate against the outputs the program really exports after `activeSite: secondary` (rendered
 * prod), and a stand-in AWS CLI answering as Route 53, RDS, CloudWatch and SQS answer (their documented JSON).
 * Each check is shown closing the gate on its own. What this cannot prove: the live values; the gate is what
 * reads them.
 */
const NOW = new Date("2026-12-04T03:00:00Z");

interface World {
  healthy: number;
  checkers: number;
  member?: { IsWriter: boolean; SynchronizationStatus: string };
  lag: number[];
}

function cli(world: World, seoulArn: string, calls: string[][]): AwsCli {
  return async (args) => {
    calls.push([...args]);
    const at = (name: string) => args[args.indexOf(name) + 1];
    switch (`${args[0]} ${args[1]}`) {
      case "route53 get-health-check-status":
        return {
          HealthCheckObservations: Array.from({ length: world.checkers }, (_, i) => ({
            Region: `r${i}`,
            StatusReport: { Status: i < world.healthy ? "Success: HTTP Status Code 200, OK" : "Failure: timed out" },
          })),
        };
      case "rds describe-global-clusters":
        return {
          GlobalClusters: [
            {
              GlobalClusterIdentifier: at("--global-cluster-identifier"),
              GlobalClusterMembers: [
                { DBClusterArn: "arn:aws:rds:ap-northeast-1:123456789012:cluster:tokyo", IsWriter: true },
                ...(world.member ? [{ DBClusterArn: seoulArn, ...world.member }] : []),
              ],
            },
          ],
        };
      case "cloudwatch get-metric-statistics":
        assert.equal(at("--start-time"), "2026-12-04T02:30:00.000Z");
        return { Datapoints: world.lag.map((Maximum, i) => ({ Timestamp: `t${i}`, Maximum })) };
      case "sqs get-queue-attributes":
        return { Attributes: { ApproximateNumberOfMessages: "4", ApproximateNumberOfMessagesNotVisible: "1" } };
      default:
        throw new Error(`unexpected ${args.join(" ")}`);
    }
  };
}

describe("npm run failback-gate", function () {
  this.timeout(120_000);
  let file: string;
  let seoulArn: string;
  before(async () => {
    const g = await render({ stack: "prod", overrides: [["activeSite", "secondary"]] });
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gate-")), "outputs.json");
    fs.writeFileSync(file, JSON.stringify(g.outputs));
    seoulArn = gateOutputs(g.outputs).seoulClusterArn;
  });

  async function gate(world: World, argv: string[] = []) {
    const out: string[] = [];
    const err: string[] = [];
    const io: ToolIo = { out: (t) => out.push(t), err: (t) => err.push(t), render: () => Promise.reject(new Error()) };
    const calls: string[][] = [];
    const code = await main([file, ...argv], io, cli(world, seoulArn, calls), NOW);
    return { code, out: out.join("\n"), err: err.join("\n"), calls };
  }

  const ready: World = {
    healthy: 8,
    checkers: 8,
    member: { IsWriter: false, SynchronizationStatus: "connected" },
    lag: Array.from({ length: 30 }, () => 120),
  };

  it("opens when Seoul is healthy, a connected reader, and its lag stayed low, asking each Region its own question", async () => {
    const { code, out, calls } = await gate(ready);
    assert.equal(code, 0, out);
    assert.match(out, /gate open/);
    assert.match(out, /info {2}queue https:\/\/sqs\.ap-northeast-1\..*: 4 waiting, 1 in flight/);
    const region = (service: string) => calls.find((c) => c[0] === service)!.slice(-1)[0];
    assert.equal(region("rds"), "ap-northeast-1");
    assert.equal(region("cloudwatch"), "ap-northeast-2");
    assert.equal(region("route53"), "us-east-1");
  });

  for (const [why, world, expected] of [
    ["two checkers still fail", { ...ready, healthy: 6 }, /FAIL {2}Route 53 sees Seoul healthy: 6 of 8/],
    ["Seoul is not a member", { ...ready, member: undefined }, /FAIL {2}Seoul is a connected reader.*not a member/],
    [
      "Seoul is still resynchronising",
      { ...ready, member: { IsWriter: false, SynchronizationStatus: "pending-resync" } },
      /synchronization pending-resync/,
    ],
    ["one minute lagged 1.5 s", { ...ready, lag: [...ready.lag.slice(1), 1500] }, /worst 1500 ms/],
    ["the lag is not reported", { ...ready, lag: ready.lag.slice(0, 10) }, /FAIL {2}replication lag.*10 of 30 minutes/],
  ] as const) {
    it(`stays closed when ${why}`, async () => {
      const { code, out } = await gate(world as World);
      assert.equal(code, 1);
      assert.match(out, expected);
      assert.match(out, /gate closed/);
    });
  }

  it("stays closed on a stack that has not declared the failover, and says what to do", async () => {
    const g = await render({ stack: "prod" });
    fs.writeFileSync(file, JSON.stringify(g.outputs));
    try {
      const { code, out } = await gate(ready);
      assert.equal(code, 1);
      assert.match(out, /FAIL {2}the stack declares the failover: activeSite is primary: apply the day-after change/);
    } finally {
      const active = await render({ stack: "prod", overrides: [["activeSite", "secondary"]] });
      fs.writeFileSync(file, JSON.stringify(active.outputs));
    }
  });

  it("refuses outputs without a global database, naming what is missing, without a stack trace", async () => {
    const g = await render({ stack: "prod", overrides: [["secondary.cloud", "gcp"]] });
    const other = path.join(path.dirname(file), "gcp.json");
    fs.writeFileSync(other, JSON.stringify(g.outputs));
    const out: string[] = [];
    const err: string[] = [];
    const io: ToolIo = { out: (t) => out.push(t), err: (t) => err.push(t), render: () => Promise.reject(new Error()) };
    assert.equal(await main([other], io, cli(ready, "", [])), 2);
    assert.match(err.join("\n"), /the outputs lack database\.globalClusterIdentifier/);
    assert.doesNotMatch(err.join("\n"), /\n\s+at /);
  });
});
