import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  ASYNC_DELIVERY_ENV,
  errorBody,
  errorStatus,
  GATEWAY_ANSWERS,
  type GatewayAnswer,
  routeAssetName,
  TASK_ROUTES,
  type TaskRoute,
} from '../lib/contract';
import { handlerBundle, HandlerHost, type HandlerLogs } from './handler-host';
import { proxyEvent } from './proxy-event';
import { type LocalIam, refuseUnlessSigned } from './sigv4-verifier';

export interface LocalEndpointOptions {
  /** The handlers' whole environment: CONNECT_INSTANCE_ARN, credentials, AWS_ENDPOINT_URL_CONNECT, … */
  readonly handlerEnv: NodeJS.ProcessEnv;
  /** @default 0, a free port */
  readonly port?: number;
  /** @default 'discard' */
  readonly logs?: HandlerLogs;
  /** With queued delivery: the status function's environment, which serves GET /tasks/requests/{requestId}. @default - no such route */
  readonly requestStatusEnv?: NodeJS.ProcessEnv;
  /** With bulk imports: the import functions' environment, which serve POST /tasks/imports and GET /tasks/imports/{importId}. @default - no such routes */
  readonly importsEnv?: NodeJS.ProcessEnv;
  /**
   * IAM authorization as the deployed API has it: every request must carry a SigV4 signature for
   * service `execute-api` in `region`, made with `credentials`.
   *
   * @default - no authorization
   */
  readonly iam?: LocalIam;
  /** Called with each answer a handler gave, e.g. to print what to do next with a task just created. @default - nothing */
  readonly onAnswer?: (answer: LocalAnswer) => void;
}

/** A handler's answer to a request for one of the routes. */
export interface LocalAnswer {
  readonly method: string;
  readonly resource: string;
  readonly statusCode: number;
  readonly body: string;
}

export interface LocalEndpoint {
  /** The base URL; tasks are created with `POST ${url}/tasks`, and read, changed and cancelled at `${url}/tasks/{contactId}`. */
  readonly url: string;
  close(): Promise<void>;
}

/** A route served locally: its method and resource, the bundled handler and that handler's environment. */
export interface LocalRoute {
  readonly method: string;
  readonly resource: string;
  /** The handler's bundle, e.g. `handlerBundle('start-task')`. */
  readonly bundle: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A resource of the task API, e.g. `/tasks/{contactId}`, with the handler of each method it serves. */
interface LocalResource {
  readonly resource: string;
  readonly path: RegExp;
  /** The name of each `{parameter}` of the resource, in order. */
  readonly parameters: readonly string[];
  readonly hosts: ReadonlyMap<string, HandlerHost>;
}

/** The resources of `routes`, each path segment `{name}` matching one segment of a request path. */
function localResources(routes: readonly LocalRoute[], hosts: readonly HandlerHost[]): LocalResource[] {
  const byResource = new Map<string, Map<string, HandlerHost>>();
  routes.forEach((route, i) => {
    if (!byResource.has(route.resource)) byResource.set(route.resource, new Map());
    byResource.get(route.resource)!.set(route.method, hosts[i]);
  });
  return [...byResource].map(([resource, methods]) => {
    const parameters: string[] = [];
    const pattern = resource.replace(/\{(\w+)\}/g, (_, name: string) => {
      parameters.push(name);
      return '([^/]+)';
    });
    return { resource, path: new RegExp(`^${pattern}$`), parameters, hosts: methods };
  });
}

/**
 * The task API on 127.0.0.1 without API Gateway: each route of TASK_ROUTES (those of asyncDelivery
 * only with `requestStatusEnv`) becomes a REST API proxy event for its bundled handler.
 */
export async function startLocalEndpoint(options: LocalEndpointOptions): Promise<LocalEndpoint> {
  // A route served only with asyncDelivery runs with the status function's environment, one of imports with the import functions', and only when there is one.
  // As TaskApi does, a route runs the bundle that carries queued delivery when its environment has a queue.
  const routes: LocalRoute[] = Object.values(TASK_ROUTES).flatMap((route: TaskRoute) => {
    const env =
      route.servedWhen === 'asyncDelivery'
        ? options.requestStatusEnv
        : route.servedWhen === 'imports'
          ? options.importsEnv
          : options.handlerEnv;
    const queued = env?.[ASYNC_DELIVERY_ENV.queueUrl] !== undefined;
    return env ? [{ method: route.method, resource: route.resource, bundle: handlerBundle(routeAssetName(route, queued)), env }] : [];
  });
  return serveLocalRoutes(routes, options);
}

/**
 * Serves `routes` as API Gateway's REST API serves Lambda proxy integrations, answering what the
 * gateway answers of its own as the deployed API's gateway responses do: a path or a method with
 * no route, a request without a valid SigV4 signature (with `iam`) and a failed handler get the
 * contract's code, status and JSON error shape.
 */
export async function serveLocalRoutes(
  routes: readonly LocalRoute[],
  options: Pick<LocalEndpointOptions, 'port' | 'logs' | 'iam' | 'onAnswer'> = {},
): Promise<LocalEndpoint> {
  const hosts = await Promise.all(routes.map((route) => HandlerHost.start(route.env, options.logs ?? 'discard', { bundle: route.bundle })));
  // A static segment wins over a parameter, as in API Gateway: /tasks/imports before /tasks/{contactId}.
  const resources = localResources(routes, hosts).sort((a, b) => a.resource.split('{').length - b.resource.split('{').length);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    if (path === undefined) return sendGatewayAnswer(res, BAD_REQUEST_TARGET);
    const [resource, match] = resources.map((r) => [r, r.path.exec(path)] as const).find(([, m]) => m) ?? [];
    const host = resource?.hosts.get(req.method ?? '');
    if (!resource || !match || !host) return sendGatewayAnswer(res, GATEWAY_ANSWERS.unknownRoute);
    const values = resource.parameters.map((_, i) => decodedSegment(match[i + 1]));
    if (values.some((value) => value === undefined)) return sendGatewayAnswer(res, BAD_REQUEST_TARGET);
    const pathParameters = resource.parameters.length ? Object.fromEntries(resource.parameters.map((name, i) => [name, values[i]!])) : null;
    return answer(host, req, res, resource.resource, pathParameters);
  }

