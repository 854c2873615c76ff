import { describe, expect, test } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { TaskApi, TaskMonitoring } from '../../lib';
import { alarmOf, alarmProperties } from './alarm-properties';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

function monitorImported(withFunctionsAndQueues: boolean) {
  const stack = new Stack(new App(), 'Ops', { env: { account: '111122223333', region: 'eu-west-2' } });
  const api = TaskApi.fromTaskApiAttributes(stack, 'Tasks', {
    instanceArn: INSTANCE_ARN,
    restApiName: 'TasksStackTasks1234ABCD',
    ...(withFunctionsAndQueues && {
      functions: [lambda.Function.fromFunctionArn(stack, 'Create', 'arn:aws:lambda:eu-west-2:111122223333:function:create-tasks')],
      requestQueue: sqs.Queue.fromQueueArn(stack, 'Queue', 'arn:aws:sqs:eu-west-2:111122223333:requests'),
      requestDeadLetterQueue: sqs.Queue.fromQueueArn(stack, 'DeadLetters', 'arn:aws:sqs:eu-west-2:111122223333:dead-letters'),
    }),
  });
  const monitoring = new TaskMonitoring(stack, 'Monitoring', { taskApi: api });
  const template = Template.fromStack(stack);
  return { monitoring, template, alarm: (key: string) => alarmProperties(template, alarmOf(monitoring.alarms, key)) };
}

describe('TaskApi.fromTaskApiAttributes', () => {
  test("an endpoint of another stack is monitored by its names: the API's stage and metrics, its functions and its queues", () => {
    // GIVEN / WHEN a TaskMonitoring of an endpoint imported with its functions and queues
    const { alarm } = monitorImported(true);
    // THEN the latency alarm watches the named API's prod stage
    expect(alarm('latency')).toMatchObject({
      MetricName: 'Latency',
      Namespace: 'AWS/ApiGateway',
      Dimensions: [
        { Name: 'ApiName', Value: 'TasksStackTasks1234ABCD' },
        { Name: 'Stage', Value: 'prod' },
      ],
    });
    // AND the endpoint's own metrics carry its name
    expect(alarm('connectThrottles')).toMatchObject({
      Namespace: 'ConnectTasks',
      Dimensions: [{ Name: 'ApiName', Value: 'TasksStackTasks1234ABCD' }],
    });
    // AND its function's errors and its queues are watched
    expect(alarm('handlerErrors')).toMatchObject({ MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: 'create-tasks' }] });
    expect(alarm('deadLetters')).toMatchObject({ Dimensions: [{ Name: 'QueueName', Value: 'dead-letters' }] });
  });

  test('an endpoint imported without functions or queues gets no function or queue alarm', () => {
    // GIVEN / WHEN a TaskMonitoring of an endpoint imported by its names only
    const { monitoring } = monitorImported(false);
    // THEN it has the endpoint's alarms, without handlerErrors and the queue alarms
    const ids = monitoring.alarms.map((a) => a.node.id);
    expect(ids).toEqual(expect.arrayContaining(['serverErrorRate', 'latency', 'connectThrottles']));
    expect(ids).not.toEqual(expect.arrayContaining(['handlerErrors']));
    expect(ids).not.toEqual(expect.arrayContaining(['deadLetters']));
  });

  test('fails if instanceArn is not an instance ARN, naming the import', () => {
    // GIVEN / WHEN an endpoint imported with a queue ARN for its instance THEN it fails, naming the construct
    const stack = new Stack();
    expect(() => TaskApi.fromTaskApiAttributes(stack, 'Tasks', { instanceArn: 'arn:aws:sqs:eu-west-2:1:q', restApiName: 'x' })).toThrow(
      /^ImportedTaskApi Default\/Tasks: instanceArn "arn:aws:sqs:eu-west-2:1:q" is not an Amazon Connect instance ARN/,
    );
  });
});
