/** A route of a `TaskApi` beside `POST /tasks`: what callers may do with a task once it exists. */
export enum TaskLifecycleOperation {
  /** `GET /tasks/{contactId}`: read a task, and with `?include=attributes` its attributes. */
  READ = 'READ',
  /** `PATCH /tasks/{contactId}`: reschedule a task, or change its name, description, references or attributes. */
  UPDATE = 'UPDATE',
  /** `DELETE /tasks/{contactId}`: cancel a scheduled task, or stop one that has started. */
  CANCEL = 'CANCEL',
}
