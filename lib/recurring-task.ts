import { Annotations, Aws, CfnRule, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConnectTaskQuota } from './connect-task-quota';
import { parseInstanceArn, TASK_LIMITS } from './contract';
import { constructError } from './private/construct-error';
import { assertInstanceArn } from './private/instance-arn-prop';
import { occurrenceRequestId } from './private/occurrence-request-id';
import { checkPropRules, type PropRule } from './private/prop-rules';
import { RecurringTasksOfStack } from './private/recurring-tasks-of-stack';
import { readScheduleExpression, type ReadSchedule } from './private/schedule-expression';
import { atLongest, contextAttributesIn, PER_ATTEMPT_ATTRIBUTES } from './private/scheduler-context';
import { TaskQuotaBudget } from './private/task-quota-budget';
import { assertValidTaskRequest, taskRequestOf } from './private/task-request-of';
import { wholeWithin } from './private/whole-within';
import { RecurringTaskDelivery } from './recurring-task-delivery';
import type { IRecurringTask } from './recurring-task-interface';
import type { TaskContentProps } from './task-content';

/** Properties of a {@link RecurringTask}. */
export interface RecurringTaskProps extends TaskContentProps {
  /**
   * When tasks are started: `ScheduleExpression.cron({ ..., timeZone })` for a repeating task,
   * `ScheduleExpression.at(date, timeZone)` for a one-off, or `ScheduleExpression.rate(duration)`.
   * Note that `at()` reads the date's UTC fields as a wall-clock time in `timeZone`.
   */
  readonly schedule: scheduler.ScheduleExpression;

  /**
   * A flexible time window: Scheduler starts each occurrence at a moment of its choosing within
   * this long after the scheduled time (1 to 1440 whole minutes). Use it when many tasks share a
   * minute: Connect's default quota starts 2 tasks a second, with bursts of 5.
   *
   * @default - no window: every occurrence starts at its scheduled minute
   */
  readonly timeWindow?: Duration;

  /**
   * The first instant the schedule may start a task; ignored by `at()` schedules.
   *
   * @default - from the deployment on
   */
  readonly start?: Date;

  /**
   * The instant after which the schedule starts no more tasks; ignored by `at()` schedules.
   *
   * @default - no end
   */
  readonly end?: Date;

  /**
   * Whether the schedule starts tasks. A disabled schedule keeps its definition and IAM role.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * How many times Scheduler retries an occurrence that failed (throttled, Connect unavailable),
   * with exponential backoff, 0 to 185.
   *
   * @default 185 - Scheduler's most, so a throttled occurrence is retried until `maxEventAge`
   */
  readonly retryAttempts?: number;

  /**
   * How long after its scheduled time an occurrence may still start a task, 1 minute to 24 hours,
   * in whole seconds; after that it goes to the dead-letter queue.
   *
   * @default Duration.hours(1) - a reminder a day late is worse than none
   */
  readonly maxEventAge?: Duration;

  /**
   * The standard SQS queue that receives occurrences that could not start a task. The schedule's
   * role may send to it (and use its KMS key, if it has one).
   *
   * @default - one queue shared by the RecurringTasks of the stack: SQS-managed encryption, TLS only, 14 days' retention
   */
  readonly deadLetterQueue?: sqs.IQueue;

  /**
   * The schedule group of the schedule. Scheduler's metrics are per group.
   *
   * @default - one group shared by the RecurringTasks of the stack, so their metrics are theirs alone
   */
  readonly scheduleGroup?: scheduler.IScheduleGroup;

  /**
   * The customer managed KMS key Scheduler encrypts the schedule (and so the task's content) with;
   * the schedule's role gets `kms:Decrypt` on it.
   *
   * @default - a key that AWS owns and manages
   */
  readonly key?: kms.IKey;

  /**
   * A contact attribute that carries each occurrence's scheduled time (UTC to the second, e.g.
   * `2026-12-01T09:00:00Z`), so the flow and the agent can tell the runs apart.
   *
   * @default - no such attribute
   */
  readonly scheduledTimeAttribute?: string;

  /**
   * How occurrences reach Amazon Connect: straight from EventBridge Scheduler, or through a
   * TaskApi's paced queue (`RecurringTaskDelivery.queued(api)`), which keeps schedules that fire
   * in the same minute inside Connect's quota.
   *
   * @default RecurringTaskDelivery.direct()
   */
  readonly delivery?: RecurringTaskDelivery;
}

