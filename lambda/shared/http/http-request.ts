import type { APIGatewayProxyEvent } from 'aws-lambda';
import { idempotencyKeyProblem } from '../../../lib/contract';
import { HttpError } from './http-error';
import { type JsonBody, readJsonBody } from './json-body';

/** What POST /tasks needs of an HTTP request: the JSON body, as text and parsed, and the caller's idempotency key. */
export interface TaskHttpRequest {
  readonly body: unknown;
  readonly source: string;
  /** The `Idempotency-Key` header, or else the body's `ClientToken`. */
  readonly idempotencyKey?: string;
}

/** An API Gateway REST proxy event, or a direct invoke shaped like one (without requestContext). */
export function isProxyEvent(event: unknown): event is APIGatewayProxyEvent {
  if (typeof event !== 'object' || event === null) return false;
  const { body, headers } = event as Record<string, unknown>;
  return (body === null || typeof body === 'string') && (headers === undefined || headers === null || typeof headers === 'object');
}

/** A request header, by its name in any case. */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const entry = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === wanted);
  return entry?.[1] ?? undefined;
}

/** The JSON body of a request that carries one (PATCH): its other headers are not this route's business. */
export function readJsonRequest(event: APIGatewayProxyEvent): JsonBody {
  return readJsonBody(event, header(event, 'content-type'));
}

/**
 * Every value of a request header, by its name in any case: API Gateway's REST proxy event keeps
 * only the last field of a repeated header in `headers` and all of them, in order, in
 * `multiValueHeaders`. A direct invoke may carry `headers` alone.
 */
export function headerValues(event: APIGatewayProxyEvent, name: string): string[] {
  const wanted = name.toLowerCase();
  const fields = Object.entries(event.multiValueHeaders ?? {}).filter(([k]) => k.toLowerCase() === wanted);
  if (fields.length > 0) return fields.flatMap(([, values]) => values ?? []);
  const single = header(event, name);
  return single === undefined ? [] : [single];
}

/**
 * Reads the body and headers of POST /tasks, in the order a caller fixes them: media type, size,
 * JSON syntax, idempotency key. A key that cannot be used (see `idempotencyKeyProblem`) is a 400
 * naming where it came from.
 */
export function readTaskHttpRequest(event: APIGatewayProxyEvent): TaskHttpRequest {
  const { text: source, body } = readJsonRequest(event);
  const headerKey = header(event, 'idempotency-key');
  const bodyToken = (body as { ClientToken?: unknown } | null)?.ClientToken;
  if (headerKey !== undefined) {
    const problem = idempotencyKeyProblem(headerKey);
    if (problem)
      throw new HttpError('ValidationError', 'the Idempotency-Key header is invalid', [{ path: 'Idempotency-Key', message: problem }]);
    if (bodyToken !== undefined && bodyToken !== headerKey) {
      throw new HttpError('ValidationError', 'the Idempotency-Key header and the body ClientToken differ', [
        { path: '/ClientToken', message: 'send the same value as Idempotency-Key, or only one of them' },
      ]);
    }
    return { body, source, idempotencyKey: headerKey };
  }
  // A body ClientToken is the same key given another way; the request schema checks its type.
  const problem = typeof bodyToken === 'string' ? idempotencyKeyProblem(bodyToken) : undefined;
  if (problem) throw new HttpError('ValidationError', 'the body ClientToken is invalid', [{ path: '/ClientToken', message: problem }]);
  return { body, source, idempotencyKey: typeof bodyToken === 'string' ? bodyToken : undefined };
}
