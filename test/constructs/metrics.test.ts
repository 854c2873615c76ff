import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ConnectInstanceMetrics, RecurringTask, TaskApi, TaskTarget } from '../../lib';
import { resourcesOf } from '../template';
import { dashboardBody } from './dashboard-body';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const INSTANCE_ID = '11111111-2222-3333-4444-555555555555';

function newStack(): Stack {
  return new Stack(new App(), 'Ops', { env: { account: '111122223333', region: 'eu-west-2' } });
}

/** The metric as CloudFormation renders it, through an alarm on it. */
function renderedAlarmOn(stack: Stack, metric: cloudwatch.IMetric): Template {
  new cloudwatch.Alarm(stack, 'Probe', { metric, threshold: 0, evaluationPeriods: 1 });
  return Template.fromStack(stack);
}

describe('TaskApi metric methods', () => {
  let stack: Stack;
  let api: TaskApi;
  beforeEach(() => {
    stack = newStack();
    api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN });
  });

  test('the REST API has a name unique to the endpoint, which every metric uses as its ApiName', () => {
    // GIVEN / WHEN
    const template = Template.fromStack(stack);
    // THEN
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: api.restApi.restApiName });
    expect(api.restApi.restApiName).toMatch(/^OpsTasks[0-9A-F]{8}$/);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TASK_METRICS_API_NAME: api.restApi.restApiName }) },
    });
  });

  test.each<[string, (a: TaskApi) => cloudwatch.IMetric, string, Record<string, unknown>]>([
    ['metricTasksCreated', (a) => a.metricTasksCreated(), 'TasksCreated', { Statistic: 'Sum' }],
    ['metricValidationRejections', (a) => a.metricValidationRejections(), 'ValidationRejections', { Statistic: 'Sum' }],
    ['metricConnectThrottles', (a) => a.metricConnectThrottles(), 'ConnectThrottles', { Statistic: 'Sum' }],
    ['metricConnectLatency', (a) => a.metricConnectLatency(), 'ConnectLatency', { Statistic: 'Average' }],
    ['metric', (a) => a.metric('TasksCreated', { statistic: 'p99' }), 'TasksCreated', { ExtendedStatistic: 'p99' }],
  ])("%s: the functions' own metric in ConnectTasks, by ApiName", (_, metricOf, metricName, statistic) => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(stack, metricOf(api));
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'ConnectTasks',
      MetricName: metricName,
      Dimensions: [{ Name: 'ApiName', Value: api.restApi.restApiName }],
      Period: 300,
      ...statistic,
    });
  });

  test.each<[string, (a: TaskApi) => cloudwatch.IMetric, string, Record<string, unknown>]>([
    ['metricCount', (a) => a.metricCount(), 'Count', { Statistic: 'SampleCount' }],
    ['metricClientError', (a) => a.metricClientError(), '4XXError', { Statistic: 'Sum' }],
    ['metricServerError', (a) => a.metricServerError(), '5XXError', { Statistic: 'Sum' }],
    ['metricLatency', (a) => a.metricLatency(), 'Latency', { Statistic: 'Average' }],
  ])("%s: API Gateway's metric for the API's stage", (_, metricOf, metricName, statistic) => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(stack, metricOf(api));
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: metricName,
      Dimensions: [
        { Name: 'ApiName', Value: api.restApi.restApiName },
        { Name: 'Stage', Value: { Ref: Match.stringLikeRegexp('TasksApiDeploymentStageprod') } },
      ],
      ...statistic,
    });
  });

  test('without asyncDelivery, the queue metrics fail, naming the construct and the fix', () => {
    expect(() => api.metricQueuedRequests()).toThrow(
      /^TaskApi Ops\/Tasks: metricQueuedRequests: this TaskApi has no asyncDelivery.*Set asyncDelivery/,
    );
    expect(() => api.metricFailedRequests()).toThrow(/^TaskApi Ops\/Tasks: metricFailedRequests: this TaskApi has no asyncDelivery/);
  });

  test('options override the statistic and the period', () => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(stack, api.metricConnectLatency({ statistic: 'p90', period: Duration.minutes(1) }));
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ConnectLatency', ExtendedStatistic: 'p90', Period: 60 });
  });
});

