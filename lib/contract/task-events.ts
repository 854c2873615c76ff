/**
 * Amazon Connect's contact events for task contacts, and the webhook payload `TaskEvents`
 * delivers: the fixed parts of the event pattern, the event types Connect documents, the shape
 * of an event, and the one input transformer that both the deployed webhook (an EventBridge
 * input transformer) and `npm start -- --events` apply.
 *
 * Sources: "Amazon Connect contact events" (Amazon Connect Administrator Guide) for the events;
 * "Amazon EventBridge input transformation" (EventBridge User Guide) for the transformer.
 */

/** The `source` of every event Amazon Connect sends to EventBridge. */
export const CONTACT_EVENT_SOURCE = 'aws.connect';

/** The `detail-type` of Connect's contact events. */
export const CONTACT_EVENT_DETAIL_TYPE = 'Amazon Connect Contact Event';

/**
 * The channel of task contacts. Connect's own sample events spell channels `VOICE` in one place and
 * `Voice` in another, so rules compare it ignoring case.
 */
export const TASK_CHANNEL = 'TASK';

/** The contact event types Connect documents for a task, in the order a task usually meets them. */
export const TASK_EVENT_TYPE_NAMES = [
  'INITIATED',
  'CONNECTED_TO_SYSTEM',
  'CONTACT_DATA_UPDATED',
  'QUEUED',
  'CONNECTED_TO_AGENT',
  'PAUSED',
  'RESUMED',
  'DISCONNECTED',
  'COMPLETED',
] as const;

/** What an event type's name looks like: Connect's are upper-case words joined by `_`. */
export const TASK_EVENT_TYPE_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * The detail of an "Amazon Connect Contact Event" for a task, with the fields a receiver of task
 * events needs. Connect adds fields over time and sends others (queue, agent, tags): read what you
 * know and ignore the rest.
 */
export interface TaskEventDetail {
  /** The event type, e.g. `INITIATED`, `CONNECTED_TO_AGENT`, `COMPLETED`. */
  readonly eventType: string;
  /** The contact the event is about. */
  readonly contactId: string;
  /** The first contact of a transfer chain. @default - absent */
  readonly initialContactId?: string;
  /** The contact this one follows (StartTaskContact's `PreviousContactId`). @default - absent */
  readonly previousContactId?: string;
  /** The channel: `TASK` for tasks (matched ignoring case). */
  readonly channel: string;
  /** The ARN of the Amazon Connect instance. */
  readonly instanceArn: string;
  /** How the contact started: `API` for a task started with StartTaskContact. @default - absent */
  readonly initiationMethod?: string;
  /** When the contact started, ISO 8601 in UTC. @default - absent */
  readonly initiationTimestamp?: string;
  /** When a task is scheduled to start, ISO 8601 in UTC. @default - absent */
  readonly scheduledTimestamp?: string;
  /** When the contact ended, ISO 8601 in UTC. @default - absent until it ends */
  readonly disconnectTimestamp?: string;
  /** Why the contact ended, e.g. `CONTACT_FLOW_DISCONNECT`, `API`, `EXPIRED`. @default - absent until it ends */
  readonly disconnectReason?: string;
}

/** An "Amazon Connect Contact Event" as EventBridge delivers it. */
export interface ConnectContactEvent {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** When the event happened, ISO 8601 in UTC to the second. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: TaskEventDetail;
}

/** The version of the webhook payload; it changes only if a field changes meaning or goes away. */
export const TASK_WEBHOOK_PAYLOAD_VERSION = '1';

/**
 * The JSON body a `TaskEvents` webhook POSTs for each event. Every field is a string; a field the
 * event does not carry (a task that has not ended has no `disconnectTimestamp`) is `""`. It never
 * carries the task's name, description, attributes or references.
 */
export interface TaskWebhookPayload {
  /** The payload's version, `"1"`. */
  readonly version: string;
  /** Connect's event type, e.g. `INITIATED`, `CONNECTED_TO_AGENT`, `COMPLETED`. */
  readonly eventType: string;
  /** The task's ContactId, as `POST /tasks` answered it. */
  readonly contactId: string;
  /** The first contact of a transfer chain, or `""`. */
  readonly initialContactId: string;
  /** The contact the task follows, or `""`. */
  readonly previousContactId: string;
  /** The Amazon Connect instance's ARN. */
  readonly instanceArn: string;
  /** When the event happened (the event's `time`): order a task's events by it. */
  readonly eventTimestamp: string;
  /** When the task started, or `""`. */
  readonly initiationTimestamp: string;
  /** When the task ended, or `""`. */
  readonly disconnectTimestamp: string;
  /** Why the task ended, or `""`. */
  readonly disconnectReason: string;
}

/** An EventBridge input transformer: variables read from the event by JSON path, and the template they fill. */
export interface InputTransformer {
  readonly inputPathsMap: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

/** Where each field of the webhook payload comes from in Connect's event. */
const PAYLOAD_PATHS: Readonly<Record<Exclude<keyof TaskWebhookPayload, 'version'>, string>> = {
  eventType: '$.detail.eventType',
  contactId: '$.detail.contactId',
  initialContactId: '$.detail.initialContactId',
  previousContactId: '$.detail.previousContactId',
  instanceArn: '$.detail.instanceArn',
  eventTimestamp: '$.time',
  initiationTimestamp: '$.detail.initiationTimestamp',
  disconnectTimestamp: '$.detail.disconnectTimestamp',
  disconnectReason: '$.detail.disconnectReason',
};

/**
 * The webhook's input transformer. Every placeholder is quoted, so each field is a JSON string
 * whatever the event holds, and an absent field an empty string.
 */
export const TASK_WEBHOOK_TRANSFORMER: InputTransformer = {
  inputPathsMap: PAYLOAD_PATHS,
  inputTemplate: `{"version":"${TASK_WEBHOOK_PAYLOAD_VERSION}",${Object.keys(PAYLOAD_PATHS)
    .map((field) => `"${field}":"<${field}>"`)
    .join(',')}}`,
};

/** EventBridge's JSON paths in dot notation: `$.detail.contactId`, `$.detail-type`. */
const DOT_PATH = /^\$((?:\.[A-Za-z0-9_-]+)+)$/;

/** The value at a dot-notation JSON path of `event`, or undefined when the path is absent. */
function valueAt(event: unknown, path: string): unknown {
  const match = DOT_PATH.exec(path);
  if (!match) throw new Error(`${path} is not a dot-notation JSON path such as $.detail.contactId`);
  let value: unknown = event;
  for (const key of match[1].slice(1).split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Fills an input transformer's template from an event, as EventBridge does for placeholders inside
 * JSON strings: each `<name>` takes the value at its path verbatim (EventBridge does not escape
 * it), an object or array its JSON without quotes, and an absent path an empty string.
 * Returns the body EventBridge sends.
 */
export function applyInputTransformer(transformer: InputTransformer, event: unknown): string {
  return transformer.inputTemplate.replace(/<([^<>]+)>/g, (placeholder, name: string) => {
    const path = transformer.inputPathsMap[name];
    if (path === undefined) throw new Error(`the template's ${placeholder} has no path in inputPathsMap`);
    const value = valueAt(event, path);
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value).replace(/"/g, '');
  });
}

/** The payload the webhook POSTs for a contact event. */
export function taskWebhookPayload(event: ConnectContactEvent): TaskWebhookPayload {
  return JSON.parse(applyInputTransformer(TASK_WEBHOOK_TRANSFORMER, event)) as TaskWebhookPayload;
}
