import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { connectClientToken } from '../../lib/contract';
import { codeBlock } from '../docs/code-blocks';
import { call, context, detailsOf, event, FLOW_ID, INSTANCE_ID, loadHandler, sentInput, useHandler } from './start-task-harness';

/** The HTTP contract of docs/http-api.md: one test per row of its error table and per point it makes, and its examples. */
const valid = { Name: 'Call back Ms Example', ContactFlowId: FLOW_ID };

const connectError = (name: string, message = `${name} from Connect`) => Object.assign(new Error(message), { name });

// The handler with a Connect that answers ContactId 'contact-1', fresh for each test.
const loaded = useHandler();

test("201 with the ContactId; Connect gets the body and the deployment's instance", async () => {
  // GIVEN a valid task, and a Connect that answers ContactId 'contact-1'
  // WHEN it is posted
  const response = await call(loaded, event(valid));
  // THEN it is a 201 with Connect's ContactId, and Connect got the task for the deployment's instance
  expect(response).toEqual({ status: 201, headers: { 'Content-Type': 'application/json' }, body: { ContactId: 'contact-1' } });
  expect(sentInput(loaded, 0)).toEqual({ ...valid, InstanceId: INSTANCE_ID });
});

test("the Connect client uses the instance's region, not the function's", async () => {
  // GIVEN a handler deployed for an instance in eu-west-2
  // WHEN a task is posted
  await call(loaded, event(valid));
  // THEN the Connect client it called is in eu-west-2
  expect(await loaded.client().config.region()).toBe('eu-west-2');
});

describe("docs/http-api.md's examples", () => {
  /** A body's text with every instant and the request id made the same, for a comparison that does not depend on when it runs. */
  const timeless = (body: unknown) =>
    JSON.parse(
      JSON.stringify({ ...(body as object), requestId: 'request-id' }).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'an instant'),
    ) as unknown;

  test("the documented request creates a task: 201, and Connect gets it as written, for the deployment's instance", async () => {
    // GIVEN the request of the documentation
    const documented = codeBlock('docs/http-api.md', 'task-request');
    // WHEN it is posted
    const response = await call(loaded, event(documented));
    // THEN it is created as written
    expect(response.status).toBe(201);
    expect(sentInput(loaded, 0)).toEqual({ ...(JSON.parse(documented) as object), InstanceId: INSTANCE_ID });
  });

  test('the documented 400 is what a request with one attribute byte too many and a past ScheduledTime gets', async () => {
    // GIVEN attributes of 32,769 bytes (a 1-byte key, a 32,768-byte value) and a ScheduledTime a day ago
    const body = { ...valid, Attributes: { a: 'x'.repeat(32_768) }, ScheduledTime: new Date(Date.now() - 86_400_000).toISOString() };
    // WHEN it is posted
    const response = await call(loaded, event(body));
    // THEN the answer is the documented one, but for the instants and the request id
    expect(response.status).toBe(400);
    expect(timeless(response.body)).toEqual(timeless(JSON.parse(codeBlock('docs/http-api.md', 'validation-error'))));
  });
});

describe('error shape', () => {
  test.each([
    ['not JSON', '{"Name":', 400, 'ValidationError'],
    ['an array', '[]', 400, 'ValidationError'],
    ['a string', '"task"', 400, 'ValidationError'],
    ['null', 'null', 400, 'ValidationError'],
    ['an empty body', '', 400, 'ValidationError'],
  ])('a body that is %s: %d %s', async (_, body, status, code) => {
    // GIVEN a body that is not a JSON object
    // WHEN it is posted
    const response = await call(loaded, event(body));
    // THEN the answer is the JSON error shape with the gateway's request id, and Connect is not called
    expect(response.status).toBe(status);
    expect(response.body).toEqual({
      error: expect.objectContaining({ code, message: expect.any(String) }),
      requestId: 'gateway-request-id',
    });
    expect(loaded.connect.calls()).toHaveLength(0);
  });

  test('requestId falls back to the Lambda request id on a direct invoke', async () => {
    // GIVEN a refused request without API Gateway's requestContext
    const { requestContext, ...direct } = event('[]');
    // WHEN the function is invoked with it directly
    const response = await call(loaded, direct);
    // THEN the answer carries the Lambda request id
    expect(response.body.requestId).toBe(context.awsRequestId);
  });

  test.each([[null], ['a string'], [42], [{ detail: 'an EventBridge event' }], [{ body: 5, headers: {} }]])(
    'an event that is not a proxy request (%p) gets the JSON error shape, not a throw',
    async (notProxy) => {
      // GIVEN an event that is not an API Gateway proxy request
      // WHEN the function is invoked with it
      const response = await call(loaded, notProxy);
      // THEN it answers a 400 ValidationError in the JSON error shape, with the Lambda request id
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('ValidationError');
      expect(response.body.requestId).toBe(context.awsRequestId);
    },
  );
});

