import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ConnectClient, StartTaskContactCommand, type StartTaskContactCommandInput } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { type ConnectEmulator, startConnectEmulator } from '../../emulator';
import { RecurringTask, ReferenceType, TaskTarget } from '../../lib';
import { connectClient, INSTANCE } from '../emulator/fixtures';
import { resourcesOf } from '../template';

/**
 * What EventBridge Scheduler does with a RecurringTask, replayed without AWS: the synthesized
 * schedule's Input, with Scheduler's context attributes substituted as Scheduler substitutes them,
 * is sent with the real SDK's StartTaskContactCommand to the Connect emulator.
 */

const ACCOUNT = INSTANCE.arn.split(':')[4];
const TASKS = 50;

/** A stack of TASKS RecurringTasks, all at 09:00 London time on weekdays, as a team might declare them. */
function synthesize(): { stack: Stack; schedules: Array<{ arn: string; input: string }> } {
  const stack = new Stack(new App(), 'Reminders', { env: { account: ACCOUNT, region: INSTANCE.region } });
  for (let i = 0; i < TASKS; i++) {
    new RecurringTask(stack, `QueueCheck${i}`, {
      instanceArn: INSTANCE.arn,
      target: TaskTarget.contactFlow(INSTANCE.flowId),
      name: `Check the overnight queue ${i}`,
      description: 'Look at what came in overnight — and note anything odd',
      attributes: { team: 'ops', desk: String(i) },
      references: {
        runbook: { type: ReferenceType.URL, value: 'https://wiki.example.com/overnight' },
        owner: { type: ReferenceType.EMAIL, value: 'ops@example.com' },
        priority: { type: ReferenceType.NUMBER, value: '2' },
      },
      expiry: Duration.hours(8),
      scheduledTimeAttribute: 'scheduledTime',
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', weekDay: 'MON-FRI', timeZone: TimeZone.EUROPE_LONDON }),
    });
  }
  const template = Template.fromStack(stack);
  const group = Object.values(resourcesOf<{ Name: string }>(template, 'AWS::Scheduler::ScheduleGroup'))[0].Properties.Name;
  const schedules = Object.entries(resourcesOf<{ Target: { Input: string } }>(template, 'AWS::Scheduler::Schedule')).map(
    ([logicalId, resource]) => ({
      // CloudFormation names a schedule after its stack and logical id when it is given no name.
      arn: `arn:aws:scheduler:${INSTANCE.region}:${ACCOUNT}:schedule/${group}/Reminders-${logicalId}-A1B2C3D4E5F6`,
      input: resource.Properties.Target.Input,
    }),
  );
  return { stack, schedules };
}

/** Scheduler's substitution: each context attribute in the Input text replaced by its value. */
function occurrence(input: string, scheduleArn: string, scheduledTime: Date): string {
  return input
    .replaceAll('<aws.scheduler.schedule-arn>', scheduleArn)
    .replaceAll('<aws.scheduler.scheduled-time>', scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z'));
}

/** A pass-through in front of the emulator that keeps each request body as the emulator received it. */
async function recordingProxy(target: string): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    bodies.push(body);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: body || undefined });
    const answerHeaders = Object.fromEntries(
      [...answer.headers].filter(([name]) => !['content-length', 'transfer-encoding'].includes(name)),
    );
    res.writeHead(answer.status, answerHeaders).end(Buffer.from(await answer.arrayBuffer()));
  };
  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

const { stack, schedules } = synthesize();
const nextYear = new Date().getUTCFullYear() + 1;
const nineOClock = new Date(Date.UTC(nextYear, 11, 1, 9));

let clock = Date.now();
let emulator: ConnectEmulator;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let connect: ConnectClient;
beforeAll(async () => {
  // Connect's default quota, on a clock the test moves, so Scheduler's backoff takes no real time.
  emulator = await startConnectEmulator({ throttle: { rate: 2, burst: 5 }, clock: () => clock });
  proxy = await recordingProxy(emulator.url);
  // One attempt per call: Scheduler's retries are the ones replayed here, not the SDK's.
  connect = connectClient(proxy.url);
});
// A minute between tests: the token bucket is full again when each starts.
beforeEach(() => {
  clock += 60_000;
});
afterAll(async () => {
  connect.destroy();
  proxy.server.close();
  await emulator.close();
});

