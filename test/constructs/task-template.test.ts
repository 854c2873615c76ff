import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TaskTemplate, TaskTemplateField, type TaskTemplateProps, TaskTemplateStatus } from '../../lib';
import { requireTool } from '../../local/required-tool';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const FLOW_ID = 'aaaaaaaa-1111-2222-3333-444444444444';

const base: TaskTemplateProps = {
  instanceArn: INSTANCE_ARN,
  name: 'Customer callback',
  contactFlow: FLOW_ID,
  fields: [TaskTemplateField.name({ required: true }), TaskTemplateField.text('Account', { required: true })],
};

function templateWith(props: Partial<TaskTemplateProps>): { stack: Stack; template: TaskTemplate } {
  const stack = new Stack(new App(), 'TestStack');
  return { stack, template: new TaskTemplate(stack, 'Callback', { ...base, ...props }) };
}

const withFields =
  (...fields: TaskTemplateField[]) =>
  () =>
    templateWith({ fields: [TaskTemplateField.name({ required: true }), ...fields] });

describe('TaskTemplate', () => {
  test('synthesizes fields, constraints, defaults, the flow and the status', () => {
    // GIVEN / WHEN a template with a required text field, a read-only single select with a default and a hidden number
    const { stack } = templateWith({
      description: 'Call the customer back',
      fields: [
        TaskTemplateField.name({ required: true }),
        TaskTemplateField.text('Account', { required: true, description: 'The account number' }),
        TaskTemplateField.singleSelect('Priority', ['low', 'high'], { default: 'low', readOnly: true }),
        TaskTemplateField.number('Attempts', { invisible: true }),
      ],
    });
    // THEN the resource carries each of them in CloudFormation's shape
    Template.fromStack(stack).hasResourceProperties('AWS::Connect::TaskTemplate', {
      InstanceArn: INSTANCE_ARN,
      Name: 'Customer callback',
      Description: 'Call the customer back',
      ContactFlowArn: `${INSTANCE_ARN}/contact-flow/${FLOW_ID}`,
      Status: 'ACTIVE',
      Fields: [
        { Id: { Name: 'Name' }, Type: 'NAME' },
        { Id: { Name: 'Account' }, Type: 'TEXT', Description: 'The account number' },
        { Id: { Name: 'Priority' }, Type: 'SINGLE_SELECT', SingleSelectOptions: ['low', 'high'] },
        { Id: { Name: 'Attempts' }, Type: 'NUMBER' },
      ],
      Constraints: {
        RequiredFields: [{ Id: { Name: 'Name' } }, { Id: { Name: 'Account' } }],
        ReadOnlyFields: [{ Id: { Name: 'Priority' } }],
        InvisibleFields: [{ Id: { Name: 'Attempts' } }],
      },
      Defaults: [{ Id: { Name: 'Priority' }, DefaultValue: 'low' }],
    });
  });

  test('templateId is the last part of the template ARN', () => {
    // GIVEN a template
    const { stack, template } = templateWith({});
    // WHEN its id and ARN are resolved
    const resolved: unknown = stack.resolve({ id: template.templateId, arn: template.templateArn });
    // THEN the ARN is the resource's Arn attribute and the id its fourth slash-separated part
    const arn = { 'Fn::GetAtt': [stack.getLogicalId(template.resource), 'Arn'] };
    expect(resolved).toEqual({ arn, id: { 'Fn::Select': [3, { 'Fn::Split': ['/', arn] }] } });
  });

  test('an inactive template without a flow but with a quick connect field is valid', () => {
    // GIVEN / WHEN a template with no contactFlow, a QUICK_CONNECT field and status INACTIVE
    const { stack } = templateWith({
      contactFlow: undefined,
      status: TaskTemplateStatus.INACTIVE,
      fields: [TaskTemplateField.name({ required: true }), TaskTemplateField.quickConnect()],
    });
    // THEN it synthesizes without a flow
    Template.fromStack(stack).hasResourceProperties('AWS::Connect::TaskTemplate', { ContactFlowArn: Match.absent(), Status: 'INACTIVE' });
  });

  test('fromTaskTemplateId names an existing template', () => {
    // GIVEN a stack
    const stack = new Stack(new App(), 'TestStack');
    // WHEN an existing template is named by its id
    const imported = TaskTemplate.fromTaskTemplateId(stack, 'Existing', INSTANCE_ARN, 'bbbbbbbb-1111-2222-3333-444444444444');
    // THEN its ARN is the instance's task-template ARN
    expect(imported.templateArn).toBe(`${INSTANCE_ARN}/task-template/bbbbbbbb-1111-2222-3333-444444444444`);
  });

  describe('Connect rules, checked at synth time', () => {
    test('fails if there is no NAME field', () => {
      // GIVEN / WHEN a template whose only field is a text field / THEN
      expect(() => templateWith({ fields: [TaskTemplateField.text('Account')] })).toThrow(
        /TaskTemplate TestStack\/Callback: .*fields: has no NAME field; add TaskTemplateField\.name\(\{ required: true \}\)/,
      );
    });

    test('fails if there are two NAME fields', () => {
      // GIVEN / WHEN a template with two NAME fields / THEN
      expect(withFields(TaskTemplateField.name({ required: true, fieldName: 'Title' }))).toThrow(/has 2 NAME fields; keep exactly one/);
    });

    test('fails if the NAME field is not required', () => {
      // GIVEN / WHEN a template whose NAME field is optional / THEN
      expect(() => templateWith({ fields: [TaskTemplateField.name()] })).toThrow(
        /fields\[0\] \(NAME "Name"\): the NAME field must be required; pass \{ required: true \}/,
      );
    });

    test('fails if there is neither a contact flow nor a QUICK_CONNECT field', () => {
      // GIVEN / WHEN a template without contactFlow or a quick connect field / THEN
      expect(() => templateWith({ contactFlow: undefined })).toThrow(
        /contactFlow: the template has neither a contact flow nor a QUICK_CONNECT field/,
      );
    });

    test('fails if two fields share a name', () => {
      // GIVEN / WHEN two fields named Account / THEN
      expect(withFields(TaskTemplateField.text('Account'), TaskTemplateField.number('Account'))).toThrow(
        /fields\[2\] \(NUMBER "Account"\): another field is also named "Account"/,
      );
    });

    test('fails if a single select has no options', () => {
      // GIVEN / WHEN a single select with an empty option list / THEN
      expect(withFields(TaskTemplateField.singleSelect('Priority', []))).toThrow(/a single select needs at least one option/);
    });

    test('fails if a single select has more than 50 options', () => {
      // GIVEN / WHEN a single select with 51 options / THEN
      const options = Array.from({ length: 51 }, (_, i) => `option ${i}`);
      expect(withFields(TaskTemplateField.singleSelect('Priority', options))).toThrow(/51 options; a single select has at most 50/);
    });

    test('fails if an option breaks the option pattern, is too long or is listed twice', () => {
      // GIVEN / WHEN options starting with a dash, of 101 characters, and repeated / THEN each is named
      const select = TaskTemplateField.singleSelect('Priority', ['-low', 'x'.repeat(101), 'high', 'high']);
      expect(withFields(select)).toThrow(
        /option "-low" may hold only letters.*option 1 has 101 characters; give 1 to 100.*option "high" is listed twice/,
      );
    });

    test("fails if a single select's default is not one of its options", () => {
      // GIVEN / WHEN a default outside the options / THEN
      expect(withFields(TaskTemplateField.singleSelect('Priority', ['low', 'high'], { default: 'urgent' }))).toThrow(
        /SINGLE_SELECT "Priority"\): the default must be one of the field's options \(low, high\)/,
      );
    });

    test.each([
      ['NUMBER', TaskTemplateField.number('Attempts', { default: 'three' }), /a decimal number for a NUMBER field/],
      ['BOOLEAN', TaskTemplateField.boolean('Urgent', { default: 'yes' }), /true or false for a BOOLEAN field/],
      ['URL', TaskTemplateField.url('Ticket', { default: 'not a url' }), /an absolute http or https URL for a URL field/],
      ['EMAIL', TaskTemplateField.email('Contact', { default: 'nobody' }), /an email address for a EMAIL field/],
      ['DATE_TIME', TaskTemplateField.dateTime('Due', { default: 'tomorrow' }), /an epoch timestamp .* for a DATE_TIME field/],
      ['TEXT', TaskTemplateField.text('Note', { default: 'x'.repeat(512) }), /at most 511 characters for a TEXT field/],
      ['TEXT_AREA', TaskTemplateField.textArea('Notes', { default: 'x'.repeat(4096) }), /at most 4095 characters for a TEXT_AREA field/],
    ])('fails if a %s default does not fit its field', (_type, field, message) => {
      // GIVEN / WHEN a default of the wrong form for its field / THEN
      expect(withFields(field)).toThrow(message);
    });

    test('fails if a default is empty', () => {
      // GIVEN / WHEN an empty default / THEN
      expect(withFields(TaskTemplateField.text('Note', { default: '' }))).toThrow(
        /the default has 0 characters; give 1 to 4096, or no default/,
      );
    });

    test('fails if the name or the description is too long or empty', () => {
      // GIVEN / WHEN a 101-character name and an empty description / THEN both are named
      expect(() => templateWith({ name: 'n'.repeat(101), description: '' })).toThrow(
        /name: the template name has 101 characters; the limit is 100; description: the template description is empty/,
      );
      expect(() => templateWith({ description: 'd'.repeat(256) })).toThrow(/the template description has 256 characters; the limit is 255/);
    });

    test('fails if a field name or a field description is too long', () => {
      // GIVEN / WHEN a 101-character field name and a 256-character field description / THEN
      expect(withFields(TaskTemplateField.text('f'.repeat(101)))).toThrow(/the field name has 101 characters; the limit is 100/);
      expect(withFields(TaskTemplateField.text('Note', { description: 'd'.repeat(256) }))).toThrow(
        /the field description has 256 characters; the limit is 255/,
      );
    });

    test('fails if there are more than 50 fields', () => {
      // GIVEN / WHEN a NAME field and 50 text fields / THEN
      const texts = Array.from({ length: 50 }, (_, i) => TaskTemplateField.text(`Field ${i}`));
      expect(withFields(...texts)).toThrow(/fields: 51 fields; a template has at most 50/);
    });

    test('reports every broken rule at once', () => {
      // GIVEN / WHEN a template with no flow, no NAME field, a duplicate name and a bad default
      const broken = () =>
        templateWith({
          contactFlow: undefined,
          fields: [
            TaskTemplateField.text('Account'),
            TaskTemplateField.text('Account'),
            TaskTemplateField.boolean('Urgent', { default: 'no' }),
          ],
        });
      // THEN one error lists all four
      expect(broken).toThrow(/breaks 4 rule\(s\) of Amazon Connect: .*NAME.*contact flow.*also named "Account".*true or false/);
    });

    test('values only known at deploy time are left to Connect', () => {
      // GIVEN a name, a field name and a default from parameters
      const stack = new Stack(new App(), 'TestStack');
      const name = new CfnParameter(stack, 'Name').valueAsString;
      const fieldName = new CfnParameter(stack, 'FieldName').valueAsString;
      const value = new CfnParameter(stack, 'Default').valueAsString;
      // WHEN the template is declared / THEN none of them is judged
      expect(
        () =>
          new TaskTemplate(stack, 'Callback', {
            ...base,
            name,
            fields: [TaskTemplateField.name({ required: true }), TaskTemplateField.number(fieldName, { default: value })],
          }),
      ).not.toThrow();
    });
  });

  test('cfn-lint: no error on a template with every field type', () => {
    requireTool('cfn-lint', 'install it with `python3 -m pip install -r requirements-dev.txt`');
    // GIVEN a template with one field of each of the 14 field types
    const { stack } = templateWith({
      description: 'Every field type',
      selfAssignContactFlow: FLOW_ID,
      fields: [
        TaskTemplateField.name({ required: true, default: 'Call back' }),
        TaskTemplateField.description({ default: 'Call the customer back' }),
        TaskTemplateField.scheduledTime(),
        TaskTemplateField.quickConnect(),
        TaskTemplateField.selfAssign(),
        TaskTemplateField.expiryDuration(),
        TaskTemplateField.text('Account', { required: true }),
        TaskTemplateField.textArea('Notes', { readOnly: true }),
        TaskTemplateField.number('Attempts', { default: '3' }),
        TaskTemplateField.url('Ticket', { default: 'https://crm.example.com/tickets/1' }),
        TaskTemplateField.email('Contact', { default: 'ops@example.com' }),
        TaskTemplateField.dateTime('Due', { default: '1780392600' }),
        TaskTemplateField.boolean('Urgent', { default: 'false', invisible: true }),
        TaskTemplateField.singleSelect('Priority', ['low', 'high'], { default: 'low' }),
      ],
    });
    const file = join(mkdtempSync(join(tmpdir(), 'task-template-')), 'template.json');
    writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON()));
    // WHEN cfn-lint checks the synthesized template
    const result = spawnSync('cfn-lint', ['--format', 'parseable', file], { encoding: 'utf8' });
    // THEN it ran and found no error
    expect(result.error).toBeUndefined();
    expect(result.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line))).toEqual([]);
    expect(result.status! & 2).toBe(0);
  });
});
