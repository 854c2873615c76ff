import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { ROOT } from './code-blocks';

/** The README is what a new user reads first, and what every language's package shows: the rest belongs in docs/. */
const MAX_README_LINES = 450;

test(`fails if the README is longer than ${MAX_README_LINES} lines`, () => {
  // GIVEN / WHEN the README's lines are counted
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
  // THEN there are at most MAX_README_LINES: a long section moves to a docs/<topic>.md of its own
  expect(lines).toBeLessThanOrEqual(MAX_README_LINES);
});
