import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { readSeed } from '../emulator/state';
import { parseInstanceArn } from '../lib/contract';
import { LOCAL_CREDENTIALS, LOCAL_SECOND_CALLER_CREDENTIALS, type LocalCredentials } from '../local/sigv4-verifier';

/** An HTTP answer as it came off the wire. */
export interface RawAnswer {
  readonly status: number;
  /** Header names in lower case, every value of each. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: string;
}

/** What became of a request: an answer, a connection closed without one, or neither in time. */
export type Exchange = RawAnswer | 'closed' | 'timeout';

/** How a raw request's connection ends once its bytes are written. */
export type ConnectionEnd = 'fin' | 'reset' | 'open';

/** Who signs a request: one of the two callers `npm start -- --auth iam` knows, or nobody. */
export type Caller = 'first' | 'second' | 'unsigned';

const CALLERS: Record<Exclude<Caller, 'unsigned'>, LocalCredentials> = {
  first: LOCAL_CREDENTIALS,
  second: LOCAL_SECOND_CALLER_CREDENTIALS,
};

/** A well-formed request: signed by `caller` over its method, path and body; `headers` are sent unsigned, as given. */
export interface HostileRequestSpec {
  readonly method: string;
  /** The request target as written on the request line, e.g. `/tasks/abc?include=attributes`. */
  readonly path: string;
  /** Values are written as UTF-8; bytes as they are. */
  readonly headers?: ReadonlyArray<readonly [string, string | Buffer]>;
  readonly body?: string;
  /** @default 'first' */
  readonly caller?: Caller;
  /** Extra Authorization headers, after the signature's own. */
  readonly extraAuthorization?: readonly string[];
}

/** The endpoint under test and ways to talk to it. */
export interface HostileTarget {
  /** The base URL `npm start` printed, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** Writes `bytes` as they are on a new connection, ends it as told, and reads what comes back. */
  raw(bytes: Buffer | string, end?: ConnectionEnd): Promise<Exchange>;
  /** Sends a well-formed request. */
  request(spec: HostileRequestSpec): Promise<Exchange>;
  /** The Authorization value `caller` signs a request with, to send along another request. */
  authorization(caller: Exclude<Caller, 'unsigned'>, method: string, path: string): Promise<string>;
}

/** One request (or a short exchange) of the corpus: what it is, its class, and how it is judged. */
export interface HostileHttpCase {
  readonly name: string;
  readonly kind: string;
  /** Sends the case and returns what went wrong, or undefined when the endpoint behaved. */
  run(target: HostileTarget): Promise<string | undefined>;
}

export interface HostileHttpOutcome {
  readonly name: string;
  readonly kind: string;
  /** Undefined when the endpoint behaved. */
  readonly problem?: string;
}

export interface HostileHttpResults {
  readonly outcomes: readonly HostileHttpOutcome[];
  /** Requests written, the endpoint's liveness probes not counted. */
  readonly requests: number;
  /** How often the endpoint died and was started again. */
  readonly restarts: number;
}

const ROOT = join(__dirname, '..');
const STARTUP_MS = 120_000;
const ANSWER_MS = 15_000;
const REGION = parseInstanceArn(readSeed().instances[0].arn)!.region;

/** `npm start` with the given flags, as a user runs it, on a free port. */
class LocalEndpointProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(flags: readonly string[]): Promise<LocalEndpointProcess> {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, ['local/start.ts', '--port', '0', ...flags], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    const deadline = Date.now() + STARTUP_MS;
    while (!/Task API: POST (http:\/\/127\.0\.0\.1:\d+)\/tasks/.test(output) || !output.includes('Press Ctrl-C')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
      await sleep(100);
    }
    return new LocalEndpointProcess(child, /Task API: POST (http:\/\/127\.0\.0\.1:\d+)\/tasks/.exec(output)![1]);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    await once(this.child, 'exit');
  }
}

/**
 * `npm start` with `flags` (e.g. `--async --auth iam`), and the cases sent to it one at a time.
 * After each, the endpoint must still answer a request; one that died is counted against the
 * case and started again for the next.
 */
export class HostileHttpRun {
  private constructor(
    private endpoint: LocalEndpointProcess,
    private readonly flags: readonly string[],
    private readonly progress: (line: string) => void,
  ) {}

  static async start(flags: readonly string[], progress: (line: string) => void = () => undefined): Promise<HostileHttpRun> {
    return new HostileHttpRun(await LocalEndpointProcess.start(flags), flags, progress);
  }

