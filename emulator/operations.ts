import { randomUUID } from 'node:crypto';
import { contactArn } from '../lib/contract';
import { canonicalJson } from './canonical-json';
import type { OperationName } from './model';
import {
  attributeViolations,
  referenceViolations,
  scheduleViolations,
  startTaskRuleViolations,
  TARGET_MEMBERS,
  type StartTaskInput,
} from './rules';
import { type Contact, type EmulatorState, type Instance, putAttributes, type TaskTemplate } from './state';
import { createTaskTemplate, getTaskTemplate, listTaskTemplates, updateTaskTemplate } from './task-templates';
import { ConnectError } from './wire';

/** What an operation runs against: the state, the clock, the schedule window, and where its contact events go. */
export interface OperationContext {
  readonly state: EmulatorState;
  readonly now: () => number;
  readonly maxScheduleAheadSeconds: number;
  /** Emits the contact event of `eventType` for a task, as it stands now. */
  readonly emit: (contact: Contact, eventType: string) => void;
}

type Input = Record<string, unknown>;

/** 12 task contacts may share one PreviousContactId (the StartTaskContact API reference). */
export const CHAIN_LIMIT = 12;

export const OPERATIONS: Record<OperationName, (ctx: OperationContext, input: Input) => unknown> = {
  StartTaskContact: startTaskContact,
  DescribeContact: describeContact,
  StopContact: stopContact,
  UpdateContactSchedule: updateContactSchedule,
  GetTaskTemplate: getTaskTemplate,
  CreateTaskTemplate: createTaskTemplate,
  UpdateTaskTemplate: updateTaskTemplate,
  ListTaskTemplates: listTaskTemplates,
  UpdateContact: updateContact,
  UpdateContactAttributes: updateContactAttributes,
  GetContactAttributes: getContactAttributes,
  ListContactReferences: listContactReferences,
};

export function instanceOf(ctx: OperationContext, input: Input): Instance {
  const instance = ctx.state.instances.get(input.InstanceId as string);
  if (!instance) throw new ConnectError('ResourceNotFoundException', 'Instance not found.');
  return instance;
}

/** A contact of the instance; `missing` is the error an operation answers for an unknown one. */
function contactOf(ctx: OperationContext, instance: Instance, contactId: unknown, missing: string): Contact {
  const contact = ctx.state.contacts.get(contactId as string);
  if (!contact || contact.instanceId !== instance.id) throw new ConnectError(missing, 'Contact not found.');
  return contact;
}

const isScheduled = (ctx: OperationContext, contact: Contact) =>
  !contact.DisconnectTimestamp && contact.ScheduledTimestamp !== undefined && contact.ScheduledTimestamp.getTime() > ctx.now();

function startTaskContact(ctx: OperationContext, raw: Input): { ContactId: string } {
  const input = raw as StartTaskInput;
  const instance = instanceOf(ctx, input);
  const { ClientToken, ...request } = input;
  const fingerprint = canonicalJson(request);
  const tokenKey = ClientToken ? `${instance.id}/${ClientToken}` : undefined;
  const earlier = tokenKey ? ctx.state.clientTokens.get(tokenKey) : undefined;
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) {
      throw new ConnectError('InvalidRequestException', 'ClientToken was already used with different request parameters.');
    }
    return { ContactId: earlier.contactId };
  }

  const violations = startTaskRuleViolations(input, { now: ctx.now(), maxScheduleAheadSeconds: ctx.maxScheduleAheadSeconds });
  if (violations.length > 0) throw new ConnectError('InvalidRequestException', violations.join(' '));
  const template = checkTarget(instance, input);
  const previous =
    input.PreviousContactId === undefined ? undefined : contactOf(ctx, instance, input.PreviousContactId, 'ResourceNotFoundException');
  const related =
    input.RelatedContactId === undefined ? undefined : contactOf(ctx, instance, input.RelatedContactId, 'ResourceNotFoundException');
  checkQuotas(ctx, instance, previous);

  const id = randomUUID();
  // A chain shares one attribute map; a related contact's attributes are copied, never shared.
  const attributes = previous ? previous.Attributes : {};
  putAttributes(attributes, related?.Attributes);
  putAttributes(attributes, input.Attributes);
  const contact: Contact = {
    Id: id,
    Arn: contactArn(instance.arn, id),
    instanceId: instance.id,
    Channel: 'TASK',
    InitiationMethod: 'API',
    Name: input.Name as string,
    Description: input.Description as string | undefined,
    Attributes: attributes,
    References: input.References,
    SegmentAttributes: input.SegmentAttributes,
    PreviousContactId: previous?.Id,
    RelatedContactId: related?.Id,
    target: Object.fromEntries(TARGET_MEMBERS.map((m) => [m, input[m]])) as Contact['target'],
    TaskTemplateInfo: template && { Arn: template.Arn, Name: template.Name },
    InitiationTimestamp: new Date(ctx.now()),
    LastUpdateTimestamp: new Date(ctx.now()),
    ScheduledTimestamp: input.ScheduledTime === undefined ? undefined : new Date(input.ScheduledTime * 1000),
  };
  ctx.state.contacts.set(id, contact);
  if (tokenKey) ctx.state.clientTokens.set(tokenKey, { fingerprint, contactId: id });
  ctx.emit(contact, 'INITIATED');
  return { ContactId: id };
}

