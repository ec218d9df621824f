import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import { main as restoreMain } from "../../tools/restore";
import { main as teardownMain } from "../../tools/teardown";
import { runInProcess } from "../tool-run";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigProblemsError } from "../../tools/offline/render";
import { REPO_ROOT } from "../../tools/offline/stack-files";
import { automationStacks } from "../../tools/teardown/automation";
import { OpsDeps, OpsRequest, runOps } from "../../tools/teardown/commands";
import { FakeStack } from "../doubles/fake-stack";
import { configRefusals, Refusal, StackFacts } from "../../tools/teardown/guards";
import { Environment, ENVIRONMENTS, PROFILES } from "../../stack-config";
import { holidayToday, localDate } from "../../tools/teardown/holidays";
import { LineSplitter } from "../../tools/teardown/lines";
import { acquireLock, describeHeldLock, LockHeldError, readHolder } from "../../tools/teardown/lock";
import { resolveMode } from "../../tools/teardown/mode";
import { OperationFailedError, PulumiCliUnavailableError, StateResource } from "../../tools/teardown/operations";
import { readStackFacts } from "../../tools/teardown/stack-facts";
import { fixedUtcOffset, NoFixedOffsetError, offHoursCrons, utcCron } from "../../tools/teardown/utc-cron";

/**
 * The teardown and restore commands driven through their seam (StackOperations) with an in-memory
 * stack: every guard, the lock, the order of operations and the streamed output. What this cannot
 * prove: that the Pulumi CLI and the clouds behave as the Automation API's types say; the real path is
 * the same command with a CLI on PATH (and its absence is tested here, in-process and as a process).
 */

const DB = "urn:pulumi:dev::dr-platform::platform:data:Aurora$aws:rds/cluster:Cluster::primary-db";
const VPC = "urn:pulumi:dev::dr-platform::platform:network:AwsNetwork$aws:ec2/vpc:Vpc::primary-network";
const resource = (urn: string, protect = false): StateResource => ({
  urn,
  type: urn.split("::")[2].split("$").pop()!,
  protect,
});

const devFacts = (over: Partial<StackFacts> = {}): StackFacts => ({
  stack: "dev",
  environment: "dev",
  teardownAllowed: true,
  stackFile: "stacks/Pulumi.dev.yaml",
  ...over,
});

interface Harness {
  readonly deps: OpsDeps;
  readonly logs: string[];
  readonly progress: string[];
  readonly opened: () => number;
}

function harness(stack: FakeStack, facts: StackFacts = devFacts(), answer = "", lockDir?: string): Harness {
  const logs: string[] = [];
  const progress: string[] = [];
  let opened = 0;
  return {
    deps: {
      facts: () => facts,
      openStack: async () => {
        opened += 1;
        return stack;
      },
      lockDir: lockDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "teardown-lock-")),
      log: (line) => logs.push(line),
      progress: (line) => progress.push(line),
      ask: async () => answer,
    },
    logs,
    progress,
    opened: () => opened,
  };
}