describe('415 UnsupportedMediaType', () => {
  test.each([[{}], [{ 'Content-Type': 'text/plain' }], [{ 'content-type': 'application/jsonp' }]])('headers %p', async (headers) => {
    // GIVEN a valid task sent without a JSON Content-Type
    // WHEN it is posted with these headers
    const response = await call(loaded, event(valid, headers));
    // THEN it is a 415 UnsupportedMediaType, and Connect is not called
    expect(response.status).toBe(415);
    expect(response.body.error?.code).toBe('UnsupportedMediaType');
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test.each([
    'Application/JSON; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/json; charset="Utf-8"',
    'application/json; v=1',
  ])('parameters are allowed, charset only utf-8, in any case (%s)', async (contentType) => {
    // GIVEN a valid task, its Content-Type JSON with parameters, in mixed case
    const headers = { 'content-TYPE': contentType };
    // WHEN it is posted
    const response = await call(loaded, event(valid, headers));
    // THEN it is created
    expect(response.status).toBe(201);
  });
  test.each(['iso-8859-1', 'latin1', 'utf-16', 'utf8'])(
    'charset=%s is a 415: the body would be read as UTF-8 and stored changed',
    async (charset) => {
      // GIVEN a task named "café", declared in a charset other than utf-8
      const headers = { 'Content-Type': `application/json; charset=${charset}` };
      // WHEN it is posted
      const response = await call(loaded, event({ ...valid, Name: 'café' }, headers));
      // THEN it is a 415 UnsupportedMediaType, and Connect is not called
      expect(response.status).toBe(415);
      expect(response.body.error?.code).toBe('UnsupportedMediaType');
      expect(loaded.connect.calls()).toHaveLength(0);
    },
  );
  test('a 7 KB Content-Type is not quoted back in the 415', async () => {
    // GIVEN a Content-Type of 7 KB that is not JSON
    const contentType = `text/plain; x=${'SECRET'.repeat(1200)}`;
    // WHEN a task is posted with it
    const response = await call(loaded, event(valid, { 'Content-Type': contentType }));
    // THEN the 415 is short and does not quote it
    expect(response.status).toBe(415);
    expect(JSON.stringify(response.body)).not.toContain('SECRET');
    expect(JSON.stringify(response.body).length).toBeLessThan(400);
  });
});

describe('text that is not valid UTF-8 is a 400 naming the field, never stored as U+FFFD', () => {
  /** A JSON body whose Name holds bytes that are not UTF-8 (a Latin-1 "café"). */
  const latin1Body = Buffer.concat([Buffer.from(`{"ContactFlowId":"${FLOW_ID}","Name":"caf`), Buffer.from([0xe9]), Buffer.from('"}')]);

  test('invalid UTF-8 in Name, as API Gateway passes it (decoded, the bad byte now U+FFFD)', async () => {
    // GIVEN a Latin-1 "café" in Name, decoded as UTF-8 by API Gateway
    const body = latin1Body.toString('utf8');
    // WHEN it is posted
    const response = await call(loaded, event(body));
    // THEN it is a 400 naming /Name as not valid UTF-8, and Connect is not called
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: '/Name', message: expect.stringMatching(/not valid UTF-8/) }]);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('invalid UTF-8 in Name, in a base64 body', async () => {
    // GIVEN a Latin-1 "café" in Name, passed on base64-encoded
    const base64Event = { ...event(''), body: latin1Body.toString('base64'), isBase64Encoded: true };
    // WHEN it is posted
    const response = await call(loaded, base64Event);
    // THEN it is a 400 naming /Name as not valid UTF-8
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: '/Name', message: expect.stringMatching(/not valid UTF-8/) }]);
  });
  test.each([
    ['an unpaired surrogate escape in Description', `{"ContactFlowId":"${FLOW_ID}","Name":"x","Description":"a\\ud800b"}`, '/Description'],
    ['an escaped U+FFFD in an attribute value', `{"ContactFlowId":"${FLOW_ID}","Name":"x","Attributes":{"k":"\\ufffd"}}`, '/Attributes/k'],
    ['U+FFFD in an attribute key', `{"ContactFlowId":"${FLOW_ID}","Name":"x","Attributes":{"k\uFFFD":"v"}}`, '/Attributes/k\uFFFD'],
  ])('%s', async (_, body, path) => {
    // GIVEN a body with text that no UTF-8 bytes could have produced
    // WHEN it is posted
    const response = await call(loaded, event(body));
    // THEN it is a 400 naming the field, and Connect is not called
    expect(response.status).toBe(400);
    expect(response.body.error?.details?.map((d: { path: string }) => d.path)).toContain(path);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('emoji and other text outside the BMP are accepted', async () => {
    // GIVEN a task named with an emoji and an accented letter
    const task = { ...valid, Name: 'Call back 📞 Zoë' };
    // WHEN it is posted
    const response = await call(loaded, event(task));
    // THEN it is created
    expect(response.status).toBe(201);
  });
});