/** Sends one attempt of an occurrence; the answer's ContactId, or the error's name. */
async function attempt(request: string): Promise<{ contactId?: string; error?: string }> {
  try {
    const answer = await connect.send(new StartTaskContactCommand(JSON.parse(request) as StartTaskContactCommandInput));
    return { contactId: answer.ContactId };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

describe('RecurringTask replayed against the Connect emulator', () => {
  test('the synthesized stack warns that its tasks crowd one minute', () => {
    // GIVEN / WHEN the stack of TASKS RecurringTasks, all at 09:00 London time on weekdays, is synthesized
    // THEN each of them carries the warning that the stack's tasks crowd one minute
    const crowded = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp(`^${TASKS} RecurringTasks of this stack start a task at`),
    );
    expect(crowded).toHaveLength(TASKS);
  });

  test('the body on the wire is the Input, key for key: the SDK dropped nothing', async () => {
    // GIVEN one schedule's Input for 09:00, as Scheduler substitutes it, and the recording proxy of beforeAll
    const request = occurrence(schedules[0].input, schedules[0].arn, nineOClock);
    const before = proxy.bodies.length;
    // WHEN it is sent with the SDK's StartTaskContactCommand
    const { contactId, error } = await attempt(request);
    // THEN it succeeds, and the one body the emulator received is the Input, key for key
    expect(error).toBeUndefined();
    expect(proxy.bodies).toHaveLength(before + 1);
    expect(JSON.parse(proxy.bodies[before])).toEqual(JSON.parse(request));
    // AND the task carries the attributes with the scheduled time, and the 8-hour expiry
    const contact = emulator.state.contacts.get(contactId!)!;
    expect(contact.Attributes).toEqual({ team: 'ops', desk: '0', scheduledTime: nineOClock.toISOString().replace('.000Z', 'Z') });
    expect(contact.SegmentAttributes).toEqual({ 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 480 } } } });
  });

  test('a camelCase or unknown key would have been dropped by the SDK: the wire check can fail', async () => {
    // GIVEN the Input with one key the SDK does not know
    const request = JSON.stringify({ ...JSON.parse(occurrence(schedules[1].input, schedules[1].arn, nineOClock)), contactFlowId: 'x' });
    const before = proxy.bodies.length;
    // WHEN it is sent with the SDK's StartTaskContactCommand
    await attempt(request);
    // THEN the body on the wire differs from the Input: the unknown key was dropped
    expect(JSON.parse(proxy.bodies[before])).not.toEqual(JSON.parse(request));
    expect((JSON.parse(proxy.bodies[before]) as Record<string, unknown>).contactFlowId).toBeUndefined();
  });

  test('the same occurrence retried is one task; the next occurrence is another', async () => {
    // GIVEN one schedule's Input, and its occurrences at 09:00 and a day later
    const { input, arn } = schedules[2];
    const nextDay = new Date(nineOClock.getTime() + 86_400_000);
    // WHEN the 09:00 occurrence is sent, sent again as Scheduler's retry, then the next day's is sent
    const first = await attempt(occurrence(input, arn, nineOClock));
    const retry = await attempt(occurrence(input, arn, nineOClock));
    const next = await attempt(occurrence(input, arn, nextDay));
    // THEN the retry answers with the first task
    expect(first.contactId).toBeDefined();
    expect(retry.contactId).toBe(first.contactId);
    // AND the next day's occurrence is another task, with its own scheduled time
    expect(next.contactId).toBeDefined();
    expect(next.contactId).not.toBe(first.contactId);
    expect(emulator.state.contacts.get(next.contactId!)!.Attributes.scheduledTime).toBe(nextDay.toISOString().replace('.000Z', 'Z'));
  });

  test('another schedule at the same minute is its own task', async () => {
    // GIVEN / WHEN two schedules' occurrences at the same 09:00 are sent
    const a = await attempt(occurrence(schedules[3].input, schedules[3].arn, nineOClock));
    const b = await attempt(occurrence(schedules[4].input, schedules[4].arn, nineOClock));
    // THEN each is a task of its own
    expect(a.contactId).toBeDefined();
    expect(b.contactId).toBeDefined();
    expect(a.contactId).not.toBe(b.contactId);
  });

  test(`${TASKS} occurrences at once, retried with backoff as Scheduler retries: all end as tasks, none twice`, async () => {
    // GIVEN every schedule's next occurrence, firing together, and a full token bucket
    const scheduledTime = new Date(nineOClock.getTime() + 7 * 86_400_000);
    const requests = schedules.map(({ input, arn }) => occurrence(input, arn, scheduledTime));
    const start = clock;
    const maxEventAgeMs = 3600_000;
    const random = seededRandom(13);
    // Exponential backoff with jitter: 1 s, 2 s, 4 s ... at most 60 s, each between half and all of it.
    const backoff = (retry: number) => Math.min(60_000, 1000 * 2 ** retry) * (0.5 + random() / 2);
    let due = requests.map((_, task) => ({ task, at: start, retries: 0 }));
    const contacts = new Map<number, string>();
    let attempts = 0;
    let throttles = 0;
    let throttledAtFirst = 0;

    // WHEN Scheduler sends each due attempt, earliest first, and schedules a retry for each throttle
    while (due.length > 0) {
      due.sort((a, b) => a.at - b.at);
      const next = due.shift()!;
      clock = next.at;
      const { contactId, error } = await attempt(requests[next.task]);
      attempts++;
      if (contactId) {
        expect(contacts.get(next.task) ?? contactId).toBe(contactId);
        contacts.set(next.task, contactId);
        continue;
      }
      expect(error).toBe('ThrottlingException');
      throttles++;
      if (next.retries === 0) throttledAtFirst++;
      const at = next.at + backoff(next.retries);
      // Past its retries or its maximum age, Scheduler would send the occurrence to the dead-letter queue.
      expect(next.retries).toBeLessThan(185);
      expect(at - start).toBeLessThan(maxEventAgeMs);
      due = [...due, { task: next.task, at, retries: next.retries + 1 }];
    }

    // THEN every occurrence is a task, each its own, and the emulator holds exactly one per ClientToken
    expect(contacts.size).toBe(TASKS);
    expect(new Set(contacts.values()).size).toBe(TASKS);
    const tokens = requests.map((r) => `${INSTANCE.id}/${(JSON.parse(r) as { ClientToken: string }).ClientToken}`);
    expect(tokens.map((t) => emulator.state.clientTokens.get(t)?.contactId)).toEqual(
      [...contacts.keys()].sort((a, b) => a - b).map((i) => contacts.get(i)),
    );
    // AND the burst of 5 went through; the other 45 were throttled on their first attempt
    expect(throttledAtFirst).toBe(TASKS - 5);
    expect(attempts).toBe(TASKS + throttles);
  });
});

/** A small deterministic generator (mulberry32), so the backoff's jitter is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
