import { startTaskHandler } from './create-task';

/**
 * POST /tasks of a TaskApi without `asyncDelivery`: every request is created synchronously, and
 * `Prefer: respond-async` is ignored (RFC 7240). lambda/start-task-queued is the function with it.
 */
export const handler = startTaskHandler();
