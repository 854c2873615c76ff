import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { TaskWebhookPayload } from '../../lib/contract';
import { codeBlock } from '../docs/code-blocks';

/**
 * `npm start -- --events URL` end to end: a task created through the local endpoint, accepted and
 * completed through the printed agent controls, reaches a receiver as the webhook payloads a
 * deployed TaskEvents webhook would POST.
 */
const ROOT = join(__dirname, '..', '..');
const STARTUP_MS = 60_000;

interface Receiver {
  readonly url: string;
  readonly payloads: TaskWebhookPayload[];
  readonly server: Server;
}

/** An HTTP server that records each JSON body POSTed to it and answers 204. */
async function startReceiver(): Promise<Receiver> {
  const payloads: TaskWebhookPayload[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      expect(req.headers['content-type']).toBe('application/json');
      payloads.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as TaskWebhookPayload);
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/tasks`, payloads, server };
}

interface Started {
  readonly child: ChildProcess;
  readonly tasksUrl: string;
  readonly controlUrl: (contactId: string, action: string) => string;
}

const running: Array<ChildProcess | Server> = [];
afterEach(async () => {
  for (const item of running.splice(0)) {
    if ('kill' in item) item.kill('SIGINT');
    else await new Promise((resolve) => item.close(resolve));
  }
});

/** `npm start` as a user runs it, with `args`, once it has printed its instructions. */
async function startLocal(args: string[]): Promise<Started> {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/start.ts', '--port', '0', '--throttle', 'off', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + STARTUP_MS;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
    await sleep(100);
  }
  const [, tasksUrl] = /Task API: POST (http:\/\/127\.0\.0\.1:\d+\/tasks)/.exec(output)!;
  // The agent controls are the emulator's (npm start prints them as curls after each 201).
  const [, emulatorUrl] = /Connect emulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)!;
  return { child, tasksUrl, controlUrl: (contactId, action) => `${emulatorUrl}/local/contacts/${contactId}/${action}` };
}

/** Waits until `done` holds for the receiver's payloads, or 15 s pass. */
async function waitFor(receiver: Receiver, done: (payloads: TaskWebhookPayload[]) => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!done(receiver.payloads) && Date.now() < deadline) await sleep(50);
}

/** Creates a task through the local endpoint, then has the agent accept and complete it. */
async function workOneTask(local: Started): Promise<string> {
  const created = await fetch(local.tasksUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Name: 'Call back customer 42', Description: 'private' }),
  });
  expect(created.status).toBe(201);
  const { ContactId } = (await created.json()) as { ContactId: string };
  for (const action of ['accept', 'complete']) {
    expect((await fetch(local.controlUrl(ContactId, action), { method: 'POST' })).status).toBe(200);
  }
  return ContactId;
}

describe('npm start -- --events URL', () => {
  test('create, accept, complete: the receiver gets the INITIATED, CONNECTED_TO_AGENT and COMPLETED payloads of that task', async () => {
    // GIVEN a receiver, and npm start delivering task events to it
    const receiver = await startReceiver();
    running.push(receiver.server);
    const local = await startLocal(['--events', receiver.url]);
    // WHEN a task is created, and the agent accepts and completes it
    const contactId = await workOneTask(local);
    await waitFor(receiver, (payloads) => payloads.some((p) => p.eventType === 'COMPLETED'));
    // THEN the receiver got the task's whole life, each as the webhook's payload
    const forTask = receiver.payloads.filter((p) => p.contactId === contactId);
    expect(forTask.map((p) => p.eventType)).toEqual(['INITIATED', 'QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED', 'COMPLETED']);
    const completed = forTask.at(-1)!;
    expect(completed).toEqual({
      version: '1',
      eventType: 'COMPLETED',
      contactId,
      initialContactId: '',
      previousContactId: '',
      instanceArn: expect.stringMatching(/^arn:aws:connect:eu-west-2:\d{12}:instance\//),
      eventTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      initiationTimestamp: expect.any(String),
      disconnectTimestamp: expect.any(String),
      disconnectReason: 'AGENT_DISCONNECT',
    });
    // AND no payload carries the task's name or description
    expect(JSON.stringify(receiver.payloads)).not.toMatch(/Call back customer 42|private/);
  });

  test("docs/task-events.md's --events-repeat --events-reorder: every payload arrives twice, as EventBridge may deliver it", async () => {
    // GIVEN a receiver, and npm start as docs/task-events.md runs it, delivering each task event twice and out of order
    const receiver = await startReceiver();
    running.push(receiver.server);
    const [documented, ...controls] = codeBlock('docs/task-events.md', 'local-events').trim().split('\n');
    const args = documented
      .replace(/^npm start -- /, '')
      .replace('http://127.0.0.1:8080/hooks/tasks', receiver.url)
      .split(' ');
    expect(args).toEqual(['--events', receiver.url, '--events-repeat', '--events-reorder']);
    expect(controls.map((line) => /\/local\/contacts\/<ContactId>\/(\w+)$/.exec(line)?.[1])).toEqual(['accept', 'complete']);
    const local = await startLocal(args);
    // WHEN a task is created, accepted and completed
    const contactId = await workOneTask(local);
    await waitFor(receiver, (payloads) => payloads.filter((p) => p.contactId === contactId).length === 10);
    // THEN each of its five events arrived twice, the same payload both times
    const forTask = receiver.payloads.filter((p) => p.contactId === contactId);
    const byType = new Map<string, string[]>();
    for (const payload of forTask) byType.set(payload.eventType, [...(byType.get(payload.eventType) ?? []), JSON.stringify(payload)]);
    expect([...byType.keys()].sort()).toEqual(['COMPLETED', 'CONNECTED_TO_AGENT', 'DISCONNECTED', 'INITIATED', 'QUEUED']);
    for (const copies of byType.values()) expect(copies).toEqual([copies[0], copies[0]]);
  });
});
