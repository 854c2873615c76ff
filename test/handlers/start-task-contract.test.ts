import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { call, context, detailsOf, event, FLOW_ID, INSTANCE_ID, loadHandler, sentInput, useHandler } from './start-task-harness';

/** The HTTP contract of the README's "The HTTP contract" section: one test per row of its error table and per point it makes. */
const valid = { Name: 'Call back Ms Example', ContactFlowId: FLOW_ID };

const connectError = (name: string, message = `${name} from Connect`) => Object.assign(new Error(message), { name });

const loaded = useHandler();

test("201 with the ContactId; Connect gets the body and the deployment's instance", async () => {
  const response = await call(loaded, event(valid));
  expect(response).toEqual({ status: 201, headers: { 'Content-Type': 'application/json' }, body: { ContactId: 'contact-1' } });
  expect(sentInput(loaded, 0)).toEqual({ ...valid, InstanceId: INSTANCE_ID });
});

test("the Connect client uses the instance's region, not the function's", async () => {
  await call(loaded, event(valid));
  expect(await loaded.client().config.region()).toBe('eu-west-2');
});

describe('error shape', () => {
  test.each([
    ['not JSON', '{"Name":', 400, 'ValidationError'],
    ['an array', '[]', 400, 'ValidationError'],
    ['a string', '"task"', 400, 'ValidationError'],
    ['null', 'null', 400, 'ValidationError'],
    ['an empty body', '', 400, 'ValidationError'],
  ])('a body that is %s: %d %s', async (_, body, status, code) => {
    const response = await call(loaded, event(body));
    expect(response.status).toBe(status);
    expect(response.body).toEqual({
      error: expect.objectContaining({ code, message: expect.any(String) }),
      requestId: 'gateway-request-id',
    });
    expect(loaded.connect.calls()).toHaveLength(0);
  });

  test('requestId falls back to the Lambda request id on a direct invoke', async () => {
    const { requestContext, ...direct } = event('[]');
    const response = await call(loaded, direct);
    expect(response.body.requestId).toBe(context.awsRequestId);
  });

  test.each([[null], ['a string'], [42], [{ detail: 'an EventBridge event' }], [{ body: 5, headers: {} }]])(
    'an event that is not a proxy request (%p) gets the JSON error shape, not a throw',
    async (notProxy) => {
      const response = await call(loaded, notProxy);
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('ValidationError');
      expect(response.body.requestId).toBe(context.awsRequestId);
    },
  );
});

describe('415 UnsupportedMediaType', () => {
  test.each([[{}], [{ 'Content-Type': 'text/plain' }], [{ 'content-type': 'application/jsonp' }]])('headers %p', async (headers) => {
    const response = await call(loaded, event(valid, headers));
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
    expect((await call(loaded, event(valid, { 'content-TYPE': contentType }))).status).toBe(201);
  });
  test.each(['iso-8859-1', 'latin1', 'utf-16', 'utf8'])(
    'charset=%s is a 415: the body would be read as UTF-8 and stored changed',
    async (charset) => {
      const response = await call(loaded, event({ ...valid, Name: 'café' }, { 'Content-Type': `application/json; charset=${charset}` }));
      expect(response.status).toBe(415);
      expect(response.body.error?.code).toBe('UnsupportedMediaType');
      expect(loaded.connect.calls()).toHaveLength(0);
    },
  );
  test('a 7 KB Content-Type is not quoted back in the 415', async () => {
    const contentType = `text/plain; x=${'SECRET'.repeat(1200)}`;
    const response = await call(loaded, event(valid, { 'Content-Type': contentType }));
    expect(response.status).toBe(415);
    expect(JSON.stringify(response.body)).not.toContain('SECRET');
    expect(JSON.stringify(response.body).length).toBeLessThan(400);
  });
});

