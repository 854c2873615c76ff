import { TASK_LIMITS } from '../lib/contract';
import { FLOW_ID } from './lambda-env';

/** One request a hostile caller might send: headers and a body, each meant to cost the handler. */
export interface HostileRequest {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const base = { Name: 'x', ContactFlowId: FLOW_ID };
const json = (fields: Record<string, unknown>) => JSON.stringify({ ...base, ...fields });
const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const entries = <T>(n: number, key: (i: number) => string, value: (i: number) => T) =>
  Object.fromEntries(times(n, (i) => [key(i), value(i)]));

/** Distinct keys of two or three characters (then `suffix`), so that thousands fit in Connect's byte totals. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const shortKey = (suffix: string) => (i: number) => {
  const [a, b, c] = [i % 62, Math.floor(i / 62) % 62, Math.floor(i / 3844)];
  return `${ALPHABET[a]}${ALPHABET[b]}${c > 0 ? ALPHABET[c] : ''}${suffix}`;
};

/** Nesting that fills the body: arrays, or objects, inside an unknown field. */
const nested = (open: string, close: string) => {
  const depth = Math.floor((TASK_LIMITS.bodyMaxBytes - 64) / (open.length + close.length));
  return `{"Name":"x","Extra":${open.repeat(depth)}${close.repeat(depth)}}`;
};

/** Just under the limit of object keys in a body, after the request's own few. */
const MANY = TASK_LIMITS.bodyMaxKeys - 10;
/** As many entries as fit under the key limit when each holds `keysEach` keys. */
const fitting = (keysEach: number) => Math.floor(MANY / keysEach);
const count = (n: number) => n.toLocaleString('en');
const MANY_TEXT = count(MANY);

/**
 * Requests built to be expensive to judge, each at most 256 KiB (the largest body the handler
 * reads) but one: patterns that could backtrack, details without end, values echoed back, deep
 * nesting, text that is not UTF-8, and as many keys and values as a body may hold.
 */
export const HOSTILE_CORPUS: readonly HostileRequest[] = [
  {
    name: '60 EMAIL references of a@ + 4,090 dots + @',
    headers: JSON_TYPE,
    body: json({
      References: entries(
        60,
        (i) => `e${i}`,
        () => ({ Type: 'EMAIL', Value: `a@${'.'.repeat(4090)}@` }),
      ),
    }),
  },
  {
    name: '1 EMAIL reference of a@ + 4,090 dots + @ (within the byte total)',
    headers: JSON_TYPE,
    body: json({ References: { e: { Type: 'EMAIL', Value: `a@${'.'.repeat(4090)}@` } } }),
  },
  {
    name: `${MANY_TEXT} unknown fields`,
    headers: JSON_TYPE,
    body: json(
      entries(
        MANY,
        (i) => `UnknownField${i}`,
        () => 'x'.repeat(16),
      ),
    ),
  },
  {
    name: '5,000 unknown fields (180 KB)',
    headers: JSON_TYPE,
    body: json(
      entries(
        5000,
        (i) => `UnknownField${i}`,
        () => 'x'.repeat(16),
      ),
    ),
  },
  { name: '7 KB Content-Type header', headers: { 'Content-Type': `text/plain; x=${'y'.repeat(7000)}` }, body: json({}) },
  {
    name: '7 KB Content-Type of JSON with a bad charset',
    headers: { 'Content-Type': `application/json; charset=${'y'.repeat(7000)}` },
    body: json({}),
  },
  { name: '130,000 nested arrays', headers: JSON_TYPE, body: nested('[', ']') },
  { name: '43,000 nested objects', headers: JSON_TYPE, body: nested('{"a":', '}') },
  {
    name: '20,000 attributes (over the key limit)',
    headers: JSON_TYPE,
    body: json({
      Attributes: entries(
        20_000,
        (i) => `k${i}`,
        () => 'v',
      ),
    }),
  },
  { name: `${MANY_TEXT} attributes with bad keys`, headers: JSON_TYPE, body: json({ Attributes: entries(MANY, shortKey('.'), () => '') }) },
  {
    name: `${MANY_TEXT} attributes of the wrong type`,
    headers: JSON_TYPE,
    body: json({ Attributes: entries(MANY, shortKey(''), () => 0) }),
  },
  {
    name: `${MANY_TEXT} attributes within the byte total, Name empty`,
    headers: JSON_TYPE,
    body: json({ Name: '', Attributes: entries(MANY, shortKey(''), () => '') }),
  },
  {
    name: `${MANY_TEXT} attributes over the byte total`,
    headers: JSON_TYPE,
    body: json({
      Attributes: entries(
        MANY,
        (i) => `k${i}`,
        () => 'v'.repeat(12),
      ),
    }),
  },
  { name: 'one attribute of 250 KB', headers: JSON_TYPE, body: json({ Attributes: { a: 'v'.repeat(250_000) } }) },
  {
    name: '12 attribute keys of 20,000 characters',
    headers: JSON_TYPE,
    body: json({
      Attributes: entries(
        12,
        (i) => `${i} ${'k'.repeat(20_000)}`,
        () => 'v',
      ),
    }),
  },
  {
    name: 'a reference key of 250,000 characters',
    headers: JSON_TYPE,
    body: json({ References: { ['k'.repeat(250_000)]: { Type: 'STRING', Value: 'v' } } }),
  },
  {
    name: `${count(fitting(3))} URL references that are no URLs`,
    headers: JSON_TYPE,
    body: json({
      References: entries(
        fitting(3),
        (i) => String.fromCharCode(0x100 + i),
        () => ({ Type: 'URL', Value: 'x' }),
      ),
    }),
  },
  {
    name: `${count(fitting(2))} attachments`,
    headers: JSON_TYPE,
    body: json({ Attachments: times(fitting(2), () => ({ FileName: '\u0007', S3Url: 'h' })) }),
  },
  {
    name: `${count(fitting(4))} segment attributes with ValueArn in maps`,
    headers: JSON_TYPE,
    body: json({
      SegmentAttributes: entries(
        fitting(4),
        (i) => `K${i}`,
        () => ({ ValueMap: { a: { ValueArn: 'x' } } }),
      ),
    }),
  },
  {
    name: `${count(fitting(4))} undefined connect: segment attributes`,
    headers: JSON_TYPE,
    body: json({
      SegmentAttributes: entries(
        fitting(4),
        (i) => `connect:K${i}`,
        () => ({ ValueMap: { a: { ValueString: 'x' } } }),
      ),
    }),
  },
  { name: 'a Name of 250,000 characters', headers: JSON_TYPE, body: json({ Name: 'n'.repeat(250_000) }) },
  { name: '80,000 U+FFFD in Description', headers: JSON_TYPE, body: json({ Description: '\uFFFD'.repeat(80_000) }) },
  { name: '40,000 unpaired surrogate escapes', headers: JSON_TYPE, body: `{"Name":"x","Description":"${'\\ud800'.repeat(40_000)}"}` },
  {
    name: `${MANY_TEXT} attribute keys with U+FFFD`,
    headers: JSON_TYPE,
    body: json({
      Attributes: entries(
        MANY,
        (i) => `k${i}\uFFFD`,
        () => 'v',
      ),
    }),
  },
  { name: 'a body over 256 KiB', headers: JSON_TYPE, body: json({ Description: 'd'.repeat(TASK_LIMITS.bodyMaxBytes) }) },
];
