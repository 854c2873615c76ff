import { Readable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { type FileLine, fileLines } from '../../lambda/import-tasks/line-reader';

/** The text as a stream of `size`-byte chunks, as S3's body arrives in pieces. */
function chunked(text: Buffer, size: number): Readable {
  return Readable.from(Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.subarray(i * size, (i + 1) * size)));
}

async function read(text: Buffer | string, { size = 3, maxBytes = 16, start = 0, firstLine = 1 } = {}): Promise<FileLine[]> {
  const lines: FileLine[] = [];
  for await (const line of fileLines(chunked(Buffer.from(text), size), maxBytes, start, firstLine)) lines.push(line);
  return lines;
}

const texts = (lines: FileLine[]) => lines.map((line) => line.bytes?.toString('utf8'));

describe('the lines of an import file', () => {
  test('are split on \\n across chunks, a \\r before it dropped, a last line without \\n kept', async () => {
    // GIVEN a file whose lines cross 3-byte chunks, with a CRLF line and no final newline
    // WHEN it is read
    const lines = await read('{"a":1}\r\n\n{"b":2}');
    // THEN it has three lines, the middle one empty, each ending at the offset past its \n
    expect(texts(lines)).toEqual(['{"a":1}', '', '{"b":2}']);
    expect(lines.map((line) => [line.number, line.end])).toEqual([
      [1, 9],
      [2, 10],
      [3, 17],
    ]);
  });

  test('end with the file: a final \\n starts no line, and an empty file has none', async () => {
    // GIVEN / WHEN / THEN
    expect(texts(await read('x\n'))).toEqual(['x']);
    expect(await read('')).toEqual([]);
  });

  test('fails if a line over the limit is kept: it is counted, not held, and the next line is whole', async () => {
    // GIVEN a line of 40 bytes, over a 16-byte limit, between two short ones
    const lines = await read(`a\n${'x'.repeat(40)}\nb\n`);
    // THEN the long line has no bytes but its length, and its neighbours are intact
    expect(lines.map((line) => [line.bytes?.toString(), line.length])).toEqual([
      ['a', 1],
      [undefined, 40],
      ['b', 1],
    ]);
  });

  test('resumed from a checkpoint, keep the file offsets and line numbers', async () => {
    // GIVEN the rest of a file from byte 10, where line 3 starts
    const lines = await read('c\nd\n', { start: 10, firstLine: 3 });
    // THEN the lines are numbered and placed as in the whole file
    expect(lines.map((line) => [line.number, line.end])).toEqual([
      [3, 12],
      [4, 14],
    ]);
  });
});
