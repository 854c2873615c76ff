import { randomUUID } from 'node:crypto';
import { targetArn } from '../lib/contract';
import { instanceOf, type OperationContext } from './operations';
import type { Instance, TaskTemplate } from './state';
import { ConnectError } from './wire';

/**
 * The task template operations: CreateTaskTemplate, GetTaskTemplate, UpdateTaskTemplate and
 * ListTaskTemplates, on the paths and shapes of the service model. Beyond the model's shapes
 * (checked before an operation runs), each enforces what the model's PropertyValidationException
 * reasons name: a referenced flow that exists (REFERENCED_RESOURCE_NOT_FOUND), a template name not
 * taken in the instance (RESOURCE_NAME_ALREADY_EXISTS) and field names used once
 * (UNIQUE_CONSTRAINT_VIOLATED). The rules the AWS::Connect::TaskTemplate reference adds (a NAME
 * field; a flow or a QUICK_CONNECT field) are the TaskTemplate construct's, not checked here:
 * StartTaskContact's API reference documents templates without a flow.
 */

type Input = Record<string, unknown>;

/** The members CreateTaskTemplate and UpdateTaskTemplate set on a template. */
const DEFINITION_MEMBERS = [
  'Name',
  'Description',
  'ContactFlowId',
  'SelfAssignFlowId',
  'Status',
  'Fields',
  'Constraints',
  'Defaults',
] as const;

export function createTaskTemplate(ctx: OperationContext, input: Input): { Id: string; Arn: string } {
  const instance = instanceOf(ctx, input);
  const id = randomUUID();
  const now = new Date(ctx.now());
  const template: TaskTemplate = {
    Id: id,
    Arn: targetArn(instance.arn, 'TaskTemplateId', id),
    InstanceId: instance.id,
    Name: input.Name as string,
    Status: 'ACTIVE',
    Fields: [],
    CreatedTime: now,
    LastModifiedTime: now,
  };
  define(instance, template, input);
  instance.templates.set(id, template);
  return { Id: id, Arn: template.Arn };
}

export function getTaskTemplate(ctx: OperationContext, input: Input): TaskTemplate {
  return templateOf(instanceOf(ctx, input), input.TaskTemplateId);
}

/** Replaces the members the request carries; the others stay as they were. */
export function updateTaskTemplate(ctx: OperationContext, input: Input): TaskTemplate {
  const instance = instanceOf(ctx, input);
  const template = templateOf(instance, input.TaskTemplateId);
  define(instance, template, input);
  template.LastModifiedTime = new Date(ctx.now());
  return template;
}

/** The instance's templates, filtered by status and name, a page of `MaxResults` (default 100) at a time. */
export function listTaskTemplates(ctx: OperationContext, input: Input): object {
  const instance = instanceOf(ctx, input);
  const matching = [...instance.templates.values()].filter(
    (t) => (input.Status === undefined || t.Status === input.Status) && (input.Name === undefined || t.Name === input.Name),
  );
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  if (!Number.isInteger(start) || start < 0 || start > matching.length) {
    throw new ConnectError('InvalidParameterException', 'The NextToken is not valid.');
  }
  const size = Number(input.MaxResults ?? 100);
  const page = matching.slice(start, start + size);
  return {
    TaskTemplates: page.map(({ Id, Arn, Name, Description, Status, CreatedTime, LastModifiedTime }) => ({
      Id,
      Arn,
      Name,
      Description,
      Status,
      CreatedTime,
      LastModifiedTime,
    })),
    NextToken: start + size < matching.length ? String(start + size) : undefined,
  };
}

function templateOf(instance: Instance, templateId: unknown): TaskTemplate {
  const template = instance.templates.get(templateId as string);
  if (!template) throw new ConnectError('ResourceNotFoundException', 'Task template not found.');
  return template;
}

/** Checks the definition members the request carries against the instance, then sets them. */
function define(instance: Instance, template: TaskTemplate, input: Input): void {
  const problems: Array<{ PropertyPath: string; Reason: string; Message: string }> = [];
  for (const member of ['ContactFlowId', 'SelfAssignFlowId'] as const) {
    const flowId = input[member];
    if (flowId !== undefined && !instance.contactFlows.some((f) => f.id === flowId)) {
      problems.push({ PropertyPath: member, Reason: 'REFERENCED_RESOURCE_NOT_FOUND', Message: 'Contact flow not found.' });
    }
  }
  const name = input.Name;
  if (name !== undefined && [...instance.templates.values()].some((t) => t !== template && t.Name === name)) {
    problems.push({
      PropertyPath: 'Name',
      Reason: 'RESOURCE_NAME_ALREADY_EXISTS',
      Message: 'A task template with this name already exists.',
    });
  }
  const fieldNames = ((input.Fields as Array<{ Id: { Name: string } }> | undefined) ?? []).map((f) => f.Id.Name);
  fieldNames.forEach((fieldName, i) => {
    if (fieldNames.indexOf(fieldName) !== i) {
      problems.push({ PropertyPath: `Fields[${i}].Id.Name`, Reason: 'UNIQUE_CONSTRAINT_VIOLATED', Message: 'Field names must be unique.' });
    }
  });
  if (problems.length > 0) {
    throw new ConnectError('PropertyValidationException', 'The task template is not valid.', undefined, { PropertyList: problems });
  }
  const definition = template as unknown as Record<string, unknown>;
  for (const member of DEFINITION_MEMBERS) if (input[member] !== undefined) definition[member] = input[member];
}
