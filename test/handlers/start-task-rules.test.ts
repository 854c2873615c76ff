import { describe, expect, test } from '@jest/globals';
import { call, detailsOf, event, FLOW_ID, isoIn, loadHandler, sentInput, useHandler } from './start-task-harness';

/**
 * The README's "Rules checked before Connect is called": each case breaks one rule and must get a
 * 400 ValidationError whose details name the broken field, with no call to Connect.
 */
const EURO = '€'; // 3 UTF-8 bytes, 1 character: totals in bytes and in characters differ.
const valid = { Name: 'Call back', ContactFlowId: FLOW_ID };

const loaded = useHandler();

async function expectRejected(body: unknown, path: string | RegExp) {
  const response = await call(loaded, event(body));
  expect(response.status).toBe(400);
  expect(response.body.error?.code).toBe('ValidationError');
  expect(detailsOf(response).map((d) => d.path)).toContainEqual(typeof path === 'string' ? path : expect.stringMatching(path));
  expect(loaded.connect.calls()).toHaveLength(0);
  return response;
}

async function expectAccepted(body: unknown) {
  const response = await call(loaded, event(body));
  expect(response).toMatchObject({ status: 201, body: { ContactId: 'contact-1' } });
  expect(loaded.connect.calls()).toHaveLength(1);
  return sentInput(loaded, 0);
}

describe('rule 1: Name required, non-empty, at most 1024; Description at most 4096', () => {
  test('missing Name', () => expectRejected({ ContactFlowId: FLOW_ID }, '/Name'));
  test('empty Name', () => expectRejected({ ...valid, Name: '' }, '/Name'));
  test('Name of 1025 characters', () => expectRejected({ ...valid, Name: 'n'.repeat(1025) }, '/Name'));
  test('Name of 1024 characters is accepted', () => expectAccepted({ ...valid, Name: 'n'.repeat(1024) }));
  test('Description of 4097 characters', () => expectRejected({ ...valid, Description: 'd'.repeat(4097) }, '/Description'));
  test('Description of 4096 characters is accepted', () => expectAccepted({ ...valid, Description: 'd'.repeat(4096) }));
});

describe('rule 2: exactly one target', () => {
  test('two targets', () => expectRejected({ ...valid, TaskTemplateId: 'template-1' }, ''));
  test('three targets', () => expectRejected({ ...valid, TaskTemplateId: 't', QuickConnectId: 'q' }, ''));
  test('no target and no default target', () => expectRejected({ Name: 'x' }, ''));
  test.each(['ContactFlowId', 'TaskTemplateId', 'QuickConnectId'] as const)('%s alone is accepted', async (field) => {
    const input = await expectAccepted({ Name: 'x', [field]: 'target-1' });
    expect(input[field]).toBe('target-1');
  });
});

describe('rule 3: Attributes', () => {
  test('a non-string value', () => expectRejected({ ...valid, Attributes: { a: 1 } }, '/Attributes/a'));
  test('a key outside [A-Za-z0-9_-]', () => expectRejected({ ...valid, Attributes: { 'a.b': 'x' } }, '/Attributes/a.b'));
  test('keys and values of exactly 32,768 UTF-8 bytes are accepted', () =>
    expectAccepted({ ...valid, Attributes: { ab: EURO.repeat(10_922) } })); // 2 + 32,766 bytes, 10,924 characters
  test('keys and values of 32,769 UTF-8 bytes (10,925 characters)', () =>
    expectRejected({ ...valid, Attributes: { abc: EURO.repeat(10_922) } }, '/Attributes'));
});

