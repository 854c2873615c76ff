import { createHash } from 'node:crypto';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  contactsOf,
  SCHEDULED_TASK_DEADLINE_ENV,
  scheduledTaskConnectDeadlineMs,
  scheduledTaskHandlerTimeoutSeconds,
  type TaskQuota,
} from '../contract';
import { allowWritingLogs, BundledHandler } from './bundled-handler';

const PROVIDER_ID = 'CdkConnectTasksScheduledTaskProvider';
const LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/**
 * The one custom resource provider (and handler) of a stack, however many ScheduledTasks it has.
 * Each task adds the permissions for its own instance and target.
 */
export class ScheduledTaskProvider extends Construct {
  /** The stack's provider, created by the first ScheduledTask, its wait for Connect set by the stack's `quota`. */
  public static of(scope: Construct, quota: TaskQuota): ScheduledTaskProvider {
    const stack = Stack.of(scope);
    return (
      (stack.node.tryFindChild(PROVIDER_ID) as ScheduledTaskProvider | undefined) ?? new ScheduledTaskProvider(stack, PROVIDER_ID, quota)
    );
  }

  public readonly handler: BundledHandler;
  public readonly serviceToken: string;
  private readonly targetsGranted = new Set<string>();

  private constructor(scope: Construct, id: string, quota: TaskQuota) {
    super(scope, id);
    // The tasks of one deploy are created at once: each call waits its turn at the stack's quota.
    const deadlineMs = scheduledTaskConnectDeadlineMs(quota);
    this.handler = new BundledHandler(this, 'Handler', {
      description: 'cdk-connect-tasks: creates, reschedules and cancels scheduled Amazon Connect tasks',
      assetName: 'scheduled-task',
      logRetention: LOG_RETENTION,
      timeout: Duration.seconds(scheduledTaskHandlerTimeoutSeconds(deadlineMs)),
      environment: { [SCHEDULED_TASK_DEADLINE_ENV]: String(deadlineMs) },
    });

    // The framework's own function gets a role that writes only to its own log group, too.
    const frameworkLogGroup = new logs.LogGroup(this, 'FrameworkLogGroup', { retention: LOG_RETENTION });
    const frameworkRole = new iam.Role(this, 'FrameworkRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    allowWritingLogs(frameworkRole, frameworkLogGroup);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogGroup,
    });
    this.serviceToken = provider.serviceToken;
  }

  /**
   * Lets the handler manage the task contacts of an instance and start them for one target, in a
   * policy of that instance's own. The task's resource must depend on the returned policy: then
   * CloudFormation deletes the task (cancelling its contact) before it removes the permission,
   * when the last task of an instance goes away or a task moves to another instance.
   */
  public allowTasks(instanceArn: string, targetArn: string): iam.Policy {
    // Named after the instance, so adding or removing tasks of other instances never renames it.
    const id = `InstancePolicy${createHash('sha256').update(instanceArn).digest('hex').slice(0, 12)}`;
    const policy =
      (this.node.tryFindChild(id) as iam.Policy | undefined) ??
      new iam.Policy(this, id, {
        roles: [this.handler.role!],
        statements: [
          new iam.PolicyStatement({
            actions: ['connect:StartTaskContact', 'connect:DescribeContact', 'connect:UpdateContactSchedule', 'connect:StopContact'],
            resources: [contactsOf(instanceArn)],
          }),
        ],
      });
    if (!this.targetsGranted.has(targetArn)) {
      this.targetsGranted.add(targetArn);
      policy.addStatements(new iam.PolicyStatement({ actions: ['connect:StartTaskContact'], resources: [targetArn] }));
    }
    return policy;
  }
}
