import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TaskApi } from '../../lib';
import { type LocalEndpoint, serveLocalRoutes } from '../../local/server';
import { resourcesOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

let deployed: Template | undefined;

/**
 * What the deployed API answers of its own for a gateway response type: the status and the body
 * of the synthesized TaskApi's gateway response, with API Gateway's `$context` filled in.
 */
function deployedAnswer(type: string, messageString: string, requestId: string): { status: number; body: unknown } {
  if (!deployed) {
    const stack = new Stack(new App(), 'Deployed');
    new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN });
    deployed = Template.fromStack(stack);
  }
  const [response] = Object.values(
    resourcesOf<{ StatusCode: string; ResponseTemplates: Record<string, string> }>(deployed, 'AWS::ApiGateway::GatewayResponse', {
      Properties: { ResponseType: type },
    }),
  );
  const body = response.Properties.ResponseTemplates['application/json']
    .replace('$context.error.messageString', JSON.stringify(messageString))
    .replace('$context.requestId', requestId);
  return { status: Number(response.Properties.StatusCode), body: JSON.parse(body) };
}

/** A local answer's status and body, and its request id, which the body repeats. */
async function answerOf(response: Response): Promise<{ answer: { status: number; body: unknown }; requestId: string }> {
  return { answer: { status: response.status, body: await response.json() }, requestId: response.headers.get('x-amzn-requestid')! };
}

describe("the local endpoint answers as the deployed API's gateway responses do", () => {
  let handlers: string;
  let endpoint: LocalEndpoint;
  beforeAll(async () => {
    // GIVEN a local endpoint with one route whose handler answers and one whose handler throws
    handlers = mkdtempSync(join(tmpdir(), 'local-server-'));
    writeFileSync(join(handlers, 'answers.js'), "exports.handler = async () => ({ statusCode: 200, body: '{}' });\n");
    writeFileSync(join(handlers, 'throws.js'), "exports.handler = async () => { throw new Error('a bug'); };\n");
    endpoint = await serveLocalRoutes([
      { method: 'POST', resource: '/tasks', bundle: join(handlers, 'answers.js'), env: {} },
      { method: 'GET', resource: '/tasks/{contactId}', bundle: join(handlers, 'throws.js'), env: {} },
    ]);
  });
  afterAll(async () => {
    await endpoint.close();
    rmSync(handlers, { recursive: true, force: true });
  });

  test.each([
    ['a path with no route', 'POST', '/contacts'],
    ['a method a path has no route for', 'GET', '/tasks'],
    ['a method no path has a route for', 'PUT', '/tasks/abc'],
  ])('%s is MISSING_AUTHENTICATION_TOKEN: 403 MissingAuthenticationToken, as deployed', async (_, method, path) => {
    // GIVEN the local endpoint of beforeAll, with routes for POST /tasks and GET /tasks/{contactId}
    // WHEN the row's method is sent to the row's path
    const { answer, requestId } = await answerOf(await fetch(`${endpoint.url}${path}`, { method }));
    // THEN the status and body the deployed API gives, with API Gateway's own message
    expect(answer).toEqual(deployedAnswer('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token', requestId));
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'MissingAuthenticationToken' } } });
  });

  test('a handler that throws is DEFAULT_5XX: 500 InternalError, as deployed, and its error is logged', async () => {
    // GIVEN the local endpoint of beforeAll, whose GET /tasks/{contactId} handler throws
    // AND the endpoint's error log captured
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // WHEN a task is read through that route
    const { answer, requestId } = await answerOf(await fetch(`${endpoint.url}/tasks/abc`));
    const lines = logged.mock.calls.map(([line]) => String(line));
    logged.mockRestore();
    // THEN the status and body the deployed API gives, with API Gateway's message for a failed function
    expect(answer).toEqual(deployedAnswer('DEFAULT_5XX', 'Internal server error', requestId));
    expect(answer).toMatchObject({ status: 500, body: { error: { code: 'InternalError' } } });
    // AND the cause is in the endpoint's log, under the request id, not in the answer
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { timestamp: expect.any(String) as unknown, level: 'ERROR', requestId, message: 'the handler threw Error: a bug' },
    ]);
  });

  test("a handler's own answer passes through", async () => {
    // GIVEN the local endpoint of beforeAll, whose POST /tasks handler answers 200
    // WHEN a task is posted
    const response = await fetch(`${endpoint.url}/tasks`, { method: 'POST', body: '{}' });
    // THEN the handler's 200 is the answer
    expect(response.status).toBe(200);
  });
});
