import { readAsyncDeliveryEnvironment } from '../../lib/contract';
import { config, startTaskHandler } from '../start-task/create-task';
import { prefersAsync, QueuedDelivery } from '../start-task/queued-delivery';

const asyncDelivery = readAsyncDeliveryEnvironment(process.env);
/** Set when the construct has queued delivery on; without it, `Prefer: respond-async` is ignored (RFC 7240). */
const queued = asyncDelivery && new QueuedDelivery(asyncDelivery, config.connectTimeoutMs);

/**
 * POST /tasks of a TaskApi with `asyncDelivery`: a request whose caller prefers an asynchronous
 * answer is queued (202), any other is created synchronously as by lambda/start-task.
 */
export const handler = startTaskHandler(
  queued ? (input, event) => (prefersAsync(event) ? queued.accept(input, event) : undefined) : undefined,
);
