import { describe, expect, test } from '@jest/globals';
import { App, CfnParameter, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import {
  ConnectTaskQuota,
  type ConnectTaskQuotaProps,
  RecurringTask,
  type RecurringTaskProps,
  RecurringTaskDelivery,
  ScheduledTask,
  TaskApi,
  type TaskApiProps,
  TaskSchedule,
  TaskTarget,
} from '../../lib';
import { ASYNC_DELIVERY_ENV, SCHEDULED_TASK_DEADLINE_ENV } from '../../lib/contract';
import { resourcesOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const FLOW_ID = 'aaaaaaaa-1111-2222-3333-444444444444';
const AT_NINE = scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', weekDay: 'MON-FRI', timeZone: TimeZone.EUROPE_LONDON });
const recurring: RecurringTaskProps = {
  instanceArn: INSTANCE_ARN,
  target: TaskTarget.contactFlow(FLOW_ID),
  name: 'Check',
  schedule: AT_NINE,
};

const newStack = () => new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });

function stageThrottle(template: Template): { rate: number; burst: number } {
  const stage = Object.values(resourcesOf<{ MethodSettings: Array<Record<string, number>> }>(template, 'AWS::ApiGateway::Stage'))[0];
  const [settings] = stage.Properties.MethodSettings;
  return { rate: settings.ThrottlingRateLimit, burst: settings.ThrottlingBurstLimit };
}

function deliveryRate(template: Template): string {
  const fns = resourcesOf<{ Environment?: { Variables: Record<string, string> } }>(template, 'AWS::Lambda::Function');
  const delivery = Object.entries(fns).find(([id]) => /DeliveryFunction[0-9A-F]{8}$/.test(id))!;
  return delivery[1].Properties.Environment!.Variables[ASYNC_DELIVERY_ENV.ratePerSecond];
}

/** A stack that declares `quota` (unless undefined) first, then a TaskApi with `api` props. */
function apiStack(quota: ConnectTaskQuotaProps | undefined, api: Partial<TaskApiProps> = {}): { stack: Stack; template: Template } {
  const stack = newStack();
  if (quota) new ConnectTaskQuota(stack, 'Quota', quota);
  new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, ...api });
  return { stack, template: Template.fromStack(stack) };
}

const warnings = (stack: Stack, id: string) =>
  Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp(`\\[ack: cdk-connect-tasks:${id}\\]`))
    .map((w) => w.id);

