import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CONTACT_ID_PARAMETER, contactsOf, type TaskLifecycleSettings, taskLifecycleEnvironment, type TaskRoute } from '../contract';
import { BundledHandler } from './bundled-handler';

/** What every lifecycle route of one TaskApi shares. */
export interface LifecycleRouteProps {
  readonly settings: TaskLifecycleSettings;
  readonly handlerOptions?: lambda.FunctionOptions;
  readonly tracing?: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly timeout: NonNullable<lambda.FunctionOptions['timeout']>;
  /** `/tasks/{contactId}`. */
  readonly resource: apigateway.IResource;
  readonly methodOptions: apigateway.MethodOptions;
}

export interface LifecycleRoute {
  readonly handler: lambda.Function;
  readonly method: apigateway.Method;
}

/**
 * One route of `/tasks/{contactId}`: its own function, whose role may call exactly the Connect
 * actions the route needs, on contacts of the instance only, and its method on the API.
 */
export function addLifecycleRoute(
  scope: Construct,
  id: string,
  route: TaskRoute,
  description: string,
  props: LifecycleRouteProps,
): LifecycleRoute {
  const handler = new BundledHandler(scope, `${id}Handler`, {
    description,
    ...props.handlerOptions,
    tracing: props.tracing ? lambda.Tracing.ACTIVE : undefined,
    assetName: route.assetName,
    logRetention: props.logRetention,
    timeout: props.timeout,
    environment: { ...props.handlerOptions?.environment, ...taskLifecycleEnvironment(props.settings) },
  });
  handler.addToRolePolicy(
    new iam.PolicyStatement({ actions: [...route.connectActions], resources: [contactsOf(props.settings.instanceArn)] }),
  );
  const method = props.resource.addMethod(route.method, new apigateway.LambdaIntegration(handler), {
    ...props.methodOptions,
    requestParameters: { [`method.request.path.${CONTACT_ID_PARAMETER}`]: true, ...props.methodOptions.requestParameters },
  });
  return { handler, method };
}
