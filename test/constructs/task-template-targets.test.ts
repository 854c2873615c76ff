import { describe, expect, test } from '@jest/globals';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  RecurringTask,
  ReferenceType,
  ScheduledTask,
  TaskApi,
  TaskSchedule,
  TaskTarget,
  TaskTemplate,
  TaskTemplateField,
  type TaskReference,
} from '../../lib';
import { START_TASK_ENV } from '../../lib/contract';
import { connectStatements, resourcesOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const OTHER_INSTANCE_ARN = 'arn:aws:connect:us-east-1:111122223333:instance/99999999-2222-3333-4444-555555555555';

function callbackTemplate(stack: Stack, instanceArn = INSTANCE_ARN): TaskTemplate {
  return new TaskTemplate(stack, 'Callback', {
    instanceArn,
    name: 'Customer callback',
    contactFlow: 'aaaaaaaa-1111-2222-3333-444444444444',
    fields: [
      TaskTemplateField.name({ required: true }),
      TaskTemplateField.text('Account', { required: true }),
      TaskTemplateField.singleSelect('Priority', ['low', 'high'], { default: 'low', required: true }),
      TaskTemplateField.url('Ticket'),
    ],
  });
}

describe('TaskTarget.template', () => {
  test("a TaskApi's function names the template's exact ARN and carries its fields", () => {
    // GIVEN a template
    const stack = new Stack(new App(), 'TestStack');
    const template = callbackTemplate(stack);
    // WHEN a TaskApi allows only it
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, allowedTargets: [TaskTarget.template(template)] });
    const synthesized = Template.fromStack(stack);
    // THEN StartTaskContact is allowed on the contacts and on the template's ARN, the resource's Arn attribute
    const arn = { 'Fn::GetAtt': [stack.getLogicalId(template.resource), 'Arn'] };
    const startTask = connectStatements(synthesized).find((s) => [s.Action].flat().includes('connect:StartTaskContact'));
    expect(startTask?.Resource).toEqual([`${INSTANCE_ARN}/contact/*`, arn]);
    // AND the function's environment describes the template: the fields a request fills in, required ones without a default
    const env = Object.values(resourcesOf<{ Environment?: { Variables?: Record<string, unknown> } }>(synthesized, 'AWS::Lambda::Function'))
      .map((fn) => fn.Properties.Environment?.Variables)
      .find((vars) => vars?.[START_TASK_ENV.taskTemplates] !== undefined);
    const joined = JSON.stringify(env?.[START_TASK_ENV.taskTemplates]);
    expect(joined).toContain('{\\"name\\":\\"Account\\",\\"type\\":\\"TEXT\\",\\"required\\":true}');
    expect(joined).toContain('{\\"name\\":\\"Priority\\",\\"type\\":\\"SINGLE_SELECT\\",\\"options\\":[\\"low\\",\\"high\\"]}');
  });

  test('a template given only by id reaches no function: Connect judges requests for it', () => {
    // GIVEN an existing template named by id
    const stack = new Stack(new App(), 'TestStack');
    const existing = TaskTemplate.fromTaskTemplateId(stack, 'Existing', INSTANCE_ARN, 'bbbbbbbb-1111-2222-3333-444444444444');
    // WHEN a TaskApi allows it
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, allowedTargets: [TaskTarget.template(existing)] });
    // THEN IAM names its ARN and no function carries template rules
    const synthesized = Template.fromStack(stack);
    const startTask = connectStatements(synthesized).find((s) => [s.Action].flat().includes('connect:StartTaskContact'));
    expect(startTask?.Resource).toEqual([
      `${INSTANCE_ARN}/contact/*`,
      `${INSTANCE_ARN}/task-template/bbbbbbbb-1111-2222-3333-444444444444`,
    ]);
    expect(JSON.stringify(synthesized.toJSON())).not.toContain(START_TASK_ENV.taskTemplates);
  });

  test('fails if the template belongs to another instance', () => {
    // GIVEN a template of another instance
    const stack = new Stack(new App(), 'TestStack');
    const template = callbackTemplate(stack, OTHER_INSTANCE_ARN);
    // WHEN a TaskApi of this instance targets it / THEN
    expect(() => new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, allowedTargets: [TaskTarget.template(template)] })).toThrow(
      /the task template TestStack\/Callback belongs to instance .*us-east-1.*, not .*eu-west-2.*Target a template of the same instance/,
    );
  });

  test("fails if the templates' fields do not fit in the functions' environment", () => {
    // GIVEN ten templates with wordy single selects
    const stack = new Stack(new App(), 'TestStack');
    const options = Array.from({ length: 30 }, (_, i) => `A rather long option number ${i}`);
    const targets = Array.from({ length: 10 }, (_, i) =>
      TaskTarget.template(
        new TaskTemplate(stack, `Template${i}`, {
          instanceArn: INSTANCE_ARN,
          name: `Template ${i}`,
          contactFlow: 'aaaaaaaa-1111-2222-3333-444444444444',
          fields: [TaskTemplateField.name({ required: true }), TaskTemplateField.singleSelect('Choice', options)],
        }),
      ),
    );
    // WHEN a TaskApi allows them all / THEN
    expect(() => new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, allowedTargets: targets })).toThrow(
      /task templates among its targets take \d+ bytes of the functions' environment; at most 3072/,
    );
  });

  describe('ScheduledTask and RecurringTask contents are checked against the template at synth time', () => {
    const scheduled = (stack: Stack, references: Record<string, TaskReference>) =>
      new ScheduledTask(stack, 'Reminder', {
        instanceArn: INSTANCE_ARN,
        target: TaskTarget.template(callbackTemplate(stack)),
        name: 'Call Ada back',
        references,
        schedule: TaskSchedule.after(Duration.hours(2)),
      });
    const recurring = (stack: Stack, references: Record<string, TaskReference>) =>
      new RecurringTask(stack, 'Weekly', {
        instanceArn: INSTANCE_ARN,
        target: TaskTarget.template(callbackTemplate(stack)),
        name: 'Weekly callback',
        references,
        schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', weekDay: 'MON', timeZone: TimeZone.EUROPE_LONDON }),
      });
    const account = { type: ReferenceType.STRING, value: '42' };

    test.each([
      ['ScheduledTask', scheduled],
      ['RecurringTask', recurring],
    ])("%s with the template's required fields given synthesizes", (_kind, declare) => {
      // GIVEN / WHEN a task giving the required Account field (Priority has a default)
      const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
      // THEN it synthesizes
      expect(() =>
        declare(stack, { Account: account, Ticket: { type: ReferenceType.URL, value: 'https://crm.example.com/1' } }),
      ).not.toThrow();
    });

    test.each([
      ['ScheduledTask', scheduled],
      ['RecurringTask', recurring],
    ])('%s fails if a required field is missing, a field is unknown or an option is not offered', (kind, declare) => {
      // GIVEN a stack
      const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-2' } });
      // WHEN a task leaves out Account, adds Notes and picks an option the select does not offer / THEN each is named
      expect(() => declare(stack, { Notes: account, Priority: { type: ReferenceType.STRING, value: 'urgent' } })).toThrow(
        new RegExp(
          `${kind} TestStack/\\w+: the task is invalid: references\\.Notes: the task template has no field of this name; its fields are Account, Priority, Ticket; ` +
            "references\\.Priority\\.Value: must be one of the field's options \\(low, high\\); references\\.Account: is required by the task template",
        ),
      );
    });
  });
});
