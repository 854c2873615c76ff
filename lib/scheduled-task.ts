import { Annotations, CustomResource, type Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConnectTaskQuota } from './connect-task-quota';
import { hasPassed, type ScheduledTaskResourceProperties } from './contract';
import { maxScheduleAheadSeconds } from './private/duration-prop';
import { assertInstanceArn } from './private/instance-arn-prop';
import { ScheduledTaskProvider } from './private/scheduled-task-provider';
import { assertValidTaskRequest, taskRequestOf } from './private/task-request-of';
import type { TaskContentProps } from './task-content';
import type { TaskSchedule } from './task-schedule';

/** Properties of a {@link ScheduledTask}. */
export interface ScheduledTaskProps extends TaskContentProps {
  /** When the task is due. */
  readonly schedule: TaskSchedule;

  /**
   * The contact this task follows up; may be another ScheduledTask's `contactId`.
   * Up to 12 tasks may share one previous contact, and they share its attributes.
   *
   * @default - none
   */
  readonly previousContactId?: string;

  /**
   * Cancel the task (StopContact) when this resource is deleted, if it has not started yet.
   *
   * @default true
   */
  readonly cancelOnDelete?: boolean;

  /**
   * How far ahead the schedule may lie. Raise it if your instance allows more than Connect's
   * documented 6 days.
   *
   * @default Duration.days(6)
   */
  readonly maxScheduleAhead?: Duration;
}

/**
 * An Amazon Connect task that is due at a scheduled time, declared as infrastructure.
 *
 * CloudFormation creates the task contact on deploy, reschedules it when only the schedule
 * changes, replaces it when anything else changes, and cancels it on delete. One provider and
 * one handler serve every ScheduledTask of a stack.
 */
export class ScheduledTask extends Construct {
  /** The id of the task contact (the resource's physical id). */
  public readonly contactId: string;
  /** The CloudFormation custom resource of the task. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ScheduledTaskProps) {
    super(scope, id);
    assertInstanceArn(this, props.instanceArn);
    const maxScheduleAhead = maxScheduleAheadSeconds(this, props.maxScheduleAhead);
    const taskRequest = taskRequestOf(this, props);
    const now = new Date();
    const instant = props.schedule._instantIfDeployedAt(now);
    const passed = instant !== undefined && hasPassed(instant, now);
    if (passed) {
      // Not an error: the stack must stay deployable once the task's date has gone by.
      Annotations.of(this).addWarningV2(
        'cdk-connect-tasks:scheduleHasPassed',
        `ScheduledTask ${this.node.path}: its schedule, ${instant.toISOString()}, has passed. The task stays as it is while this resource is unchanged; creating it, or changing its task or schedule, fails the deploy. Remove it once it has run, or give it a schedule still to come (TaskSchedule.after() for one relative to the deploy).`,
      );
    }
    assertValidTaskRequest(
      this,
      instant && !passed ? { ...taskRequest, ScheduledTime: Math.ceil(instant.getTime() / 1000) } : taskRequest,
      {
        hasDefaultTarget: false,
        maxScheduleAheadSeconds: maxScheduleAhead,
        now,
      },
      props.target._knownTemplate(),
    );

    const provider = ScheduledTaskProvider.of(this, ConnectTaskQuota.of(this)._derivable());
    const permissions = provider.allowTasks(props.instanceArn, props.target.arnIn(props.instanceArn));
    const properties: ScheduledTaskResourceProperties = {
      InstanceArn: props.instanceArn,
      TaskRequest: Stack.of(this).toJsonString(taskRequest),
      Schedule: Stack.of(this).toJsonString(props.schedule._toProperty()),
      MaxScheduleAheadSeconds: String(maxScheduleAhead),
      CancelOnDelete: props.cancelOnDelete === false ? 'false' : 'true',
      ConstructPath: this.node.path,
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::ConnectScheduledTask',
      properties,
    });
    this.resource.node.addDependency(permissions);
    this.contactId = this.resource.getAttString('ContactId');
  }
}
