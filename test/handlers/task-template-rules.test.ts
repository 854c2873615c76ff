import { describe, expect, test } from '@jest/globals';
import { checkTemplateFields, knownTaskTemplate, type TaskTemplateFieldDefinition } from '../../lib/contract';

const field = (name: string, type: TaskTemplateFieldDefinition['type'], more: Partial<TaskTemplateFieldDefinition> = {}) => ({
  name,
  type,
  required: false,
  readOnly: false,
  invisible: false,
  ...more,
});

/** A template as the construct would describe it to the function. */
const template = knownTaskTemplate('tpl', {
  name: 'Callback',
  hasContactFlow: true,
  fields: [
    field('Name', 'NAME', { required: true }),
    field('Summary', 'DESCRIPTION', { required: true }),
    field('Account', 'TEXT', { required: true }),
    field('Priority', 'SINGLE_SELECT', { required: true, defaultValue: 'low', options: ['low', 'high'] }),
    field('Urgent', 'BOOLEAN'),
    field('Attempts', 'NUMBER'),
    field('Agent', 'SELF_ASSIGN', { required: true }),
  ],
});

describe("a request's values checked against a known task template", () => {
  test('a request that fills in every required field without a default passes', () => {
    // GIVEN / WHEN a request with a Description and the Account reference / THEN nothing is reported
    const request = { Name: 'Call back', Description: 'x', References: { Account: { Type: 'STRING', Value: '42' } } };
    expect(checkTemplateFields(template, request, 'create')).toEqual([]);
  });

  test('fails if a required system field is missing: it is named by its request member', () => {
    // GIVEN / WHEN a request without Description, whose template requires its DESCRIPTION field / THEN
    const request = { Name: 'Call back', References: { Account: { Type: 'STRING', Value: '42' } } };
    expect(checkTemplateFields(template, request, 'create')).toEqual([
      { path: '/Description', message: 'is required by the task template (its DESCRIPTION field "Summary")' },
    ]);
  });

  test("fails if a reference is not its field's reference type", () => {
    // GIVEN / WHEN Attempts (a NUMBER field) sent as a STRING reference / THEN
    const request = {
      Name: 'x',
      Description: 'x',
      References: { Account: { Type: 'STRING', Value: '42' }, Attempts: { Type: 'STRING', Value: '3' } },
    };
    expect(checkTemplateFields(template, request, 'create')).toEqual([
      { path: '/References/Attempts/Type', message: "must be NUMBER: the task template's field is NUMBER" },
    ]);
  });

  test('fails if a BOOLEAN value is neither true nor false', () => {
    // GIVEN / WHEN Urgent sent as yes / THEN
    const request = {
      Name: 'x',
      Description: 'x',
      References: { Account: { Type: 'STRING', Value: '42' }, Urgent: { Type: 'STRING', Value: 'yes' } },
    };
    expect(checkTemplateFields(template, request, 'create')).toEqual([
      { path: '/References/Urgent/Value', message: 'must be true or false for a BOOLEAN field' },
    ]);
  });

  test("TEXT's limit counts characters, not UTF-16 units", () => {
    // GIVEN 511 characters outside the BMP (1,022 UTF-16 units), and 512 of them
    const request = (n: number) => ({ Name: 'x', Description: 'x', References: { Account: { Type: 'STRING', Value: '😀'.repeat(n) } } });
    // WHEN each is checked / THEN only the 512 are refused
    expect(checkTemplateFields(template, request(511), 'create')).toEqual([]);
    expect(checkTemplateFields(template, request(512), 'create')).toEqual([
      { path: '/References/Account/Value', message: 'must be at most 511 characters for a TEXT field' },
    ]);
  });

  test('an update judges the references it carries and asks for no required field', () => {
    // GIVEN / WHEN a PATCH that changes Priority to an option not offered, and sends no Account / THEN only the option is reported
    const update = { References: { Priority: { Type: 'STRING', Value: 'urgent' } } };
    expect(checkTemplateFields(template, update, 'update')).toEqual([
      { path: '/References/Priority/Value', message: "must be one of the field's options (low, high)" },
    ]);
  });

  test('a field a request cannot fill in (SELF_ASSIGN) and a field with a default are never asked for', () => {
    // GIVEN the template described to the function / THEN only fields a request fills in travel, required only without a default
    expect(template.fields.map((f) => [f.name, f.required ?? false])).toEqual([
      ['Name', true],
      ['Summary', true],
      ['Account', true],
      ['Priority', false],
      ['Urgent', false],
      ['Attempts', false],
    ]);
  });
});
