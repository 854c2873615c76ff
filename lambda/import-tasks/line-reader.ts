/** One line of a JSON Lines file, as its bytes and where it lies in the file. */
export interface FileLine {
  /** 1 for the first line of the file. */
  readonly number: number;
  /** The line without its `\n` (and a `\r` before it); undefined when it is longer than `maxBytes`. */
  readonly bytes: Buffer | undefined;
  /** The line's length in bytes, counted even when it is too long to keep. */
  readonly length: number;
  /** The offset in the file just past this line's `\n`: where a reader resumes after it. */
  readonly end: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a stream of bytes into lines without holding more than one line: a line longer than
 * `maxBytes` is counted but not kept, so memory stays flat whatever the file. `start` is the
 * file offset of the stream's first byte and `firstLine` its line number, so a reader that
 * resumes from a checkpoint reports the file's own offsets and numbers. A last line without a
 * `\n` is a line; an empty file, or one ending in `\n`, has no line after that.
 */
export async function* fileLines(chunks: AsyncIterable<Uint8Array>, maxBytes: number, start = 0, firstLine = 1): AsyncGenerator<FileLine> {
  let parts: Buffer[] = [];
  let kept = 0;
  let length = 0;
  let offset = start;
  let number = firstLine;
  const line = (end: number): FileLine => {
    let bytes = length > maxBytes + 1 ? undefined : Buffer.concat(parts, kept);
    if (bytes && bytes.at(-1) === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    const counted = bytes ? bytes.length : length;
    if (bytes && bytes.length > maxBytes) bytes = undefined;
    parts = [];
    kept = 0;
    length = 0;
    return { number: number++, bytes, length: counted, end };
  };
  for await (const chunk of chunks) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (let newline = buffer.indexOf(NEWLINE, from); newline !== -1; newline = buffer.indexOf(NEWLINE, from)) {
      keep(buffer.subarray(from, newline));
      yield line(offset + newline + 1);
      from = newline + 1;
    }
    keep(buffer.subarray(from));
    offset += buffer.length;
  }
  if (length > 0) yield line(offset);

  /** Keeps a piece of the current line while it may still fit (one byte more for a `\r` before the `\n`). */
  function keep(piece: Buffer): void {
    length += piece.length;
    if (length <= maxBytes + 1) {
      // A copy: the stream may reuse its chunk's memory.
      parts.push(Buffer.from(piece));
      kept += piece.length;
    }
  }
}
