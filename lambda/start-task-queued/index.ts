import { readAsyncDeliveryEnvironment } from '../../lib/contract';
import { AsyncIntake, prefersAsync } from '../start-task/async-intake';
import { config, startTaskHandler } from '../start-task/create-task';

const asyncDelivery = readAsyncDeliveryEnvironment(process.env);
/** Set when the construct has queued delivery on; without it, `Prefer: respond-async` is ignored (RFC 7240). */
const queued = asyncDelivery && new AsyncIntake(asyncDelivery, config.connectTimeoutMs);

/**
 * POST /tasks of a TaskApi with `asyncDelivery`: a request whose caller prefers an asynchronous
 * answer is queued (202), any other is created synchronously as by lambda/start-task.
 */
export const handler = startTaskHandler(
  queued ? (input, event) => (prefersAsync(event) ? queued.accept(input, event) : undefined) : undefined,
);
