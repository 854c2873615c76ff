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
    // GIVEN / WHEN a weekday 09:00 London RecurringTask, from stackWith(), with a description, an attribute, a reference, an expiry and a scheduled-time attribute
    const { template } = stackWith({
      description: 'Look at what came in overnight',
      attributes: { team: 'ops' },
      references: { runbook: { type: ReferenceType.URL, value: 'https://wiki.example.com/overnight' } },
      expiry: Duration.hours(8),
      scheduledTimeAttribute: 'scheduledTime',
    });
    // THEN the schedule keeps the cron and its time zone
    const schedule = scheduleOf(template);
    expect(schedule.ScheduleExpression).toBe('cron(0 9 ? * MON-FRI *)');
    expect(schedule.ScheduleExpressionTimezone).toBe('Europe/London');
    // AND its target is Connect's StartTaskContact through the universal target
    expect(schedule.Target.Arn).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:connect:startTaskContact']],
    });
    // AND its Input is the task request, with the scheduled time as an attribute and a ClientToken per occurrence
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
    // GIVEN / WHEN a RecurringTask with the base props, from stackWith()
    const { template } = stackWith({});
    // THEN its ClientToken is the schedule ARN and the scheduled time, the same on every retry of an occurrence
    const input = JSON.parse(scheduleOf(template).Target.Input) as { ClientToken: string };
    expect(input.ClientToken).toBe('<aws.scheduler.schedule-arn>|<aws.scheduler.scheduled-time>');
    // AND the Input never uses the execution id or the attempt number
    expect(scheduleOf(template).Target.Input).not.toMatch(/execution-id|attempt-number/);
  });

  test('defaults: 185 retries within 1 hour, then the dead-letter queue; exact time; enabled', () => {
    // GIVEN / WHEN a RecurringTask with the base props, from stackWith()
    const { template } = stackWith({});
    // THEN the schedule is enabled, fires at the exact time, retries 185 times within an hour, then uses the shared dead-letter queue
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
    // GIVEN a KMS key, and a start 10 days and an end 400 days ahead
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
    const key = new kms.Key(stack, 'Key');
    const [start, end] = [inDays(10), inDays(400)];
    // WHEN a disabled RecurringTask with a 5-minute window, those dates, 10 retries within 30 minutes and that key is added
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
    // THEN each of them reaches the schedule
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
    // GIVEN 14 March next year at 10:30
    const date = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, 14, 10, 30));
    // WHEN a RecurringTask is scheduled once at it, London time
    const { template } = stackWith({ schedule: scheduler.ScheduleExpression.at(date, TimeZone.EUROPE_LONDON) });
    // THEN the schedule expression is at() with that wall-clock time, to the second
    expect(scheduleOf(template).ScheduleExpression).toBe(`at(${date.toISOString().slice(0, 19)})`);
  });

  test('the instance id comes from an instance ARN given as a token', () => {
    // GIVEN an instance ARN that is a stack parameter
    const stack = new Stack(new App(), 'TestStack');
    const arn = new CfnParameter(stack, 'InstanceArn').valueAsString;
    // WHEN a RecurringTask is added on that instance
    new RecurringTask(stack, 'Task', { ...base, instanceArn: arn });
    // THEN the Input's InstanceId is the part of the ARN after its first slash, taken at deploy time
    expect(scheduleOf(Template.fromStack(stack)).Target.Input).toEqual({
      'Fn::Join': ['', expect.arrayContaining([{ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'InstanceArn' }] }] }])],
    });
  });

  test('the resources are exposed: schedule, group, dead-letter queue, role', () => {
    // GIVEN / WHEN a RecurringTask with the base props
    const stack = new Stack();
    const task = new RecurringTask(stack, 'Task', base);
    // THEN its schedule, schedule group, dead-letter queue and role are the ones in the stack
    expect(stack.resolve(task.schedule.scheduleArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TaskSchedule/), 'Arn'] });
    expect(stack.resolve(task.scheduleGroup.scheduleGroupArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/ScheduleGroup/), 'Arn'] });
    expect(stack.resolve(task.deadLetterQueue.queueArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DeadLetterQueue/), 'Arn'] });
    expect(stack.resolve(task.role.roleArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TaskRole/), 'Arn'] });
  });

  test("metricSentToDLQ counts the group's occurrences sent to a dead-letter queue", () => {
    // GIVEN a RecurringTask with the base props
    const stack = new Stack();
    const task = new RecurringTask(stack, 'Task', base);
    // WHEN its dead-letter metric is asked for
    const metric = task.metricSentToDLQ();
    // THEN it is Scheduler's InvocationsSentToDeadLetterCount for the task's schedule group
    expect(metric.namespace).toBe('AWS/Scheduler');
    expect(metric.metricName).toBe('InvocationsSentToDeadLetterCount');
    expect(stack.resolve(metric.dimensions)).toEqual({ ScheduleGroup: stack.resolve(task.scheduleGroup.scheduleGroupName) as unknown });
  });
});

