import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ToolIo } from "../../tools/offline/cli";
import { AwsCli, runAwsCli } from "../../tools/aws-cli";
import { awsCliQueues, main, moveMessages, regionOfQueue, waitEmpty } from "../../tools/drain-queue";

/**
 * The queue step of the failback runbook, against SQS as the AWS CLI speaks it: a stand-in for `aws sqs` that
 * keeps queues in memory and answers the CLI's JSON (receive hides a message until it is deleted, as SQS's
 * visibility timeout does), and a stand-in `aws` executable for the process seam. What this cannot prove: the
 * real service's answers (throttling, a KMS key the role cannot use); the runbook's first `move` shows them.
 */
const SEOUL = "https://sqs.ap-northeast-2.amazonaws.com/123456789012/primary-queue-prod";
const TOKYO = "https://sqs.ap-northeast-1.amazonaws.com/123456789012/secondary-queue-prod";

interface Stored {
  id: string;
  body: string;
  attributes?: Record<string, unknown>;
  inFlight: boolean;
}

/** `aws sqs` in memory: the calls the tool makes, by their command-line arguments. */
function fakeSqs(options: { refuse?: (body: string) => boolean } = {}) {
  const queues = new Map<string, Stored[]>();
  const calls: string[][] = [];
  let next = 0;
  const arg = (args: readonly string[], name: string) => args[args.indexOf(name) + 1];
  const cli: AwsCli = async (args) => {
    calls.push([...args]);
    const url = arg(args, "--queue-url");
    assert.equal(arg(args, "--region"), regionOfQueue(url), "the Region is the queue's own");
    const queue = queues.get(url) ?? [];
    queues.set(url, queue);
    switch (args[1]) {
      case "receive-message": {
        const max = Number(arg(args, "--max-number-of-messages"));
        const got = queue.filter((m) => !m.inFlight).slice(0, max);
        got.forEach((m) => (m.inFlight = true));
        return got.length === 0
          ? {}
          : {
              Messages: got.map((m) => ({
                MessageId: m.id,
                ReceiptHandle: `rh-${m.id}`,
                Body: m.body,
                ...(m.attributes ? { MessageAttributes: m.attributes } : {}),
              })),
            };
      }
      case "send-message-batch": {
        const entries = JSON.parse(arg(args, "--entries")) as {
          Id: string;
          MessageBody: string;
          MessageAttributes?: Record<string, unknown>;
        }[];
        assert.ok(entries.length <= 10, "SQS takes at most 10 entries a batch");
        const ok = entries.filter((e) => !options.refuse?.(e.MessageBody));
        ok.forEach((e) =>
          queue.push({ id: `m${next++}`, body: e.MessageBody, attributes: e.MessageAttributes, inFlight: false }),
        );
        return {
          Successful: ok.map((e) => ({ Id: e.Id })),
          Failed: entries.filter((e) => !ok.includes(e)).map((e) => ({ Id: e.Id, Code: "KMS.AccessDenied" })),
        };
      }
      case "delete-message-batch": {
        const entries = JSON.parse(arg(args, "--entries")) as { Id: string; ReceiptHandle: string }[];
        for (const e of entries) {
          const i = queue.findIndex((m) => `rh-${m.id}` === e.ReceiptHandle);
          assert.ok(i >= 0, `deleting an unknown receipt ${e.ReceiptHandle}`);
          queue.splice(i, 1);
        }
        return { Successful: entries.map((e) => ({ Id: e.Id })) };
      }
      case "get-queue-attributes":
        return {
          Attributes: {
            ApproximateNumberOfMessages: String(queue.filter((m) => !m.inFlight).length),
            ApproximateNumberOfMessagesNotVisible: String(queue.filter((m) => m.inFlight).length),
            ApproximateNumberOfMessagesDelayed: "0",
          },
        };
      default:
        throw new Error(`unexpected call ${args.join(" ")}`);
    }
  };
  const put = (url: string, bodies: string[]) =>
    queues.set(url, [
      ...(queues.get(url) ?? []),
      ...bodies.map((body) => ({
        id: `m${next++}`,
        body,
        inFlight: false,
        attributes: { kind: { DataType: "String", StringValue: "order" } },
      })),
    ]);
  const bodies = (url: string) => (queues.get(url) ?? []).map((m) => m.body).sort();
  /** What a visibility timeout does: refused messages come back. */
  const expireVisibility = () => queues.forEach((q) => q.forEach((m) => (m.inFlight = false)));
  return { cli, calls, put, bodies, expireVisibility, queues };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const tool: ToolIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    render: () => Promise.reject(new Error("not used")),
  };
  return { tool, out, err };
}