const teardown = (mode: OpsRequest["mode"], extra: Partial<OpsRequest> = {}): OpsRequest => ({
  command: "teardown",
  stack: "dev",
  mode,
  ...extra,
});
const restore = (mode: OpsRequest["mode"], extra: Partial<OpsRequest> = {}): OpsRequest => ({
  command: "restore",
  stack: "dev",
  mode,
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => assert.fail("expected a refusal"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Refusal, `expected a Refusal, got ${String(err)}`);
  return err.message;
}

describe("teardown: guards", () => {
  it("refuses prod, even when its config claimed teardown.allowed, before touching the backend", async () => {
    for (const request of [teardown("apply"), restore("apply"), teardown("preview")]) {
      const stack = new FakeStack({ name: "prod", resources: [resource(VPC)] });
      const h = harness(stack, devFacts({ stack: "prod", environment: "prod", stackFile: "stacks/Pulumi.prod.yaml" }));
      const message = await refusal(runOps({ ...request, stack: "prod" }, h.deps));
      const verb = request.command === "teardown" ? "tear down" : "restore";
      assert.equal(
        message,
        `Refusing to ${verb} stack "prod":\n` +
          `  - its environment is prod, and ${request.command} never touches production (an outage is not a cost saving). ` +
          "Fix: none here; change prod through the reviewed deploy pipeline.",
      );
      assert.equal(h.opened(), 0);
      assert.deepEqual(stack.calls, []);
    }
  });

  it("decides by the environment profile's mayTeardown, and refuses an environment the table does not know", () => {
    for (const environment of ENVIRONMENTS) {
      const refused = configRefusals("teardown", devFacts({ environment })).some((r) => r.includes("never touches"));
      assert.equal(refused, !PROFILES[environment].mayTeardown, environment);
    }
    const unknown = devFacts({ environment: "qa" as Environment });
    assert.match(configRefusals("restore", unknown)[0], /^its environment is qa, and restore never touches production/);
  });

  it("refuses a stack whose config does not set teardown.allowed, naming the file and the fix", async () => {
    const stack = new FakeStack({ name: "staging", resources: [resource(VPC)] });
    const facts = devFacts({ stack: "staging", environment: "staging", teardownAllowed: false });
    const h = harness(stack, { ...facts, stackFile: "stacks/Pulumi.staging.yaml" });
    const message = await refusal(runOps(teardown("apply", { stack: "staging" }), h.deps));
    assert.match(message, /^Refusing to tear down stack "staging":\n {2}- `teardown\.allowed` is not true in/);
    assert.match(message, /stacks\/Pulumi\.staging\.yaml \(only disposable stacks may be destroyed\)/);
    assert.match(message, /Fix: .*pulumi config set --path teardown\.allowed true -s staging$/);
    assert.match(
      await refusal(runOps(restore("preview", { stack: "staging" }), h.deps)),
      /restore only rebuilds stacks that teardown may remove/,
    );
    assert.equal(h.opened(), 0);
    assert.deepEqual(stack.calls, []);
  });

  it("refuses when the state holds protected resources, before refreshing, even in a dry run", async () => {
    for (const mode of ["apply", "preview"] as const) {
      const stack = new FakeStack({ resources: [resource(VPC), resource(DB, true)] });
      const h = harness(stack);
      const message = await refusal(runOps(teardown(mode), h.deps));
      assert.match(message, /^Refusing to tear down stack "dev":\n {2}- 1 resource is protected in its state/);
      assert.match(message, /\(aws:rds\/cluster:Cluster::primary-db\)/);
      assert.match(message, /Fix: pass --exclude-protected to destroy everything else and keep them/);
      assert.deepEqual(
        stack.calls.map((c) => c.op),
        ["resources"],
      );
      assert.equal(stack.state.length, 2);
    }
  });

  it("with --exclude-protected, destroys the rest and passes excludeProtected to destroy", async () => {
    const stack = new FakeStack({ resources: [resource(VPC), resource(DB, true)] });
    const h = harness(stack);
    const outcome = await runOps(teardown("apply", { excludeProtected: true }), h.deps);
    assert.deepEqual(outcome, { kind: "applied", changes: { delete: 1 } });
    assert.deepEqual(stack.calls, [
      { op: "resources" },
      { op: "refresh" },
      { op: "destroy", request: { excludeProtected: true } },
    ]);
    assert.deepEqual(stack.state, [resource(DB, true)]);
    assert.ok(h.logs.includes("teardown dev: keeping 1 protected resource(s) (--exclude-protected)"));
  });

  it("passes excludeProtected: false by default", async () => {
    const stack = new FakeStack({ resources: [resource(VPC)] });
    await runOps(teardown("apply"), harness(stack).deps);
    assert.deepEqual(stack.calls[2], { op: "destroy", request: { excludeProtected: false } });
  });
});

describe("teardown: dry run, order and progress", () => {
  it("a dry run previews the destroy only and changes nothing", async () => {
    const stack = new FakeStack({ resources: [resource(VPC), resource(DB)] });
    const h = harness(stack);
    const outcome = await runOps(teardown("preview"), h.deps);
    assert.deepEqual(outcome, { kind: "previewed", changes: { delete: 2 } });
    assert.deepEqual(stack.calls, [
      { op: "resources" },
      { op: "previewDestroy", request: { excludeProtected: false } },
    ]);
    assert.equal(stack.state.length, 2);
    assert.deepEqual(h.logs, [
      "teardown dev: previewing the destroy of 2 resource(s) in the state",
      "teardown dev: preview: delete 2",
      "teardown dev: dry run, nothing changed; pass --yes to destroy",
    ]);
  });

  it("a restore dry run previews up only", async () => {
    const stack = new FakeStack({ resources: [resource(VPC)] });
    stack.state = [];
    const outcome = await runOps(restore("preview"), harness(stack).deps);
    assert.deepEqual(outcome, { kind: "previewed", changes: { create: 1 } });
    assert.deepEqual(stack.calls, [{ op: "previewUp" }]);
    assert.deepEqual(stack.state, []);
  });

  it("refreshes before it destroys, and keeps the stack for restore", async () => {
    const stack = new FakeStack({ resources: [resource(VPC), resource(DB)] });
    const h = harness(stack);
    await runOps(teardown("apply"), h.deps);
    assert.deepEqual(
      stack.calls.map((c) => c.op),
      ["resources", "refresh", "destroy"],
    );
    assert.deepEqual(stack.state, []);
    assert.deepEqual(h.logs.slice(-3), [
      "teardown dev: refreshing the state from the clouds",
      "teardown dev: destroying",
      "teardown dev: done: delete 2; the stack and its config remain for restore",
    ]);
  });

  it("restore runs pulumi up and brings the resources back", async () => {
    const stack = new FakeStack({ resources: [resource(VPC), resource(DB)] });
    await runOps(teardown("apply"), harness(stack).deps);
    const h = harness(stack);
    const outcome = await runOps(restore("apply"), h.deps);
    assert.deepEqual(outcome, { kind: "applied", changes: { create: 2 } });
    assert.deepEqual(
      stack.calls.map((c) => c.op),
      ["resources", "refresh", "destroy", "up"],
    );
    assert.equal(stack.state.length, 2);
    assert.deepEqual(h.logs, ["restore dev: running pulumi up", "restore dev: done: create 2"]);
  });

  it("streams each operation's output lines as they come, in order", async () => {
    const stack = new FakeStack({
      resources: [resource(VPC)],
      output: {
        refresh: ["Refreshing (dev):", " ~ aws:ec2:Vpc primary-network refreshed"],
        destroy: ["Destroying (dev):", " - aws:ec2:Vpc primary-network deleted", "Resources: 1 deleted"],
      },
    });
    const h = harness(stack);
    await runOps(teardown("apply"), h.deps);
    assert.deepEqual(h.progress, [
      "Refreshing (dev):",
      " ~ aws:ec2:Vpc primary-network refreshed",
      "Destroying (dev):",
      " - aws:ec2:Vpc primary-network deleted",
      "Resources: 1 deleted",
    ]);
  });

  it("joins the CLI's chunks into whole lines", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    ["Destroy", "ing (dev):\n - vpc del", "eted\r\n", "\nResources: 1 deleted"].forEach((c) => splitter.push(c));
    assert.deepEqual(lines, ["Destroying (dev):", " - vpc deleted", ""]);
    splitter.flush();
    splitter.flush();
    assert.deepEqual(lines, ["Destroying (dev):", " - vpc deleted", "", "Resources: 1 deleted"]);
  });

  it("in a terminal, goes on only when the stack's name is typed back", async () => {
    const yes = new FakeStack({ resources: [resource(VPC)] });
    await runOps(teardown("confirm"), harness(yes, devFacts(), " dev\n").deps);
    assert.deepEqual(
      yes.calls.map((c) => c.op),
      ["resources", "previewDestroy", "refresh", "destroy"],
    );

    const no = new FakeStack({ resources: [resource(VPC)] });
    const h = harness(no, devFacts(), "y");
    assert.deepEqual(await runOps(teardown("confirm"), h.deps), { kind: "declined" });
    assert.deepEqual(
      no.calls.map((c) => c.op),
      ["resources", "previewDestroy"],
    );
    assert.equal(no.state.length, 1);
    assert.equal(h.logs.at(-1), "not confirmed; nothing was changed");
  });

  it("starts nothing further once interrupted", async () => {
    const stack = new FakeStack({ resources: [resource(VPC)] });
    const h = harness(stack);
    const interrupt = new AbortController();
    interrupt.abort();
    await assert.rejects(
      runOps(teardown("apply"), { ...h.deps, cancelled: interrupt.signal }),
      new OperationFailedError("interrupted before `pulumi refresh`; nothing further was started"),
    );
    assert.deepEqual(
      stack.calls.map((c) => c.op),
      ["resources"],
    );
  });
});