  /**
   * Checks the request's signature when IAM authorization is on, then invokes a handler with the
   * proxy event and writes its answer, as the gateway's Lambda proxy integration does.
   */
  async function answer(
    handler: HandlerHost,
    req: IncomingMessage,
    res: ServerResponse,
    resource: string,
    pathParameters: Record<string, string> | null,
  ): Promise<void> {
    const body = await readBody(req);
    // One signature, one caller: the header that is verified is the header the caller is named from.
    const authorizations = req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'authorization');
    if (authorizations.length > 1) return sendGatewayAnswer(res, TWO_AUTHORIZATIONS);
    const signed = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
    const refusal = options.iam && (await refuseUnlessSigned(signed, options.iam));
    if (refusal) return sendGatewayAnswer(res, refusal);
    const event = proxyEvent(req, resource, pathParameters, body.toString('utf8'), req.headers.authorization);
    let result: APIGatewayProxyResult;
    try {
      result = await handler.invoke(event);
    } catch (error) {
      // One JSON line, as the handlers' own log lines are.
      const message = error instanceof Error ? error.message : String(error);
      console.error(
        JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', requestId: event.requestContext.requestId, message }),
      );
      return sendGatewayAnswer(res, GATEWAY_ANSWERS.functionFailed, event.requestContext.requestId);
    }
    res.writeHead(result.statusCode, {
      ...result.headers,
      ...result.multiValueHeaders,
      'x-amzn-RequestId': event.requestContext.requestId,
    });
    res.end(Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
    options.onAnswer?.({ method: event.httpMethod, resource, statusCode: result.statusCode, body: result.body });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A body that never fully arrived has no one left to answer: its connection is closed.
      if (error instanceof BodyNotReceived || res.headersSent) return void req.socket.destroy();
      const message = `the local endpoint failed: ${error instanceof Error ? error.message : String(error)}`;
      console.error(JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', message }));
      sendGatewayAnswer(res, GATEWAY_ANSWERS.functionFailed);
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await Promise.all([once(server, 'close'), ...hosts.map((host) => host.close())]);
    },
  };
}

/** A request target that is no URL (`http://[`), or a path segment that is no percent-encoded UTF-8 (`%ZZ`, a cut sequence): DEFAULT_4XX. */
const BAD_REQUEST_TARGET: LocalGatewayAnswer = { code: 'ClientError', message: 'Bad Request', status: 400 };

/** The local endpoint names a request's caller after its one Authorization header; two would be two callers. */
const TWO_AUTHORIZATIONS: LocalGatewayAnswer = {
  code: 'InvalidSignature',
  message: 'A request carries one Authorization header, for one caller; this one carries several.',
};

/** A gateway answer; `status` for `ClientError`, whose status is the 4xx it stands for. */
interface LocalGatewayAnswer extends GatewayAnswer {
  readonly status?: number;
}

/** The path of a request target, or undefined when it is no URL. */
function pathOf(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** A path segment decoded as API Gateway decodes a path parameter, or undefined when it is not percent-encoded UTF-8. */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The connection ended before the body did. */
class BodyNotReceived extends Error {}

/** The body's bytes: signed as they are, passed to the handler as text as API Gateway passes a JSON body. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch (error) {
    throw new BodyNotReceived(error instanceof Error ? error.message : String(error));
  }
  // A half-closed connection ends the stream without an error, short of its Content-Length.
  if (!req.complete) throw new BodyNotReceived('the connection ended before the body');
  return Buffer.concat(chunks);
}

/** One of API Gateway's own answers, with the status and body its gateway response in the deployed API gives. */
function sendGatewayAnswer(res: ServerResponse, { code, message, status }: LocalGatewayAnswer, requestId: string = randomUUID()): void {
  res.writeHead(status ?? errorStatus(code)!, { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId });
  res.end(JSON.stringify(errorBody({ code, message }, requestId)));
}
