import type { APIGatewayProxyEvent } from 'aws-lambda';
import { TASK_LIMITS } from '../../lib/contract';
import { HttpError } from './http-error';

/**
 * The parsed JSON body of a proxy event, checked in the order a caller fixes it: media type and
 * charset, size in bytes, nesting, JSON syntax. No message quotes a header or the body back.
 *
 * Text arrives decoded as UTF-8: API Gateway passes a JSON body to Lambda as a UTF-8 string, in
 * which bytes that are not UTF-8 have become U+FFFD, and a base64 body (a direct invoke, or a
 * binary media type) is decoded the same way here. The task request rules then refuse U+FFFD
 * wherever it stands, naming the field, so nothing is ever stored as U+FFFD.
 */
export function readJsonBody(event: APIGatewayProxyEvent, contentType: string | undefined): unknown {
  checkMediaType(contentType);
  const text = event.isBase64Encoded ? decodedBody(event.body ?? '') : (event.body ?? '');
  if (!event.isBase64Encoded) checkSize(Buffer.byteLength(text, 'utf8'));
  if (nestsDeeperThan(text, TASK_LIMITS.bodyMaxNesting)) {
    throw new HttpError('ValidationError', 'the body nests too deeply', [
      { path: '', message: `JSON nested more than ${TASK_LIMITS.bodyMaxNesting} levels deep; a task request nests at most 7` },
    ]);
  }
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

function checkSize(bytes: number): void {
  if (bytes > TASK_LIMITS.bodyMaxBytes) {
    throw new HttpError('PayloadTooLarge', `the body is ${bytes} bytes; the limit is ${TASK_LIMITS.bodyMaxBytes}`);
  }
}

const [QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = ['"', '\\', '{', '}', '[', ']'].map((c) =>
  c.charCodeAt(0),
);

/**
 * Whether JSON text nests objects and arrays deeper than `max`, found in one pass without parsing
 * (brackets inside strings do not count). Parsing a body of 130,000 nested arrays costs tens of
 * milliseconds; this scan costs about a millisecond for the largest body.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}
