import { AwsCli, CliError, runAwsCli } from "./aws-cli";
import { parseCommandLine, runAsCommand, ToolIo, UsageError, withExitCodes } from "./offline/cli";

const USAGE = `Usage: npm run drain-queue -- move FROM_QUEUE_URL TO_QUEUE_URL [--empty-polls N] [--max-failures N]
       npm run drain-queue -- wait-empty QUEUE_URL [--timeout-s N] [--interval-s N]

The queue steps of a failover's day after and of a failback (docs/runbooks/failback.md#queues), through the AWS
CLI (\`aws sqs\`, credentials and profile as the CLI finds them; each queue's Region is read from its URL):

  move        moves every message from one SQS queue to another: each batch is sent to TO, and only the messages
              TO accepted are deleted from FROM (a message is never lost; one may arrive twice if this stops between
              the two calls, as SQS's own delivery may: consumers must be idempotent). Stops after
              --empty-polls empty receives in a row (default 3). Use it for what Seoul's queue still held when
              the failover moved the service, and for what the active queue holds when writes are frozen before
              a failback.
  wait-empty  waits until the queue is drained by its consumers: visible, in-flight and delayed messages all 0 on
              3 polls in a row (SQS's counts are approximate). Exit 1 if --timeout-s passes first (default 900).

Exit codes: 0 done; 1 some messages could not be moved (or the queue did not drain); 2 usage; 3 the CLI failed.`;

/** One received message, as \`aws sqs receive-message\` returns it. */
export interface QueueMessage {
  readonly MessageId: string;
  readonly ReceiptHandle: string;
  readonly Body: string;
  readonly MessageAttributes?: Record<string, unknown>;
}

/** The SQS calls the drain makes; {@link awsCliQueues} in production, an in-memory double in the tests. */
export interface Queues {
  receive(queueUrl: string): Promise<QueueMessage[]>;
  /** Sends a batch; returns the ids (the batch entries' ids) SQS accepted. */
  send(queueUrl: string, messages: readonly QueueMessage[]): Promise<Set<string>>;
  delete(queueUrl: string, messages: readonly QueueMessage[]): Promise<void>;
  /** Visible + in flight + delayed (approximate). */
  depth(queueUrl: string): Promise<number>;
}

/** The Region a queue URL names: `https://sqs.<region>.amazonaws.com/<account>/<name>`. */
export function regionOfQueue(queueUrl: string): string {
  const m = queueUrl.match(/^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/\d{12}\/[\w-]+(\.fifo)?$/);
  if (!m) {
    throw new UsageError(
      `not an SQS queue URL: "${queueUrl}" (expected https://sqs.<region>.amazonaws.com/<account>/<name>)`,
    );
  }
  if (m[3] !== undefined) {
    // A FIFO queue needs each message's group and deduplication ids, and its order kept: not what this moves.
    throw new UsageError(
      `"${queueUrl}" is a FIFO queue; the platform's queues are standard, and this tool moves only those`,
    );
  }
  return m[1];
}

