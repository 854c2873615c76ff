import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  RecurringTask,
  type RecurringTaskProps,
  TaskApi,
  type TaskApiProps,
  TaskLifecycleOperation,
  TaskMonitoring,
  type TaskMonitoringProps,
  TaskTarget,
} from '../../lib';
import { alarmOf, type AlarmProperties, alarmProperties } from './alarm-properties';
import { dashboardBody, widget, widgetTitles } from './dashboard-body';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

function synth(props: Partial<TaskMonitoringProps> = {}, region = 'eu-west-2', apiProps: Partial<TaskApiProps> = {}) {
  const stack = new Stack(new App(), 'Ops', { env: { account: '111122223333', region } });
  const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, ...apiProps });
  const monitoring = new TaskMonitoring(stack, 'Monitoring', { taskApi: api, ...props });
  const template = Template.fromStack(stack);
  /** The alarm's properties, by its key in TaskAlarmOptions (its construct id). */
  const alarm = (key: string) => alarmProperties(template, alarmOf(monitoring.alarms, key));
  return { stack, api, monitoring, template, alarm };
}

/** The function each metric of a metric math alarm watches, as a reference to it. */
function functionsWatched(alarm: AlarmProperties): unknown[] {
  return (alarm.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.Dimensions[0].Value] : []));
}

