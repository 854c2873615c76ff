import { StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { connectClientToken, readStartTaskEnvironment } from '../../lib/contract';
import { withDeadline } from '../shared/aws-sdk/deadline';
import { createConnectClient } from '../shared/connect/connect-client';
import { fromStartTaskError } from '../shared/connect/start-task-errors';
import { startTaskContactInput } from '../shared/connect/task-contact';
import { callerPrincipal } from '../shared/http/caller-principal';
import { type HttpAnswer, httpHandler, type HttpRequestContext } from '../shared/http/http-handler';
import { readTaskHttpRequest } from '../shared/http/http-request';
import { checkTaskRequest } from '../shared/http/task-request-check';
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
  const request = checkTaskRequest(body, source, config, new Date());
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