describe('rule 4: References', () => {
  test.each(['ATTACHMENT', 'CONTACT_ANALYSIS', 'EMAIL_MESSAGE', 'BOGUS'])('type %s is rejected at creation', (Type) =>
    expectRejected({ ...valid, References: { r: { Type, Value: 'x' } } }, '/References/r/Type'),
  );
  test('a reference without Value', () => expectRejected({ ...valid, References: { r: { Type: 'STRING' } } }, '/References/r/Value'));
  test('a reference with an empty name', () =>
    expectRejected({ ...valid, References: { '': { Type: 'STRING', Value: 'x' } } }, '/References/'));
  test.each([
    ['URL', 'not a url'],
    ['URL', 'ftp://example.com/file'],
    ['NUMBER', '12a'],
    ['EMAIL', 'someone@'],
    ['DATE', '2026-12-01'],
  ])('a malformed %s value', (Type, Value) => expectRejected({ ...valid, References: { r: { Type, Value } } }, '/References/r/Value'));
  test.each([
    ['URL', 'https://wiki.example.com/runbook'],
    ['NUMBER', '-12.5'],
    ['EMAIL', 'someone@example.com'],
    ['DATE', '1796112000'],
    ['STRING', 'anything'],
  ])('a well-formed %s value is accepted', (Type, Value) => expectAccepted({ ...valid, References: { r: { Type, Value } } }));
  test('references of exactly 4,096 UTF-8 bytes are accepted', () =>
    expectAccepted({ ...valid, References: { r: { Type: 'STRING', Value: EURO.repeat(1365) } } })); // 1 + 4,095
  test('references of 4,097 UTF-8 bytes (1,367 characters)', () =>
    expectRejected({ ...valid, References: { rr: { Type: 'STRING', Value: EURO.repeat(1365) } } }, '/References'));
  test('60 EMAIL references crafted to backtrack: the byte total is reported before any value is judged', async () => {
    const crafted = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`e${i}`, { Type: 'EMAIL', Value: `a@${'.'.repeat(4090)}@` }]));
    const response = await expectRejected({ ...valid, References: crafted }, '/References');
    expect(response.body.error?.details).toEqual([{ path: '/References', message: expect.stringMatching(/limit is 4096/) }]);
  });
  test.each([`a@${'.'.repeat(4090)}@`, 'a@b..c', 'a@.b.c', 'a@b.c.', 'a b@c.d'])('an EMAIL value %#, malformed around its dots', (Value) =>
    expectRejected({ ...valid, References: { r: { Type: 'EMAIL', Value } } }, '/References/r/Value'),
  );
  test.each(['someone@mail.example.co.uk', 'first.last+tag@example.com'])('an EMAIL value with several dots is accepted', (Value) =>
    expectAccepted({ ...valid, References: { r: { Type: 'EMAIL', Value } } }),
  );
});

