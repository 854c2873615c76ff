import { Annotations, Duration, Names, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import type { AsyncDeliveryOptions } from './async-delivery-options';
import { ConnectTaskQuota } from './connect-task-quota';
import {
  CONTACT_ID_PARAMETER,
  contactsOf,
  DEFAULT_CONNECT_TIMEOUT_MS,
  queuedStageThrottle,
  START_TASK_TIMEOUT_MARGIN_MS,
  startTaskEnvironment,
  synchronousStageThrottle,
  TASK_METRICS_DIMENSION,
  TASK_METRICS_ENV,
  TASK_METRICS_NAMESPACE,
  TASK_REQUEST_GATEWAY_MODEL,
  TASK_ROUTES,
  TASK_UPDATE_GATEWAY_MODEL,
  type KnownTaskTemplate,
  TEMPLATE_ID_EXAMPLE,
  TASK_TEMPLATES_ENV_MAX_BYTES,
  utf8Length,
  type TaskRoute,
  type TaskMetricName,
} from './contract';
import { BundledHandler } from './private/bundled-handler';
import { constructError } from './private/construct-error';
import { maxScheduleAheadSeconds } from './private/duration-prop';
import { assertNoOwnedFunctionOptions, BUNDLED_HANDLER_OWNED_OPTIONS } from './private/function-options';
import { addJsonGatewayResponses } from './private/gateway-responses';
import { assertInstanceArn } from './private/instance-arn-prop';
import { addLifecycleRoute, type LifecycleRouteProps } from './private/lifecycle-route';
import { QueuedDelivery } from './private/queued-delivery';
import { TaskQuotaBudget } from './private/task-quota-budget';
import { TaskLifecycleOperation } from './task-lifecycle-operation';
import { TaskTarget } from './task-target';

/** Properties of a {@link TaskApi}. */
export interface TaskApiProps {
  /**
   * The ARN of the Amazon Connect instance that tasks are created in, e.g.
   * `arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555`.
   * The instance may be in another region than the stack.
   */
  readonly instanceArn: string;

  /**
   * The target used when a request names none of `ContactFlowId`, `TaskTemplateId`, `QuickConnectId`.
   *
   * @default - every request must name its target
   */
  readonly defaultTarget?: TaskTarget;

  /**
   * The only targets callers may create tasks for. The function's IAM policy then names exactly
   * these flows, templates and quick connects, and a request for any other gets a 403.
   *
   * @default - any flow, template or quick connect of the instance
   */
  readonly allowedTargets?: TaskTarget[];

  /**
   * How far ahead `ScheduledTime` may lie. Amazon Connect's documented limit has been 6 days;
   * raise it here if your instance allows more.
   *
   * @default Duration.days(6)
   */
  readonly maxScheduleAhead?: Duration;

  /**
   * How long the function waits for Amazon Connect, retries included, before answering 504.
   * The function's timeout is this plus 2 seconds, which must stay inside API Gateway's 29 seconds.
   *
   * @default Duration.seconds(8)
   */
  readonly connectTimeout?: Duration;

  /**
   * Serve the API only through these interface VPC endpoints (a private REST API). A resource
   * policy denies every request that does not arrive through one of them.
   *
   * @default - a regional endpoint
   */
  readonly vpcEndpoints?: ec2.IInterfaceVpcEndpoint[];

  /**
   * An authorizer for `POST /tasks` in place of IAM (SigV4) authorization.
   *
   * @default - IAM authorization: callers need `execute-api:Invoke`, see `grantInvoke`
   */
  readonly authorizer?: apigateway.IAuthorizer;

  /**
   * Stage-wide request throttling. The default is the stack's `ConnectTaskQuota` (Connect's
   * default quota for `StartTaskContact` unless the stack declares one: 2 requests a second,
   * bursts of 5, per account and region, shared by every caller; Service Quotas code
   * L-E704D621). A stage that lets more through only turns the caller's 429 into a slower one,
   * after the function's retries. After a quota raise, declare the ConnectTaskQuota rather than
   * this. With `asyncDelivery` the queue absorbs bursts instead.
   *
   * @default - the stack's ConnectTaskQuota (2 requests per second, bursts of 5, by default); with `asyncDelivery` 25 times its rate, bursts of twice that (50 and 100 by default)
   */
  readonly throttle?: apigateway.ThrottleSettings;

  /**
   * How long access logs and the function's logs are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Trace requests with AWS X-Ray, in API Gateway and the function.
   *
   * @default false
   */
  readonly tracing?: boolean;

  /**
   * Create the account-wide role that lets API Gateway write logs (`AWS::ApiGateway::Account`).
   * Leave it off when the account already has one, as most do.
   *
   * @default false
   */
  readonly cloudWatchRole?: boolean;

  /**
   * Options for the handler functions (`POST /tasks` and each lifecycle route): memory,
   * architecture, VPC and subnets, security groups, reserved concurrency, environment and so on.
   * The construct owns some options and fails at synth time if they are given: `timeout` (it
   * comes from `connectTimeout`), `loggingFormat` and `logFormat` (always Lambda's JSON format),
   * `logRetention` and `logGroup` (use the `logRetention` prop; the construct creates each
   * function's log group), `tracing` (use the `tracing` prop), and the environment variables the
   * handlers read (`CONNECT_INSTANCE_ARN`, `DEFAULT_TARGET`, `ALLOWED_TARGETS`,
   * `MAX_SCHEDULE_AHEAD_SECONDS`, `CONNECT_TIMEOUT_MS`, `TASK_TEMPLATES` and the queued-delivery settings).
   *
   * @default - 256 MiB, arm64, Node.js 24, no VPC
   */
  readonly handlerOptions?: lambda.FunctionOptions;

  /**
   * Queued delivery: requests sent with `Prefer: respond-async` are answered 202 once on an SQS
   * queue, and delivered to Connect at a steady rate, with their status at
   * `GET /tasks/requests/{requestId}`. Use it for bursts larger than Connect's quota. The stage
   * throttle's default then rises to 50 requests a second, bursts of 100.
   *
   * @default - no queued delivery: `Prefer: respond-async` is ignored and every request is answered synchronously
   */
  readonly asyncDelivery?: AsyncDeliveryOptions;

  /**
   * The routes of `/tasks/{contactId}` to serve beside `POST /tasks`: reading, changing and
   * cancelling tasks. Each has a function of its own whose role may call only the Amazon
   * Connect actions that route needs; leave a route out and neither exists.
   *
   * @default - all of them: READ, UPDATE and CANCEL
   */
  readonly lifecycleOperations?: TaskLifecycleOperation[];
}

/** API Gateway's integration timeout, which the function and its Connect call must finish inside. */
const API_GATEWAY_TIMEOUT_SECONDS = 29;

/**
 * An internal HTTP endpoint, `POST /tasks`, that creates Amazon Connect task contacts.
 *
 * API Gateway (REST API, IAM authorization by default) validates the body against the
 * StartTaskContact schema and hands it to a Lambda function, which checks every rule of the
 * Connect API and calls `StartTaskContact` in the configured instance. The function may create
 * tasks in that instance only, and only for `allowedTargets` when they are given.
 */
export class TaskApi extends Construct {
  /** The REST API. */
  public readonly restApi: apigateway.RestApi;
  /** The function behind `POST /tasks`. */
  public readonly handler: lambda.Function;
  /** The `POST /tasks` method. */
  public readonly tasksMethod: apigateway.Method;
  /** The log group of API Gateway's access logs. */
  public readonly accessLogGroup: logs.LogGroup;
  /** The URL to POST tasks to, ending in `/tasks`. */
  public readonly url: string;
  /** With `asyncDelivery`: the queue of accepted requests. */
  public readonly requestQueue?: sqs.Queue;
  /** With `asyncDelivery`: where messages go after `maxReceiveCount` receives; redrive them to `requestQueue` once the cause is fixed. */
  public readonly requestDeadLetterQueue?: sqs.Queue;
  /** With `asyncDelivery`: the status of each queued request. */
  public readonly requestStatusTable?: dynamodb.Table;
  /** With `asyncDelivery`: the function that delivers queued requests to Connect. */
  public readonly deliveryFunction?: lambda.Function;
  /** With `asyncDelivery`: the function behind `GET /tasks/requests/{requestId}`. */
  public readonly requestStatusFunction?: lambda.Function;
  /** With `asyncDelivery`: the `GET /tasks/requests/{requestId}` method. */
  public readonly requestStatusMethod?: apigateway.Method;
  /** The function behind `GET /tasks/{contactId}`, unless `lifecycleOperations` leaves READ out. */
  public readonly readHandler?: lambda.Function;
  /** The `GET /tasks/{contactId}` method, unless `lifecycleOperations` leaves READ out. */
  public readonly readMethod?: apigateway.Method;
  /** The function behind `PATCH /tasks/{contactId}`, unless `lifecycleOperations` leaves UPDATE out. */
  public readonly updateHandler?: lambda.Function;
  /** The `PATCH /tasks/{contactId}` method, unless `lifecycleOperations` leaves UPDATE out. */
  public readonly updateMethod?: apigateway.Method;
  /** The function behind `DELETE /tasks/{contactId}`, unless `lifecycleOperations` leaves CANCEL out. */
  public readonly cancelHandler?: lambda.Function;
  /** The `DELETE /tasks/{contactId}` method, unless `lifecycleOperations` leaves CANCEL out. */
  public readonly cancelMethod?: apigateway.Method;
  /** The ARN of the Amazon Connect instance the endpoint creates tasks in. */
  public readonly instanceArn: string;
  /**
   * Every function of the endpoint: `handler`, with `asyncDelivery` the delivery and status
   * functions, and the function of each lifecycle route `lifecycleOperations` keeps.
   */
  public readonly functions: lambda.Function[];
  private readonly authorizer?: apigateway.IAuthorizer;

  constructor(scope: Construct, id: string, props: TaskApiProps) {
    super(scope, id);
    this.authorizer = props.authorizer;
    assertInstanceArn(this, props.instanceArn);
    this.instanceArn = props.instanceArn;
    const allowedTargets = checkTargets(this, props.defaultTarget, props.allowedTargets);
    const maxScheduleAhead = maxScheduleAheadSeconds(this, props.maxScheduleAhead);
    const connectTimeout = checkConnectTimeout(this, props.connectTimeout ?? Duration.millis(DEFAULT_CONNECT_TIMEOUT_MS));
    assertNoOwnedFunctionOptions(this, 'handlerOptions', props.handlerOptions, {
      ...BUNDLED_HANDLER_OWNED_OPTIONS,
      timeout: 'it is connectTimeout plus 2 seconds; set connectTimeout instead',
      tracing: 'use the tracing prop',
    });
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    // Unique in the account, so the API's metrics (ApiName dimension) and its functions' stay apart from other endpoints'.
    const apiName = Names.uniqueResourceName(this, { maxLength: 128 });
    const connectSettings = {
      instanceArn: props.instanceArn,
      maxScheduleAheadSeconds: maxScheduleAhead,
      connectTimeoutMs: connectTimeout.toMilliseconds(),
      defaultTarget: props.defaultTarget?._toRequestFields(),
      allowedTargets: allowedTargets?.map((t) => t._toRequestFields()),
      taskTemplates: knownTemplates(this, [...(props.defaultTarget ? [props.defaultTarget] : []), ...(allowedTargets ?? [])]),
    };

    this.handler = new BundledHandler(this, 'Handler', {
      description: 'Creates Amazon Connect tasks for POST /tasks',
      ...props.handlerOptions,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : undefined,
      assetName: TASK_ROUTES.create.assetName,
      logRetention,
      timeout: connectTimeout.plus(Duration.millis(START_TASK_TIMEOUT_MARGIN_MS)),
      environment: { ...props.handlerOptions?.environment, ...startTaskEnvironment(connectSettings) },
    });
    const startTaskStatement = new iam.PolicyStatement({
      actions: ['connect:StartTaskContact'],
      resources: [
        // The new contact, and the contacts a task may link to with PreviousContactId/RelatedContactId.
        contactsOf(props.instanceArn),
        ...(allowedTargets ? allowedTargets.map((t) => t.arnIn(props.instanceArn)) : TaskTarget._everyTargetIn(props.instanceArn)),
      ],
    });
    this.handler.addToRolePolicy(startTaskStatement);
    const queued =
      props.asyncDelivery &&
      new QueuedDelivery(this, 'AsyncDelivery', {
        options: props.asyncDelivery,
        connect: connectSettings,
        startTaskStatement,
        acceptingFunction: this.handler,
        logRetention,
        tracing: props.tracing ?? false,
      });
    this.requestQueue = queued?.queue;
    this.requestDeadLetterQueue = queued?.deadLetterQueue;
    this.requestStatusTable = queued?.statusTable;
    this.deliveryFunction = queued?.deliveryFunction;
    this.requestStatusFunction = queued?.statusFunction;

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', { retention: logRetention });
    const quota = ConnectTaskQuota.of(this);
    const throttle = { ...(queued ? queuedStageThrottle(quota._derivable()) : synchronousStageThrottle(quota)), ...props.throttle };
    TaskQuotaBudget.of(this).addRate(
      queued
        ? { construct: this, ratePerSecond: queued.ratePerSecond, setting: 'asyncDelivery.ratePerSecond' }
        : { construct: this, ratePerSecond: throttle.rateLimit, setting: 'throttle.rateLimit' },
    );
    this.restApi = new apigateway.RestApi(this, 'Api', {
      restApiName: apiName,
      description: 'Creates Amazon Connect tasks',
      cloudWatchRole: props.cloudWatchRole ?? false,
      endpointConfiguration: props.vpcEndpoints
        ? { types: [apigateway.EndpointType.PRIVATE], vpcEndpoints: props.vpcEndpoints }
        : { types: [apigateway.EndpointType.REGIONAL] },
      policy: props.vpcEndpoints && onlyThroughVpcEndpoints(props.vpcEndpoints),
      deployOptions: {
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        // Errors only, and never request or response bodies: they carry task names and descriptions.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        tracingEnabled: props.tracing ?? false,
      },
    });
    addJsonGatewayResponses(this.restApi);

    const model = this.restApi.addModel('TaskRequest', {
      contentType: 'application/json',
      schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, ...TASK_REQUEST_GATEWAY_MODEL } as apigateway.JsonSchema,
    });
    const authorization: apigateway.MethodOptions = {
      authorizationType: props.authorizer ? props.authorizer.authorizationType : apigateway.AuthorizationType.IAM,
      authorizer: props.authorizer,
    };
    const methodOptions: apigateway.MethodOptions = {
      ...authorization,
      requestValidator: this.restApi.addRequestValidator('RequestValidator', {
        validateRequestBody: true,
        validateRequestParameters: true,
      }),
    };
    const tasks = this.restApi.root.addResource('tasks');
    this.tasksMethod = tasks.addMethod('POST', new apigateway.LambdaIntegration(this.handler), {
      ...methodOptions,
      requestModels: { 'application/json': model },
    });
    this.url = this.restApi.urlForPath('/tasks');
    this.requestStatusMethod = queued?.addStatusRoute(this.tasksMethod.resource, authorization);

    const operations = new Set(props.lifecycleOperations ?? Object.values(TaskLifecycleOperation));
    if (operations.size > 0) {
      const routeProps: LifecycleRouteProps = {
        settings: {
          instanceArn: props.instanceArn,
          maxScheduleAheadSeconds: maxScheduleAhead,
          connectTimeoutMs: connectTimeout.toMilliseconds(),
          // PATCH checks the references it changes against the template the task was created from.
          taskTemplates: connectSettings.taskTemplates,
        },
        handlerOptions: props.handlerOptions,
        tracing: props.tracing,
        logRetention,
        timeout: this.handler.timeout!,
        resource: tasks.addResource(`{${CONTACT_ID_PARAMETER}}`),
        methodOptions,
      };
      const add = (
        operation: TaskLifecycleOperation,
        id: string,
        route: TaskRoute,
        description: string,
        extra: apigateway.MethodOptions = {},
      ) =>
        operations.has(operation)
          ? addLifecycleRoute(this, id, route, description, { ...routeProps, methodOptions: { ...methodOptions, ...extra } })
          : undefined;
      const read = add(TaskLifecycleOperation.READ, 'Read', TASK_ROUTES.read, 'Reads Amazon Connect tasks for GET /tasks/{contactId}', {
        requestParameters: { 'method.request.querystring.include': false },
      });
      const update = add(
        TaskLifecycleOperation.UPDATE,
        'Update',
        TASK_ROUTES.update,
        'Changes Amazon Connect tasks for PATCH /tasks/{contactId}',
        {
          requestModels: {
            'application/json': this.restApi.addModel('TaskUpdateRequest', {
              contentType: 'application/json',
              schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, ...TASK_UPDATE_GATEWAY_MODEL } as apigateway.JsonSchema,
            }),
          },
        },
      );
      const cancel = add(
        TaskLifecycleOperation.CANCEL,
        'Cancel',
        TASK_ROUTES.cancel,
        'Cancels Amazon Connect tasks for DELETE /tasks/{contactId}',
      );
      [this.readHandler, this.readMethod] = [read?.handler, read?.method];
      [this.updateHandler, this.updateMethod] = [update?.handler, update?.method];
      [this.cancelHandler, this.cancelMethod] = [cancel?.handler, cancel?.method];
    }

    this.functions = [
      this.handler,
      ...(queued ? [queued.deliveryFunction, queued.statusFunction] : []),
      ...[this.readHandler, this.updateHandler, this.cancelHandler].filter((fn) => fn !== undefined),
    ];
    // Every function publishes the endpoint's metrics under its API's name.
    for (const fn of this.functions) fn.addEnvironment(TASK_METRICS_ENV, apiName);
  }

  /** Allows a principal to call `GET /tasks/requests/{requestId}` (`execute-api:Invoke` on that method only); it sees only its own requests. */
  public grantReadRequestStatus(grantee: iam.IGrantable): iam.Grant {
    if (!this.requestStatusMethod) {
      throw constructError(
        this,
        'grantReadRequestStatus: this TaskApi has no queued delivery, so no request status to read. Set asyncDelivery.',
      );
    }
    return this.requestStatusMethod.grantExecute(grantee);
  }

  /** Allows a principal to call `POST /tasks` (`execute-api:Invoke` on that method only). */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('grantInvoke', TASK_ROUTES.create, this.tasksMethod, grantee);
  }

  /** Allows a principal to call `GET /tasks/{contactId}` (`execute-api:Invoke` on that method only). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('grantRead', TASK_ROUTES.read, this.readMethod, grantee, TaskLifecycleOperation.READ);
  }

  /** Allows a principal to call `PATCH /tasks/{contactId}` (`execute-api:Invoke` on that method only). */
  public grantUpdate(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('grantUpdate', TASK_ROUTES.update, this.updateMethod, grantee, TaskLifecycleOperation.UPDATE);
  }

  /** Allows a principal to call `DELETE /tasks/{contactId}` (`execute-api:Invoke` on that method only). */
  public grantCancel(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('grantCancel', TASK_ROUTES.cancel, this.cancelMethod, grantee, TaskLifecycleOperation.CANCEL);
  }

  private grantRoute(
    grant: string,
    route: TaskRoute,
    method: apigateway.Method | undefined,
    grantee: iam.IGrantable,
    operation?: TaskLifecycleOperation,
  ): iam.Grant {
    const name = `${route.method} ${route.resource}`;
    if (!method) {
      throw constructError(
        this,
        `${grant} needs ${name}, which lifecycleOperations leaves out. Add TaskLifecycleOperation.${operation} to lifecycleOperations, or remove the ${grant} call.`,
      );
    }
    if (this.authorizer) {
      Annotations.of(this).addWarningV2(
        `cdk-connect-tasks:${grant}WithoutIam`,
        `${grant} adds an IAM permission, but ${name} is authorized by the authorizer given to TaskApi, which decides who may call.`,
      );
    }
    return method.grantExecute(grantee);
  }

  /**
   * A metric the endpoint's functions publish, in the `ConnectTasks` namespace with this
   * endpoint's `ApiName` dimension: `TasksCreated`, `ValidationRejections`, `ConnectThrottles`,
   * `ConnectLatency`, and with `asyncDelivery` `FailedRequests`.
   *
   * @default - average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: TASK_METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { [TASK_METRICS_DIMENSION]: this.restApi.restApiName },
      ...props,
    });
  }

  /**
   * Tasks Amazon Connect created through this endpoint.
   *
   * @default - sum over 5 minutes
   */
  public metricTasksCreated(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownMetric('TasksCreated', 'Sum', props);
  }

  /**
   * Requests a function refused by the endpoint's rules before calling Amazon Connect, on any
   * route: a broken rule (400 `ValidationError`), a wrong media type (415), a body too large (413),
   * a target outside `allowedTargets` (403). An unknown task (404) is not one.
   *
   * @default - sum over 5 minutes
   */
  public metricValidationRejections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownMetric('ValidationRejections', 'Sum', props);
  }

  /**
   * Requests Amazon Connect throttled even after the SDK's retries (answered 429), and with
   * `asyncDelivery` each throttled delivery attempt. Connect's `StartTaskContact` quota is shared
   * by every caller in the account and region.
   *
   * @default - sum over 5 minutes
   */
  public metricConnectThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownMetric('ConnectThrottles', 'Sum', props);
  }

  /**
   * How long a request's Amazon Connect calls took together, retries included, in milliseconds:
   * `StartTaskContact` for `POST /tasks` and each delivery attempt, and the calls of a
   * `/tasks/{contactId}` route (one to four). Requests that never reached Connect publish none.
   *
   * @default - average over 5 minutes
   */
  public metricConnectLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownMetric('ConnectLatency', 'Average', props);
  }

  /**
   * Requests to the API's stage (API Gateway's `Count`, dimensions `ApiName` and `Stage`).
   *
   * @default - sample count over 5 minutes
   */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.restApi.deploymentStage.metricCount(props);
  }

  /**
   * Requests answered 4xx, by API Gateway or the function (API Gateway's `4XXError`).
   *
   * @default - sum over 5 minutes
   */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.restApi.deploymentStage.metricClientError(props);
  }

  /**
   * Requests answered 5xx, by API Gateway or the function (API Gateway's `5XXError`).
   *
   * @default - sum over 5 minutes
   */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.restApi.deploymentStage.metricServerError(props);
  }

  /**
   * Time from API Gateway receiving a request to answering it, in milliseconds (API Gateway's `Latency`).
   *
   * @default - average over 5 minutes
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.restApi.deploymentStage.metricLatency(props);
  }

  /**
   * With `asyncDelivery`: queued requests waiting for delivery (SQS `ApproximateNumberOfMessagesVisible`).
   *
   * @default - maximum over 5 minutes
   */
  public metricQueuedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queued('metricQueuedRequests').queue.metricApproximateNumberOfMessagesVisible(props);
  }

  /**
   * With `asyncDelivery`: the age of the oldest queued request, in seconds (SQS `ApproximateAgeOfOldestMessage`).
   *
   * @default - maximum over 5 minutes
   */
  public metricOldestQueuedRequestAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queued('metricOldestQueuedRequestAge').queue.metricApproximateAgeOfOldestMessage(props);
  }

  /**
   * With `asyncDelivery`: requests in the dead-letter queue, which failed on every receive
   * (SQS `ApproximateNumberOfMessagesVisible` of `requestDeadLetterQueue`).
   *
   * @default - maximum over 5 minutes
   */
  public metricDeadLetters(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queued('metricDeadLetters').deadLetterQueue.metricApproximateNumberOfMessagesVisible(props);
  }

  /**
   * With `asyncDelivery`: queued requests that ended FAILED, refused by Connect (4xx) or dead-lettered.
   *
   * @default - sum over 5 minutes
   */
  public metricFailedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    this.queued('metricFailedRequests');
    return this.ownMetric('FailedRequests', 'Sum', props);
  }

  private ownMetric(metricName: TaskMetricName, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(metricName, { statistic, ...props });
  }

  /** The queues of queued delivery, for a method that needs them. */
  private queued(method: string): { queue: sqs.Queue; deadLetterQueue: sqs.Queue } {
    if (!this.requestQueue || !this.requestDeadLetterQueue) {
      throw constructError(this, `${method}: this TaskApi has no queued delivery, so no queue to measure. Set asyncDelivery.`);
    }
    return { queue: this.requestQueue, deadLetterQueue: this.requestDeadLetterQueue };
  }
}

