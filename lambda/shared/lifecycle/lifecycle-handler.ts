import type { APIGatewayProxyEvent } from 'aws-lambda';
import { readTaskLifecycleEnvironment, type TaskLifecycleConfig, type TaskRoute } from '../../../lib/contract';
import { createConnectClient } from '../connect/connect-client';
import { ConnectSession } from '../connect/connect-session';
import { type HttpAnswer, httpHandler } from '../http/http-handler';
import { contactIdOf } from './task-lookup';

/** What a lifecycle route works with: the task's id from the path, and its request's Connect calls. */
export interface TaskRequestScope {
  readonly contactId: string;
  readonly session: ConnectSession;
  readonly config: TaskLifecycleConfig;
}

/**
 * The Lambda handler of a `/tasks/{contactId}` route. Configuration and the Connect client are
 * made once per container, when the module loads; each request gets its own deadline. Like every
 * route, it logs one line per request and publishes the endpoint's metrics (`httpHandler`); its
 * session times every Connect call, so a request that failed before calling Connect counts as a
 * validation rejection and one that did reports its Connect latency.
 */
export function lifecycleHandler(route: TaskRoute, serve: (event: APIGatewayProxyEvent, scope: TaskRequestScope) => Promise<HttpAnswer>) {
  const config = readTaskLifecycleEnvironment(process.env);
  const connect = createConnectClient(config.instance.region, config.connectTimeoutMs);
  return httpHandler(`${route.method} ${route.resource}`, (event, { timeConnect }) => {
    const contactId = contactIdOf(event);
    const session = new ConnectSession(connect, config.instance.instanceId, config.connectTimeoutMs, timeConnect);
    return serve(event, { contactId, config, session });
  });
}
