import type { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { pathParametersOf, routeAssetName, type TaskRoute } from '../contract';
import type { AsyncDelivery } from './async-delivery';
import type { BulkImports } from './bulk-imports';
import { BundledHandler } from './bundled-handler';
import { connectStatement } from './connect-statement';
import { handlerEnvironment, type HandlerSettings } from './handler-environment';

/** What every route of one TaskApi shares. */
export interface TaskRouteContext {
  readonly restApi: apigateway.RestApi;
  /** Authorization and the request validator. */
  readonly methodOptions: apigateway.MethodOptions;
  readonly settings: HandlerSettings;
  /** The ARNs of the targets a route that `usesTargets` may create tasks for. */
  readonly targetArns: readonly string[];
  readonly handlerOptions?: lambda.FunctionOptions;
  readonly tracing?: lambda.Tracing;
  readonly logRetention: logs.RetentionDays;
  /** The timeout of a `connectDeadline` route. */
  readonly connectDeadline: Duration;
  /** With `asyncDelivery`: its queue and table; its routes' functions are created inside it. */
  readonly asyncDelivery?: AsyncDelivery;
  /** With `asyncDelivery.imports`: its bucket and table; its routes' functions are created inside it. */
  readonly imports?: BulkImports;
}

/** A served route: its function and its gateway method. */
export interface ServedRoute {
  readonly function: lambda.Function;
  readonly method: apigateway.Method;
}

/**
 * Builds a route from its row: a function of its own whose role may take exactly the row's
 * Connect actions (on contacts of the instance, and its targets when it `usesTargets`), the
 * environment it reads, and the gateway method with the row's model and parameters.
 */
export function addTaskRoute(scope: Construct, route: TaskRoute, context: TaskRouteContext): ServedRoute {
  const delivery = context.asyncDelivery;
  const options = route.takesHandlerOptions ? context.handlerOptions : undefined;
  const home = route.servedWhen === 'asyncDelivery' ? delivery : route.servedWhen === 'imports' ? context.imports : undefined;
  const fn = new BundledHandler(home ?? scope, route.functionId, {
    description: route.description,
    ...(route.memorySize && { memorySize: route.memorySize }),
    ...options,
    tracing: context.tracing,
    assetName: routeAssetName(route, delivery !== undefined),
    logRetention: context.logRetention,
    ...(route.timeout === 'connectDeadline' && { timeout: context.connectDeadline }),
    environment: { ...options?.environment, ...handlerEnvironment(route.environment, context.settings) },
  });
  if (route.connectActions.length > 0) {
    fn.addToRolePolicy(
      connectStatement(context.settings.connect.instanceArn, route.connectActions, route.usesTargets ? context.targetArns : []),
    );
  }
  if (delivery) {
    if (route.sendsToQueue) delivery.queue.grantSendMessages(fn);
    if (route.statusTableActions) delivery.grantTable(fn, ...route.statusTableActions);
  }
  context.imports?.grantRoute(fn, route);
  const method = context.restApi.root.resourceForPath(route.resource).addMethod(route.method, new apigateway.LambdaIntegration(fn), {
    ...context.methodOptions,
    requestModels: route.requestModel && { 'application/json': gatewayModel(context.restApi, route.requestModel) },
    requestParameters: requestParameters(route),
  });
  return { function: fn, method };
}

/** The row's model, added to the API once however many routes use it. */
function gatewayModel(api: apigateway.RestApi, model: NonNullable<TaskRoute['requestModel']>): apigateway.IModel {
  const existing = api.node.tryFindChild(model.name) as apigateway.Model | undefined;
  return (
    existing ??
    api.addModel(model.name, {
      contentType: 'application/json',
      schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, ...model.schema },
    })
  );
}

/** Each path parameter required, each query string parameter optional. */
function requestParameters(route: TaskRoute): Record<string, boolean> | undefined {
  const parameters = {
    ...Object.fromEntries(pathParametersOf(route.resource).map((name) => [`method.request.path.${name}`, true])),
    ...Object.fromEntries((route.queryParameters ?? []).map((name) => [`method.request.querystring.${name}`, false])),
  };
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}
