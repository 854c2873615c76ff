import { TASK_UPDATE_FIELDS } from '../../lib/contract';
/**
 * Request bodies for the gateway dialect test: valid ones, each rule broken, and Unicode and
 * length edges. `accepted` is the function's verdict for a deployment with a default target
 * (a body may name no target); the dialect test checks the function against it, so every body
 * is known to exercise what its name says.
 */
export interface CorpusEntry {
  readonly name: string;
  /** The body exactly as sent: a JSON text (or not), lone surrogates as `\ud800` escapes. */
  readonly text: string;
  readonly accepted: boolean;
}

const FLOW = 'aaaaaaaa-1111-2222-3333-444444444444';
const S3_URL = 'https://bucket.s3.eu-west-2.amazonaws.com/report.pdf?X-Amz-Signature=abc';

/** U+1F600: one code point, two UTF-16 code units, four UTF-8 bytes. */
const ASTRAL = '😀';
/** U+20AC: one code unit, three UTF-8 bytes. */
const EURO = '€';
/** U+00E9: one code unit, two UTF-8 bytes. */
const E_ACUTE = 'é';

const repeat = (s: string, n: number) => s.repeat(n);

/** The top-level strings with a length limit, in characters (code points, as Connect counts them). */
const STRING_LIMITS: Array<[field: string, limit: number]> = [
  ['Name', 1024],
  ['Description', 4096],
  ['ContactFlowId', 500],
  ['TaskTemplateId', 500],
  ['PreviousContactId', 256],
  ['RelatedContactId', 256],
  ['ClientToken', 500],
];