describe('ConnectTaskQuota: the defaults derive from it', () => {
  test("without a declaration, the defaults are Connect's default quota", () => {
    // GIVEN / WHEN a sync and an async TaskApi in stacks that declare no quota
    const sync = apiStack(undefined).template;
    const queued = apiStack(undefined, { asyncDelivery: {} }).template;
    // THEN the sync stage throttles at 2/s burst 5, the async stage at 50/100 and the delivery rate is 1/s
    expect(stageThrottle(sync)).toEqual({ rate: 2, burst: 5 });
    expect(stageThrottle(queued)).toEqual({ rate: 50, burst: 100 });
    expect(deliveryRate(queued)).toBe('1');
  });

  test('a raised quota flows into the stage throttle and the delivery rate', () => {
    // GIVEN / WHEN stacks that declare a quota of 10/s, burst 20, then a sync and an async TaskApi
    const sync = apiStack({ ratePerSecond: 10, burst: 20 }).template;
    const queued = apiStack({ ratePerSecond: 10, burst: 20 }, { asyncDelivery: {} }).template;
    // THEN the sync stage throttles at the quota, the async stage at 25 times it, and the delivery drains at half of it
    expect(stageThrottle(sync)).toEqual({ rate: 10, burst: 20 });
    expect(stageThrottle(queued)).toEqual({ rate: 250, burst: 500 });
    expect(deliveryRate(queued)).toBe('5');
  });

  test("each construct's explicit setting wins over the quota", () => {
    // GIVEN / WHEN a declared quota of 10/s, and TaskApis that set their throttle and delivery rate
    const sync = apiStack({ ratePerSecond: 10, burst: 20 }, { throttle: { rateLimit: 3, burstLimit: 4 } }).template;
    const queued = apiStack({ ratePerSecond: 10, burst: 20 }, { asyncDelivery: { ratePerSecond: 2 } }).template;
    // THEN their own settings apply
    expect(stageThrottle(sync)).toEqual({ rate: 3, burst: 4 });
    expect(deliveryRate(queued)).toBe('2');
  });

  test("a raised quota shortens the ScheduledTask handler's wait for Connect at deploy", () => {
    // GIVEN / WHEN a ScheduledTask in a stack at the default quota, and one in a stack that declares 10/s
    const provider = (quota?: ConnectTaskQuotaProps) => {
      const stack = newStack();
      if (quota) new ConnectTaskQuota(stack, 'Quota', quota);
      new ScheduledTask(stack, 'Review', {
        instanceArn: INSTANCE_ARN,
        target: TaskTarget.contactFlow(FLOW_ID),
        name: 'Review',
        schedule: TaskSchedule.after(Duration.hours(2)),
      });
      const fns = resourcesOf<{ Timeout: number; Environment?: { Variables: Record<string, string> } }>(
        Template.fromStack(stack),
        'AWS::Lambda::Function',
      );
      const [, handler] = Object.entries(fns).find(([id]) => id.startsWith('CdkConnectTasksScheduledTaskProviderHandler'))!;
      return { deadline: handler.Properties.Environment?.Variables[SCHEDULED_TASK_DEADLINE_ENV], timeout: handler.Properties.Timeout };
    };
    // THEN at 2/s it waits 50 s for the 100 calls ahead of it (a 120 s timeout), at 10/s 10 s (40 s)
    expect(provider()).toEqual({ deadline: '50000', timeout: 120 });
    expect(provider({ ratePerSecond: 10, burst: 20 })).toEqual({ deadline: '10000', timeout: 40 });
  });

  test('of() finds the declared quota from any scope of its stack, and makes one default per stack', () => {
    // GIVEN a stack with a declared quota, and another with none
    const declaredIn = newStack();
    const quota = new ConnectTaskQuota(declaredIn, 'Quota', { ratePerSecond: 10, burst: 20 });
    const bare = newStack();
    // WHEN / THEN a nested scope finds the declared one
    expect(ConnectTaskQuota.of(new Construct(declaredIn, 'Deep'))).toBe(quota);
    expect(quota.declared).toBe(true);
    // AND the other stack gets Connect's default, the same construct each time
    const fallback = ConnectTaskQuota.of(bare);
    expect(fallback).toMatchObject({ ratePerSecond: 2, burst: 5, declared: false });
    expect(ConnectTaskQuota.of(new Construct(bare, 'Other'))).toBe(fallback);
  });

  test('fails if a stack declares two quotas, naming the first', () => {
    // GIVEN a stack with a declared quota
    const stack = newStack();
    new ConnectTaskQuota(stack, 'Quota', { ratePerSecond: 10 });
    // WHEN / THEN a second declaration fails and names the first
    expect(() => new ConnectTaskQuota(stack, 'Again', { ratePerSecond: 20 })).toThrow(
      /ConnectTaskQuota TestStack\/Again: the stack already declares a ConnectTaskQuota, TestStack\/Quota\..*remove this one/,
    );
  });

  test('fails if the quota is declared after a construct took the default', () => {
    // GIVEN a stack whose TaskApi already derived its throttle from Connect's default
    const stack = newStack();
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN });
    // WHEN / THEN declaring the quota afterwards fails, saying to declare it first
    expect(() => new ConnectTaskQuota(stack, 'Quota', { ratePerSecond: 10 })).toThrow(/Declare the ConnectTaskQuota first/);
  });

  test.each([
    [{ ratePerSecond: 0 }, /ratePerSecond is 0; it must be a number from 0.1 to 10000.*L-E704D621/],
    [{ ratePerSecond: Number.NaN }, /ratePerSecond is NaN/],
    [{ burst: 2.5 }, /burst is 2.5; it must be a whole number from 1 to 100000/],
    [{ burst: 0 }, /burst is 0/],
  ])('fails if the props are %p, naming the value and the fix', (props, message) => {
    // GIVEN / WHEN / THEN a quota declared with a bad value fails at synth
    expect(() => new ConnectTaskQuota(newStack(), 'Quota', props)).toThrow(message);
  });

  test('fails if both the rate and the burst are out of range, naming both in one error', () => {
    // GIVEN / WHEN / THEN a quota declared with both values out of range names both at once
    expect(() => new ConnectTaskQuota(newStack(), 'Quota', { ratePerSecond: 0, burst: 0 })).toThrow(
      /^ConnectTaskQuota \S+: 2 props are invalid:\n- ratePerSecond is 0;.*\n- burst is 0;/,
    );
  });

  test('tokens are left to the deployment: the sync stage takes them as they are', () => {
    // GIVEN a quota whose rate and burst are parameters
    const stack = newStack();
    const rate = new CfnParameter(stack, 'Rate', { type: 'Number' }).valueAsNumber;
    const burst = new CfnParameter(stack, 'Burst', { type: 'Number' }).valueAsNumber;
    new ConnectTaskQuota(stack, 'Quota', { ratePerSecond: rate, burst });
    // WHEN a TaskApi is declared after it
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN });
    // THEN the stage throttle refers to the parameters
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: { Ref: 'Rate' }, ThrottlingBurstLimit: { Ref: 'Burst' } })],
    });
  });
});

