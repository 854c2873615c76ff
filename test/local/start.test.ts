import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@jest/globals';
import { readSeed } from '../../emulator';
import { requireTool } from '../../local/required-tool';
import { codeBlock } from '../docs/code-blocks';

/**
 * `npm start` as a new user meets it: the curl it prints works as printed, and however it is
 * stopped (Ctrl-C, SIGTERM, a closed terminal, npm killed outright) its server frees the port.
 */
const ROOT = join(__dirname, '..', '..');
const STARTUP_MS = 60_000;

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly curl: string;
  /** The curls printed for the lifecycle routes, with `<ContactId>` where the id goes. */
  readonly lifecycleCurls: string;
}

/** Starts the local endpoint on free ports and waits for its instructions. */
async function start(command: string, args: string[]): Promise<Running> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + STARTUP_MS;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
    await sleep(100);
  }
  const port = Number(/Task API: POST http:\/\/127\.0\.0\.1:(\d+)\/tasks/.exec(output)![1]);
  const curl = output.slice(output.indexOf('curl '), output.indexOf('Press Ctrl-C')).trim();
  const lifecycle = output.slice(output.indexOf('With the ContactId'), output.indexOf('Press Ctrl-C'));
  return { child, port, curl, lifecycleCurls: lifecycle.slice(lifecycle.indexOf('curl ')).trim() };
}

/** Whether something still accepts connections on the port. */
async function listening(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

async function expectPortFreed(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await listening(port)) && Date.now() < deadline) await sleep(100);
  expect(await listening(port)).toBe(false);
}

const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
const startArgs = ['local/start.ts', '--port', '0'];

/** Runs a curl command line as a shell would, and returns what it printed. */
const runCurl = (command: string) => spawnSync('bash', ['-c', command], { encoding: 'utf8' }).stdout;

/** The curl of the local endpoint's documentation, for the port the endpoint came up on. */
const documentedCurl = (port: number) => codeBlock('docs/local-endpoint.md', 'local-curl').replace('127.0.0.1:3000', `127.0.0.1:${port}`);

test('the printed curl and the documented one work as they stand: 201 through the seeded default target', async () => {
  requireTool('curl', 'install curl 7.75 or newer (e.g. `apt-get install curl`)');
  // GIVEN the local endpoint started as `npm start` does, and the curl it printed, which names no target
  const running = await start(tsx, startArgs);
  try {
    expect(running.curl).not.toMatch(/ContactFlowId|TaskTemplateId|QuickConnectId/);
    for (const curl of [running.curl, documentedCurl(running.port)]) {
      // WHEN the printed curl, and the documented one, are run as a shell runs them
      const printed = runCurl(curl);
      // THEN each creates a task: a 201 with its ContactId
      expect(printed).toMatch(/^HTTP\/1\.1 201/);
      expect(printed).toMatch(/"ContactId":"[0-9a-f-]{36}"/);
    }
  } finally {
    running.child.kill('SIGINT');
  }
  // AND once stopped with Ctrl-C, the port is free
  await expectPortFreed(running.port);
});

test('the printed lifecycle curls do what they are introduced as: read the task, change its description, cancel it', async () => {
  requireTool('curl', 'install curl 7.75 or newer (e.g. `apt-get install curl`)');
  // GIVEN a task created with the printed POST
  const running = await start(tsx, startArgs);
  try {
    const [, contactId] = /"ContactId":"([0-9a-f-]{36})"/.exec(runCurl(running.curl))!;
    // WHEN the printed GET, PATCH and DELETE run with its ContactId
    const printed = runCurl(running.lifecycleCurls.replaceAll('<ContactId>', contactId));
    // THEN the task is read, its description changed, and it is cancelled
    const answers = printed.split(/(?=HTTP\/1\.1 \d{3} )/);
    expect(answers.map((answer) => answer.slice(0, 12))).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 204']);
    expect(running.lifecycleCurls).toMatch(/-X PATCH .*\n.*"Description":"([^"]+)"/);
    const [, description] = /"Description":"([^"]+)"/.exec(running.lifecycleCurls)!;
    expect(answers[1]).toContain(`"Description":"${description}"`);
  } finally {
    running.child.kill('SIGINT');
  }
  await expectPortFreed(running.port);
});

test('requests naming the seeded template with fields are checked against it: 201 when they fit, 400 naming each field when not', async () => {
  // GIVEN the local endpoint, which checks requests against the seed's "Account callback" template
  // (Account a required TEXT field, Priority a single select of low and high, Ticket a URL)
  const running = await start(tsx, [...startArgs, '--throttle', 'off']);
  const [template] = readSeed().instances[0].taskTemplates.filter((t) => t.fields);
  const post = async (references: Record<string, { Type: string; Value: string }>) => {
    const response = await fetch(`http://127.0.0.1:${running.port}/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Name: 'Call back', TaskTemplateId: template.id, References: references }),
    });
    return { status: response.status, body: (await response.json()) as { ContactId?: string; error?: { details?: unknown[] } } };
  };
  const account = { Type: 'STRING', Value: '42' };
  try {
    // WHEN a request fills in the required field and picks an offered option / THEN the task is created
    const created = await post({ Account: account, Priority: { Type: 'STRING', Value: 'high' } });
    expect(created.status).toBe(201);
    // WHEN requests leave out the required field, overrun TEXT's limit, name no field, or pick no option
    const refused = await Promise.all([
      post({ Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1' } }),
      post({ Account: { Type: 'STRING', Value: 'x'.repeat(512) } }),
      post({ Account: account, Notes: { Type: 'STRING', Value: 'call after 5' } }),
      post({ Account: account, Priority: { Type: 'STRING', Value: 'urgent' } }),
    ]);
    // THEN each is a 400 naming the field and why, without quoting the value
    expect(refused.map((r) => [r.status, r.body.error?.details])).toEqual([
      [400, [{ path: '/References/Account', message: 'is required by the task template: send a STRING reference for its TEXT field' }]],
      [400, [{ path: '/References/Account/Value', message: 'must be at most 511 characters for a TEXT field' }]],
      [
        400,
        [{ path: '/References/Notes', message: 'the task template has no field of this name; its fields are Account, Priority, Ticket' }],
      ],
      [400, [{ path: '/References/Priority/Value', message: "must be one of the field's options (low, high)" }]],
    ]);
    // AND PATCH judges the references it changes against the template the task was created from
    const patched = await fetch(`http://127.0.0.1:${running.port}/tasks/${created.body.ContactId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ References: { Priority: { Type: 'STRING', Value: 'urgent' } } }),
    });
    expect(patched.status).toBe(400);
    expect(await patched.text()).toContain('/References/Priority/Value');
  } finally {
    running.child.kill('SIGINT');
  }
  await expectPortFreed(running.port);
});

test.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s stops the server and frees the port', async (signal) => {
  // GIVEN the local endpoint, listening
  const running = await start(tsx, startArgs);
  expect(await listening(running.port)).toBe(true);
  // WHEN its process gets the signal
  running.child.kill(signal);
  // THEN the port is freed
  await expectPortFreed(running.port);
});

test('npm killed outright (SIGKILL) stops the server its script started', async () => {
  // GIVEN the local endpoint started through `npm start`, listening
  const running = await start('npm', ['start', '--', ...startArgs.slice(1)]);
  expect(await listening(running.port)).toBe(true);
  // WHEN npm is killed outright
  running.child.kill('SIGKILL');
  // THEN the server it started goes too, freeing the port
  await expectPortFreed(running.port);
});