export function taskBodyCorpus(now: Date): CorpusEntry[] {
  const corpus: CorpusEntry[] = [];
  const add = (name: string, body: unknown, accepted: boolean) =>
    corpus.push({ name, text: typeof body === 'string' ? body : JSON.stringify(body), accepted });
  const task = (fields: Record<string, unknown>) => ({ Name: 'Call back customer 42', ...fields });
  const inSeconds = (s: number) => new Date(Math.floor(now.getTime() / 1000) * 1000 + s * 1000);
  const epoch = (d: Date) => d.getTime() / 1000;
  const hourAhead = inSeconds(3600);
  const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
  /** `d` written in another offset, e.g. `+01:00`, with the same instant. */
  const isoAt = (d: Date, offsetMinutes: number, fraction = '') => {
    const local = new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    return `${local}${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  };

  // Bodies that are not a JSON object.
  add('empty body', '', false);
  add('not JSON', 'Call back customer 42', false);
  add('truncated JSON', '{"Name":"x"', false);
  add('JSON followed by more text', '{"Name":"x"} {"Name":"y"}', false);
  add('byte order mark before the object', '\ufeff{"Name":"x"}', false);
  add('JSON array', '[{"Name":"x"}]', false);
  add('JSON string', '"Call back customer 42"', false);
  add('JSON number', '42', false);
  add('JSON null', 'null', false);
  add('JSON true', 'true', false);

  // Valid bodies.
  add('only a Name (the default target routes it)', task({}), true);
  add('Name and ContactFlowId', task({ ContactFlowId: FLOW }), true);
  add('TaskTemplateId alone', task({ TaskTemplateId: 'bbbbbbbb-1111-2222-3333-444444444444' }), true);
  add('QuickConnectId alone', task({ QuickConnectId: 'cccccccc-1111-2222-3333-444444444444' }), true);
  add(
    'every field at once',
    {
      Name: 'Quarterly review',
      Description: 'Check the account',
      ContactFlowId: FLOW,
      PreviousContactId: 'prev-1',
      RelatedContactId: 'rel-1',
      ClientToken: 'token-1',
      Attributes: { accountId: '42', 'customer_tier-2': 'gold' },
      References: {
        runbook: { Type: 'URL', Value: 'https://wiki.example.com/runbook' },
        amount: { Type: 'NUMBER', Value: '-12.50' },
        note: { Type: 'STRING', Value: 'anything at all' },
        due: { Type: 'DATE', Value: '1780392600' },
        owner: { Type: 'EMAIL', Value: 'ops@example.com' },
      },
      ScheduledTime: iso(hourAhead),
      SegmentAttributes: { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 60 } } } },
      Attachments: [{ FileName: 'report.pdf', S3Url: S3_URL }],
    },
    true,
  );
  add('duplicate key: the last Name wins and is empty', '{"Name":"x","Name":""}', false);
  add('duplicate key: the last Name wins and is valid', '{"Name":"","Name":"x"}', true);
  add('whitespace around the object', ' \n\t{"Name":"x"}\r\n ', true);

  // Unicode in free text: Connect's Name and Description take any character.
  add('Name of emoji (astral characters)', task({ Name: `${ASTRAL} call back ${ASTRAL}` }), true);
  add('Name with an emoji ZWJ sequence', task({ Name: 'Dev 👩‍💻 desk' }), true);
  add('Name with combining marks', task({ Name: 'Rene\u0301e Zoe\u0308' }), true);
  add('Name in Arabic (right to left)', task({ Name: 'اتصل بالعميل' }), true);
  add('Name with RTL override and mark', task({ Name: '\u202Eabc\u200F' }), true);
  add('Name with control characters', task({ Name: 'line\nbreak\ttab\u0000nul\u007f' }), true);
  add('Name that is a lone high surrogate', task({ Name: '\ud800' }), false);
  add('Name with a lone low surrogate', task({ Name: 'x\udc00y' }), false);
  add('Description with supplementary CJK', task({ Description: '𠀀𠀁 𪚥' }), true);

  // Top-level fields: presence, type, emptiness.
  add('no Name', { ContactFlowId: FLOW }, false);
  add('Name empty', task({ Name: '' }), false);
  add('Name a single space', task({ Name: ' ' }), true);
  add('Name null', task({ Name: null }), false);
  add('Name a number', task({ Name: 42 }), false);
  add('Name an array', task({ Name: ['x'] }), false);
  add('InstanceId in the body', task({ InstanceId: '11111111-2222-3333-4444-555555555555' }), false);
  add('unknown field', task({ Priority: 1 }), false);
  add('field name in the wrong case', { name: 'x' }, false);
  add('two targets', task({ ContactFlowId: FLOW, QuickConnectId: 'c' }), false);
  add('three targets', task({ ContactFlowId: FLOW, QuickConnectId: 'c', TaskTemplateId: 't' }), false);
  add('ContactFlowId empty', task({ ContactFlowId: '' }), false);
  add('QuickConnectId empty', task({ QuickConnectId: '' }), false);
  add('PreviousContactId empty', task({ PreviousContactId: '' }), false);
  add('RelatedContactId a number', task({ RelatedContactId: 7 }), false);
  add('ClientToken empty', task({ ClientToken: '' }), false);
  add('Description null', task({ Description: null }), false);

  // Every length limit at and one past it, in ASCII and in astral characters (two UTF-16 units
  // each), and at the limit in code points but one past it in UTF-16 code units.
  for (const [field, limit] of STRING_LIMITS) {
    const withField = (value: string) => task({ [field]: value });
    add(`${field} of ${limit} ASCII characters`, withField(repeat('a', limit)), true);
    add(`${field} of ${limit + 1} ASCII characters`, withField(repeat('a', limit + 1)), false);
    add(`${field} of ${limit} astral characters (${2 * limit} UTF-16 units)`, withField(repeat(ASTRAL, limit)), true);
    add(`${field} of ${limit + 1} astral characters`, withField(repeat(ASTRAL, limit + 1)), false);
    add(`${field} of ${limit} characters, ${limit + 1} UTF-16 units`, withField(repeat('a', limit - 1) + ASTRAL), true);
  }

  // Attributes: keys, value types, and the 32,768-byte total in UTF-8 terms.
  add('Attributes keys of letters, digits, - and _', task({ Attributes: { a: '1', 'B-2_c': '' } }), true);
  add('Attributes empty', task({ Attributes: {} }), true);
  add('Attributes key with a space', task({ Attributes: { 'a b': '1' } }), false);
  add('Attributes key with é', task({ Attributes: { [`caf${E_ACUTE}`]: '1' } }), false);
  add('Attributes key with an emoji', task({ Attributes: { [`k${ASTRAL}`]: '1' } }), false);
  add('Attributes key empty', task({ Attributes: { '': '1' } }), false);
  add('Attributes value a number', task({ Attributes: { a: 1 } }), false);
  add('Attributes value null', task({ Attributes: { a: null } }), false);
  add('Attributes an array', task({ Attributes: ['a'] }), false);
  add('Attributes value with emoji and control characters', task({ Attributes: { a: `${ASTRAL}\u0000\n` } }), true);
  // key "k" (1 byte) + value: 32,767 bytes, 32,768 bytes.
  add('Attributes total 32,768 bytes (ASCII)', task({ Attributes: { k: repeat('a', 32_767) } }), true);
  add('Attributes total 32,769 bytes (ASCII)', task({ Attributes: { k: repeat('a', 32_768) } }), false);
  add('Attributes total 32,768 bytes (three-byte €)', task({ Attributes: { k: repeat(EURO, 10_922) + 'a' } }), true);
  add('Attributes total 32,769 bytes (€ and a two-byte é)', task({ Attributes: { k: repeat(EURO, 10_922) + E_ACUTE } }), false);
  add('Attributes total 32,768 bytes (four-byte emoji)', task({ Attributes: { k: repeat(ASTRAL, 8191) + 'abc' } }), true);
  add(
    'Attributes total 32,769 bytes over many keys',
    task({
      Attributes: Object.fromEntries(
        Array.from({ length: 64 }, (_, i) => [`k${String(i).padStart(2, '0')}`, repeat('v', 509 + (i === 0 ? 1 : 0))]),
      ),
    }),
    false,
  );

  // References: types, values per type, and the 4,096-byte total.
  const ref = (Type: unknown, Value: unknown, key = 'r') => task({ References: { [key]: { Type, Value } } });
  add('Reference of type ATTACHMENT', ref('ATTACHMENT', 'x'), false);
  add('Reference of type EMAIL_MESSAGE', ref('EMAIL_MESSAGE', 'x'), false);
  add('Reference type in lower case', ref('url', 'https://example.com'), false);
  add('Reference without Type', task({ References: { r: { Value: 'x' } } }), false);
  add('Reference without Value', task({ References: { r: { Type: 'STRING' } } }), false);
  add('Reference with an extra member', task({ References: { r: { Type: 'STRING', Value: 'x', Arn: 'arn:aws:connect:x' } } }), false);
  add('Reference that is a string', task({ References: { r: 'https://example.com' } }), false);
  add('URL reference that is not a URL', ref('URL', 'not a url'), false);
  add('URL reference with ftp', ref('URL', 'ftp://example.com/x'), false);
  add('URL reference with an IDN host', ref('URL', 'https://bücher.example/x'), true);
  add('NUMBER reference with an exponent', ref('NUMBER', '1e3'), false);
  add('EMAIL reference without a domain dot', ref('EMAIL', 'ops@example'), false);
  add('DATE reference that is a word', ref('DATE', 'tomorrow'), false);
  add('STRING reference empty', ref('STRING', ''), true);
  add('Reference name with emoji and RTL text', ref('STRING', 'x', `${ASTRAL} مرجع`), true);
  add('Reference name with a lone surrogate', ref('STRING', 'x', '\ud83d'), false);
  add('Reference name empty', ref('STRING', 'x', ''), false);
  // key "r" (1 byte) + value.
  add('References total 4,096 bytes (ASCII)', ref('STRING', repeat('a', 4095)), true);
  add('References total 4,097 bytes (ASCII)', ref('STRING', repeat('a', 4096)), false);
  add('References total 4,096 bytes (three-byte €)', ref('STRING', repeat(EURO, 1365)), true);
  add('References total 4,097 bytes (two-byte é)', ref('STRING', repeat(E_ACUTE, 2048)), false);
  add('Reference value of 1,024 emoji: 4,097 bytes with its name', ref('STRING', repeat(ASTRAL, 1024)), false);
  add('Reference name of 4,096 characters and an empty value', ref('STRING', '', repeat('k', 4096)), true);
  add('Reference name of 4,097 characters', ref('STRING', '', repeat('k', 4097)), false);
  add('Reference name of 2,048 emoji (4,096 UTF-16 units, 8,192 bytes)', ref('STRING', '', repeat(ASTRAL, 2048)), false);
  add('Reference name of 4,096 emoji (8,192 UTF-16 units)', ref('STRING', '', repeat(ASTRAL, 4096)), false);

  // ScheduledTime: RFC 3339 with offset (fractions allowed) or epoch seconds as any JSON number.
  const at = (value: unknown) => task({ ScheduledTime: value });
  add('ScheduledTime ISO with Z', at(iso(hourAhead)), true);
  add('ScheduledTime from toISOString() (milliseconds)', at(new Date(hourAhead.getTime() + 123).toISOString()), true);
  add('ScheduledTime with microseconds', at(iso(hourAhead).replace('Z', '.123456Z')), true);
  add('ScheduledTime with +01:00', at(isoAt(hourAhead, 60)), true);
  add('ScheduledTime with -05:30 and a fraction', at(isoAt(hourAhead, -330, '.5')), true);
  add('ScheduledTime epoch seconds', at(epoch(hourAhead)), true);
  add('ScheduledTime epoch seconds written with .0', `{"Name":"x","ScheduledTime":${epoch(hourAhead)}.0}`, true);
  add('ScheduledTime fractional epoch seconds', at(epoch(hourAhead) + 0.25), true);
  add('ScheduledTime epoch seconds with an exponent', `{"Name":"x","ScheduledTime":${(epoch(hourAhead) / 1e9).toFixed(9)}e9}`, true);
  add('ScheduledTime without offset', at(iso(hourAhead).replace('Z', '')), false);
  add('ScheduledTime with a fraction and no offset', at(hourAhead.toISOString().replace('Z', '')), false);
  add('ScheduledTime a date without time', at(iso(hourAhead).slice(0, 10)), false);
  add('ScheduledTime 30 February', at(`${hourAhead.getUTCFullYear() + 1}-02-30T09:00:00Z`), false);
  add('ScheduledTime with a space for T', at(iso(hourAhead).replace('T', ' ')), false);
  add('ScheduledTime an hour ago (ISO)', at(iso(inSeconds(-3600))), false);
  add('ScheduledTime an hour ago (epoch)', at(epoch(inSeconds(-3600))), false);
  add('ScheduledTime 7 days ahead (ISO)', at(iso(inSeconds(7 * 86_400))), false);
  add('ScheduledTime 7 days ahead (epoch)', at(epoch(inSeconds(7 * 86_400))), false);
  add('ScheduledTime in epoch milliseconds', at(hourAhead.getTime()), false);
  add('ScheduledTime epoch seconds as a string', at(String(epoch(hourAhead))), false);
  add('ScheduledTime a boolean', at(true), false);
  add('ScheduledTime null', at(null), false);
  add('ScheduledTime an object', at({ seconds: epoch(hourAhead) }), false);
  add('ScheduledTime beyond any finite number', '{"Name":"x","ScheduledTime":1e400}', false);
  add('ScheduledTime negative', at(-1), false);

  // SegmentAttributes: names, members, system-only members, lengths.
  const segment = (key: string, value: unknown) => task({ SegmentAttributes: { [key]: value } });
  add('SegmentAttributes user key with ValueString', segment('tier', { ValueString: 'gold' }), true);
  add(
    'SegmentAttributes ValueInteger written with .0',
    `{"Name":"x","SegmentAttributes":{"connect:ContactExpiry":{"ValueMap":{"ExpiryDuration":{"ValueInteger":60.0}}}}}`,
    true,
  );
  add('SegmentAttributes ValueInteger with a fraction', segment('tier', { ValueInteger: 1.5 }), false);
  add('SegmentAttributes ValueInteger past 32 bits', segment('tier', { ValueInteger: 2 ** 31 }), false);
  add('SegmentAttributes ValueList on a user key', segment('tier', { ValueList: [{ ValueString: 'a' }] }), false);
  add('SegmentAttributes ValueArn on a user key', segment('tier', { ValueArn: 'arn:aws:connect:x' }), false);
  add('SegmentAttributes name with a space', segment('bad key', { ValueString: 'x' }), false);
  add('SegmentAttributes name with an emoji', segment(`tier${ASTRAL}`, { ValueString: 'x' }), false);
  add('SegmentAttributes name of 128 characters', segment(repeat('n', 128), { ValueString: 'x' }), true);
  add('SegmentAttributes name of 129 characters', segment(repeat('n', 129), { ValueString: 'x' }), false);
  add('SegmentAttributes value with no member', segment('tier', {}), false);
  add('SegmentAttributes value with two members', segment('tier', { ValueString: 'a', ValueInteger: 1 }), false);
  add('SegmentAttributes value with an unknown member', segment('tier', { ValueBoolean: true }), false);
  add('SegmentAttributes ValueString of 1,024 emoji', segment('tier', { ValueString: repeat(ASTRAL, 1024) }), true);
  add('SegmentAttributes ValueString of 1,025 characters', segment('tier', { ValueString: repeat('a', 1025) }), false);

  // Attachments: count, members, FileName's "no character of Unicode category C", lengths.
  const files = (...names: unknown[]) => task({ Attachments: names.map((FileName) => ({ FileName, S3Url: S3_URL })) });
  add('Attachments: one file', files('report.pdf'), true);
  add('Attachments: five files', files('1.pdf', '2.pdf', '3.pdf', '4.pdf', '5.pdf'), true);
  add('Attachments: six files', files('1.pdf', '2.pdf', '3.pdf', '4.pdf', '5.pdf', '6.pdf'), false);
  add('Attachments empty', task({ Attachments: [] }), false);
  add('Attachment that is a string', task({ Attachments: ['report.pdf'] }), false);
  add('Attachment without S3Url', task({ Attachments: [{ FileName: 'a.pdf' }] }), false);
  add('Attachment with an extra member', task({ Attachments: [{ FileName: 'a.pdf', S3Url: S3_URL, Size: 1 }] }), false);
  add('Attachment S3Url over http', task({ Attachments: [{ FileName: 'a.pdf', S3Url: 'http://bucket/a.pdf' }] }), false);
  add('Attachment S3Url of 2,000 characters', task({ Attachments: [{ FileName: 'a.pdf', S3Url: 'https://' + repeat('a', 1992) }] }), true);
  add('Attachment S3Url of 2,001 characters', task({ Attachments: [{ FileName: 'a.pdf', S3Url: 'https://' + repeat('a', 1993) }] }), false);
  add('FileName with spaces and punctuation', files('Q3 report (final) #2.pdf'), true);
  add('FileName with an emoji', files(`${ASTRAL}.png`), true);
  add('FileName with combining marks', files('Rene\u0301e.txt'), true);
  add('FileName in Hebrew', files('דוח.pdf'), true);
  add('FileName with a supplementary CJK character', files('𠀀.txt'), true);
  add('FileName empty', files(''), false);
  add('FileName with NUL', files('a\u0000.pdf'), false);
  add('FileName with a newline', files('a\n.pdf'), false);
  add('FileName with DEL', files('a\u007f.pdf'), false);
  add('FileName with a C1 control (U+0085)', files('a\u0085.pdf'), false);
  add('FileName with a zero-width space (format, Cf)', files('a\u200b.pdf'), false);
  add('FileName with a right-to-left mark (Cf)', files('\u200fדוח.pdf'), false);
  add('FileName with an emoji ZWJ sequence (ZWJ is Cf)', files('👩‍💻.png'), false);
  add('FileName with a private-use character (Co)', files('a\ue000.pdf'), false);
  add('FileName with an unassigned code point (Cn)', files('a\u0378.pdf'), false);
  add('FileName with a lone surrogate (Cs)', files('a\ud800.pdf'), false);
  add('FileName of 256 ASCII characters', files(repeat('f', 256)), true);
  add('FileName of 257 ASCII characters', files(repeat('f', 257)), false);
  add('FileName of 256 emoji (512 UTF-16 units)', files(repeat(ASTRAL, 256)), true);
  add('FileName of 257 emoji', files(repeat(ASTRAL, 257)), false);
  add('FileName of 256 characters, 257 UTF-16 units', files(repeat('f', 255) + ASTRAL), true);

  // The whole body: 256 KiB counted in UTF-8 bytes (padding is JSON whitespace).
  const padded = (bytes: number, name = 'x') => {
    const head = `{"Name":"${name}"`;
    return head + ' '.repeat(bytes - Buffer.byteLength(head) - 1) + '}';
  };
  add('body of 262,144 bytes', padded(262_144), true);
  add('body of 262,145 bytes', padded(262_145), false);
  add('body of 262,145 bytes, fewer characters (a multi-byte Name)', padded(262_145, repeat(EURO, 1024)), false);

  return corpus;
}

/** A body for `PATCH /tasks/{contactId}`; whether the function accepts it is the function's to say. */
export interface UpdateCorpusEntry {
  readonly name: string;
  readonly text: string;
}

/**
 * The corpus as update bodies: each JSON object cut to the fields an update may carry, so the
 * same edges (lengths, Unicode, schedules, references, attributes) meet the update schema; and
 * the bodies only an update has (nothing to change, a field only creation has).
 */
export function taskUpdateCorpus(corpus: readonly CorpusEntry[]): UpdateCorpusEntry[] {
  const entries = new Map<string, string>([
    ['{}', 'update with nothing to change'],
    ['{"ContactFlowId":"aaaaaaaa-1111-2222-3333-444444444444"}', 'update of a field only creation has'],
    ['{"Name":"x","Colour":"red"}', 'update with an unknown field'],
  ]);
  for (const entry of corpus) {
    let body: unknown;
    try {
      body = JSON.parse(entry.text);
    } catch {
      continue;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) continue;
    const picked = Object.fromEntries(Object.entries(body).filter(([field]) => (TASK_UPDATE_FIELDS as readonly string[]).includes(field)));
    const text = JSON.stringify(picked);
    if (!entries.has(text)) entries.set(text, `update: ${entry.name}`);
  }
  return [...entries].map(([text, name]) => ({ name, text }));
}