describe('ConnectTaskQuota: the synth-time budget', () => {
  const RATE = 'taskQuotaRateExceeded';
  const MINUTE = 'recurringTaskCrowdedMinute';

  test('a sync TaskApi at the quota alone: no warning', () => {
    // GIVEN / WHEN a stack with one TaskApi at the default quota
    const { stack } = apiStack(undefined);
    // THEN its share (2/s) fits the quota (2/s)
    expect(warnings(stack, RATE)).toEqual([]);
  });

  test('a TaskApi at the quota and a rate(1 minute) schedule: a warning on each naming the shares, the quota and the fix', () => {
    // GIVEN a stack with a sync TaskApi (2/s) and a RecurringTask every minute (1/60 s)
    const stack = newStack();
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN });
    new RecurringTask(stack, 'Poll', { ...recurring, schedule: scheduler.ScheduleExpression.expression('rate(1 minute)') });
    // WHEN it is synthesized THEN both carry the warning
    expect(warnings(stack, RATE).sort()).toEqual(['/TestStack/Poll', '/TestStack/Tasks']);
    // AND it names the total, each share with its setting, the quota and the ways out
    const [message] = Annotations.fromStack(stack)
      .findWarning('/TestStack/Tasks', Match.stringLikeRegexp(RATE))
      .map((w) => w.entry.data as string);
    expect(message).toMatch(/add up to 2.017\/s, more than the quota's 2\/s \(Connect's default/);
    expect(message).toMatch(/TestStack\/Tasks 2\/s \(throttle.rateLimit\), TestStack\/Poll 0.017\/s \(rate\(1 minute\)\)/);
    expect(message).toMatch(/Raise the quota \(Service Quotas code L-E704D621.*lower this share \(throttle.rateLimit\), or queue the work/);
  });

  test('the same stack with a quota of 3/s: no warning', () => {
    // GIVEN / WHEN the stack above declares a quota of 3/s first
    const stack = newStack();
    new ConnectTaskQuota(stack, 'Quota', { ratePerSecond: 3, burst: 5 });
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, throttle: { rateLimit: 2, burstLimit: 5 } });
    new RecurringTask(stack, 'Poll', { ...recurring, schedule: scheduler.ScheduleExpression.expression('rate(1 minute)') });
    // THEN 2.017/s fits
    expect(warnings(stack, RATE)).toEqual([]);
  });

  test('a delivery rate set above the quota is warned, the setting named', () => {
    // GIVEN / WHEN an async TaskApi delivering at 3/s against the default quota
    const { stack } = apiStack(undefined, { asyncDelivery: { ratePerSecond: 3 } });
    // THEN it is warned, naming asyncDelivery.ratePerSecond
    expect(warnings(stack, RATE)).toEqual(['/TestStack/Tasks']);
    expect(JSON.stringify(Annotations.fromStack(stack).findWarning('*', Match.anyValue()))).toMatch(
      /TestStack\/Tasks 3\/s \(asyncDelivery.ratePerSecond\)/,
    );
  });

  test('six schedules in one minute exceed the burst of 5, and not a declared burst of 6', () => {
    // GIVEN / WHEN six direct RecurringTasks at 09:00, in a stack at the default quota and one that declares a burst of 6
    const crowded = newStack();
    const roomy = newStack();
    new ConnectTaskQuota(roomy, 'Quota', { ratePerSecond: 2, burst: 6 });
    for (const stack of [crowded, roomy]) for (let i = 0; i < 6; i++) new RecurringTask(stack, `Task${i}`, recurring);
    // THEN each of the six is warned in the first, none in the second
    expect(warnings(crowded, MINUTE)).toHaveLength(6);
    expect(warnings(roomy, MINUTE)).toEqual([]);
  });

  test('queued schedules spend nothing of the burst: six queued at 09:00, no warning', () => {
    // GIVEN an async TaskApi and six RecurringTasks at 09:00 queued through it
    const stack = newStack();
    const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, asyncDelivery: {} });
    for (let i = 0; i < 6; i++) new RecurringTask(stack, `Task${i}`, { ...recurring, delivery: RecurringTaskDelivery.queued(api) });
    // WHEN it is synthesized THEN neither sum exceeds the quota
    expect(warnings(stack, MINUTE)).toEqual([]);
    expect(warnings(stack, RATE)).toEqual([]);
  });

  describe("the example of docs/quota.md and the README's arithmetic", () => {
    /** Two TaskApis, a rate(5 minutes) task and eight weekday 09:00 London tasks, under `quota` and with `throttle` on the synchronous endpoint. */
    function exampleStack(quota?: ConnectTaskQuotaProps, throttle?: TaskApiProps['throttle']): Stack {
      const stack = newStack();
      if (quota) new ConnectTaskQuota(stack, 'Quota', quota);
      new TaskApi(stack, 'Sync', { instanceArn: INSTANCE_ARN, throttle });
      new TaskApi(stack, 'Queued', { instanceArn: INSTANCE_ARN, asyncDelivery: {} });
      new RecurringTask(stack, 'Poll', { ...recurring, schedule: scheduler.ScheduleExpression.expression('rate(5 minutes)') });
      for (let i = 0; i < 8; i++) new RecurringTask(stack, `Nine${i}`, recurring);
      return stack;
    }

    test('at the default quota: 3.003/s against 2 warns the three rate shares, 8 calls at 09:00 against 5 the eight tasks', () => {
      // GIVEN / WHEN the example stack at Connect's default quota
      const stack = exampleStack();
      // THEN the two endpoints and the rate schedule are warned, with the sum the document gives
      expect(warnings(stack, RATE).sort()).toEqual(['/TestStack/Poll', '/TestStack/Queued', '/TestStack/Sync']);
      expect(JSON.stringify(Annotations.fromStack(stack).findWarning('/TestStack/Sync', Match.anyValue()))).toMatch(/add up to 3.003\/s/);
      // AND the eight 09:00 tasks are warned
      expect(warnings(stack, MINUTE)).toHaveLength(8);
    });

    test('raised to 4/s, burst 10, with the synchronous stage at 1.5/s: 3.503 fits, as do the 8 tasks', () => {
      // GIVEN / WHEN the example stack with the fix the document gives
      const stack = exampleStack({ ratePerSecond: 4, burst: 10 }, { rateLimit: 1.5, burstLimit: 5 });
      // THEN nothing is warned
      expect(warnings(stack, RATE)).toEqual([]);
      expect(warnings(stack, MINUTE)).toEqual([]);
    });

    test('raised to 4/s alone: the defaults, 4 + 2 + 0.003, still exceed it', () => {
      // GIVEN / WHEN the example stack with the quota raised and no share lowered
      const stack = exampleStack({ ratePerSecond: 4, burst: 10 });
      // THEN the rates are warned, with the sum the document gives
      expect(JSON.stringify(Annotations.fromStack(stack).findWarning('/TestStack/Sync', Match.anyValue()))).toMatch(/add up to 6.003\/s/);
    });
  });
});
