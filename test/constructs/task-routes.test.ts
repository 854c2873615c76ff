import { afterEach, describe, expect, test } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TaskApi } from '../../lib';
import { TASK_ROUTES, type TaskRoute } from '../../lib/contract';
import { connectStatements, resourcesOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

function synth(): { stack: Stack; api: TaskApi; template: Template } {
  const stack = new Stack(new App(), 'TestStack');
  const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, asyncDelivery: { imports: {} } });
  return { stack, api, template: Template.fromStack(stack) };
}

/** The logical id of the function a method integrates, read from its integration URI. */
function integratedFunction(template: Template, httpMethod: string, pathPart: string): string {
  const [resourceId] = Object.entries(resourcesOf(template, 'AWS::ApiGateway::Resource', { Properties: { PathPart: pathPart } }))
    .map(([id]) => id)
    .slice(-1);
  const [method] = Object.values(
    resourcesOf<{ Integration: { Uri: { 'Fn::Join': [string, unknown[]] } } }>(template, 'AWS::ApiGateway::Method', {
      Properties: { HttpMethod: httpMethod, ResourceId: { Ref: resourceId } },
    }),
  );
  const arn = method.Properties.Integration.Uri['Fn::Join'][1].find(
    (part): part is { 'Fn::GetAtt': [string, string] } => typeof part === 'object' && part !== null && 'Fn::GetAtt' in part,
  );
  return arn!['Fn::GetAtt'][0];
}

describe('TaskApi builds every route from its row of TASK_ROUTES', () => {
  const { stack, api, template } = synth();

  test.each(Object.entries(TASK_ROUTES))('%s: the method, its function and its role follow the row', (_name, route: TaskRoute) => {
    // GIVEN / WHEN a TaskApi that serves every route (asyncDelivery with imports, every lifecycle operation)
    const pathPart = route.resource.split('/').pop()!;
    // THEN the route's method integrates a function with the row's description and the metrics name
    const functionId = integratedFunction(template, route.method, pathPart);
    const fn = resourcesOf<{ Description: string; Environment: { Variables: Record<string, unknown> } }>(template, 'AWS::Lambda::Function')[
      functionId
    ];
    expect(fn.Properties.Description).toBe(route.description);
    expect(fn.Properties.Environment.Variables.TASK_METRICS_API_NAME).toBe(api.restApiName);
    // AND its role may take exactly the row's Connect actions
    const role = (fn.Properties as unknown as { Role: { 'Fn::GetAtt': [string] } }).Role['Fn::GetAtt'][0];
    const actions = connectStatements(template, new RegExp(`^${role}$`)).flatMap((s) => [s.Action].flat());
    expect(actions.sort()).toEqual([...route.connectActions].sort());
    // AND it is one of the API's functions
    expect(api.functions.map((f) => stack.getLogicalId(f.node.defaultChild as never))).toContain(functionId);
  });
});

describe('a new row of TASK_ROUTES', () => {
  const routes = TASK_ROUTES as unknown as Record<string, TaskRoute>;
  afterEach(() => {
    delete routes.exports;
  });

  test('is served with no change to TaskApi: its method, path parameter, function and Connect permission', () => {
    // GIVEN a row for GET /tasks/exports/{exportId}, run by a handler that the build bundled
    routes.exports = {
      method: 'GET',
      resource: '/tasks/exports/{exportId}',
      assetName: TASK_ROUTES.read.assetName,
      description: 'Reads exports for GET /tasks/exports/{exportId}',
      functionId: 'ExportHandler',
      servedWhen: 'always',
      grant: 'grantReadExport',
      connectActions: ['connect:DescribeContact'],
      environment: ['connect'],
      timeout: 'connectDeadline',
      takesHandlerOptions: true,
      queryParameters: ['format'],
    };
    // WHEN a TaskApi is made
    const { api, template } = synth();
    // THEN the route's method requires its path parameter and declares its query parameter
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.path.exportId': true, 'method.request.querystring.format': false },
    });
    // AND its function is the API's, with its own role allowed the row's Connect action
    template.hasResourceProperties('AWS::Lambda::Function', { Description: 'Reads exports for GET /tasks/exports/{exportId}' });
    expect(connectStatements(template, /^TasksExportHandlerRole/).flatMap((s) => [s.Action].flat())).toEqual(['connect:DescribeContact']);
    expect(api.functions.map((fn) => fn.node.id)).toContain('ExportHandler');
  });
});