describe('TaskMonitoring alarms', () => {
  const { stack, api, alarm, monitoring } = synth();
  const stage = { Ref: stack.getLogicalId(api.restApi.deploymentStage.node.defaultChild as never) };
  const apiDimensions = [
    { Name: 'ApiName', Value: api.restApi.restApiName },
    { Name: 'Stage', Value: stage },
  ];

  test.each([
    [
      'serverErrorRate',
      'more than 5% 5xx for 3 of 3 minutes',
      {
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        TreatMissingData: 'notBreaching',
      },
    ],
    [
      'latency',
      'p90 at least 2.5 s for 5 of 5 minutes',
      {
        Threshold: 2500,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 5,
        DatapointsToAlarm: 5,
        TreatMissingData: 'notBreaching',
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        ExtendedStatistic: 'p90',
        Period: 60,
      },
    ],
    [
      'handlerErrors',
      'any failed invocation in 5 minutes',
      {
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      },
    ],
    [
      'connectThrottles',
      'a Connect throttle in each of 3 minutes',
      {
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        TreatMissingData: 'notBreaching',
        Namespace: 'ConnectTasks',
        MetricName: 'ConnectThrottles',
        Statistic: 'Sum',
        Period: 60,
      },
    ],
    [
      'concurrentTasks',
      '80% of the active tasks quota; missing data keeps the state',
      {
        Threshold: 80,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'missing',
        Namespace: 'AWS/Connect',
        MetricName: 'ConcurrentTasksPercentage',
        Statistic: 'Maximum',
        Period: 300,
      },
    ],
    [
      'tasksBreachingQuota',
      'any task over the quota',
      {
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        Namespace: 'AWS/Connect',
        MetricName: 'TasksBreachingConcurrencyQuota',
        Statistic: 'Sum',
        Period: 300,
      },
    ],
  ])('%s: %s', (key, _, expected) => {
    // GIVEN / WHEN the TaskMonitoring of a default TaskApi, synthesized once for this describe
    // THEN the alarm has its default threshold, periods and missing-data policy
    expect(alarm(key)).toMatchObject(expected);
    // AND its description says where to look first
    expect(alarm(key).AlarmDescription).toMatch(/Operating it/);
  });

  test('serverErrorRate divides 5XXError by Count, per minute, in percent', () => {
    // GIVEN / WHEN the TaskMonitoring of a default TaskApi, synthesized once for this describe
    // THEN the serverErrorRate alarm's math is 100 times the minute's 5XX errors over its requests, on this endpoint's stage
    expect(alarm('serverErrorRate').Metrics).toEqual([
      { Id: 'expr_1', Expression: '100 * errors / requests', Label: '5XX rate (%)', ReturnData: true },
      {
        Id: 'errors',
        MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: apiDimensions }, Period: 60, Stat: 'Sum' },
        ReturnData: false,
      },
      {
        Id: 'requests',
        MetricStat: {
          Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: apiDimensions },
          Period: 60,
          Stat: 'SampleCount',
        },
        ReturnData: false,
      },
    ]);
  });

  test('the endpoint alarms watch this endpoint; the instance alarms this instance', () => {
    // GIVEN / WHEN the TaskMonitoring of a default TaskApi, synthesized once for this describe
    // THEN latency watches this endpoint's stage
    expect(alarm('latency').Dimensions).toEqual(apiDimensions);
    // AND connectThrottles watches this endpoint's name
    expect(alarm('connectThrottles').Dimensions).toEqual([{ Name: 'ApiName', Value: api.restApi.restApiName }]);
    // AND concurrentTasks watches the tasks of this instance
    expect(alarm('concurrentTasks').Dimensions).toEqual([
      { Name: 'InstanceId', Value: '11111111-2222-3333-4444-555555555555' },
      { Name: 'MetricGroup', Value: 'Tasks' },
    ]);
  });

  test("startTaskContactQuota: the account's StartTaskContact calls per second against SERVICE_QUOTA, 80% for 5 minutes", () => {
    // GIVEN / WHEN the TaskMonitoring of a default TaskApi, synthesized once for this describe
    const quota = alarm('startTaskContactQuota');
    // THEN it alarms at 80% or more in 5 of 5 one-minute periods, no calls not breaching
    expect(quota).toMatchObject({
      Threshold: 80,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 5,
      TreatMissingData: 'notBreaching',
    });
    // AND its expression divides the calls per second by the quota Service Quotas holds for them
    expect(quota.Metrics).toEqual([
      {
        Id: 'expr_1',
        Expression: '100 * calls / PERIOD(calls) / SERVICE_QUOTA(calls)',
        Label: 'StartTaskContact quota used (%)',
        ReturnData: true,
      },
      {
        Id: 'calls',
        ReturnData: false,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Usage',
            MetricName: 'CallCount',
            Dimensions: [
              { Name: 'Class', Value: 'None' },
              { Name: 'Resource', Value: 'StartTaskContact' },
              { Name: 'Service', Value: 'Connect' },
              { Name: 'Type', Value: 'API' },
            ],
          },
          Period: 60,
          Stat: 'Sum',
        },
      },
    ]);
  });

  test('handlerErrors sums, per 5 minutes, the errors of every function: POST /tasks and each lifecycle route', () => {
    // GIVEN / WHEN the TaskMonitoring of a default TaskApi, synthesized once for this describe, with the three lifecycle routes
    const { Metrics } = alarm('handlerErrors');
    // THEN the alarm sums four error metrics
    expect(Metrics![0]).toEqual({
      Id: 'expr_1',
      Expression: 'SUM([errors0, errors1, errors2, errors3])',
      Label: 'Errors',
      ReturnData: true,
    });
    // AND they are those of POST /tasks and of each lifecycle function
    expect(functionsWatched(alarm('handlerErrors'))).toEqual(
      [api.handler, api.readHandler, api.updateHandler, api.cancelHandler].map((fn) => ({
        Ref: stack.getLogicalId(fn!.node.defaultChild as never),
      })),
    );
    // AND each is Lambda's Errors, summed over 5 minutes
    for (const m of Metrics!.slice(1))
      expect(m.MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors' }, Period: 300, Stat: 'Sum' });
  });

  test('without a topic, the alarms notify no one', () => {
    // GIVEN / WHEN the TaskMonitoring of a default TaskApi, synthesized once for this describe, with no alarmTopic
    // THEN it has six alarms, none with an action
    expect(monitoring.alarms).toHaveLength(7);
    for (const a of monitoring.alarms) expect(alarm(a.node.id)).not.toHaveProperty('AlarmActions');
  });
});

