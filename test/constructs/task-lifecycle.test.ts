import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TaskApi, type TaskApiProps, TaskLifecycleOperation, TaskTarget } from '../../lib';
import { tokenAuthorizer } from './token-authorizer';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const FLOW = TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444');

function synth(props: Partial<TaskApiProps> = {}): { stack: Stack; api: TaskApi; caller: iam.Role } {
  const stack = new Stack(new App(), 'TestStack');
  const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, ...props });
  const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
  return { stack, api, caller };
}

/** The `connect:` actions of the policies attached to roles whose logical id starts with `rolePrefix`, with their resources. */
function connectGrants(template: Template, rolePrefix: string): { actions: string[]; resources: unknown[] } {
  type Statement = { Action: string | string[]; Resource: unknown };
  type Policy = { Properties: { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: Statement[] } } };
  const statements = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Policy>)
    .filter((policy) => policy.Properties.Roles.some((role) => role.Ref.startsWith(rolePrefix)))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('connect:')));
  return {
    actions: statements.flatMap((s) => [s.Action].flat()).sort(),
    resources: statements.flatMap((s) => [s.Resource].flat()),
  };
}

/** The method's path in an execute-api ARN: what a grant allows. */
const invokeStatement = (methodAndPath: string) => ({
  Action: 'execute-api:Invoke',
  Effect: 'Allow',
  Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`^/${methodAndPath.replace(/\*/g, '\\*')}$`)])] },
});