/** EventBridge Scheduler's bounds for a target's retry policy and flexible time window. */
const RETRY_ATTEMPTS_MAX = 185;
const EVENT_AGE_SECONDS = { min: 60, max: 86_400 };
const TIME_WINDOW_MINUTES = { min: 1, max: 1440 };

/** How Scheduler delivers each occurrence, as RecurringTask checks it. */
interface DeliveryChecked {
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
  readonly timeWindow?: Duration;
}

const DELIVERY_RULES: ReadonlyArray<PropRule<DeliveryChecked>> = [
  {
    fails: ({ retryAttempts }) => !wholeWithin(retryAttempts, { min: 0, max: RETRY_ATTEMPTS_MAX }),
    message: ({ retryAttempts }) =>
      `retryAttempts is ${retryAttempts}; EventBridge Scheduler retries a whole number of times from 0 to ${RETRY_ATTEMPTS_MAX}.`,
  },
  {
    fails: ({ maxEventAge }) => !wholeWithin(maxEventAge.toSeconds({ integral: false }), EVENT_AGE_SECONDS),
    message: ({ maxEventAge }) =>
      `maxEventAge is ${maxEventAge.toHumanString()}; EventBridge Scheduler allows whole seconds from Duration.minutes(1) to Duration.hours(24).`,
  },
  {
    fails: ({ timeWindow }) => !!timeWindow && !wholeWithin(timeWindow.toMinutes({ integral: false }), TIME_WINDOW_MINUTES),
    message: ({ timeWindow }) =>
      `timeWindow is ${timeWindow!.toHumanString()}; EventBridge Scheduler's flexible window is whole minutes from Duration.minutes(1) to Duration.hours(24).`,
  },
];

/**
 * One task per occurrence: the same occurrence retried is one task, and every occurrence its own.
 * The execution id is not used: it changes on every attempt.
 */
const CLIENT_TOKEN = `${scheduler.ContextAttribute.scheduleArn}|${scheduler.ContextAttribute.scheduledTime}`;

/**
 * An Amazon Connect task started on a schedule: every weekday at 09:00 London time, the first
 * Monday of each quarter, or once, months ahead. An EventBridge Scheduler schedule calls
 * Connect's StartTaskContact itself (a universal target): no Lambda function runs.
 *
 * Each occurrence's request carries a ClientToken made of the schedule's ARN and the
 * occurrence's scheduled time, so Scheduler's retries of one occurrence start one task. An
 * occurrence that still fails when its retries run out goes to a dead-letter queue.
 *
 * The schedule runs in the stack's region and account, which must be the instance's.
 */
export class RecurringTask extends Construct implements IRecurringTask {
  /** The EventBridge Scheduler schedule. */
  public readonly schedule: scheduler.Schedule;
  /** The schedule's group; Scheduler reports its metrics per group. */
  public readonly scheduleGroup: scheduler.IScheduleGroup;
  /** The queue that receives occurrences that could not start a task. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The role Scheduler assumes to start this task (or, queued, to send it to the TaskApi's queue), and to send to the dead-letter queue. */
  public readonly role: iam.IRole;
  /** The ARN of the Amazon Connect instance the task is started in. */
  public readonly instanceArn: string;

