import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { HttpError } from './http-error';
import { isProxyEvent } from './http-request';

/** What a route answers when it succeeds. */
export interface HttpAnswer {
  readonly status: number;
  /** The JSON body; none for a 204. */
  readonly body?: unknown;
  /** The request's log line: its `outcome` and ids or counts, never request content. */
  readonly log: { readonly outcome: string; readonly [field: string]: unknown };
}

export type HttpRoute = (event: APIGatewayProxyEvent) => Promise<HttpAnswer>;

/**
 * The Lambda handler of one route of the task API (`POST /tasks`, …): an event that is not an
 * API Gateway proxy request, an `HttpError` and a bug all get the contract's JSON error shape,
 * and each request logs one line with its outcome.
 */
export function httpHandler(route: string, serve: HttpRoute): (event: unknown, context: Context) => Promise<APIGatewayProxyResult> {
  return async (event, context) => {
    const requestId = (event as Partial<APIGatewayProxyEvent> | null)?.requestContext?.requestId ?? context.awsRequestId;
    try {
      if (!isProxyEvent(event)) {
        throw new HttpError('ValidationError', 'the event is not an API Gateway proxy request', [
          { path: '', message: `invoke through ${route}, or send an event with headers and a string body` },
        ]);
      }
      const { status, body, log } = await serve(event);
      const { outcome, ...fields } = log;
      console.info({ outcome, requestId, status, ...fields });
      return respond(status, body);
    } catch (error) {
      const failure = error instanceof HttpError ? error : internalError(error);
      console.warn({
        outcome: 'rejected',
        requestId,
        status: failure.status,
        code: failure.code,
        details: failure.details?.map((d) => d.path),
      });
      return respond(
        failure.status,
        {
          error: {
            code: failure.code,
            message: failure.message,
            ...(failure.details && { details: failure.details }),
            ...failure.fields,
          },
          requestId,
        },
        failure.headers,
      );
    }
  };
}

function internalError(error: unknown): HttpError {
  // The name and stack frames locate the bug; the message (the stack's first line) may quote the request.
  const frames = error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined;
  console.error({ outcome: 'bug', errorName: error instanceof Error ? error.name : typeof error, frames });
  return new HttpError('InternalError', 'the task endpoint failed unexpectedly; the failure is logged under this requestId');
}

function respond(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  if (body === undefined) return { statusCode, headers, body: '' };
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
