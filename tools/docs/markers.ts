import { GENERATED_BLOCKS } from "./blocks";

/** The markers of generated blocks in Markdown, found and filled outside fenced code. */

/** One generated block in a Markdown text: `start`..`end` is its content, between the two markers. */
export interface Block {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** Written inside a line of prose, rather than as its own paragraph. */
  readonly inline: boolean;
}

const MARKER = /<!-- (\/?)generated:([\w-]+) -->/g;

/** Where fenced code blocks are: a marker shown inside one is an example, not a block. */
function fencedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open: number | undefined;
  for (const m of text.matchAll(/^ {0,3}(```|~~~)/gm)) {
    if (open === undefined) {
      open = m.index;
    } else {
      ranges.push([open, m.index]);
      open = undefined;
    }
  }
  return open === undefined ? ranges : [...ranges, [open, text.length]];
}

/** The blocks of a Markdown text, and what is wrong with its markers. */
export function findBlocks(text: string): { blocks: Block[]; problems: string[] } {
  const blocks: Block[] = [];
  const problems: string[] = [];
  const line = (index: number) => text.slice(0, index).split("\n").length;
  const fenced = fencedRanges(text);
  // In a code span (`<!-- generated:x -->`) or a fenced block, a marker is shown, not used.
  const shown = (at: number) => text[at - 1] === "`" || fenced.some(([from, to]) => at > from && at < to);
  let open: { name: string; start: number; at: number } | undefined;
  for (const m of text.matchAll(MARKER)) {
    const [marker, closing, name] = m;
    const at = m.index;
    if (shown(at)) {
      continue;
    }
    if (!closing) {
      if (open) {
        problems.push(`line ${line(at)}: block "${name}" starts inside block "${open.name}" (line ${line(open.at)})`);
      }
      open = { name, start: at + marker.length, at };
    } else if (!open || open.name !== name) {
      problems.push(`line ${line(at)}: <!-- /generated:${name} --> closes no open block "${name}"`);
    } else {
      blocks.push({ name, start: open.start, end: at, inline: text[open.start] !== "\n" });
      open = undefined;
    }
  }
  if (open) {
    problems.push(`line ${line(open.at)}: block "${open.name}" is never closed (<!-- /generated:${open.name} -->)`);
  }
  for (const b of blocks) {
    if (!Object.hasOwn(GENERATED_BLOCKS, b.name)) {
      problems.push(`line ${line(b.start)}: unknown block "${b.name}" (npm run docs -- --list)`);
    }
  }
  return { blocks, problems };
}

/** The text with each block's content replaced; a paragraph block gets blank lines around its content. */
export function fillBlocks(text: string, blocks: readonly Block[], contents: ReadonlyMap<string, string>): string {
  let out = text;
  for (const b of [...blocks].sort((x, y) => y.start - x.start)) {
    const content = contents.get(b.name)!;
    out = `${out.slice(0, b.start)}${b.inline ? content : `\n\n${content}\n\n`}${out.slice(b.end)}`;
  }
  return out;
}
