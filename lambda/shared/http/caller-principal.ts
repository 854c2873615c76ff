import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The principal of requests that reach the function with no identity (a local endpoint without authorization). */
export const ANONYMOUS = 'anonymous';

/**
 * Who sent a request, as API Gateway authenticated them: the IAM principal for IAM authorization,
 * the authorizer's principal otherwise. An assumed role's session name is dropped: each Lambda
 * container, instance or task that assumes a role gets another session, and they are one caller.
 */
export function callerPrincipal(event: Partial<APIGatewayProxyEvent>): string {
  const identity = event.requestContext?.identity;
  const authorizer = event.requestContext?.authorizer as { principalId?: unknown; claims?: { sub?: unknown } } | null | undefined;
  const iam = identity?.userArn ?? identity?.caller;
  if (iam) return withoutSessionName(iam);
  if (typeof authorizer?.principalId === 'string' && authorizer.principalId) return `authorizer:${authorizer.principalId}`;
  if (typeof authorizer?.claims?.sub === 'string' && authorizer.claims.sub) return `cognito:${authorizer.claims.sub}`;
  return ANONYMOUS;
}

/** `arn:aws:sts::1111:assumed-role/Role/session` → `arn:aws:sts::1111:assumed-role/Role`; `AROA…:session` → `AROA…`. */
function withoutSessionName(principal: string): string {
  const assumedRole = /^(arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+)\/.+$/.exec(principal);
  if (assumedRole) return assumedRole[1];
  const roleId = /^(AROA[A-Z0-9]+):.+$/.exec(principal);
  return roleId ? roleId[1] : principal;
}