  constructor(scope: Construct, id: string, props: RecurringTaskProps) {
    super(scope, id);
    assertInstanceArn(this, props.instanceArn);
    this.instanceArn = props.instanceArn;
    const schedule = this.readSchedule(props);
    const retryAttempts = props.retryAttempts ?? RETRY_ATTEMPTS_MAX;
    const maxEventAge = props.maxEventAge ?? Duration.hours(1);
    const timeWindow = props.timeWindow;
    checkPropRules(this, { retryAttempts, maxEventAge, timeWindow }, DELIVERY_RULES);
    this.checkInstanceLocation(props.instanceArn);
    const request = this.taskRequest(props);

    const ofStack = RecurringTasksOfStack.of(this);
    this.scheduleGroup = props.scheduleGroup ?? ofStack.scheduleGroup;
    this.deadLetterQueue = props.deadLetterQueue ?? ofStack.deadLetterQueue;
    const role = new iam.Role(this, 'Role', {
      description: 'Lets EventBridge Scheduler start one Amazon Connect task (cdk-connect-tasks RecurringTask)',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Only schedules of this account and group may use the role (the confused-deputy guard).
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account, 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn } },
      }),
    });
    this.role = role;
    // Sending to a queue encrypted with a KMS key needs the key too.
    this.deadLetterQueue.encryptionMasterKey?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');

    const delivery = props.delivery ?? RecurringTaskDelivery.direct();
    const target = delivery._bind(this, {
      instanceArn: props.instanceArn,
      target: props.target,
      request,
      role,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts,
      maxEventAge,
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: props.schedule,
      target,
      scheduleGroup: this.scheduleGroup,
      enabled: props.enabled ?? true,
      key: props.key,
      timeWindow: timeWindow ? scheduler.TimeWindow.flexible(timeWindow) : scheduler.TimeWindow.off(),
      start: props.start,
      end: props.end,
    });
    if (!delivery.taskApi && props.enabled !== false) this.stateQuotaShare(schedule, props, timeWindow !== undefined);
  }

  /**
   * With `RecurringTaskDelivery.queued`: the `requestId` of the occurrence scheduled at
   * `scheduledTime`, whose status `GET /tasks/requests/{requestId}` answers to the delivery's
   * `statusReader`: this task's unique id, `@`, and the time in UTC to the second, e.g.
   * `RemindersNightly1A2B3C4D@2026-12-01T09:00:00Z`.
   */
  public occurrenceRequestId(scheduledTime: Date): string {
    return occurrenceRequestId(this, scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  }

  /**
   * An EventBridge Scheduler metric of this task's schedule group (namespace `AWS/Scheduler`,
   * dimension `ScheduleGroup`): Scheduler reports no per-schedule metric, so it counts every
   * schedule of the group.
   *
   * @default - sum over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metric(metricName, props);
  }

  /**
   * Occurrences Scheduler tried to start, retries included (`InvocationAttemptCount`), for the group.
   *
   * @default - sum over 5 minutes
   */
  public metricAttempts(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricAttempts(props);
  }

  /**
   * Attempts Connect refused or failed (`TargetErrorCount`), for the group: a throttle, a
   * Connect error, or a request Connect rejects.
   *
   * @default - sum over 5 minutes
   */
  public metricTargetErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricTargetErrors(props);
  }

  /**
   * Attempts Connect throttled (`TargetErrorThrottledCount`), for the group.
   *
   * @default - sum over 5 minutes
   */
  public metricTargetThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricTargetThrottled(props);
  }

  /**
   * Attempts Scheduler itself throttled (`InvocationThrottleCount`), for the group.
   *
   * @default - sum over 5 minutes
   */
  public metricThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricThrottled(props);
  }

  /**
   * Occurrences dropped when their retries ran out and no dead-letter queue took them
   * (`InvocationDroppedCount`), for the group.
   *
   * @default - sum over 5 minutes
   */
  public metricDropped(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricDropped(props);
  }

  /**
   * The number of occurrences Scheduler sent to a dead-letter queue, for every schedule of this
   * task's group (Scheduler reports no per-schedule metric): `InvocationsSentToDeadLetterCount`.
   *
   * @default - sum over 5 minutes
   */
  public metricSentToDLQ(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.scheduleGroup.metricSentToDLQ(props);
  }

  /**
   * Failed occurrences waiting in the dead-letter queue (SQS `ApproximateNumberOfMessagesVisible`).
   *
   * @default - maximum over 5 minutes
   */
  public metricDeadLetters(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible(props);
  }

  /**
   * What the schedule spends of Connect's quota when it calls Connect itself: a rate() schedule
   * its rate; one at exact minutes (no flexible window) a call in each of its minutes.
   */
  private stateQuotaShare(schedule: ReadSchedule, props: RecurringTaskProps, flexible: boolean): void {
    const budget = TaskQuotaBudget.of(this, () => ConnectTaskQuota.of(this));
    if (schedule.kind === 'rate' && schedule.periodSeconds) {
      budget.addRate({ construct: this, ratePerSecond: 1 / schedule.periodSeconds, setting: props.schedule.expressionString });
    } else if (!flexible) {
      budget.addExactTime({ construct: this, schedule, start: props.start, end: props.end });
    }
  }

  /** The StartTaskContact request of every occurrence, without InstanceId, checked at synth time. */
  private taskRequest(props: RecurringTaskProps): Record<string, unknown> {
    const attributeName = props.scheduledTimeAttribute;
    if (attributeName !== undefined && props.attributes?.[attributeName] !== undefined) {
      throw constructError(
        this,
        `scheduledTimeAttribute "${attributeName}" is also a key of attributes. Name the scheduled time's attribute differently, or remove that key.`,
      );
    }
    const content = taskRequestOf(this, props);
    const attributes =
      attributeName === undefined ? props.attributes : { ...props.attributes, [attributeName]: scheduler.ContextAttribute.scheduledTime };
    const request = { ...content, ...(attributes && { Attributes: attributes }), ClientToken: CLIENT_TOKEN };

    const perAttempt = contextAttributesIn(content).filter((p) => PER_ATTEMPT_ATTRIBUTES.includes(p));
    if (perAttempt.length > 0) {
      throw constructError(
        this,
        `it uses ${[...new Set(perAttempt)].join(' and ')}, which change on every attempt: a retried occurrence would no longer be the same request, and Connect rejects a ClientToken reused with a different request. Use ${scheduler.ContextAttribute.scheduledTime} to tell occurrences apart.`,
      );
    }
    // Scheduler substitutes its context attributes into the request: check it with each at its longest.
    assertValidTaskRequest(
      this,
      atLongest(request) as Record<string, unknown>,
      {
        hasDefaultTarget: false,
        maxScheduleAheadSeconds: TASK_LIMITS.defaultMaxScheduleAheadSeconds,
        now: new Date(),
      },
      props.target._knownTemplate(),
    );
    return request;
  }

  /** Reads the schedule as Scheduler will, failing on what it would reject and warning of what never fires. */
  private readSchedule(props: RecurringTaskProps): ReadSchedule {
    const schedule = readScheduleExpression(props.schedule);
    if (schedule.kind === 'invalid') {
      throw constructError(
        this,
        `the schedule is not valid for EventBridge Scheduler: ${schedule.problem}. See "Schedule types" in the EventBridge Scheduler user guide.`,
      );
    }
    const now = new Date();
    const warn = (message: string) => Annotations.of(this).addWarningV2('cdk-connect-tasks:recurringTaskInThePast', message);
    if (schedule.kind === 'at' && schedule.instant < now) {
      warn(
        `The one-time schedule ${props.schedule.expressionString} (${schedule.timeZone}) has passed and starts no task; remove the RecurringTask or give it a future date.`,
      );
    }
    if (props.start && schedule.kind !== 'at' && props.start < now) {
      warn(
        `start ${props.start.toISOString()} is in the past; the schedule runs from its deployment. Remove start, or give a future date.`,
      );
    }
    if (props.end && schedule.kind !== 'at' && props.end < now) {
      warn(`end ${props.end.toISOString()} is in the past: the schedule starts no task. Remove the RecurringTask, or move end.`);
    }
    return schedule;
  }

  /**
   * Scheduler calls Connect in the schedule's own region and account: an instance elsewhere would
   * fail every occurrence. Checked at synth time when both are known, else when the stack deploys.
   */
  private checkInstanceLocation(instanceArn: string): void {
    const instance = parseInstanceArn(instanceArn);
    if (!instance) return;
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region) && !Token.isUnresolved(stack.account)) {
      if (stack.region !== instance.region || stack.account !== instance.account) {
        throw constructError(
          this,
          `the instance is in ${instance.account}/${instance.region} but the stack deploys to ${stack.account}/${stack.region}. EventBridge Scheduler starts tasks in its own account and region: declare the RecurringTask in a stack of the instance's.`,
        );
      }
      return;
    }
    new CfnRule(this, 'InstanceInStackRegion', {
      assertions: [
        {
          assert: Fn.conditionAnd(Fn.conditionEquals(Aws.REGION, instance.region), Fn.conditionEquals(Aws.ACCOUNT_ID, instance.account)),
          assertDescription: `${this.node.path} starts tasks of an Amazon Connect instance in ${instance.account}/${instance.region}: deploy this stack there (EventBridge Scheduler calls Connect in its own account and region).`,
        },
      ],
    });
  }
}