describe("teardown: run modes", () => {
  const cases: [string, Parameters<typeof resolveMode>[0], string][] = [
    ["--yes", { yes: true, dryRun: false, interactive: false }, "apply"],
    ["--yes in a terminal", { yes: true, dryRun: false, interactive: true }, "apply"],
    ["no flag in CI (stdin not a terminal)", { yes: false, dryRun: false, interactive: false }, "preview"],
    ["no flag in a terminal", { yes: false, dryRun: false, interactive: true }, "confirm"],
    ["--dry-run in a terminal", { yes: false, dryRun: true, interactive: true }, "preview"],
  ];
  for (const [label, flags, mode] of cases) {
    it(`${label}: ${mode}`, () => assert.equal(resolveMode(flags), mode));
  }
  it("--yes with --dry-run is refused", () => {
    assert.throws(() => resolveMode({ yes: true, dryRun: true, interactive: false }), /contradict/);
  });
});

describe("teardown: the lock", () => {
  it("refuses a second run on the stack while the first holds the lock, naming the holder", async () => {
    const lockDir = fs.mkdtempSync(path.join(os.tmpdir(), "teardown-lock-"));
    let second: unknown;
    const first = new FakeStack({
      resources: [resource(VPC)],
      onOperation: async (op) => {
        if (op === "refresh") {
          const other = new FakeStack({ resources: [resource(VPC)] });
          second = await runOps(restore("apply"), harness(other, devFacts(), "", lockDir).deps).catch((e) => e);
          assert.deepEqual(other.calls, []);
        }
      },
    });
    await runOps(teardown("apply"), harness(first, devFacts(), "", lockDir).deps);
    assert.ok(second instanceof LockHeldError);
    const message = (second as Error).message;
    assert.match(
      message,
      new RegExp(`^Stack "dev" is locked by teardown, pid ${process.pid} on host ${os.hostname()}, since `),
    );
    assert.match(message, /dev\.lock\.\nIf that run is still going, wait for it to end\./);
    assert.match(message, /then remove the lock: rm .*dev\.lock$/);
    assert.deepEqual(
      first.calls.map((c) => c.op),
      ["resources", "refresh", "destroy"],
    );
    assert.ok(!fs.existsSync(path.join(lockDir, "dev.lock")), "released after success");
    assert.equal(fs.readFileSync(path.join(lockDir, ".gitignore"), "utf8"), "*\n");
  });

  it("releases the lock after a failed operation and after a missing CLI", async () => {
    const lockDir = fs.mkdtempSync(path.join(os.tmpdir(), "teardown-lock-"));
    const failing = new FakeStack({ resources: [resource(VPC)], failOn: ["destroy"] });
    await assert.rejects(
      runOps(teardown("apply"), harness(failing, devFacts(), "", lockDir).deps),
      OperationFailedError,
    );
    assert.ok(!fs.existsSync(path.join(lockDir, "dev.lock")));

    const noCli = harness(failing, devFacts(), "", lockDir);
    const deps: OpsDeps = {
      ...noCli.deps,
      openStack: async () => {
        throw new PulumiCliUnavailableError("no pulumi");
      },
    };
    await assert.rejects(runOps(teardown("preview"), deps), PulumiCliUnavailableError);
    assert.ok(!fs.existsSync(path.join(lockDir, "dev.lock")));

    // And the next run gets it.
    const next = new FakeStack({ resources: [resource(VPC)] });
    await runOps(teardown("apply"), harness(next, devFacts(), "", lockDir).deps);
    assert.deepEqual(next.state, []);
  });

  it("locks per stack: another stack is not blocked", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teardown-lock-"));
    const dev = acquireLock(dir, "dev", "teardown");
    const qa = acquireLock(dir, "qa", "teardown");
    assert.throws(() => acquireLock(dir, "dev", "restore"), LockHeldError);
    dev.release();
    qa.release();
    acquireLock(dir, "dev", "restore").release();
  });

  it("records pid, host, command and time, and never removes a lock that is not its own", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teardown-lock-"));
    const now = new Date("2026-03-02T11:00:00Z");
    const lock = acquireLock(dir, "dev", "teardown", now);
    const holder = readHolder(lock.file)!;
    assert.deepEqual(
      { ...holder, token: typeof holder.token },
      { command: "teardown", pid: process.pid, host: os.hostname(), startedAt: now.toISOString(), token: "string" },
    );
    // Someone removed it by hand and a new run took it: this run's release must leave that one alone.
    fs.rmSync(lock.file);
    const other = acquireLock(dir, "dev", "restore");
    lock.release();
    assert.equal(readHolder(other.file)?.command, "restore");
    other.release();
    assert.ok(!fs.existsSync(other.file));
  });

  it("says when the holder's pid is gone from this host (stale), and still leaves removal to a human", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teardown-lock-"));
    const file = path.join(dir, "dev.lock");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const pid = Number(dead.stdout);
    const holder = { command: "teardown", pid, host: os.hostname(), startedAt: "2026-03-02T11:00:00.000Z", token: "t" };
    fs.writeFileSync(file, JSON.stringify(holder));
    assert.throws(
      () => acquireLock(dir, "dev", "teardown"),
      (err: Error) =>
        err instanceof LockHeldError &&
        err.message.includes(`pid ${pid} is not running on this host, so that run ended without releasing the lock.`),
    );
    assert.ok(fs.existsSync(file), "a stale lock is not broken automatically");
    assert.doesNotMatch(
      describeHeldLock("dev", file, { ...holder, host: "another-host" }),
      /not running/,
      "a pid on another host proves nothing",
    );
    assert.match(describeHeldLock("dev", file, undefined), /locked by another run \(its lock file is empty/);
  });
});

