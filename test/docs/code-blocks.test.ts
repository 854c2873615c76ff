import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { type CodeBlock, codeBlocks, DOCS, ROOT } from './code-blocks';

/**
 * Every code block of docs/ is run by a test: it carries a name, and a test reads it by that name
 * (`codeBlock(file, name)`, or the Python consumer test). The README's named blocks (its apps'
 * files) are held to the same; its TypeScript examples are compiled by rosetta and its Python ones
 * run by the Python consumer test whatever their names.
 */
const TEST_SOURCES = readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.(ts|py)$/.test(file) && !file.startsWith(join('docs', 'code-blocks')))
  .map((file) => readFileSync(join(ROOT, 'test', file), 'utf8'));

const where = (block: CodeBlock) => `${block.file}:${block.line}`;
const docsBlocks = DOCS.flatMap(codeBlocks);
const readmeNamed = codeBlocks('README.md').filter((block) => block.name);

describe('the code blocks of the documentation', () => {
  test('fails if a block of docs/ has no name', () => {
    // GIVEN every code block under docs/
    // WHEN those without an <!-- example: name --> line are listed
    const unnamed = docsBlocks.filter((block) => !block.name).map(where);
    // THEN there are none
    expect(docsBlocks.length).toBeGreaterThan(0);
    expect(unnamed).toEqual([]);
  });

  test('fails if two blocks share a name', () => {
    // GIVEN the names of every named block
    const names = [...docsBlocks, ...readmeNamed].flatMap((block) => (block.name ? [block.name] : []));
    // WHEN they are counted THEN each is given once
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  test('fails if no test reads a named block', () => {
    // GIVEN every named block, of docs/ and of the README
    const named = [...docsBlocks, ...readmeNamed].filter((block) => block.name);
    // WHEN the tests' sources are searched for each name, quoted as a test passes it
    const unread = named.filter((block) => !TEST_SOURCES.some((source) => new RegExp(`['"]${block.name}['"]`).test(source)));
    // THEN every block is read by some test
    expect(unread.map((block) => `${where(block)} (${block.name})`)).toEqual([]);
  });
});