describe('TaskMonitoring options', () => {
  test('alarmTopic: every alarm notifies the topic of ALARM and OK', () => {
    // GIVEN a TaskApi and an SNS topic for the pager
    const stack = new Stack();
    const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN });
    const alarmTopic = new sns.Topic(stack, 'Pager');
    // WHEN the TaskApi is monitored with that topic
    new TaskMonitoring(stack, 'Monitoring', { taskApi: api, alarmTopic });
    // THEN all six alarms notify the topic on ALARM and on OK
    const template = Template.fromStack(stack);
    const topic = { Ref: stack.getLogicalId(alarmTopic.node.defaultChild as never) };
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: [topic], OKActions: [topic] }, 7);
  });

  test('an alarm can be tuned: threshold, periods, datapoints, period', () => {
    // GIVEN / WHEN a TaskMonitoring, from synth(), whose latency alarm is set to 1000 ms in 7 of 10 periods of 5 minutes
    const { alarm } = synth({
      alarms: { latency: { threshold: 1000, evaluationPeriods: 10, datapointsToAlarm: 7, period: Duration.minutes(5) } },
    });
    // THEN the alarm has those settings
    expect(alarm('latency')).toMatchObject({ Threshold: 1000, EvaluationPeriods: 10, DatapointsToAlarm: 7, Period: 300 });
    // AND its description states them
    expect(alarm('latency').AlarmDescription).toMatch(/at least 1000 ms in 7 of 10 periods of 5 minutes/);
  });

  test('an alarm can be left out', () => {
    // GIVEN / WHEN a TaskMonitoring, from synth(), with the connectThrottles and concurrentTasks alarms disabled
    const { monitoring, template } = synth({ alarms: { connectThrottles: { enabled: false }, concurrentTasks: { enabled: false } } });
    // THEN only the five others exist
    expect(monitoring.alarms.map((a) => a.node.id)).toEqual([
      'serverErrorRate',
      'latency',
      'handlerErrors',
      'startTaskContactQuota',
      'tasksBreachingQuota',
    ]);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });

  test('an endpoint without lifecycle routes: handlerErrors watches its one function directly', () => {
    // GIVEN / WHEN a TaskMonitoring of a TaskApi that serves POST /tasks only
    const { stack, api, alarm } = synth({}, 'eu-west-2', { lifecycleOperations: [] });
    // THEN handlerErrors is a plain alarm on that function's Errors, summed over 5 minutes
    expect(alarm('handlerErrors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: stack.getLogicalId(api.handler.node.defaultChild as never) } }],
      Statistic: 'Sum',
      Period: 300,
    });
  });

  test('an endpoint with only some lifecycle routes: handlerErrors watches the functions it has', () => {
    // GIVEN / WHEN a TaskMonitoring of a TaskApi that serves POST /tasks and the CANCEL route
    const { stack, api, alarm } = synth({}, 'eu-west-2', { lifecycleOperations: [TaskLifecycleOperation.CANCEL] });
    // THEN handlerErrors watches those two functions
    expect(functionsWatched(alarm('handlerErrors'))).toEqual(
      [api.handler, api.cancelHandler].map((fn) => ({ Ref: stack.getLogicalId(fn!.node.defaultChild as never) })),
    );
  });

  test('an instance without an endpoint: only the instance alarms', () => {
    // GIVEN a stack with no TaskApi
    const stack = new Stack();
    // WHEN a TaskMonitoring watches an instance only
    const monitoring = new TaskMonitoring(stack, 'Monitoring', { instanceArn: INSTANCE_ARN });
    // THEN it has the three instance alarms
    expect(monitoring.alarms.map((a) => a.node.id)).toEqual(['startTaskContactQuota', 'concurrentTasks', 'tasksBreachingQuota']);
  });

  test('an instance in another region: its alarms are left out with a warning, its metrics still graphed', () => {
    // GIVEN / WHEN a stack in us-east-1 and an instance in eu-west-2
    const { stack, monitoring, template } = synth({}, 'us-east-1');
    // THEN only the endpoint alarms exist
    expect(monitoring.alarms.map((a) => a.node.id)).toEqual(['serverErrorRate', 'latency', 'handlerErrors', 'connectThrottles']);
    // AND a warning says why the instance alarms are left out
    Annotations.fromStack(stack).hasWarning('/Ops/Monitoring', Match.stringLikeRegexp('alarms only watch metrics of their own region'));
    // AND the dashboard still graphs the instance's metrics
    expect(widgetTitles(template)).toContain('Connect: active tasks quota in use (%)');
  });

  test.each([
    [
      { latency: { datapointsToAlarm: 6 } },
      /^TaskMonitoring Ops\/Monitoring: alarms.latency.datapointsToAlarm is 6; give a whole number from 1 to evaluationPeriods \(5\)/,
    ],
    [{ serverErrorRate: { evaluationPeriods: 0 } }, /alarms.serverErrorRate.evaluationPeriods is 0; give a whole number of at least 1/],
    [{ concurrentTasks: { threshold: Number.NaN } }, /alarms.concurrentTasks.threshold is NaN; give a finite number/],
  ])('fails if an alarm setting is impossible (%p)', (alarms, message) => {
    // GIVEN / WHEN a TaskMonitoring, from synth(), with an impossible alarm setting
    // THEN it fails, naming the construct path, the setting, the value and what to give instead
    expect(() => synth({ alarms })).toThrow(message);
  });

  test('an evaluationPeriods known only at deploy time is left to the deployment', () => {
    // GIVEN / WHEN a latency alarm whose evaluationPeriods is a token
    const { alarm } = synth({ alarms: { latency: { evaluationPeriods: Lazy.number({ produce: () => 7 }), datapointsToAlarm: 6 } } });
    // THEN the alarm synthesizes with the resolved value rather than failing the check
    expect(alarm('latency')).toMatchObject({ EvaluationPeriods: 7, DatapointsToAlarm: 6 });
  });

  test('fails if two settings of an alarm are impossible, naming both in one error', () => {
    // GIVEN / WHEN / THEN a latency alarm with a NaN threshold and 6 of 5 datapoints fails once, listing both
    expect(() => synth({ alarms: { latency: { threshold: Number.NaN, datapointsToAlarm: 6 } } })).toThrow(
      /^TaskMonitoring Ops\/Monitoring: 2 props are invalid:\n- alarms\.latency\.threshold is NaN;.*\n- alarms\.latency\.datapointsToAlarm is 6;/,
    );
  });

  test('fails if there is nothing to watch', () => {
    // GIVEN / WHEN a TaskMonitoring with no taskApi, recurringTasks or instanceArn
    // THEN it fails, naming the construct path and the props to give
    expect(() => new TaskMonitoring(new Stack(), 'Monitoring', {})).toThrow(
      /^TaskMonitoring Default\/Monitoring: there is nothing to watch. Give it a taskApi, recurringTasks or an instanceArn/,
    );
  });
});

