import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { GatewayOnlyCode } from '../lib/contract';

/** The credentials a local endpoint with IAM authorization accepts, printed by `npm start -- --auth iam`. */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** Fixed local credentials: nothing real is ever signed with them, and callers can export them. */
export const LOCAL_CREDENTIALS: LocalCredentials = {
  accessKeyId: 'AKIALOCALTASKAPI0000',
  secretAccessKey: 'local-task-api-secret-access-key',
  sessionToken: 'local-task-api-session-token',
};

/**
 * A second caller's local credentials: another principal, so that a caller can see that it
 * cannot read or disturb another caller's requests.
 */
export const LOCAL_SECOND_CALLER_CREDENTIALS: LocalCredentials = {
  accessKeyId: 'AKIALOCALTASKAPI0001',
  secretAccessKey: 'local-task-api-second-secret-access-key',
  sessionToken: 'local-task-api-second-session-token',
};

/** IAM authorization of a local endpoint: the region it answers in, and the credentials it knows. */
export interface LocalIam {
  readonly region: string;
  /** The caller `npm start` prints. */
  readonly credentials: LocalCredentials;
  /** Other callers, each a principal of its own (named after its access key). @default none */
  readonly additionalCallers?: readonly LocalCredentials[];
}

/** A request as the local server received it. */
export interface SignedRequest {
  readonly method: string;
  /** The path and query, as in the request line. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Why API Gateway refuses a request, with its own code and message. */
export interface SignatureRefusal {
  readonly code: Extract<GatewayOnlyCode, 'MissingAuthenticationToken' | 'InvalidSignature'>;
  readonly message: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** API Gateway refuses a signature dated more than 5 minutes from its clock. */
const MAX_SKEW_MS = 5 * 60 * 1000;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const UNKNOWN_TOKEN = 'The security token included in the request is invalid.';

/**
 * Checks a request's SigV4 signature for service `execute-api` in `region` the way API Gateway's
 * IAM authorization does: the signature is computed again with the known secret (by the AWS
 * SDK's own signer) and compared, so an unsigned, tampered, expired or foreign request is refused.
 * Returns undefined for a valid signature.
 */
export async function refuseUnlessSigned(
  request: SignedRequest,
  { region, credentials: printed, additionalCallers = [] }: LocalIam,
  now = new Date(),
): Promise<SignatureRefusal | undefined> {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) return { code: 'MissingAuthenticationToken', message: 'Missing Authentication Token' };
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return invalid("Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
  const [, accessKeyId, scopeDate, scopeRegion, scopeService, signedHeaderList, signature] = match;

  const credentials = [printed, ...additionalCallers].find((known) => known.accessKeyId === accessKeyId);
  if (!credentials || header(request.headers, 'x-amz-security-token') !== credentials.sessionToken) return invalid(UNKNOWN_TOKEN);
  if (scopeService !== 'execute-api') return invalid("Credential should be scoped to correct service: 'execute-api'.");
  if (scopeRegion !== region) return invalid(`Credential should be scoped to a valid region, not '${scopeRegion}'.`);
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) return invalid("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (!amzDate.startsWith(scopeDate))
    return invalid(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}'.`,
    );
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS)
    return invalid(`Signature expired: ${amzDate} is now earlier or later than 5 minutes from ${now.toISOString()}.`);
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) return invalid("'Host' must be a signed header.");
  const declaredHash = header(request.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(request.body).digest('hex')) return invalid(MISMATCH);

  const expected = await expectedAuthorization(request, signedHeaders, region, credentials, signedAt);
  const [, , , , , expectedHeaders, expectedSignature] = AUTHORIZATION.exec(expected)!;
  const same = expectedHeaders === signedHeaderList && timingSafeEqual(Buffer.from(expectedSignature), Buffer.from(signature));
  return same ? undefined : invalid(MISMATCH);
}

/** The Authorization header the SDK's signer writes for the request's signed headers, body and date. */
async function expectedAuthorization(
  request: SignedRequest,
  signedHeaders: string[],
  region: string,
  credentials: LocalCredentials,
  signingDate: Date,
): Promise<string> {
  const url = new URL(request.url, 'http://local');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, header(request.headers, name) ?? '']));
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: url.hostname, path: url.pathname, query, headers, body: request.body },
    { signingDate, signableHeaders: new Set(signedHeaders) },
  );
  return String(signed.headers.authorization);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date | undefined {
  const parts = AMZ_DATE.exec(value);
  return parts ? new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3], +parts[4], +parts[5], +parts[6])) : undefined;
}

function invalid(message: string): SignatureRefusal {
  return { code: 'InvalidSignature', message };
}
