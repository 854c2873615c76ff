import { setTimeout as sleep } from 'node:timers/promises';
import type { Caller, ConnectionEnd, Exchange, HostileHttpCase, HostileRequestSpec, HostileTarget, RawAnswer } from './hostile-http';

// Requests a hostile caller sends `npm start -- --async --auth iam` (bench/hostile-http.ts runs
// them): request targets and bodies that break HTTP, object machinery as keys and header names,
// several Authorization or Prefer fields, idempotency keys and ids no path or table can carry, and
// two callers who share a key. Each case says what the deployed API would answer.

const JSON_TYPE = ['Content-Type', 'application/json'] as const;
const ASYNC = ['Prefer', 'respond-async'] as const;
const TASK = JSON.stringify({ Name: 'Call back customer 42' });
/** A ContactId of the right shape that names no task. */
const UNKNOWN_CONTACT = '99999999-8888-7777-6666-555555555555';

const describe = (exchange: Exchange) =>
  typeof exchange === 'string' ? `no answer (${exchange})` : `${exchange.status} ${exchange.body.slice(0, 200)}`;

/** A problem unless the exchange is an answer with one of `statuses`. */
function expectStatus(exchange: Exchange, ...statuses: number[]): string | undefined {
  return typeof exchange === 'object' && statuses.includes(exchange.status)
    ? undefined
    : `expected ${statuses.join(' or ')}, got ${describe(exchange)}`;
}

/** A problem unless the exchange is a 4xx answer, or (for a body that never arrived) a closed connection. */
function expectRefusedOrClosed(exchange: Exchange): string | undefined {
  if (exchange === 'closed') return undefined;
  return typeof exchange === 'object' && exchange.status >= 400 && exchange.status < 500
    ? undefined
    : `expected a 4xx or a closed connection, got ${describe(exchange)}`;
}

const bodyOf = <T>(exchange: Exchange): T => JSON.parse((exchange as RawAnswer).body) as T;
const header = (exchange: Exchange, name: string) => (typeof exchange === 'object' ? exchange.headers[name]?.[0] : undefined);