/**
 * SendMessageBatch refuses a batch whose messages add up to more than the service's payload limit; 256 KiB is
 * the long-standing one (a larger message goes alone, as SendMessage would take it).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
export const BATCH_PAYLOAD_BYTES = 256 * 1024;

/** Messages in batches under {@link BATCH_PAYLOAD_BYTES} (bodies and attributes as JSON, a safe overestimate). */
export function byPayload(messages: readonly QueueMessage[], limit = BATCH_PAYLOAD_BYTES): QueueMessage[][] {
  const size = (m: QueueMessage) =>
    Buffer.byteLength(m.Body) + Buffer.byteLength(JSON.stringify(m.MessageAttributes ?? {}));
  const batches: QueueMessage[][] = [];
  let current: QueueMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    if (current.length > 0 && bytes + size(m) > limit) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size(m);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The outcome of {@link moveMessages}. */
export interface MoveResult {
  readonly moved: number;
  /** Messages TO refused, left in FROM (they become visible again after FROM's visibility timeout). */
  readonly refused: number;
}

/**
 * Moves every message from `from` to `to`, deleting from `from` only what `to` accepted. Gives up after
 * `maxFailures` batches with refusals (a destination that refuses everything must not loop for ever).
 */
export async function moveMessages(
  queues: Queues,
  from: string,
  to: string,
  options: { readonly emptyPolls: number; readonly maxFailures: number },
  progress: (text: string) => void = () => undefined,
): Promise<MoveResult> {
  let moved = 0;
  let refused = 0;
  let empty = 0;
  let failures = 0;
  while (empty < options.emptyPolls && failures < options.maxFailures) {
    const batch = await queues.receive(from);
    if (batch.length === 0) {
      empty++;
      continue;
    }
    empty = 0;
    const accepted = new Set<string>();
    for (const part of byPayload(batch)) {
      for (const id of await queues.send(to, part)) accepted.add(id);
    }
    const sent = batch.filter((m) => accepted.has(m.MessageId));
    if (sent.length > 0) {
      await queues.delete(from, sent);
    }
    moved += sent.length;
    if (sent.length < batch.length) {
      refused += batch.length - sent.length;
      failures++;
    }
    progress(`moved ${moved}${refused > 0 ? `, ${refused} refused so far` : ""}`);
  }
  return { moved, refused };
}

/** Polls until the queue's depth is 0 on `stablePolls` polls in a row, or the deadline passes. */
export async function waitEmpty(
  queues: Queues,
  queueUrl: string,
  options: { readonly timeoutMs: number; readonly intervalMs: number; readonly stablePolls?: number },
  progress: (text: string) => void = () => undefined,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const stable = options.stablePolls ?? 3;
  let zeros = 0;
  for (;;) {
    const depth = await queues.depth(queueUrl);
    zeros = depth === 0 ? zeros + 1 : 0;
    progress(`${depth} message(s) left`);
    if (zeros >= stable) return true;
    if (Date.now() + options.intervalMs > deadline) return false;
    await sleep(options.intervalMs);
  }
}

/** The SQS calls through the AWS CLI. */
export function awsCliQueues(cli: AwsCli = runAwsCli): Queues {
  const on = (queueUrl: string) => ["--queue-url", queueUrl, "--region", regionOfQueue(queueUrl)];
  return {
    async receive(queueUrl) {
      const answer = await cli([
        "sqs",
        "receive-message",
        ...on(queueUrl),
        "--max-number-of-messages",
        "10",
        "--wait-time-seconds",
        "2",
        "--message-attribute-names",
        "All",
      ]);
      return (answer.Messages as QueueMessage[] | undefined) ?? [];
    },
    async send(queueUrl, messages) {
      const entries = messages.map((m) => ({
        Id: m.MessageId,
        MessageBody: m.Body,
        ...(m.MessageAttributes ? { MessageAttributes: m.MessageAttributes } : {}),
      }));
      const answer = await cli(["sqs", "send-message-batch", ...on(queueUrl), "--entries", JSON.stringify(entries)]);
      return new Set(((answer.Successful as { Id: string }[] | undefined) ?? []).map((s) => s.Id));
    },
    async delete(queueUrl, messages) {
      const entries = messages.map((m) => ({ Id: m.MessageId, ReceiptHandle: m.ReceiptHandle }));
      const answer = await cli(["sqs", "delete-message-batch", ...on(queueUrl), "--entries", JSON.stringify(entries)]);
      const failed = (answer.Failed as { Id: string; Message?: string }[] | undefined) ?? [];
      if (failed.length > 0) {
        // Already sent: these will be delivered twice, which consumers must tolerate; say so rather than stop.
        throw new CliError(`sent but not deleted (they will arrive twice): ${failed.map((f) => f.Id).join(", ")}`);
      }
    },
    async depth(queueUrl) {
      const names = [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ];
      const answer = await cli(["sqs", "get-queue-attributes", ...on(queueUrl), "--attribute-names", ...names]);
      const attributes = (answer.Attributes as Record<string, string> | undefined) ?? {};
      return names.reduce((sum, name) => sum + Number(attributes[name] ?? 0), 0);
    },
  };
}

const positiveInt = (value: string | undefined, option: string, fallback: number): number => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new UsageError(`--${option} must be a positive whole number, got "${value}"`);
  }
  return n;
};

/** `npm run drain-queue`. */
export function main(argv: readonly string[], io: ToolIo, queues: Queues = awsCliQueues()): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    try {
      return await drain(argv, io, queues);
    } catch (err) {
      if (err instanceof CliError) {
        io.err(`drain-queue: ${err.message}`);
        return 3;
      }
      throw err;
    }
  });
}

async function drain(argv: readonly string[], io: ToolIo, queues: Queues): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    allowPositionals: true,
    options: {
      "empty-polls": { type: "string" },
      "max-failures": { type: "string" },
      "timeout-s": { type: "string" },
      "interval-s": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [command, ...urls] = positionals;
  if (command === "move" && urls.length === 2) {
    urls.forEach(regionOfQueue);
    const [from, to] = urls;
    if (from === to) throw new UsageError("FROM and TO are the same queue");
    const result = await moveMessages(
      queues,
      from,
      to,
      {
        emptyPolls: positiveInt(values["empty-polls"], "empty-polls", 3),
        maxFailures: positiveInt(values["max-failures"], "max-failures", 5),
      },
      (text) => io.err(text),
    );
    io.out(`moved ${result.moved} message(s) from ${from} to ${to}`);
    if (result.refused > 0) {
      io.err(`${result.refused} message(s) refused by ${to} were left in ${from}: run move again once it accepts them`);
      return 1;
    }
    return 0;
  }
  if (command === "wait-empty" && urls.length === 1) {
    regionOfQueue(urls[0]);
    const drained = await waitEmpty(
      queues,
      urls[0],
      {
        timeoutMs: positiveInt(values["timeout-s"], "timeout-s", 900) * 1000,
        intervalMs: positiveInt(values["interval-s"], "interval-s", 10) * 1000,
      },
      (text) => io.err(text),
    );
    io.out(drained ? `${urls[0]} is empty` : `${urls[0]} did not drain in time`);
    return drained ? 0 : 1;
  }
  throw new UsageError(command === undefined ? "no command" : `"${command}" with ${urls.length} queue URL(s)`);
}

runAsCommand(module, (argv, io) => main(argv, io));