describe("teardown: holidays", () => {
  const schedule = {
    timeZone: "Asia/Seoul",
    start: "08:00",
    stop: "20:00",
    workingDays: ["MON", "TUE", "WED", "THU", "FRI"] as ("MON" | "TUE" | "WED" | "THU" | "FRI")[],
    holidays: ["2026-12-25"],
    targets: [],
  };

  it("reads the date in the schedule's time zone", () => {
    // 23:00 UTC on the 24th is 08:00 on the 25th in Seoul: the morning restore's run.
    assert.equal(localDate("Asia/Seoul", new Date("2026-12-24T23:00:00Z")), "2026-12-25");
    assert.equal(holidayToday(schedule, new Date("2026-12-24T23:00:00Z")), "2026-12-25");
    assert.equal(holidayToday(schedule, new Date("2026-12-24T10:00:00Z")), undefined);
    assert.equal(holidayToday(undefined, new Date("2026-12-24T23:00:00Z")), undefined);
  });

  it("restore --skip-holidays does nothing on a holiday, and restores on other days", async () => {
    const stack = new FakeStack({ resources: [resource(VPC)] });
    stack.state = [];
    const h = harness(stack, devFacts({ schedule }));
    const christmas = { ...h.deps, now: () => new Date("2026-12-24T23:00:00Z") };
    const outcome = await runOps(restore("apply", { skipHolidays: true }), christmas);
    assert.deepEqual(outcome, {
      kind: "skipped",
      reason: "2026-12-25 is a holiday in stacks/Pulumi.dev.yaml (Asia/Seoul); dev stays down",
    });
    assert.equal(h.opened(), 0);
    const monday = { ...h.deps, now: () => new Date("2026-12-27T23:00:00Z") };
    assert.equal((await runOps(restore("apply", { skipHolidays: true }), monday)).kind, "applied");
  });
});

