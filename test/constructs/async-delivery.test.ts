import { describe, expect, test } from '@jest/globals';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { type AsyncDeliveryOptions, TaskApi, type TaskApiProps, TaskTarget } from '../../lib';
import { ASYNC_DELIVERY_ENV, deliveryPlan } from '../../lib/contract';
import { type PolicyProperties, type PolicyStatement, resourcesOf, statementsOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const FLOW = TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444');

function build(asyncDelivery: AsyncDeliveryOptions | undefined, props: Partial<TaskApiProps> = {}) {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, asyncDelivery, ...props });
  return { stack, api };
}

function synth(asyncDelivery: AsyncDeliveryOptions | undefined, props: Partial<TaskApiProps> = {}) {
  const { stack, api } = build(asyncDelivery, props);
  return { stack, api, template: Template.fromStack(stack) };
}

const actionsOf = (statements: Array<{ Action: string | string[] }>) => statements.flatMap((s) => [s.Action].flat()).sort();

describe('TaskApi asyncDelivery', () => {
  test('without asyncDelivery there is no queue, table or status route', () => {
    // GIVEN / WHEN a TaskApi synthesized without asyncDelivery
    const { template, api } = synth(undefined);
    // THEN it has no queue, no status table and no /tasks/requests route
    template.resourceCountIs('AWS::SQS::Queue', 0);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourcePropertiesCountIs('AWS::ApiGateway::Resource', { PathPart: 'requests' }, 0);
    // AND granting read of request statuses fails, saying to set asyncDelivery
    expect(() => api.grantReadRequestStatus(new iam.AccountRootPrincipal())).toThrow(
      /^TaskApi .*: grantReadRequestStatus needs GET \/tasks\/requests\/\{requestId\}, but this TaskApi has no asyncDelivery\. Set asyncDelivery/,
    );
  });

  test('the queue and its dead-letter queue are encrypted, refuse plain HTTP, and redrive after maxReceiveCount', () => {
    // GIVEN / WHEN a TaskApi with queued delivery that gives a message 7 receives
    const { template } = synth({ maxReceiveCount: 7 });
    // THEN both queues use SQS-managed encryption, and the main one redrives to the dead-letter queue after 7 receives
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] }, maxReceiveCount: 7 },
    });
    // AND each queue's policy denies requests that are not over TLS
    template.resourceCountIs('AWS::SQS::QueuePolicy', 2);
    template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });

  test('the status table is on demand, encrypted, with TTL and point-in-time recovery', () => {
    // GIVEN / WHEN a TaskApi with queued delivery and default options
    const { template } = synth({});
    // THEN the status table is keyed by request and principal, billed per request, encrypted, expires rows and keeps backups
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'requestId', KeyType: 'HASH' },
        { AttributeName: 'principal', KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test('the consumer runs at most 2 at once, with partial batch failures, a batch that fits its pace, and a visibility timeout of 6x its timeout', () => {
    // GIVEN the delivery plan for 1 task a second with Connect's 8 s deadline
    const plan = deliveryPlan(1, 8000);
    // WHEN a TaskApi delivers its queue at 1 task a second
    const { template } = synth({ ratePerSecond: 1 });
    // THEN the queue feeds at most 2 consumers at once, in batches of the plan's size, with partial batch failures
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: plan.batchSize,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // AND the consumer's timeout follows the plan and it is told the rate
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: plan.functionTimeoutSeconds,
      Environment: { Variables: Match.objectLike({ [ASYNC_DELIVERY_ENV.ratePerSecond]: '1' }) },
    });
    // AND the queue hides a received message for 6 times the consumer's timeout
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 6 * plan.functionTimeoutSeconds });
    // AND the plan is 10 messages at 0.5/s per invocation, which take 20 s; the Connect deadline and a margin come on top
    expect(plan).toMatchObject({ batchSize: 10, invocationRatePerSecond: 0.5, functionTimeoutSeconds: 33 });
  });

  test('a slow rate gets batches of one, and a fast one batches of ten', () => {
    // GIVEN / WHEN a delivery plan for one task every 20 s THEN it takes one message per batch
    expect(deliveryPlan(0.05, 8000)).toMatchObject({ batchSize: 1, functionTimeoutSeconds: 53 });
    // AND a plan for 20 tasks a second takes ten
    expect(deliveryPlan(20, 8000)).toMatchObject({ batchSize: 10, functionTimeoutSeconds: 14 });
  });

  test('the stage throttle rises to 50/s, burst 100, unless the throttle prop says otherwise', () => {
    // GIVEN / WHEN a TaskApi with queued delivery, and one that also sets the throttle prop
    const queued = synth({}).template;
    const explicit = synth({}, { throttle: { rateLimit: 10, burstLimit: 20 } }).template;
    // THEN the first stage takes 50 requests a second, burst 100
    queued.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
    });
    // AND the second keeps the throttle it was given
    explicit.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 })]),
    });
  });

  test('each function holds only what its job needs', () => {
    // GIVEN / WHEN a TaskApi with queued delivery and one allowed contact flow
    const { template } = synth({}, { allowedTargets: [FLOW] });
    // THEN the endpoint also queues and records requests
    expect(actionsOf(statementsOf(template, /^TasksHandler[0-9A-F]{8}$/))).toEqual(
      [
        'connect:StartTaskContact',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ].sort(),
    );
    // AND the consumer creates tasks, writes statuses (a scheduled occurrence's first) and consumes its queue
    const delivery = statementsOf(template, /DeliveryFunction[0-9A-F]{8}$/);
    expect(actionsOf(delivery)).toEqual(
      [
        'connect:StartTaskContact',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ].sort(),
    );
    // AND it may start tasks only on the instance's contacts and the allowed flow
    expect(delivery.find((s) => s.Action === 'connect:StartTaskContact')!.Resource).toEqual([
      `${INSTANCE_ARN}/contact/*`,
      `${INSTANCE_ARN}/contact-flow/aaaaaaaa-1111-2222-3333-444444444444`,
    ]);
    // AND the status reader only reads one table's items
    const status = statementsOf(template, /StatusFunction[0-9A-F]{8}$/);
    expect(actionsOf(status)).toEqual(['dynamodb:GetItem', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(status.find((s) => s.Action === 'dynamodb:GetItem')!.Resource).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/StatusTable/), 'Arn'],
    });
  });

  test('GET /tasks/requests/{requestId} is IAM-authorized, and grantReadRequestStatus allows that method only', () => {
    // GIVEN a TaskApi with queued delivery, from build(), and a reader role
    const { stack, api } = build({});
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN the reader is granted read of request statuses
    api.grantReadRequestStatus(reader);
    // THEN GET /tasks/requests/{requestId} requires IAM authorization and the requestId in its path
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'AWS_IAM',
      RequestParameters: { 'method.request.path.requestId': true },
    });
    // AND the reader may invoke that method only
    const [statement] = statementsOfRole(template, 'Reader');
    expect(statement.Action).toBe('execute-api:Invoke');
    expect(statement.Resource).toEqual({
      'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(/\/GET\/tasks\/requests\/\*$/)])],
    });
  });

  test.each([
    [{ ratePerSecond: 0 }, /ratePerSecond is 0; it must be between 0.01 and 1000/],
    [{ ratePerSecond: 5000 }, /ratePerSecond is 5000/],
    [{ maxReceiveCount: 0 }, /maxReceiveCount is 0; it must be a whole number from 1 to 1000/],
    [{ statusRetention: Duration.days(1) }, /statusRetention is 1 day; .*at least 345600/],
    [
      { deliveryFunctionOptions: { timeout: Duration.seconds(30) } },
      /deliveryFunctionOptions.timeout \(30 seconds\) is set by the construct/,
    ],
    [
      { deliveryFunctionOptions: { logGroup: logs.LogGroup.fromLogGroupName(new Stack(), 'ExistingLogs', 'existing-logs') } },
      /deliveryFunctionOptions.logGroup \(.*ExistingLogs\) is set by the construct: use the logRetention prop; the construct creates the log group/,
    ],
    [
      { deliveryFunctionOptions: { tracing: lambda.Tracing.ACTIVE } },
      /deliveryFunctionOptions.tracing \("Active"\) is set by the construct: use TaskApi's tracing prop/,
    ],
    [
      { deliveryFunctionOptions: { environment: { REQUEST_QUEUE_URL: 'x' } } },
      /deliveryFunctionOptions.environment.REQUEST_QUEUE_URL is set by the construct/,
    ],
    [
      { deliveryFunctionOptions: { environment: { TASK_METRICS_API_NAME: 'mine' } } },
      /deliveryFunctionOptions.environment.TASK_METRICS_API_NAME is set by the construct/,
    ],
  ])('fails if asyncDelivery is %p, naming the TaskApi', (options, message) => {
    // GIVEN / WHEN a TaskApi is synthesized with out-of-range asyncDelivery options
    // THEN it fails, naming the TaskApi's path and the asyncDelivery option
    expect(() => synth(options as AsyncDeliveryOptions)).toThrow(/^TaskApi [^:]+\/Tasks: asyncDelivery\./);
    // AND the message says what is wrong with the value
    expect(() => synth(options as AsyncDeliveryOptions)).toThrow(message);
  });
});

function statementsOfRole(template: Template, rolePrefix: string): PolicyStatement[] {
  const policies = Object.values(resourcesOf<PolicyProperties>(template, 'AWS::IAM::Policy')).filter((p) =>
    p.Properties.Roles.some((r) => r.Ref.startsWith(rolePrefix)),
  );
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
}
