import type { FileLine } from './line-reader';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** UTF-32 LE's mark starts as UTF-16 LE's does; both mean the same answer. */
const OTHER_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]), Buffer.from([0x00, 0x00, 0xfe, 0xff])];

/**
 * The file's first line as UTF-8 text would have it: a UTF-8 byte order mark (Windows tools write
 * one) is dropped, and undefined means the file is in another encoding: a UTF-16 or UTF-32 byte
 * order mark, or NUL bytes, which JSON text never holds and UTF-16 text of ASCII is full of.
 */
export function asUtf8FirstLine(line: FileLine): FileLine | undefined {
  const bytes = line.bytes;
  if (bytes === undefined) return line;
  if (OTHER_BOMS.some((bom) => bytes.subarray(0, bom.length).equals(bom)) || bytes.includes(0x00)) return undefined;
  return bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM) ? { ...line, bytes: bytes.subarray(UTF8_BOM.length) } : line;
}
