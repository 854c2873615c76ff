import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { CONTACT_EVENT_DETAIL_TYPE, CONTACT_EVENT_SOURCE, TASK_CHANNEL } from './contract';
import { assertInstanceArn } from './private/instance-arn-prop';
import { TaskEventType } from './task-event-type';
import { TaskWebhook, type TaskWebhookOptions } from './task-webhook';

/** Properties of a {@link TaskEvents}. */
export interface TaskEventsProps {
  /** The ARN of the Amazon Connect instance whose task events to match. */
  readonly instanceArn: string;

  /**
   * The bus the rules are on. Connect sends its events to the default bus of the instance's
   * account and region; give another bus only if those events are forwarded to it.
   *
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
}

/** Options of a rule for some of the tasks' event types. */
export interface TaskEventRuleOptions {
  /**
   * Where matched events go.
   *
   * @default - no target yet: add one with `rule.addTarget()`
   */
  readonly target?: events.IRuleTarget;

  /**
   * A description of the rule.
   *
   * @default - one naming the event types
   */
  readonly description?: string;
}

/** Options of {@link TaskEvents.onEvent}. */
export interface TaskEventOptions extends TaskEventRuleOptions {
  /**
   * The event types to match.
   *
   * @default - every event type
   */
  readonly eventTypes?: TaskEventType[];
}

/**
 * The contact events Amazon Connect publishes on EventBridge for one instance's tasks
 * ("Amazon Connect Contact Event": initiated, queued, connected to an agent, completed, ...),
 * as rules with targets of your choice or as webhooks to your systems. No Lambda function runs.
 *
 * Connect sends these events best effort and unordered, and may send one twice: order a task's
 * events by their timestamp, ignore an event older than the state you hold, and tolerate repeats.
 */
export class TaskEvents extends Construct {
  /** The ARN of the Amazon Connect instance whose task events are matched. */
  public readonly instanceArn: string;
  /** The bus the rules are on, when not the default one. */
  public readonly eventBus?: events.IEventBus;
  /** The webhooks added with `addWebhook()`, in order. */
  public readonly webhooks: TaskWebhook[] = [];

  constructor(scope: Construct, id: string, props: TaskEventsProps) {
    super(scope, id);
    assertInstanceArn(this, props.instanceArn);
    this.instanceArn = props.instanceArn;
    this.eventBus = props.eventBus;
  }

  /**
   * The event pattern of this instance's task events of the given types: source `aws.connect`,
   * detail-type "Amazon Connect Contact Event", the instance's ARN and the channel `TASK`
   * compared ignoring case.
   *
   * @param eventTypes the types to match; all of them when empty or absent
   */
  public eventPattern(eventTypes?: TaskEventType[]): events.EventPattern {
    const types = [...new Set((eventTypes ?? []).map((type) => type.name))];
    return {
      source: [CONTACT_EVENT_SOURCE],
      detailType: [CONTACT_EVENT_DETAIL_TYPE],
      detail: {
        instanceArn: [this.instanceArn],
        channel: events.Match.equalsIgnoreCase(TASK_CHANNEL),
        ...(types.length > 0 && { eventType: types }),
      },
    };
  }

  /** A rule for this instance's task events of the given types (all of them by default). */
  public onEvent(id: string, options: TaskEventOptions = {}): events.Rule {
    const types = options.eventTypes?.map((type) => type.name).join(', ');
    return new events.Rule(this, id, {
      eventBus: this.eventBus,
      eventPattern: this.eventPattern(options.eventTypes),
      targets: options.target ? [options.target] : undefined,
      description: options.description ?? `Amazon Connect task events (${types || 'every type'}) of ${this.node.path}`,
    });
  }

  /** A rule for tasks being created (`INITIATED`). */
  public onInitiated(id: string, options: TaskEventRuleOptions = {}): events.Rule {
    return this.onEvent(id, { ...options, eventTypes: [TaskEventType.INITIATED] });
  }

  /** A rule for tasks an agent accepted (`CONNECTED_TO_AGENT`). */
  public onConnectedToAgent(id: string, options: TaskEventRuleOptions = {}): events.Rule {
    return this.onEvent(id, { ...options, eventTypes: [TaskEventType.CONNECTED_TO_AGENT] });
  }

  /** A rule for tasks that ended, whoever ended them or because they expired (`DISCONNECTED`). */
  public onDisconnected(id: string, options: TaskEventRuleOptions = {}): events.Rule {
    return this.onEvent(id, { ...options, eventTypes: [TaskEventType.DISCONNECTED] });
  }

  /** A rule for finished tasks, after-contact work included (`COMPLETED`). */
  public onCompleted(id: string, options: TaskEventRuleOptions = {}): events.Rule {
    return this.onEvent(id, { ...options, eventTypes: [TaskEventType.COMPLETED] });
  }

  /**
   * Delivers this instance's task events to an HTTPS endpoint of your systems: an EventBridge API
   * destination POSTs a small JSON payload per event (`TaskWebhookPayload`: version, eventType,
   * contactId, ..., never the task's name, description or attributes), retried, with a
   * dead-letter queue. Add webhooks before passing this construct to a `TaskMonitoring`.
   */
  public addWebhook(id: string, options: TaskWebhookOptions): TaskWebhook {
    const webhook = new TaskWebhook(this, id, {
      ...options,
      eventBus: this.eventBus,
      eventPattern: this.eventPattern(options.eventTypes),
    });
    this.webhooks.push(webhook);
    return webhook;
  }
}
