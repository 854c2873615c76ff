import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TASK_WEBHOOK_TRANSFORMER } from './contract';
import { constructError } from './private/construct-error';
import { TransformerInput } from './private/transformer-input';
import { wholeWithin } from './private/whole-within';
import type { TaskEventType } from './task-event-type';

/** Options of {@link TaskEvents.addWebhook}. */
export interface TaskWebhookOptions {
  /** The HTTPS URL the events are POSTed to, e.g. `https://crm.example.com/hooks/tasks`. */
  readonly endpoint: string;

  /**
   * How EventBridge authenticates to the endpoint: `events.Authorization.apiKey(name, value)`,
   * `.basic(user, password)` or `.oauth({...})`. EventBridge keeps the secret in a Secrets Manager
   * secret of its own; pass the value as `SecretValue.secretsManager(...)` (or another reference),
   * never as plain text, so it stays out of the template.
   */
  readonly authorization: events.Authorization;

  /**
   * The event types to deliver.
   *
   * @default - every event type of the instance's tasks
   */
  readonly eventTypes?: TaskEventType[];

  /**
   * The most requests a second EventBridge sends to the endpoint, 1 to 300; events beyond it wait
   * and are retried.
   *
   * @default 10
   */
  readonly rateLimitPerSecond?: number;

  /**
   * How many times EventBridge retries a delivery the endpoint refused (5xx, 429) or did not
   * answer, 0 to 185.
   *
   * @default 185 - EventBridge's most, so a delivery is retried until `maxEventAge`
   */
  readonly retryAttempts?: number;

  /**
   * How long EventBridge keeps retrying an event, 1 minute to 24 hours in whole seconds; after that
   * it goes to the dead-letter queue.
   *
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;

  /**
   * The standard SQS queue that receives events that could not be delivered.
   *
   * @default - a queue of this webhook's own: SQS-managed encryption, TLS only, 14 days' retention
   */
  readonly deadLetterQueue?: sqs.IQueue;

  /**
   * A description of the rule.
   *
   * @default - one naming the endpoint's role
   */
  readonly description?: string;
}

/** Properties of a {@link TaskWebhook}: its options, and the rule's event pattern. */
export interface TaskWebhookProps extends TaskWebhookOptions {
  /** The events to deliver, as `TaskEvents` matches them. */
  readonly eventPattern: events.EventPattern;

  /**
   * The bus the rule is on.
   *
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
}

/** EventBridge's bounds for a rule target's retry policy and an API destination's rate. */
const RETRY_ATTEMPTS_MAX = 185;
const EVENT_AGE_SECONDS = { min: 60, max: 86_400 };
const RATE_PER_SECOND = { min: 1, max: 300 };

/**
 * Delivers a Connect instance's task events to an HTTPS endpoint through an EventBridge API
 * destination, as a small JSON payload (see `TaskWebhookPayload`), with retries and a dead-letter
 * queue. No Lambda function runs. Create it with `TaskEvents.addWebhook()`.
 */
export class TaskWebhook extends Construct {
  /** The connection: the endpoint's authorization, whose secret EventBridge keeps in Secrets Manager. */
  public readonly connection: events.Connection;
  /** The API destination: the endpoint, the method (POST) and the rate limit. */
  public readonly apiDestination: events.ApiDestination;
  /** The rule that matches the events and sends them to the API destination. */
  public readonly rule: events.Rule;
  /** The role EventBridge assumes to invoke this API destination, and nothing else. */
  public readonly role: iam.IRole;
  /** The queue that receives events that could not be delivered. */
  public readonly deadLetterQueue: sqs.IQueue;
  private readonly eventBus?: events.IEventBus;

