import { ProgressSink } from "./operations";

/**
 * Turns a stream of output chunks into whole lines. The CLI's stdout arrives in pipe-sized chunks
 * that split lines anywhere; progress is only readable (and greppable in CI logs) line by line.
 */
export class LineSplitter {
  private pending = "";

  constructor(private readonly sink: ProgressSink) {}

  /** Takes a chunk; emits every line it completes. */
  push(chunk: string): void {
    const parts = (this.pending + chunk).split(/\r?\n/);
    this.pending = parts.pop() ?? "";
    parts.forEach((line) => this.sink(line));
  }

  /** Emits the last, unterminated line, if any (call once the stream has ended). */
  flush(): void {
    if (this.pending !== "") {
      this.sink(this.pending);
      this.pending = "";
    }
  }
}
