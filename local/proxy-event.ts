import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The stage name the local endpoint reports in the request context. */
const STAGE = 'local';

/**
 * The API Gateway REST API proxy event for a request to `resource`, as the gateway builds it:
 * headers with their original names (the last value in `headers`, all in `multiValueHeaders`),
 * the path's parameters, the body as text, and a request context with a fresh request id.
 *
 * Header names are data: a header named `__proto__` or `constructor` is one more key. Header
 * values are read as UTF-8 (Node reads them as Latin-1), so a non-ASCII `Idempotency-Key` reaches
 * the handler as the text the caller sent. The request context's `path` is the path as called:
 * the local endpoint serves no stage in its URLs (as an API on a custom domain), so a 202's
 * `Location` resolves against its base URL. `authorization` is the request's one Authorization
 * header, the one that was verified.
 */
export function proxyEvent(
  req: IncomingMessage,
  resource: string,
  pathParameters: Record<string, string> | null,
  body: string,
  authorization: string | undefined,
): APIGatewayProxyEvent {
  const fields = new Map<string, string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i], Buffer.from(req.rawHeaders[i + 1], 'latin1').toString('utf8')];
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  const headers = Object.fromEntries([...fields].map(([name, values]) => [name, values[values.length - 1]]));
  const multiValueHeaders = Object.fromEntries(fields);
  const userAgent = [...fields].find(([name]) => name.toLowerCase() === 'user-agent')?.[1].at(-1) ?? null;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query = [...url.searchParams.keys()];
  return {
    resource,
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: query.length ? Object.fromEntries(url.searchParams) : null,
    multiValueQueryStringParameters: query.length ? Object.fromEntries(query.map((k) => [k, url.searchParams.getAll(k)])) : null,
    pathParameters,
    stageVariables: null,
    body: body === '' ? null : body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: req.method ?? 'GET',
      identity: localIdentity(req.socket.remoteAddress ?? '127.0.0.1', userAgent, authorization),
      path: url.pathname,
      stage: STAGE,
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: resource,
    },
  };
}

/**
 * The caller as IAM authorization would name it: a SigV4 `Authorization` header's access key
 * stands for a user of that name, so callers that sign with different keys are different
 * principals; an unsigned request has none. The signature itself is checked only with
 * `npm start -- --auth iam` (`sigv4-verifier.ts`), before the event is built.
 */
function localIdentity(
  sourceIp: string,
  userAgent: string | null,
  authorization?: string,
): APIGatewayProxyEvent['requestContext']['identity'] {
  const accessKey = /Credential=([A-Za-z0-9]+)\//.exec(authorization ?? '')?.[1];
  return {
    sourceIp,
    userAgent,
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    user: accessKey ?? null,
    userArn: accessKey ? `arn:aws:iam::000000000000:user/${accessKey}` : null,
  };
}
