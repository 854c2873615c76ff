import { idempotencyKeyProblem, readAsyncDeliveryEnvironment, REQUEST_ID_PARAMETER, TASK_ROUTES } from '../../lib/contract';
import { RequestStatusStore, statusDocument } from '../shared/async-delivery/request-status-store';
import { callerPrincipal } from '../shared/http/caller-principal';
import { HttpError } from '../shared/http/http-error';
import { httpHandler } from '../shared/http/http-handler';

const delivery =
  readAsyncDeliveryEnvironment(process.env) ??
  (() => {
    throw new Error('the request status function needs its status table setting');
  })();
const store = new RequestStatusStore(delivery.statusTable, delivery.statusRetentionSeconds);

/**
 * GET /tasks/requests/{requestId}: the status of a queued request, to the caller who queued it.
 * An unknown id, an expired one and another caller's are the same 404, so an id tells nothing
 * about requests that are not the caller's own. An id no request can have (one that POST /tasks
 * refuses as a key, e.g. longer than the status table's 2,048-byte key) is not looked up.
 */
export const handler = httpHandler(`${TASK_ROUTES.requestStatus.method} ${TASK_ROUTES.requestStatus.resource}`, async (event) => {
  const requestId = event.pathParameters?.[REQUEST_ID_PARAMETER];
  const item =
    requestId && !idempotencyKeyProblem(requestId)
      ? await store.read({ requestId, principal: callerPrincipal(event) }, new Date())
      : undefined;
  if (!item) throw new HttpError('RequestNotFound', 'no queued request with this id was sent by you, or its status has expired');
  return { status: 200, body: statusDocument(item), log: { outcome: 'status', queuedRequestId: requestId, requestStatus: item.status } };
});