  async run(cases: readonly HostileHttpCase[]): Promise<HostileHttpResults> {
    let requests = 0;
    let restarts = 0;
    const outcomes: HostileHttpOutcome[] = [];
    for (const c of cases) {
      const target = hostileTarget(this.endpoint.baseUrl, () => requests++);
      let problem: string | undefined;
      try {
        problem = await c.run(target);
      } catch (error) {
        problem = `the case could not run: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (!(await answers(this.endpoint))) {
        problem = `${problem ? `${problem}; ` : ''}the endpoint stopped answering`;
        await this.endpoint.stop().catch(() => undefined);
        this.endpoint = await LocalEndpointProcess.start(this.flags);
        restarts++;
      }
      if (problem) this.progress(`misbehaved: [${c.kind}] ${c.name}: ${problem}`);
      outcomes.push({ name: c.name, kind: c.kind, ...(problem && { problem }) });
    }
    return { outcomes, requests, restarts };
  }

  close(): Promise<void> {
    return this.endpoint.stop();
  }
}

/** Runs `cases` against a fresh `npm start` with `flags`; see HostileHttpRun. */
export async function runHostileHttpCorpus(
  cases: readonly HostileHttpCase[],
  flags: readonly string[],
  progress?: (line: string) => void,
): Promise<HostileHttpResults> {
  const run = await HostileHttpRun.start(flags, progress);
  try {
    return await run.run(cases);
  } finally {
    await run.close();
  }
}

/** Whether the endpoint still answers: a method `/tasks` has no route for gets the gateway's 403. */
async function answers(endpoint: LocalEndpointProcess): Promise<boolean> {
  await sleep(50); // a crash after the answer takes a moment to end the process
  if (!endpoint.alive) return false;
  const probe = await rawExchange(endpoint.baseUrl, 'GET /tasks HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n', 'open');
  return typeof probe === 'object' && probe.status === 403 && endpoint.alive;
}

export function hostileTarget(baseUrl: string, counted: () => void = () => undefined): HostileTarget {
  const raw = (bytes: Buffer | string, end: ConnectionEnd = 'open') => {
    counted();
    return rawExchange(baseUrl, bytes, end);
  };
  return {
    baseUrl,
    raw,
    request: async (spec) => raw(await requestBytes(baseUrl, spec)),
    authorization: async (caller, method, path) =>
      String((await signature(CALLERS[caller], new URL(baseUrl).host, method, path, '')).authorization),
  };
}

/** The bytes of a well-formed HTTP/1.1 request: signed headers first, then the spec's own, then the body. */
async function requestBytes(baseUrl: string, spec: HostileRequestSpec): Promise<Buffer> {
  const { host } = new URL(baseUrl);
  const body = spec.body ?? '';
  const signed =
    spec.caller === 'unsigned' ? { host } : await signature(CALLERS[spec.caller ?? 'first'], host, spec.method, spec.path, body);
  const headers: Array<readonly [string, string | Buffer]> = [
    ...Object.entries(signed),
    ...(spec.extraAuthorization ?? []).map((value) => ['Authorization', value] as const),
    ...(spec.headers ?? []),
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Connection', 'close'],
  ];
  return Buffer.concat([
    Buffer.from(`${spec.method} ${spec.path} HTTP/1.1\r\n`, 'utf8'),
    ...headers.flatMap(([name, value]) => [Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n')]),
    Buffer.from('\r\n'),
    Buffer.from(body, 'utf8'),
  ]);
}

/** SigV4 headers for service execute-api, as the AWS SDK signs a request. */
async function signature(credentials: LocalCredentials, host: string, method: string, target: string, body: string) {
  const url = new URL(target, `http://${host}`);
  const query: Record<string, string> = Object.fromEntries(url.searchParams);
  const signer = new SignatureV4({ service: 'execute-api', region: REGION, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    path: url.pathname,
    query,
    headers: { host },
    body,
  });
  return signed.headers;
}

/** Writes `bytes` on a new connection and reads until the server closes it (every request asks it to), or the time is up. */
async function rawExchange(baseUrl: string, bytes: Buffer | string, end: ConnectionEnd): Promise<Exchange> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  try {
    await once(socket, 'connect');
  } catch {
    return 'closed';
  }
  socket.write(bytes);
  if (end === 'fin') socket.end();
  if (end === 'reset') {
    socket.resetAndDestroy();
    return 'closed';
  }
  // Not events.once: it rejects on the 'error' (a reset) that comes before the close.
  const closed = new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)));
  const inTime = await Promise.race([closed, sleep(ANSWER_MS, false, { ref: false })]);
  socket.destroy();
  const received = Buffer.concat(chunks);
  if (received.length === 0) return inTime ? 'closed' : 'timeout';
  return parseAnswer(received) ?? (inTime ? 'closed' : 'timeout');
}

/** The first answer in `bytes`: status line, headers and a Content-Length or chunked body. */
function parseAnswer(bytes: Buffer): RawAnswer | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (!status) return undefined;
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    (headers[line.slice(0, colon).trim().toLowerCase()] ??= []).push(line.slice(colon + 1).trim());
  }
  let rest = bytes.subarray(headEnd + 4);
  if (headers['transfer-encoding']?.[0] === 'chunked') {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      const size = lineEnd < 0 ? 0 : parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
      if (!size) break;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    rest = Buffer.concat(parts);
  } else if (headers['content-length']) {
    rest = rest.subarray(0, Number(headers['content-length'][0]));
  }
  return { status: Number(status), headers, body: rest.toString('utf8') };
}