function checkTargets(scope: IConstruct, defaultTarget?: TaskTarget, allowedTargets?: TaskTarget[]): TaskTarget[] | undefined {
  if (allowedTargets === undefined) return undefined;
  if (allowedTargets.length === 0) {
    throw constructError(
      scope,
      'allowedTargets is empty, so no task could ever be created. List the targets callers may use, or omit allowedTargets to allow every target of the instance.',
    );
  }
  if (defaultTarget && !allowedTargets.some((t) => t._key() === defaultTarget._key())) {
    throw constructError(
      scope,
      `defaultTarget ${defaultTarget._key()} is not in allowedTargets (${allowedTargets.map((t) => t._key()).join(', ')}). Add it to allowedTargets.`,
    );
  }
  return allowedTargets;
}

/**
 * The templates declared in the app among the targets, which the functions check requests against.
 * They travel in the functions' environment, which Lambda limits to 4 KB in all.
 */
function knownTemplates(scope: IConstruct, targets: TaskTarget[]): KnownTaskTemplate[] {
  const byKey = new Map(targets.map((t) => [t._key(), t._knownTemplate()]));
  const templates = [...byKey.values()].filter((t) => t !== undefined);
  // An id resolves to a UUID at deploy time: count it as one.
  const bytes = utf8Length(JSON.stringify(templates.map((t) => ({ ...t, id: TEMPLATE_ID_EXAMPLE }))));
  if (bytes > TASK_TEMPLATES_ENV_MAX_BYTES) {
    throw constructError(
      scope,
      `the task templates among its targets take ${bytes} bytes of the functions' environment; at most ${TASK_TEMPLATES_ENV_MAX_BYTES} fit beside the other settings in Lambda's 4 KB. Allow fewer templates, or shorten their field names and options.`,
    );
  }
  return templates;
}

function checkConnectTimeout(scope: IConstruct, timeout: Duration): Duration {
  if (Token.isUnresolved(timeout.toMilliseconds({ integral: false }))) return timeout;
  const latest = API_GATEWAY_TIMEOUT_SECONDS - 1 - START_TASK_TIMEOUT_MARGIN_MS / 1000;
  if (timeout.toMilliseconds() < 1000 || timeout.toSeconds({ integral: false }) > latest) {
    throw constructError(
      scope,
      `connectTimeout is ${timeout.toHumanString()}; it must be between 1 second and ${latest} seconds so the function answers inside API Gateway's ${API_GATEWAY_TIMEOUT_SECONDS}-second limit.`,
    );
  }
  return timeout;
}

/** A resource policy that refuses any request not made through the given VPC endpoints. */
function onlyThroughVpcEndpoints(endpoints: ec2.IInterfaceVpcEndpoint[]): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpce': endpoints.map((e) => e.vpcEndpointId) } },
      }),
    ],
  });
}
