import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { type ErrorCode, errorStatus, GATEWAY_ANSWERS, type GatewayOnlyCode } from '../contract';

/**
 * API Gateway's own answers (unknown route, missing signature, throttling, bad body caught by the
 * request validator) in the endpoint's JSON error shape, with the status the contract gives each
 * code. `$context.error.messageString` is API Gateway's fixed message; the validator's detail
 * string is left out because it quotes the rejected values, which may be names or descriptions.
 */
const RESPONSES: Array<[apigateway.ResponseType, ErrorCode | GatewayOnlyCode]> = [
  [apigateway.ResponseType.BAD_REQUEST_BODY, 'ValidationError'],
  [apigateway.ResponseType.BAD_REQUEST_PARAMETERS, 'ValidationError'],
  [apigateway.ResponseType.UNSUPPORTED_MEDIA_TYPE, 'UnsupportedMediaType'],
  [apigateway.ResponseType.REQUEST_TOO_LARGE, 'PayloadTooLarge'],
  [apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN, GATEWAY_ANSWERS.unknownRoute.code],
  [apigateway.ResponseType.INVALID_SIGNATURE, 'InvalidSignature'],
  [apigateway.ResponseType.EXPIRED_TOKEN, 'ExpiredToken'],
  [apigateway.ResponseType.ACCESS_DENIED, 'AccessDenied'],
  [apigateway.ResponseType.UNAUTHORIZED, 'Unauthorized'],
  [apigateway.ResponseType.RESOURCE_NOT_FOUND, 'NotFound'],
  [apigateway.ResponseType.THROTTLED, 'Throttled'],
  [apigateway.ResponseType.QUOTA_EXCEEDED, 'Throttled'],
  [apigateway.ResponseType.INTEGRATION_TIMEOUT, 'UpstreamTimeout'],
  [apigateway.ResponseType.INTEGRATION_FAILURE, 'UpstreamError'],
  [apigateway.ResponseType.DEFAULT_4XX, 'ClientError'],
  [apigateway.ResponseType.DEFAULT_5XX, GATEWAY_ANSWERS.functionFailed.code],
];

export const gatewayErrorTemplate = (code: string) =>
  `{"error":{"code":"${code}","message":$context.error.messageString},"requestId":"$context.requestId"}`;

/**
 * A body the request validator rejects broke the one rule of the gateway's model (a JSON object,
 * see TASK_REQUEST_GATEWAY_MODEL), so the answer can say exactly what is wrong with no value in it.
 */
export const BAD_REQUEST_BODY_TEMPLATE =
  '{"error":{"code":"ValidationError","message":"the body is not a JSON object","details":[{"path":"","message":"send a JSON object"}]},"requestId":"$context.requestId"}';

export function addJsonGatewayResponses(api: apigateway.RestApi): void {
  for (const [type, code] of RESPONSES) {
    const template = type === apigateway.ResponseType.BAD_REQUEST_BODY ? BAD_REQUEST_BODY_TEMPLATE : gatewayErrorTemplate(code);
    const status = errorStatus(code);
    api.addGatewayResponse(type.responseType, {
      type,
      // A failed function is DEFAULT_5XX's 502 unless set: the contract's InternalError is a 500.
      statusCode: status === undefined ? undefined : String(status),
      templates: { 'application/json': template },
      responseHeaders: { 'Content-Type': "'application/json'" },
    });
  }
}
