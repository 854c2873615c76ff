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
}

export interface TaskScheduleProperty {
  readonly At?: string;
  readonly AfterSeconds?: number;
}
