/**
 * What `GET /tasks/{contactId}` answers (and `PATCH`, after its changes): the task as Amazon
 * Connect describes it, with a `State` derived from the contact's timestamps.
 */

/** Where a task is in its life. */
export const TASK_STATES = ['SCHEDULED', 'QUEUED', 'CONNECTED', 'ENDED'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** The fields of Connect's `Contact` (DescribeContact) that a task's state is derived from. */
export interface ContactProgress {
  readonly ScheduledTimestamp?: Date;
  readonly DisconnectTimestamp?: Date;
  readonly AgentInfo?: { readonly ConnectedToAgentTimestamp?: Date };
}

/**
 * A task's state, from the first that holds:
 * - `ENDED`: it has a `DisconnectTimestamp` (completed, stopped, cancelled or expired);
 * - `CONNECTED`: an agent has it (`AgentInfo.ConnectedToAgentTimestamp`);
 * - `SCHEDULED`: its `ScheduledTimestamp` is still ahead, so it has not started;
 * - `QUEUED`: otherwise: it has started and is in its flow or waiting in a queue for an agent.
 */
export function taskState(contact: ContactProgress, now: Date): TaskState {
  if (contact.DisconnectTimestamp) return 'ENDED';
  if (contact.AgentInfo?.ConnectedToAgentTimestamp) return 'CONNECTED';
  if (contact.ScheduledTimestamp && contact.ScheduledTimestamp.getTime() > now.getTime()) return 'SCHEDULED';
  return 'QUEUED';
}

/** A reference as a task carries it, e.g. `{ "Type": "URL", "Value": "https://…" }`. */
export interface TaskReferenceView {
  readonly Type: string;
  readonly Value: string;
}

/** The body of a 200 from `GET /tasks/{contactId}`. Timestamps are RFC 3339 (UTC); absent fields are left out. */
export interface TaskView {
  readonly ContactId: string;
  readonly Name?: string;
  readonly Description?: string;
  readonly InitiationMethod?: string;
  readonly InitiationTimestamp?: string;
  readonly ScheduledTimestamp?: string;
  readonly DisconnectTimestamp?: string;
  readonly State: TaskState;
  readonly PreviousContactId?: string;
  readonly RelatedContactId?: string;
  readonly References: Readonly<Record<string, TaskReferenceView>>;
  /** Only with `?include=attributes`. */
  readonly Attributes?: Readonly<Record<string, string>>;
}

/** What `?include=` may ask for, beyond what a GET always answers. */
export const TASK_VIEW_INCLUDES = ['attributes'] as const;
export type TaskViewInclude = (typeof TASK_VIEW_INCLUDES)[number];
