import type { APIGatewayProxyEvent } from 'aws-lambda';
import { TASK_LIMITS } from '../../../lib/contract';
import { HttpError } from './http-error';

/** A JSON body: the text as it arrived, and what it parses to. */
export interface JsonBody {
  readonly text: string;
  readonly body: unknown;
}

/**
 * The JSON body of a proxy event, checked in the order a caller fixes it: media type and
 * charset, size in bytes, nesting and number of keys, JSON syntax. No message quotes a header or
 * the body back.
 *
 * Text arrives decoded as UTF-8: API Gateway passes a JSON body to Lambda as a UTF-8 string, in
 * which bytes that are not UTF-8 have become U+FFFD, and a base64 body (a direct invoke, or a
 * binary media type) is decoded the same way here. The task request rules then refuse U+FFFD
 * wherever it stands, naming the field, so nothing is ever stored as U+FFFD.
 */
export function readJsonBody(event: APIGatewayProxyEvent, contentType: string | undefined): JsonBody {
  checkMediaType(contentType);
  const text = event.isBase64Encoded ? decodedBody(event.body ?? '') : (event.body ?? '');
  if (!event.isBase64Encoded) checkSize(Buffer.byteLength(text, 'utf8'));
  return { text, body: parseJsonText(text) };
}

/**
 * JSON text of at most the body limit, parsed: refused when it nests deeper or holds more keys
 * than a task request can (before parsing, which would cost more), or is not JSON.
 */
export function parseJsonText(text: string): unknown {
  const shape = shapeProblem(text);
  if (shape)
    throw new HttpError('ValidationError', 'the body nests deeper or holds more keys than a task request can', [
      { path: '', message: shape },
    ]);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError('ValidationError', 'the body is not valid JSON', [{ path: '', message: 'send a JSON object' }]);
  }
}

function checkMediaType(contentType: string | undefined): void {
  const fix = 'Content-Type must be application/json, with no charset or charset=utf-8';
  if (contentType === undefined) throw new HttpError('UnsupportedMediaType', `${fix}; this request has none`);
  const [mediaType, ...parameters] = contentType.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') {
    throw new HttpError('UnsupportedMediaType', `${fix}; this request sends another media type`);
  }
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=', 2).map((s) => s.trim());
    const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    if (name.toLowerCase() === 'charset' && unquoted.toLowerCase() !== 'utf-8') {
      throw new HttpError('UnsupportedMediaType', `${fix}; this request names another charset`);
    }
  }
}

function decodedBody(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  checkSize(bytes.byteLength);
  return bytes.toString('utf8');
}

/** Refuses a body over the limit, counted in bytes. */
export function checkSize(bytes: number): void {
  if (bytes > TASK_LIMITS.bodyMaxBytes) {
    throw new HttpError('PayloadTooLarge', `the body is ${bytes} bytes; the limit is ${TASK_LIMITS.bodyMaxBytes}`);
  }
}

const [QUOTE, BACKSLASH, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = ['"', '\\', ':', '{', '}', '[', ']'].map((c) =>
  c.charCodeAt(0),
);

/**
 * What makes JSON text costlier to parse than any task request, found in one pass without parsing:
 * objects and arrays nested deeper than 16 levels, or more than 10,000 object keys (colons and
 * brackets inside strings do not count). Parsing 130,000 nested arrays or 33,000 keys costs tens
 * of milliseconds; this scan costs about a millisecond for the largest body.
 */
export function shapeProblem(text: string): string | undefined {
  const { bodyMaxNesting, bodyMaxKeys } = TASK_LIMITS;
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === COLON) {
      if (++keys > bodyMaxKeys)
        return `JSON holds more than ${bodyMaxKeys} object keys; a task request at Connect's limits holds far fewer`;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > bodyMaxNesting) return `JSON nested more than ${bodyMaxNesting} levels deep; a task request nests at most 7`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return undefined;
}
