import type { Duration } from 'aws-cdk-lib';
import type { TaskReference } from './reference-type';
import type { TaskTarget } from './task-target';

/**
 * What a task declared as infrastructure carries: where it is created, how it is routed and what
 * the agent sees. Shared by {@link ScheduledTask} and {@link RecurringTask}, and checked at synth
 * time by the same rules as the task endpoint.
 */
export interface TaskContentProps {
  /** The ARN of the Amazon Connect instance the task is created in. */
  readonly instanceArn: string;

  /** The flow, task template or quick connect that routes the task. */
  readonly target: TaskTarget;

  /** The task's name, shown to the agent (1–1024 characters). */
  readonly name: string;

  /**
   * The task's description, shown to the agent (at most 4096 characters).
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * Contact attributes: keys of letters, digits, `-` and `_`; at most 32,768 UTF-8 bytes in all.
   *
   * @default - no attributes
   */
  readonly attributes?: { [key: string]: string };

  /**
   * References shown with the task, e.g. a link to a runbook; at most 4,096 UTF-8 bytes in all.
   *
   * @default - no references
   */
  readonly references?: { [name: string]: TaskReference };

  /**
   * A contact whose attributes this task copies; may be a ScheduledTask's `contactId`.
   *
   * @default - none
   */
  readonly relatedContactId?: string;

  /**
   * How long the task may wait for an agent before Connect expires it
   * (`connect:ContactExpiry`), in whole minutes from 1 minute to 90 days.
   *
   * @default - Connect's default expiry
   */
  readonly expiry?: Duration;
}