describe('TaskApi lifecycle routes: /tasks/{contactId}', () => {
  describe.each([
    {
      route: 'GET',
      role: 'TasksReadHandlerRole',
      actions: ['connect:DescribeContact', 'connect:GetContactAttributes', 'connect:ListContactReferences'],
      grant: (api: TaskApi, caller: iam.IGrantable) => api.grantRead(caller),
    },
    {
      route: 'PATCH',
      role: 'TasksUpdateHandlerRole',
      actions: [
        'connect:DescribeContact',
        'connect:ListContactReferences',
        'connect:UpdateContact',
        'connect:UpdateContactAttributes',
        'connect:UpdateContactSchedule',
      ],
      grant: (api: TaskApi, caller: iam.IGrantable) => api.grantUpdate(caller),
    },
    {
      route: 'DELETE',
      role: 'TasksCancelHandlerRole',
      actions: ['connect:DescribeContact', 'connect:StopContact'],
      grant: (api: TaskApi, caller: iam.IGrantable) => api.grantCancel(caller),
    },
  ])('$route /tasks/{contactId}', ({ route, role, actions, grant }) => {
    test(`its function's role holds exactly ${actions.length} Connect actions, on contacts of the instance only`, () => {
      // GIVEN / WHEN a TaskApi synthesized by synth() with the default lifecycle routes
      const { stack } = synth();
      // THEN the route's role holds exactly its Connect actions, on the instance's contacts
      const grants = connectGrants(Template.fromStack(stack), role);
      expect(grants.actions).toEqual(actions);
      expect(grants.resources).toEqual([`${INSTANCE_ARN}/contact/*`]);
    });

    test(`its grant allows execute-api:Invoke on ${route} /tasks/* only`, () => {
      // GIVEN a TaskApi and a caller role, from synth()
      const { stack, api, caller } = synth();
      // WHEN the caller is given the route's grant
      grant(api, caller);
      // THEN the caller may invoke that method on /tasks/* and nothing else
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }],
        PolicyDocument: { Statement: [invokeStatement(`${route}/tasks/*`)] },
      });
    });

    test('its method requires IAM authorization and the contactId path parameter', () => {
      // GIVEN / WHEN a TaskApi synthesized by synth() with the default lifecycle routes
      const { stack } = synth();
      // THEN the route's method is IAM-authorized, validated, and requires the contactId in its path
      Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: route,
        AuthorizationType: 'AWS_IAM',
        ResourceId: { Ref: Match.stringLikeRegexp('TasksApitaskscontactId') },
        RequestParameters: Match.objectLike({ 'method.request.path.contactId': true }),
        RequestValidatorId: { Ref: Match.stringLikeRegexp('TasksApiRequestValidator') },
      });
    });
  });

  test('the GET role has no write action', () => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with the default lifecycle routes
    const { stack } = synth();
    // THEN the read function's role holds no Connect action that starts, stops, changes, creates, deletes or tags
    const { actions } = connectGrants(Template.fromStack(stack), 'TasksReadHandlerRole');
    expect(actions.filter((action) => /^connect:(Start|Stop|Update|Create|Delete|Put|Tag)/.test(action))).toEqual([]);
  });

  test('grantInvoke keeps meaning POST /tasks', () => {
    // GIVEN a TaskApi with its lifecycle routes and a caller role, from synth()
    const { stack, api, caller } = synth();
    // WHEN the caller is granted invoke
    api.grantInvoke(caller);
    // THEN the grant covers POST /tasks only, not the lifecycle routes
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }],
      PolicyDocument: { Statement: [invokeStatement('POST/tasks')] },
    });
  });

  test('each function gets the instance, the window and the deadline, and no routing target', () => {
    // GIVEN / WHEN a TaskApi with a default target and allowed targets, which POST /tasks reads
    const { stack } = synth({ defaultTarget: FLOW, allowedTargets: [FLOW] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Creates Amazon Connect tasks'),
      Environment: { Variables: Match.objectLike({ DEFAULT_TARGET: Match.anyValue(), ALLOWED_TARGETS: Match.anyValue() }) },
    });
    // THEN each lifecycle function reads the instance ARN, the scheduling window and the Connect deadline from its environment
    // AND neither routing target, which only task creation reads
    for (const description of ['Reads', 'Changes', 'Cancels']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(`^${description} Amazon Connect tasks`),
        Environment: {
          Variables: {
            CONNECT_INSTANCE_ARN: INSTANCE_ARN,
            MAX_SCHEDULE_AHEAD_SECONDS: '518400',
            CONNECT_TIMEOUT_MS: '8000',
            TASK_METRICS_API_NAME: Match.anyValue(),
            DEFAULT_TARGET: Match.absent(),
            ALLOWED_TARGETS: Match.absent(),
          },
        },
      });
    }
  });

  test('PATCH bodies are checked against the UpdateTaskRequest model: a JSON object, the function names each field at fault', () => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with the default lifecycle routes
    const { stack } = synth();
    // THEN the UpdateTaskRequest model asks only for a JSON object
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Schema: { $schema: 'http://json-schema.org/draft-04/schema#', title: 'UpdateTaskRequest', type: 'object' },
    });
    // AND the PATCH method checks its body against that model
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'PATCH',
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('TaskUpdateRequest') } },
    });
  });

  test('GET declares its optional include query parameter', () => {
    // GIVEN / WHEN a TaskApi synthesized by synth() with the default lifecycle routes
    const { stack } = synth();
    // THEN GET requires the contactId in its path and accepts an optional include query parameter
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.path.contactId': true, 'method.request.querystring.include': false },
    });
  });

  test('handlerOptions reach the lifecycle functions too', () => {
    // GIVEN / WHEN a TaskApi whose handlerOptions set 512 MB of memory
    const { stack } = synth({ handlerOptions: { memorySize: 512 } });
    // THEN all four functions (POST, GET, PATCH, DELETE) get that memory
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Lambda::Function', { MemorySize: 512 }, 4);
  });

  describe('lifecycleOperations', () => {
    test('leaves out the routes not listed: their method, function and role do not exist', () => {
      // GIVEN / WHEN a TaskApi that serves only the READ lifecycle operation
      const { stack, api } = synth({ lifecycleOperations: [TaskLifecycleOperation.READ] });
      // THEN only GET exists beside POST, with its function; PATCH and DELETE have none
      const template = Template.fromStack(stack);
      template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'GET' }, 1);
      template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'PATCH' }, 0);
      template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'DELETE' }, 0);
      template.resourceCountIs('AWS::Lambda::Function', 2);
      expect([api.readHandler, api.updateHandler, api.cancelHandler].map((h) => h !== undefined)).toEqual([true, false, false]);
    });

    test('an empty list serves POST /tasks alone', () => {
      // GIVEN / WHEN a TaskApi whose lifecycleOperations list is empty
      const { stack } = synth({ lifecycleOperations: [] });
      // THEN it has one method, POST /tasks, and no /tasks/{contactId} resource
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::ApiGateway::Method', 1);
      template.resourcePropertiesCountIs('AWS::ApiGateway::Resource', { PathPart: '{contactId}' }, 0);
    });

    test('fails if a grant names a route that is left out, naming the construct and the fix', () => {
      // GIVEN a TaskApi that serves only the READ lifecycle operation, and a caller role
      const { api, caller } = synth({ lifecycleOperations: [TaskLifecycleOperation.READ] });
      // WHEN the caller is granted cancel THEN it fails, naming the construct and the operation to add
      expect(() => api.grantCancel(caller)).toThrow(
        /^TaskApi TestStack\/Tasks: grantCancel needs DELETE \/tasks\/\{contactId\}.*Add TaskLifecycleOperation\.CANCEL to lifecycleOperations/,
      );
    });
  });

  test('with an authorizer, the lifecycle methods use it too, and their grants warn', () => {
    // GIVEN a TaskApi whose callers a token authorizer decides
    const stack = new Stack();
    const api = new TaskApi(stack, 'Tasks', {
      instanceArn: INSTANCE_ARN,
      authorizer: tokenAuthorizer(stack),
    });
    // WHEN a role is granted read
    api.grantRead(new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() }));
    // THEN every lifecycle method uses the authorizer
    const template = Template.fromStack(stack);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: method, AuthorizationType: 'CUSTOM' });
    }
    // AND the grant warns that the authorizer, not IAM, decides who may call GET
    Annotations.fromStack(stack).hasWarning(
      '/Default/Tasks',
      Match.stringLikeRegexp('grantRead adds an IAM permission, but GET /tasks/\\{contactId\\}'),
    );
  });
});
