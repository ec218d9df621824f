import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import { ENVIRONMENTS } from "../stack-config";
import { GENERATED_BLOCKS, Sources } from "./docs/blocks";
import { fillBlocks, findBlocks } from "./docs/markers";
import { parseCommandLine, runAsCommand, ToolIo, UsageError, withExitCodes, writeFor } from "./offline/cli";
import { withGeneratedProjectConfig } from "./offline/project-config";
import { REPO_ROOT } from "./offline/stack-files";
import { POLICY_CONFIG_DIR, policyConfigText } from "./policy/environment-config";

export { GENERATED_BLOCKS } from "./docs/blocks";
export { findBlocks } from "./docs/markers";

const USAGE = `Usage: npm run docs [-- --check] [FILE...]

Rewrites the generated blocks of README.md and docs/**/*.md from the code, so that no figure the docs quote
can drift from what the program builds. A block is the text between
  <!-- generated:NAME -->  and  <!-- /generated:NAME -->
and NAME says what produces it (run with --list to see them). Without FILE arguments it also rewrites what
is generated outside the docs: Pulumi.yaml's \`config:\` declarations (from the config schema) and
policy/config/<env>.json (from the environment profile table). Files are formatted with the repository's
Prettier settings, so \`prettier --check\` agrees with the result.

Options:
  --check    change nothing; exit 1 naming every stale block (tests/tools/docs.test.ts runs this)
  --list     print the block names and what produces each
  FILE...    only these Markdown files (default: README.md and every docs/**/*.md)

Exit codes: 0 every block up to date (or rewritten), 1 a stale block with --check, or a block whose markers
are wrong (unknown NAME, unclosed, nested), 2 usage, 3 unexpected failure.`;

async function formatMarkdown(text: string): Promise<string> {
  // The repository's settings, also for a copy outside it (the tests check one in a temporary folder).
  const options = (await prettier.resolveConfig(path.join(REPO_ROOT, "README.md"))) ?? {};
  return prettier.format(text, { ...options, parser: "markdown" });
}

function markdownFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? markdownFiles(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

const defaultFiles = () => [path.join(REPO_ROOT, "README.md"), ...markdownFiles(path.join(REPO_ROOT, "docs"))];

const labelOf = (file: string) => {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
};

/** `npm run docs`: rewrite (or with --check, verify) the generated blocks of the Markdown docs. */
export function main(argv: readonly string[], io: ToolIo): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: {
        check: { type: "boolean", default: false },
        list: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (values.list) {
      io.out(
        Object.entries(GENERATED_BLOCKS)
          .map(([name, g]) => `${name}: ${g.description}`)
          .join("\n"),
      );
      return 0;
    }
    const files = positionals.length > 0 ? positionals.map((f) => path.resolve(f)) : defaultFiles();
    for (const file of files) {
      if (!file.endsWith(".md") || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        throw new UsageError(`${file}: not a Markdown file`);
      }
    }

    const sources = new Sources(io);
    const contents = new Map<string, string>();
    const stale: string[] = [];
    const broken: string[] = [];
    let count = 0;
    let rewritten = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      const { blocks, problems } = findBlocks(text);
      if (problems.length > 0) {
        broken.push(...problems.map((p) => `${labelOf(file)}: ${p}`));
        continue;
      }
      if (blocks.length === 0) {
        continue;
      }
      for (const b of blocks) {
        if (!contents.has(b.name)) {
          contents.set(b.name, await GENERATED_BLOCKS[b.name].produce(sources));
        }
      }
      const expected = await formatMarkdown(fillBlocks(text, blocks, contents));
      const fresh = findBlocks(expected).blocks;
      const staleHere = blocks
        .filter((b, i) => text.slice(b.start, b.end) !== expected.slice(fresh[i].start, fresh[i].end))
        .map((b) => b.name);
      count += blocks.length;
      if (staleHere.length === 0) {
        continue;
      }
      if (values.check) {
        stale.push(...staleHere.map((name) => `${labelOf(file)}: ${name}`));
      } else {
        writeFor("", file, expected);
        rewritten += staleHere.length;
        io.out(`rewrote ${labelOf(file)}: ${staleHere.join(", ")}`);
      }
    }
    if (positionals.length === 0) {
      // Pulumi.yaml's `config:` declarations come from the schema too (stack-config/reference.ts).
      const projectFile = path.join(REPO_ROOT, "Pulumi.yaml");
      const current = fs.readFileSync(projectFile, "utf8");
      const options = (await prettier.resolveConfig(projectFile)) ?? {};
      const expected = await prettier.format(withGeneratedProjectConfig(current), { ...options, parser: "yaml" });
      count += 1;
      if (expected !== current) {
        if (values.check) {
          stale.push("Pulumi.yaml: config");
        } else {
          writeFor("", projectFile, expected);
          rewritten += 1;
          io.out("rewrote Pulumi.yaml: config");
        }
      }
    }
    if (positionals.length === 0) {
      // policy/config/<env>.json come from the environment profile table (tools/policy/environment-config.ts).
      for (const environment of ENVIRONMENTS) {
        const file = path.join(POLICY_CONFIG_DIR, `${environment}.json`);
        const expected = await policyConfigText(environment);
        count += 1;
        if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== expected) {
          if (values.check) {
            stale.push(labelOf(file));
          } else {
            writeFor("", file, expected);
            rewritten += 1;
            io.out(`rewrote ${labelOf(file)}`);
          }
        }
      }
    }
    if (broken.length > 0) {
      io.err(`generated blocks with wrong markers (nothing written in their files):\n  - ${broken.join("\n  - ")}`);
    }
    if (stale.length > 0) {
      io.err(`stale generated blocks (run \`npm run docs\` to rewrite them):\n  - ${stale.join("\n  - ")}`);
      return 1;
    }
    io.out(
      rewritten > 0
        ? `${count} generated block(s), ${rewritten} rewritten`
        : `${count} generated block(s), all up to date`,
    );
    return broken.length > 0 ? 1 : 0;
  });
}

runAsCommand(module, main);