describe("teardown: the stack files", () => {
  it("reads each shipped stack's environment and teardown.allowed as the program validates them", () => {
    const facts = ["dev", "staging", "prod"].map((s) => readStackFacts(s));
    assert.deepEqual(
      facts.map((f) => [f.stack, f.environment, f.teardownAllowed, f.stackFile]),
      [
        ["dev", "dev", true, path.join("stacks", "Pulumi.dev.yaml")],
        ["staging", "staging", false, path.join("stacks", "Pulumi.staging.yaml")],
        ["prod", "prod", false, path.join("stacks", "Pulumi.prod.yaml")],
      ],
    );
    assert.equal(facts[0].schedule?.timeZone, "Asia/Seoul");
    assert.equal(facts[2].schedule, undefined);
  });

  it("reports an invalid stack file with every problem (exit code 1), before any guard", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "teardown-project-"));
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    fs.mkdirSync(path.join(root, "stacks"));
    fs.writeFileSync(
      path.join(root, "stacks", "Pulumi.qa.yaml"),
      "config:\n  dr-platform:environment: qa\n  dr-platform:drMode: backup-restore\n",
    );
    assert.throws(
      () => readStackFacts("qa", root),
      (err: Error) => err instanceof ConfigProblemsError && /^Stack config for `qa` is invalid/.test(err.message),
    );
  });
});