describe('TaskApi metric methods with asyncDelivery', () => {
  let stack: Stack;
  let api: TaskApi;
  beforeEach(() => {
    stack = newStack();
    api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, asyncDelivery: {} });
  });
  const queueName = (queue: 'requestQueue' | 'requestDeadLetterQueue') => ({
    'Fn::GetAtt': [stack.getLogicalId(api[queue]!.node.defaultChild as never), 'QueueName'],
  });

  test('every function of the endpoint publishes under its API name: POST /tasks, delivery, request status, each lifecycle route', () => {
    // GIVEN / WHEN
    const template = Template.fromStack(stack);
    // THEN
    const functions = resourcesOf<{ Environment: { Variables: Record<string, unknown> } }>(template, 'AWS::Lambda::Function');
    expect(api.functions).toEqual([
      api.handler,
      api.readHandler,
      api.updateHandler,
      api.cancelHandler,
      api.requestStatusFunction,
      api.deliveryFunction,
    ]);
    for (const fn of api.functions) {
      const { Properties } = functions[stack.getLogicalId(fn.node.defaultChild as never)];
      expect(Properties.Environment.Variables.TASK_METRICS_API_NAME).toBe(api.restApi.restApiName);
    }
  });

  test.each<[string, (a: TaskApi) => cloudwatch.IMetric, string, 'requestQueue' | 'requestDeadLetterQueue']>([
    ['metricQueuedRequests', (a) => a.metricQueuedRequests(), 'ApproximateNumberOfMessagesVisible', 'requestQueue'],
    ['metricOldestQueuedRequestAge', (a) => a.metricOldestQueuedRequestAge(), 'ApproximateAgeOfOldestMessage', 'requestQueue'],
    ['metricDeadLetters', (a) => a.metricDeadLetters(), 'ApproximateNumberOfMessagesVisible', 'requestDeadLetterQueue'],
  ])("%s: SQS's metric of the queue", (_, metricOf, metricName, queue) => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(stack, metricOf(api));
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: metricName,
      Dimensions: [{ Name: 'QueueName', Value: queueName(queue) }],
      Statistic: 'Maximum',
      Period: 300,
    });
  });

  test("metricFailedRequests: the delivery function's own FailedRequests, by ApiName", () => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(stack, api.metricFailedRequests());
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'ConnectTasks',
      MetricName: 'FailedRequests',
      Dimensions: [{ Name: 'ApiName', Value: api.restApi.restApiName }],
      Statistic: 'Sum',
    });
  });
});

describe('RecurringTask metric methods: Scheduler reports per schedule group', () => {
  let stack: Stack;
  let task: RecurringTask;
  beforeEach(() => {
    stack = newStack();
    task = new RecurringTask(stack, 'Check', {
      instanceArn: INSTANCE_ARN,
      target: TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444'),
      name: 'Check the queue',
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
    });
  });

  test.each<[string, (t: RecurringTask) => cloudwatch.IMetric, string]>([
    ['metricAttempts', (t) => t.metricAttempts(), 'InvocationAttemptCount'],
    ['metricTargetErrors', (t) => t.metricTargetErrors(), 'TargetErrorCount'],
    ['metricTargetThrottled', (t) => t.metricTargetThrottled(), 'TargetErrorThrottledCount'],
    ['metricThrottled', (t) => t.metricThrottled(), 'InvocationThrottleCount'],
    ['metricDropped', (t) => t.metricDropped(), 'InvocationDroppedCount'],
    ['metricSentToDLQ', (t) => t.metricSentToDLQ(), 'InvocationsSentToDeadLetterCount'],
    ['metric', (t) => t.metric('InvocationsFailedToBeSentToDeadLetterCount'), 'InvocationsFailedToBeSentToDeadLetterCount'],
  ])("%s: AWS/Scheduler's metric of the task's schedule group", (_, metricOf, metricName) => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(stack, metricOf(task));
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Scheduler',
      MetricName: metricName,
      Dimensions: [{ Name: 'ScheduleGroup', Value: stack.resolve(task.scheduleGroup.scheduleGroupName) as unknown }],
      Statistic: 'Sum',
      Period: 300,
    });
  });

  test("metricDeadLetters: the dead-letter queue's waiting messages", () => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(stack, task.metricDeadLetters());
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [stack.getLogicalId(task.deadLetterQueue.node.defaultChild as never), 'QueueName'] } },
      ],
      Statistic: 'Maximum',
    });
  });
});

