import { Annotations, Duration, Names } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ConnectTaskQuota } from './connect-task-quota';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_RECEIVE_COUNT,
  queuedDeliveryRate,
  queuedStageThrottle,
  type RouteSwitch,
  START_TASK_TIMEOUT_MARGIN_MS,
  synchronousStageThrottle,
  TASK_ROUTES,
  type TaskRoute,
  type TaskRouteName,
} from './contract';
import { AsyncDelivery } from './private/async-delivery';
import { BulkImports } from './private/bulk-imports';
import { constructError } from './private/construct-error';
import { maxScheduleAheadSeconds } from './private/duration-prop';
import { assertNoOwnedFunctionOptions, BUNDLED_HANDLER_OWNED_OPTIONS } from './private/function-options';
import { addJsonGatewayResponses } from './private/gateway-responses';
import { assertInstanceArn } from './private/instance-arn-prop';
import { knownTemplates } from './private/known-templates';
import { checkTaskApiProps } from './private/task-api-checks';
import { TaskQuotaBudget } from './private/task-quota-budget';
import { addTaskRoute, type ServedRoute } from './private/task-route';
import { onlyThroughVpcEndpoints } from './private/vpc-endpoint-policy';
import { TaskApiBase } from './task-api-base';
import type { ITaskApi, TaskApiAttributes } from './task-api-interface';
import type { TaskApiProps } from './task-api-props';
import { TaskLifecycleOperation } from './task-lifecycle-operation';
import { TaskTarget } from './task-target';

/**
 * An internal HTTP endpoint, `POST /tasks`, that creates Amazon Connect task contacts.
 *
 * API Gateway (REST API, IAM authorization by default) validates the body against the
 * StartTaskContact schema and hands it to a Lambda function, which checks every rule of the
 * Connect API and calls `StartTaskContact` in the configured instance. The function may create
 * tasks in that instance only, and only for `allowedTargets` when they are given. Each route
 * (`TASK_ROUTES` in the contract) has a function of its own.
 */
export class TaskApi extends TaskApiBase {
  /** The REST API. */
  public readonly restApi: apigateway.RestApi;
  /** The REST API's name, unique in the account: the `ApiName` dimension of every metric of the endpoint. */
  public readonly restApiName: string;
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
  /** With `asyncDelivery.imports`: the bucket import files are uploaded to and reports written to (under `imports/`). */
  public readonly importsBucket?: s3.Bucket;
  /** With `asyncDelivery.imports`: each import's state, counts and checkpoint, and each line's outcome. */
  public readonly importsTable?: dynamodb.Table;
  /** With `asyncDelivery.imports`: the importer's queue (S3's notifications of uploaded files, and the importer's own jobs). */
  public readonly importJobQueue?: sqs.Queue;
  /** With `asyncDelivery.imports`: where import jobs go after failing 5 times. */
  public readonly importJobDeadLetterQueue?: sqs.Queue;
  /** With `asyncDelivery.imports`: the function that validates uploaded files and queues their lines. */
  public readonly importerFunction?: lambda.Function;
  /** With `asyncDelivery.imports`: the function behind `POST /tasks/imports`. */
  public readonly importFunction?: lambda.Function;
  /** With `asyncDelivery.imports`: the function behind `GET /tasks/imports/{importId}`. */
  public readonly importStatusFunction?: lambda.Function;
  /** With `asyncDelivery.imports`: the `POST /tasks/imports` method. */
  public readonly importMethod?: apigateway.Method;
  /** With `asyncDelivery.imports`: the `GET /tasks/imports/{importId}` method. */
  public readonly importStatusMethod?: apigateway.Method;
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
  /** @internal the ARNs of `allowedTargets`, when given: a task queued from elsewhere must be for one of them */
  public readonly _allowedTargetArns?: string[];
  /**
   * Every function of the endpoint: the function of each route it serves (`POST /tasks`, the
   * lifecycle routes `lifecycleOperations` keeps, with `asyncDelivery` the request status route),
   * then with `asyncDelivery` the delivery function.
   */
  public readonly functions: lambda.IFunction[];
  protected readonly stageName: string;
  private readonly authorizer?: apigateway.IAuthorizer;
  private readonly served: ReadonlyMap<TaskRouteName, ServedRoute>;

  /** A task endpoint made in another stack or app, by its names: to monitor it with `TaskMonitoring`. */
  public static fromTaskApiAttributes(scope: Construct, id: string, attrs: TaskApiAttributes): ITaskApi {
    return new ImportedTaskApi(scope, id, attrs);
  }

