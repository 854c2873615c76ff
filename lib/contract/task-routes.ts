import { TASK_REQUEST_GATEWAY_MODEL } from './task-request/schema';
import { TASK_UPDATE_GATEWAY_MODEL } from './task-request/update';

/**
 * The routes of the task API, one row each. `TaskApi` builds every route from its row: the
 * function (its asset, environment, timeout, role), the gateway method (its model and parameters),
 * the `grant*` method and the monitoring's function list; the local endpoint serves the same rows.
 * A new route is a new row, a handler folder `lambda/<assetName>/` and its tests.
 */
export interface TaskRoute {
  readonly method: 'POST' | 'GET' | 'PATCH' | 'DELETE';
  /** The resource path; each `{name}` segment becomes a required path parameter. */
  readonly resource: string;
  /** The handler folder under `lambda/`, bundled into `assets/<assetName>/`. */
  readonly assetName: string;
  /**
   * With `asyncDelivery`: the handler folder that also carries queued delivery (its queue and
   * table clients), served in place of `assetName`, which then ships without them.
   */
  readonly queuedAssetName?: string;
  /** The function's description, as the Lambda console shows it. */
  readonly description: string;
  /** The construct id of the function: part of its CloudFormation logical id, so never renamed. */
  readonly functionId: string;
  /** The TaskApi option that serves the route. */
  readonly servedWhen: RouteSwitch;
  /** The name of the TaskApi method that lets a principal call the route. */
  readonly grant: string;
  /** Every Connect action the handler calls, and nothing more, on contacts of the instance. */
  readonly connectActions: readonly string[];
  /** Whether the role may also use the routing targets (`allowedTargets`, or every target of the instance). */
  readonly usesTargets?: boolean;
  /** The parts of the environment the handler reads, beside the metrics' `TASK_METRICS_API_NAME`. */
  readonly environment: readonly RouteEnvironment[];
  /** `connectDeadline`: the Connect timeout plus the margin to answer; `default`: the bundled handler's. */
  readonly timeout: 'connectDeadline' | 'default';
  /** Whether `handlerOptions` (memory, VPC, …) apply to the function. */
  readonly takesHandlerOptions: boolean;
  /** With `asyncDelivery`: whether the function sends requests to the queue. */
  readonly sendsToQueue?: boolean;
  /** With `asyncDelivery`: the item-level actions the function takes on the status table. */
  readonly statusTableActions?: readonly string[];
  /** The JSON Schema model API Gateway checks the body against, by model name. */
  readonly requestModel?: { readonly name: string; readonly schema: Readonly<Record<string, unknown>> };
  /** Optional query string parameters the method declares. */
  readonly queryParameters?: readonly string[];
  /** Lambda memory in MiB, when the route needs less than the default. */
  readonly memorySize?: number;
  /** With `asyncDelivery.imports`: the item-level actions the function takes on the imports table. */
  readonly importsTableActions?: readonly string[];
  /** With `asyncDelivery.imports`: the actions the function takes on one kind of file under the imports prefix, nothing else of the bucket. */
  readonly importsObjectActions?: { readonly actions: readonly string[]; readonly file: 'upload' | 'report' };
}

/**
 * What serves a route: always, with `asyncDelivery`, or when `lifecycleOperations` lists the
 * operation (the value of `TaskLifecycleOperation`).
 */
export type RouteSwitch = 'always' | 'asyncDelivery' | 'imports' | 'READ' | 'UPDATE' | 'CANCEL';

/**
 * A part of a handler's environment: the Connect settings (instance, schedule limit, timeout),
 * the routing targets, with `asyncDelivery` the queue and status table, with `asyncDelivery.imports`
 * the imports bucket, table and importer queue.
 */
export type RouteEnvironment = 'connect' | 'targets' | 'asyncDelivery' | 'imports';

/** The bundle a route's function runs: with queued delivery on, the one that carries it, if the route has one. */
export const routeAssetName = (route: TaskRoute, asyncDelivery: boolean): string =>
  (asyncDelivery && route.queuedAssetName) || route.assetName;

/** The path parameter of the lifecycle routes. */
export const CONTACT_ID_PARAMETER = 'contactId';
/** The path parameter of the request status route. */
export const REQUEST_ID_PARAMETER = 'requestId';
/** The path parameter of the import status route. */
export const IMPORT_ID_PARAMETER = 'importId';

const TASK_RESOURCE = `/tasks/{${CONTACT_ID_PARAMETER}}`;

