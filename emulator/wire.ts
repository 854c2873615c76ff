import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { errorStatus } from './model';

/**
 * Errors AWS's front end answers before an operation runs; they are not in Connect's model, so
 * their statuses are AWS's common ones.
 */
const FRONT_END_ERRORS: Record<string, number> = {
  InvalidSignatureException: 403,
  SerializationException: 400,
  UnknownOperationException: 404,
};

/** An error Connect answers with: the model's error shape name, its message and optional reason. */
export class ConnectError extends Error {
  constructor(
    readonly shape: string,
    message: string,
    readonly reason?: Record<string, string>,
    /** Other members of the error shape, e.g. PropertyValidationException's `PropertyList`. */
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = shape;
  }

  get status(): number {
    return errorStatus(this.shape) ?? FRONT_END_ERRORS[this.shape] ?? 500;
  }
}

/**
 * Writes an error as rest-json services do: the model's status, the shape in `x-amzn-ErrorType`
 * (which the SDK reads first) and the shape's members, `Message`, `Reason` and any other, in the body.
 */
export function sendError(res: ServerResponse, error: ConnectError): void {
  sendJson(
    res,
    error.status,
    { Message: error.message, ...(error.reason && { Reason: error.reason }), ...error.members },
    {
      'x-amzn-ErrorType': error.shape,
    },
  );
}

/** Writes a JSON body, with timestamps as epoch seconds as rest-json carries them. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(toWire(body));
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  res.end(payload);
}

function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toWire(v)]),
    );
  }
  return value;
}