describe('rule 5: ScheduledTime within the window', () => {
  /** The message of the detail for /ScheduledTime, when `ScheduledTime` is rejected. */
  async function scheduleMessage(ScheduledTime: unknown): Promise<string> {
    const response = await expectRejected({ ...valid, ScheduledTime }, '/ScheduledTime');
    return detailsOf(response).find((d) => d.path === '/ScheduledTime')?.message ?? '';
  }

  test('in the past, saying so and what time it is now', async () => {
    expect(await scheduleMessage(isoIn(-60))).toMatch(/is in the past \(it is now \d{4}-\d{2}-\d{2}T[\d:.]+Z\)/);
  });
  test('beyond 6 days, naming the limit and the latest time allowed', async () => {
    expect(await scheduleMessage(isoIn(6 * 86_400 + 60))).toMatch(/more than 6 days ahead; the latest allowed is \d{4}-/);
  });
  test('epoch seconds beyond 6 days', () =>
    expectRejected({ ...valid, ScheduledTime: Math.floor(Date.now() / 1000) + 6 * 86_400 + 60 }, '/ScheduledTime'));
  test('an ISO string without offset, saying the offset is missing', async () => {
    expect(await scheduleMessage(isoIn(3600).replace('Z', ''))).toMatch(/^has no offset: end it with Z \(UTC\) or ±hh:mm/);
    expect(await scheduleMessage(new Date(Date.now() + 3600_000).toISOString().replace('Z', ''))).toMatch(/^has no offset/);
  });
  test.each([
    ['a date only', isoIn(3600).slice(0, 10)],
    ['a space for T', isoIn(3600).replace('T', ' ')],
  ])('an ISO string with %s, naming the accepted forms', async (_, ScheduledTime) => {
    expect(await scheduleMessage(ScheduledTime)).toMatch(
      /^must be an RFC 3339 date-time with an offset.*or epoch seconds as a JSON number$/,
    );
  });
  test('a date that does not exist', async () => {
    expect(await scheduleMessage('2026-02-30T10:00:00Z')).toMatch(/^is not a real date and time/);
  });
  test.each([[true], [{}], ['1780392600']])('%p, naming the accepted forms rather than JSON types', async (ScheduledTime) => {
    const message = await scheduleMessage(ScheduledTime);
    expect(message).toMatch(/^must be an RFC 3339 date-time with an offset/);
    expect(message).not.toMatch(/string,number/);
  });
  test.each([[1.5], [-1], [Number.MAX_SAFE_INTEGER]])('epoch seconds %p, out of the window', (ScheduledTime) =>
    expectRejected({ ...valid, ScheduledTime }, '/ScheduledTime'),
  );
  test('epoch seconds beyond any finite number', async () => {
    const response = await call(loaded, event(`{"Name":"x","ContactFlowId":"${FLOW_ID}","ScheduledTime":1e400}`));
    expect(response.status).toBe(400);
    expect(detailsOf(response)).toContainEqual({ path: '/ScheduledTime', message: 'must be a finite number of epoch seconds' });
  });
  test('an ISO string with offset reaches Connect as that instant', async () => {
    const iso = isoIn(3600, '+05:30');
    const input = await expectAccepted({ ...valid, ScheduledTime: iso });
    // The same instant, in UTC: 05:30 earlier on the clock than the string says.
    expect(input.ScheduledTime).toEqual(new Date(iso));
    expect(input.ScheduledTime?.toISOString().slice(11, 16)).not.toBe(iso.slice(11, 16));
  });
  test('fractional seconds, as toISOString() writes them, reach Connect as that instant', async () => {
    const iso = new Date(Date.now() + 3600_000).toISOString();
    const input = await expectAccepted({ ...valid, ScheduledTime: iso });
    expect(input.ScheduledTime?.toISOString()).toBe(iso);
  });
  test('epoch seconds reach Connect as that instant', async () => {
    const seconds = Math.floor(Date.now() / 1000) + 3600;
    const input = await expectAccepted({ ...valid, ScheduledTime: seconds });
    expect(input.ScheduledTime).toEqual(new Date(seconds * 1000));
  });
  test.each([
    ['with a fraction', 0.25, ''],
    ['written with .0', 0, '.0'],
  ])('epoch seconds %s reach Connect as that instant', async (_, fraction, suffix) => {
    const seconds = Math.floor(Date.now() / 1000) + 3600 + fraction;
    const response = await call(loaded, event(`{"Name":"x","ContactFlowId":"${FLOW_ID}","ScheduledTime":${seconds}${suffix}}`));
    expect(response.status).toBe(201);
    expect(sentInput(loaded, 0).ScheduledTime).toEqual(new Date(seconds * 1000));
  });
  test('maxScheduleAhead is configurable', async () => {
    const wide = loadHandler({ MAX_SCHEDULE_AHEAD_SECONDS: String(90 * 86_400) });
    wide.connect.resolves({ ContactId: 'c' });
    expect((await call(wide, event({ ...valid, ScheduledTime: isoIn(30 * 86_400) }))).status).toBe(201);
    expect((await call(wide, event({ ...valid, ScheduledTime: isoIn(91 * 86_400) }))).status).toBe(400);
  });
});

describe('rule 6: Attachments', () => {
  const attachment = { FileName: 'report.pdf', S3Url: 'https://bucket.s3.amazonaws.com/report.pdf?X-Amz-Signature=abc' };
  test('an empty list', () => expectRejected({ ...valid, Attachments: [] }, '/Attachments'));
  test('six items', () => expectRejected({ ...valid, Attachments: Array(6).fill(attachment) }, '/Attachments'));
  test.each([
    ['a control character', 'a\u0007.pdf'],
    ['a format character (right-to-left mark)', '\u200freport.pdf'],
    ['a lone surrogate', 'a\ud800.pdf'],
  ])('%s in FileName (Unicode category C)', (_, FileName) =>
    expectRejected({ ...valid, Attachments: [{ ...attachment, FileName }] }, '/Attachments/0/FileName'),
  );
  test('a FileName of emoji, combining marks and right-to-left letters is accepted', () =>
    expectAccepted({ ...valid, Attachments: [{ ...attachment, FileName: '😀 Rene\u0301e דוח.pdf' }] }));
  test('a FileName of 257 characters', () =>
    expectRejected({ ...valid, Attachments: [{ ...attachment, FileName: 'f'.repeat(257) }] }, '/Attachments/0/FileName'));
  test('an http S3Url', () =>
    expectRejected({ ...valid, Attachments: [{ ...attachment, S3Url: 'http://bucket/x' }] }, '/Attachments/0/S3Url'));
  test('an S3Url of 2001 characters', () =>
    expectRejected({ ...valid, Attachments: [{ ...attachment, S3Url: `https://${'u'.repeat(1993)}` }] }, '/Attachments/0/S3Url'));
  test('five attachments are accepted', () => expectAccepted({ ...valid, Attachments: Array(5).fill(attachment) }));
});

