import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { App, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { RecurringTask, RecurringTaskDelivery, TaskApi, TaskTarget } from '../../lib';
import { requestStatusPath } from '../../lib/contract';
import { INSTANCE } from '../emulator/fixtures';
import { resourcesOf } from '../template';
import { type AsyncStack, signedBy, startAsyncStack } from './async-harness';

/**
 * Queued RecurringTasks replayed without AWS: the synthesized schedules' Input, with Scheduler's
 * context attributes substituted as Scheduler substitutes them, is sent to the request queue
 * (ElasticMQ) as Scheduler's SQS target sends it, and the real delivery function drains it into
 * the Connect emulator at Connect's default quota (2/s, burst 5), its status in dynalite.
 */

const ACCOUNT = INSTANCE.arn.split(':')[4];
const TASKS = 50;
const DELIVERY_RATE = 2;
/** The caller who reads the occurrences' status: the local endpoint names a caller signing with key OPS so. */
const READER_KEY = 'OPS';
const READER = `arn:aws:iam::000000000000:user/${READER_KEY}`;

/** A stack with a queued TaskApi and TASKS RecurringTasks queued through it, all at 09:00 London time. */
function synthesize() {
  const stack = new Stack(new App(), 'Reminders', { env: { account: ACCOUNT, region: INSTANCE.region } });
  const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE.arn, asyncDelivery: { ratePerSecond: DELIVERY_RATE } });
  const tasks: RecurringTask[] = [];
  for (let i = 0; i < TASKS; i++) {
    const recurring = new RecurringTask(stack, `QueueCheck${i}`, {
      instanceArn: INSTANCE.arn,
      target: TaskTarget.contactFlow(INSTANCE.flowId),
      name: `Check the overnight queue ${i}`,
      attributes: { desk: String(i) },
      scheduledTimeAttribute: 'scheduledTime',
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.EUROPE_LONDON }),
      delivery: RecurringTaskDelivery.queued(api, { statusReader: READER }),
    });
    tasks.push(recurring);
  }
  const template = Template.fromStack(stack);
  const group = Object.values(resourcesOf<{ Name: string }>(template, 'AWS::Scheduler::ScheduleGroup'))[0].Properties.Name;
  const queueArn = stack.resolve(api.requestQueue!.queueArn) as unknown;
  const schedules = Object.entries(resourcesOf<{ Target: { Arn: unknown; Input: string } }>(template, 'AWS::Scheduler::Schedule')).map(
    ([logicalId, resource]) => ({
      // CloudFormation names a schedule after its stack and logical id when it is given no name.
      arn: `arn:aws:scheduler:${INSTANCE.region}:${ACCOUNT}:schedule/${group}/Reminders-${logicalId}-A1B2C3D4E5F6`,
      target: resource.Properties.Target,
    }),
  );
  return { stack, queueArn, schedules, tasks };
}

/** Scheduler's substitution: each context attribute in the Input text replaced by its value. */
function occurrence(input: string, scheduleArn: string, scheduledTime: string): string {
  return input.replaceAll('<aws.scheduler.schedule-arn>', scheduleArn).replaceAll('<aws.scheduler.scheduled-time>', scheduledTime);
}

const { stack: synthesized, queueArn, schedules, tasks } = synthesize();
const scheduledTime = `${new Date().getUTCFullYear() + 1}-12-01T09:00:00Z`;

let local: AsyncStack;
let starting: Promise<AsyncStack> | undefined;
beforeAll(async () => {
  starting = startAsyncStack({ emulator: { throttle: { rate: 2, burst: 5 } }, delivery: { ratePerSecond: DELIVERY_RATE } });
  local = await starting;
}, 120_000);
// Waits for a start that outlived its hook's timeout, so nothing it started is left running.
afterAll(async () => (await starting?.catch(() => undefined))?.close(), 60_000);

/** The occurrences whose status was read as QUEUED: received, waiting for their turn at Connect. */
const seenQueued = new Set<string>();

/**
 * Polls an occurrence's status until it has ended. It is a 404 until the delivery function first
 * receives the message (Scheduler only sends it), then QUEUED until the task is started.
 */
