import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { DOCS, ROOT } from './code-blocks';

/**
 * The README and docs/ link to each other by relative paths and heading anchors; a section moved
 * or renamed must not leave a link that leads nowhere.
 */
const FILES = ['README.md', ...DOCS];

/** The text of a Markdown file without its fenced code blocks, where brackets are code, not links. */
const prose = (file: string) => readFileSync(join(ROOT, file), 'utf8').replace(/^(`{3,}).*\n[\s\S]*?^\1$/gm, '');

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (file: string) => new Set([...prose(file).matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => anchorOf(heading)));

/** Every relative link of a file, as `path#anchor` resolved against the repository. */
function relativeLinks(file: string): Array<{ link: string; target: string; anchor?: string }> {
  return [...prose(file).matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, link]) => link)
    .filter((link) => !/^[a-z]+:/.test(link))
    .map((link) => {
      const [path, anchor] = link.split('#');
      return { link, target: path ? relative(ROOT, join(ROOT, dirname(file), path)) : file, anchor };
    });
}

describe('links between the README and docs/', () => {
  test.each(FILES)('fails if a relative link of %s leads to no file or no heading', (file) => {
    // GIVEN the file's relative links
    const links = relativeLinks(file);
    // WHEN each is followed to its file, and to its heading when it names one
    const broken = links.filter(
      ({ target, anchor }) => !existsSync(join(ROOT, target)) || (anchor !== undefined && !anchorsOf(target).has(anchor)),
    );
    // THEN every one arrives
    expect(broken.map(({ link }) => link)).toEqual([]);
  });

  test('fails if a file of docs/ is not linked from the README', () => {
    // GIVEN the files the README links to
    const linked = new Set(relativeLinks('README.md').map(({ target }) => target));
    // WHEN docs/ is listed THEN the README links to each of its files
    expect(DOCS.filter((file) => !linked.has(file))).toEqual([]);
  });
});
