import { type Duration, Fn, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { contactsOf, parseInstanceArn, type QueuedTaskRequest } from './contract';
import { constructError } from './private/construct-error';
import { occurrenceRequestId } from './private/occurrence-request-id';
import { TaskApi } from './task-api';
import type { ITaskApi } from './task-api-interface';
import type { TaskTarget } from './task-target';

/** Options of {@link RecurringTaskDelivery.queued}. */
export interface QueuedRecurringTaskOptions {
  /**
   * The caller who may read each occurrence's status at `GET /tasks/requests/{requestId}` (see
   * `RecurringTask.occurrenceRequestId`), named as the endpoint names callers: an IAM
   * user's ARN, or for a role its assumed-role ARN without the session name, e.g.
   * `arn:aws:sts::111122223333:assumed-role/Operations`. Grant it `grantReadRequestStatus` too.
   *
   * @default - the schedule itself: each occurrence's status is recorded (a message delivered
   * twice starts one task), but no caller can read it
   */
  readonly statusReader?: string;
}

/** What a delivery needs from its RecurringTask to make the schedule's target. */
export interface RecurringTaskTargetProps {
  readonly instanceArn: string;
  readonly target: TaskTarget;
  /** The StartTaskContact request of every occurrence, without InstanceId, with its ClientToken. */
  readonly request: Record<string, unknown>;
  readonly role: iam.IRole;
  readonly deadLetterQueue: sqs.IQueue;
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
}

/**
 * How a RecurringTask's occurrences reach Amazon Connect: straight from EventBridge Scheduler, or
 * through a TaskApi's paced queue, which spends Connect's quota at a steady rate however many
 * schedules fire in the same minute.
 */
export abstract class RecurringTaskDelivery {
  /**
   * Scheduler calls `StartTaskContact` itself (a universal target). A throttled occurrence waits
   * for Scheduler's retries.
   */
  public static direct(): RecurringTaskDelivery {
    return new DirectRecurringDelivery();
  }

  /**
   * Scheduler sends each occurrence to the queue of `taskApi`'s queued delivery (an SQS target),
   * and the delivery function starts the task at the API's paced rate, with the same ClientToken
   * (one task per occurrence, however often it is sent). The occurrence's status is kept like any
   * queued request's. The schedule's role may only send to that queue and the dead-letter queue.
   * The TaskApi needs `asyncDelivery` (a `requestQueue`), the same instance, and must allow the
   * task's target.
   */
  public static queued(taskApi: ITaskApi, options: QueuedRecurringTaskOptions = {}): RecurringTaskDelivery {
    return new QueuedRecurringDelivery(taskApi, options);
  }

  /** The TaskApi whose queue the occurrences go to, when they are queued. */
  public abstract readonly taskApi?: ITaskApi;

  /** @internal the schedule's target, with the role's permissions added */
  public abstract _bind(task: IConstruct, props: RecurringTaskTargetProps): scheduler.IScheduleTarget;
}

class DirectRecurringDelivery extends RecurringTaskDelivery {
  public readonly taskApi = undefined;

  public _bind(_task: IConstruct, props: RecurringTaskTargetProps): scheduler.IScheduleTarget {
    return new targets.Universal({
      service: 'connect',
      action: 'startTaskContact',
      role: props.role,
      // Given statements, Universal adds these to the role and no `Resource: *` default.
      policyStatements: [
        new iam.PolicyStatement({
          actions: ['connect:StartTaskContact'],
          resources: [contactsOf(props.instanceArn), props.target.arnIn(props.instanceArn)],
        }),
      ],
      input: scheduler.ScheduleTargetInput.fromObject({ InstanceId: instanceIdOf(props.instanceArn), ...props.request }),
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
    });
  }
}

class QueuedRecurringDelivery extends RecurringTaskDelivery {
  constructor(
    public readonly taskApi: ITaskApi,
    private readonly options: QueuedRecurringTaskOptions,
  ) {
    super();
  }

  public _bind(task: IConstruct, props: RecurringTaskTargetProps): scheduler.IScheduleTarget {
    const queue = this.taskApi.requestQueue;
    if (!queue) {
      throw constructError(
        task,
        `its delivery is RecurringTaskDelivery.queued(${this.taskApi.node.path}), but that TaskApi has no queued delivery. Set the TaskApi's asyncDelivery, or use RecurringTaskDelivery.direct().`,
      );
    }
    const [own, api] = [props.instanceArn, this.taskApi.instanceArn];
    if (!Token.isUnresolved(own) && !Token.isUnresolved(api) && own !== api) {
      throw constructError(
        task,
        `its instance ${own} is not the instance of ${this.taskApi.node.path} (${api}), whose delivery function starts every queued task in its own instance. Queue it to a TaskApi of the same instance.`,
      );
    }
    const allowed = this.taskApi instanceof TaskApi ? this.taskApi._allowedTargetArns : undefined;
    if (allowed && !allowed.includes(props.target.arnIn(own))) {
      throw constructError(
        task,
        `its target ${props.target.targetType} ${props.target.id} is not among the allowedTargets of ${this.taskApi.node.path}, whose delivery function may start tasks for those only. Add it to that TaskApi's allowedTargets, or queue the task through another TaskApi.`,
      );
    }
    const { ClientToken: clientToken, ...request } = props.request;
    const message: QueuedTaskRequest = {
      requestId: occurrenceRequestId(task, scheduler.ContextAttribute.scheduledTime),
      principal: this.options.statusReader ?? scheduler.ContextAttribute.scheduleArn,
      clientToken: clientToken as string,
      request,
      sentBy: 'scheduler',
    };
    // SqsSendMessage grants the role sqs:SendMessage on the queue, and on the dead-letter queue.
    return new targets.SqsSendMessage(queue, {
      role: props.role,
      input: scheduler.ScheduleTargetInput.fromObject(message),
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
    });
  }
}

/** The instance id, the last part of the instance ARN, as StartTaskContact's InstanceId wants it. */
function instanceIdOf(instanceArn: string): string {
  return parseInstanceArn(instanceArn)?.instanceId ?? Fn.select(1, Fn.split('/', instanceArn));
}
