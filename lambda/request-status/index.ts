import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { readAsyncDeliveryEnvironment } from '../../lib/contract';
import { callerPrincipal } from '../shared/caller-principal';
import { RequestStatusStore, statusDocument } from '../shared/request-status-store';
import { HttpError } from '../start-task/http-error';

const delivery =
  readAsyncDeliveryEnvironment(process.env) ??
  (() => {
    throw new Error('the request status function needs its status table setting');
  })();
const store = new RequestStatusStore(delivery.statusTable, delivery.statusRetentionSeconds);

/**
 * GET /tasks/requests/{requestId}: the status of a queued request, to the caller who queued it.
 * An unknown id, an expired one and another caller's are the same 404, so an id tells nothing
 * about requests that are not the caller's own.
 */
export async function handler(event: Partial<APIGatewayProxyEvent> | null, context: Context): Promise<APIGatewayProxyResult> {
  const gatewayRequestId = event?.requestContext?.requestId ?? context.awsRequestId;
  try {
    const requestId = event?.pathParameters?.requestId;
    const item = requestId ? await store.read({ requestId, principal: callerPrincipal(event ?? {}) }, new Date()) : undefined;
    if (!item) throw new HttpError('RequestNotFound', 'no queued request with this id was sent by you, or its status has expired');
    return respond(200, statusDocument(item));
  } catch (error) {
    const failure =
      error instanceof HttpError
        ? error
        : new HttpError('InternalError', 'the status could not be read; the failure is logged under this requestId');
    if (!(error instanceof HttpError))
      console.error({ outcome: 'bug', requestId: gatewayRequestId, errorName: error instanceof Error ? error.name : typeof error });
    return respond(failure.status, { error: { code: failure.code, message: failure.message }, requestId: gatewayRequestId });
  }
}

function respond(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