async function delivered(location: string, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await local.get(location, signedBy(READER_KEY));
    if (answer.body.status === 'QUEUED') seenQueued.add(location);
    const open = answer.status === 404 || answer.body.status === 'QUEUED';
    if (!open || Date.now() > until) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('queued RecurringTasks replayed through the request queue', () => {
  test('the synthesized stack sends every schedule to the request queue and warns of no crowded minute', () => {
    // GIVEN / WHEN the stack of TASKS queued RecurringTasks at 09:00 is synthesized
    // THEN every schedule's target is the TaskApi's request queue
    expect(schedules.map((s) => s.target.Arn)).toEqual(schedules.map(() => queueArn));
    // AND no construct is warned: the queue, not Scheduler, meets Connect's quota
    expect(Annotations.fromStack(synthesized).findWarning('*', Match.stringLikeRegexp('cdk-connect-tasks:'))).toEqual([]);
  });

  test(`${TASKS} occurrences at once, one sent twice: ${TASKS} tasks, none twice, no throttle reaching Scheduler`, async () => {
    // GIVEN every schedule's occurrence at the same 09:00, as Scheduler substitutes its Input
    const bodies = schedules.map(({ target, arn }) => occurrence(target.Input, arn, scheduledTime));
    const before = local.emulator.state.contacts.size;

    // WHEN Scheduler's SQS target sends them all at once, and sends ten of them again (an at-least-once retry)
    const sends = [...bodies, ...bodies.slice(0, 10)].map((body) =>
      local.delivery.sqs.send(new SendMessageCommand({ QueueUrl: local.delivery.queueUrl, MessageBody: body })).then(
        () => 'sent',
        (error: unknown) => (error as Error).name,
      ),
    );

    // THEN every send succeeds at its first attempt: nothing is throttled back to Scheduler
    expect(await Promise.all(sends)).toEqual([...bodies, ...bodies.slice(0, 10)].map(() => 'sent'));
    // AND each occurrence's status, read by the status reader at GET /tasks/requests/{requestId}, ends CREATED
    const messages = bodies.map((body) => JSON.parse(body) as { requestId: string; clientToken: string });
    const requestIds = messages.map((m) => m.requestId);
    // (the template keeps the order the tasks were declared in: the first schedule is the first task's)
    expect(requestIds[0]).toBe(tasks[0].occurrenceRequestId(new Date(scheduledTime)));
    expect(messages[0].clientToken).toBe(`${schedules[0].arn}|${scheduledTime}`);
    const settled = await Promise.all(requestIds.map((id) => delivered(requestStatusPath(id))));
    expect(settled.map((r) => [r.status, r.body.status])).toEqual(requestIds.map(() => [200, 'CREATED']));
    // AND those waiting for their turn read as QUEUED, as any queued request does: the delivery function recorded them on receipt
    expect(seenQueued.size).toBeGreaterThan(0);
    // AND there is one task per occurrence, none twice, each with its own ClientToken and its scheduled time
    const contactIds = new Set(settled.map((r) => r.body.contactId as string));
    expect(contactIds.size).toBe(TASKS);
    expect(local.emulator.state.contacts.size - before).toBe(TASKS);
    for (const [i, { clientToken }] of messages.entries()) {
      expect(local.emulator.state.clientTokens.get(`${INSTANCE.id}/${clientToken}`)?.contactId).toBe(settled[i].body.contactId);
    }
    const contact = local.emulator.state.contacts.get(settled[7].body.contactId as string)!;
    expect(contact.Attributes).toEqual({ desk: '7', scheduledTime });
  }, 120_000);

  test('another caller cannot read an occurrence: its status is the status reader’s', async () => {
    // GIVEN an occurrence delivered by the test above
    const id = tasks[0].occurrenceRequestId(new Date(scheduledTime));
    // WHEN a caller other than the status reader asks for it
    const answer = await local.get(requestStatusPath(id), signedBy('SOMEONEELSE'));
    // THEN it is a 404, as any other caller's request is
    expect(answer.status).toBe(404);
  });
});