  constructor(scope: Construct, id: string, props: TaskWebhookProps) {
    super(scope, id);
    this.checkEndpoint(props.endpoint);
    const rateLimitPerSecond = this.checkWhole('rateLimitPerSecond', props.rateLimitPerSecond ?? 10, RATE_PER_SECOND);
    const retryAttempts = this.checkWhole('retryAttempts', props.retryAttempts ?? RETRY_ATTEMPTS_MAX, { min: 0, max: RETRY_ATTEMPTS_MAX });
    const maxEventAge = props.maxEventAge ?? Duration.hours(24);
    if (!wholeWithin(maxEventAge.toSeconds({ integral: false }), EVENT_AGE_SECONDS)) {
      throw constructError(
        this,
        `maxEventAge is ${maxEventAge.toHumanString()}; EventBridge keeps retrying for whole seconds from Duration.minutes(1) to Duration.hours(24).`,
      );
    }
    this.eventBus = props.eventBus;

    this.connection = new events.Connection(this, 'Connection', {
      authorization: props.authorization,
      description: `Authorization of the task events webhook ${this.node.path}`,
    });
    this.apiDestination = new events.ApiDestination(this, 'Destination', {
      connection: this.connection,
      endpoint: props.endpoint,
      httpMethod: events.HttpMethod.POST,
      rateLimitPerSecond,
      description: `Task events webhook ${this.node.path}`,
    });
    this.deadLetterQueue =
      props.deadLetterQueue ??
      new sqs.Queue(this, 'DeadLetterQueue', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    // A role of its own: aws-cdk-lib's default is one role per API destination with no guard on
    // who may assume it. The target adds the one permission, events:InvokeApiDestination on this
    // API destination's ARN.
    this.role = new iam.Role(this, 'Role', {
      description: `Lets EventBridge deliver task events to one API destination (cdk-connect-tasks ${this.node.path})`,
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.eventBus,
      eventPattern: props.eventPattern,
      description: props.description ?? `Amazon Connect task events to the webhook ${this.node.path}`,
      targets: [
        new targets.ApiDestination(this.apiDestination, {
          eventRole: this.role,
          event: new TransformerInput(TASK_WEBHOOK_TRANSFORMER),
          headerParameters: { 'Content-Type': 'application/json' },
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts,
          maxEventAge,
        }),
      ],
    });
  }

  /**
   * An `AWS/Events` metric of this webhook's rule, e.g. `Invocations` (by `RuleName`, and
   * `EventBusName` on a custom bus).
   *
   * @default - sum over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName,
      dimensionsMap: {
        ...(this.eventBus && { EventBusName: this.eventBus.eventBusName }),
        RuleName: this.rule.ruleName,
      },
      statistic: 'Sum',
      ...props,
    });
  }

  /**
   * Deliveries that failed for good and went nowhere (`FailedInvocations`): with a dead-letter
   * queue, failures are counted by `metricInvocationsSentToDlq` instead.
   *
   * @default - sum over 5 minutes
   */
  public metricFailedInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FailedInvocations', props);
  }

  /**
   * Events that could not be delivered and went to the dead-letter queue (`InvocationsSentToDlq`).
   *
   * @default - sum over 5 minutes
   */
  public metricInvocationsSentToDlq(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationsSentToDlq', props);
  }

  /**
   * Events that could not be delivered nor sent to the dead-letter queue, and are lost
   * (`InvocationsFailedToBeSentToDlq`).
   *
   * @default - sum over 5 minutes
   */
  public metricInvocationsFailedToBeSentToDlq(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationsFailedToBeSentToDlq', props);
  }

  /**
   * Every event that did not reach the endpoint: failed, dead-lettered or lost, as one sum.
   *
   * @default - sum over 5 minutes
   */
  public metricUndelivered(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return new cloudwatch.MathExpression({
      expression: 'FILL(failed, 0) + FILL(deadLettered, 0) + FILL(lost, 0)',
      usingMetrics: {
        failed: this.metricFailedInvocations(),
        deadLettered: this.metricInvocationsSentToDlq(),
        lost: this.metricInvocationsFailedToBeSentToDlq(),
      },
      label: 'Undelivered task events',
      period: props?.period,
    });
  }

  /**
   * Undelivered events waiting in the dead-letter queue (SQS `ApproximateNumberOfMessagesVisible`).
   *
   * @default - maximum over 5 minutes
   */
  public metricDeadLetters(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible(props);
  }

  private checkEndpoint(endpoint: string): void {
    if (Token.isUnresolved(endpoint)) return;
    if (!/^https:\/\/[^\s/]+/.test(endpoint)) {
      throw constructError(
        this,
        `endpoint ${JSON.stringify(endpoint)} is not an HTTPS URL; EventBridge API destinations call HTTPS endpoints only, e.g. 'https://crm.example.com/hooks/tasks'.`,
      );
    }
  }

  private checkWhole(prop: string, value: number, range: { readonly min: number; readonly max: number }): number {
    if (!wholeWithin(value, range)) {
      throw constructError(this, `${prop} is ${value}; EventBridge allows a whole number from ${range.min} to ${range.max}.`);
    }
    return value;
  }
}