describe('any body is judged cheaply and answered briefly', () => {
  test('130,000 nested arrays are refused before they are parsed', async () => {
    // GIVEN a body with 130,000 nested arrays
    const body = `{"Name":"x","ContactFlowId":"${FLOW_ID}","Extra":${'['.repeat(130_000)}${']'.repeat(130_000)}}`;
    // WHEN it is posted
    const response = await call(loaded, event(body));
    // THEN it is a 400 saying it is nested too deep, and nothing else
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: '', message: expect.stringMatching(/nested more than 16 levels/) }]);
  });
  test('brackets inside strings do not count as nesting', async () => {
    // GIVEN a task whose Description holds 2,000 brackets
    const task = { ...valid, Description: '[{'.repeat(1000) };
    // WHEN it is posted
    const response = await call(loaded, event(task));
    // THEN it is created
    expect(response.status).toBe(201);
  });
  test('4,900 unknown fields: 50 details, then one saying how many more, in at most 16 KiB', async () => {
    // GIVEN a task with 4,900 unknown fields
    const body = { ...valid, ...Object.fromEntries(Array.from({ length: 4900 }, (_, i) => [`Field${i}`, 'x'])) };
    // WHEN it is posted
    const response = await call(loaded, event(body));
    // THEN the 400 lists 50 details and the count of the rest, in at most 16 KiB
    expect(response.status).toBe(400);
    const details = detailsOf(response);
    expect(details).toHaveLength(51);
    expect(details[50]).toEqual({ path: '', message: 'and 4850 more' });
    expect(Buffer.byteLength(JSON.stringify(response.body))).toBeLessThanOrEqual(16 * 1024);
  });
  test('unknown fields named by 20,000 characters: the body stays under 16 KiB, naming long keys by position', async () => {
    // GIVEN a task with 8 unknown fields, each named by 20,000 characters
    const fields = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`${i}${'k'.repeat(20_000)}`, 'v']));
    // WHEN it is posted
    const response = await call(loaded, event({ ...valid, ...fields }));
    // THEN the 400 stays under 16 KiB and names the fields by their position
    expect(response.status).toBe(400);
    expect(Buffer.byteLength(JSON.stringify(response.body))).toBeLessThanOrEqual(16 * 1024);
    expect(detailsOf(response).map((d) => d.path)).toEqual(expect.arrayContaining(['/#2', '/#9']));
  });
  test('more than 5,000 object keys are refused before they are parsed', async () => {
    // GIVEN a task with 5,000 attributes, 5,002 keys in all
    const attributes = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, '']));
    // WHEN it is posted
    const response = await call(loaded, event({ ...valid, Attributes: attributes }));
    // THEN it is a 400 saying it has too many keys, and nothing else
    expect(response.status).toBe(400);
    expect(detailsOf(response)).toEqual([{ path: '', message: expect.stringMatching(/more than 5000 object keys/) }]);
  });
  test('colons inside strings are not keys', async () => {
    // GIVEN a task whose Description holds 4,000 colons
    const task = { ...valid, Description: ':'.repeat(4000) };
    // WHEN it is posted
    const response = await call(loaded, event(task));
    // THEN it is created
    expect(response.status).toBe(201);
  });
  test('a direct invoke with a huge requestContext.requestId gets the Lambda request id', async () => {
    // GIVEN a refused request whose requestContext carries a request id of 100,000 characters
    const huge = { ...event('[]'), requestContext: { requestId: 'r'.repeat(100_000) } };
    // WHEN the function is invoked with it
    const response = await call(loaded, huge);
    // THEN the answer carries the Lambda request id instead
    expect(response.body.requestId).toBe(context.awsRequestId);
  });
});

