import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ERROR_BODY_LIMITS, errorBody, pathsFor, readTaskMetricsApiName } from '../../../lib/contract';
import { ConnectClock, type ConnectTimer } from '../connect/connect-clock';
import { reportOutcome } from '../observability/request-outcome';
import { HttpError } from './http-error';
import { isProxyEvent } from './http-request';

/** What a route answers when it succeeds. */
export interface HttpAnswer {
  readonly status: number;
  /** The JSON body; none for a 204. */
  readonly body?: unknown;
  /** Headers beyond Content-Type, e.g. a 202's Location. */
  readonly headers?: Record<string, string>;
  /** The request's log line: its `outcome` and ids or counts, never request content. */
  readonly log: { readonly outcome: string; readonly [field: string]: unknown };
}

/** What a route gets beside the event. */
export interface HttpRequestContext {
  /** Times each Connect call of the request; a request that never calls it has no Connect latency. */
  readonly timeConnect: ConnectTimer;
}

export type HttpRoute = (event: APIGatewayProxyEvent, request: HttpRequestContext) => Promise<HttpAnswer>;

const apiName = readTaskMetricsApiName(process.env);

/**
 * The Lambda handler of one route of the task API (`POST /tasks`, …): an event that is not an
 * API Gateway proxy request, an `HttpError` and a bug all get the contract's JSON error shape,
 * and each request logs one line with its outcome and publishes the endpoint's metrics.
 */
export function httpHandler(route: string, serve: HttpRoute): (event: unknown, context: Context) => Promise<APIGatewayProxyResult> {
  return async (event, context) => {
    const requestId = requestIdOf(event, context);
    const clock = new ConnectClock();
    try {
      if (!isProxyEvent(event)) {
        throw new HttpError('ValidationError', 'the event is not an API Gateway proxy request', [
          { path: '', message: `invoke through ${route}, or send an event with headers and a string body` },
        ]);
      }
      const { status, body, headers, log } = await serve(event, { timeConnect: clock.time });
      reportOutcome(apiName, { ...log, requestId, status, connectLatencyMs: clock.latencyMs });
      return respond(status, body, headers);
    } catch (error) {
      return failureResponse(error, requestId, clock.latencyMs);
    }
  };
}

/**
 * The request id the contract's error bodies carry: API Gateway's, or on a direct invoke the
 * Lambda request id. A direct invoke may carry anything in the event, so only a plausible id is used.
 */
function requestIdOf(event: unknown, context: Context): string {
  const id = (event as Partial<APIGatewayProxyEvent> | null)?.requestContext?.requestId;
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : context.awsRequestId;
}

/**
 * The answer to a failed request, logged: an HttpError as it is, anything else as the bug it is.
 * The log names no key the caller chose, only its position (keys can be personal data too); the
 * caller gets the contract's small error body.
 */
function failureResponse(error: unknown, requestId: string, connectLatencyMs: number | undefined): APIGatewayProxyResult {
  const failure = error instanceof HttpError ? error : new HttpError('InternalError', INTERNAL_ERROR_MESSAGE);
  const logPath = pathsFor('log', failure.body);
  reportOutcome(apiName, {
    outcome: failure.status >= 500 ? 'failed' : 'rejected',
    requestId,
    status: failure.status,
    code: failure.code,
    connectLatencyMs,
    details: failure.details?.slice(0, ERROR_BODY_LIMITS.maxDetails).map((d) => logPath(d.path)),
    detailCount: failure.details?.length,
    ...(failure === error ? {} : whereItFailed(error)),
  });
  return respond(failure.status, errorBody(failure, requestId, pathsFor('caller', failure.body)), failure.headers);
}

const INTERNAL_ERROR_MESSAGE = 'the task endpoint failed unexpectedly; the failure is logged under this requestId';

/** The name and stack frames locate a bug; the message (the stack's first line) may quote the request. */
function whereItFailed(error: unknown): { errorName: string; frames?: string } {
  const frames = error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined;
  return { errorName: error instanceof Error ? error.name : typeof error, frames };
}

function respond(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  if (body === undefined) return { statusCode, headers, body: '' };
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