describe('text that is not valid UTF-8 is a 400 naming the field, never stored as U+FFFD', () => {
  /** A JSON body whose Name holds bytes that are not UTF-8 (a Latin-1 "café"). */
  const latin1Body = Buffer.concat([Buffer.from(`{"ContactFlowId":"${FLOW_ID}","Name":"caf`), Buffer.from([0xe9]), Buffer.from('"}')]);

  test('invalid UTF-8 in Name, as API Gateway passes it (decoded, the bad byte now U+FFFD)', async () => {
    const response = await call(loaded, event(latin1Body.toString('utf8')));
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: '/Name', message: expect.stringMatching(/not valid UTF-8/) }]);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('invalid UTF-8 in Name, in a base64 body', async () => {
    const response = await call(loaded, { ...event(''), body: latin1Body.toString('base64'), isBase64Encoded: true });
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: '/Name', message: expect.stringMatching(/not valid UTF-8/) }]);
  });
  test.each([
    ['an unpaired surrogate escape in Description', `{"ContactFlowId":"${FLOW_ID}","Name":"x","Description":"a\\ud800b"}`, '/Description'],
    ['an escaped U+FFFD in an attribute value', `{"ContactFlowId":"${FLOW_ID}","Name":"x","Attributes":{"k":"\\ufffd"}}`, '/Attributes/k'],
    ['U+FFFD in an attribute key', `{"ContactFlowId":"${FLOW_ID}","Name":"x","Attributes":{"k\uFFFD":"v"}}`, '/Attributes/k\uFFFD'],
  ])('%s', async (_, body, path) => {
    const response = await call(loaded, event(body));
    expect(response.status).toBe(400);
    expect(response.body.error?.details?.map((d: { path: string }) => d.path)).toContain(path);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('emoji and other text outside the BMP are accepted', async () => {
    expect((await call(loaded, event({ ...valid, Name: 'Call back 📞 Zoë' }))).status).toBe(201);
  });
});

describe('any body is judged cheaply and answered briefly', () => {
  test('130,000 nested arrays are refused before they are parsed', async () => {
    const body = `{"Name":"x","ContactFlowId":"${FLOW_ID}","Extra":${'['.repeat(130_000)}${']'.repeat(130_000)}}`;
    const response = await call(loaded, event(body));
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: '', message: expect.stringMatching(/nested more than 16 levels/) }]);
  });
  test('brackets inside strings do not count as nesting', async () => {
    expect((await call(loaded, event({ ...valid, Description: '[{'.repeat(1000) }))).status).toBe(201);
  });
  test('4,900 unknown fields: 50 details, then one saying how many more, in at most 16 KiB', async () => {
    const body = { ...valid, ...Object.fromEntries(Array.from({ length: 4900 }, (_, i) => [`Field${i}`, 'x'])) };
    const response = await call(loaded, event(body));
    expect(response.status).toBe(400);
    const details = detailsOf(response);
    expect(details).toHaveLength(51);
    expect(details[50]).toEqual({ path: '', message: 'and 4850 more' });
    expect(Buffer.byteLength(JSON.stringify(response.body))).toBeLessThanOrEqual(16 * 1024);
  });
  test('unknown fields named by 20,000 characters: the body stays under 16 KiB, naming long keys by position', async () => {
    const fields = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`${i}${'k'.repeat(20_000)}`, 'v']));
    const response = await call(loaded, event({ ...valid, ...fields }));
    expect(response.status).toBe(400);
    expect(Buffer.byteLength(JSON.stringify(response.body))).toBeLessThanOrEqual(16 * 1024);
    expect(detailsOf(response).map((d) => d.path)).toEqual(expect.arrayContaining(['/#2', '/#9']));
  });
  test('more than 5,000 object keys are refused before they are parsed', async () => {
    const attributes = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, '']));
    const response = await call(loaded, event({ ...valid, Attributes: attributes }));
    expect(response.status).toBe(400);
    expect(detailsOf(response)).toEqual([{ path: '', message: expect.stringMatching(/more than 5000 object keys/) }]);
  });
  test('colons inside strings are not keys', async () => {
    expect((await call(loaded, event({ ...valid, Description: ':'.repeat(4000) }))).status).toBe(201);
  });
  test('a direct invoke with a huge requestContext.requestId gets the Lambda request id', async () => {
    const response = await call(loaded, { ...event('[]'), requestContext: { requestId: 'r'.repeat(100_000) } });
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
    const body = bodyOfBytes(256 * 1024 + 1);
    expect(body.length).toBeLessThan(100_000);
    const response = await call(loaded, event(body));
    expect(response.status).toBe(413);
    expect(response.body.error?.code).toBe('PayloadTooLarge');
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('262,144 bytes pass the size check (and meet the Description rule instead)', async () => {
    const response = await call(loaded, event(bodyOfBytes(256 * 1024)));
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toContainEqual(expect.objectContaining({ path: '/Description' }));
  });
  test('a base64-encoded body is decoded before it is measured and parsed', async () => {
    const e = { ...event(''), body: Buffer.from(JSON.stringify(valid)).toString('base64'), isBase64Encoded: true };
    expect((await call(loaded, e)).status).toBe(201);
  });
});