describe('TaskMonitoring with asyncDelivery', () => {
  const stack = new Stack(new App(), 'Ops', { env: { account: '111122223333', region: 'eu-west-2' } });
  const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, asyncDelivery: {} });
  const monitoring = new TaskMonitoring(stack, 'Monitoring', { taskApi: api });
  const template = Template.fromStack(stack);
  const alarm = (key: string) => alarmProperties(template, alarmOf(monitoring.alarms, key));
  const queueName = (queue: 'requestQueue' | 'requestDeadLetterQueue') => ({
    'Fn::GetAtt': [stack.getLogicalId(api[queue]!.node.defaultChild as never), 'QueueName'],
  });

  test('deadLetters: any request in the dead-letter queue', () => {
    // GIVEN / WHEN the TaskMonitoring of a TaskApi with asyncDelivery, synthesized once for this describe
    // THEN deadLetters alarms on any visible message in the request dead-letter queue
    expect(alarm('deadLetters')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: queueName('requestDeadLetterQueue') }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('oldestQueuedRequest: a request queued for 15 minutes or more', () => {
    // GIVEN / WHEN the TaskMonitoring of a TaskApi with asyncDelivery, synthesized once for this describe
    // THEN oldestQueuedRequest alarms when the request queue's oldest message is 900 s old or more
    expect(alarm('oldestQueuedRequest')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: queueName('requestQueue') }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 900,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('handlerErrors sums the errors of all six functions: POST /tasks, delivery, request status and the lifecycle routes', () => {
    // GIVEN / WHEN the TaskMonitoring of a TaskApi with asyncDelivery, synthesized once for this describe
    const { Metrics } = alarm('handlerErrors');
    // THEN handlerErrors sums six error metrics
    expect(Metrics![0]).toEqual({
      Id: 'expr_1',
      Expression: 'SUM([errors0, errors1, errors2, errors3, errors4, errors5])',
      Label: 'Errors',
      ReturnData: true,
    });
    // AND they are those of POST /tasks, delivery, request status and the three lifecycle functions
    const everyFunction = [
      api.handler,
      api.readHandler,
      api.updateHandler,
      api.cancelHandler,
      api.requestStatusFunction,
      api.deliveryFunction,
    ];
    expect(functionsWatched(alarm('handlerErrors'))).toEqual(
      everyFunction.map((fn) => ({ Ref: stack.getLogicalId(fn!.node.defaultChild as never) })),
    );
    // AND each is summed Errors
    for (const m of Metrics!.slice(1)) expect(m.MetricStat).toMatchObject({ Metric: { MetricName: 'Errors' }, Stat: 'Sum' });
  });

  test("the queue alarms' descriptions say where to look first", () => {
    // GIVEN / WHEN the TaskMonitoring of a TaskApi with asyncDelivery, synthesized once for this describe
    // THEN deadLetters' and oldestQueuedRequest's descriptions point to the Operating it section
    for (const key of ['deadLetters', 'oldestQueuedRequest']) expect(alarm(key).AlarmDescription).toMatch(/Operating it/);
  });

  test('the dashboard has a row for the queue', () => {
    // GIVEN / WHEN the TaskMonitoring of a TaskApi with asyncDelivery, synthesized once for this describe
    // THEN the dashboard graphs queued requests, the oldest one's age and the failed ones
    expect(widgetTitles(template)).toEqual(
      expect.arrayContaining(['Queued requests', 'Oldest queued request (s)', 'Queued requests failed']),
    );
  });
});

describe('TaskMonitoring with recurringTasks', () => {
  const stack = new Stack(new App(), 'Ops', { env: { account: '111122223333', region: 'eu-west-2' } });
  const recurring = (id: string, props: Partial<RecurringTaskProps> = {}) =>
    new RecurringTask(stack, id, {
      instanceArn: INSTANCE_ARN,
      target: TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444'),
      name: id,
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      ...props,
    });
  // Two tasks share the stack's group and queue; a third has a group and a queue of its own.
  const ownGroup = new scheduler.ScheduleGroup(stack, 'OwnGroup');
  const ownQueue = new sqs.Queue(stack, 'OwnQueue', { enforceSSL: true });
  const tasks = [recurring('Morning'), recurring('Evening'), recurring('Audit', { scheduleGroup: ownGroup, deadLetterQueue: ownQueue })];
  const monitoring = new TaskMonitoring(stack, 'Monitoring', { recurringTasks: tasks });
  const template = Template.fromStack(stack);
  const alarm = (id: string) => alarmProperties(template, alarmOf(monitoring.alarms, id));

  test('one alarm per schedule group and per dead-letter queue, then the instance of the tasks', () => {
    // GIVEN / WHEN the TaskMonitoring of three RecurringTasks, two sharing the stack's group and queue and one with its own, synthesized once for this describe
    // THEN there are two target-error alarms and two dead-letter alarms, then the instance alarms
    expect(monitoring.alarms.map((a) => a.node.id)).toEqual([
      'schedulerTargetErrors',
      'schedulerTargetErrors2',
      'scheduleDeadLetters',
      'scheduleDeadLetters2',
      'startTaskContactQuota',
      'concurrentTasks',
      'tasksBreachingQuota',
    ]);
  });

  test('schedulerTargetErrors: target errors other than throttles, per group', () => {
    // GIVEN / WHEN the TaskMonitoring of three RecurringTasks, two sharing the stack's group and queue and one with its own, synthesized once for this describe
    const first = alarm('schedulerTargetErrors');
    // THEN the first group's alarm fires on any error
    expect(first).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    // AND counts target errors minus throttled ones
    expect(first.Metrics![0]).toEqual({
      Id: 'expr_1',
      Expression: 'errors - FILL(throttled, 0)',
      Label: 'Target errors, throttles aside',
      ReturnData: true,
    });
    // AND both counts are the shared group's, summed over 5 minutes
    expect(
      first
        .Metrics!.slice(1)
        .map((m) => [m.Id, m.MetricStat?.Metric.MetricName, m.MetricStat?.Metric.Dimensions, m.MetricStat?.Period, m.MetricStat?.Stat]),
    ).toEqual([
      [
        'errors',
        'TargetErrorCount',
        [{ Name: 'ScheduleGroup', Value: stack.resolve(tasks[0].scheduleGroup.scheduleGroupName) as unknown }],
        300,
        'Sum',
      ],
      [
        'throttled',
        'TargetErrorThrottledCount',
        [{ Name: 'ScheduleGroup', Value: stack.resolve(tasks[0].scheduleGroup.scheduleGroupName) as unknown }],
        300,
        'Sum',
      ],
    ]);
    // AND the second alarm watches the task's own group
    expect(alarm('schedulerTargetErrors2').Metrics![1].MetricStat?.Metric.Dimensions).toEqual([
      { Name: 'ScheduleGroup', Value: stack.resolve(ownGroup.scheduleGroupName) as unknown },
    ]);
  });

  test('scheduleDeadLetters: any occurrence in a dead-letter queue', () => {
    // GIVEN / WHEN the TaskMonitoring of three RecurringTasks, two sharing the stack's group and queue and one with its own, synthesized once for this describe
    // THEN scheduleDeadLetters alarms on any visible message in the shared dead-letter queue
    expect(alarm('scheduleDeadLetters')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [stack.getLogicalId(tasks[0].deadLetterQueue.node.defaultChild as never), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    // AND scheduleDeadLetters2 watches the task's own queue
    expect(alarm('scheduleDeadLetters2').Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [stack.getLogicalId(ownQueue.node.defaultChild as never), 'QueueName'] } },
    ]);
  });

  test("every schedule alarm's description says where to look first", () => {
    // GIVEN / WHEN the TaskMonitoring of three RecurringTasks, two sharing the stack's group and queue and one with its own, synthesized once for this describe
    // THEN every alarm's description points to the Operating it section
    for (const a of monitoring.alarms) expect(alarmProperties(template, a).AlarmDescription).toMatch(/Operating it/);
  });

  test('the dashboard has a row per schedule group', () => {
    // GIVEN / WHEN the TaskMonitoring of three RecurringTasks, two sharing the stack's group and queue and one with its own, synthesized once for this describe
    // THEN the dashboard has one attempts-and-errors row for each of the two groups
    expect(widgetTitles(template).filter((t) => t === 'Recurring tasks: attempts and errors (schedule group)')).toHaveLength(2);
  });
});

describe('TaskMonitoring dashboard', () => {
  test('the alarms, the endpoint and the instance, in rows', () => {
    // GIVEN / WHEN a TaskMonitoring, from synth(), with a dashboard named connect-tasks
    const { template, api } = synth({ dashboardName: 'connect-tasks' });
    // THEN the dashboard has that name
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'connect-tasks' });
    // AND its widgets are the alarms, the endpoint's graphs, then the instance's, in that order
    const { widgets } = dashboardBody(template);
    expect(widgets.map((w) => w.properties.title)).toEqual([
      'Alarms',
      'Requests',
      'Latency (ms)',
      'Connect latency (ms)',
      'Tasks',
      'Connect throttles',
      'Function errors and throttles',
      'Connect: active tasks quota in use (%)',
      'Connect: tasks over quota, expired',
      'Connect: StartTaskContact calls a minute, whole account',
    ]);
    // AND the alarms widget shows all seven alarms
    expect(widgets[0].properties.alarms).toHaveLength(7);
    // AND the Tasks widget graphs tasks created and requests rejected before Connect
    expect(widget(template, 'Tasks').properties.metrics).toEqual([
      ['ConnectTasks', 'TasksCreated', 'ApiName', api.restApi.restApiName, { label: 'Created', stat: 'Sum' }],
      ['ConnectTasks', 'ValidationRejections', 'ApiName', api.restApi.restApiName, { label: 'Rejected before Connect', stat: 'Sum' }],
    ]);
  });

  test('dashboard: false leaves it out', () => {
    // GIVEN / WHEN a TaskMonitoring, from synth(), with dashboard: false
    const { template, monitoring } = synth({ dashboard: false });
    // THEN the stack has no dashboard, and the construct exposes none
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(monitoring.dashboard).toBeUndefined();
  });
});