describe("npm run drain-queue", () => {
  it("moves every message (body and attributes) in batches of at most 10, deleting each only once it was sent", async () => {
    const sqs = fakeSqs();
    const bodies = Array.from({ length: 23 }, (_, i) => `order-${i}`);
    sqs.put(SEOUL, bodies);
    const result = await moveMessages(awsCliQueues(sqs.cli), SEOUL, TOKYO, { emptyPolls: 2, maxFailures: 3 });
    assert.deepEqual(result, { moved: 23, refused: 0 });
    assert.deepEqual(sqs.bodies(SEOUL), []);
    assert.deepEqual(sqs.bodies(TOKYO), [...bodies].sort());
    assert.ok(
      sqs.queues.get(TOKYO)!.every((m) => (m.attributes?.kind as { StringValue: string }).StringValue === "order"),
    );
    // Each delete names only messages the send accepted, and follows it.
    const kinds = sqs.calls.map((c) => c[1]);
    assert.equal(kinds.filter((k) => k === "send-message-batch").length, 3);
    assert.equal(kinds.filter((k) => k === "delete-message-batch").length, 3);
  });

  it("never deletes a message the destination refused: it stays in the source, and the exit code says so", async () => {
    const sqs = fakeSqs({ refuse: (body) => body === "poison" });
    sqs.put(SEOUL, ["a", "poison", "b"]);
    const { tool, out, err } = io();
    const code = await main(
      ["move", SEOUL, TOKYO, "--empty-polls", "1", "--max-failures", "1"],
      tool,
      awsCliQueues(sqs.cli),
    );
    assert.equal(code, 1);
    assert.deepEqual(sqs.bodies(TOKYO), ["a", "b"]);
    sqs.expireVisibility();
    assert.deepEqual(sqs.bodies(SEOUL), ["poison"]);
    assert.match(out.join("\n"), /moved 2 message/);
    assert.match(err.join("\n"), /1 message\(s\) refused .* were left in/);
  });

  it("waits until visible, in-flight and delayed messages are all gone, and gives up at its deadline", async () => {
    const sqs = fakeSqs();
    const queues = awsCliQueues(sqs.cli);
    assert.equal(
      await waitEmpty(queues, TOKYO, { timeoutMs: 1000, intervalMs: 1 }, undefined, async () => undefined),
      true,
    );
    sqs.put(TOKYO, ["left"]);
    await queues.receive(TOKYO); // in flight: a consumer holds it
    assert.equal(await waitEmpty(queues, TOKYO, { timeoutMs: 30, intervalMs: 10 }), false);
  });

  it("splits a batch whose messages add up past SendMessageBatch's payload limit", async () => {
    const sqs = fakeSqs();
    const big = "x".repeat(100 * 1024);
    sqs.put(SEOUL, [big, big, big, "small"]);
    const result = await moveMessages(awsCliQueues(sqs.cli), SEOUL, TOKYO, { emptyPolls: 1, maxFailures: 1 });
    assert.deepEqual(result, { moved: 4, refused: 0 });
    const sends = sqs.calls.filter((c) => c[1] === "send-message-batch");
    assert.equal(sends.length, 2, "two parts under 256 KiB each");
    for (const send of sends) {
      const entries = JSON.parse(send[send.indexOf("--entries") + 1]) as { MessageBody: string }[];
      assert.ok(entries.reduce((n, e) => n + e.MessageBody.length, 0) <= 256 * 1024);
    }
  });

  it("refuses what is not an SQS queue URL, a FIFO queue, and the same queue twice, with the usage", async () => {
    for (const argv of [
      ["move", SEOUL, `${TOKYO}.fifo`],
      ["move", "https://example.com/q", TOKYO],
      ["move", TOKYO, TOKYO],
      ["wait-empty"],
      ["move", SEOUL, TOKYO, "--empty-polls", "0"],
    ]) {
      const { tool, err } = io();
      assert.equal(await main(argv, tool, awsCliQueues(fakeSqs().cli)), 2, argv.join(" "));
      assert.match(err.join("\n"), /Usage: npm run drain-queue/);
      assert.doesNotMatch(err.join("\n"), /\n\s+at /, "no stack trace");
    }
  });

  describe("the AWS CLI seam (a stand-in `aws` on PATH)", () => {
    const original = process.env.PATH;
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-aws-"));
      fs.writeFileSync(
        path.join(dir, "aws"),
        [
          "#!/bin/sh",
          'echo "$@" >> "$(dirname "$0")/calls"',
          'case "$2" in',
          '  get-queue-attributes) echo \'{"Attributes":{"ApproximateNumberOfMessages":"2","ApproximateNumberOfMessagesNotVisible":"1","ApproximateNumberOfMessagesDelayed":"0"}}\' ;;',
          '  receive-message) echo "An error occurred (AccessDenied) when calling the ReceiveMessage operation" >&2; exit 254 ;;',
          "esac",
        ].join("\n"),
        { mode: 0o755 },
      );
      process.env.PATH = `${dir}:${original}`;
    });
    after(() => {
      process.env.PATH = original;
    });

    it("asks for JSON in the queue's Region and reads the answer", async () => {
      assert.equal(await awsCliQueues(runAwsCli).depth(SEOUL), 3);
      assert.match(fs.readFileSync(path.join(dir, "calls"), "utf8"), /--region ap-northeast-2 .*--output json/);
    });

    it("reports a CLI failure as its message with exit code 3, never a stack trace", async () => {
      const { tool, err } = io();
      assert.equal(await main(["move", SEOUL, TOKYO], tool, awsCliQueues(runAwsCli)), 3);
      assert.match(err.join("\n"), /drain-queue: aws sqs receive-message failed: An error occurred \(AccessDenied\)/);
      assert.doesNotMatch(err.join("\n"), /\n\s+at /);
    });
  });
});