export const TASK_ROUTES = {
  create: {
    method: 'POST',
    resource: '/tasks',
    assetName: 'start-task',
    queuedAssetName: 'start-task-queued',
    description: 'Creates Amazon Connect tasks for POST /tasks',
    functionId: 'Handler',
    servedWhen: 'always',
    grant: 'grantInvoke',
    connectActions: ['connect:StartTaskContact'],
    // The new contact, and the contacts a task may link to with PreviousContactId/RelatedContactId.
    usesTargets: true,
    environment: ['connect', 'targets', 'asyncDelivery'],
    timeout: 'connectDeadline',
    takesHandlerOptions: true,
    // Records a request, queues it, and reads the queue's depth for Retry-After.
    sendsToQueue: true,
    statusTableActions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'],
    requestModel: { name: 'TaskRequest', schema: TASK_REQUEST_GATEWAY_MODEL },
  },
  read: {
    method: 'GET',
    resource: TASK_RESOURCE,
    assetName: 'get-task',
    description: 'Reads Amazon Connect tasks for GET /tasks/{contactId}',
    functionId: 'ReadHandler',
    servedWhen: 'READ',
    grant: 'grantRead',
    connectActions: ['connect:DescribeContact', 'connect:ListContactReferences', 'connect:GetContactAttributes'],
    environment: ['connect'],
    timeout: 'connectDeadline',
    takesHandlerOptions: true,
    queryParameters: ['include'],
  },
  update: {
    method: 'PATCH',
    resource: TASK_RESOURCE,
    assetName: 'update-task',
    description: 'Changes Amazon Connect tasks for PATCH /tasks/{contactId}',
    functionId: 'UpdateHandler',
    servedWhen: 'UPDATE',
    grant: 'grantUpdate',
    // DescribeContact and ListContactReferences to check the task first and answer with it after.
    connectActions: [
      'connect:DescribeContact',
      'connect:ListContactReferences',
      'connect:UpdateContactSchedule',
      'connect:UpdateContact',
      'connect:UpdateContactAttributes',
    ],
    environment: ['connect'],
    timeout: 'connectDeadline',
    takesHandlerOptions: true,
    requestModel: { name: 'TaskUpdateRequest', schema: TASK_UPDATE_GATEWAY_MODEL },
  },
  cancel: {
    method: 'DELETE',
    resource: TASK_RESOURCE,
    assetName: 'cancel-task',
    description: 'Cancels Amazon Connect tasks for DELETE /tasks/{contactId}',
    functionId: 'CancelHandler',
    servedWhen: 'CANCEL',
    grant: 'grantCancel',
    connectActions: ['connect:DescribeContact', 'connect:StopContact'],
    environment: ['connect'],
    timeout: 'connectDeadline',
    takesHandlerOptions: true,
  },
  requestStatus: {
    method: 'GET',
    resource: `/tasks/requests/{${REQUEST_ID_PARAMETER}}`,
    assetName: 'request-status',
    description: 'Answers GET /tasks/requests/{requestId} with the status of a queued task request',
    functionId: 'StatusFunction',
    servedWhen: 'asyncDelivery',
    grant: 'grantReadRequestStatus',
    // It reads the status table only.
    connectActions: [],
    environment: ['asyncDelivery'],
    timeout: 'default',
    takesHandlerOptions: false,
    statusTableActions: ['dynamodb:GetItem'],
    memorySize: 128,
  },
  createImport: {
    method: 'POST',
    resource: '/tasks/imports',
    assetName: 'create-import',
    description: 'Starts bulk imports for POST /tasks/imports: records the import and signs its upload',
    functionId: 'CreateFunction',
    servedWhen: 'imports',
    grant: 'grantImport',
    connectActions: [],
    environment: ['imports'],
    timeout: 'default',
    takesHandlerOptions: false,
    importsTableActions: ['dynamodb:PutItem'],
    // The presigned POST is signed with this role: it may write uploads, and nothing else.
    importsObjectActions: { actions: ['s3:PutObject'], file: 'upload' },
  },
  importStatus: {
    method: 'GET',
    resource: `/tasks/imports/{${IMPORT_ID_PARAMETER}}`,
    assetName: 'import-status',
    description: 'Answers GET /tasks/imports/{importId} with the state, counts and report link of an import',
    functionId: 'StatusFunction',
    servedWhen: 'imports',
    grant: 'grantImport',
    connectActions: [],
    environment: ['imports'],
    timeout: 'default',
    takesHandlerOptions: false,
    importsTableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    // The report link is signed with this role: it may read reports, and nothing else.
    importsObjectActions: { actions: ['s3:GetObject'], file: 'report' },
  },
} as const satisfies Record<string, TaskRoute>;

export type TaskRouteName = keyof typeof TASK_ROUTES;

/** The path of a queued request's status below the API's base path, e.g. `/tasks/requests/invoice-42`. */
export function requestStatusPath(requestId: string): string {
  return TASK_ROUTES.requestStatus.resource.replace(`{${REQUEST_ID_PARAMETER}}`, encodeURIComponent(requestId));
}

/** The names of a resource's path parameters, e.g. `['contactId']` for `/tasks/{contactId}`. */
export function pathParametersOf(resource: string): string[] {
  return [...resource.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
}

/** The path of an import's status below the API's base path, e.g. `/tasks/imports/6f1c…`. */
export function importStatusPath(importId: string): string {
  return TASK_ROUTES.importStatus.resource.replace(`{${IMPORT_ID_PARAMETER}}`, encodeURIComponent(importId));
}
