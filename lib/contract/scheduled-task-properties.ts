/**
 * The properties of the ScheduledTask custom resource, as CloudFormation hands them to the
 * handler. CloudFormation turns every scalar into a string, so the task request and the schedule
 * travel as JSON strings that keep their types (and may embed tokens, e.g. another task's id).
 */
export interface ScheduledTaskResourceProperties {
  readonly InstanceArn: string;
  /** JSON of the StartTaskContact fields other than InstanceId, ScheduledTime and ClientToken. */
  readonly TaskRequest: string;
  /** JSON of `{ "At": ISO-8601 }` or `{ "AfterSeconds": n }`. */
  readonly Schedule: string;
  readonly MaxScheduleAheadSeconds: string;
  readonly CancelOnDelete: 'true' | 'false';
  /** The construct's path, so a deploy-time failure names the construct as a synth-time one does. */
  readonly ConstructPath?: string;
}

export interface TaskScheduleProperty {
  readonly At?: string;
  readonly AfterSeconds?: number;
}

/**
 * How the ScheduledTask handler calls Connect: each call may take this long, retries included,
 * in this many attempts. Enough to wait out Connect's quota (2 requests a second by default)
 * when one deploy creates many tasks at once: the SDK backs a throttled attempt off from half a
 * second, doubling with jitter.
 */
export const SCHEDULED_TASK_CONNECT_CALL = { deadlineMs: 50_000, attempts: 8 } as const;

/** The handler's timeout: two Connect calls (an update describes the contact, then reschedules it) and a margin. */
export const SCHEDULED_TASK_HANDLER_TIMEOUT_SECONDS = (2 * SCHEDULED_TASK_CONNECT_CALL.deadlineMs) / 1000 + 20;
