import type { StartTaskContactCommandInput } from '@aws-sdk/client-connect';
import { describe, expect, test } from '@jest/globals';
import { call, detailsOf, event, FLOW_ID, isoIn, loadHandler, type ParsedResponse, sentInput, useHandler } from './start-task-harness';

/**
 * docs/http-api.md's "Rules checked before Connect is called": each case breaks one rule and must get a
 * 400 ValidationError whose details name the broken field, with no call to Connect.
 */
const EURO = '€'; // 3 UTF-8 bytes, 1 character: totals in bytes and in characters differ.
const valid = { Name: 'Call back', ContactFlowId: FLOW_ID };

// The handler with a Connect that answers ContactId 'contact-1', fresh for each test.
const loaded = useHandler();

/** The task posted to the handler, as API Gateway passes it on. */
const post = (task: unknown) => call(loaded, event(task));

/** A 400 ValidationError with a detail at `path`, and no call to Connect. */
function expectRefused(response: ParsedResponse, path: string | RegExp): void {
  expect(response.status).toBe(400);
  expect(response.body.error?.code).toBe('ValidationError');
  expect(detailsOf(response).map((d) => d.path)).toContainEqual(typeof path === 'string' ? path : expect.stringMatching(path));
  expect(loaded.connect.calls()).toHaveLength(0);
}

/** A 201 with Connect's ContactId after one call to Connect; returns what Connect was sent. */
function expectCreated(response: ParsedResponse): StartTaskContactCommandInput {
  expect(response).toMatchObject({ status: 201, body: { ContactId: 'contact-1' } });
  expect(loaded.connect.calls()).toHaveLength(1);
  return sentInput(loaded, 0);
}

