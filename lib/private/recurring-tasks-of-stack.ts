import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';

const ID = 'CdkConnectTasksRecurringTasks';

/**
 * What the RecurringTasks of a stack share: the dead-letter queue and the schedule group they use
 * unless given their own, each made when a task first needs it.
 */
export class RecurringTasksOfStack extends Construct {
  /** The stack's instance, made by its first RecurringTask. */
  public static of(scope: IConstruct): RecurringTasksOfStack {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as RecurringTasksOfStack | undefined) ?? new RecurringTasksOfStack(stack, ID);
  }

  private queue?: sqs.Queue;
  private group?: scheduler.ScheduleGroup;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
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
}
