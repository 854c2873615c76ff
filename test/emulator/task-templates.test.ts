import {
  CreateTaskTemplateCommand,
  type CreateTaskTemplateCommandInput,
  DescribeContactCommand,
  GetTaskTemplateCommand,
  InvalidRequestException,
  ListTaskTemplatesCommand,
  PropertyValidationException,
  ResourceNotFoundException,
  StartTaskContactCommand,
  UpdateTaskTemplateCommand,
} from '@aws-sdk/client-connect';
import { describe, expect, test } from '@jest/globals';
import { INSTANCE, rejectionOf, SEED, useEmulator } from './fixtures';

const running = useEmulator({ throttle: 'off' });
const FIELDED_TEMPLATE = SEED.instances[0].taskTemplates.find((t) => t.fields)!;

const create = (input: Partial<CreateTaskTemplateCommandInput> = {}) =>
  running.connect.send(
    new CreateTaskTemplateCommand({
      InstanceId: INSTANCE.id,
      Name: `Callback ${Math.random()}`,
      ContactFlowId: INSTANCE.flowId,
      Fields: [
        { Id: { Name: 'Name' }, Type: 'NAME' },
        { Id: { Name: 'Account' }, Type: 'TEXT' },
      ],
      Constraints: { RequiredFields: [{ Id: { Name: 'Name' } }] },
      ...input,
    }),
  );

describe('task templates in the Connect emulator', () => {
  test('GetTaskTemplate answers a seeded template with its fields, constraints and defaults', async () => {
    // GIVEN the seeded template with fields
    // WHEN it is read
    const template = await running.connect.send(
      new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: FIELDED_TEMPLATE.id }),
    );
    // THEN it carries what the seed declares, in the model's shapes
    expect(template).toMatchObject({
      Id: FIELDED_TEMPLATE.id,
      Arn: `${INSTANCE.arn}/task-template/${FIELDED_TEMPLATE.id}`,
      Name: 'Account callback',
      Status: 'ACTIVE',
      Fields: FIELDED_TEMPLATE.fields,
      Constraints: FIELDED_TEMPLATE.constraints,
      Defaults: FIELDED_TEMPLATE.defaults,
    });
    expect(template.CreatedTime).toBeInstanceOf(Date);
  });

  test('CreateTaskTemplate, UpdateTaskTemplate and ListTaskTemplates keep the template a test creates', async () => {
    // GIVEN a created template
    const { Id, Arn } = await create({ Name: 'Refund review' });
    expect(Arn).toBe(`${INSTANCE.arn}/task-template/${Id}`);
    // WHEN it is made inactive and listed by status
    await running.connect.send(new UpdateTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: Id, Status: 'INACTIVE' }));
    const inactive = await running.connect.send(new ListTaskTemplatesCommand({ InstanceId: INSTANCE.id, Status: 'INACTIVE' }));
    const read = await running.connect.send(new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: Id }));
    // THEN the list names it, and the update changed the status only
    expect(inactive.TaskTemplates?.map((t) => t.Name)).toContain('Refund review');
    expect(read).toMatchObject({
      Name: 'Refund review',
      Status: 'INACTIVE',
      ContactFlowId: INSTANCE.flowId,
      Fields: expect.any(Array) as unknown,
    });
    // AND a task cannot be created from it: "Tasks can only be created from ACTIVE templates"
    const refused = await rejectionOf(
      running.connect.send(new StartTaskContactCommand({ InstanceId: INSTANCE.id, Name: 'Refund', TaskTemplateId: Id })),
    );
    expect(refused).toBeInstanceOf(InvalidRequestException);
  });

  test('ListTaskTemplates pages with MaxResults and NextToken', async () => {
    // GIVEN the seeded templates and those created so far
    // WHEN they are listed one a page
    const first = await running.connect.send(new ListTaskTemplatesCommand({ InstanceId: INSTANCE.id, MaxResults: 1 }));
    const second = await running.connect.send(
      new ListTaskTemplatesCommand({ InstanceId: INSTANCE.id, MaxResults: 1, NextToken: first.NextToken }),
    );
    // THEN each page has one, and the pages differ
    expect(first.TaskTemplates).toHaveLength(1);
    expect(second.TaskTemplates).toHaveLength(1);
    expect(second.TaskTemplates![0].Id).not.toBe(first.TaskTemplates![0].Id);
  });

  test.each([
    ['an unknown contact flow', { ContactFlowId: 'aaaaaaaa-0000-0000-0000-000000000000' }, 'REFERENCED_RESOURCE_NOT_FOUND'],
    ['a name another template has', { Name: 'Account callback' }, 'RESOURCE_NAME_ALREADY_EXISTS'],
    [
      'two fields of one name',
      {
        Fields: [
          { Id: { Name: 'Name' }, Type: 'NAME' as const },
          { Id: { Name: 'Name' }, Type: 'TEXT' as const },
        ],
      },
      'UNIQUE_CONSTRAINT_VIOLATED',
    ],
  ])('CreateTaskTemplate fails with %s: PropertyValidationException', async (_case, input, reason) => {
    // GIVEN / WHEN a template that breaks the rule is created
    const error = await rejectionOf(create(input));
    // THEN Connect's PropertyValidationException names the property and the reason
    expect(error).toBeInstanceOf(PropertyValidationException);
    expect((error as PropertyValidationException).PropertyList?.[0]?.Reason).toBe(reason);
  });

  test('GetTaskTemplate of an unknown template is ResourceNotFoundException', async () => {
    // GIVEN / WHEN an unknown template is read / THEN
    const error = await rejectionOf(
      running.connect.send(new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: 'bbbbbbbb-0000-0000-0000-000000000000' })),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  test("StartTaskContact does not judge the template's fields, and the contact names its template", async () => {
    // GIVEN the seeded template whose Account field is required
    // WHEN a task is started from it without Account and with a reference that names no field
    const { ContactId } = await running.connect.send(
      new StartTaskContactCommand({
        InstanceId: INSTANCE.id,
        Name: 'Call back',
        TaskTemplateId: FIELDED_TEMPLATE.id,
        References: { Unknown: { Type: 'STRING', Value: 'x' } },
      }),
    );
    // THEN Connect creates it (no document says StartTaskContact checks them), and DescribeContact names the template
    const { Contact } = await running.connect.send(new DescribeContactCommand({ InstanceId: INSTANCE.id, ContactId }));
    expect(Contact?.TaskTemplateInfo).toEqual({ Arn: `${INSTANCE.arn}/task-template/${FIELDED_TEMPLATE.id}`, Name: 'Account callback' });
  });
});
