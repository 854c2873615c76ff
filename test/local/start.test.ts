import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@jest/globals';
import { readSeed } from '../../emulator';
import { requireTool } from '../../local/required-tool';
import { codeBlock } from '../docs/code-blocks';

/**
 * `npm start` as a new user meets it: the curls it prints work as printed, in bash and in a shell
 * that refuses unmatched globs as zsh does; it says how to get help and what to do about a taken
 * port; its output is instructions and single-line JSON log lines, without repeated notices; and
 * however it is stopped (Ctrl-C, SIGTERM, a closed terminal, npm killed outright) its server frees
 * the port and its temporary folders are gone.
 */
const ROOT = join(__dirname, '..', '..');
const STARTUP_MS = 60_000;
/** With --async it also starts ElasticMQ (a JVM) and moto, which its first run installs with pip. */
const ASYNC_STARTUP_MS = 180_000;

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  /** The curl printed to create a task. */
  readonly curl: string;
  /** Everything printed so far, on stdout and stderr. */
  output(): string;
  /** The curls printed once task `contactId` was created, waited for. */
  lifecycleCurls(contactId: string): Promise<string>;
  /** The curls printed after those, that play the agent who accepts and completes the task. */
  agentCurls(contactId: string): Promise<string[]>;
}

/** Waits until `ready` holds, failing with the output when it does not within the deadline or the process ends. */
async function waitFor(child: ChildProcess, output: () => string, ready: () => boolean, timeoutMs = STARTUP_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not print what was expected:\n${output()}`);
    await sleep(100);
  }
}

/** Starts the local endpoint on free ports and waits for its instructions. */
async function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, startupMs = STARTUP_MS): Promise<Running> {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const output = () => text;
  await waitFor(child, output, () => text.includes('Press Ctrl-C to stop.'), startupMs);
  const port = Number(/Task API: POST http:\/\/127\.0\.0\.1:(\d+)\/tasks/.exec(text)![1]);
  const curl = text.slice(text.indexOf('curl '), text.indexOf('After each 201')).trim();
  const lifecycleCurls = async (contactId: string) => {
    // The heading, a blank line, then the curls (a long one goes on with its body on a second line), the DELETE last.
    const section = new RegExp(
      `Task ${contactId} created\\.[^\\n]*\\n\\n((?: {2}curl [^\\n]*\\n(?: {4}-d [^\\n]*\\n)?)*? {2}curl -sS -i -X DELETE [^\\n]*\\n)`,
    );
    await waitFor(child, output, () => section.test(text), 10_000);
    return section.exec(text)![1].trim();
  };
  const agentCurls = async (contactId: string) => {
    const section = new RegExp(`Task ${contactId} created\\.[\\s\\S]*?Or play the agent[^\\n]*\\n\\n((?: {2}curl [^\\n]*\\n)+)`);
    await waitFor(child, output, () => section.test(text), 10_000);
    return section.exec(text)![1].trim().split(/\n\s*/);
  };
  return { child, port, curl, output, lifecycleCurls, agentCurls };
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

/**
 * Runs a curl command line as a shell would, and returns what it printed. `failglob` makes bash
 * refuse a glob that matches nothing, as zsh does by default: an unquoted `?` in a URL fails.
 */
const runCurl = (command: string) => spawnSync('bash', ['-O', 'failglob', '-c', command], { encoding: 'utf8' }).stdout;

/** The curl of the local endpoint's documentation, for the port the endpoint came up on. */
const documentedCurl = (port: number) => codeBlock('docs/local-endpoint.md', 'local-curl').replace('127.0.0.1:3000', `127.0.0.1:${port}`);

/**
 * Starts the local endpoint as `npm start` does and creates a task with the curl it printed, runs
 * `use` with its ContactId, then stops it with Ctrl-C and waits for its port to be freed.
 */
async function withPrintedTask(use: (running: Running, contactId: string) => Promise<void>): Promise<void> {
  requireTool('curl', 'install curl 7.75 or newer (e.g. `apt-get install curl`)');
  const running = await start(tsx, startArgs);
  try {
    const [, contactId] = /"ContactId":"([0-9a-f-]{36})"/.exec(runCurl(running.curl))!;
    await use(running, contactId);
  } finally {
    running.child.kill('SIGINT');
  }
  await expectPortFreed(running.port);
}

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

test('after a 201, the printed lifecycle curls of that task read it, change its description and cancel it', () =>
  withPrintedTask(async (running, contactId) => {
    // GIVEN a task created with the printed POST
    // WHEN the curls printed for it run as printed
    const curls = await running.lifecycleCurls(contactId);
    const printed = runCurl(curls);
    // THEN they name that task, and it is read, its description changed, and it is cancelled
    expect(curls.match(/^ *curl /gm)).toHaveLength(3);
    expect(
      curls
        .split('\n')
        .filter((line) => line.includes('curl '))
        .every((line) => line.includes(contactId)),
    ).toBe(true);
    const answers = printed.split(/(?=HTTP\/1\.1 \d{3} )/);
    expect(answers.map((answer) => answer.slice(0, 12))).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 204']);
    const [, description] = /"Description":"([^"]+)"/.exec(curls)!;
    expect(answers[1]).toContain(`"Description":"${description}"`);
  }));

test('after a 201, the printed agent curls of that task have an agent accept it, then complete it', () =>
  withPrintedTask(async (running, contactId) => {
    // GIVEN a task created with the printed POST, and the curls that read it
    const [read] = (await running.lifecycleCurls(contactId)).split('\n');
    const state = () => /"State":"(\w+)"/.exec(runCurl(read))?.[1];
    // WHEN the agent curls printed for it run as printed, one after the other
    const [accept, complete] = await running.agentCurls(contactId);
    expect([accept, complete].every((curl) => curl.includes(contactId))).toBe(true);
    runCurl(accept);
    const accepted = state();
    runCurl(complete);
    // THEN an agent has the task, then it has ended
    expect([accepted, state()]).toEqual(['CONNECTED', 'ENDED']);
  }));

test("what it prints after the instructions are single-line JSON log lines, and the SDK's Node.js notice comes at most once", () =>
  withPrintedTask(async (running, contactId) => {
    // GIVEN the local endpoint, every route's handler loaded in a worker of its own, and a task created with the printed POST
    // WHEN the task is read, changed and cancelled, and a bad body is refused
    runCurl(await running.lifecycleCurls(contactId));
    runCurl(running.curl.replace('Call back customer 42', ''));
    await sleep(500);
    // THEN every line it printed after the instructions, but the curls for the new task, is one JSON object
    const after = running.output().slice(running.output().indexOf('Press Ctrl-C to stop.')).split('\n').slice(1);
    const curlsOfTheTask = (line: string) =>
      line === '' ||
      line.startsWith(`Task ${contactId} created.`) ||
      line.startsWith('Or play the agent') ||
      /^ {2}(curl| {2}-d) /.test(line);
    const logLines = after.filter((line) => !curlsOfTheTask(line));
    expect(logLines.filter((line) => !/^\{.*\}$/.test(line))).toEqual([]);
    const parsed = logLines.map((line) => JSON.parse(line) as { level?: string; message?: { outcome?: string } });
    // AND the handlers' lines are Lambda's JSON log format: a level, and the logged object under message
    expect(parsed.filter((line) => line.level).map((line) => `${line.level} ${line.message?.outcome}`)).toEqual([
      'INFO created',
      'INFO read',
      'INFO updated',
      'INFO cancelled',
      'WARN rejected',
    ]);
    // AND the AWS SDK's notice about the Node.js version was printed at most once, however many handlers loaded it
    expect(running.output().split('NodeVersionSupportWarning').length - 1).toBeLessThanOrEqual(1);
  }));

test('npm start -- --help lists every option and starts nothing', () => {
  // GIVEN / WHEN npm start is asked for help
  const help = spawnSync('npm', ['start', '--silent', '--', '--help'], { cwd: ROOT, encoding: 'utf8' });
  // THEN it prints the usage and exits at once, having started no emulator or endpoint
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage: npm start -- \[options\]/);
  expect(help.stdout).not.toMatch(/Connect emulator:|Task API:/);
  // AND it names every flag the local endpoint's documentation uses
  const documented = [
    codeBlock('docs/local-endpoint.md', 'npm-start-options'),
    codeBlock('docs/local-endpoint.md', 'npm-start-real-instance'),
  ];
  const flags = new Set(documented.join('\n').match(/(?<=\s)--[a-z-]+/g));
  expect([...flags].filter((flag) => !help.stdout.includes(`  ${flag}`))).toEqual([]);
});

test('the documented npm start command lines are accepted as they stand', () => {
  // GIVEN each npm start line of the local endpoint's documentation
  const lines = [codeBlock('docs/local-endpoint.md', 'npm-start-options'), codeBlock('docs/local-endpoint.md', 'npm-start-real-instance')]
    .join('\n')
    .split('\n')
    .filter((line) => line.startsWith('npm start'))
    .map((line) => line.replace(/#.*/, '').trim());
  expect(lines.length).toBeGreaterThanOrEqual(5);
  for (const line of lines) {
    // WHEN its options are parsed by npm start (with --help, so nothing starts)
    const args = line
      .replace(/^npm start( --)?/, '')
      .split(/\s+/)
      .filter(Boolean);
    const result = spawnSync(tsx, ['local/start.ts', ...args, '--help'], { cwd: ROOT, encoding: 'utf8' });
    // THEN they are accepted
    expect({ line, status: result.status, stderr: result.stderr }).toEqual({ line, status: 0, stderr: '' });
  }
});

test('fails if the port is taken: it says so and how to pick another, and leaves nothing running', async () => {
  // GIVEN a port something else listens on
  const squatter = createServer();
  squatter.listen(0, '127.0.0.1');
  await once(squatter, 'listening');
  const { port } = squatter.address() as AddressInfo;
  try {
    // WHEN npm start is told to listen on it
    const result = spawnSync(tsx, ['local/start.ts', '--port', String(port)], { cwd: ROOT, encoding: 'utf8', timeout: STARTUP_MS });
    // THEN it exits with 1, naming the port and the flag that picks another, without a stack trace
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Port ${port} is taken`);
    expect(result.stderr).toContain(`npm start -- --port ${port + 1}`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  } finally {
    squatter.close();
  }
});

