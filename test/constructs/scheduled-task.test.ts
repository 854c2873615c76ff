import { describe, expect, test } from '@jest/globals';
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ReferenceType, ScheduledTask, type ScheduledTaskProps, TaskSchedule, TaskTarget } from '../../lib';
import { connectStatements, type PolicyProperties, resourcesOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const OTHER_INSTANCE_ARN = 'arn:aws:connect:us-east-1:111122223333:instance/99999999-2222-3333-4444-555555555555';
const FLOW = TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444');
const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000);

const base: ScheduledTaskProps = {
  instanceArn: INSTANCE_ARN,
  target: FLOW,
  name: 'Quarterly account review',
  schedule: TaskSchedule.after(Duration.hours(2)),
};

function stackWith(...tasks: Array<Partial<ScheduledTaskProps>>): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'TestStack');
  tasks.forEach((props, i) => new ScheduledTask(stack, `Task${i}`, { ...base, ...props }));
  return { stack, template: Template.fromStack(stack) };
}

describe('ScheduledTask', () => {
  test('one provider and one handler for three ScheduledTasks', () => {
    // GIVEN / WHEN a stack, from stackWith(), holding three ScheduledTasks on two instances
    const { template } = stackWith({}, { name: 'Second' }, { name: 'Third', instanceArn: OTHER_INSTANCE_ARN });
    // THEN there are three task resources
    template.resourceCountIs('Custom::ConnectScheduledTask', 3);
    // AND two functions, the handler and the Provider framework's entry function, whatever the number of tasks
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
  });

  test('the resource carries the task request, the schedule and the delete policy', () => {
    // GIVEN / WHEN a ScheduledTask with a description, an attribute, a URL reference, a 24-hour expiry and cancelOnDelete off
    const { template } = stackWith({
      description: 'Check the account',
      attributes: { accountId: '42' },
      references: { runbook: { type: ReferenceType.URL, value: 'https://wiki.example.com/runbook' } },
      expiry: Duration.hours(24),
      cancelOnDelete: false,
    });
    // THEN the resource carries the Connect task request, the schedule in seconds, the delete policy and the construct path
    template.hasResourceProperties('Custom::ConnectScheduledTask', {
      InstanceArn: INSTANCE_ARN,
      TaskRequest: Match.serializedJson({
        Name: 'Quarterly account review',
        Description: 'Check the account',
        ContactFlowId: 'aaaaaaaa-1111-2222-3333-444444444444',
        Attributes: { accountId: '42' },
        References: { runbook: { Type: 'URL', Value: 'https://wiki.example.com/runbook' } },
        SegmentAttributes: { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 1440 } } } },
      }),
      Schedule: Match.serializedJson({ AfterSeconds: 7200 }),
      CancelOnDelete: 'false',
      MaxScheduleAheadSeconds: String(6 * 86400),
      // Names the construct in deploy-time failures.
      ConstructPath: 'TestStack/Task0',
    });
  });

  test('TaskSchedule.at passes the instant', () => {
    // GIVEN an instant in 2030, within a ten-year maxScheduleAhead
    const at = new Date('2030-01-01T09:00:00Z');
    // WHEN a ScheduledTask is scheduled at it
    const { template } = stackWith({ schedule: TaskSchedule.at(at), maxScheduleAhead: Duration.days(3650) });
    // THEN the resource's schedule is that instant, in ISO form
    template.hasResourceProperties('Custom::ConnectScheduledTask', { Schedule: Match.serializedJson({ At: '2030-01-01T09:00:00.000Z' }) });
  });

  test('the custom resource is exposed', () => {
    // GIVEN a stack
    const stack = new Stack();
    // WHEN a ScheduledTask is added with the base props
    const task = new ScheduledTask(stack, 'T', base);
    // THEN its resource refers to the task's custom resource
    expect(stack.resolve(task.resource.ref)).toEqual({ Ref: expect.stringMatching(/^T/) });
  });

  test('contactId is the ContactId attribute, and chains one task to another', () => {
    // GIVEN a first ScheduledTask
    const stack = new Stack();
    const first = new ScheduledTask(stack, 'First', base);
    // WHEN a follow-up task names the first one's contactId as its previous contact
    new ScheduledTask(stack, 'FollowUp', { ...base, name: 'Follow up', previousContactId: first.contactId });
    // THEN the follow-up's task request reads the first resource's ContactId attribute
    const { Ref: firstId } = stack.resolve(first.resource.ref) as { Ref: string };
    Template.fromStack(stack).hasResourceProperties('Custom::ConnectScheduledTask', {
      TaskRequest: {
        'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [firstId, 'ContactId'] }])],
      },
    });
  });

  test('IAM: the four contact actions under each instance, StartTaskContact on each exact target, nothing else', () => {
    // GIVEN / WHEN a stack with one task on a contact flow and one on a task template, on the same instance
    const { template } = stackWith({}, { target: TaskTarget.taskTemplate('tttttttt-1111-2222-3333-444444444444') });
    // THEN the Connect grants are the four contact actions on the instance's contacts and StartTaskContact on each target
    const grants = connectStatements(template).flatMap((s) =>
      [s.Action].flat().flatMap((action) => [s.Resource].flat().map((r) => `${action} ${String(r)}`)),
    );
    expect(grants.sort()).toEqual([
      `connect:DescribeContact ${INSTANCE_ARN}/contact/*`,
      `connect:StartTaskContact ${INSTANCE_ARN}/contact-flow/aaaaaaaa-1111-2222-3333-444444444444`,
      `connect:StartTaskContact ${INSTANCE_ARN}/contact/*`,
      `connect:StartTaskContact ${INSTANCE_ARN}/task-template/tttttttt-1111-2222-3333-444444444444`,
      `connect:StopContact ${INSTANCE_ARN}/contact/*`,
      `connect:UpdateContactSchedule ${INSTANCE_ARN}/contact/*`,
    ]);
  });

  test("each instance's permissions are a policy the task depends on, so a delete runs before they go", () => {
    // GIVEN / WHEN a stack, from stackWith(), holding three ScheduledTasks on two instances
    const { template } = stackWith({}, { name: 'Second' }, { name: 'Third', instanceArn: OTHER_INSTANCE_ARN });
    // THEN there is one policy per instance, each on the shared handler's role
    const policies = resourcesOf<PolicyProperties>(template, 'AWS::IAM::Policy', {
      Properties: { PolicyName: Match.stringLikeRegexp('InstancePolicy') },
    });
    expect(Object.keys(policies)).toHaveLength(2);
    const policyOf = (instanceArn: string) =>
      Object.entries(policies).find(([, p]) =>
        p.Properties.PolicyDocument.Statement.some((s) => [s.Resource].flat().includes(`${instanceArn}/contact/*`)),
      )![0];
    // AND each task depends on the policy of its own instance
    const tasks = resourcesOf<{ InstanceArn: string }>(template, 'Custom::ConnectScheduledTask');
    for (const [id, task] of Object.entries(tasks)) {
      const instanceArn = task.Properties.InstanceArn;
      expect({ id, dependsOn: task.DependsOn }).toEqual({ id, dependsOn: expect.arrayContaining([policyOf(instanceArn)]) });
    }
  });

  test('no role has a managed policy; the framework function writes only to its own log group', () => {
    // GIVEN / WHEN a stack, from stackWith(), holding one ScheduledTask
    const { template } = stackWith({});
    // THEN no role has a managed policy
    template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
    // AND the framework function's role writes only to its own log group
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('FrameworkRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('FrameworkLogGroup'), 'Arn'] },
          },
        ]),
      },
    });
  });

  describe('prop validation', () => {
    test.each<[string, Partial<ScheduledTaskProps>, RegExp]>([
      ['an empty name', { name: '' }, /name: must NOT have fewer than 1 characters/],
      ['a name of 1025 characters', { name: 'n'.repeat(1025) }, /name: must NOT have more than 1024 characters/],
      ['an attribute key with a dot', { attributes: { 'a.b': 'x' } }, /attributes\.a\.b: key must match/],
      [
        'attributes over 32,768 bytes',
        { attributes: { a: '€'.repeat(11_000) } },
        /attributes: attribute keys and values total 33001 UTF-8 bytes; the limit is 32768/,
      ],
      [
        'a malformed URL reference',
        { references: { r: { type: ReferenceType.URL, value: 'not a url' } } },
        /references\.r\.Value: a URL reference must be/,
      ],
      [
        'a schedule beyond maxScheduleAhead',
        { schedule: TaskSchedule.at(inHours(24 * 7)) },
        /schedule: .* is more than 6 days ahead; the latest allowed is/,
      ],
      [
        'a relative schedule beyond maxScheduleAhead',
        { schedule: TaskSchedule.after(Duration.days(30)) },
        /schedule: .* is more than 6 days ahead/,
      ],
      [
        'a fractional maxScheduleAhead',
        { maxScheduleAhead: Duration.millis(1500) },
        /^ScheduledTask TestStack\/Task0: maxScheduleAhead is 1 second 500 millis; it must be a whole number of seconds/,
      ],
      [
        'an instance ARN of something else',
        { instanceArn: 'arn:aws:s3:::bucket' },
        /^ScheduledTask TestStack\/Task0: instanceArn "arn:aws:s3:::bucket" is not an Amazon Connect instance ARN/,
      ],
      [
        'an expiry in seconds',
        { expiry: Duration.seconds(90) },
        /^ScheduledTask TestStack\/Task0: expiry is 1 minute 30 seconds; a task expires after 1 to 129600 whole minutes/,
      ],
      ['an expiry beyond 90 days', { expiry: Duration.days(91) }, /expiry is 91 days; a task expires after 1 to 129600 whole minutes/],
    ])('fails if given %s', (_, props, error) => {
      // GIVEN / WHEN a ScheduledTask is added with the bad prop THEN synthesis fails, naming the prop and the rule
      expect(() => stackWith(props)).toThrow(error);
    });

    test('a TaskSchedule.at that has passed is a warning naming the construct path, and the stack still synthesizes', () => {
      // GIVEN a task whose date has gone by (deployed back when it was to come)
      const at = inHours(-1);
      // WHEN the stack is synthesized
      const { stack, template } = stackWith({ schedule: TaskSchedule.at(at) });
      // THEN a warning says so and what happens next
      Annotations.fromStack(stack).hasWarning(
        '/TestStack/Task0',
        Match.stringLikeRegexp(
          `ScheduledTask TestStack/Task0: its schedule, ${at.toISOString()}, has passed.*creating it.*fails the deploy`,
        ),
      );
      // AND the resource is unchanged
      template.hasResourceProperties('Custom::ConnectScheduledTask', { Schedule: Match.serializedJson({ At: at.toISOString() }) });
    });

    test('a schedule still to come gives no warning', () => {
      // GIVEN / WHEN a stack with one task at an instant an hour ahead and one an hour after deploy
      const { stack } = stackWith({ schedule: TaskSchedule.at(inHours(1)) }, { schedule: TaskSchedule.after(Duration.hours(1)) });
      // THEN the stack has no warning
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('a passed schedule still has the rest of the task checked', () => {
      // GIVEN / WHEN a task whose date has gone by is also given an empty name
      // THEN synthesis fails on the name, not only warns about the date
      expect(() => stackWith({ schedule: TaskSchedule.at(inHours(-1)), name: '' })).toThrow(
        /ScheduledTask TestStack\/Task0: the task is invalid: name/,
      );
    });

    test('fails naming the construct path', () => {
      // GIVEN / WHEN a task with an empty name THEN the error names its construct path
      expect(() => stackWith({ name: '' })).toThrow(/ScheduledTask TestStack\/Task0: the task is invalid/);
    });

    test('a schedule beyond 6 days is fine when maxScheduleAhead allows it', () => {
      // GIVEN / WHEN a task 30 days ahead, with a maxScheduleAhead of 90 days THEN synthesis succeeds
      expect(() => stackWith({ schedule: TaskSchedule.at(inHours(24 * 30)), maxScheduleAhead: Duration.days(90) })).not.toThrow();
    });

    test('TaskSchedule.after takes whole seconds: the error names the factory, the duration and the fix', () => {
      // GIVEN / WHEN / THEN a delay of 1.5 s fails, naming TaskSchedule.after(), the duration and a whole-second example
      expect(() => TaskSchedule.after(Duration.millis(1500))).toThrow(
        /^TaskSchedule.after\(\) is 1 second 500 millis; it must be a whole number of seconds, at least 0: e.g. Duration.seconds\(2\)\.$/,
      );
    });

    test('TaskSchedule.at refuses an invalid Date: the error names the factory, the value and the fix', () => {
      // GIVEN a Date parsed from something that is not a date
      const date = new Date('next Thursday');
      // WHEN / THEN scheduling at it fails, naming TaskSchedule.at() and asking for a real instant
      expect(() => TaskSchedule.at(date)).toThrow(
        /^TaskSchedule.at\(\) was given an invalid Date \(Invalid Date\)\. Pass a real instant, e.g\./,
      );
    });

    test('a relative schedule of exactly maxScheduleAhead is fine', () => {
      // GIVEN / WHEN a task 6 days after deploy, the default maxScheduleAhead THEN synthesis succeeds
      expect(() => stackWith({ schedule: TaskSchedule.after(Duration.days(6)) })).not.toThrow();
    });

    test('tokens are left to the deploy-time check', () => {
      // GIVEN a name and an attribute value that are stack parameters, unknown at synth time
      const stack = new Stack();
      const name = new CfnParameter(stack, 'TaskName').valueAsString;
      const account = new CfnParameter(stack, 'Account').valueAsString;
      // WHEN / THEN a ScheduledTask using them synthesizes without a synth-time check failing
      expect(() => new ScheduledTask(stack, 'T', { ...base, name, attributes: { account } })).not.toThrow();
    });

    test('a target id from a token is routed, and left to the deploy-time check', () => {
      // GIVEN a contact flow id that is a stack parameter
      const stack = new Stack();
      const flowId = new CfnParameter(stack, 'FlowId').valueAsString;
      // WHEN a ScheduledTask targets that flow
      new ScheduledTask(stack, 'T', { ...base, target: TaskTarget.contactFlow(flowId) });
      // THEN the task request carries the parameter's reference for the deploy-time check
      Template.fromStack(stack).hasResourceProperties('Custom::ConnectScheduledTask', {
        TaskRequest: { 'Fn::Join': ['', Match.arrayWith([{ Ref: 'FlowId' }])] },
      });
    });
  });
});
