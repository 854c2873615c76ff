import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository's root; documentation paths are relative to it. */
export const ROOT = join(__dirname, '..', '..');

/** A fenced code block of a Markdown file, with the name given on the line before it: `<!-- example: name -->`. */
export interface CodeBlock {
  /** The file, relative to the repository, e.g. `docs/http-api.md`. */
  readonly file: string;
  /** The 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's info string, e.g. `sh`, `json`, `ts nofixture`. */
  readonly info: string;
  readonly name?: string;
  /** The block's text, without the fences; it ends with a newline. */
  readonly code: string;
}

const NAME = /^<!-- example: ([\w-]+) -->$/;

/** The fenced code blocks of a Markdown file, in order. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line === open[1]);
    if (end < 0) throw new Error(`${file}:${i + 1}: a code block that is never closed`);
    blocks.push({
      file,
      line: i + 1,
      info: open[2].trim(),
      name: NAME.exec(lines[i - 1] ?? '')?.[1],
      code: lines.slice(i + 1, end).join('\n') + '\n',
    });
    i = end;
  }
  return blocks;
}

/** The Markdown files under docs/, relative to the repository. */
export const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => relative(ROOT, join(ROOT, 'docs', name)));

/** The block named `name` in `file`; fails when there is none, so a renamed or moved example fails its test. */
export function codeBlock(file: string, name: string): string {
  const block = codeBlocks(file).find((b) => b.name === name);
  if (!block) throw new Error(`${file} has no code block named <!-- example: ${name} -->`);
  return block.code;
}
