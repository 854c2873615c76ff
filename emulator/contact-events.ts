import { randomUUID } from 'node:crypto';
import {
  CONTACT_EVENT_DETAIL_TYPE,
  CONTACT_EVENT_SOURCE,
  type ConnectContactEvent,
  parseInstanceArn,
  TASK_SYSTEM_SEGMENT_ATTRIBUTES,
} from '../lib/contract';
import type { Contact, Instance } from './state';

/**
 * The contact events Connect sends to EventBridge for what the emulator does to a task, in the
 * shape of "Amazon Connect contact events" (Amazon Connect Administrator Guide): an EventBridge
 * envelope whose `detail` carries the event type, the contact's ids, channel, instance and
 * timestamps.
 */

/** Receives each contact event the emulator emits. */
export type ContactEventListener = (event: ConnectContactEvent) => void;

/** A task expires this long after it became active unless `connect:ContactExpiry` says otherwise (the guide's default, 7 days). */
export const DEFAULT_TASK_EXPIRY_MINUTES = 7 * 24 * 60;

/** Why a task ended, as Connect's `disconnectReason` names it. */
export type DisconnectReason = 'API' | 'AGENT_DISCONNECT' | 'EXPIRED';

/** The event of `eventType` for a task as it stands at `now` (epoch ms). */
export function contactEvent(instance: Instance, contact: Contact, eventType: string, now: number): ConnectContactEvent {
  const { account } = parseInstanceArn(instance.arn)!;
  const iso = (date: Date | undefined) => date?.toISOString();
  const detail = {
    eventType,
    contactId: contact.Id,
    previousContactId: contact.PreviousContactId,
    channel: contact.Channel,
    instanceArn: instance.arn,
    initiationMethod: contact.InitiationMethod,
    initiationTimestamp: iso(contact.InitiationTimestamp),
    scheduledTimestamp: iso(contact.ScheduledTimestamp),
    disconnectTimestamp: iso(contact.DisconnectTimestamp),
    disconnectReason: contact.DisconnectReason,
    ...(contact.AgentInfo && {
      agentInfo: { agentArn: contact.AgentInfo.Id, connectedToAgentTimestamp: iso(contact.AgentInfo.ConnectedToAgentTimestamp) },
    }),
  };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': CONTACT_EVENT_DETAIL_TYPE,
    source: CONTACT_EVENT_SOURCE,
    account,
    // EventBridge's `time` is UTC to the second.
    time: new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region: instance.region,
    resources: [contact.Arn, instance.arn],
    // Absent fields are left out, as Connect leaves them out (JSON has no undefined).
    detail: JSON.parse(JSON.stringify(detail)) as ConnectContactEvent['detail'],
  };
}

/** When a task that has not ended expires: its expiry after it became active (its scheduled time, if any). */
export function expiresAt(contact: Contact): number {
  const expiry = contact.SegmentAttributes?.[TASK_SYSTEM_SEGMENT_ATTRIBUTES.contactExpiry] as
    { ValueMap?: { ExpiryDuration?: { ValueInteger?: number } } } | undefined;
  const minutes = expiry?.ValueMap?.ExpiryDuration?.ValueInteger ?? DEFAULT_TASK_EXPIRY_MINUTES;
  const active = Math.max(contact.InitiationTimestamp.getTime(), contact.ScheduledTimestamp?.getTime() ?? 0);
  return active + minutes * 60_000;
}
