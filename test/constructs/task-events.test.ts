import { describe, expect, test } from '@jest/globals';
import { App, Duration, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { TaskEvents, TaskEventType, type TaskWebhookOptions } from '../../lib';
import { appWithNag, cfnLintErrors, nagFindings } from '../nag-and-lint';
import { type PolicyProperties, resourcesOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const ENV = { account: '111122223333', region: 'eu-west-2' };
const webhookOptions: TaskWebhookOptions = {
  endpoint: 'https://crm.example.com/hooks/tasks',
  authorization: events.Authorization.apiKey('x-api-key', SecretValue.secretsManager('crm-webhook-key')),
};

function stackWithEvents(props: { eventBus?: events.IEventBus } = {}): { stack: Stack; taskEvents: TaskEvents } {
  const stack = new Stack(new App(), 'Events', { env: ENV });
  return { stack, taskEvents: new TaskEvents(stack, 'TaskEvents', { instanceArn: INSTANCE_ARN, ...props }) };
}

const taskPattern = (eventTypes?: string[]) => ({
  source: ['aws.connect'],
  'detail-type': ['Amazon Connect Contact Event'],
  detail: {
    instanceArn: [INSTANCE_ARN],
    channel: [{ 'equals-ignore-case': 'TASK' }],
    ...(eventTypes && { eventType: eventTypes }),
  },
});

describe('TaskEvents: rules', () => {
  test("onEvent matches this instance's task events of the listed types on the default bus, with the target", () => {
    // GIVEN a TaskEvents and a queue
    const { stack, taskEvents } = stackWithEvents();
    const queue = new sqs.Queue(stack, 'Done', { enforceSSL: true });
    // WHEN a rule for COMPLETED and DISCONNECTED is added with the queue as its target
    taskEvents.onEvent('Ended', {
      eventTypes: [TaskEventType.COMPLETED, TaskEventType.DISCONNECTED],
      target: new targets.SqsQueue(queue),
    });
    // THEN the rule matches source, detail-type, instance, channel (any case) and the two types, on the default bus
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: taskPattern(['COMPLETED', 'DISCONNECTED']),
      EventBusName: Match.absent(),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Done'), 'Arn'] } })],
    });
  });

  test('onEvent without types matches every type; the shortcuts match theirs', () => {
    // GIVEN a TaskEvents
    const { stack, taskEvents } = stackWithEvents();
    // WHEN a rule for every type and one per shortcut are added
    taskEvents.onEvent('Every');
    taskEvents.onInitiated('Initiated');
    taskEvents.onConnectedToAgent('Accepted');
    taskEvents.onDisconnected('Ended');
    taskEvents.onCompleted('Done');
    // THEN the first has no eventType filter, and each shortcut its one type
    const patterns = Object.values(resourcesOf<{ EventPattern: unknown }>(Template.fromStack(stack), 'AWS::Events::Rule')).map(
      (rule) => rule.Properties.EventPattern,
    );
    expect(patterns).toEqual([
      taskPattern(),
      taskPattern(['INITIATED']),
      taskPattern(['CONNECTED_TO_AGENT']),
      taskPattern(['DISCONNECTED']),
      taskPattern(['COMPLETED']),
    ]);
  });

  test('TaskEventType.of names a type the class does not know yet', () => {
    // GIVEN a TaskEvents
    const { stack, taskEvents } = stackWithEvents();
    // WHEN a rule names a new type through the escape hatch
    taskEvents.onEvent('New', { eventTypes: [TaskEventType.of('TASK_SNOOZED')] });
    // THEN the pattern carries it as given
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { EventPattern: taskPattern(['TASK_SNOOZED']) });
  });

  test('rules and webhooks go on the given bus', () => {
    // GIVEN a TaskEvents on a custom bus
    const stack = new Stack(new App(), 'Events', { env: ENV });
    const bus = new events.EventBus(stack, 'Bus');
    const taskEvents = new TaskEvents(stack, 'TaskEvents', { instanceArn: INSTANCE_ARN, eventBus: bus });
    // WHEN a rule and a webhook are added
    taskEvents.onCompleted('Done');
    const webhook = taskEvents.addWebhook('Crm', webhookOptions);
    // THEN both rules are on the bus
    const rules = Object.values(resourcesOf<{ EventBusName: unknown }>(Template.fromStack(stack), 'AWS::Events::Rule'));
    expect(rules.map((rule) => rule.Properties.EventBusName)).toEqual([{ Ref: 'BusEA82B648' }, { Ref: 'BusEA82B648' }]);
    // AND the webhook's metrics carry the bus's name with the rule's, as EventBridge reports a custom bus's rules
    expect(Object.keys(webhook.metricFailedInvocations().dimensions!)).toEqual(['EventBusName', 'RuleName']);
  });

  test('fails if instanceArn is not an instance ARN', () => {
    // GIVEN a stack
    const stack = new Stack(new App(), 'Events', { env: ENV });
    // WHEN a TaskEvents is given a flow's ARN
    // THEN it fails, naming the value and the expected form
    expect(() => new TaskEvents(stack, 'TaskEvents', { instanceArn: `${INSTANCE_ARN}/contact-flow/x` })).toThrow(
      /TaskEvents Events\/TaskEvents: instanceArn ".*contact-flow\/x" is not an Amazon Connect instance ARN/,
    );
  });

  test('fails if TaskEventType.of is given something that is not an event type name', () => {
    // GIVEN / WHEN an event type named in lower case, or with a space
    // THEN each fails, saying what a name looks like
    expect(() => TaskEventType.of('completed')).toThrow(/TaskEventType.of\("completed"\): an event type is upper-case words/);
    expect(() => TaskEventType.of('NEW TYPE')).toThrow(/upper-case words joined by "_"/);
  });
});

