import { describe, expect, test } from '@jest/globals';
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { TaskApi, type TaskApiProps, TaskTarget } from '../../lib';
import { TASK_REQUEST_SCHEMA } from '../../lib/contract';
import { connectStatements, resourcesOf } from '../template';
import { tokenAuthorizer } from './token-authorizer';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const FLOW = TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444');
const TEMPLATE = TaskTarget.taskTemplate('bbbbbbbb-1111-2222-3333-444444444444');
const QUICK_CONNECT = TaskTarget.quickConnect('cccccccc-1111-2222-3333-444444444444');
/** The role of the `POST /tasks` function. */
const CREATE_ROLE = /^TasksHandlerRole/;

function synth(props: Partial<TaskApiProps> = {}): { stack: Stack; api: TaskApi; template: Template } {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, ...props });
  return { stack, api, template: Template.fromStack(stack) };
}

/** Every resource of every statement that grants a `connect:` action, across the policies of the roles `role` matches. */
function connectResources(template: Template, role = /./): unknown[] {
  return connectStatements(template, role).flatMap((statement) => {
    const actions = [statement.Action].flat();
    expect(actions.every((a) => a.startsWith('connect:') && a !== 'connect:*')).toBe(true);
    return [statement.Resource].flat();
  });
}

describe('TaskApi', () => {
  test('POST /tasks requires IAM authorization by default', () => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with default props
    const { template } = synth();
    // THEN POST /tasks requires AWS_IAM authorization
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      ResourceId: { Ref: Match.stringLikeRegexp('TasksApitasks') },
    });
    // AND no method is open
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'NONE' }, 0);
  });

  test('grantInvoke allows execute-api:Invoke on POST /tasks only', () => {
    // GIVEN a TaskApi and a caller role
    const stack = new Stack();
    const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN the caller is granted invoke
    api.grantInvoke(caller);
    // THEN the caller's policy allows execute-api:Invoke on POST /tasks and nothing else
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('Caller') }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/POST/tasks$')])] },
          },
        ],
      },
    });
  });

  test('a custom authorizer replaces IAM authorization', () => {
    // GIVEN a stack
    const stack = new Stack();
    // WHEN a TaskApi is given a token authorizer
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, authorizer: tokenAuthorizer(stack) });
    // THEN POST /tasks uses CUSTOM authorization
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'CUSTOM' });
  });

  test('grantInvoke warns when an authorizer, not IAM, decides who may call', () => {
    // GIVEN a TaskApi whose callers a token authorizer decides
    const stack = new Stack();
    const api = new TaskApi(stack, 'Tasks', {
      instanceArn: INSTANCE_ARN,
      authorizer: tokenAuthorizer(stack),
    });
    // WHEN a role is granted invoke
    api.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() }));
    // THEN a warning on the TaskApi says the authorizer decides who may call
    Annotations.fromStack(stack).hasWarning('/Default/Tasks', Match.stringLikeRegexp('authorized by the authorizer'));
  });

  test('the request validator checks only that the body is a JSON object, and says so without a value', () => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with default props
    const { template } = synth();
    // THEN the model is shallow: the function checks every field and names the one at fault
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true });
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: { $schema: 'http://json-schema.org/draft-04/schema#', title: TASK_REQUEST_SCHEMA.title, type: 'object' },
    });
    // AND a body it rejects gets an answer that names the body and quotes nothing
    const [badBody] = Object.values(
      resourcesOf<{ ResponseTemplates: Record<string, string> }>(template, 'AWS::ApiGateway::GatewayResponse', {
        Properties: { ResponseType: 'BAD_REQUEST_BODY' },
      }),
    );
    const answer = JSON.parse(badBody.Properties.ResponseTemplates['application/json']) as unknown;
    expect(answer).toEqual({
      error: { code: 'ValidationError', message: 'the body is not a JSON object', details: [{ path: '', message: 'send a JSON object' }] },
      requestId: '$context.requestId',
    });
    // AND POST /tasks checks its body against that model
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestValidatorId: { Ref: Match.stringLikeRegexp('RequestValidator') },
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('TaskRequest') } },
    });
  });

  test.each<[string, string, string | undefined]>([
    ['BAD_REQUEST_BODY', 'ValidationError', '400'],
    ['BAD_REQUEST_PARAMETERS', 'ValidationError', '400'],
    ['UNSUPPORTED_MEDIA_TYPE', 'UnsupportedMediaType', '415'],
    ['REQUEST_TOO_LARGE', 'PayloadTooLarge', '413'],
    ['MISSING_AUTHENTICATION_TOKEN', 'MissingAuthenticationToken', '403'],
    ['INVALID_SIGNATURE', 'InvalidSignature', '403'],
    ['EXPIRED_TOKEN', 'ExpiredToken', '403'],
    ['ACCESS_DENIED', 'AccessDenied', '403'],
    ['UNAUTHORIZED', 'Unauthorized', '401'],
    ['RESOURCE_NOT_FOUND', 'NotFound', '404'],
    ['THROTTLED', 'Throttled', '429'],
    ['QUOTA_EXCEEDED', 'Throttled', '429'],
    ['INTEGRATION_TIMEOUT', 'UpstreamTimeout', '504'],
    ['INTEGRATION_FAILURE', 'UpstreamError', '502'],
    // Any other 4xx keeps its own status.
    ['DEFAULT_4XX', 'ClientError', undefined],
    // A function that throws or times out is a 502 in API Gateway unless the response says otherwise.
    ['DEFAULT_5XX', 'InternalError', '500'],
  ])('gateway response %s answers the JSON error shape with code %s and status %s', (type, code, status) => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with default props
    const { template } = synth();
    // THEN the gateway response of this type has its status
    const responses = resourcesOf<{ ResponseTemplates: Record<string, string>; StatusCode?: string }>(
      template,
      'AWS::ApiGateway::GatewayResponse',
      { Properties: { ResponseType: type } },
    );
    const [response] = Object.values(responses);
    expect(response.Properties.StatusCode).toBe(status);
    const mappingTemplate = response.Properties.ResponseTemplates['application/json'];
    // AND its body is the JSON error shape with its code and the request id, once API Gateway substitutes its variables ($context.error.messageString comes quoted)
    const body = JSON.parse(mappingTemplate.replace('$context.error.messageString', '"m"')) as unknown;
    expect(body).toMatchObject({ error: { code, message: expect.any(String) }, requestId: '$context.requestId' });
    // AND it never returns the validator's detail string, which quotes rejected values (names, descriptions)
    expect(mappingTemplate).not.toContain('validationErrorString');
  });

  test("the stage throttles at Connect's default quota (2/s, burst 5) and accepts overrides", () => {
    // GIVEN no throttle prop THEN the stage lets through what Connect's default quota does
    expect(stageMethodSettings(synth().template)).toMatchObject({ ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 });
    // GIVEN a raised quota THEN both numbers follow it
    expect(stageMethodSettings(synth({ throttle: { rateLimit: 10, burstLimit: 20 } }).template)).toMatchObject({
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 20,
    });
    // GIVEN a rate alone THEN the burst keeps the construct's default, not API Gateway's account-wide one
    expect(stageMethodSettings(synth({ throttle: { rateLimit: 5 } }).template)).toMatchObject({
      ThrottlingRateLimit: 5,
      ThrottlingBurstLimit: 5,
    });
  });

  test('access logs go to a log group with retention; execution logs carry no bodies', () => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with default props
    const { template } = synth();
    // THEN the stage sends access logs to the construct's log group, without X-Ray
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('TasksAccessLogs'), 'Arn'] }, Format: Match.anyValue() },
      TracingEnabled: false,
    });
    // AND execution logs are errors only, with no request or response bodies
    expect(stageMethodSettings(template)).toMatchObject({ LoggingLevel: 'ERROR', DataTraceEnabled: false });
    // AND the log group keeps logs 90 days
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('tracing turns on X-Ray in the stage and the function', () => {
    // GIVEN / WHEN a TaskApi with tracing on
    const { template } = synth({ tracing: true });
    // THEN the stage traces with X-Ray
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    // AND the function traces actively
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
  });

  test("the function runs Node.js 24 on arm64 with JSON logs, inside API Gateway's 29 s", () => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with default props
    const { template } = synth();
    // THEN the function runs Node.js 24 on arm64, times out at 10 s, logs JSON, and reads the instance, the Connect deadline and the scheduling window from its environment
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 10,
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' },
      Environment: {
        Variables: {
          CONNECT_INSTANCE_ARN: INSTANCE_ARN,
          CONNECT_TIMEOUT_MS: '8000',
          MAX_SCHEDULE_AHEAD_SECONDS: String(6 * 86400),
        },
      },
    });
  });

  test('handlerOptions reach the function; connectTimeout sets its timeout', () => {
    // GIVEN / WHEN a TaskApi with a 20 s connectTimeout, a 90-day maxScheduleAhead, and handlerOptions for memory and an extra variable
    const { template } = synth({
      connectTimeout: Duration.seconds(20),
      maxScheduleAhead: Duration.days(90),
      handlerOptions: { memorySize: 1024, environment: { EXTRA: 'x' } },
    });
    // THEN the function has that memory and variable, a timeout 2 s past connectTimeout, and the deadline and window in its environment
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 22,
      Environment: {
        Variables: Match.objectLike({ EXTRA: 'x', CONNECT_TIMEOUT_MS: '20000', MAX_SCHEDULE_AHEAD_SECONDS: String(90 * 86400) }),
      },
    });
  });

  test('the function role uses no managed policy and writes only to its own log group', () => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with default props
    const { template } = synth();
    // THEN the Lambda role has no managed policy
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] }),
      ManagedPolicyArns: Match.absent(),
    });
    // AND its policy writes logs only to the function's own log group
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('TasksHandlerLogGroup'), 'Arn'] },
          },
        ]),
      },
    });
  });

  describe('IAM scoping', () => {
    test('without allowedTargets: StartTaskContact only, on contacts and targets of the instance', () => {
      // GIVEN / WHEN a TaskApi synthesized by synth() with default props, and the Connect resources its POST /tasks role may use
      const resources = connectResources(synth().template, CREATE_ROLE);
      // THEN they are the instance's contacts and every flow, template and quick connect of the instance, nothing outside it
      expect(resources.sort()).toEqual([
        `${INSTANCE_ARN}/contact-flow/*`,
        `${INSTANCE_ARN}/contact/*`,
        `${INSTANCE_ARN}/task-template/*`,
        `${INSTANCE_ARN}/transfer-destination/*`,
      ]);
      for (const resource of resources) expect(resource).toEqual(expect.stringMatching(`^${INSTANCE_ARN}/`));
    });

    test('with allowedTargets: exactly those flow, template and quick connect ARNs', () => {
      // GIVEN / WHEN a TaskApi with a default flow and an allow-list of a flow, a template and a quick connect
      const { template } = synth({ defaultTarget: FLOW, allowedTargets: [FLOW, TEMPLATE, QUICK_CONNECT] });
      const resources = connectResources(template, CREATE_ROLE);
      // THEN the POST /tasks role may use the instance's contacts and exactly those three targets
      expect(resources.sort()).toEqual([
        `${INSTANCE_ARN}/contact-flow/aaaaaaaa-1111-2222-3333-444444444444`,
        `${INSTANCE_ARN}/contact/*`,
        `${INSTANCE_ARN}/task-template/bbbbbbbb-1111-2222-3333-444444444444`,
        `${INSTANCE_ARN}/transfer-destination/cccccccc-1111-2222-3333-444444444444`,
      ]);
      // AND the function is told the default target and the allow-list
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            DEFAULT_TARGET: '{"ContactFlowId":"aaaaaaaa-1111-2222-3333-444444444444"}',
            ALLOWED_TARGETS: JSON.stringify([
              { ContactFlowId: 'aaaaaaaa-1111-2222-3333-444444444444' },
              { TaskTemplateId: 'bbbbbbbb-1111-2222-3333-444444444444' },
              { QuickConnectId: 'cccccccc-1111-2222-3333-444444444444' },
            ]),
          }),
        },
      });
    });

    test('an instance ARN from a token scopes IAM under that token', () => {
      // GIVEN an instance ARN that is a stack parameter
      const stack = new Stack();
      const instanceArn = new CfnParameter(stack, 'InstanceArn').valueAsString;
      // WHEN a TaskApi is built on it
      new TaskApi(stack, 'Tasks', { instanceArn });
      // THEN there are POST's contacts and three kinds of targets, and the contacts of each lifecycle route
      const resources = connectResources(Template.fromStack(stack));
      expect(resources).toHaveLength(4 + 3);
      // AND each is built under the parameter's reference
      for (const r of resources) expect(r).toEqual({ 'Fn::Join': ['', expect.arrayContaining([{ Ref: 'InstanceArn' }])] });
    });
  });

  test('vpcEndpoints make a private API that refuses requests from elsewhere', () => {
    // GIVEN a VPC with an execute-api interface endpoint
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    // WHEN a TaskApi is given that endpoint
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, vpcEndpoints: [endpoint] });
    // THEN the REST API is PRIVATE to that endpoint, and its policy denies every request from another
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [{ Ref: Match.stringLikeRegexp('VpcExecuteApi') }] },
      Policy: {
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: 'execute-api:/*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': [{ Ref: Match.stringLikeRegexp('VpcExecuteApi') }] } },
          },
        ],
      },
    });
  });

  describe('prop validation', () => {
    // Every message starts with the construct and its path, so a stack with many TaskApis tells which one is wrong.
    test('fails if instanceArn is not an instance ARN, naming the construct, the value and the form', () => {
      // GIVEN / WHEN a TaskApi on an ARN with no instance id THEN it fails, naming the construct, the ARN and the expected form
      expect(() => synth({ instanceArn: 'arn:aws:connect:eu-west-2:111122223333:instance' })).toThrow(
        /^TaskApi TestStack\/Tasks: instanceArn "arn:aws:connect:eu-west-2:111122223333:instance" is not an Amazon Connect instance ARN. Expected the form arn:aws:connect:/,
      );
    });

    test('fails if defaultTarget is not in allowedTargets', () => {
      // GIVEN / WHEN a TaskApi whose default flow is missing from its allow-list THEN it fails, naming both and saying to add it
      expect(() => synth({ defaultTarget: FLOW, allowedTargets: [TEMPLATE] })).toThrow(
        /^TaskApi TestStack\/Tasks: defaultTarget ContactFlowId:aaaaaaaa-1111-2222-3333-444444444444 is not in allowedTargets \(TaskTemplateId:bbbbbbbb-.*\). Add it/,
      );
    });

    test('fails if allowedTargets is empty', () => {
      // GIVEN / WHEN a TaskApi with an empty allow-list THEN it fails, saying to omit allowedTargets
      expect(() => synth({ allowedTargets: [] })).toThrow(/^TaskApi TestStack\/Tasks: allowedTargets is empty.*omit allowedTargets/);
    });

    test.each([Duration.millis(500), Duration.seconds(27)])('fails if connectTimeout is %s', (connectTimeout) => {
      // GIVEN / WHEN a TaskApi with a connectTimeout under 1 s or over 26 s THEN it fails, giving the range
      expect(() => synth({ connectTimeout })).toThrow(
        /^TaskApi TestStack\/Tasks: connectTimeout is .*; it must be between 1 second and 26 seconds/,
      );
    });

    test('fails if two props are broken, naming both in one error rather than only the first', () => {
      // GIVEN / WHEN a TaskApi with a connectTimeout over 26 s and a queued delivery with maxReceiveCount 0
      // THEN one error names the construct once and lists both, each with its value and range
      expect(() => synth({ connectTimeout: Duration.seconds(27), asyncDelivery: { maxReceiveCount: 0 } })).toThrow(
        /^TaskApi TestStack\/Tasks: 2 props are invalid:\n- connectTimeout is 27 seconds; it must be between 1 second and 26 seconds.*\n- asyncDelivery\.maxReceiveCount is 0; it must be a whole number from 1 to 1000/,
      );
    });

    test.each<[string, lambda.FunctionOptions, RegExp]>([
      [
        'timeout',
        { timeout: Duration.seconds(3) },
        /handlerOptions.timeout \(3 seconds\) is set by the construct: .*set connectTimeout instead/,
      ],
      ['loggingFormat', { loggingFormat: lambda.LoggingFormat.TEXT }, /handlerOptions.loggingFormat \("Text"\) is set by the construct/],
      [
        'logRetention',
        { logRetention: logs.RetentionDays.ONE_DAY },
        /handlerOptions.logRetention \(1\) is set by the construct: set the logRetention prop/,
      ],
      [
        'logGroup, which would bypass logRetention',
        { logGroup: logs.LogGroup.fromLogGroupName(new Stack(), 'ExistingLogs', 'existing-logs') },
        /handlerOptions.logGroup \(.*ExistingLogs\) is set by the construct: use the logRetention prop; the construct creates the log group/,
      ],
      [
        'tracing, which would override the tracing prop',
        { tracing: lambda.Tracing.PASS_THROUGH },
        /handlerOptions.tracing \("PassThrough"\) is set by the construct: use the tracing prop/,
      ],
      [
        'an environment variable the handler reads',
        { environment: { CONNECT_INSTANCE_ARN: 'x', EXTRA: 'kept' } },
        /handlerOptions.environment.CONNECT_INSTANCE_ARN is set by the construct from its props/,
      ],
      [
        'the metrics dimension, which the construct sets to its API name',
        { environment: { TASK_METRICS_API_NAME: 'mine' } },
        /handlerOptions.environment.TASK_METRICS_API_NAME is set by the construct from its props/,
      ],
    ])('fails if handlerOptions sets %s, which the construct owns', (_, handlerOptions, message) => {
      // GIVEN / WHEN a TaskApi whose handlerOptions set an option the construct owns
      // THEN it fails, naming the construct path
      expect(() => synth({ handlerOptions })).toThrow(/^TaskApi TestStack\/Tasks: /);
      // AND the option, its value and the prop to use instead
      expect(() => synth({ handlerOptions })).toThrow(message);
    });

    test('fails naming every owned option handlerOptions sets, not only the first', () => {
      // GIVEN / WHEN a TaskApi whose handlerOptions set both the timeout and CONNECT_TIMEOUT_MS THEN the error names both
      expect(() => synth({ handlerOptions: { timeout: Duration.seconds(3), environment: { CONNECT_TIMEOUT_MS: '1' } } })).toThrow(
        /handlerOptions.timeout .*; handlerOptions.environment.CONNECT_TIMEOUT_MS/,
      );
    });

    test.each([Duration.millis(1500), Duration.seconds(0)])('fails if maxScheduleAhead is %s', (maxScheduleAhead) => {
      // GIVEN / WHEN a TaskApi with a fractional or zero maxScheduleAhead THEN it fails, asking for whole seconds, at least 1
      expect(() => synth({ maxScheduleAhead })).toThrow(
        /^TaskApi TestStack\/Tasks: maxScheduleAhead is .*; it must be a whole number of seconds, at least 1/,
      );
    });

    // A factory has no scope, so its error names the factory (as aws-cdk-lib's static factories do), the value and the fix.
    test.each([
      [
        () => TaskTarget.contactFlow(''),
        /^TaskTarget.contactFlow\(\) was given "", an invalid ContactFlowId: must NOT have fewer than 1 characters/,
      ],
      [
        () => TaskTarget.taskTemplate('x'.repeat(501)),
        /^TaskTarget.taskTemplate\(\) was given "x+", an invalid TaskTemplateId: must NOT have more than 500 characters/,
      ],
      // An id becomes part of an IAM ARN: a wildcard or separator would widen the allow-list.
      [
        () => TaskTarget.contactFlow('*'),
        /^TaskTarget.contactFlow\(\) was given "\*", an invalid ContactFlowId: must contain only letters, digits, - and _/,
      ],
      [
        () => TaskTarget.quickConnect('a/../*'),
        /^TaskTarget.quickConnect\(\) was given "a\/..\/\*", an invalid QuickConnectId: must contain only letters/,
      ],
      [() => TaskTarget.contactFlow(`${INSTANCE_ARN}/contact-flow/abc`), /^TaskTarget.contactFlow\(\) was given "arn:.*/],
    ])('fails if a target id breaks the Connect model, naming the factory, the id and the fix (%#)', (make, error) => {
      // GIVEN / WHEN a target factory is given an id the Connect model rejects
      // THEN it fails, naming the factory, the id and the rule
      expect(make).toThrow(error);
      // AND says to pass the console's id, not the ARN
      expect(make).toThrow(/Pass the id shown in the Amazon Connect console \(the last part of the resource ARN\), not the ARN\.$/);
    });
  });
});

function stageMethodSettings(template: Template): Record<string, unknown> {
  const [stage] = Object.values(resourcesOf<{ MethodSettings: Array<Record<string, unknown>> }>(template, 'AWS::ApiGateway::Stage'));
  return stage.Properties.MethodSettings[0];
}
