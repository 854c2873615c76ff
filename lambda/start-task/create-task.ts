import { StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  connectClientToken,
  readStartTaskEnvironment,
  type StructurallyValidTaskRequest,
  type TargetFragment,
  targetKey,
  validateTaskRequest,
} from '../../lib/contract';
import { withDeadline } from '../shared/aws-sdk/deadline';
import { createConnectClient } from '../shared/connect/connect-client';
import { fromStartTaskError } from '../shared/connect/start-task-errors';
import { startTaskContactInput } from '../shared/connect/task-contact';
import { callerPrincipal } from '../shared/http/caller-principal';
import { HttpError } from '../shared/http/http-error';
import { type HttpAnswer, httpHandler, type HttpRequestContext } from '../shared/http/http-handler';
import { readTaskHttpRequest } from '../shared/http/http-request';
import { assertTemplateFields } from '../shared/http/template-fields';
import type { QueuedTaskInput } from './async-intake';

export const config = readStartTaskEnvironment(process.env);
const connect = createConnectClient(config.instance.region, config.connectTimeoutMs);

/** Takes a validated request for queued delivery when its caller asked for it; undefined when the caller did not. */
export type QueuedAcceptance = (input: QueuedTaskInput, event: APIGatewayProxyEvent) => Promise<HttpAnswer> | undefined;

/**
 * The POST /tasks handler: validates a StartTaskContact request and creates the task in the
 * deployment's instance, or hands it to `queued` when there is queued delivery and the caller
 * asked for it. Two bundles use it (lambda/start-task: none; lambda/start-task-queued: with), so
 * the function of a TaskApi without `asyncDelivery` ships no queue or table client.
 */
export const startTaskHandler = (queued?: QueuedAcceptance) =>
  httpHandler('POST /tasks', (event, context) => startTask(event, context, queued));

async function startTask(
  event: APIGatewayProxyEvent,
  { timeConnect }: HttpRequestContext,
  queued: QueuedAcceptance | undefined,
): Promise<HttpAnswer> {
  const { body, source, idempotencyKey } = readTaskHttpRequest(event);
  const validation = validateTaskRequest(
    body,
    { hasDefaultTarget: config.defaultTarget !== undefined, maxScheduleAheadSeconds: config.maxScheduleAheadSeconds, now: new Date() },
    source,
  );
  if (!validation.valid) {
    throw new HttpError('ValidationError', 'the request breaks the rules listed in details', validation.violations, {}, {}, body);
  }
  const request = withTarget(validation.request);
  assertTemplateFields(config.taskTemplates, request.TaskTemplateId, request, 'create', body);
  const principal = callerPrincipal(event);
  const accepted = queued?.({ request, body, idempotencyKey, principal }, event);
  if (accepted) return accepted;

  // Scoped to the caller: another caller's equal key is another token, so it never meets this one in Connect.
  const clientToken = idempotencyKey === undefined ? undefined : connectClientToken(principal, idempotencyKey);
  const command = new StartTaskContactCommand(startTaskContactInput(request, config.instance.instanceId, clientToken));
  const output = await timeConnect(() =>
    withDeadline(config.connectTimeoutMs, (abortSignal) => connect.send(command, { abortSignal })),
  ).catch((error: unknown) => {
    throw fromStartTaskError(error, command.input);
  });
  return { status: 201, body: { ContactId: output.ContactId }, log: { outcome: 'created', contactId: output.ContactId } };
}

/** The request routed: its own target or the deployment's default, checked against the allow-list. */
function withTarget(request: StructurallyValidTaskRequest): StructurallyValidTaskRequest {
  const routed = targetKey(request as TargetFragment) ? request : { ...request, ...config.defaultTarget };
  const key = targetKey(routed as TargetFragment)!;
  if (config.allowedTargets && !config.allowedTargets.has(key)) {
    const field = key.slice(0, key.indexOf(':'));
    throw new HttpError(
      'TargetNotAllowed',
      `this endpoint may not create tasks for this ${field}; ask its owner to add it to allowedTargets`,
      [{ path: `/${field}`, message: "is not one of this endpoint's allowedTargets" }],
    );
  }
  return routed;
}
