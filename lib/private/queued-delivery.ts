import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import type { AsyncDeliveryOptions } from '../async-delivery-options';
import { ConnectTaskQuota } from '../connect-task-quota';
import {
  asyncDeliveryEnvironment,
  DEFAULT_MAX_RECEIVE_COUNT,
  DEFAULT_STATUS_RETENTION_SECONDS,
  DELIVERY_RATE_LIMITS,
  deliveryPlan,
  queuedDeliveryRate,
  REQUEST_ID_PARAMETER,
  REQUEST_STATUS_ROUTE,
  STATUS_TABLE,
  startTaskEnvironment,
  type StartTaskSettings,
} from '../contract';
import { BundledHandler } from './bundled-handler';
import { constructError } from './construct-error';
import { wholeSeconds } from './duration-prop';
import { assertNoOwnedFunctionOptions, BUNDLED_HANDLER_OWNED_OPTIONS } from './function-options';

export interface QueuedDeliveryProps {
  readonly options: AsyncDeliveryOptions;
  /** The Connect settings the delivery function shares with the task endpoint. */
  readonly connect: StartTaskSettings;
  /** The `connect:StartTaskContact` statement of the task endpoint: the delivery function creates the same tasks. */
  readonly startTaskStatement: iam.PolicyStatement;
  /** The task endpoint's function, which accepts queued requests. */
  readonly acceptingFunction: lambda.Function;
  readonly logRetention: logs.RetentionDays;
  readonly tracing: boolean;
}

/** SQS keeps a message 4 days unless told otherwise; a request can wait that long for delivery. */
const QUEUE_RETENTION = Duration.days(4);
/** The dead-letter queue keeps messages as long as SQS allows, for a redrive after the cause is fixed. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * The parts of queued delivery: the queue and its dead-letter queue, the status table, the
 * delivery function and the status function, each function with only the permissions its job needs.
 */
export class QueuedDelivery extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly statusTable: dynamodb.Table;
  readonly deliveryFunction: lambda.Function;
  readonly statusFunction: lambda.Function;
  /** The Connect calls a second the delivery function makes at most. */
  readonly ratePerSecond: number;

  constructor(scope: Construct, id: string, props: QueuedDeliveryProps) {
    super(scope, id);
    const { options } = props;
    const ratePerSecond = checkRate(scope, options.ratePerSecond ?? queuedDeliveryRate(ConnectTaskQuota.of(scope)._derivable()));
    this.ratePerSecond = ratePerSecond;
    const maxReceiveCount = checkMaxReceiveCount(scope, options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT);
    const statusRetentionSeconds = options.statusRetention
      ? wholeSeconds(scope, 'asyncDelivery.statusRetention', options.statusRetention, QUEUE_RETENTION.toSeconds())
      : DEFAULT_STATUS_RETENTION_SECONDS;
    assertNoOwnedFunctionOptions(scope, 'asyncDelivery.deliveryFunctionOptions', options.deliveryFunctionOptions, {
      ...BUNDLED_HANDLER_OWNED_OPTIONS,
      timeout: 'it follows from ratePerSecond and connectTimeout, with the queue visibility timeout; remove it',
      tracing: "use TaskApi's tracing prop",
    });
    const plan = deliveryPlan(ratePerSecond, props.connect.connectTimeoutMs);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: QUEUE_RETENTION,
      visibilityTimeout: Duration.seconds(plan.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
    this.statusTable = new dynamodb.Table(this, 'StatusTable', {
      partitionKey: { name: STATUS_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: STATUS_TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: STATUS_TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: options.pointInTimeRecovery ?? true },
      // Every item expires; nothing in the table outlives its retention.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const environment = asyncDeliveryEnvironment({
      queueUrl: this.queue.queueUrl,
      statusTable: this.statusTable.tableName,
      ratePerSecond,
      maxReceiveCount,
      statusRetentionSeconds,
    });

    // The endpoint: records a request, queues it, and reads the queue's depth for Retry-After.
    for (const [name, value] of Object.entries(environment)) props.acceptingFunction.addEnvironment(name, value);
    this.queue.grantSendMessages(props.acceptingFunction);
    this.grantTable(props.acceptingFunction, 'dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem');

    const tracing = props.tracing ? lambda.Tracing.ACTIVE : undefined;
    this.deliveryFunction = new BundledHandler(this, 'DeliveryFunction', {
      description: 'Delivers queued task requests to Amazon Connect at a paced rate',
      ...options.deliveryFunctionOptions,
      tracing,
      assetName: 'deliver-task',
      logRetention: props.logRetention,
      timeout: Duration.seconds(plan.functionTimeoutSeconds),
      environment: { ...options.deliveryFunctionOptions?.environment, ...startTaskEnvironment(props.connect), ...environment },
    });
    this.deliveryFunction.addToRolePolicy(props.startTaskStatement);
    // PutItem: the status of a RecurringTask's occurrence, which Scheduler cannot write, starts here.
    this.grantTable(this.deliveryFunction, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    // Receive, delete and change visibility (the backoff of a failed delivery), on this queue only.
    this.deliveryFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: plan.batchSize,
        maxConcurrency: plan.concurrency,
        reportBatchItemFailures: true,
      }),
    );

    this.statusFunction = new BundledHandler(this, 'StatusFunction', {
      description: 'Answers GET /tasks/requests/{requestId} with the status of a queued task request',
      tracing,
      assetName: REQUEST_STATUS_ROUTE.assetName,
      logRetention: props.logRetention,
      memorySize: 128,
      environment,
    });
    this.grantTable(this.statusFunction, 'dynamodb:GetItem');
  }

  /** `GET /tasks/requests/{requestId}` under the `/tasks` resource, authorized as `POST /tasks` is. */
  addStatusRoute(tasks: apigateway.IResource, methodOptions: apigateway.MethodOptions): apigateway.Method {
    const [, , requests, parameter] = REQUEST_STATUS_ROUTE.resource.split('/');
    return tasks
      .addResource(requests)
      .addResource(parameter)
      .addMethod(REQUEST_STATUS_ROUTE.method, new apigateway.LambdaIntegration(this.statusFunction), {
        ...methodOptions,
        requestParameters: { [`method.request.path.${REQUEST_ID_PARAMETER}`]: true },
      });
  }

  /** Item-level actions on the status table only; no scan, no query, no table management. */
  private grantTable(grantee: iam.IGrantable, ...actions: string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [this.statusTable.tableArn] }));
  }
}

function checkRate(scope: IConstruct, rate: number): number {
  if (Token.isUnresolved(rate)) {
    throw constructError(
      scope,
      'asyncDelivery.ratePerSecond is a token; it must be a number known at synth time, because the batch size and timeouts follow from it.',
    );
  }
  if (!Number.isFinite(rate) || rate < DELIVERY_RATE_LIMITS.min || rate > DELIVERY_RATE_LIMITS.max) {
    throw constructError(
      scope,
      `asyncDelivery.ratePerSecond is ${rate}; it must be between ${DELIVERY_RATE_LIMITS.min} and ${DELIVERY_RATE_LIMITS.max} calls a second, at most your Amazon Connect StartTaskContact quota (2 by default).`,
    );
  }
  return rate;
}

function checkMaxReceiveCount(scope: IConstruct, count: number): number {
  if (Token.isUnresolved(count)) return count;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw constructError(
      scope,
      `asyncDelivery.maxReceiveCount is ${count}; it must be a whole number from 1 to 1000 (SQS's range for a redrive policy).`,
    );
  }
  return count;
}