/** A 400 whose details name `field`. */
function expectRefusalNaming(exchange: Exchange, field: string): string | undefined {
  const wrong = expectStatus(exchange, 400);
  if (wrong) return wrong;
  const details = bodyOf<{ error: { details?: Array<{ path: string }> } }>(exchange).error.details ?? [];
  return details.some((d) => d.path.replace(/^\//, '') === field) ? undefined : `the 400 does not name ${field}: ${describe(exchange)}`;
}

const post = (body: string, headers: HostileRequestSpec['headers'] = [], caller?: Caller): HostileRequestSpec => ({
  method: 'POST',
  path: '/tasks',
  headers: [JSON_TYPE, ...headers],
  body,
  caller,
});

/** Creates a task synchronously and returns its ContactId. */
async function createTask(target: HostileTarget, body = TASK, caller?: Caller): Promise<string> {
  const created = await target.request(post(body, [], caller));
  if (typeof created !== 'object' || created.status !== 201) throw new Error(`the task was not created: ${describe(created)}`);
  return bodyOf<{ ContactId: string }>(created).ContactId;
}

/** Follows a 202's Location against the base URL until the request is no longer QUEUED. */
async function settled(target: HostileTarget, accepted: Exchange, caller?: Caller): Promise<Exchange> {
  const location = header(accepted, 'location');
  if (!location) return accepted;
  const path = new URL(location, target.baseUrl).pathname;
  for (const until = Date.now() + 30_000; ; await sleep(250)) {
    const status = await target.request({ method: 'GET', path, caller });
    if (
      typeof status !== 'object' ||
      status.status !== 200 ||
      bodyOf<{ status: string }>(status).status !== 'QUEUED' ||
      Date.now() > until
    ) {
      return status;
    }
  }
}

const METHODS = ['GET', 'PATCH', 'DELETE'] as const;
const BAD_ESCAPES = [
  '/tasks/%ZZ',
  '/tasks/%',
  '/tasks/%4',
  '/tasks/%C3',
  '/tasks/%E2%82',
  '/tasks/%ED%A0%80',
  '/tasks/%FF%FE',
  '/tasks/%C0%AF',
  '/tasks/abc%E2',
  '/tasks/requests/%ZZ',
  '/tasks/requests/%E2%82',
  '/tasks/requests/%F0%9F%98',
];

/** Malformed percent escapes and cut UTF-8 sequences in a path: a 4xx, never a crash. */
const percentEscapes: HostileHttpCase[] = BAD_ESCAPES.flatMap((path) =>
  METHODS.map((method) => ({
    name: `${method} ${path}`,
    kind: 'malformed percent escape',
    run: async (target: HostileTarget) => expectStatus(await target.request({ method, path, caller: 'unsigned' }), 400, 403, 404),
  })),
);

/** Request targets no URL parser makes a path of: a 4xx (Node's own 400 included) or a closed connection. */
const BAD_TARGETS = [
  'http://[',
  'http://[::1/tasks',
  'http://:99999/tasks',
  '//[/tasks',
  'http://a:b@[/tasks',
  'https://%ZZ/tasks',
  'http://[v1.x]/tasks',
  '//:0x/tasks',
  'http://256.256.256.256:-1/tasks',
  'a:b',
];
const requestTargets: HostileHttpCase[] = BAD_TARGETS.flatMap((path) =>
  (['GET', 'POST'] as const).map((method) => ({
    name: `${method} ${path}`,
    kind: 'unparseable request target',
    run: async (target: HostileTarget) =>
      expectRefusedOrClosed(
        await target.raw(`${method} ${path} HTTP/1.1\r\nHost: local\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`),
      ),
  })),
);

/** Bodies that end early or cannot be read: a 4xx or a closed connection, and the server goes on. */
const CUT_BODIES: ReadonlyArray<{ name: string; framing: string; body: string; end: ConnectionEnd }> = [
  { name: 'Content-Length beyond the body, then a half-close', framing: 'Content-Length: 100', body: '{"Name":', end: 'fin' },
  { name: 'Content-Length beyond the body, then a reset', framing: 'Content-Length: 100', body: '{"Name":', end: 'reset' },
  { name: 'a chunk cut short, then a half-close', framing: 'Transfer-Encoding: chunked', body: '20\r\n{"Name":"x"', end: 'fin' },
  { name: 'a chunk cut short, then a reset', framing: 'Transfer-Encoding: chunked', body: '20\r\n{"Name":"x"', end: 'reset' },
  { name: 'a chunk size that is not hex', framing: 'Transfer-Encoding: chunked', body: 'zz\r\n{}\r\n0\r\n\r\n', end: 'open' },
  {
    name: 'a chunk size beyond 64 bits',
    framing: 'Transfer-Encoding: chunked',
    body: 'FFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n',
    end: 'open',
  },
  { name: 'a chunk without its CRLF', framing: 'Transfer-Encoding: chunked', body: '2\r\n{}XX0\r\n\r\n', end: 'open' },
  { name: 'chunks without the last chunk, then a half-close', framing: 'Transfer-Encoding: chunked', body: '2\r\n{}\r\n', end: 'fin' },
  {
    name: 'both Content-Length and chunked',
    framing: 'Content-Length: 4\r\nTransfer-Encoding: chunked',
    body: '2\r\n{}\r\n0\r\n\r\n',
    end: 'open',
  },
  { name: 'a negative Content-Length', framing: 'Content-Length: -1', body: '{}', end: 'open' },
  { name: 'two different Content-Lengths', framing: 'Content-Length: 2\r\nContent-Length: 3', body: '{}x', end: 'open' },
];
const CUT_BODY_ROUTES = [
  ['POST', '/tasks', ''],
  ['POST', '/tasks', 'Prefer: respond-async\r\n'],
  ['PATCH', `/tasks/${UNKNOWN_CONTACT}`, ''],
  ['GET', '/tasks/requests/abc', ''],
  ['POST', '/no-such-route', ''],
] as const;
const cutBodies: HostileHttpCase[] = CUT_BODY_ROUTES.flatMap(([method, path, extra]) =>
  CUT_BODIES.map((cut) => ({
    name: `${method} ${path}${extra ? ' (async)' : ''}: ${cut.name}`,
    kind: 'body that ends early',
    run: async (target: HostileTarget) =>
      expectRefusedOrClosed(
        await target.raw(
          `${method} ${path} HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n${extra}${cut.framing}\r\nConnection: close\r\n\r\n${cut.body}`,
          cut.end,
        ),
      ),
  })),
);

/** Names that are object machinery in JavaScript. */
const MACHINERY = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Object machinery as header names: headers like any other, which no route uses. */
const headerNames: HostileHttpCase[] = MACHINERY.flatMap((name) => [
  {
    name: `POST /tasks with a ${name} header`,
    kind: 'object machinery as a header name',
    run: async (target: HostileTarget) => expectStatus(await target.request(post(TASK, [[name, 'x']])), 201),
  },
  {
    name: `GET /tasks/requests/{id} with a ${name} header`,
    kind: 'object machinery as a header name',
    run: async (target: HostileTarget) =>
      expectStatus(await target.request({ method: 'GET', path: '/tasks/requests/nothing', headers: [[name, 'x']] }), 404),
  },
]);

/** One signature, one caller: a second Authorization field is refused, whatever it holds. */
const SECOND_AUTHORIZATIONS: ReadonlyArray<readonly [string, Caller, (target: HostileTarget) => Promise<string> | string]> = [
  ["a second caller's signature", 'first', (target) => target.authorization('second', 'GET', '/tasks/requests/anything')],
  ["the same caller's signature of another request", 'first', (target) => target.authorization('first', 'GET', '/tasks')],
  ['garbage', 'first', () => 'AWS4-HMAC-SHA256 Credential=AKIAOTHER/20260101/eu-west-2/execute-api/aws4_request'],
  ['an empty value', 'second', () => ''],
  ['a Bearer token', 'second', () => 'Bearer x'],
];
const authorizations: HostileHttpCase[] = SECOND_AUTHORIZATIONS.flatMap(([what, caller, extra]) => [
  {
    name: `POST /tasks signed, with ${what} as a second Authorization`,
    kind: 'two Authorization headers',
    run: async (target: HostileTarget) =>
      expectStatus(await target.request({ ...post(TASK, [], caller), extraAuthorization: [await extra(target)] }), 403),
  },
  {
    name: `GET /tasks/requests/{id} signed, with ${what} as a second Authorization`,
    kind: 'two Authorization headers',
    run: async (target: HostileTarget) =>
      expectStatus(
        await target.request({ method: 'GET', path: '/tasks/requests/anything', caller, extraAuthorization: [await extra(target)] }),
        403,
      ),
  },
]);

/** Object machinery as keys of Attributes, References and SegmentAttributes: ordinary keys, kept end to end. */
const objectKeys: HostileHttpCase[] = MACHINERY.flatMap((key) => [
  {
    name: `Attributes key ${key}, created and read back`,
    kind: 'object machinery as a key',
    run: async (target: HostileTarget) => {
      const contactId = await createTask(target, `{"Name":"x","Attributes":{"${key}":"kept"}}`);
      const read = await target.request({ method: 'GET', path: `/tasks/${contactId}?include=attributes` });
      return (
        expectStatus(read, 200) ??
        (ownValue(bodyOf<{ Attributes: object }>(read).Attributes, key) === 'kept'
          ? undefined
          : `the attribute ${key} was not read back: ${describe(read)}`)
      );
    },
  },
  {
    name: `References key ${key}, created and read back`,
    kind: 'object machinery as a key',
    run: async (target: HostileTarget) => {
      const contactId = await createTask(target, `{"Name":"x","References":{"${key}":{"Type":"STRING","Value":"kept"}}}`);
      const read = await target.request({ method: 'GET', path: `/tasks/${contactId}` });
      return (
        expectStatus(read, 200) ??
        ((ownValue(bodyOf<{ References: object }>(read).References, key) as { Value?: string } | undefined)?.Value === 'kept'
          ? undefined
          : `the reference ${key} was not read back: ${describe(read)}`)
      );
    },
  },
  {
    name: `SegmentAttributes key ${key}, created`,
    kind: 'object machinery as a key',
    run: async (target: HostileTarget) =>
      expectStatus(await target.request(post(`{"Name":"x","SegmentAttributes":{"${key}":{"ValueString":"kept"}}}`)), 201),
  },
  {
    name: `Attributes key ${key}, added by PATCH and read back`,
    kind: 'object machinery as a key',
    run: async (target: HostileTarget) => {
      const contactId = await createTask(target);
      const patched = await target.request({
        method: 'PATCH',
        path: `/tasks/${contactId}`,
        headers: [JSON_TYPE],
        body: `{"Attributes":{"${key}":"kept"}}`,
      });
      const read = await target.request({ method: 'GET', path: `/tasks/${contactId}?include=attributes` });
      return (
        expectStatus(patched, 200) ??
        expectStatus(read, 200) ??
        (ownValue(bodyOf<{ Attributes: object }>(read).Attributes, key) === 'kept' ? undefined : `the attribute ${key} was not read back`)
      );
    },
  },
  {
    name: `References key ${key}, added by PATCH and read back`,
    kind: 'object machinery as a key',
    run: async (target: HostileTarget) => {
      const contactId = await createTask(target);
      const patched = await target.request({
        method: 'PATCH',
        path: `/tasks/${contactId}`,
        headers: [JSON_TYPE],
        body: `{"References":{"${key}":{"Type":"STRING","Value":"kept"}}}`,
      });
      return (
        expectStatus(patched, 200) ??
        ((ownValue(bodyOf<{ References: object }>(patched).References, key) as { Value?: string } | undefined)?.Value === 'kept'
          ? undefined
          : `the reference ${key} was not in the answer: ${describe(patched)}`)
      );
    },
  },
]);
const ownValue = (map: object | undefined, key: string): unknown =>
  map && Object.hasOwn(map, key) ? (map as Record<string, unknown>)[key] : undefined;

/** Several Prefer fields are one list (RFC 7240 §2): respond-async in any of them queues the request. */
const PREFER_FIELDS: ReadonlyArray<readonly string[]> = [
  ['respond-async', 'wait=5'],
  ['wait=5', 'respond-async'],
  ['handling=lenient', 'respond-async; x=y', 'wait=1'],
  ['Respond-Async'],
  ['wait=5, respond-async'],
];
const preferFields: HostileHttpCase[] = PREFER_FIELDS.map((fields) => ({
  name: `Prefer fields ${fields.map((f) => `"${f}"`).join(' + ')}`,
  kind: 'several Prefer fields',
  run: async (target: HostileTarget) =>
    expectStatus(
      await target.request(
        post(
          TASK,
          fields.map((f) => ['Prefer', f] as const),
        ),
      ),
      202,
    ),
}));

/** Keys a path cannot carry, or that are not text: refused at POST with a 400 naming the header. */
const UNUSABLE_KEYS: ReadonlyArray<readonly [string, string | Buffer]> = [
  ['.', '.'],
  ['..', '..'],
  ['an empty key', ''],
  ['501 characters', '€'.repeat(501)],
  ['bytes that are not UTF-8', Buffer.from([0x61, 0xff, 0x62])],
  ['a Latin-1 é', Buffer.from([0xe9])],
];
const unusableKeys: HostileHttpCase[] = UNUSABLE_KEYS.flatMap(([what, key]) =>
  [[], [ASYNC]].map((prefer) => ({
    name: `POST /tasks${prefer.length ? ' (async)' : ''} with Idempotency-Key ${what}`,
    kind: 'unusable Idempotency-Key',
    run: async (target: HostileTarget) => {
      return expectRefusalNaming(await target.request(post(TASK, [...prefer, ['Idempotency-Key', key]])), 'Idempotency-Key');
    },
  })),
);

/** Keys beyond ASCII, as UTF-8: counted in characters, and the same key comes back in the body, the Location and the status. */
const TEXT_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['clé accentuée', 'clé-accentuée-'],
  ['an emoji', '😀-key-'],
  ['500 € signs', '€'.repeat(500)],
  ['a slash', 'order/42-'],
  ['a percent sign and a question mark', '100%?-'],
  ['CJK', '請求-'],
];
const textKeys: HostileHttpCase[] = TEXT_KEYS.map(([what, stem]) => ({
  name: `async POST /tasks with Idempotency-Key ${what}, followed to its status`,
  kind: 'non-ASCII Idempotency-Key round trip',
  run: async (target: HostileTarget) => {
    const key = stem.length >= 500 ? stem : `${stem}${Math.random().toString(36).slice(2)}`;
    const accepted = await target.request(post(TASK, [ASYNC, ['Idempotency-Key', key]]));
    const wrong = expectStatus(accepted, 202);
    if (wrong) return wrong;
    if (bodyOf<{ requestId: string }>(accepted).requestId !== key) return `the 202 names another request id: ${describe(accepted)}`;
    const status = await settled(target, accepted);
    return (
      expectStatus(status, 200) ??
      (bodyOf<{ requestId: string }>(status).requestId === key ? undefined : `the status names another request id: ${describe(status)}`)
    );
  },
}));

/** Request ids beyond what the status table's key holds (2,048 bytes): the 404 of any unknown id. */
const LONG_IDS: ReadonlyArray<readonly [string, string]> = [
  ['2,049 ASCII bytes', 'a'.repeat(2049)],
  ['3,000 ASCII bytes', 'b'.repeat(3000)],
  ['8,000 ASCII bytes', 'c'.repeat(8000)],
  ['700 € (2,100 bytes)', '€'.repeat(700)],
  ['513 emoji (2,052 bytes)', '😀'.repeat(513)],
  ['501 characters', 'd'.repeat(501)],
];
const longIds: HostileHttpCase[] = LONG_IDS.map(([what, id]) => ({
  name: `GET /tasks/requests/{id} of ${what}`,
  kind: 'request id beyond the key limit',
  run: async (target: HostileTarget) =>
    expectStatus(await target.request({ method: 'GET', path: `/tasks/requests/${encodeURIComponent(id)}` }), 404),
}));

/** Dot segments where an id goes: never a task, never a 5xx. */
const DOT_PATHS = ['/tasks/.', '/tasks/..', '/tasks/%2E', '/tasks/%2e%2E', '/tasks/requests/.', '/tasks/requests/%2E%2E'];
const dotPaths: HostileHttpCase[] = DOT_PATHS.flatMap((path) =>
  METHODS.map((method) => ({
    name: `${method} ${path}`,
    kind: 'dot segment as an id',
    run: async (target: HostileTarget) =>
      expectStatus(
        await target.request({ method, path, ...(method === 'PATCH' && { headers: [JSON_TYPE], body: '{"Name":"x"}' }) }),
        403,
        404,
      ),
  })),
);

/** Headers a route does not use are ignored: an Idempotency-Key, even an unusable one, on the lifecycle routes. */
const UNUSED: ReadonlyArray<readonly [string, string, number, string?]> = [
  ['PATCH', 'an Idempotency-Key', 200, 'k-1'],
  ['PATCH', 'an empty Idempotency-Key', 200, ''],
  ['PATCH', 'a 600-character Idempotency-Key', 200, 'k'.repeat(600)],
  ['PATCH', 'an Idempotency-Key ..', 200, '..'],
  ['GET', 'a 600-character Idempotency-Key', 200, 'k'.repeat(600)],
  ['DELETE', 'a 600-character Idempotency-Key', 204, 'k'.repeat(600)],
];
const unusedHeaders: HostileHttpCase[] = UNUSED.map(([method, what, expected, key]) => ({
  name: `${method} /tasks/{contactId} with ${what}`,
  kind: 'headers a route does not use',
  run: async (target: HostileTarget) => {
    const contactId = await createTask(target);
    const body = method === 'PATCH' ? { headers: [JSON_TYPE] as const, body: '{"Description":"changed"}' } : {};
    return expectStatus(
      await target.request({ method, path: `/tasks/${contactId}`, ...body, headers: [...(body.headers ?? []), ['Idempotency-Key', key!]] }),
      expected,
    );
  },
}));

/** Two callers, one key: each gets its own task, and neither can see the other's request. */
const isolation: HostileHttpCase[] = [
  {
    name: 'two callers, one Idempotency-Key, different bodies, queued: two tasks, each status private',
    kind: 'caller isolation',
    run: async (target: HostileTarget) => {
      const key = `shared-${Math.random().toString(36).slice(2)}`;
      const first = await target.request(post('{"Name":"first caller"}', [ASYNC, ['Idempotency-Key', key]], 'first'));
      const second = await target.request(post('{"Name":"second caller"}', [ASYNC, ['Idempotency-Key', key]], 'second'));
      const wrong = expectStatus(first, 202) ?? expectStatus(second, 202);
      if (wrong) return wrong;
      const [a, b] = [await settled(target, first, 'first'), await settled(target, second, 'second')];
      const ids = [a, b].map((s) =>
        typeof s === 'object' && s.status === 200 ? bodyOf<{ status: string; contactId?: string }>(s) : undefined,
      );
      if (ids.some((s) => s?.status !== 'CREATED')) return `not both created: ${describe(a)} / ${describe(b)}`;
      if (ids[0]!.contactId === ids[1]!.contactId) return 'both callers got the same task';
      // Each caller's Location names the same id: each must find only its own request there.
      const path = new URL(header(first, 'location')!, target.baseUrl).pathname;
      const crossed = await target.request({ method: 'GET', path, caller: 'second' });
      return typeof crossed === 'object' && crossed.status === 200 && bodyOf<{ contactId: string }>(crossed).contactId === ids[0]!.contactId
        ? "the second caller read the first caller's status"
        : undefined;
    },
  },
  ...(
    [
      ['different bodies', '{"Name":"first caller"}', '{"Name":"second caller"}'],
      ['the same body', TASK, TASK],
    ] as const
  ).map(([bodies, firstBody, secondBody]) => ({
    name: `two callers, one Idempotency-Key, ${bodies}, synchronous: two tasks`,
    kind: 'caller isolation',
    run: async (target: HostileTarget) => {
      const key = `shared-${Math.random().toString(36).slice(2)}`;
      const first = await target.request(post(firstBody, [['Idempotency-Key', key]], 'first'));
      const second = await target.request(post(secondBody, [['Idempotency-Key', key]], 'second'));
      const wrong = expectStatus(first, 201) ?? expectStatus(second, 201);
      if (wrong) return wrong;
      return bodyOf<{ ContactId: string }>(first).ContactId === bodyOf<{ ContactId: string }>(second).ContactId
        ? 'both callers got the same task'
        : undefined;
    },
  })),
  {
    name: 'one caller, one key, sync then queued: the same task',
    kind: 'caller isolation',
    run: async (target: HostileTarget) => {
      const key = `own-${Math.random().toString(36).slice(2)}`;
      const sync = await target.request(post(TASK, [['Idempotency-Key', key]]));
      const queued = await settled(target, await target.request(post(TASK, [ASYNC, ['Idempotency-Key', key]])));
      const wrong = expectStatus(sync, 201) ?? expectStatus(queued, 200);
      if (wrong) return wrong;
      return bodyOf<{ ContactId: string }>(sync).ContactId === bodyOf<{ contactId: string }>(queued).contactId
        ? undefined
        : 'the queued retry created a second task';
    },
  },
];

/** A 202's Location resolves against the base URL `npm start` printed. */
const locations: HostileHttpCase[] = [
  {
    name: 'the Location of a 202, resolved against the printed base URL, gives the status',
    kind: 'Location of a 202',
    run: async (target: HostileTarget) => {
      const accepted = await target.request(post(TASK, [ASYNC]));
      const wrong = expectStatus(accepted, 202);
      if (wrong) return wrong;
      const location = header(accepted, 'location')!;
      const status = await target.request({ method: 'GET', path: new URL(location, `${target.baseUrl}/`).pathname });
      return expectStatus(status, 200);
    },
  },
];

/** The whole corpus, in the order it is sent. */
export const HOSTILE_HTTP_CORPUS: readonly HostileHttpCase[] = [
  ...percentEscapes,
  ...requestTargets,
  ...cutBodies,
  ...headerNames,
  ...authorizations,
  ...objectKeys,
  ...preferFields,
  ...unusableKeys,
  ...textKeys,
  ...longIds,
  ...dotPaths,
  ...unusedHeaders,
  ...isolation,
  ...locations,
];
