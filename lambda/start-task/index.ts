import { StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import {
  readStartTaskEnvironment,
  type StructurallyValidTaskRequest,
  type TargetFragment,
  targetKey,
  validateTaskRequest,
} from '../../lib/contract';
import { createConnectClient } from '../shared/connect-client';
import { withDeadline } from '../shared/deadline';
import { fromConnectError, HttpError } from '../shared/http-error';
import { isProxyEvent, readTaskHttpRequest } from '../shared/http-request';
import { startTaskContactInput } from '../shared/task-contact';

const config = readStartTaskEnvironment(process.env);
const connect = createConnectClient(config.instance.region, config.connectTimeoutMs);

/** POST /tasks: validates a StartTaskContact request and creates the task in the deployment's instance. */
export async function handler(event: unknown, context: Context): Promise<APIGatewayProxyResult> {
  const requestId = (event as Partial<APIGatewayProxyEvent> | null)?.requestContext?.requestId ?? context.awsRequestId;
  try {
    if (!isProxyEvent(event)) {
      throw new HttpError('ValidationError', 'the event is not an API Gateway proxy request', [
        { path: '', message: 'invoke through POST /tasks, or send an event with headers and a string body' },
      ]);
    }
    const contactId = await startTask(event);
    console.info({ outcome: 'created', requestId, status: 201, contactId });
    return respond(201, { ContactId: contactId });
  } catch (error) {
    const failure = error instanceof HttpError ? error : internalError(error);
    console.warn({
      outcome: 'rejected',
      requestId,
      status: failure.status,
      code: failure.code,
      details: failure.details?.map((d) => d.path),
    });
    return respond(
      failure.status,
      {
        error: { code: failure.code, message: failure.message, ...(failure.details && { details: failure.details }) },
        requestId,
      },
      failure.headers,
    );
  }
}

async function startTask(event: APIGatewayProxyEvent): Promise<string | undefined> {
  const { body, idempotencyKey } = readTaskHttpRequest(event);
  const validation = validateTaskRequest(body, {
    hasDefaultTarget: config.defaultTarget !== undefined,
    maxScheduleAheadSeconds: config.maxScheduleAheadSeconds,
    now: new Date(),
  });
  if (!validation.valid) {
    throw new HttpError('ValidationError', 'the request breaks the rules listed in details', validation.violations);
  }
  const request = withTarget(validation.request);

  const command = new StartTaskContactCommand(startTaskContactInput(request, config.instance.instanceId, idempotencyKey));
  const output = await withDeadline(config.connectTimeoutMs, (abortSignal) => connect.send(command, { abortSignal })).catch(
    (error: unknown) => {
      throw fromConnectError(error);
    },
  );
  return output.ContactId;
}

/** The request routed: its own target or the deployment's default, checked against the allow-list. */
function withTarget(request: StructurallyValidTaskRequest): StructurallyValidTaskRequest {
  const routed = targetKey(request as TargetFragment) ? request : { ...request, ...config.defaultTarget };
  const key = targetKey(routed as TargetFragment)!;
  if (config.allowedTargets && !config.allowedTargets.has(key)) {
    throw new HttpError('TargetNotAllowed', `this endpoint may not create tasks for ${key}; ask its owner to add it to allowedTargets`);
  }
  return routed;
}

function internalError(error: unknown): HttpError {
  // The name and stack frames locate the bug; the message (the stack's first line) may quote the request.
  const frames = error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined;
  console.error({ outcome: 'bug', errorName: error instanceof Error ? error.name : typeof error, frames });
  return new HttpError('InternalError', 'the task endpoint failed unexpectedly; the failure is logged under this requestId');
}

function respond(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
