import { describe, expect, test } from '@jest/globals';
import { App, Names, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  RecurringTask,
  RecurringTaskDelivery,
  type QueuedRecurringTaskOptions,
  type RecurringTaskProps,
  TaskApi,
  type TaskApiProps,
  TaskTarget,
} from '../../lib';
import type { QueuedTaskRequest } from '../../lib/contract';
import { type PolicyProperties, resourcesOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const FLOW_ID = 'aaaaaaaa-1111-2222-3333-444444444444';
const OCCURRENCE = '<aws.scheduler.schedule-arn>|<aws.scheduler.scheduled-time>';

const task: RecurringTaskProps = {
  instanceArn: INSTANCE_ARN,
  target: TaskTarget.contactFlow(FLOW_ID),
  name: 'Check the overnight queue',
  attributes: { team: 'ops' },
  scheduledTimeAttribute: 'scheduledTime',
  schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.EUROPE_LONDON }),
};

/** A stack with a TaskApi (queued delivery unless `api` says otherwise) and one RecurringTask queued through it. */
function queuedStack(
  api: Partial<TaskApiProps> = { asyncDelivery: {} },
  options?: QueuedRecurringTaskOptions,
  own: Partial<RecurringTaskProps> = {},
) {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
  const taskApi = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, ...api });
  const recurring = new RecurringTask(stack, 'Nightly', { ...task, ...own, delivery: RecurringTaskDelivery.queued(taskApi, options) });
  return { stack, taskApi, recurring, template: Template.fromStack(stack) };
}

interface ScheduleTarget {
  readonly Arn: unknown;
  readonly Input: string;
  readonly RoleArn: { 'Fn::GetAtt': [string, string] };
}

const targetOf = (template: Template) =>
  Object.values(resourcesOf<{ Target: ScheduleTarget }>(template, 'AWS::Scheduler::Schedule'))[0].Properties.Target;

describe('RecurringTaskDelivery.queued', () => {
  test("the schedule's target is the TaskApi's request queue, with the message the delivery function reads", () => {
    // GIVEN / WHEN a RecurringTask queued through a TaskApi with asyncDelivery
    const { stack, taskApi, recurring, template } = queuedStack();
    // THEN the target is the request queue
    const target = targetOf(template);
    expect(target.Arn).toEqual(stack.resolve(taskApi.requestQueue!.queueArn));
    // AND the Input is a queued task request: one id and one ClientToken per occurrence, the request without InstanceId or ClientToken
    const message = JSON.parse(target.Input) as QueuedTaskRequest;
    expect(message).toEqual({
      requestId: `${Names.uniqueId(recurring)}@<aws.scheduler.scheduled-time>`,
      principal: '<aws.scheduler.schedule-arn>',
      clientToken: OCCURRENCE,
      request: { Name: task.name, ContactFlowId: FLOW_ID, Attributes: { team: 'ops', scheduledTime: '<aws.scheduler.scheduled-time>' } },
      sentBy: 'scheduler',
    });
  });

  test("an occurrence's requestId is one path segment: the task's unique id and the scheduled time, no /", () => {
    // GIVEN a RecurringTask queued through a TaskApi
    const { recurring } = queuedStack();
    // WHEN the requestId of its 09:00 occurrence on 1 December 2026 is asked for
    const requestId = recurring.occurrenceRequestId(new Date('2026-12-01T09:00:00.000Z'));
    // THEN it is the message's requestId with Scheduler's time substituted, and has no /
    expect(requestId).toBe(`${Names.uniqueId(recurring)}@2026-12-01T09:00:00Z`);
    expect(requestId).not.toContain('/');
  });

  test('the status reader, when given, is the principal the status is kept for', () => {
    // GIVEN / WHEN a RecurringTask queued with a status reader
    const reader = 'arn:aws:sts::111122223333:assumed-role/Operations';
    const { template } = queuedStack({ asyncDelivery: {} }, { statusReader: reader });
    // THEN each occurrence's status belongs to that principal
    expect((JSON.parse(targetOf(template).Input) as QueuedTaskRequest).principal).toBe(reader);
  });

  test("the task's role may only send to the request queue and to its dead-letter queue", () => {
    // GIVEN / WHEN a RecurringTask queued through a TaskApi
    const { stack, taskApi, recurring, template } = queuedStack();
    // THEN the role's statements are SendMessage on the request queue and on the task's dead-letter queue, nothing else
    const roleId = targetOf(template).RoleArn['Fn::GetAtt'][0];
    const statements = Object.values(resourcesOf<PolicyProperties>(template, 'AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: stack.resolve(taskApi.requestQueue!.queueArn) as unknown },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: stack.resolve(recurring.deadLetterQueue.queueArn) as unknown },
    ]);
  });

  test("the direct delivery's target stays the universal StartTaskContact target", () => {
    // GIVEN / WHEN a RecurringTask with delivery direct()
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
    new RecurringTask(stack, 'Nightly', { ...task, delivery: RecurringTaskDelivery.direct() });
    // THEN Scheduler calls Connect itself
    const target = targetOf(Template.fromStack(stack));
    expect(target.Arn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:connect:startTaskContact']] });
    expect(JSON.parse(target.Input)).toMatchObject({ InstanceId: '11111111-2222-3333-4444-555555555555', ClientToken: OCCURRENCE });
  });

  test('fails if the TaskApi has no queued delivery, naming it and the fix', () => {
    // GIVEN / WHEN / THEN a RecurringTask queued through a TaskApi without asyncDelivery fails
    expect(() => queuedStack({})).toThrow(
      /RecurringTask TestStack\/Nightly: its delivery is RecurringTaskDelivery.queued\(TestStack\/Tasks\), but that TaskApi has no queued delivery\. Set the TaskApi's asyncDelivery/,
    );
  });

  test("fails if the task's target is not among the TaskApi's allowedTargets, naming both", () => {
    // GIVEN a TaskApi that allows one task template only
    const allowedTargets = [TaskTarget.taskTemplate('bbbbbbbb-1111-2222-3333-444444444444')];
    // WHEN / THEN a RecurringTask on a contact flow queued through it fails
    expect(() => queuedStack({ asyncDelivery: {}, allowedTargets })).toThrow(
      /its target CONTACT_FLOW aaaaaaaa-.* is not among the allowedTargets of TestStack\/Tasks.*Add it to that TaskApi's allowedTargets/,
    );
    // AND one on the allowed template is accepted
    expect(() => queuedStack({ asyncDelivery: {}, allowedTargets }, {}, { target: allowedTargets[0] })).not.toThrow();
  });

  test("fails if the task's instance is not the TaskApi's", () => {
    // GIVEN / WHEN / THEN a RecurringTask of another instance queued through the TaskApi fails, naming both
    const other = 'arn:aws:connect:eu-west-2:111122223333:instance/99999999-2222-3333-4444-555555555555';
    expect(() => queuedStack({ asyncDelivery: {} }, {}, { instanceArn: other })).toThrow(
      /its instance .*99999999-.* is not the instance of TestStack\/Tasks .*11111111-.*Queue it to a TaskApi of the same instance/,
    );
  });
});
