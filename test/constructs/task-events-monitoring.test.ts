import { describe, expect, test } from '@jest/globals';
import { App, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { TaskEvents, TaskMonitoring, type TaskWebhookOptions } from '../../lib';
import { alarmOf, alarmProperties } from './alarm-properties';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const webhook = (endpoint: string): TaskWebhookOptions => ({
  endpoint,
  authorization: events.Authorization.apiKey('x-api-key', SecretValue.secretsManager('webhook-key')),
});

describe('TaskMonitoring with taskEvents', () => {
  const stack = new Stack(new App(), 'Ops', { env: { account: '111122223333', region: 'eu-west-2' } });
  const taskEvents = new TaskEvents(stack, 'TaskEvents', { instanceArn: INSTANCE_ARN });
  const crm = taskEvents.addWebhook('Crm', webhook('https://crm.example.com/hooks/tasks'));
  taskEvents.addWebhook('Tickets', webhook('https://tickets.example.com/hooks'));
  const monitoring = new TaskMonitoring(stack, 'Monitoring', { taskEvents });
  const template = Template.fromStack(stack);

  test('one webhookDeliveryFailures alarm per webhook, then the instance of the events', () => {
    // GIVEN / WHEN the TaskMonitoring of a TaskEvents with two webhooks
    // THEN there is an alarm per webhook, then the instance alarms
    expect(monitoring.alarms.map((a) => a.node.id)).toEqual([
      'webhookDeliveryFailures',
      'webhookDeliveryFailures2',
      'startTaskContactQuota',
      'concurrentTasks',
      'tasksBreachingQuota',
    ]);
  });

  test("webhookDeliveryFailures: any event the webhook's rule failed, dead-lettered or lost in 5 minutes", () => {
    // GIVEN / WHEN the first webhook's alarm, synthesized
    const alarm = alarmProperties(template, alarmOf(monitoring.alarms, 'webhookDeliveryFailures'));
    // THEN it fires on one undelivered event in one five-minute period, and no data is no failure
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    // AND it sums EventBridge's three failure metrics of that webhook's rule
    const ruleName = { Ref: stack.getLogicalId(crm.rule.node.defaultChild as never) };
    const watched = (alarm.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat] : []));
    expect(watched.map((stat) => [stat.Metric.Namespace, stat.Metric.MetricName, stat.Metric.Dimensions, stat.Period, stat.Stat])).toEqual(
      ['FailedInvocations', 'InvocationsSentToDlq', 'InvocationsFailedToBeSentToDlq'].map((name) => [
        'AWS/Events',
        name,
        [{ Name: 'RuleName', Value: ruleName }],
        300,
        'Sum',
      ]),
    );
    expect(alarm.AlarmDescription).toMatch(/did not deliver.*Read the dead-letter queue's messages/);
  });
});
