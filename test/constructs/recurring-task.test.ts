import { describe, expect, test } from '@jest/globals';
import { App, CfnParameter, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { RecurringTask, type RecurringTaskProps, ReferenceType, TaskTarget } from '../../lib';
import { type PolicyProperties, resourcesOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const INSTANCE_ID = '11111111-2222-3333-4444-555555555555';
const FLOW_ID = 'aaaaaaaa-1111-2222-3333-444444444444';
const WEEKDAYS_AT_NINE = scheduler.ScheduleExpression.cron({
  minute: '0',
  hour: '9',
  weekDay: 'MON-FRI',
  timeZone: TimeZone.EUROPE_LONDON,
});
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

const base: RecurringTaskProps = {
  instanceArn: INSTANCE_ARN,
  target: TaskTarget.contactFlow(FLOW_ID),
  name: 'Check the overnight queue',
  schedule: WEEKDAYS_AT_NINE,
};

function stackWith(...tasks: Array<Partial<RecurringTaskProps>>): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
  tasks.forEach((props, i) => new RecurringTask(stack, `Task${i}`, { ...base, ...props }));
  return { stack, template: Template.fromStack(stack) };
}

interface ScheduleProperties {
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly GroupName: unknown;
  readonly Target: { readonly Arn: unknown; readonly Input: string; readonly RoleArn: { 'Fn::GetAtt': [string, string] } };
}

function scheduleOf(template: Template, index = 0): ScheduleProperties {
  return Object.values(resourcesOf<ScheduleProperties>(template, 'AWS::Scheduler::Schedule'))[index].Properties;
}

const errorOf = (props: Partial<RecurringTaskProps>) => () => stackWith(props);

describe('RecurringTask: the schedule', () => {
  test('calls StartTaskContact through the universal target, with the request as Input', () => {
    // GIVEN / WHEN
    const { template } = stackWith({
      description: 'Look at what came in overnight',
      attributes: { team: 'ops' },
      references: { runbook: { type: ReferenceType.URL, value: 'https://wiki.example.com/overnight' } },
      expiry: Duration.hours(8),
      scheduledTimeAttribute: 'scheduledTime',
    });
    // THEN
    const schedule = scheduleOf(template);
    expect(schedule.ScheduleExpression).toBe('cron(0 9 ? * MON-FRI *)');
    expect(schedule.ScheduleExpressionTimezone).toBe('Europe/London');
    expect(schedule.Target.Arn).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:connect:startTaskContact']],
    });
    expect(JSON.parse(schedule.Target.Input)).toEqual({
      InstanceId: INSTANCE_ID,
      Name: 'Check the overnight queue',
      Description: 'Look at what came in overnight',
      ContactFlowId: FLOW_ID,
      Attributes: { team: 'ops', scheduledTime: '<aws.scheduler.scheduled-time>' },
      References: { runbook: { Type: 'URL', Value: 'https://wiki.example.com/overnight' } },
      SegmentAttributes: { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 480 } } } },
      ClientToken: '<aws.scheduler.schedule-arn>|<aws.scheduler.scheduled-time>',
    });
  });

  test('the ClientToken never uses the execution id, which changes on every attempt', () => {
    const { template } = stackWith({});
    const input = JSON.parse(scheduleOf(template).Target.Input) as { ClientToken: string };
    expect(input.ClientToken).toBe('<aws.scheduler.schedule-arn>|<aws.scheduler.scheduled-time>');
    expect(scheduleOf(template).Target.Input).not.toMatch(/execution-id|attempt-number/);
  });

  test('defaults: 185 retries within 1 hour, then the dead-letter queue; exact time; enabled', () => {
    const { template } = stackWith({});
    expect(scheduleOf(template)).toMatchObject({
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^CdkConnectTasksRecurringTasksDeadLetterQueue/), 'Arn'] } },
      },
    });
  });

  test('timeWindow, start, end, enabled, retries and key reach the schedule', () => {
    // GIVEN
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
    const key = new kms.Key(stack, 'Key');
    const [start, end] = [inDays(10), inDays(400)];
    // WHEN
    new RecurringTask(stack, 'Task', {
      ...base,
      timeWindow: Duration.minutes(5),
      start,
      end,
      enabled: false,
      retryAttempts: 10,
      maxEventAge: Duration.minutes(30),
      key,
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 5 },
      StartDate: start.toISOString(),
      EndDate: end.toISOString(),
      State: 'DISABLED',
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 1800 } }),
    });
  });

  test('a far-future one-off at() in a time zone', () => {
    const date = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, 14, 10, 30));
    const { template } = stackWith({ schedule: scheduler.ScheduleExpression.at(date, TimeZone.EUROPE_LONDON) });
    expect(scheduleOf(template).ScheduleExpression).toBe(`at(${date.toISOString().slice(0, 19)})`);
  });

  test('the instance id comes from an instance ARN given as a token', () => {
    // GIVEN
    const stack = new Stack(new App(), 'TestStack');
    const arn = new CfnParameter(stack, 'InstanceArn').valueAsString;
    // WHEN
    new RecurringTask(stack, 'Task', { ...base, instanceArn: arn });
    // THEN
    expect(scheduleOf(Template.fromStack(stack)).Target.Input).toEqual({
      'Fn::Join': ['', expect.arrayContaining([{ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'InstanceArn' }] }] }])],
    });
  });

  test('the resources are exposed: schedule, group, dead-letter queue, role', () => {
    const stack = new Stack();
    const task = new RecurringTask(stack, 'Task', base);
    expect(stack.resolve(task.schedule.scheduleArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TaskSchedule/), 'Arn'] });
    expect(stack.resolve(task.scheduleGroup.scheduleGroupArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/ScheduleGroup/), 'Arn'] });
    expect(stack.resolve(task.deadLetterQueue.queueArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DeadLetterQueue/), 'Arn'] });
    expect(stack.resolve(task.role.roleArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TaskRole/), 'Arn'] });
  });

  test("metricSentToDLQ counts the group's occurrences sent to a dead-letter queue", () => {
    const stack = new Stack();
    const task = new RecurringTask(stack, 'Task', base);
    const metric = task.metricSentToDLQ();
    expect(metric.namespace).toBe('AWS/Scheduler');
    expect(metric.metricName).toBe('InvocationsSentToDeadLetterCount');
    expect(stack.resolve(metric.dimensions)).toEqual({ ScheduleGroup: stack.resolve(task.scheduleGroup.scheduleGroupName) as unknown });
  });
});