describe('rule 1: Name required, non-empty, at most 1024; Description at most 4096', () => {
  test('missing Name', async () => {
    // GIVEN a task with a flow and no Name
    const task = { ContactFlowId: FLOW_ID };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /Name before Connect is called
    expectRefused(response, '/Name');
  });
  test('empty Name', async () => {
    // GIVEN a task whose Name is empty
    const task = { ...valid, Name: '' };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /Name
    expectRefused(response, '/Name');
  });
  test('Name of 1025 characters', async () => {
    // GIVEN a task whose Name is one character over the limit
    const task = { ...valid, Name: 'n'.repeat(1025) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /Name
    expectRefused(response, '/Name');
  });
  test('Name of 1024 characters is accepted', async () => {
    // GIVEN a task whose Name is exactly at the limit
    const task = { ...valid, Name: 'n'.repeat(1024) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
  test('Description of 4097 characters', async () => {
    // GIVEN a task whose Description is one character over the limit
    const task = { ...valid, Description: 'd'.repeat(4097) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /Description
    expectRefused(response, '/Description');
  });
  test('Description of 4096 characters is accepted', async () => {
    // GIVEN a task whose Description is exactly at the limit
    const task = { ...valid, Description: 'd'.repeat(4096) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
});

describe('rule 2: exactly one target', () => {
  test('two targets', async () => {
    // GIVEN a task with both a flow and a task template
    const task = { ...valid, TaskTemplateId: 'template-1' };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the body's root
    expectRefused(response, '');
  });
  test('three targets', async () => {
    // GIVEN a task with a flow, a task template and a quick connect
    const task = { ...valid, TaskTemplateId: 't', QuickConnectId: 'q' };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the body's root
    expectRefused(response, '');
  });
  test('no target and no default target', async () => {
    // GIVEN a task without a target, to a handler deployed without defaultTarget
    const task = { Name: 'x' };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the body's root
    expectRefused(response, '');
  });
  test.each(['ContactFlowId', 'TaskTemplateId', 'QuickConnectId'] as const)('%s alone is accepted', async (field) => {
    // GIVEN a task whose only target is this field
    const task = { Name: 'x', [field]: 'target-1' };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created, and Connect gets the target as sent
    expect(expectCreated(response)[field]).toBe('target-1');
  });
});

describe('rule 3: Attributes', () => {
  test('a non-string value', async () => {
    // GIVEN a task with a number as an attribute value
    const task = { ...valid, Attributes: { a: 1 } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that attribute
    expectRefused(response, '/Attributes/a');
  });
  test('a key outside [A-Za-z0-9_-]', async () => {
    // GIVEN a task with a dot in an attribute key
    const task = { ...valid, Attributes: { 'a.b': 'x' } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that attribute
    expectRefused(response, '/Attributes/a.b');
  });
  test('keys and values of exactly 32,768 UTF-8 bytes are accepted', async () => {
    // GIVEN attributes of 2 + 32,766 bytes, 10,924 characters
    const task = { ...valid, Attributes: { ab: EURO.repeat(10_922) } };
    // WHEN they are posted
    const response = await post(task);
    // THEN the task is created
    expectCreated(response);
  });
  test('keys and values of 32,769 UTF-8 bytes (10,925 characters)', async () => {
    // GIVEN attributes one byte over the limit, far under it in characters
    const task = { ...valid, Attributes: { abc: EURO.repeat(10_922) } };
    // WHEN they are posted
    const response = await post(task);
    // THEN the task is refused at /Attributes
    expectRefused(response, '/Attributes');
  });
});

describe('rule 4: References', () => {
  test.each(['ATTACHMENT', 'CONTACT_ANALYSIS', 'EMAIL_MESSAGE', 'BOGUS'])('type %s is rejected at creation', async (Type) => {
    // GIVEN a task with a reference of a type StartTaskContact does not take
    const task = { ...valid, References: { r: { Type, Value: 'x' } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the reference's Type
    expectRefused(response, '/References/r/Type');
  });
  test('a reference without Value', async () => {
    // GIVEN a task with a STRING reference that has no Value
    const task = { ...valid, References: { r: { Type: 'STRING' } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the reference's Value
    expectRefused(response, '/References/r/Value');
  });
  test('a reference with an empty name', async () => {
    // GIVEN a task with a reference named ''
    const task = { ...valid, References: { '': { Type: 'STRING', Value: 'x' } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that reference
    expectRefused(response, '/References/');
  });
  test.each([
    ['URL', 'not a url'],
    ['URL', 'ftp://example.com/file'],
    ['NUMBER', '12a'],
    ['EMAIL', 'someone@'],
    ['DATE', '2026-12-01'],
  ])('a malformed %s value', async (Type, Value) => {
    // GIVEN a task with a reference whose Value does not have its Type's form
    const task = { ...valid, References: { r: { Type, Value } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the reference's Value
    expectRefused(response, '/References/r/Value');
  });
  test.each([
    ['URL', 'https://wiki.example.com/runbook'],
    ['NUMBER', '-12.5'],
    ['EMAIL', 'someone@example.com'],
    ['DATE', '1796112000'],
    ['STRING', 'anything'],
  ])('a well-formed %s value is accepted', async (Type, Value) => {
    // GIVEN a task with a reference whose Value has its Type's form
    const task = { ...valid, References: { r: { Type, Value } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
  test('references of exactly 4,096 UTF-8 bytes are accepted', async () => {
    // GIVEN references of 1 + 4,095 bytes
    const task = { ...valid, References: { r: { Type: 'STRING', Value: EURO.repeat(1365) } } };
    // WHEN they are posted
    const response = await post(task);
    // THEN the task is created
    expectCreated(response);
  });
  test('references of 4,097 UTF-8 bytes (1,367 characters)', async () => {
    // GIVEN references one byte over the limit
    const task = { ...valid, References: { rr: { Type: 'STRING', Value: EURO.repeat(1365) } } };
    // WHEN they are posted
    const response = await post(task);
    // THEN the task is refused at /References
    expectRefused(response, '/References');
  });
  test('60 EMAIL references crafted to backtrack: the byte total is reported before any value is judged', async () => {
    // GIVEN 60 EMAIL references whose values would make a naive pattern backtrack
    const crafted = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`e${i}`, { Type: 'EMAIL', Value: `a@${'.'.repeat(4090)}@` }]));
    // WHEN they are posted
    const response = await post({ ...valid, References: crafted });
    // THEN the only detail is the byte total of /References
    expectRefused(response, '/References');
    expect(response.body.error?.details).toEqual([{ path: '/References', message: expect.stringMatching(/limit is 4096/) }]);
  });
  test.each([`a@${'.'.repeat(4090)}@`, 'a@b..c', 'a@.b.c', 'a@b.c.', 'a b@c.d'])(
    'an EMAIL value %#, malformed around its dots',
    async (Value) => {
      // GIVEN a task with an EMAIL reference whose dots are misplaced
      const task = { ...valid, References: { r: { Type: 'EMAIL', Value } } };
      // WHEN it is posted
      const response = await post(task);
      // THEN it is refused at the reference's Value
      expectRefused(response, '/References/r/Value');
    },
  );
  test.each(['someone@mail.example.co.uk', 'first.last+tag@example.com'])('an EMAIL value with several dots is accepted', async (Value) => {
    // GIVEN a task with an EMAIL reference with dots in its local part or domain
    const task = { ...valid, References: { r: { Type: 'EMAIL', Value } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
});

describe('rule 5: ScheduledTime within the window', () => {
  /** The message of the detail for /ScheduledTime, once the task is refused there. */
  function scheduleMessage(response: ParsedResponse): string {
    expectRefused(response, '/ScheduledTime');
    return detailsOf(response).find((d) => d.path === '/ScheduledTime')?.message ?? '';
  }

  test('in the past, saying so and what time it is now', async () => {
    // GIVEN a task due a minute ago
    const task = { ...valid, ScheduledTime: isoIn(-60) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ScheduledTime, saying it is past and what time it is now
    expect(scheduleMessage(response)).toMatch(/is in the past \(it is now \d{4}-\d{2}-\d{2}T[\d:.]+Z\)/);
  });
  test('beyond 6 days, naming the limit and the latest time allowed', async () => {
    // GIVEN a task due 6 days and a minute from now
    const task = { ...valid, ScheduledTime: isoIn(6 * 86_400 + 60) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ScheduledTime, naming the limit and the latest time allowed
    expect(scheduleMessage(response)).toMatch(/more than 6 days ahead; the latest allowed is \d{4}-/);
  });
  test('epoch seconds beyond 6 days', async () => {
    // GIVEN a task due 6 days and a minute from now, in epoch seconds
    const task = { ...valid, ScheduledTime: Math.floor(Date.now() / 1000) + 6 * 86_400 + 60 };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ScheduledTime
    expectRefused(response, '/ScheduledTime');
  });
  test('an ISO string without offset, saying the offset is missing', async () => {
    // GIVEN a task due in an hour, written without an offset
    const task = { ...valid, ScheduledTime: isoIn(3600).replace('Z', '') };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ScheduledTime, saying how to write the offset
    expect(scheduleMessage(response)).toMatch(/^has no offset: end it with Z \(UTC\) or ±hh:mm/);
    // AND the same holds for a time with fractional seconds and no offset
    const fractional = await post({ ...valid, ScheduledTime: new Date(Date.now() + 3600_000).toISOString().replace('Z', '') });
    expect(scheduleMessage(fractional)).toMatch(/^has no offset/);
  });
  test.each([
    ['a date only', isoIn(3600).slice(0, 10)],
    ['a space for T', isoIn(3600).replace('T', ' ')],
  ])('an ISO string with %s, naming the accepted forms', async (_, ScheduledTime) => {
    // GIVEN a task whose ScheduledTime is not an RFC 3339 date-time
    const task = { ...valid, ScheduledTime };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ScheduledTime, naming the forms that are accepted
    expect(scheduleMessage(response)).toMatch(/^must be an RFC 3339 date-time with an offset.*or epoch seconds as a JSON number$/);
  });
  test('a date that does not exist', async () => {
    // GIVEN a task due on February 30th
    const task = { ...valid, ScheduledTime: '2026-02-30T10:00:00Z' };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ScheduledTime as not a real date
    expect(scheduleMessage(response)).toMatch(/^is not a real date and time/);
  });
  test.each([[true], [{}], ['1780392600']])('%p, naming the accepted forms rather than JSON types', async (ScheduledTime) => {
    // GIVEN a task whose ScheduledTime is neither a date-time string nor a number
    const task = { ...valid, ScheduledTime };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ScheduledTime, naming the accepted forms, not the JSON types
    const message = scheduleMessage(response);
    expect(message).toMatch(/^must be an RFC 3339 date-time with an offset/);
    expect(message).not.toMatch(/string,number/);
  });
  test.each([[1.5], [-1], [Number.MAX_SAFE_INTEGER]])('epoch seconds %p, out of the window', async (ScheduledTime) => {
    // GIVEN a task due at epoch seconds long past or far ahead
    const task = { ...valid, ScheduledTime };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ScheduledTime
    expectRefused(response, '/ScheduledTime');
  });
  test('epoch seconds beyond any finite number', async () => {
    // GIVEN a body whose ScheduledTime, 1e400, parses to Infinity
    const body = `{"Name":"x","ContactFlowId":"${FLOW_ID}","ScheduledTime":1e400}`;
    // WHEN it is posted
    const response = await post(body);
    // THEN it is a 400 saying the number is not finite
    expect(response.status).toBe(400);
    expect(detailsOf(response)).toContainEqual({ path: '/ScheduledTime', message: 'must be a finite number of epoch seconds' });
  });
  test('an ISO string with offset reaches Connect as that instant', async () => {
    // GIVEN a task due in an hour, written at +05:30
    const iso = isoIn(3600, '+05:30');
    // WHEN it is posted
    const response = await post({ ...valid, ScheduledTime: iso });
    // THEN Connect gets the same instant, in UTC: 05:30 earlier on the clock than the string says
    const input = expectCreated(response);
    expect(input.ScheduledTime).toEqual(new Date(iso));
    expect(input.ScheduledTime?.toISOString().slice(11, 16)).not.toBe(iso.slice(11, 16));
  });
  test('fractional seconds, as toISOString() writes them, reach Connect as that instant', async () => {
    // GIVEN a task due in an hour, written by toISOString() with milliseconds
    const iso = new Date(Date.now() + 3600_000).toISOString();
    // WHEN it is posted
    const response = await post({ ...valid, ScheduledTime: iso });
    // THEN Connect gets that instant, to the millisecond
    expect(expectCreated(response).ScheduledTime?.toISOString()).toBe(iso);
  });
  test('epoch seconds reach Connect as that instant', async () => {
    // GIVEN a task due in an hour, in epoch seconds
    const seconds = Math.floor(Date.now() / 1000) + 3600;
    // WHEN it is posted
    const response = await post({ ...valid, ScheduledTime: seconds });
    // THEN Connect gets that instant
    expect(expectCreated(response).ScheduledTime).toEqual(new Date(seconds * 1000));
  });
  test.each([
    ['with a fraction', 0.25, ''],
    ['written with .0', 0, '.0'],
  ])('epoch seconds %s reach Connect as that instant', async (_, fraction, suffix) => {
    // GIVEN a body due in an hour, in epoch seconds written with a fractional part
    const seconds = Math.floor(Date.now() / 1000) + 3600 + fraction;
    const body = `{"Name":"x","ContactFlowId":"${FLOW_ID}","ScheduledTime":${seconds}${suffix}}`;
    // WHEN it is posted
    const response = await post(body);
    // THEN it is created, and Connect gets that instant
    expect(response.status).toBe(201);
    expect(sentInput(loaded, 0).ScheduledTime).toEqual(new Date(seconds * 1000));
  });
  test('maxScheduleAhead is configurable', async () => {
    // GIVEN a handler deployed with a 90-day maxScheduleAhead
    const wide = loadHandler({ MAX_SCHEDULE_AHEAD_SECONDS: String(90 * 86_400) });
    wide.connect.resolves({ ContactId: 'c' });
    // WHEN a task due in 30 days is posted THEN it is created
    expect((await call(wide, event({ ...valid, ScheduledTime: isoIn(30 * 86_400) }))).status).toBe(201);
    // AND WHEN a task due in 91 days is posted THEN it is refused
    expect((await call(wide, event({ ...valid, ScheduledTime: isoIn(91 * 86_400) }))).status).toBe(400);
  });
});

describe('rule 6: Attachments', () => {
  const attachment = { FileName: 'report.pdf', S3Url: 'https://bucket.s3.amazonaws.com/report.pdf?X-Amz-Signature=abc' };
  test('an empty list', async () => {
    // GIVEN a task with an empty list of attachments
    const task = { ...valid, Attachments: [] };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /Attachments
    expectRefused(response, '/Attachments');
  });
  test('six items', async () => {
    // GIVEN a task with six attachments, one over the limit
    const task = { ...valid, Attachments: Array(6).fill(attachment) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /Attachments
    expectRefused(response, '/Attachments');
  });
  test.each([
    ['a control character', 'a\u0007.pdf'],
    ['a format character (right-to-left mark)', '\u200freport.pdf'],
    ['a lone surrogate', 'a\ud800.pdf'],
  ])('%s in FileName (Unicode category C)', async (_, FileName) => {
    // GIVEN a task with an attachment whose FileName holds such a character
    const task = { ...valid, Attachments: [{ ...attachment, FileName }] };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that FileName
    expectRefused(response, '/Attachments/0/FileName');
  });
  test('a FileName of emoji, combining marks and right-to-left letters is accepted', async () => {
    // GIVEN a task with an attachment named in emoji, a combining accent and Hebrew
    const task = { ...valid, Attachments: [{ ...attachment, FileName: '😀 Rene\u0301e דוח.pdf' }] };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
  test('a FileName of 257 characters', async () => {
    // GIVEN a task with an attachment whose FileName is one character over the limit
    const task = { ...valid, Attachments: [{ ...attachment, FileName: 'f'.repeat(257) }] };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that FileName
    expectRefused(response, '/Attachments/0/FileName');
  });
  test('an http S3Url', async () => {
    // GIVEN a task with an attachment at a plain-http URL
    const task = { ...valid, Attachments: [{ ...attachment, S3Url: 'http://bucket/x' }] };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that S3Url
    expectRefused(response, '/Attachments/0/S3Url');
  });
  test('an S3Url of 2001 characters', async () => {
    // GIVEN a task with an attachment whose S3Url is one character over the limit
    const task = { ...valid, Attachments: [{ ...attachment, S3Url: `https://${'u'.repeat(1993)}` }] };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that S3Url
    expectRefused(response, '/Attachments/0/S3Url');
  });
  test('five attachments are accepted', async () => {
    // GIVEN a task with five attachments, the limit
    const task = { ...valid, Attachments: Array(5).fill(attachment) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
});

describe('rule 7: SegmentAttributes', () => {
  const expiry = { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 1440 } } } };
  test('connect:ContactExpiry is accepted', async () => {
    // GIVEN a task that expires after a day
    const task = { ...valid, SegmentAttributes: expiry };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
  test('a key with other characters', async () => {
    // GIVEN a task with a segment attribute key holding a space
    const task = { ...valid, SegmentAttributes: { 'my key': { ValueString: 'x' } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that key
    expectRefused(response, '/SegmentAttributes/my key');
  });
  test('a key of 129 characters', async () => {
    // GIVEN a task with a segment attribute key one character over the limit
    const task = { ...valid, SegmentAttributes: { ['k'.repeat(129)]: { ValueString: 'x' } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that key
    expectRefused(response, /^\/SegmentAttributes\/k+$/);
  });
  test('ValueList on a user-defined key', async () => {
    // GIVEN a task with a user-defined segment attribute holding a ValueList
    const task = { ...valid, SegmentAttributes: { mine: { ValueList: [{ ValueString: 'x' }] } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that ValueList
    expectRefused(response, '/SegmentAttributes/mine/ValueList');
  });
  test('ValueArn on a user-defined key', async () => {
    // GIVEN a task with a user-defined segment attribute holding a ValueArn
    const task = { ...valid, SegmentAttributes: { mine: { ValueArn: 'arn:aws:x' } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that ValueArn
    expectRefused(response, '/SegmentAttributes/mine/ValueArn');
  });
  test("ValueArn nested in a user-defined key's ValueMap", async () => {
    // GIVEN a task with a ValueArn inside a user-defined segment attribute's ValueMap
    const task = { ...valid, SegmentAttributes: { mine: { ValueMap: { inner: { ValueArn: 'arn:aws:x' } } } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the nested ValueArn
    expectRefused(response, '/SegmentAttributes/mine/ValueMap/inner/ValueArn');
  });
  test('a ValueString of 1025 characters', async () => {
    // GIVEN a task with a segment attribute ValueString one character over the limit
    const task = { ...valid, SegmentAttributes: { mine: { ValueString: 's'.repeat(1025) } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that ValueString
    expectRefused(response, '/SegmentAttributes/mine/ValueString');
  });

  const expiryOf = (ValueInteger: number) => ({ 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger } } } });
  const EXPIRY_PATH = '/SegmentAttributes/connect:ContactExpiry/ValueMap/ExpiryDuration/ValueInteger';
  test('connect:ContactExpiry of -5 minutes (ScheduledTask refuses less than a minute)', async () => {
    // GIVEN a task that would expire 5 minutes before it is created
    const task = { ...valid, SegmentAttributes: expiryOf(-5) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the expiry duration
    expectRefused(response, EXPIRY_PATH);
  });
  test('connect:ContactExpiry of 0 minutes', async () => {
    // GIVEN a task that would expire as it is created
    const task = { ...valid, SegmentAttributes: expiryOf(0) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the expiry duration
    expectRefused(response, EXPIRY_PATH);
  });
  test('connect:ContactExpiry of 90 days and a minute', async () => {
    // GIVEN a task that would expire a minute past the 90-day limit
    const task = { ...valid, SegmentAttributes: expiryOf(129_601) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the expiry duration
    expectRefused(response, EXPIRY_PATH);
  });
  test.each([1, 129_600])('connect:ContactExpiry of %d minutes is accepted', async (minutes) => {
    // GIVEN a task that expires at one end of the allowed range
    const task = { ...valid, SegmentAttributes: expiryOf(minutes) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
  test('connect:ContactExpiry without ValueMap.ExpiryDuration.ValueInteger', async () => {
    // GIVEN a task whose expiry is a bare ValueInteger, not Connect's ValueMap shape
    const task = { ...valid, SegmentAttributes: { 'connect:ContactExpiry': { ValueInteger: 60 } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at connect:ContactExpiry
    expectRefused(response, '/SegmentAttributes/connect:ContactExpiry');
  });
  test('an undefined system key, connect:Bogus', async () => {
    // GIVEN a task with a connect: segment attribute Connect does not define
    const task = { ...valid, SegmentAttributes: { 'connect:Bogus': { ValueString: 'x' } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that key, listing the system keys that may be set
    expectRefused(response, '/SegmentAttributes/connect:Bogus');
    expect(detailsOf(response)[0].message).toMatch(/connect:ContactExpiry, connect:CreatedByUser/);
  });
  test('connect:CreatedByUser with an agent ARN is accepted', async () => {
    // GIVEN a task created on behalf of an agent of the instance
    const task = {
      ...valid,
      SegmentAttributes: {
        'connect:CreatedByUser': {
          ValueString:
            'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555/agent/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        },
      },
    };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is created
    expectCreated(response);
  });
  test('connect:CreatedByUser with something other than an agent ARN', async () => {
    // GIVEN a task created on behalf of a user name, not an agent ARN
    const task = { ...valid, SegmentAttributes: { 'connect:CreatedByUser': { ValueString: 'jane' } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at connect:CreatedByUser
    expectRefused(response, '/SegmentAttributes/connect:CreatedByUser');
  });
});

describe('rule 8: linked contacts and ClientToken', () => {
  test.each(['PreviousContactId', 'RelatedContactId'])('an empty %s', async (field) => {
    // GIVEN a task linked to a contact whose id is empty
    const task = { ...valid, [field]: '' };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that field
    expectRefused(response, `/${field}`);
  });
  test.each(['PreviousContactId', 'RelatedContactId'])('a %s of 257 characters', async (field) => {
    // GIVEN a task linked to a contact id one character over the limit
    const task = { ...valid, [field]: 'c'.repeat(257) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that field
    expectRefused(response, `/${field}`);
  });
  test('a ClientToken of 501 characters', async () => {
    // GIVEN a task with a ClientToken one character over the limit
    const task = { ...valid, ClientToken: 't'.repeat(501) };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /ClientToken
    expectRefused(response, '/ClientToken');
  });
});

describe('rule 9: unknown fields', () => {
  test('a misspelt field', async () => {
    // GIVEN a task with "Atributes" for Attributes
    const task = { ...valid, Atributes: {} };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at the misspelt field
    expectRefused(response, '/Atributes');
  });
  test('several unknown fields: the allowed fields are listed once, at the first', async () => {
    // GIVEN a task with three unknown fields
    const task = { ...valid, Atributes: {}, Refrences: {}, Priority: 1 };
    // WHEN it is posted
    const response = await post(task);
    // THEN each is named, and only the first detail lists the fields allowed
    expectRefused(response, '/Priority');
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
    // GIVEN a task with a member its object does not have
    const task = { ...valid, ...fields };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that member, listing the members allowed there
    expectRefused(response, path);
    expect(detailsOf(response)).toContainEqual({ path, message: `unknown field; the fields allowed here are ${allowed}` });
  });
  test("a ValueMap key outside the pattern names the pattern of the map's keys", async () => {
    // GIVEN a task with a space in a key of a segment attribute's ValueMap
    const task = { ...valid, SegmentAttributes: { mine: { ValueMap: { 'bad key': { ValueString: 'x' } } } } };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at that key, naming the pattern keys must match
    const path = '/SegmentAttributes/mine/ValueMap/bad key';
    expectRefused(response, path);
    expect(detailsOf(response)).toContainEqual({ path, message: 'key must match ^(?=.{1,128}$)(connect:)?[A-Za-z0-9_-]+$' });
  });
  test('InstanceId, which the deployment fixes', async () => {
    // GIVEN a task that names an instance of its own
    const task = { ...valid, InstanceId: 'other' };
    // WHEN it is posted
    const response = await post(task);
    // THEN it is refused at /InstanceId, saying the deployment fixes the instance
    expectRefused(response, '/InstanceId');
    expect(detailsOf(response)).toContainEqual({ path: '/InstanceId', message: expect.stringMatching(/fixed by the deployment/) });
  });
});

test('every broken rule is listed in details', async () => {
  // GIVEN a task that breaks five rules at once
  const task = {
    Name: '',
    ContactFlowId: FLOW_ID,
    TaskTemplateId: 't',
    Attributes: { ok: EURO.repeat(11_000) },
    ScheduledTime: isoIn(-3600),
    Extra: 1,
  };
  // WHEN it is posted
  const response = await post(task);
  // THEN it is refused with one detail per broken rule
  expectRefused(response, '/Name');
  expect(
    detailsOf(response)
      .map((d) => d.path)
      .sort(),
  ).toEqual(['', '/Attributes', '/Extra', '/Name', '/ScheduledTime']);
});
