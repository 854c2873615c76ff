import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { handlerBundle, HandlerHost, type HandlerLogs } from './handler-host';
import { proxyEvent } from './proxy-event';

export interface LocalEndpointOptions {
  /** The handler's whole environment: CONNECT_INSTANCE_ARN, credentials, AWS_ENDPOINT_URL_CONNECT, … */
  readonly handlerEnv: NodeJS.ProcessEnv;
  /** @default 0, a free port */
  readonly port?: number;
  /** @default 'discard' */
  readonly logs?: HandlerLogs;
  /** With queued delivery: the status function's environment, which serves GET /tasks/requests/{requestId}. @default - no such route */
  readonly requestStatusEnv?: NodeJS.ProcessEnv;
}

export interface LocalEndpoint {
  /** The base URL; tasks are created with `POST ${url}/tasks`. */
  readonly url: string;
  close(): Promise<void>;
}

/** The one route of the task API, with the methods it accepts. */
const RESOURCE = '/tasks';
const METHODS = ['POST'];
/** The status route of queued requests. */
const STATUS_RESOURCE = '/tasks/requests/{requestId}';
const STATUS_PATH = /^\/tasks\/requests\/([^/]+)$/;

/**
 * The task API on 127.0.0.1 without API Gateway: `POST /tasks` becomes a REST API proxy event
 * for the bundled handler, and the gateway's own answers (unknown route, wrong method, handler
 * failure) keep the contract's JSON error shape.
 */
export async function startLocalEndpoint(options: LocalEndpointOptions): Promise<LocalEndpoint> {
  const host = await HandlerHost.start(options.handlerEnv, options.logs ?? 'discard');
  const statusHost =
    options.requestStatusEnv &&
    (await HandlerHost.start(options.requestStatusEnv, options.logs ?? 'discard', { bundle: handlerBundle('request-status') }));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const statusRequest = statusHost && STATUS_PATH.exec(path);
    if (statusRequest) {
      if (req.method !== 'GET') return sendGatewayError(res, 405, 'MethodNotAllowed', `${STATUS_RESOURCE} accepts GET`, { Allow: 'GET' });
      const event = proxyEvent(req, STATUS_RESOURCE, await readBody(req));
      event.pathParameters = { requestId: decodeURIComponent(statusRequest[1]) };
      return answer(statusHost, event, res);
    }
    if (path !== RESOURCE) return sendGatewayError(res, 404, 'NotFound', `no route for ${path}; the task API serves ${RESOURCE}`);
    if (!METHODS.includes(req.method ?? '')) {
      return sendGatewayError(res, 405, 'MethodNotAllowed', `${RESOURCE} accepts ${METHODS.join(', ')}`, { Allow: METHODS.join(', ') });
    }
    return answer(host, proxyEvent(req, RESOURCE, await readBody(req)), res);
  }

  /** Invokes a handler with a proxy event and writes its answer, as the gateway's Lambda proxy integration does. */
  async function answer(handler: HandlerHost, event: APIGatewayProxyEvent, res: ServerResponse): Promise<void> {
    let result: APIGatewayProxyResult;
    try {
      result = await handler.invoke(event);
    } catch (error) {
      // API Gateway answers a failed Lambda invocation with 502.
      console.error(`request ${event.requestContext.requestId}: ${error instanceof Error ? error.message : String(error)}`);
      return sendGatewayError(res, 502, 'InternalError', 'the task handler failed; see its log', {}, event.requestContext.requestId);
    }
    res.writeHead(result.statusCode, {
      ...result.headers,
      ...result.multiValueHeaders,
      'x-amzn-RequestId': event.requestContext.requestId,
    });
    res.end(Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
  }

  const server = createServer((req, res) => void handle(req, res));
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await Promise.all([once(server, 'close'), host.close(), statusHost?.close()]);
    },
  };
}

/** The body as text, as API Gateway passes a JSON body to the proxy integration. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function sendGatewayError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  requestId: string = randomUUID(),
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId, ...headers });
  res.end(JSON.stringify({ error: { code, message }, requestId }));
}
