import type { APIGatewayProxyEvent } from 'aws-lambda';
import { type LoadedHandler, loadHandler } from './start-task-harness';

// What the lifecycle handler tests share: a task's id, its description by Connect, and events for its routes.

export const CONTACT_ID = 'a1b2c3d4-0000-0000-0000-000000000001';
export const FUTURE = new Date(Date.now() + 3_600_000);

export function lifecycleEvent(
  method: string,
  body?: unknown,
  pathParameters: Record<string, string> | null = { contactId: CONTACT_ID },
  queryStringParameters: Record<string, string> | null = null,
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    resource: '/tasks/{contactId}',
    path: `/tasks/${CONTACT_ID}`,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    pathParameters,
    queryStringParameters,
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: 'gateway-request-id' },
  } as unknown as APIGatewayProxyEvent;
}

/** A scheduled task, as DescribeContact answers it. */
export const scheduledTask = {
  Id: CONTACT_ID,
  Channel: 'TASK',
  Name: 'Call back customer 42',
  InitiationMethod: 'API',
  ScheduledTimestamp: FUTURE,
} as const;

export function connectError(name: string): Error {
  return Object.assign(new Error(`Connect says ${name}`), { name, $metadata: {} });
}

/** A handler whose Connect describes the scheduled task and lists no references, unless a test says otherwise. */
export function loadWithTask(handlerName: string, env: Record<string, string> = {}): LoadedHandler {
  const loaded = loadHandler(env, handlerName);
  loaded.connect.on(loaded.sdk.DescribeContactCommand).resolves({ Contact: scheduledTask });
  loaded.connect.on(loaded.sdk.ListContactReferencesCommand).resolves({ ReferenceSummaryList: [] });
  return loaded;
}
