import {
  type Contact,
  DescribeContactCommand,
  GetContactAttributesCommand,
  ListContactReferencesCommand,
  type ReferenceSummary,
} from '@aws-sdk/client-connect';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CONTACT_ID_PARAMETER, CREATABLE_REFERENCE_TYPES, TASK_LIMITS, taskState, type TaskView } from '../../../lib/contract';
import type { ConnectSession } from '../connect/connect-session';
import { HttpError } from '../http/http-error';
import { taskNotFound } from './lifecycle-errors';

/**
 * The `{contactId}` of the request's path. One longer than Connect's ContactId, or a dot segment
 * (which the SDK's request path would resolve away, calling another operation), cannot name a task.
 */
export function contactIdOf(event: APIGatewayProxyEvent): string {
  const contactId = event.pathParameters?.[CONTACT_ID_PARAMETER];
  if (!contactId) {
    throw new HttpError('ValidationError', 'the request names no task', [
      { path: CONTACT_ID_PARAMETER, message: 'invoke through /tasks/{contactId}, or send pathParameters.contactId' },
    ]);
  }
  if (contactId.length > TASK_LIMITS.contactIdMaxLength || contactId === '.' || contactId === '..') throw taskNotFound();
  return contactId;
}

/**
 * The contact, if it is a task of this instance. Another instance's contact is one Connect does
 * not find in this one; a voice, chat or email contact is answered exactly like it.
 */
export async function describeTask(session: ConnectSession, contactId: string): Promise<Contact> {
  const { Contact: contact } = await session.call((connect, abortSignal) =>
    connect.send(new DescribeContactCommand({ InstanceId: session.instanceId, ContactId: contactId }), { abortSignal }),
  );
  if (!contact || contact.Channel !== 'TASK') throw taskNotFound();
  return contact;
}

/** The contact whose attributes a task shares: its initial contact, or itself. */
export const attributesContactId = (contact: Contact, contactId: string) => contact.InitialContactId ?? contactId;

/** The task as the lifecycle routes answer it: the contact, its references and, when asked, its attributes. */
export async function readTaskView(
  session: ConnectSession,
  contactId: string,
  contact: Contact,
  options: { readonly attributes: boolean },
): Promise<TaskView> {
  // DescribeContact has no references; ListContactReferences lists them by type, in one page.
  const [{ ReferenceSummaryList }, attributes] = await Promise.all([
    session.call((connect, abortSignal) =>
      connect.send(
        new ListContactReferencesCommand({
          InstanceId: session.instanceId,
          ContactId: contactId,
          ReferenceTypes: [...CREATABLE_REFERENCE_TYPES],
        }),
        { abortSignal },
      ),
    ),
    options.attributes
      ? session
          .call((connect, abortSignal) =>
            connect.send(
              new GetContactAttributesCommand({
                InstanceId: session.instanceId,
                InitialContactId: attributesContactId(contact, contactId),
              }),
              { abortSignal },
            ),
          )
          .then((output) => output.Attributes ?? {})
      : undefined,
  ]);
  return {
    ContactId: contactId,
    Name: contact.Name,
    Description: contact.Description,
    InitiationMethod: contact.InitiationMethod,
    InitiationTimestamp: contact.InitiationTimestamp?.toISOString(),
    ScheduledTimestamp: contact.ScheduledTimestamp?.toISOString(),
    DisconnectTimestamp: contact.DisconnectTimestamp?.toISOString(),
    State: taskState(contact, new Date()),
    PreviousContactId: contact.PreviousContactId,
    RelatedContactId: contact.RelatedContactId,
    References: referencesOf(ReferenceSummaryList ?? []),
    ...(attributes && { Attributes: attributes }),
  };
}

/** ListContactReferences' union members, by the reference type each carries. */
const SUMMARY_TYPES = { Url: 'URL', String: 'STRING', Number: 'NUMBER', Date: 'DATE', Email: 'EMAIL' } as const;

/**
 * The summaries as the `References` map a task is created with: `{ name: { Type, Value } }`.
 * Names are data: built from entries, a reference named `__proto__` is a key like any other.
 */
function referencesOf(summaries: readonly ReferenceSummary[]): TaskView['References'] {
  return Object.fromEntries(
    summaries.flatMap((summary) =>
      Object.entries(SUMMARY_TYPES).flatMap(([member, type]) => {
        const reference = (summary as unknown as Record<string, { Name?: string; Value?: string } | undefined>)[member];
        return reference?.Name === undefined ? [] : [[reference.Name, { Type: type, Value: reference.Value ?? '' }] as const];
      }),
    ),
  );
}