describe("teardown: the real Automation API path", () => {
  it("fails with a clear message, not a stack trace, when the pulumi CLI is missing", async function () {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
    const saved = process.env.PATH;
    process.env.PATH = empty;
    try {
      const open = automationStacks({
        workDir: REPO_ROOT,
        project: "dr-platform",
        configFile: (s) => path.join(REPO_ROOT, "stacks", `Pulumi.${s}.yaml`),
      });
      await assert.rejects(
        open("dev"),
        (err: Error) => err instanceof PulumiCliUnavailableError && /`pulumi`\) is not on PATH/.test(err.message),
      );
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("npm run teardown / restore", () => {
  const lockDir = fs.mkdtempSync(path.join(os.tmpdir(), "teardown-cli-"));
  // Only node's own folder on PATH: no pulumi, unless it is installed next to node.
  const env = { PATH: path.dirname(process.execPath), TEARDOWN_LOCK_DIR: lockDir };

  /** In-process, with the environment a user without the Pulumi CLI has. */
  async function run(tool: "teardown" | "restore", ...args: string[]) {
    const saved = { PATH: process.env.PATH, TEARDOWN_LOCK_DIR: process.env.TEARDOWN_LOCK_DIR };
    Object.assign(process.env, env);
    try {
      return await runInProcess(tool === "teardown" ? teardownMain : restoreMain, ...args);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.TEARDOWN_LOCK_DIR === undefined) {
        delete process.env.TEARDOWN_LOCK_DIR;
      } else {
        process.env.TEARDOWN_LOCK_DIR = saved.TEARDOWN_LOCK_DIR;
      }
    }
  }

  it("runs as its own process and refuses prod with exit code 1 and the reason (smoke)", () => {
    const result = spawnSync(process.execPath, ["-r", "./tools/register.js", "tools/teardown.ts", "prod", "--yes"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^Refusing to tear down stack "prod":\n {2}- its environment is prod/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it("exits 3 with one sentence when the pulumi CLI is missing, and leaves no lock", async function () {
    if (fs.existsSync(path.join(path.dirname(process.execPath), "pulumi"))) {
      this.skip();
    }
    const { code, stderr } = await run("restore", "dev");
    assert.equal(code, 3);
    assert.match(stderr, /^restore dev: the Pulumi CLI \(`pulumi`\) is not on PATH/);
    assert.doesNotMatch(stderr, /\n\s+at /);
    assert.ok(!fs.existsSync(path.join(lockDir, "dev.lock")));
  });

  it("exits 2 on wrong usage", async () => {
    const unknown = await run("teardown", "qa");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^unknown stack "qa"; the stacks are dev, staging, prod\n\nUsage: npm run teardown/);
    const contradiction = await run("restore", "dev", "--yes", "--dry-run");
    assert.equal(contradiction.code, 2);
    assert.match(contradiction.stderr, /^--yes and --dry-run contradict each other; pass one/);
    assert.equal((await run("teardown", "dev", "--bogus")).code, 2);
  });
});

describe("teardown: UTC crons from a wall-clock schedule", () => {
  const weekdays = ["MON", "TUE", "WED", "THU", "FRI"] as const;
  const at = new Date("2026-01-01T00:00:00Z");
  const crons = (timeZone: string, start: string, stop: string, workingDays: readonly string[] = weekdays) =>
    offHoursCrons({ timeZone, start, stop, workingDays: workingDays as (typeof weekdays)[number][] }, at);

  it("dev: start 08:00 Seoul Monday to Friday, stop 20:00 every day and tear down 30 minutes later", () => {
    // 08:00 KST is 23:00 UTC the day before: Sunday to Thursday; the teardown follows the 20:00 stop at 20:30.
    assert.deepEqual(crons("Asia/Seoul", "08:00", "20:00"), { stop: "30 11 * * *", start: "0 23 * * 0-4" });
  });

  it("staging: stop 22:00 and start 07:00 Seoul", () => {
    assert.deepEqual(crons("Asia/Seoul", "07:00", "22:00"), { stop: "30 13 * * *", start: "0 22 * * 0-4" });
  });

  it("computes the offset from time-zone data: half hours, west of UTC, and UTC itself", () => {
    assert.equal(fixedUtcOffset("Asia/Seoul", at), 540);
    assert.deepEqual(crons("Asia/Kolkata", "08:00", "20:00"), { stop: "0 15 * * *", start: "30 2 * * 1-5" });
    assert.equal(fixedUtcOffset("Pacific/Honolulu", at), -600);
    // Hawaii (UTC-10): a 20:00 start on Monday to Friday is 06:00 UTC Tuesday to Saturday.
    assert.deepEqual(crons("Pacific/Honolulu", "20:00", "23:00"), { stop: "30 9 * * *", start: "0 6 * * 2-6" });
    assert.deepEqual(crons("UTC", "09:30", "18:45"), { stop: "15 19 * * *", start: "30 9 * * 1-5" });
  });

  it("wraps days across the week and writes short lists and every day plainly", () => {
    assert.equal(utcCron("08:00", [1, 3, 5], 540), "0 23 * * 0,2,4");
    assert.equal(utcCron("08:00", [0], 540), "0 23 * * 6");
    assert.equal(utcCron("08:00", [0, 1, 2, 3, 4, 5, 6], 540), "0 23 * * *");
  });

  it("starts an overnight period on its working days and stops every morning", () => {
    assert.deepEqual(crons("Asia/Seoul", "22:00", "06:00", ["FRI", "SAT"]), {
      stop: "30 21 * * *",
      start: "0 13 * * 5,6",
    });
  });

  it("refuses a zone with daylight saving time, a bad zone and a bad time", () => {
    assert.throws(
      () => crons("Europe/Berlin", "08:00", "20:00"),
      (err: Error) =>
        err instanceof NoFixedOffsetError &&
        err.message.startsWith("Europe/Berlin changes its UTC offset during the year (UTC+01:00 and UTC+02:00)"),
    );
    assert.throws(() => crons("Asia/Nowhere", "08:00", "20:00"), /"Asia\/Nowhere" is not an IANA time zone/);
    assert.throws(() => crons("Asia/Seoul", "8:00", "20:00"), /expected a 24-hour "HH:MM" time, got "8:00"/);
    assert.throws(() => crons("Asia/Seoul", "08:00", "20:00", []), /at least one working day/);
  });
});
