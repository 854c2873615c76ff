import { CfnOutput, Duration, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  ConnectTaskQuota,
  RecurringTask,
  RecurringTaskDelivery,
  ReferenceType,
  ScheduledTask,
  TaskApi,
  TaskMonitoring,
  TaskSchedule,
  TaskTarget,
} from '../lib';

/** A placeholder instance, so `cdk synth` works offline; pass `-c instanceArn=...` for yours. */
export const PLACEHOLDER_INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

export interface ConnectTasksStackProps extends StackProps {
  readonly instanceArn: string;
}

const BACK_OFFICE_FLOW = TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444');

/** The example: a task endpoint for a CRM, routed to one flow by default, a scheduled reminder, a recurring check, and alarms and a dashboard. */
export class ConnectTasksStack extends Stack {
  constructor(scope: Construct, id: string, props: ConnectTasksStackProps) {
    super(scope, id, props);
    // The account's StartTaskContact quota in this region (Service Quotas L-E704D621), declared
    // first: the stage throttle and the delivery rate below follow from it, and synth warns if
    // this stack's constructs plan to spend more. Connect's default; change it after a raise.
    new ConnectTaskQuota(this, 'Quota', { ratePerSecond: 2, burst: 5 });
    const tasks = new TaskApi(this, 'Tasks', {
      instanceArn: props.instanceArn,
      defaultTarget: BACK_OFFICE_FLOW,
      // Nightly batches send hundreds of tasks at once: queue them, delivered at half the quota (1 a
      // second); the largest batches upload one file of tasks instead (bulk imports).
      asyncDelivery: { imports: {} },
    });

    // The CRM integration's role: the only principal allowed to create tasks, and to read,
    // move and cancel them (a callback booked for Thursday, cancelled when the customer calls first).
    const crm = new iam.Role(this, 'CrmIntegration', { assumedBy: new iam.AccountRootPrincipal() });
    tasks.grantInvoke(crm);
    tasks.grantReadRequestStatus(crm);
    tasks.grantRead(crm);
    tasks.grantUpdate(crm);
    tasks.grantCancel(crm);
    tasks.grantImport(crm);
    // The ARNs of the routes with a path parameter end in /* (any request id, any contact id).
    // Validations.acknowledge() refuses an id with more than one '::', which these findings' ids
    // have (<AWS::Partition>, …), so the acknowledgements are recorded as the metadata
    // acknowledge() would write.
    const invokeFinding = (methodAndPath: string) =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<TasksApiD922781C>/<TasksApiDeploymentStageprod42B87941>/${methodAndPath}]`;
    crm.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
      [invokeFinding('GET/tasks/requests/*')]:
        'The wildcard stands for the request id of GET /tasks/requests/{requestId}; each status is answered only to the principal that queued the request.',
      [invokeFinding('GET/tasks/imports/*')]:
        'The wildcard stands for the import id of GET /tasks/imports/{importId}; each import is answered only to the principal that started it.',
      ...Object.fromEntries(
        ['GET', 'PATCH', 'DELETE'].map((method) => [
          invokeFinding(`${method}/tasks/*`),
          `The wildcard stands for the contact id of ${method} /tasks/{contactId}; the function acts only on tasks of this instance.`,
        ]),
      ),
    });

    // A reminder that is due two hours after each deployment that creates it.
    const review = new ScheduledTask(this, 'AccountReview', {
      instanceArn: props.instanceArn,
      target: BACK_OFFICE_FLOW,
      name: 'Review the quarterly account changes',
      description: 'Check the accounts changed by this release.',
      attributes: { release: 'example' },
      references: { runbook: { type: ReferenceType.URL, value: 'https://wiki.example.com/runbooks/account-review' } },
      schedule: TaskSchedule.after(Duration.hours(2)),
      expiry: Duration.days(1),
    });

    // Every weekday at 09:00 London time, summer or winter, with no Lambda function.
    const queueCheck = new RecurringTask(this, 'WeekdayQueueCheck', {
      instanceArn: props.instanceArn,
      target: BACK_OFFICE_FLOW,
      name: 'Check the overnight queue',
      description: 'Look at what came in overnight and hand on anything urgent.',
      attributes: { team: 'back-office' },
      scheduledTimeAttribute: 'scheduledTime',
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '9', weekDay: 'MON-FRI', timeZone: TimeZone.EUROPE_LONDON }),
      timeWindow: Duration.minutes(5),
      expiry: Duration.hours(8),
    });
    // One review per account manager on the first working day of the month, all at 08:00: sent to
    // the endpoint's queue, which starts them at its pace instead of all at once against the quota.
    new RecurringTask(this, 'MonthlyAccountReview', {
      instanceArn: props.instanceArn,
      target: BACK_OFFICE_FLOW,
      name: 'Monthly account review',
      schedule: scheduler.ScheduleExpression.expression('cron(0 8 1W * ? *)', TimeZone.EUROPE_LONDON),
      delivery: RecurringTaskDelivery.queued(tasks),
    });

    // Alarms with documented thresholds, and a dashboard, for the endpoint, the schedule and the instance's task quota.
    const alarmTopic = new sns.Topic(this, 'OperationsAlarms', { enforceSSL: true });
    const monitoring = new TaskMonitoring(this, 'Monitoring', { taskApi: tasks, recurringTasks: [queueCheck], alarmTopic });

    new CfnOutput(this, 'TasksUrl', { value: tasks.url });
    new CfnOutput(this, 'ReviewContactId', { value: review.contactId });
    new CfnOutput(this, 'DashboardName', { value: monitoring.dashboard!.dashboardName });
    acknowledgeNagFindings(this, tasks, queueCheck, props.instanceArn);
  }
}

/** cdk-nag AwsSolutions findings this design accepts, each with the reason. */
function acknowledgeNagFindings(stack: Stack, tasks: TaskApi, recurring: RecurringTask, instanceArn: string): void {
  const inStack = Validations.of(stack);
  inStack.acknowledge({
    id: `AwsSolutions-IAM5[Resource::${instanceArn}/contact/*]`,
    reason:
      'Task contacts are created with ids that do not exist yet, and scheduled ones are managed by id; the pattern is limited to contacts of this one instance.',
  });
  inStack.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::<CdkConnectTasksScheduledTaskProviderHandlerD89BE234.Arn>:*]',
    reason: 'The custom resource framework invokes every version of its own handler function, and nothing else.',
  });

  Validations.of(recurring.deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      "This queue is itself a dead-letter queue: EventBridge Scheduler sends it the occurrences of RecurringTasks that could not start a task (the schedules' DeadLetterConfig), which cdk-nag does not recognise.",
  });

  const api = Validations.of(tasks);
  for (const kind of ['contact-flow', 'task-template', 'transfer-destination']) {
    api.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${instanceArn}/${kind}/*]`,
      reason: `Any ${kind} of this one instance may route tasks; set allowedTargets on TaskApi to name exact ARNs instead.`,
    });
  }
  api.acknowledge({
    id: 'AwsSolutions-APIG3',
    reason: 'An internal, IAM-authorized endpoint with stage throttling; attach a WAF web ACL where your organisation requires one.',
  });
  api.acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      'The imports bucket holds short-lived files written only through presigned uploads that POST /tasks/imports hands to IAM-authorized callers (logged in the API access logs) and read only by the import functions; send its access logs to a bucket of your own where your organisation requires it.',
  });
  for (const file of ['upload', 'report']) {
    api.acknowledge({
      id: `AwsSolutions-IAM5[Resource::<TasksImportsBucket2FC07343.Arn>/imports/*/${file}.jsonl]`,
      reason: `The wildcard stands for the import id: the functions may touch only the ${file} files of imports, under the imports prefix.`,
    });
  }
  // aws-cdk-lib's own deploy-time handler that sets the bucket's notifications; it runs only during deployments.
  stack.node
    .findChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834')
    .node.findChild('Role')
    .node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        "aws-cdk-lib's bucket notifications handler, which runs only while CloudFormation deploys the stack, writes its logs with AWS's basic execution policy.",
    });
  api.acknowledge({
    id: 'AwsSolutions-COG4',
    reason: 'Callers are internal services authorized by IAM (SigV4), not end users in a Cognito user pool.',
  });
}