describe('RecurringTask: IAM', () => {
  const roleStatements = (template: Template) =>
    Object.values(resourcesOf<PolicyProperties>(template, 'AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);

  test('each task has its own role, used by its own schedule only', () => {
    // GIVEN / WHEN two RecurringTasks, one on a contact flow and one on a task template
    const { template } = stackWith({}, { name: 'Second', target: TaskTarget.taskTemplate('bbbbbbbb-1111-2222-3333-444444444444') });
    // THEN there are two roles, and each schedule uses a different one
    const roles = Object.keys(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(2);
    const used = [0, 1].map((i) => scheduleOf(template, i).Target.RoleArn['Fn::GetAtt'][0]);
    expect(new Set(used)).toEqual(new Set(roles));
    // AND aws-cdk-lib's shared per-target role is not made
    expect(roles.some((id) => id.startsWith('SchedulerRoleForTarget'))).toBe(false);
  });

  test("StartTaskContact on the instance's contacts and the one target, SendMessage on the queue, nothing else", () => {
    // GIVEN / WHEN a RecurringTask with the base props, from stackWith()
    const { template } = stackWith({});
    // THEN its role may start tasks on the instance's contacts and its one flow, and send to the dead-letter queue, and nothing else
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
    // GIVEN / WHEN two RecurringTasks, one on a contact flow and one on a quick connect
    const { template } = stackWith({}, { target: TaskTarget.quickConnect('cccccccc-1111-2222-3333-444444444444') });
    // THEN their roles' statements have resources, none of them *
    const resources = roleStatements(template).flatMap((s) => [s.Resource].flat());
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((r: unknown) => r === '*')).toEqual([]);
  });

  test('only Scheduler, for schedules of this account and group, may assume the role', () => {
    // GIVEN / WHEN a RecurringTask with the base props, from stackWith()
    const { template } = stackWith({});
    // THEN its role trusts scheduler.amazonaws.com only, for this account and the task's schedule group
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
    // GIVEN a customer managed key for the schedule, and a dead-letter queue encrypted with another key
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
    const scheduleKey = new kms.Key(stack, 'ScheduleKey');
    const queueKey = new kms.Key(stack, 'QueueKey');
    const deadLetterQueue = new sqs.Queue(stack, 'Dlq', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: queueKey });
    // WHEN a RecurringTask uses both
    new RecurringTask(stack, 'Task', { ...base, key: scheduleKey, deadLetterQueue });
    // THEN its role may decrypt with the schedule's key
    const template = Template.fromStack(stack);
    const statements = roleStatements(template);
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ScheduleKey/), 'Arn'] },
    });
    // AND may encrypt for the queue with the queue's key
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] },
    });
    // AND no statement has a * resource
    expect(statements.flatMap((s) => [s.Resource].flat()).filter((r: unknown) => r === '*')).toEqual([]);
  });
});