/**
 * The flow, template or quick connect must exist, and a template be active and bring a flow; the
 * template, if any. The values a task gives for a template's fields are not judged: no document
 * says StartTaskContact checks them.
 */
function checkTarget(instance: Instance, input: StartTaskInput): TaskTemplate | undefined {
  if (input.ContactFlowId !== undefined && !instance.contactFlows.some((f) => f.id === input.ContactFlowId)) {
    throw new ConnectError('ResourceNotFoundException', 'Contact flow not found.');
  }
  if (input.QuickConnectId !== undefined && !instance.quickConnects.some((q) => q.id === input.QuickConnectId)) {
    throw new ConnectError('ResourceNotFoundException', 'Quick connect not found.');
  }
  if (input.TaskTemplateId !== undefined) {
    const template = instance.templates.get(input.TaskTemplateId as string);
    if (!template) throw new ConnectError('ResourceNotFoundException', 'Task template not found.');
    // "Tasks can only be created from ACTIVE templates" (CreateTaskTemplate API reference, Status).
    if (template.Status === 'INACTIVE') throw new ConnectError('InvalidRequestException', 'Task template is inactive.');
    if (!template.ContactFlowId && input.ContactFlowId === undefined) {
      throw new ConnectError('InvalidRequestException', 'Task template has no contact flow; cannot identify the flow to run.');
    }
    return template;
  }
  return undefined;
}

function checkQuotas(ctx: OperationContext, instance: Instance, previous: Contact | undefined): void {
  if (previous) {
    const chained = [...ctx.state.contacts.values()].filter((c) => c.PreviousContactId === previous.Id).length;
    if (chained >= CHAIN_LIMIT) {
      throw new ConnectError('ServiceQuotaExceededException', `${CHAIN_LIMIT} task contacts already share this PreviousContactId.`);
    }
  }
  if (ctx.state.activeTasks(instance.id).length >= instance.activeTaskQuota) {
    throw new ConnectError('ServiceQuotaExceededException', 'The number of active tasks exceeds the quota of the instance.');
  }
}

function describeContact(ctx: OperationContext, input: Input): { Contact: object } {
  const contact = contactOf(ctx, instanceOf(ctx, input), input.ContactId, 'ResourceNotFoundException');
  const { instanceId: _instance, References: _references, target: _target, ...shaped } = contact;
  return { Contact: { ...shaped, Attributes: { ...contact.Attributes } } };
}

/** Ends a contact, or cancels a scheduled one. Connect answers ContactNotFoundException for a contact that is not active. */
function stopContact(ctx: OperationContext, input: Input): object {
  const contact = contactOf(ctx, instanceOf(ctx, input), input.ContactId, 'ContactNotFoundException');
  if (contact.DisconnectTimestamp) throw new ConnectError('ContactNotFoundException', 'Contact is not active.');
  endTask(ctx, contact, 'API');
  return {};
}

/**
 * Ends a contact, and for a task sends what Connect sends: DISCONNECTED, then COMPLETED (its
 * after-contact work, if an agent had it, is over at once here).
 */
export function endTask(ctx: OperationContext, contact: Contact, reason: string): void {
  contact.DisconnectTimestamp = contact.LastUpdateTimestamp = new Date(ctx.now());
  contact.DisconnectReason = reason;
  ctx.emit(contact, 'DISCONNECTED');
  ctx.emit(contact, 'COMPLETED');
}