describe('ConnectInstanceMetrics', () => {
  const instance = new ConnectInstanceMetrics(INSTANCE_ARN);
  const TASKS = [
    { Name: 'InstanceId', Value: INSTANCE_ID },
    { Name: 'MetricGroup', Value: 'Tasks' },
  ];

  test('reads the instance id and region from the ARN', () => {
    expect(instance).toMatchObject({ instanceId: INSTANCE_ID, region: 'eu-west-2' });
  });

  test.each<[string, (m: ConnectInstanceMetrics) => cloudwatch.IMetric, string, string]>([
    ['metricConcurrentTasksPercentage', (m) => m.metricConcurrentTasksPercentage(), 'ConcurrentTasksPercentage', 'Maximum'],
    ['metricConcurrentTasks', (m) => m.metricConcurrentTasks(), 'ConcurrentTasks', 'Maximum'],
    ['metricTasksBreachingConcurrencyQuota', (m) => m.metricTasksBreachingConcurrencyQuota(), 'TasksBreachingConcurrencyQuota', 'Sum'],
    ['metric', (m) => m.metric('TasksExpiryWarningReached'), 'TasksExpiryWarningReached', 'Average'],
  ])("%s: Connect's task metric for the instance (AWS/Connect, MetricGroup=Tasks)", (_, metricOf, metricName, statistic) => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(newStack(), metricOf(instance));
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Connect',
      MetricName: metricName,
      Dimensions: TASKS,
      Statistic: statistic,
      Period: 300,
    });
  });

  test("metricStartTaskContactCalls: the account's StartTaskContact CallCount in AWS/Usage, per minute", () => {
    // GIVEN / WHEN
    const template = renderedAlarmOn(newStack(), instance.metricStartTaskContactCalls());
    // THEN
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Usage',
      MetricName: 'CallCount',
      Dimensions: [
        { Name: 'Class', Value: 'None' },
        { Name: 'Resource', Value: 'StartTaskContact' },
        { Name: 'Service', Value: 'Connect' },
        { Name: 'Type', Value: 'API' },
      ],
      Statistic: 'Sum',
      Period: 60,
    });
  });

  test('metricTasksExpired: a search that sums the per-contact metric over the instance', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new cloudwatch.Dashboard(stack, 'Board', { widgets: [[new cloudwatch.GraphWidget({ left: [instance.metricTasksExpired()] })]] });
    // THEN
    const { widgets } = dashboardBody(Template.fromStack(stack));
    expect(widgets[0].properties.metrics).toEqual([
      [
        {
          expression: `SUM(SEARCH('{AWS/Connect,ContactId,InstanceId,MetricGroup} MetricName="TasksExpired" InstanceId="${INSTANCE_ID}"', 'Sum', 300))`,
          label: 'TasksExpired',
        },
      ],
    ]);
  });

  test('metrics of an instance in another region name that region, the search included', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Elsewhere', { env: { account: '111122223333', region: 'us-east-1' } });
    // WHEN
    new cloudwatch.Dashboard(stack, 'Board', {
      widgets: [[new cloudwatch.GraphWidget({ left: [instance.metricConcurrentTasksPercentage(), instance.metricTasksExpired()] })]],
    });
    // THEN
    const [percentage, expired] = dashboardBody(Template.fromStack(stack)).widgets[0].properties.metrics ?? [];
    expect(percentage).toEqual([
      'AWS/Connect',
      'ConcurrentTasksPercentage',
      'InstanceId',
      INSTANCE_ID,
      'MetricGroup',
      'Tasks',
      { region: 'eu-west-2', stat: 'Maximum' },
    ]);
    expect(expired).toEqual([expect.objectContaining({ label: 'TasksExpired', region: 'eu-west-2' })]);
  });

  test('an instance ARN from a token: the id is taken apart at deploy time', () => {
    // GIVEN
    const stack = newStack();
    const fromToken = new ConnectInstanceMetrics(new CfnParameter(stack, 'InstanceArn').valueAsString);
    // WHEN
    const template = renderedAlarmOn(stack, fromToken.metricConcurrentTasks());
    // THEN
    expect(fromToken.region).toBeUndefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: Match.arrayWith([{ Name: 'InstanceId', Value: { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'InstanceArn' }] }] } }]),
    });
  });

  test('fails if the ARN is not an instance ARN, naming it', () => {
    expect(() => new ConnectInstanceMetrics('arn:aws:connect:eu-west-2:111122223333:queue/1')).toThrow(
      /queue\/1.*is not an Amazon Connect instance ARN/,
    );
  });
});