describe('Idempotency-Key', () => {
  test('is passed to Connect unchanged as ClientToken', async () => {
    const key = ' Order 42 / retry-safe ';
    await call(loaded, event(valid, { 'Content-Type': 'application/json', 'Idempotency-Key': key }));
    expect(sentInput(loaded, 0).ClientToken).toBe(key);
  });
  test('a body ClientToken equal to the header is accepted', async () => {
    const response = await call(
      loaded,
      event({ ...valid, ClientToken: 'k' }, { 'Content-Type': 'application/json', 'idempotency-key': 'k' }),
    );
    expect(response.status).toBe(201);
  });
  test('a body ClientToken that differs from the header is a 400', async () => {
    const response = await call(
      loaded,
      event({ ...valid, ClientToken: 'a' }, { 'Content-Type': 'application/json', 'Idempotency-Key': 'b' }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error?.details).toEqual([{ path: '/ClientToken', message: expect.any(String) }]);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('a key of 501 characters is a 400', async () => {
    const response = await call(loaded, event(valid, { 'Content-Type': 'application/json', 'Idempotency-Key': 'k'.repeat(501) }));
    expect(response.status).toBe(400);
    expect(loaded.connect.calls()).toHaveLength(0);
  });
  test('a key of 500 characters is accepted', async () => {
    expect((await call(loaded, event(valid, { 'Content-Type': 'application/json', 'Idempotency-Key': 'k'.repeat(500) }))).status).toBe(201);
  });
  test('without a key or ClientToken, none is invented: the SDK fills its own', async () => {
    await call(loaded, event(valid));
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
    loaded.connect.rejects(connectError(name));
    const response = await call(loaded, event(valid));
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(response.headers['Retry-After']).toBeUndefined();
  });

  test.each(['TimeoutError', 'AbortError'])('%s (every attempt timed out): 504 UpstreamTimeout', async (name) => {
    loaded.connect.rejects(connectError(name));
    const response = await call(loaded, event(valid));
    expect(response.status).toBe(504);
    expect(response.body.error?.code).toBe('UpstreamTimeout');
  });

  test("Connect's own message goes back to the caller in details; its Reason enum is named", async () => {
    loaded.connect.rejects(
      Object.assign(connectError('InvalidRequestException', 'File a.pdf of Ms Example is too large'), {
        Reason: { AttachedFileInvalidRequestExceptionReason: 'INVALID_FILE_SIZE' },
      }),
    );
    const response = await call(loaded, event(valid));
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
    loaded.connect.rejects(connectError(name, said));
    const response = await call(loaded, event(valid));
    expect(response.body.error?.details).toEqual([{ path: '', message: `Amazon Connect said: ${said}` }]);
  });

  test.each(['ThrottlingException', 'InternalServiceException', 'AccessDeniedException'])(
    "%s: Connect's message is not passed on (not the caller's to fix)",
    async (name) => {
      loaded.connect.rejects(connectError(name, 'internal detail'));
      const response = await call(loaded, event(valid));
      expect(JSON.stringify(response.body)).not.toContain('internal detail');
    },
  );

  test('a task template Connect rejects: our message names a template without a flow as the cause', async () => {
    loaded.connect.rejects(connectError('InvalidRequestException', 'Task template has no contact flow.'));
    const response = await call(loaded, event({ Name: 'x', TaskTemplateId: 'template-1' }));
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/task template has no contact flow.*send ContactFlowId instead of TaskTemplateId/);
    expect(response.body.error?.message).not.toMatch(/Idempotency-Key/);
  });

  test('an Idempotency-Key Connect rejects: our message names a key reused with a different body as the cause', async () => {
    loaded.connect.rejects(connectError('InvalidRequestException', 'ClientToken was already used with different request parameters.'));
    const response = await call(loaded, event(valid, { 'Content-Type': 'application/json', 'Idempotency-Key': 'order-42' }));
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/Idempotency-Key \(ClientToken\) was used before with a different body.*use a new key/);
    expect(response.body.error?.message).not.toMatch(/task template/);
  });

  test("Connect's message is cut to 1,000 characters", async () => {
    loaded.connect.rejects(connectError('InvalidParameterException', 'm'.repeat(100_000)));
    const response = await call(loaded, event(valid));
    expect(detailsOf(response)[0].message).toHaveLength('Amazon Connect said: '.length + 1000);
  });

  test('ThrottlingException: 429 with Retry-After', async () => {
    loaded.connect.rejects(connectError('ThrottlingException'));
    const response = await call(loaded, event(valid));
    expect(response.status).toBe(429);
    expect(response.body.error?.code).toBe('Throttled');
    expect(Number(response.headers['Retry-After'])).toBeGreaterThan(0);
  });

  test('a hung Connect: 504 at the Connect deadline, well before the function times out', async () => {
    const quick = loadHandler({ CONNECT_TIMEOUT_MS: '50' });
    quick.connect.callsFake(() => new Promise(() => undefined));
    const started = Date.now();
    const response = await call(quick, event(valid));
    expect(response.status).toBe(504);
    expect(response.body.error?.code).toBe('UpstreamTimeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a bug in the handler (an answer it cannot read): 500 InternalError', async () => {
    loaded.connect.resolves(undefined as never);
    const response = await call(loaded, event(valid));
    expect(response.status).toBe(500);
    expect(response.body.error?.code).toBe('InternalError');
    expect(response.body.error).not.toHaveProperty('stack');
  });
});

test.each([
  ['MAX_SCHEDULE_AHEAD_SECONDS', 'six days'],
  ['CONNECT_TIMEOUT_MS', '-1'],
])('a malformed %s fails the container start instead of turning a check off', (name, value) => {
  expect(() => loadHandler({ [name]: value })).toThrow(new RegExp(`${name} must be a positive number`));
});

describe('targets', () => {
  test('a request without a target uses defaultTarget', async () => {
    const withDefault = loadHandler({ DEFAULT_TARGET: JSON.stringify({ TaskTemplateId: 'template-1' }) });
    withDefault.connect.resolves({ ContactId: 'c' });
    expect((await call(withDefault, event({ Name: 'x' }))).status).toBe(201);
    expect(sentInput(withDefault, 0)).toMatchObject({ TaskTemplateId: 'template-1' });
    expect(sentInput(withDefault, 0).ContactFlowId).toBeUndefined();
  });

  describe('with allowedTargets', () => {
    const restricted = useHandler({
      DEFAULT_TARGET: JSON.stringify({ ContactFlowId: FLOW_ID }),
      ALLOWED_TARGETS: JSON.stringify([{ ContactFlowId: FLOW_ID }, { QuickConnectId: 'qc-1' }]),
    });
    test.each([
      [{ ContactFlowId: 'other-flow' }],
      [{ TaskTemplateId: FLOW_ID }], // the same id as an allowed flow, but a template
      [{ QuickConnectId: 'qc-2' }],
    ])('a target outside the list (%p) is a 403', async (target) => {
      const response = await call(restricted, event({ Name: 'x', ...target }));
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('TargetNotAllowed');
      expect(response.body.error?.details).toEqual([{ path: `/${Object.keys(target)[0]}`, message: expect.any(String) }]);
      expect(restricted.connect.calls()).toHaveLength(0);
    });
    test('a QuickConnectId of 200,000 characters is not quoted back in the 403', async () => {
      const response = await call(restricted, event({ Name: 'x', QuickConnectId: 'q'.repeat(200_000) }));
      expect(response.status).toBe(403);
      expect(JSON.stringify(response.body).length).toBeLessThan(1000);
    });
    test.each([[{ QuickConnectId: 'qc-1' }], [{}]])('an allowed or default target (%p) is created', async (target) => {
      expect((await call(restricted, event({ Name: 'x', ...target }))).status).toBe(201);
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
  let logged: string[];
  let spies: Array<{ mockRestore(): void }>;
  beforeEach(() => {
    logged = [];
    spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      }),
    );
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));

  test('Connect echoes the name in its message: it goes back to the caller in details, never to the logs', async () => {
    loaded.connect.rejects(connectError('InvalidParameterException', `Bad task ${secret.Name} / ${secret.Description}`));
    const response = await call(loaded, event(secret));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toMatch(SENSITIVE);
    const { details, ...rest } = response.body.error ?? {};
    expect(details).toEqual([{ path: '', message: expect.stringContaining(secret.Name) }]);
    expect(JSON.stringify(rest)).not.toMatch(SENSITIVE);
  });

  test('logs name no key the caller chose: keys are replaced by their position', async () => {
    const response = await call(
      loaded,
      event({
        ...secret,
        Attributes: { 'SECRET-KEY ok': 'v', 'SECRET-KEY-2': 7 },
        References: { 'SECRET-REF': { Type: 'URL', Value: 'x' } },
        'SECRET-FIELD': 1,
      }),
    );
    expect(response.status).toBe(400);
    expect(logged.join('\n')).not.toMatch(/SECRET/);
    const rejected = JSON.parse(logged.find((line) => line.includes('"rejected"'))!) as { details: string[] };
    expect(rejected.details).toEqual(expect.arrayContaining(['/Attributes/#0', '/Attributes/#1', '/References/#0/Value', '/#6']));
    // The caller, whose keys they are, sees them named.
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
    arrange();
    const response = await call(loaded, event(secret));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toMatch(SENSITIVE);
    expect(JSON.stringify(response)).not.toMatch(SENSITIVE);
  });

  test('a rejected request: the details name fields, never their values', async () => {
    const response = await call(
      loaded,
      event({ ...secret, Name: `${secret.Name}${'x'.repeat(1100)}`, Attributes: { 'bad key': 'SECRET-ATTR' } }),
    );
    expect(response.status).toBe(400);
    expect(logged.join('\n')).not.toMatch(SENSITIVE);
    expect(JSON.stringify(response)).not.toMatch(SENSITIVE);
  });
});