function updateContactSchedule(ctx: OperationContext, input: Input): object {
  const contact = contactOf(ctx, instanceOf(ctx, input), input.ContactId, 'ResourceNotFoundException');
  if (!isScheduled(ctx, contact))
    throw new ConnectError('InvalidRequestException', 'Only a contact that is still scheduled can be rescheduled.');
  const scheduledTime = input.ScheduledTime as number;
  const violations = scheduleViolations(scheduledTime, { now: ctx.now(), maxScheduleAheadSeconds: ctx.maxScheduleAheadSeconds });
  if (violations.length > 0) throw new ConnectError('InvalidRequestException', violations.join(' '));
  contact.ScheduledTimestamp = new Date(scheduledTime * 1000);
  contact.LastUpdateTimestamp = new Date(ctx.now());
  ctx.emit(contact, 'CONTACT_DATA_UPDATED');
  return {};
}

/** The members of UpdateContact's request that change a contact; the request must carry one. */
const UPDATE_CONTACT_MEMBERS = [
  'Name',
  'Description',
  'References',
  'SegmentAttributes',
  'QueueInfo',
  'UserInfo',
  'CustomerEndpoint',
  'SystemEndpoint',
];

/**
 * Sets a contact's name and description and adds or replaces references by name, for ongoing
 * and ended contacts alike (the UpdateContact API reference). The other members are accepted
 * and not kept: nothing the emulator answers shows them.
 */
function updateContact(ctx: OperationContext, input: Input): object {
  const contact = contactOf(ctx, instanceOf(ctx, input), input.ContactId, 'ResourceNotFoundException');
  if (!UPDATE_CONTACT_MEMBERS.some((m) => input[m] !== undefined)) {
    throw new ConnectError('InvalidRequestException', 'At least one field to be updated must be present in the request.');
  }
  const references = input.References as Contact['References'];
  if (references) {
    // The 4,096 bytes are across all references of the contact, the ones it keeps included.
    const violations = referenceViolations(references, { ...contact.References, ...references });
    if (violations.length > 0) throw new ConnectError('InvalidRequestException', violations.join(' '));
    contact.References = { ...contact.References, ...references };
  }
  if (input.Name !== undefined) contact.Name = input.Name as string;
  if (input.Description !== undefined) contact.Description = input.Description as string;
  contact.LastUpdateTimestamp = new Date(ctx.now());
  return {};
}

/** Adds or replaces user-defined attributes of a contact, ongoing or ended (the UpdateContactAttributes API reference). */
function updateContactAttributes(ctx: OperationContext, input: Input): object {
  const contact = contactOf(ctx, instanceOf(ctx, input), input.InitialContactId, 'ResourceNotFoundException');
  const attributes = input.Attributes as Record<string, string>;
  const violations = attributeViolations(attributes);
  if (violations.length > 0) throw new ConnectError('InvalidRequestException', violations.join(' '));
  // In place: a PreviousContactId chain shares one attribute map.
  putAttributes(contact.Attributes, attributes);
  contact.LastUpdateTimestamp = new Date(ctx.now());
  ctx.emit(contact, 'CONTACT_DATA_UPDATED');
  return {};
}

function getContactAttributes(ctx: OperationContext, input: Input): object {
  const contact = contactOf(ctx, instanceOf(ctx, input), input.InitialContactId, 'ResourceNotFoundException');
  return { Attributes: { ...contact.Attributes } };
}

/** ListContactReferences' union member for each reference type. */
const SUMMARY_MEMBERS: Record<string, string> = {
  URL: 'Url',
  ATTACHMENT: 'Attachment',
  STRING: 'String',
  NUMBER: 'Number',
  DATE: 'Date',
  EMAIL: 'Email',
};

/** The contact's references of the types asked for, in one page (Connect never returns a NextToken here). */
function listContactReferences(ctx: OperationContext, input: Input): object {
  const contact = contactOf(ctx, instanceOf(ctx, input), input.ContactId, 'ResourceNotFoundException');
  const types = input.ReferenceTypes as string[];
  return {
    ReferenceSummaryList: Object.entries(contact.References ?? {})
      .filter(([, r]) => types.includes(r.Type) && SUMMARY_MEMBERS[r.Type])
      .map(([name, r]) => ({ [SUMMARY_MEMBERS[r.Type]]: { Name: name, Value: r.Value } })),
  };
}
