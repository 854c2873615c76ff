import type { APIGatewayProxyEvent } from 'aws-lambda';
import { TASK_LIMITS } from '../../lib/contract';
import { HttpError } from './http-error';
import { readJsonBody } from './json-body';

/** What the handler needs of an HTTP request: the JSON body, as text and parsed, and the idempotency key. */
export interface TaskHttpRequest {
  readonly body: unknown;
  readonly source: string;
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

/**
 * Reads the body and headers of a proxy event, in the order a caller fixes them: media type,
 * size, JSON syntax, idempotency key.
 */
export function readTaskHttpRequest(event: APIGatewayProxyEvent): TaskHttpRequest {
  const { text: source, body } = readJsonBody(event, header(event, 'content-type'));

  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey !== undefined) {
    const { clientTokenMaxLength } = TASK_LIMITS;
    if (idempotencyKey.length === 0 || idempotencyKey.length > clientTokenMaxLength) {
      throw new HttpError('ValidationError', 'the Idempotency-Key header is invalid', [
        { path: 'Idempotency-Key', message: `must be 1 to ${clientTokenMaxLength} characters; it is ${idempotencyKey.length}` },
      ]);
    }
    const bodyToken = (body as { ClientToken?: unknown } | null)?.ClientToken;
    if (bodyToken !== undefined && bodyToken !== idempotencyKey) {
      throw new HttpError('ValidationError', 'the Idempotency-Key header and the body ClientToken differ', [
        { path: '/ClientToken', message: 'send the same value as Idempotency-Key, or only one of them' },
      ]);
    }
  }
  return { body, source, idempotencyKey };
}
