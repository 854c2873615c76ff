import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { START_TASK_ENV } from '../../lib/contract';
import { LOCAL_CREDENTIALS, type LocalIam } from '../../local/sigv4-verifier';
import { codeBlock } from '../docs/code-blocks';
import { INSTANCE } from '../emulator/fixtures';
import { type LocalStack, startLocalStack } from './harness';

const ROOT = join(__dirname, '..', '..');
const IAM: LocalIam = { region: 'eu-west-2', credentials: LOCAL_CREDENTIALS };
const BODY = JSON.stringify({ Name: 'Call back customer 42', ContactFlowId: INSTANCE.flowId });

/** A SigV4 example of the HTTP API's documentation. */
const httpApiExample = (name: string) => codeBlock('docs/http-api.md', name);

/**
 * Runs a command with the local credentials in its environment, as a caller's shell would have
 * them. Asynchronously: the endpoint it calls runs in this process.
 */
function run(
  command: string,
  args: string[],
  url: string,
  install: string,
  env: Record<string, string> = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TASKS_URL: url,
        AWS_REGION: IAM.region,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: LOCAL_CREDENTIALS.sessionToken,
        // Never a profile or config file of the machine's user.
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => reject(new Error(`${command} could not run (${error.message}); ${install}`)));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

describe('the local endpoint with IAM authorization checks SigV4 signatures as API Gateway does', () => {
  let stack: LocalStack;
  let url: string;
  beforeAll(async () => {
    // The documented examples name no target: the endpoint routes them to its default flow.
    stack = await startLocalStack({
      // Many requests in a row: Connect's quota is not what this test is about.
      emulator: { throttle: 'off' },
      iam: IAM,
      handlerEnv: { [START_TASK_ENV.defaultTarget]: JSON.stringify({ ContactFlowId: INSTANCE.flowId }) },
    });
    url = `${stack.endpoint.url}/tasks`;
  });
  afterAll(() => stack.close());

  const startCalls = () => stack.emulator.state.requests.get('StartTaskContact') ?? 0;

  /** Signs a POST of `body` as the SDK does, with changes to the signer's inputs. */
  async function signed(
    body = BODY,
    { credentials = LOCAL_CREDENTIALS, region = IAM.region, service = 'execute-api', signingDate = new Date() } = {},
  ): Promise<Record<string, string>> {
    const target = new URL(url);
    const signer = new SignatureV4({ service, region, credentials, sha256: Sha256 });
    const request = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: target.hostname,
        port: Number(target.port),
        path: target.pathname,
        headers: { host: target.host, 'content-type': 'application/json' },
        body,
      },
      { signingDate },
    );
    return request.headers;
  }

  /** Signs a request without a body to `path` (from the API's root) with `query`, as the SDK does. */
  async function signedWithoutBody(method: string, path: string, query: Record<string, string> = {}): Promise<Record<string, string>> {
    const target = new URL(stack.endpoint.url);
    const signer = new SignatureV4({ service: 'execute-api', region: IAM.region, credentials: LOCAL_CREDENTIALS, sha256: Sha256 });
    const request = await signer.sign({
      method,
      protocol: 'http:',
      hostname: target.hostname,
      port: Number(target.port),
      path,
      query,
      headers: { host: target.host },
    });
    return request.headers;
  }

  async function post(headers: Record<string, string>, body = BODY) {
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, body: await response.json() };
  }

  test('a request signed with the local credentials reaches the handler: 201', async () => {
    // GIVEN / WHEN
    const response = await post(await signed());
    // THEN
    expect(response).toMatchObject({ status: 201, body: { ContactId: expect.any(String) as unknown } });
  });

  test('the lifecycle routes are signed the same way, the query string included', async () => {
    // GIVEN a task
    const created = await post(await signed());
    const path = `/tasks/${(created.body as { ContactId: string }).ContactId}`;
    const readHeaders = await signedWithoutBody('GET', path, { include: 'attributes' });
    // WHEN it is read with its signature, with that signature on another query, and cancelled
    const read = await fetch(`${stack.endpoint.url}${path}?include=attributes`, { headers: readHeaders });
    const otherQuery = await fetch(`${stack.endpoint.url}${path}`, { headers: readHeaders });
    const cancelled = await fetch(`${stack.endpoint.url}${path}`, { method: 'DELETE', headers: await signedWithoutBody('DELETE', path) });
    // THEN
    expect([read.status, otherQuery.status, cancelled.status]).toEqual([200, 403, 204]);
  });

  test('an unsigned request: 403 MissingAuthenticationToken, and Connect is never called', async () => {
    // GIVEN
    const calls = startCalls();
    // WHEN
    const response = await post({ 'content-type': 'application/json' });
    // THEN
    expect(response).toMatchObject({
      status: 403,
      body: {
        error: { code: 'MissingAuthenticationToken', message: 'Missing Authentication Token' },
        requestId: expect.any(String) as unknown,
      },
    });
    expect(startCalls()).toBe(calls);
  });

  test.each<[string, () => Promise<Record<string, string>>, RegExp]>([
    [
      'a wrong secret key',
      () => signed(BODY, { credentials: { ...LOCAL_CREDENTIALS, secretAccessKey: 'guessed' } }),
      /signature we calculated does not match/,
    ],
    [
      'an unknown access key',
      () => signed(BODY, { credentials: { ...LOCAL_CREDENTIALS, accessKeyId: 'AKIAOTHER' } }),
      /security token included in the request is invalid/,
    ],
    [
      'no session token',
      () => signed(BODY, { credentials: { ...LOCAL_CREDENTIALS, sessionToken: '' } }),
      /security token included in the request is invalid/,
    ],
    ['another service', () => signed(BODY, { service: 'lambda' }), /scoped to correct service: 'execute-api'/],
    ['another region', () => signed(BODY, { region: 'us-east-1' }), /scoped to a valid region, not 'us-east-1'/],
    ['a signature ten minutes old', () => signed(BODY, { signingDate: new Date(Date.now() - 10 * 60_000) }), /Signature expired/],
    [
      'a body other than the one signed',
      () => signed(JSON.stringify({ Name: 'Another task', ContactFlowId: INSTANCE.flowId })),
      /does not match/,
    ],
  ])('%s: 403 InvalidSignature', async (_, sign, message) => {
    // GIVEN
    const headers = await sign();
    const calls = startCalls();
    // WHEN
    const response = await post(headers);
    // THEN
    expect(response).toMatchObject({
      status: 403,
      body: { error: { code: 'InvalidSignature', message: expect.stringMatching(message) as unknown } },
    });
    expect(startCalls()).toBe(calls);
  });

  describe("the HTTP API's examples create a task", () => {
    const snippets = join(ROOT, '.local');
    let dir: string;
    beforeAll(() => {
      mkdirSync(snippets, { recursive: true });
      // Inside the checkout, so the Node.js example resolves its packages from node_modules.
      dir = mkdtempSync(join(snippets, 'sigv4-examples-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('Python, botocore', async () => {
      // GIVEN the example and botocore
      const botocore = await run('python3', ['-c', 'import botocore'], url, 'install Python 3');
      if (botocore.status !== 0) throw new Error('botocore is missing: run "python3 -m pip install -r requirements-dev.txt"');
      const file = join(dir, 'create_task.py');
      writeFileSync(file, httpApiExample('sigv4-python'));
      // WHEN
      const result = await run('python3', [file], url, 'install Python 3');
      // THEN
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^201 \{"ContactId":"[0-9a-f-]+"\}\n$/);
    });

    test('Node.js, the SDK signer', async () => {
      // GIVEN
      const file = join(dir, 'create-task.mjs');
      writeFileSync(file, httpApiExample('sigv4-node'));
      // WHEN
      const result = await run(process.execPath, [file], url, 'install Node.js 20');
      // THEN
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^201 \{"ContactId":"[0-9a-f-]+"\}\n$/);
    });

    test('curl --aws-sigv4', async () => {
      // GIVEN / WHEN
      const result = await run('bash', ['-c', httpApiExample('sigv4-curl')], url, 'install curl 7.75 or newer');
      // THEN
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^\{"ContactId":"[0-9a-f-]+"\} 201\n$/);
    });
  });

  test("the task lifecycle's curls read the task, reschedule it two days ahead and cancel it", async () => {
    // GIVEN a task scheduled an hour ahead, and the documented PATCH body and curls, signed as documented
    const body = JSON.stringify({ Name: 'Call back customer 42', ScheduledTime: new Date(Date.now() + 3_600_000).toISOString() });
    const created = await post(await signed(body), body);
    const contactId = (created.body as { ContactId: string }).ContactId;
    const script = codeBlock('docs/task-lifecycle.md', 'patch-body') + codeBlock('docs/task-lifecycle.md', 'lifecycle-curls');
    // WHEN a shell runs them with TASK_URL naming the task
    const result = await run('bash', ['-c', script], url, 'install curl 7.75 or newer', { TASK_URL: `${url}/${contactId}` });
    // THEN each call succeeds: the task read with its attributes, moved two days ahead with its new description, cancelled
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [read, patched] = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(read).toMatchObject({ ContactId: contactId, State: 'SCHEDULED', Attributes: {} });
    expect(patched).toMatchObject({ ContactId: contactId, Description: 'Customer asked for a call in two days' });
    const movedBy = Date.parse(patched.ScheduledTimestamp as string) - Date.now();
    expect(movedBy).toBeGreaterThan(47 * 3_600_000);
    expect(movedBy).toBeLessThanOrEqual(48 * 3_600_000);
    const contact = stack.emulator.state.contacts.get(contactId)!;
    expect(contact.Attributes).toEqual({ callback: 'later' });
    expect(contact.DisconnectTimestamp).toBeInstanceOf(Date);
  });
});