describe('rule 7: SegmentAttributes', () => {
  const expiry = { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 1440 } } } };
  test('connect:ContactExpiry is accepted', () => expectAccepted({ ...valid, SegmentAttributes: expiry }));
  test('a key with other characters', () =>
    expectRejected({ ...valid, SegmentAttributes: { 'my key': { ValueString: 'x' } } }, '/SegmentAttributes/my key'));
  test('a key of 129 characters', () =>
    expectRejected({ ...valid, SegmentAttributes: { ['k'.repeat(129)]: { ValueString: 'x' } } }, /^\/SegmentAttributes\/k+$/));
  test('ValueList on a user-defined key', () =>
    expectRejected({ ...valid, SegmentAttributes: { mine: { ValueList: [{ ValueString: 'x' }] } } }, '/SegmentAttributes/mine/ValueList'));
  test('ValueArn on a user-defined key', () =>
    expectRejected({ ...valid, SegmentAttributes: { mine: { ValueArn: 'arn:aws:x' } } }, '/SegmentAttributes/mine/ValueArn'));
  test("ValueArn nested in a user-defined key's ValueMap", () =>
    expectRejected(
      { ...valid, SegmentAttributes: { mine: { ValueMap: { inner: { ValueArn: 'arn:aws:x' } } } } },
      '/SegmentAttributes/mine/ValueMap/inner/ValueArn',
    ));
  test('a ValueString of 1025 characters', () =>
    expectRejected({ ...valid, SegmentAttributes: { mine: { ValueString: 's'.repeat(1025) } } }, '/SegmentAttributes/mine/ValueString'));

  const expiryOf = (ValueInteger: number) => ({ 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger } } } });
  const EXPIRY_PATH = '/SegmentAttributes/connect:ContactExpiry/ValueMap/ExpiryDuration/ValueInteger';
  test('connect:ContactExpiry of -5 minutes (ScheduledTask refuses less than a minute)', () =>
    expectRejected({ ...valid, SegmentAttributes: expiryOf(-5) }, EXPIRY_PATH));
  test('connect:ContactExpiry of 0 minutes', () => expectRejected({ ...valid, SegmentAttributes: expiryOf(0) }, EXPIRY_PATH));
  test('connect:ContactExpiry of 90 days and a minute', () =>
    expectRejected({ ...valid, SegmentAttributes: expiryOf(129_601) }, EXPIRY_PATH));
  test.each([1, 129_600])('connect:ContactExpiry of %d minutes is accepted', (minutes) =>
    expectAccepted({ ...valid, SegmentAttributes: expiryOf(minutes) }),
  );
  test('connect:ContactExpiry without ValueMap.ExpiryDuration.ValueInteger', () =>
    expectRejected(
      { ...valid, SegmentAttributes: { 'connect:ContactExpiry': { ValueInteger: 60 } } },
      '/SegmentAttributes/connect:ContactExpiry',
    ));
  test('an undefined system key, connect:Bogus', async () => {
    const response = await expectRejected(
      { ...valid, SegmentAttributes: { 'connect:Bogus': { ValueString: 'x' } } },
      '/SegmentAttributes/connect:Bogus',
    );
    expect(detailsOf(response)[0].message).toMatch(/connect:ContactExpiry, connect:CreatedByUser/);
  });
  test('connect:CreatedByUser with an agent ARN is accepted', () =>
    expectAccepted({
      ...valid,
      SegmentAttributes: {
        'connect:CreatedByUser': {
          ValueString:
            'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555/agent/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        },
      },
    }));
  test('connect:CreatedByUser with something other than an agent ARN', () =>
    expectRejected(
      { ...valid, SegmentAttributes: { 'connect:CreatedByUser': { ValueString: 'jane' } } },
      '/SegmentAttributes/connect:CreatedByUser',
    ));
});

