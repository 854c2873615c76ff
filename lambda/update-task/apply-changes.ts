import {
  type Contact,
  UpdateContactAttributesCommand,
  UpdateContactCommand,
  type UpdateContactCommandInput,
  UpdateContactScheduleCommand,
} from '@aws-sdk/client-connect';
import { scheduledInstant, type StructurallyValidTaskRequest, TASK_UPDATE_FIELDS, type TaskUpdateField } from '../../lib/contract';
import type { ConnectSession } from '../shared/connect/connect-session';
import { HttpError } from '../shared/http/http-error';
import { attributesContactId } from '../shared/lifecycle/task-lookup';

/** The task an update is applied to. */
interface UpdateTarget {
  readonly contactId: string;
  readonly contact: Contact;
}

/** One Connect call of an update, and the fields of the body it changes. */
interface ChangeStep {
  readonly fields: readonly TaskUpdateField[];
  send(session: ConnectSession, target: UpdateTarget, update: StructurallyValidTaskRequest): Promise<unknown>;
}

/** In the order of TASK_UPDATE_FIELDS: the schedule first, so a task that started meanwhile refuses before anything changed. */
const STEPS: readonly ChangeStep[] = [
  {
    fields: ['ScheduledTime'],
    send: (session, { contactId }, update) =>
      session.call((connect, abortSignal) =>
        connect.send(
          new UpdateContactScheduleCommand({
            InstanceId: session.instanceId,
            ContactId: contactId,
            ScheduledTime: scheduledInstant(update.ScheduledTime!),
          }),
          { abortSignal },
        ),
      ),
  },
  {
    fields: ['Name', 'Description', 'References'],
    send: (session, { contactId }, update) =>
      session.call((connect, abortSignal) =>
        connect.send(
          new UpdateContactCommand({
            InstanceId: session.instanceId,
            ContactId: contactId,
            Name: update.Name as string | undefined,
            Description: update.Description as string | undefined,
            References: update.References as UpdateContactCommandInput['References'],
          }),
          { abortSignal },
        ),
      ),
  },
  {
    fields: ['Attributes'],
    send: (session, { contactId, contact }, update) =>
      session.call((connect, abortSignal) =>
        connect.send(
          new UpdateContactAttributesCommand({
            InstanceId: session.instanceId,
            InitialContactId: attributesContactId(contact, contactId),
            Attributes: update.Attributes,
          }),
          { abortSignal },
        ),
      ),
  },
];

/** The fields of a valid update that change something; an empty References or Attributes map changes nothing. */
export function changedFields(update: StructurallyValidTaskRequest): TaskUpdateField[] {
  return TASK_UPDATE_FIELDS.filter((field) => {
    const value = update[field];
    return value !== undefined && !(typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  });
}

/**
 * Applies an update with only the Connect calls its fields need. When a call fails, the answer
 * is that call's failure, with the fields Connect has already changed (`applied`) and those it
 * has not (`notApplied`): an update is never half-done in silence.
 */
export async function applyChanges(
  session: ConnectSession,
  target: UpdateTarget,
  update: StructurallyValidTaskRequest,
): Promise<TaskUpdateField[]> {
  const wanted = changedFields(update);
  const applied: TaskUpdateField[] = [];
  for (const step of STEPS) {
    const fields = step.fields.filter((field) => wanted.includes(field));
    if (fields.length === 0) continue;
    try {
      await step.send(session, target, update);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      throw partiallyApplied(
        error,
        applied,
        wanted.filter((field) => !applied.includes(field)),
      );
    }
    applied.push(...fields);
  }
  return applied;
}

/** A failure once Connect was asked to change the task: the failing call's status and code, and how far the update got. */
export function partiallyApplied(cause: HttpError, applied: readonly TaskUpdateField[], notApplied: readonly TaskUpdateField[]): HttpError {
  const progress =
    notApplied.length === 0
      ? 'every change was applied, but the task could not be read back: GET it to see it'
      : applied.length === 0
        ? 'nothing was changed'
        : `${applied.join(', ')} changed; ${notApplied.join(', ')} did not: send those again`;
  return new HttpError(cause.code, `${cause.message}; ${progress}`, cause.details, cause.headers, { applied, notApplied });
}