describe('RecurringTask: IAM', () => {
  const roleStatements = (template: Template) =>
    Object.values(resourcesOf<PolicyProperties>(template, 'AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);

  test('each task has its own role, used by its own schedule only', () => {
    // GIVEN / WHEN
    const { template } = stackWith({}, { name: 'Second', target: TaskTarget.taskTemplate('bbbbbbbb-1111-2222-3333-444444444444') });
    // THEN
    const roles = Object.keys(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(2);
    const used = [0, 1].map((i) => scheduleOf(template, i).Target.RoleArn['Fn::GetAtt'][0]);
    expect(new Set(used)).toEqual(new Set(roles));
    // aws-cdk-lib's shared per-target role is not made.
    expect(roles.some((id) => id.startsWith('SchedulerRoleForTarget'))).toBe(false);
  });

  test("StartTaskContact on the instance's contacts and the one target, SendMessage on the queue, nothing else", () => {
    // GIVEN / WHEN
    const { template } = stackWith({});
    // THEN
    expect(roleStatements(template)).toEqual([
      {
        Effect: 'Allow',
        Action: 'connect:StartTaskContact',
        Resource: [`${INSTANCE_ARN}/contact/*`, `${INSTANCE_ARN}/contact-flow/${FLOW_ID}`],
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/DeadLetterQueue/), 'Arn'] },
      },
    ]);
  });

  test('no statement of any role has a * resource', () => {
    const { template } = stackWith({}, { target: TaskTarget.quickConnect('cccccccc-1111-2222-3333-444444444444') });
    const resources = roleStatements(template).flatMap((s) => [s.Resource].flat());
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((r: unknown) => r === '*')).toEqual([]);
  });

  test('only Scheduler, for schedules of this account and group, may assume the role', () => {
    const { template } = stackWith({});
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': '111122223333',
                'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('ScheduleGroup'), 'Arn'] },
              },
            },
          },
        ],
      },
    });
  });

  test('a customer managed key adds kms:Decrypt on that key; a KMS-encrypted queue adds its key', () => {
    // GIVEN
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
    const scheduleKey = new kms.Key(stack, 'ScheduleKey');
    const queueKey = new kms.Key(stack, 'QueueKey');
    const deadLetterQueue = new sqs.Queue(stack, 'Dlq', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: queueKey });
    // WHEN
    new RecurringTask(stack, 'Task', { ...base, key: scheduleKey, deadLetterQueue });
    // THEN
    const template = Template.fromStack(stack);
    const statements = roleStatements(template);
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ScheduleKey/), 'Arn'] },
    });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] },
    });
    expect(statements.flatMap((s) => [s.Resource].flat()).filter((r: unknown) => r === '*')).toEqual([]);
  });
});