test(
  'no temporary folder is left once it stops, queued delivery (ElasticMQ) included',
  async () => {
    // GIVEN npm start with queued delivery, its temporary folders made in a folder of this test's
    const tmp = mkdtempSync(join(tmpdir(), 'npm-start-tmp-'));
    // tsx keeps its compile cache there, on purpose: the next npm start reuses it.
    const leftovers = () => readdirSync(tmp).filter((name) => !name.startsWith('tsx-'));
    try {
      const running = await start(tsx, [...startArgs, '--async'], { ...process.env, TMPDIR: tmp }, ASYNC_STARTUP_MS);
      expect(leftovers()).not.toEqual([]);
      // WHEN it is stopped with Ctrl-C, and has exited
      running.child.kill('SIGINT');
      if (running.child.exitCode === null) await once(running.child, 'exit');
      // THEN the folders it made are gone
      expect(leftovers()).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
  ASYNC_STARTUP_MS + 30_000,
);

test('requests naming the seeded template with fields are checked against it: 201 when they fit, 400 naming each field when not', async () => {
  // GIVEN the local endpoint, which checks requests against the seed's "Account callback" template
  // (Account a required TEXT field, Priority a single select of low and high, Ticket a URL)
  const running = await start(tsx, [...startArgs, '--throttle', 'off']);
  const [template] = readSeed().instances[0].taskTemplates.filter((t) => t.fields);
  const post = async (body: object) => {
    const response = await fetch(`http://127.0.0.1:${running.port}/tasks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { ContactId?: string; error?: { details?: unknown[] } } };
  };
  const withReferences = (references: object) => post({ Name: 'Call back', TaskTemplateId: template.id, References: references });
  const account = { Type: 'STRING', Value: '42' };
  try {
    // WHEN the documented request fills in the required field and picks an offered option / THEN the task is created
    const documented = codeBlock('docs/task-templates.md', 'template-request').replace('<templateId>', template.id);
    const created = await post(JSON.parse(documented) as object);
    expect(created.status).toBe(201);
    // WHEN requests leave out the required field, overrun TEXT's limit, name no field, or pick no option
    const refused = await Promise.all([
      withReferences({ Ticket: { Type: 'URL', Value: 'https://crm.example.com/t/1' } }),
      withReferences({ Account: { Type: 'STRING', Value: 'x'.repeat(512) } }),
      withReferences({ Account: account, Notes: { Type: 'STRING', Value: 'call after 5' } }),
      withReferences({ Account: account, Priority: { Type: 'STRING', Value: 'urgent' } }),
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
