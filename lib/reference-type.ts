/** The kinds of reference a task may carry when it is created (Connect's `ReferenceType`). */
export enum ReferenceType {
  /** An http or https link, e.g. to a runbook or a CRM record. */
  URL = 'URL',
  /** A decimal number. */
  NUMBER = 'NUMBER',
  /** Free text. */
  STRING = 'STRING',
  /** An epoch timestamp, in seconds or milliseconds. */
  DATE = 'DATE',
  /** An email address. */
  EMAIL = 'EMAIL',
}

/** A reference shown to the agent with the task, e.g. a link to a runbook. */
export interface TaskReference {
  /** What kind of value this is. */
  readonly type: ReferenceType;
  /** The value, well-formed for its type. */
  readonly value: string;
}