describe('RecurringTask: what the tasks of a stack share', () => {
  test('one dead-letter queue and one schedule group for the stack: encrypted, TLS only, 14 days', () => {
    // GIVEN / WHEN three RecurringTasks in one stack, from stackWith()
    const { template } = stackWith({}, { name: 'Second' }, { name: 'Third' });
    // THEN there is one queue, encrypted, that keeps messages 14 days, and one schedule group
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    // AND the queue refuses requests that are not over TLS
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    // AND the three schedules are in the same group
    const groups = [0, 1, 2].map((i) => scheduleOf(template, i).GroupName);
    expect(new Set(groups).size).toBe(1);
  });

  test('a task given its own queue and group makes neither shared one', () => {
    // GIVEN a queue and a schedule group of the user's own
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
    const deadLetterQueue = new sqs.Queue(stack, 'MyQueue', { enforceSSL: true });
    const scheduleGroup = new scheduler.ScheduleGroup(stack, 'MyGroup', { scheduleGroupName: 'reminders' });
    // WHEN a RecurringTask is given them
    new RecurringTask(stack, 'Task', { ...base, deadLetterQueue, scheduleGroup });
    // THEN the stack holds only those, and the schedule uses them
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
    // GIVEN / WHEN a RecurringTask named with 1025 characters THEN it fails, naming its path and the name prop
    expect(errorOf({ name: 'x'.repeat(1025) })).toThrow(
      /RecurringTask TestStack\/Task0: the task is invalid: name: must NOT have more than 1024 characters/,
    );
  });

  test('fails if an attribute key has characters Connect rejects', () => {
    // GIVEN / WHEN a RecurringTask with an attribute key containing a space THEN it fails, naming the key
    expect(errorOf({ attributes: { 'team name': 'ops' } })).toThrow(
      /TestStack\/Task0: the task is invalid: attributes\.team name: key must match/,
    );
  });

  test('fails if a reference type cannot be created or a URL is malformed', () => {
    // GIVEN / WHEN a RecurringTask with a URL reference that is not a URL THEN it fails, naming the reference
    expect(errorOf({ references: { runbook: { type: ReferenceType.URL, value: 'not a url' } } })).toThrow(
      /references\.runbook\.Value: a URL reference must be an absolute http or https URL/,
    );
  });

  test('fails if the attributes exceed 32,768 bytes once the scheduled time is in them, counted at its longest', () => {
    // GIVEN attributes that fill 32,768 bytes once 'scheduledTime' (13 bytes) and its value at 20 bytes are added; the placeholder itself is 30
    const filler = (bytes: number) => ({ a: 'x'.repeat(bytes - 1) });
    const atLimit = filler(32_768 - 13 - 20);
    // WHEN / THEN a RecurringTask with them and the scheduled-time attribute synthesizes
    expect(() => stackWith({ attributes: atLimit, scheduledTimeAttribute: 'scheduledTime' })).not.toThrow();
    // AND one byte more fails, giving the total and the limit
    expect(errorOf({ attributes: filler(32_768 - 13 - 20 + 1), scheduledTimeAttribute: 'scheduledTime' })).toThrow(
      /attributes: attribute keys and values total 32769 UTF-8 bytes; the limit is 32768/,
    );
  });

  test('fails if a context attribute in the name would make it too long at its longest value', () => {
    // GIVEN a name of at most 1024 characters holding the schedule ARN placeholder, which is 28 characters but may become 209
    const name = `${'n'.repeat(900)} <aws.scheduler.schedule-arn>`;
    expect(name.length).toBeLessThanOrEqual(1024);
    // WHEN / THEN a RecurringTask with that name fails, as it would be too long once the ARN is in
    expect(errorOf({ name })).toThrow(/name: must NOT have more than 1024 characters/);
  });

  test('fails if the content uses the execution id or attempt number, which differ between retries', () => {
    // GIVEN / WHEN a RecurringTask whose description uses the execution id THEN it fails, naming the placeholder and why
    expect(errorOf({ description: 'run <aws.scheduler.execution-id>' })).toThrow(
      /^RecurringTask TestStack\/Task0: it uses <aws.scheduler.execution-id>, which change on every attempt/,
    );
    // AND one whose attribute uses the attempt number fails too
    expect(errorOf({ attributes: { attempt: '<aws.scheduler.attempt-number>' } })).toThrow(/<aws.scheduler.attempt-number>/);
  });

  test('fails if scheduledTimeAttribute is also an attribute key, or not a valid key', () => {
    // GIVEN / WHEN a RecurringTask whose scheduledTimeAttribute is already an attribute key THEN it fails, saying so
    expect(errorOf({ attributes: { run: 'x' }, scheduledTimeAttribute: 'run' })).toThrow(
      /scheduledTimeAttribute "run" is also a key of attributes/,
    );
    // AND one whose scheduledTimeAttribute contains a space fails as an attribute key would
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
    // GIVEN / WHEN a RecurringTask with a schedule EventBridge Scheduler would reject
    // THEN it fails, naming the construct path
    expect(errorOf({ schedule })).toThrow(/RecurringTask TestStack\/Task0: the schedule is not valid for EventBridge Scheduler/);
    // AND the message names the field or value at fault
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
    // GIVEN / WHEN a RecurringTask with a valid cron or rate expression THEN it synthesizes
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
    // GIVEN / WHEN a RecurringTask with a retry, age, window or expiry out of range THEN it fails, naming the prop, the value and the range
    expect(errorOf(props)).toThrow(message);
  });

  test('fails if retryAttempts and timeWindow are both out of range, naming both in one error', () => {
    // GIVEN / WHEN / THEN a RecurringTask with too many retries and a 90-second window fails once, listing both
    expect(errorOf({ retryAttempts: 186, timeWindow: Duration.seconds(90) })).toThrow(
      /^RecurringTask TestStack\/Task0: 2 props are invalid:\n- retryAttempts is 186;.*\n- timeWindow is 1 minute 30 seconds;/,
    );
  });

  test('fails if the stack is in another region or account than the instance', () => {
    // GIVEN a stack in us-east-1, while the instance is in eu-west-2
    const stack = new Stack(new App(), 'UsStack', { env: { account: '111122223333', region: 'us-east-1' } });
    // WHEN a RecurringTask is added THEN it fails, naming both places
    expect(() => new RecurringTask(stack, 'Task', base)).toThrow(
      /RecurringTask UsStack\/Task: the instance is in 111122223333\/eu-west-2 but the stack deploys to 111122223333\/us-east-1/,
    );
  });

  test("an environment-agnostic stack asserts the instance's region and account at deploy time", () => {
    // GIVEN a stack with no account or region
    const stack = new Stack(new App(), 'AnyStack');
    // WHEN a RecurringTask is added
    new RecurringTask(stack, 'Task', base);
    // THEN a template rule asserts at deploy time that the stack's region and account are the instance's
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
    // GIVEN / WHEN three RecurringTasks: one starting yesterday, one that ended yesterday, one at() three days ago
    const { stack } = stackWith(
      { start: inDays(-1) },
      { end: inDays(-1), start: inDays(-2) },
      { schedule: scheduler.ScheduleExpression.at(inDays(-3)) },
    );
    // THEN each gets a warning at its path, saying what has passed
    const warnings = warningsOf(stack);
    expect(warnings).toContainEqual(expect.stringMatching(/^\/TestStack\/Task0 start .* is in the past/));
    expect(warnings).toContainEqual(expect.stringMatching(/^\/TestStack\/Task1 end .* is in the past: the schedule starts no task/));
    expect(warnings).toContainEqual(expect.stringMatching(/^\/TestStack\/Task2 The one-time schedule at\(.*\) \(Etc\/UTC\) has passed/));
  });

  const crowded =
    /RecurringTasks of this stack start a task at .* UTC \(.*\), more than the quota's burst of 5 \(Connect's default, 2 a second with bursts of 5/;
  const countCrowded = (stack: Stack) => warningsOf(stack).filter((w) => crowded.test(w)).length;

  test('six tasks firing in the same minute with no timeWindow: a warning on each', () => {
    // GIVEN / WHEN six RecurringTasks on the same weekday 09:00 schedule, with no timeWindow
    const { stack } = stackWith({}, {}, {}, {}, {}, {});
    // THEN each gets the warning that together they exceed Connect's default StartTaskContact quota
    expect(countCrowded(stack)).toBe(6);
  });

  test('five tasks in the same minute, or six with a timeWindow, or six at different minutes: no warning', () => {
    // GIVEN / WHEN five RecurringTasks in the same minute THEN there is no crowding warning
    expect(countCrowded(stackWith({}, {}, {}, {}, {}).stack)).toBe(0);
    // AND six with a 5-minute timeWindow give none
    const windowed = { timeWindow: Duration.minutes(5) };
    expect(countCrowded(stackWith(windowed, windowed, windowed, windowed, windowed, windowed).stack)).toBe(0);
    // AND six at six different minutes give none
    const atMinute = (minute: number) => ({
      schedule: scheduler.ScheduleExpression.cron({ minute: String(minute), hour: '9', timeZone: TimeZone.EUROPE_LONDON }),
    });
    expect(countCrowded(stackWith(atMinute(0), atMinute(1), atMinute(2), atMinute(3), atMinute(4), atMinute(5)).stack)).toBe(0);
  });

  test('time zones are compared as instants: 09:00 London and 09:00 UTC meet in winter', () => {
    // GIVEN 09:00 schedules in London, UTC and New York
    const london = { schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.EUROPE_LONDON }) };
    const utc = { schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9' }) };
    const newYork = { schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.AMERICA_NEW_YORK }) };
    // WHEN / THEN three London and three UTC tasks meet in winter, when London is on UTC, and all six are warned
    expect(countCrowded(stackWith(london, london, london, utc, utc, utc).stack)).toBe(6);
    // AND three London and three New York tasks never meet
    expect(countCrowded(stackWith(london, london, london, newYork, newYork, newYork).stack)).toBe(0);
  });

  test("a quarterly and a daily schedule meet on the quarter's first Monday", () => {
    // GIVEN a daily 09:00 UTC schedule and one on the first Monday of each quarter at 09:00 UTC
    const daily = { schedule: scheduler.ScheduleExpression.expression('cron(0 9 * * ? *)') };
    const quarterly = { schedule: scheduler.ScheduleExpression.expression('cron(0 9 ? JAN,APR,JUL,OCT MON#1 *)') };
    // WHEN / THEN three of each meet on that Monday, and all six are warned
    expect(countCrowded(stackWith(daily, daily, daily, quarterly, quarterly, quarterly).stack)).toBe(6);
  });
});
