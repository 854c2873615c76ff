import type { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** A Lambda token authorizer in `stack`, for the tests of a TaskApi authorized by one instead of IAM. */
export function tokenAuthorizer(stack: Stack): apigateway.TokenAuthorizer {
  const handler = new lambda.Function(stack, 'AuthFn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler=1'),
  });
  return new apigateway.TokenAuthorizer(stack, 'Auth', { handler });
}