  constructor(scope: Construct, id: string, props: TaskApiProps) {
    super(scope, id);
    this.authorizer = props.authorizer;
    assertInstanceArn(this, props.instanceArn);
    this.instanceArn = props.instanceArn;
    const allowedTargets = props.allowedTargets;
    const connectTimeout = props.connectTimeout ?? Duration.millis(DEFAULT_CONNECT_TIMEOUT_MS);
    const quota = ConnectTaskQuota.of(this);
    const delivery = props.asyncDelivery && {
      ratePerSecond: props.asyncDelivery.ratePerSecond ?? queuedDeliveryRate(quota._derivable()),
      maxReceiveCount: props.asyncDelivery.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT,
    };
    checkTaskApiProps(this, { defaultTarget: props.defaultTarget, allowedTargets, connectTimeout, asyncDelivery: delivery });
    const maxScheduleAhead = maxScheduleAheadSeconds(this, props.maxScheduleAhead);
    assertNoOwnedFunctionOptions(this, 'handlerOptions', props.handlerOptions, {
      ...BUNDLED_HANDLER_OWNED_OPTIONS,
      timeout: 'it is connectTimeout plus 2 seconds; set connectTimeout instead',
      tracing: 'use the tracing prop',
    });
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const tracing = props.tracing ? lambda.Tracing.ACTIVE : undefined;
    // Unique in the account, so the API's metrics (ApiName dimension) and its functions' stay apart from other endpoints'.
    this.restApiName = Names.uniqueResourceName(this, { maxLength: 128 });
    const settings = {
      apiName: this.restApiName,
      connect: {
        instanceArn: props.instanceArn,
        maxScheduleAheadSeconds: maxScheduleAhead,
        connectTimeoutMs: connectTimeout.toMilliseconds(),
        defaultTarget: props.defaultTarget?._toRequestFields(),
        allowedTargets: allowedTargets?.map((t) => t._toRequestFields()),
        // PATCH checks the references it changes against the template the task was created from.
        taskTemplates: knownTemplates(this, [...(props.defaultTarget ? [props.defaultTarget] : []), ...(allowedTargets ?? [])]),
      },
    };
    const targetArns = allowedTargets
      ? allowedTargets.map((t) => t.arnIn(props.instanceArn))
      : TaskTarget._everyTargetIn(props.instanceArn);
    this._allowedTargetArns = allowedTargets && targetArns;
    const asyncDelivery =
      props.asyncDelivery &&
      delivery &&
      new AsyncDelivery(this, 'AsyncDelivery', {
        options: props.asyncDelivery,
        settings,
        targetArns,
        logRetention,
        tracing,
        ...delivery,
      });
    this.requestQueue = asyncDelivery?.queue;
    this.requestDeadLetterQueue = asyncDelivery?.deadLetterQueue;
    this.requestStatusTable = asyncDelivery?.statusTable;
    this.deliveryFunction = asyncDelivery?.deliveryFunction;
    const imports =
      asyncDelivery &&
      props.asyncDelivery?.imports &&
      new BulkImports(this, 'Imports', {
        options: props.asyncDelivery.imports,
        queued: asyncDelivery,
        settings: { ...settings, asyncDelivery: asyncDelivery.settings },
        pointInTimeRecovery: props.asyncDelivery.pointInTimeRecovery ?? true,
        logRetention,
        tracing,
      });
    this.importsBucket = imports?.bucket;
    this.importsTable = imports?.table;
    this.importJobQueue = imports?.jobQueue;
    this.importJobDeadLetterQueue = imports?.jobDeadLetterQueue;
    this.importerFunction = imports?.importerFunction;

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', { retention: logRetention });
    const throttle = {
      ...(asyncDelivery ? queuedStageThrottle(quota._derivable()) : synchronousStageThrottle(quota)),
      ...props.throttle,
    };
    TaskQuotaBudget.of(this, () => ConnectTaskQuota.of(this)).addRate(
      asyncDelivery
        ? { construct: this, ratePerSecond: asyncDelivery.ratePerSecond, setting: 'asyncDelivery.ratePerSecond' }
        : { construct: this, ratePerSecond: throttle.rateLimit, setting: 'throttle.rateLimit' },
    );
    this.restApi = new apigateway.RestApi(this, 'Api', {
      restApiName: this.restApiName,
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
    this.stageName = this.restApi.deploymentStage.stageName;
    addJsonGatewayResponses(this.restApi);

    const lifecycleOperations = new Set<string>(props.lifecycleOperations ?? Object.values(TaskLifecycleOperation));
    const isServed = (when: RouteSwitch) =>
      when === 'always' ||
      (when === 'asyncDelivery' ? asyncDelivery !== undefined : when === 'imports' ? imports !== undefined : lifecycleOperations.has(when));
    const context = {
      restApi: this.restApi,
      methodOptions: {
        authorizationType: props.authorizer ? props.authorizer.authorizationType : apigateway.AuthorizationType.IAM,
        authorizer: props.authorizer,
        requestValidator: this.restApi.addRequestValidator('RequestValidator', {
          validateRequestBody: true,
          validateRequestParameters: true,
        }),
      },
      settings: { ...settings, asyncDelivery: asyncDelivery?.settings, imports: imports?.settings },
      targetArns,
      handlerOptions: props.handlerOptions,
      tracing,
      logRetention,
      connectDeadline: connectTimeout.plus(Duration.millis(START_TASK_TIMEOUT_MARGIN_MS)),
      asyncDelivery,
      imports,
    };
    this.served = new Map(
      (Object.entries(TASK_ROUTES) as Array<[TaskRouteName, TaskRoute]>)
        .filter(([, route]) => isServed(route.servedWhen))
        .map(([name, route]) => [name, addTaskRoute(this, route, context)]),
    );
    const create = this.served.get('create')!;
    [this.handler, this.tasksMethod] = [create.function, create.method];
    [this.readHandler, this.readMethod] = [this.served.get('read')?.function, this.served.get('read')?.method];
    [this.updateHandler, this.updateMethod] = [this.served.get('update')?.function, this.served.get('update')?.method];
    [this.cancelHandler, this.cancelMethod] = [this.served.get('cancel')?.function, this.served.get('cancel')?.method];
    const status = this.served.get('requestStatus');
    [this.requestStatusFunction, this.requestStatusMethod] = [status?.function, status?.method];
    [this.importFunction, this.importMethod] = [this.served.get('createImport')?.function, this.served.get('createImport')?.method];
    [this.importStatusFunction, this.importStatusMethod] = [
      this.served.get('importStatus')?.function,
      this.served.get('importStatus')?.method,
    ];
    this.url = this.restApi.urlForPath(TASK_ROUTES.create.resource);
    this.functions = [
      ...[...this.served.values()].map((route) => route.function),
      ...(asyncDelivery ? [asyncDelivery.deliveryFunction] : []),
      ...(imports ? [imports.importerFunction] : []),
    ];
  }

  /** Allows a principal to call `POST /tasks` (`execute-api:Invoke` on that method only). */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('create', grantee);
  }

  /** Allows a principal to call `GET /tasks/{contactId}` (`execute-api:Invoke` on that method only). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('read', grantee);
  }

  /** Allows a principal to call `PATCH /tasks/{contactId}` (`execute-api:Invoke` on that method only). */
  public grantUpdate(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('update', grantee);
  }

  /** Allows a principal to call `DELETE /tasks/{contactId}` (`execute-api:Invoke` on that method only). */
  public grantCancel(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('cancel', grantee);
  }

  /** Allows a principal to call `GET /tasks/requests/{requestId}` (`execute-api:Invoke` on that method only); it sees only its own requests. */
  public grantReadRequestStatus(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('requestStatus', grantee);
  }

  /**
   * Allows a principal to start bulk imports and read their outcome: `execute-api:Invoke` on
   * `POST /tasks/imports` and `GET /tasks/imports/{importId}` only. It needs no S3 permission: it
   * uploads its file with the presigned POST the first answers, and sees only its own imports.
   */
  public grantImport(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoute('createImport', grantee).combine(this.grantRoute('importStatus', grantee));
  }

  private grantRoute(name: TaskRouteName, grantee: iam.IGrantable): iam.Grant {
    const route: TaskRoute = TASK_ROUTES[name];
    const method = this.served.get(name)?.method;
    const path = `${route.method} ${route.resource}`;
    if (!method) {
      const [leftOut, fix] =
        route.servedWhen === 'asyncDelivery'
          ? ['this TaskApi has no asyncDelivery', 'Set asyncDelivery']
          : route.servedWhen === 'imports'
            ? ['this TaskApi has no bulk imports', 'Set asyncDelivery.imports (e.g. asyncDelivery: { imports: {} })']
            : ['lifecycleOperations leaves it out', `Add TaskLifecycleOperation.${route.servedWhen} to lifecycleOperations`];
      throw constructError(this, `${route.grant} needs ${path}, but ${leftOut}. ${fix}, or remove the ${route.grant} call.`);
    }
    if (this.authorizer) {
      Annotations.of(this).addWarningV2(
        `cdk-connect-tasks:${route.grant}WithoutIam`,
        `${route.grant} adds an IAM permission, but ${path} is authorized by the authorizer given to TaskApi, which decides who may call.`,
      );
    }
    return method.grantExecute(grantee);
  }
}

/** An endpoint known by its names: its metrics, none of its resources. */
class ImportedTaskApi extends TaskApiBase {
  public readonly instanceArn: string;
  public readonly restApiName: string;
  public readonly functions: lambda.IFunction[];
  public readonly requestQueue?: sqs.IQueue;
  public readonly requestDeadLetterQueue?: sqs.IQueue;
  public readonly importJobQueue?: sqs.IQueue;
  public readonly importJobDeadLetterQueue?: sqs.IQueue;
  protected readonly stageName: string;

  constructor(scope: Construct, id: string, attrs: TaskApiAttributes) {
    super(scope, id);
    assertInstanceArn(this, attrs.instanceArn);
    this.instanceArn = attrs.instanceArn;
    this.restApiName = attrs.restApiName;
    this.stageName = attrs.stageName ?? 'prod';
    this.functions = attrs.functions ?? [];
    this.requestQueue = attrs.requestQueue;
    this.requestDeadLetterQueue = attrs.requestDeadLetterQueue;
    this.importJobQueue = attrs.importJobQueue;
    this.importJobDeadLetterQueue = attrs.importJobDeadLetterQueue;
  }
}