describe('TaskEvents: webhooks', () => {
  test('a connection, a POST API destination with a rate limit, and a rule with retries, a DLQ and the transformer', () => {
    // GIVEN a TaskEvents
    const { stack, taskEvents } = stackWithEvents();
    // WHEN a webhook is added with the defaults
    taskEvents.addWebhook('Crm', webhookOptions);
    const template = Template.fromStack(stack);
    // THEN the connection authorizes with the API key, by reference to Secrets Manager
    template.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'API_KEY',
      AuthParameters: {
        ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: '{{resolve:secretsmanager:crm-webhook-key:SecretString:::}}' },
      },
    });
    // AND the API destination POSTs to the endpoint, 10 requests a second at most
    template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://crm.example.com/hooks/tasks',
      HttpMethod: 'POST',
      InvocationRateLimitPerSecond: 10,
    });
    // AND the rule retries for 24 hours, then dead-letters, and sends the transformer's payload as JSON
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: taskPattern(),
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TaskEventsCrmDeadLetterQueue'), 'Arn'] } },
          HttpParameters: { HeaderParameters: { 'Content-Type': 'application/json' } },
          InputTransformer: {
            InputPathsMap: Match.objectLike({ contactId: '$.detail.contactId', eventTimestamp: '$.time' }),
            InputTemplate: Match.stringLikeRegexp('^\\{"version":"1","eventType":"<eventType>","contactId":"<contactId>"'),
          },
        }),
      ],
    });
    // AND its own dead-letter queue is encrypted and keeps messages 14 days
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
  });

  test("the rule's role may only invoke its own API destination, and only EventBridge of this account may assume it", () => {
    // GIVEN a TaskEvents with two webhooks
    const { stack, taskEvents } = stackWithEvents();
    taskEvents.addWebhook('Crm', webhookOptions);
    taskEvents.addWebhook('Ticketing', { ...webhookOptions, endpoint: 'https://tickets.example.com/hooks' });
    const template = Template.fromStack(stack);
    // WHEN the policy of the first webhook's role is read
    const policies = Object.values(resourcesOf<PolicyProperties>(template, 'AWS::IAM::Policy')).filter((policy) =>
      policy.Properties.Roles.some((role) => role.Ref.startsWith('TaskEventsCrmRole')),
    );
    // THEN it holds one statement: events:InvokeApiDestination on that webhook's API destination alone
    expect(policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement)).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:InvokeApiDestination',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TaskEventsCrmDestination/), 'Arn'] },
      },
    ]);
    // AND the role trusts events.amazonaws.com for this account only
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          },
        ],
        Version: '2012-10-17',
      },
      Description: Match.stringLikeRegexp('Events/TaskEvents/Crm'),
    });
  });

  test('the options change the rate, the retries, the age and the dead-letter queue', () => {
    // GIVEN a TaskEvents and a queue of the user's
    const { stack, taskEvents } = stackWithEvents();
    const queue = new sqs.Queue(stack, 'Undelivered', { enforceSSL: true });
    // WHEN a webhook is added with its own settings and event types
    taskEvents.addWebhook('Crm', {
      ...webhookOptions,
      eventTypes: [TaskEventType.COMPLETED],
      rateLimitPerSecond: 2,
      retryAttempts: 10,
      maxEventAge: Duration.hours(2),
      deadLetterQueue: queue,
    });
    const template = Template.fromStack(stack);
    // THEN they reach the API destination and the rule, and no queue of the webhook's own is made
    template.hasResourceProperties('AWS::Events::ApiDestination', { InvocationRateLimitPerSecond: 2 });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: taskPattern(['COMPLETED']),
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Undelivered'), 'Arn'] } },
        }),
      ],
    });
    template.resourceCountIs('AWS::SQS::Queue', 1);
  });

  test.each([
    [
      'the endpoint is not HTTPS',
      { endpoint: 'http://crm.example.com/hooks' },
      /endpoint "http:\/\/crm.example.com\/hooks" is not an HTTPS URL/,
    ],
    ['the rate is 0', { rateLimitPerSecond: 0 }, /rateLimitPerSecond is 0; EventBridge allows a whole number from 1 to 300/],
    ['the rate is above 300', { rateLimitPerSecond: 301 }, /rateLimitPerSecond is 301/],
    ['retryAttempts is above 185', { retryAttempts: 186 }, /retryAttempts is 186; EventBridge allows a whole number from 0 to 185/],
    [
      'maxEventAge is under a minute',
      { maxEventAge: Duration.seconds(30) },
      /maxEventAge is 30 seconds; EventBridge keeps retrying for whole seconds/,
    ],
    ['maxEventAge is over 24 hours', { maxEventAge: Duration.hours(25) }, /maxEventAge is 1 day 1 hour/],
  ] as Array<[string, Partial<TaskWebhookOptions>, RegExp]>)('fails if %s', (_, options, error) => {
    // GIVEN a TaskEvents
    const { taskEvents } = stackWithEvents();
    // WHEN a webhook is added with an option out of EventBridge's bounds
    // THEN it fails, naming the construct, the value and the bounds
    expect(() => taskEvents.addWebhook('Crm', { ...webhookOptions, ...options })).toThrow(error);
    expect(() => taskEvents.addWebhook('Crm2', { ...webhookOptions, ...options })).toThrow(/^TaskWebhook Events\/TaskEvents\/Crm2: /);
  });

  test('the metrics are AWS/Events metrics of the rule, by the official names', () => {
    // GIVEN a webhook on the default bus
    const { stack, taskEvents } = stackWithEvents();
    const webhook = taskEvents.addWebhook('Crm', webhookOptions);
    // WHEN its metrics are read
    const metrics = [
      webhook.metricFailedInvocations(),
      webhook.metricInvocationsSentToDlq(),
      webhook.metricInvocationsFailedToBeSentToDlq(),
    ];
    // THEN each is a sum of an AWS/Events metric, by RuleName alone (the default bus)
    expect(metrics.map((m): unknown[] => [m.namespace, m.metricName, m.statistic, stack.resolve(m.dimensions)])).toEqual(
      ['FailedInvocations', 'InvocationsSentToDlq', 'InvocationsFailedToBeSentToDlq'].map((name) => [
        'AWS/Events',
        name,
        'Sum',
        { RuleName: { Ref: expect.stringMatching(/^TaskEventsCrmRule/) } },
      ]),
    );
  });

  test('cdk-nag AwsSolutions and cfn-lint find nothing in a stack with rules and a webhook', () => {
    // GIVEN a stack with a TaskEvents, a rule and a webhook, synthesized with cdk-nag's AwsSolutions pack
    const app = appWithNag();
    const stack = new Stack(app, 'Events', { env: ENV });
    const taskEvents = new TaskEvents(stack, 'TaskEvents', { instanceArn: INSTANCE_ARN });
    taskEvents.onCompleted('Done');
    const webhook = taskEvents.addWebhook('Crm', webhookOptions);
    Validations.of(webhook.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the dead-letter queue of the webhook's rule target, which cdk-nag does not recognise.",
    });
    // WHEN it is synthesized and its template linted
    const findings = nagFindings(app);
    // THEN cdk-nag reports no finding, and cfn-lint no error
    expect(findings).toEqual([]);
    expect(cfnLintErrors(app, stack)).toEqual([]);
  });
});
