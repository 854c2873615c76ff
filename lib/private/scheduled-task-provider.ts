import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { BundledHandler } from './bundled-handler';

const PROVIDER_ID = 'CdkConnectTasksScheduledTaskProvider';

/**
 * The one custom resource provider (and handler) of a stack, however many ScheduledTasks it has.
 * Each task adds the permissions for its own instance and target.
 */
export class ScheduledTaskProvider extends Construct {
  /** The stack's provider, created by the first ScheduledTask. */
  public static of(scope: Construct): ScheduledTaskProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as ScheduledTaskProvider | undefined) ?? new ScheduledTaskProvider(stack, PROVIDER_ID);
  }

  public readonly handler: BundledHandler;
  public readonly serviceToken: string;
  private readonly grantedResources = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.handler = new BundledHandler(this, 'Handler', {
      description: 'cdk-connect-tasks: creates, reschedules and cancels scheduled Amazon Connect tasks',
      assetName: 'scheduled-task',
      logRetention: logs.RetentionDays.THREE_MONTHS,
      timeout: Duration.minutes(1),
    });

    // The framework's own function gets a role that writes only to its own log group, too.
    const frameworkLogGroup = new logs.LogGroup(this, 'FrameworkLogGroup', { retention: logs.RetentionDays.THREE_MONTHS });
    const frameworkRole = new iam.Role(this, 'FrameworkRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    frameworkRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [frameworkLogGroup.logGroupArn],
    }));
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogGroup,
    });
    this.serviceToken = provider.serviceToken;
  }

  /**
   * Lets the handler manage task contacts of an instance, and start them for one target.
   * Statements are added once per distinct resource, however many tasks share it.
   */
  public allowTasks(instanceArn: string, targetArn: string): void {
    const contacts = `${instanceArn}/contact/*`;
    if (!this.grantedResources.has(contacts)) {
      this.grantedResources.add(contacts);
      this.handler.addToRolePolicy(new iam.PolicyStatement({
        actions: ['connect:StartTaskContact', 'connect:DescribeContact', 'connect:UpdateContactSchedule', 'connect:StopContact'],
        resources: [contacts],
      }));
    }
    if (!this.grantedResources.has(targetArn)) {
      this.grantedResources.add(targetArn);
      this.handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['connect:StartTaskContact'], resources: [targetArn] }));
    }
  }
}