describe('413 PayloadTooLarge counts bytes, not characters', () => {
  const bodyOfBytes = (bytes: number) => {
    const prefix = '{"Name":"x","ContactFlowId":"f","Description":"';
    const filler = '€'.repeat(Math.floor((bytes - prefix.length - 2) / 3));
    const body = `${prefix}${filler}"}`;
    return body + ' '.repeat(bytes - Buffer.byteLength(body));
  };
  test('262,145 bytes (about 87,000 characters)', async () => {
    // GIVEN a body one byte over 256 KiB, in fewer than 100,000 characters
    const body = bodyOfBytes(256 * 1024 + 1);
    expect(body.length).toBeLessThan(100_000);
    // WHEN it is posted
    const response = await call(loaded, event(body));
    // THEN it is a 413 PayloadTooLarge, and Connect is not called
    expect(response.status).toBe(413);
    expect(response.body.error?.code).toBe('PayloadTooLarge');
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('262,144 bytes pass the size check (and meet the Description rule instead)', async () => {
    // GIVEN a body of exactly 256 KiB
    const body = bodyOfBytes(256 * 1024);
    // WHEN it is posted
    const response = await call(loaded, event(body));
    // THEN it is judged by the rules: a 400 at /Description
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toContainEqual(expect.objectContaining({ path: '/Description' }));
  });
  test('a base64-encoded body is decoded before it is measured and parsed', async () => {
    // GIVEN a valid task passed on base64-encoded
    const e = { ...event(''), body: Buffer.from(JSON.stringify(valid)).toString('base64'), isBase64Encoded: true };
    // WHEN it is posted
    const response = await call(loaded, e);
    // THEN it is created
    expect(response.status).toBe(201);
  });
});

/** The event of `event(body, headers)`, sent by the IAM user `name`. */
const sentBy = (name: string, body: unknown, headers: Record<string, string>): APIGatewayProxyEvent => {
  const e = event(body, headers);
  return {
    ...e,
    requestContext: { ...e.requestContext, identity: { userArn: `arn:aws:iam::111122223333:user/${name}` } },
  } as APIGatewayProxyEvent;
};

describe('Idempotency-Key', () => {
  test("reaches Connect as the ClientToken derived from the caller's principal and the key", async () => {
    // GIVEN an Idempotency-Key with spaces and a slash, sent by one IAM user
    const key = ' Order 42 / retry-safe ';
    // WHEN a task is posted with it
    await call(loaded, sentBy('crm', valid, { 'Content-Type': 'application/json', 'Idempotency-Key': key }));
    // THEN Connect gets the token of that caller and key, never the key itself
    expect(sentInput(loaded, 0).ClientToken).toBe(connectClientToken('arn:aws:iam::111122223333:user/crm', key));
    expect(sentInput(loaded, 0).ClientToken).not.toContain(key.trim());
  });
  test('two callers with one key send Connect two tokens; one caller sends the same token on every retry', async () => {
    // GIVEN two IAM users who chose the same key, and the first of them retrying
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'invoice-42' };
    // WHEN each posts a task with it
    await call(loaded, sentBy('crm', valid, headers));
    await call(loaded, sentBy('billing', valid, headers));
    await call(loaded, sentBy('crm', valid, headers));
    // THEN the two callers' tokens differ, and the retry's is the first call's
    const [first, other, retry] = [0, 1, 2].map((n) => sentInput(loaded, n).ClientToken);
    expect(first).not.toBe(other);
    expect(retry).toBe(first);
  });
  test('a body ClientToken without the header is the same key, scoped the same way', async () => {
    // GIVEN a task that carries its key as a body ClientToken
    const task = { ...valid, ClientToken: 'invoice-42' };
    // WHEN it is posted by a caller
    await call(loaded, sentBy('crm', task, { 'Content-Type': 'application/json' }));
    // THEN Connect gets the caller's token for that key, as with the header
    expect(sentInput(loaded, 0).ClientToken).toBe(connectClientToken('arn:aws:iam::111122223333:user/crm', 'invoice-42'));
  });
  test.each([
    ['.', '.'],
    ['..', '..'],
    ['an empty key', ''],
    ['U+FFFD (bytes that were not UTF-8)', 'a\uFFFDb'],
    ['an unpaired surrogate', 'a\uD800b'],
    ['a control character', 'a\u0001b'],
  ])('a key that is %s is a 400 naming Idempotency-Key', async (_, key) => {
    // GIVEN an Idempotency-Key no path can carry back, or that is not text
    // WHEN a task is posted with it
    const response = await call(loaded, event(valid, { 'Content-Type': 'application/json', 'Idempotency-Key': key }));
    // THEN it is a 400 naming the header, and Connect is not called
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('a key is counted in characters: 500 emoji are accepted, 501 are a 400', async () => {
    // GIVEN keys of 500 and 501 emoji (1,000 and 1,002 UTF-16 code units)
    const headers = (n: number) => ({ 'Content-Type': 'application/json', 'Idempotency-Key': '😀'.repeat(n) });
    // WHEN a task is posted with each
    const [atLimit, over] = [await call(loaded, event(valid, headers(500))), await call(loaded, event(valid, headers(501)))];
    // THEN only the longer one is refused
    expect([atLimit.status, over.status]).toEqual([201, 400]);
  });
  test('a body ClientToken equal to the header is accepted', async () => {
    // GIVEN a task whose ClientToken equals its Idempotency-Key
    const task = { ...valid, ClientToken: 'k' };
    // WHEN it is posted
    const response = await call(loaded, event(task, { 'Content-Type': 'application/json', 'idempotency-key': 'k' }));
    // THEN it is created
    expect(response.status).toBe(201);
  });
  test('a body ClientToken that differs from the header is a 400', async () => {
    // GIVEN a task whose ClientToken differs from its Idempotency-Key
    const task = { ...valid, ClientToken: 'a' };
    // WHEN it is posted
    const response = await call(loaded, event(task, { 'Content-Type': 'application/json', 'Idempotency-Key': 'b' }));
    // THEN it is a 400 at /ClientToken, and Connect is not called
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: '/ClientToken', message: expect.any(String) }]);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('a key of 501 characters is a 400', async () => {
    // GIVEN an Idempotency-Key one character over the limit
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'k'.repeat(501) };
    // WHEN a task is posted with it
    const response = await call(loaded, event(valid, headers));
    // THEN it is a 400, and Connect is not called
    expect(response.status).toBe(400);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('a key of 500 characters is accepted', async () => {
    // GIVEN an Idempotency-Key at the limit
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'k'.repeat(500) };
    // WHEN a task is posted with it
    const response = await call(loaded, event(valid, headers));
    // THEN it is created
    expect(response.status).toBe(201);
  });
  test('without a key or ClientToken, none is invented: the SDK fills its own', async () => {
    // GIVEN a task with neither an Idempotency-Key nor a ClientToken
    // WHEN it is posted
    await call(loaded, event(valid));
    // THEN the handler passes no ClientToken to the SDK
    expect(sentInput(loaded, 0).ClientToken).toBeUndefined();
  });
});

describe('Connect errors', () => {
  test.each([
    ['InvalidRequestException', 400, 'InvalidRequest'],
    ['InvalidParameterException', 400, 'InvalidParameter'],
    ['ResourceNotFoundException', 404, 'ResourceNotFound'],
    ['ServiceQuotaExceededException', 409, 'ServiceQuotaExceeded'],
    ['InternalServiceException', 502, 'UpstreamError'],
    ['AccessDeniedException', 502, 'UpstreamError'],
    ['SomethingNewException', 502, 'UpstreamError'],
  ])('%s: %d %s', async (name, status, code) => {
    // GIVEN a Connect that fails with this error
    loaded.connect.rejects(connectError(name));
    // WHEN a valid task is posted
    const response = await call(loaded, event(valid));
    // THEN the answer has the status and code of the contract's table, and no Retry-After
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(response.headers['Retry-After']).toBeUndefined();
  });

  test.each(['TimeoutError', 'AbortError'])('%s (every attempt timed out): 504 UpstreamTimeout', async (name) => {
    // GIVEN an SDK that gave up on Connect with this error
    loaded.connect.rejects(connectError(name));
    // WHEN a valid task is posted
    const response = await call(loaded, event(valid));
    // THEN it is a 504 UpstreamTimeout
    expect(response.status).toBe(504);
    expect(response.body.error?.code).toBe('UpstreamTimeout');
  });

  test("Connect's own message goes back to the caller in details; its Reason enum is named", async () => {
    // GIVEN a Connect that refuses an attachment, with a message and a Reason
    loaded.connect.rejects(
      Object.assign(connectError('InvalidRequestException', 'File a.pdf of Ms Example is too large'), {
        Reason: { AttachedFileInvalidRequestExceptionReason: 'INVALID_FILE_SIZE' },
      }),
    );
    // WHEN a valid task is posted
    const response = await call(loaded, event(valid));
    // THEN our message names the Reason, and Connect's message is in details
    expect(response.body.error).toEqual({
      code: 'InvalidRequest',
      message: 'Amazon Connect rejected the request (reason: INVALID_FILE_SIZE)',
      details: [{ path: '', message: 'Amazon Connect said: File a.pdf of Ms Example is too large' }],
    });
  });

  test.each([
    ['ResourceNotFoundException', 'Contact flow not found.'],
    ['ServiceQuotaExceededException', 'The number of active tasks exceeds the quota.'],
  ])("%s: Connect's message goes back in details", async (name, said) => {
    // GIVEN a Connect that fails with this error and message
    loaded.connect.rejects(connectError(name, said));
    // WHEN a valid task is posted
    const response = await call(loaded, event(valid));
    // THEN Connect's message is in details
    expect(response.body.error?.details).toEqual([{ path: '', message: `Amazon Connect said: ${said}` }]);
  });

  test.each(['ThrottlingException', 'InternalServiceException', 'AccessDeniedException'])(
    "%s: Connect's message is not passed on (not the caller's to fix)",
    async (name) => {
      // GIVEN a Connect that fails with this error and an internal message
      loaded.connect.rejects(connectError(name, 'internal detail'));
      // WHEN a valid task is posted
      const response = await call(loaded, event(valid));
      // THEN the answer does not carry Connect's message
      expect(JSON.stringify(response.body)).not.toContain('internal detail');
    },
  );

  test('a task template Connect rejects: our message names a template without a flow as the cause', async () => {
    // GIVEN a Connect that refuses a task template without a flow
    loaded.connect.rejects(connectError('InvalidRequestException', 'Task template has no contact flow.'));
    // WHEN a task for that template is posted
    const response = await call(loaded, event({ Name: 'x', TaskTemplateId: 'template-1' }));
    // THEN the 400 names the missing flow and the fix, not the Idempotency-Key
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/task template has no contact flow.*send ContactFlowId instead of TaskTemplateId/);
    expect(response.body.error?.message).not.toMatch(/Idempotency-Key/);
  });

  test('an Idempotency-Key Connect rejects: our message names a key reused with a different body as the cause', async () => {
    // GIVEN a Connect that refuses a ClientToken already used with other parameters
    loaded.connect.rejects(connectError('InvalidRequestException', 'ClientToken was already used with different request parameters.'));
    // WHEN a task is posted with an Idempotency-Key
    const response = await call(loaded, event(valid, { 'Content-Type': 'application/json', 'Idempotency-Key': 'order-42' }));
    // THEN the 400 names the reused key and the fix, not the task template
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/Idempotency-Key \(ClientToken\) was used before with a different body.*use a new key/);
    expect(response.body.error?.message).not.toMatch(/task template/);
  });

  test("Connect's message is cut to 1,000 characters", async () => {
    // GIVEN a Connect that fails with a message of 100,000 characters
    loaded.connect.rejects(connectError('InvalidParameterException', 'm'.repeat(100_000)));
    // WHEN a valid task is posted
    const response = await call(loaded, event(valid));
    // THEN details carry its first 1,000 characters
    expect(detailsOf(response)[0].message).toHaveLength('Amazon Connect said: '.length + 1000);
  });

  test('ThrottlingException: 429 with Retry-After', async () => {
    // GIVEN a Connect that throttles
    loaded.connect.rejects(connectError('ThrottlingException'));
    // WHEN a valid task is posted
    const response = await call(loaded, event(valid));
    // THEN it is a 429 Throttled with a Retry-After
    expect(response.status).toBe(429);
    expect(response.body.error?.code).toBe('Throttled');
    expect(Number(response.headers['Retry-After'])).toBeGreaterThan(0);
  });

  test('a hung Connect: 504 at the Connect deadline, well before the function times out', async () => {
    // GIVEN a handler with a 50 ms Connect deadline, and a Connect that never answers
    const quick = loadHandler({ CONNECT_TIMEOUT_MS: '50' });
    quick.connect.callsFake(() => new Promise(() => undefined));
    const started = Date.now();
    // WHEN a valid task is posted
    const response = await call(quick, event(valid));
    // THEN it is a 504 UpstreamTimeout, within seconds
    expect(response.status).toBe(504);
    expect(response.body.error?.code).toBe('UpstreamTimeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a bug in the handler (an answer it cannot read): 500 InternalError', async () => {
    // GIVEN a Connect whose answer the handler cannot read
    loaded.connect.resolves(undefined as never);
    // WHEN a valid task is posted
    const response = await call(loaded, event(valid));
    // THEN it is a 500 InternalError without a stack trace
    expect(response.status).toBe(500);
    expect(response.body.error?.code).toBe('InternalError');
    expect(response.body.error).not.toHaveProperty('stack');
  });
});

test.each([
  ['MAX_SCHEDULE_AHEAD_SECONDS', 'six days'],
  ['CONNECT_TIMEOUT_MS', '-1'],
])('a malformed %s fails the container start instead of turning a check off', (name, value) => {
  // GIVEN a malformed value for this environment variable
  const environment = { [name]: value };
  // WHEN the handler loads THEN it throws, naming the variable
  expect(() => loadHandler(environment)).toThrow(new RegExp(`${name} must be a positive number`));
});

describe('targets', () => {
  test('a request without a target uses defaultTarget', async () => {
    // GIVEN a handler deployed with a task template as defaultTarget
    const withDefault = loadHandler({ DEFAULT_TARGET: JSON.stringify({ TaskTemplateId: 'template-1' }) });
    withDefault.connect.resolves({ ContactId: 'c' });
    // WHEN a task without a target is posted
    const response = await call(withDefault, event({ Name: 'x' }));
    // THEN it is created, and Connect gets the default template and no flow
    expect(response.status).toBe(201);
    expect(sentInput(withDefault, 0)).toMatchObject({ TaskTemplateId: 'template-1' });
    expect(sentInput(withDefault, 0).ContactFlowId).toBeUndefined();
  });

  describe('with allowedTargets', () => {
    // A handler deployed with a flow as defaultTarget, and that flow and one quick connect as allowedTargets.
    const restricted = useHandler({
      DEFAULT_TARGET: JSON.stringify({ ContactFlowId: FLOW_ID }),
      ALLOWED_TARGETS: JSON.stringify([{ ContactFlowId: FLOW_ID }, { QuickConnectId: 'qc-1' }]),
    });
    test.each([
      [{ ContactFlowId: 'other-flow' }],
      [{ TaskTemplateId: FLOW_ID }], // the same id as an allowed flow, but a template
      [{ QuickConnectId: 'qc-2' }],
    ])('a target outside the list (%p) is a 403', async (target) => {
      // GIVEN the restricted handler, and a task for a target outside its list
      const task = { Name: 'x', ...target };
      // WHEN it is posted
      const response = await call(restricted, event(task));
      // THEN it is a 403 TargetNotAllowed naming the target's field, and Connect is not called
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('TargetNotAllowed');
      expect(response.body.error?.details).toEqual([{ path: `/${Object.keys(target)[0]}`, message: expect.any(String) }]);
      expect(restricted.connect.calls()).toHaveLength(0);
    });
    test('a QuickConnectId of 200,000 characters is not quoted back in the 403', async () => {
      // GIVEN the restricted handler, and a task for a quick connect id of 200,000 characters
      const task = { Name: 'x', QuickConnectId: 'q'.repeat(200_000) };
      // WHEN it is posted
      const response = await call(restricted, event(task));
      // THEN the 403 is short: the id is not quoted back
      expect(response.status).toBe(403);
      expect(JSON.stringify(response.body).length).toBeLessThan(1000);
    });
    test.each([[{ QuickConnectId: 'qc-1' }], [{}]])('an allowed or default target (%p) is created', async (target) => {
      // GIVEN the restricted handler, and a task for an allowed target or for none
      const task = { Name: 'x', ...target };
      // WHEN it is posted
      const response = await call(restricted, event(task));
      // THEN it is created
      expect(response.status).toBe(201);
    });
  });
});

describe('no sensitive field in logs or error bodies', () => {
  const secret = {
    Name: 'SECRET-NAME-Jane-Doe',
    Description: 'SECRET-DESCRIPTION-diagnosis',
    ContactFlowId: FLOW_ID,
    Attributes: { account: 'SECRET-ATTRIBUTE-4111111111111111' },
    References: { link: { Type: 'URL', Value: 'https://secret-reference.example.com/case' } },
    Attachments: [{ FileName: 'a.pdf', S3Url: 'https://secret-attachment.s3.amazonaws.com/a.pdf' }],
  };
  const SENSITIVE = /SECRET-|secret-reference|secret-attachment/;
  // Every line the handler logs, at any level, collected for each test.
  let logged: string[];
  let spies: Array<{ mockRestore(): void }>;
  beforeEach(() => {
    logged = [];
    spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      }),
    );
    // The metric lines go to stdout directly.
    spies.push(
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      }),
    );
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));

  test('Connect echoes the name in its message: it goes back to the caller in details, never to the logs', async () => {
    // GIVEN a Connect whose error message quotes the task's name and description
    loaded.connect.rejects(connectError('InvalidParameterException', `Bad task ${secret.Name} / ${secret.Description}`));
    // WHEN a task with sensitive fields is posted
    const response = await call(loaded, event(secret));
    // THEN the logs hold none of them, and only details, the caller's own, quote the name back
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toMatch(SENSITIVE);
    const { details, ...rest } = response.body.error ?? {};
    expect(details).toEqual([{ path: '', message: expect.stringContaining(secret.Name) }]);
    expect(JSON.stringify(rest)).not.toMatch(SENSITIVE);
  });

  test('logs name no key the caller chose: keys are replaced by their position', async () => {
    // GIVEN a task whose attribute, reference and field names are sensitive, and invalid
    const task = {
      ...secret,
      Attributes: { 'SECRET-KEY ok': 'v', 'SECRET-KEY-2': 7 },
      References: { 'SECRET-REF': { Type: 'URL', Value: 'x' } },
      'SECRET-FIELD': 1,
    };
    // WHEN it is posted
    const response = await call(loaded, event(task));
    // THEN it is a 400 whose log line names the keys by position only
    expect(response.status).toBe(400);
    expect(logged.join('\n')).not.toMatch(/SECRET/);
    const rejected = JSON.parse(logged.find((line) => line.includes('"rejected"'))!) as { details: string[] };
    expect(rejected.details).toEqual(expect.arrayContaining(['/Attributes/#0', '/Attributes/#1', '/References/#0/Value', '/#6']));
    // AND the caller, whose keys they are, sees them named
    expect(response.body.error?.details?.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['/Attributes/SECRET-KEY ok', '/References/SECRET-REF/Value', '/SECRET-FIELD']),
    );
  });

  test.each([
    ['created', () => undefined],
    ['Connect throttles', () => loaded.connect.rejects(connectError('ThrottlingException', secret.Attributes.account))],
    [
      'a bug quotes the request',
      () =>
        loaded.connect.callsFake(() => {
          throw new TypeError(`cannot read ${secret.Name}`);
        }),
    ],
  ])('%s', async (_, arrange) => {
    // GIVEN a Connect that creates the task, throttles quoting an attribute, or meets a bug quoting the name
    arrange();
    // WHEN a task with sensitive fields is posted
    const response = await call(loaded, event(secret));
    // THEN neither the logs nor the answer hold any of them
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toMatch(SENSITIVE);
    expect(JSON.stringify(response)).not.toMatch(SENSITIVE);
  });

  test('a rejected request: the details name fields, never their values', async () => {
    // GIVEN a task with sensitive fields, a Name too long and a bad attribute key
    const task = { ...secret, Name: `${secret.Name}${'x'.repeat(1100)}`, Attributes: { 'bad key': 'SECRET-ATTR' } };
    // WHEN it is posted
    const response = await call(loaded, event(task));
    // THEN it is a 400, and neither the logs nor the answer hold any sensitive value
    expect(response.status).toBe(400);
    expect(logged.join('\n')).not.toMatch(SENSITIVE);
    expect(JSON.stringify(response)).not.toMatch(SENSITIVE);
  });
});
