import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { firingMinutes, type ReadSchedule } from './schedule-expression';

const ID = 'CdkConnectTasksRecurringTasks';

/** Connect's default StartTaskContact quota lets a burst of 5 through at once (then 2 a second). */
const BURST = 5;
/** How far ahead the crowded-minute check looks: a year covers monthly and quarterly schedules. */
const HORIZON_DAYS = 366;

/** A RecurringTask as the crowded-minute check sees it. */
export interface ScheduledOccurrences {
  readonly task: IConstruct;
  readonly schedule: ReadSchedule;
  readonly start?: Date;
  readonly end?: Date;
}

/**
 * What the RecurringTasks of a stack share: the dead-letter queue and the schedule group they use
 * unless given their own (each made when a task first needs it), and a synth-time check that not
 * too many of them fire in the same minute.
 */
export class RecurringTasksOfStack extends Construct {
  /** The stack's instance, made by its first RecurringTask. */
  public static of(scope: IConstruct): RecurringTasksOfStack {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as RecurringTasksOfStack | undefined) ?? new RecurringTasksOfStack(stack, ID);
  }

  private queue?: sqs.Queue;
  private group?: scheduler.ScheduleGroup;
  private readonly exactTimeTasks: ScheduledOccurrences[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    // Run once the whole stack is declared, so every task is counted.
    this.node.addValidation({ validate: () => (this.warnOfCrowdedMinutes(new Date()), []) });
  }

  /** Failed occurrences of every RecurringTask of the stack that names no queue of its own. */
  public get deadLetterQueue(): sqs.IQueue {
    this.queue ??= new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS's longest retention: time to notice, fix and replay a failed occurrence.
      retentionPeriod: Duration.days(14),
    });
    return this.queue;
  }

  /** The schedule group of every RecurringTask of the stack that names no group of its own. */
  public get scheduleGroup(): scheduler.IScheduleGroup {
    // Scheduler's metrics are per group: a group of their own lets alarms watch these schedules alone.
    // Destroyed with the stack: it holds only the stack's own schedules, which go with it.
    this.group ??= new scheduler.ScheduleGroup(this, 'ScheduleGroup', { removalPolicy: RemovalPolicy.DESTROY });
    return this.group;
  }

  /** Counts a task that fires at exact minutes (no flexible time window) in the crowded-minute check. */
  public addExactTimeTask(task: ScheduledOccurrences): void {
    this.exactTimeTasks.push(task);
  }

  /**
   * Warns on every task of the busiest minute of the coming year when more than Connect's burst
   * of tasks would start in it: the rest are throttled and wait for Scheduler's retries.
   */
  private warnOfCrowdedMinutes(now: Date): void {
    if (this.exactTimeTasks.length <= BURST) return;
    const horizon = new Date(now.getTime() + HORIZON_DAYS * 86_400_000);
    const firings = this.exactTimeTasks.map(({ schedule, start, end }) => {
      const from = start && start > now ? start : now;
      const to = end && end < horizon ? end : horizon;
      return new Set(firingMinutes(schedule, from, to) ?? []);
    });
    const counts = new Map<number, number>();
    for (const minutes of firings) for (const minute of minutes) counts.set(minute, (counts.get(minute) ?? 0) + 1);
    let busiest: [number, number] = [0, 0];
    for (const entry of counts) if (entry[1] > busiest[1]) busiest = entry;
    const [minute, count] = busiest;
    if (count <= BURST) return;
    const when = new Date(minute).toISOString().slice(0, 16).replace('T', ' ');
    this.exactTimeTasks.forEach(({ task }, i) => {
      if (!firings[i].has(minute)) return;
      Annotations.of(task).addWarningV2(
        'cdk-connect-tasks:recurringTaskCrowdedMinute',
        `${count} RecurringTasks of this stack start a task at ${when} UTC, and Connect's default StartTaskContact quota is 2 a second with bursts of ${BURST}: the rest are throttled and wait for retries. Give them a timeWindow (e.g. Duration.minutes(5)), spread their minutes, or raise the quota.`,
      );
    });
  }
}