describe('RecurringTask: what the tasks of a stack share', () => {
  test('one dead-letter queue and one schedule group for the stack: encrypted, TLS only, 14 days', () => {
    const { template } = stackWith({}, { name: 'Second' }, { name: 'Third' });
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    const groups = [0, 1, 2].map((i) => scheduleOf(template, i).GroupName);
    expect(new Set(groups).size).toBe(1);
  });

  test('a task given its own queue and group makes neither shared one', () => {
    // GIVEN
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
    const deadLetterQueue = new sqs.Queue(stack, 'MyQueue', { enforceSSL: true });
    const scheduleGroup = new scheduler.ScheduleGroup(stack, 'MyGroup', { scheduleGroupName: 'reminders' });
    // WHEN
    new RecurringTask(stack, 'Task', { ...base, deadLetterQueue, scheduleGroup });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    expect(scheduleOf(template)).toMatchObject({
      GroupName: 'reminders',
      Target: { DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^MyQueue/), 'Arn'] } } },
    });
  });
});

describe('RecurringTask: checked at synth time', () => {
  test('fails if the name is too long, naming the construct path and the prop', () => {
    expect(errorOf({ name: 'x'.repeat(1025) })).toThrow(
      /RecurringTask TestStack\/Task0 is invalid: name: must NOT have more than 1024 characters/,
    );
  });

  test('fails if an attribute key has characters Connect rejects', () => {
    expect(errorOf({ attributes: { 'team name': 'ops' } })).toThrow(/TestStack\/Task0 is invalid: attributes\.team name: key must match/);
  });

  test('fails if a reference type cannot be created or a URL is malformed', () => {
    expect(errorOf({ references: { runbook: { type: ReferenceType.URL, value: 'not a url' } } })).toThrow(
      /references\.runbook\.Value: a URL reference must be an absolute http or https URL/,
    );
  });

  test('fails if the attributes exceed 32,768 bytes once the scheduled time is in them, counted at its longest', () => {
    // 'scheduledTime' (13 bytes) + its value at 20 bytes; the placeholder itself is 30.
    const filler = (bytes: number) => ({ a: 'x'.repeat(bytes - 1) });
    const atLimit = filler(32_768 - 13 - 20);
    expect(() => stackWith({ attributes: atLimit, scheduledTimeAttribute: 'scheduledTime' })).not.toThrow();
    expect(errorOf({ attributes: filler(32_768 - 13 - 20 + 1), scheduledTimeAttribute: 'scheduledTime' })).toThrow(
      /attributes: attribute keys and values total 32769 UTF-8 bytes; the limit is 32768/,
    );
  });

  test('fails if a context attribute in the name would make it too long at its longest value', () => {
    // The placeholder is 28 characters; the schedule ARN it becomes may be 209.
    const name = `${'n'.repeat(900)} <aws.scheduler.schedule-arn>`;
    expect(name.length).toBeLessThanOrEqual(1024);
    expect(errorOf({ name })).toThrow(/name: must NOT have more than 1024 characters/);
  });

  test('fails if the content uses the execution id or attempt number, which differ between retries', () => {
    expect(errorOf({ description: 'run <aws.scheduler.execution-id>' })).toThrow(
      /^RecurringTask TestStack\/Task0: it uses <aws.scheduler.execution-id>, which change on every attempt/,
    );
    expect(errorOf({ attributes: { attempt: '<aws.scheduler.attempt-number>' } })).toThrow(/<aws.scheduler.attempt-number>/);
  });

  test('fails if scheduledTimeAttribute is also an attribute key, or not a valid key', () => {
    expect(errorOf({ attributes: { run: 'x' }, scheduledTimeAttribute: 'run' })).toThrow(
      /scheduledTimeAttribute "run" is also a key of attributes/,
    );
    expect(errorOf({ scheduledTimeAttribute: 'run time' })).toThrow(/attributes\.run time: key must match/);
  });

  test.each([
    ['minute 99', scheduler.ScheduleExpression.cron({ minute: '99', hour: '9' }), /minutes value 99 is outside 0-59/],
    ['hour 24', scheduler.ScheduleExpression.expression('cron(0 24 * * ? *)'), /hours value 24 is outside 0-23/],
    ['day-of-week 0', scheduler.ScheduleExpression.expression('cron(0 9 ? * 0 *)'), /day-of-week value 0 is outside 1-7 or SUN-SAT/],
    ['year 2200', scheduler.ScheduleExpression.expression('cron(0 9 * * ? 2200)'), /year value 2200 is outside 1970-2199/],
    ['both day fields', scheduler.ScheduleExpression.expression('cron(0 9 * * MON *)'), /put \? in one of them/],
    ['five fields', scheduler.ScheduleExpression.expression('cron(0 9 * * ?)'), /has 6 fields .* this one has 5/],
    [
      'a month name typo',
      scheduler.ScheduleExpression.expression('cron(0 9 1 JANUARY ? *)'),
      /month value "JANUARY" is not a number or JAN-DEC/,
    ],
    [
      'an unknown time zone',
      scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.of('Mars/Olympus') }),
      /"Mars\/Olympus" is not an IANA time zone/,
    ],
    [
      'a time zone in the wrong case',
      scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.of('europe/london') }),
      /must be written "Europe\/London"/,
    ],
    ['a February 30th', scheduler.ScheduleExpression.expression('at(2030-02-30T09:00:00)'), /not a real calendar date/],
  ])('fails on a schedule with %s, naming the construct', (_, schedule, message) => {
    expect(errorOf({ schedule })).toThrow(/RecurringTask TestStack\/Task0: the schedule is not valid for EventBridge Scheduler/);
    expect(errorOf({ schedule })).toThrow(message);
  });

  test.each([
    ['cron(0/15 8-17 ? * MON-FRI *)'],
    ['cron(0 9 L * ? *)'],
    ['cron(0 9 LW * ? *)'],
    ['cron(0 9 15W * ? *)'],
    ['cron(0 9 ? * 6L *)'],
    ['cron(0 9 ? JAN,APR,JUL,OCT MON#1 *)'],
    ['cron(30 22 ? * FRI-MON 2030-2035)'],
    ['rate(5 minutes)'],
  ])('accepts %s', (expression) => {
    expect(() => stackWith({ schedule: scheduler.ScheduleExpression.expression(expression) })).not.toThrow();
  });

  test.each([
    [
      'retryAttempts 186',
      { retryAttempts: 186 },
      /retryAttempts is 186; EventBridge Scheduler retries a whole number of times from 0 to 185/,
    ],
    ['retryAttempts 1.5', { retryAttempts: 1.5 }, /retryAttempts is 1.5/],
    [
      'maxEventAge 30 seconds',
      { maxEventAge: Duration.seconds(30) },
      /maxEventAge is 30 seconds; EventBridge Scheduler allows whole seconds from Duration.minutes\(1\) to Duration.hours\(24\)/,
    ],
    ['maxEventAge 25 hours', { maxEventAge: Duration.hours(25) }, /maxEventAge is 1 day 1 hour/],
    ['timeWindow 90 seconds', { timeWindow: Duration.seconds(90) }, /timeWindow is 1 minute 30 seconds; .* whole minutes/],
    ['timeWindow 25 hours', { timeWindow: Duration.hours(25) }, /timeWindow is 1 day 1 hour/],
    [
      'expiry 91 days',
      { expiry: Duration.days(91) },
      /RecurringTask TestStack\/Task0: expiry is 91 days; a task expires after 1 to 129600 whole minutes/,
    ],
  ])('fails on %s', (_, props, message) => {
    expect(errorOf(props)).toThrow(message);
  });

  test('fails if the stack is in another region or account than the instance', () => {
    const stack = new Stack(new App(), 'UsStack', { env: { account: '111122223333', region: 'us-east-1' } });
    expect(() => new RecurringTask(stack, 'Task', base)).toThrow(
      /RecurringTask UsStack\/Task: the instance is in 111122223333\/eu-west-2 but the stack deploys to 111122223333\/us-east-1/,
    );
  });

  test("an environment-agnostic stack asserts the instance's region and account at deploy time", () => {
    const stack = new Stack(new App(), 'AnyStack');
    new RecurringTask(stack, 'Task', base);
    const { Rules: rules } = Template.fromStack(stack).toJSON() as { Rules: Record<string, { Assertions: Array<{ Assert: unknown }> }> };
    const [rule] = Object.entries(rules)
      .filter(([id]) => id.startsWith('TaskInstanceInStackRegion'))
      .map(([, r]) => r);
    expect(rule.Assertions[0].Assert).toEqual({
      'Fn::And': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-2'] }, { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '111122223333'] }],
    });
  });
});