describe('rule 8: linked contacts and ClientToken', () => {
  test.each(['PreviousContactId', 'RelatedContactId'])('an empty %s', (field) => expectRejected({ ...valid, [field]: '' }, `/${field}`));
  test.each(['PreviousContactId', 'RelatedContactId'])('a %s of 257 characters', (field) =>
    expectRejected({ ...valid, [field]: 'c'.repeat(257) }, `/${field}`),
  );
  test('a ClientToken of 501 characters', () => expectRejected({ ...valid, ClientToken: 't'.repeat(501) }, '/ClientToken'));
});

describe('rule 9: unknown fields', () => {
  test('a misspelt field', () => expectRejected({ ...valid, Atributes: {} }, '/Atributes'));
  test('several unknown fields: the allowed fields are listed once, at the first', async () => {
    const response = await expectRejected({ ...valid, Atributes: {}, Refrences: {}, Priority: 1 }, '/Priority');
    const messages = detailsOf(response).map((d) => d.message);
    expect(messages.filter((m) => m.includes('Description'))).toEqual([
      expect.stringMatching(/^unknown field; the fields allowed here are Name, /),
    ]);
    expect(messages.filter((m) => m === 'unknown field')).toHaveLength(2);
  });
  test.each([
    ['a reference', { References: { r: { Type: 'URL', Value: 'https://example.com', Note: 'n' } } }, '/References/r/Note', 'Type, Value'],
    [
      'an attachment',
      { Attachments: [{ FileName: 'a.pdf', S3Url: 'https://b.example/a.pdf', Size: 1 }] },
      '/Attachments/0/Size',
      'FileName, S3Url',
    ],
    [
      'a segment attribute value',
      { SegmentAttributes: { mine: { ValueText: 'x' } } },
      '/SegmentAttributes/mine/ValueText',
      'ValueString, ValueInteger, ValueArn, ValueList, ValueMap',
    ],
    [
      'a value in a ValueMap',
      { SegmentAttributes: { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 60, Unit: 'm' } } } } },
      '/SegmentAttributes/connect:ContactExpiry/ValueMap/ExpiryDuration/Unit',
      'ValueString, ValueInteger, ValueArn',
    ],
  ])('an unknown member of %s names the members allowed there', async (_what, fields, path, allowed) => {
    const response = await expectRejected({ ...valid, ...fields }, path);
    expect(detailsOf(response)).toContainEqual({ path, message: `unknown field; the fields allowed here are ${allowed}` });
  });
  test("a ValueMap key outside the pattern names the pattern of the map's keys", async () => {
    const path = '/SegmentAttributes/mine/ValueMap/bad key';
    const response = await expectRejected(
      { ...valid, SegmentAttributes: { mine: { ValueMap: { 'bad key': { ValueString: 'x' } } } } },
      path,
    );
    expect(detailsOf(response)).toContainEqual({ path, message: 'key must match ^(?=.{1,128}$)(connect:)?[A-Za-z0-9_-]+$' });
  });
  test('InstanceId, which the deployment fixes', async () => {
    const response = await expectRejected({ ...valid, InstanceId: 'other' }, '/InstanceId');
    expect(detailsOf(response)).toContainEqual({ path: '/InstanceId', message: expect.stringMatching(/fixed by the deployment/) });
  });
});

test('every broken rule is listed in details', async () => {
  const response = await expectRejected(
    {
      Name: '',
      ContactFlowId: FLOW_ID,
      TaskTemplateId: 't',
      Attributes: { ok: EURO.repeat(11_000) },
      ScheduledTime: isoIn(-3600),
      Extra: 1,
    },
    '/Name',
  );
  expect(
    detailsOf(response)
      .map((d) => d.path)
      .sort(),
  ).toEqual(['', '/Attributes', '/Extra', '/Name', '/ScheduledTime']);
});
