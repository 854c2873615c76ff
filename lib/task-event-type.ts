import { Token } from 'aws-cdk-lib';
import { TASK_EVENT_TYPE_NAME } from './contract';

/**
 * A type of Amazon Connect contact event a task goes through ("Amazon Connect contact events" in
 * the Amazon Connect Administrator Guide). Connect adds types over time: name a type this class
 * does not know yet with `TaskEventType.of('NEW_TYPE')`.
 */
export class TaskEventType {
  /** A task was created (by StartTaskContact, a flow, or a transfer). A scheduled task is initiated when it is created. */
  public static readonly INITIATED = new TaskEventType('INITIATED');
  /** The task reached the flow that routes it. */
  public static readonly CONNECTED_TO_SYSTEM = new TaskEventType('CONNECTED_TO_SYSTEM');
  /** The task's scheduled time, attributes or tags changed. */
  public static readonly CONTACT_DATA_UPDATED = new TaskEventType('CONTACT_DATA_UPDATED');
  /** The task is waiting in a queue for an agent. */
  public static readonly QUEUED = new TaskEventType('QUEUED');
  /** An agent accepted the task. */
  public static readonly CONNECTED_TO_AGENT = new TaskEventType('CONNECTED_TO_AGENT');
  /** The task was paused. */
  public static readonly PAUSED = new TaskEventType('PAUSED');
  /** A paused task was resumed. */
  public static readonly RESUMED = new TaskEventType('RESUMED');
  /** The task ended: the agent ended it, a flow did, StopContact did, or it expired. */
  public static readonly DISCONNECTED = new TaskEventType('DISCONNECTED');
  /** The task is finished, its after-contact work included. */
  public static readonly COMPLETED = new TaskEventType('COMPLETED');

  /**
   * An event type by its name, e.g. one Connect added after this library was released.
   *
   * @param name upper-case words joined by `_`, as Connect names its event types
   */
  public static of(name: string): TaskEventType {
    if (!Token.isUnresolved(name) && !TASK_EVENT_TYPE_NAME.test(name)) {
      throw new Error(
        `TaskEventType.of(${JSON.stringify(name)}): an event type is upper-case words joined by "_", as Connect names them, e.g. TaskEventType.of('CONNECTED_TO_AGENT').`,
      );
    }
    return new TaskEventType(name);
  }

  private constructor(
    /** The event type's name, as `detail.eventType` carries it. */
    public readonly name: string,
  ) {}
}