describe('RecurringTask: warnings', () => {
  const warningsOf = (stack: Stack) =>
    Annotations.fromStack(stack)
      .findWarning('*', Match.anyValue())
      .map((w) => `${w.id} ${typeof w.entry.data === 'string' ? w.entry.data : JSON.stringify(w.entry.data)}`);

  test('a start or end in the past, or an at() that has passed, is a warning', () => {
    const { stack } = stackWith(
      { start: inDays(-1) },
      { end: inDays(-1), start: inDays(-2) },
      { schedule: scheduler.ScheduleExpression.at(inDays(-3)) },
    );
    const warnings = warningsOf(stack);
    expect(warnings).toContainEqual(expect.stringMatching(/^\/TestStack\/Task0 start .* is in the past/));
    expect(warnings).toContainEqual(expect.stringMatching(/^\/TestStack\/Task1 end .* is in the past: the schedule starts no task/));
    expect(warnings).toContainEqual(expect.stringMatching(/^\/TestStack\/Task2 The one-time schedule at\(.*\) \(Etc\/UTC\) has passed/));
  });

  const crowded =
    /RecurringTasks of this stack start a task at .* UTC, and Connect's default StartTaskContact quota is 2 a second with bursts of 5/;
  const countCrowded = (stack: Stack) => warningsOf(stack).filter((w) => crowded.test(w)).length;

  test('six tasks firing in the same minute with no timeWindow: a warning on each', () => {
    const { stack } = stackWith({}, {}, {}, {}, {}, {});
    expect(countCrowded(stack)).toBe(6);
  });

  test('five tasks in the same minute, or six with a timeWindow, or six at different minutes: no warning', () => {
    expect(countCrowded(stackWith({}, {}, {}, {}, {}).stack)).toBe(0);
    const windowed = { timeWindow: Duration.minutes(5) };
    expect(countCrowded(stackWith(windowed, windowed, windowed, windowed, windowed, windowed).stack)).toBe(0);
    const atMinute = (minute: number) => ({
      schedule: scheduler.ScheduleExpression.cron({ minute: String(minute), hour: '9', timeZone: TimeZone.EUROPE_LONDON }),
    });
    expect(countCrowded(stackWith(atMinute(0), atMinute(1), atMinute(2), atMinute(3), atMinute(4), atMinute(5)).stack)).toBe(0);
  });

  test('time zones are compared as instants: 09:00 London and 09:00 UTC meet in winter', () => {
    const london = { schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.EUROPE_LONDON }) };
    const utc = { schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9' }) };
    const newYork = { schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.AMERICA_NEW_YORK }) };
    expect(countCrowded(stackWith(london, london, london, utc, utc, utc).stack)).toBe(6);
    expect(countCrowded(stackWith(london, london, london, newYork, newYork, newYork).stack)).toBe(0);
  });

  test("a quarterly and a daily schedule meet on the quarter's first Monday", () => {
    const daily = { schedule: scheduler.ScheduleExpression.expression('cron(0 9 * * ? *)') };
    const quarterly = { schedule: scheduler.ScheduleExpression.expression('cron(0 9 ? JAN,APR,JUL,OCT MON#1 *)') };
    expect(countCrowded(stackWith(daily, daily, daily, quarterly, quarterly, quarterly).stack)).toBe(6);
  });
});
