import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AsyncDeliveryOptions } from '../async-delivery-options';
import { type AsyncDeliverySettings, DEFAULT_STATUS_RETENTION_SECONDS, deliveryPlan, STATUS_TABLE, TASK_ROUTES } from '../contract';
import { BundledHandler } from './bundled-handler';
import { connectStatement } from './connect-statement';
import { wholeSeconds } from './duration-prop';
import { assertNoOwnedFunctionOptions, BUNDLED_HANDLER_OWNED_OPTIONS } from './function-options';
import { handlerEnvironment, type HandlerSettings } from './handler-environment';

export interface AsyncDeliveryProps {
  readonly options: AsyncDeliveryOptions;
  /** What the functions read; the delivery function's Connect settings are the task endpoint's. */
  readonly settings: Omit<HandlerSettings, 'asyncDelivery'>;
  /** The targets `POST /tasks` may create tasks for: the delivery function creates the same tasks. */
  readonly targetArns: readonly string[];
  readonly logRetention: logs.RetentionDays;
  readonly tracing?: lambda.Tracing;
  /** The Connect calls a second, checked by TaskApi: `options.ratePerSecond` or the stack's ConnectTaskQuota's share. */
  readonly ratePerSecond: number;
  /** Deliveries of a request before it goes to the dead-letter queue, checked by TaskApi. */
  readonly maxReceiveCount: number;
}

/** SQS keeps a message 4 days unless told otherwise; a request can wait that long for delivery. */
const QUEUE_RETENTION = Duration.days(4);
/** The dead-letter queue keeps messages as long as SQS allows, for a redrive after the cause is fixed. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * The parts of asynchronous delivery that are not a route: the queue and its dead-letter queue,
 * the status table, and the function that delivers the queue to Connect, with only the
 * permissions its job needs. The routes that use them are built from their rows, inside it.
 */
export class AsyncDelivery extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly statusTable: dynamodb.Table;
  readonly deliveryFunction: lambda.Function;
  /** What the functions of asynchronous delivery read from their environment. */
  readonly settings: AsyncDeliverySettings;
  /** The Connect calls a second the delivery function makes at most. */
  readonly ratePerSecond: number;

  constructor(scope: Construct, id: string, props: AsyncDeliveryProps) {
    super(scope, id);
    const { options } = props;
    const { ratePerSecond, maxReceiveCount } = props;
    this.ratePerSecond = ratePerSecond;
    const statusRetentionSeconds = options.statusRetention
      ? wholeSeconds(scope, 'asyncDelivery.statusRetention', options.statusRetention, QUEUE_RETENTION.toSeconds())
      : DEFAULT_STATUS_RETENTION_SECONDS;
    assertNoOwnedFunctionOptions(scope, 'asyncDelivery.deliveryFunctionOptions', options.deliveryFunctionOptions, {
      ...BUNDLED_HANDLER_OWNED_OPTIONS,
      timeout: 'it follows from ratePerSecond and connectTimeout, with the queue visibility timeout; remove it',
      tracing: "use TaskApi's tracing prop",
    });
    const plan = deliveryPlan(ratePerSecond, props.settings.connect.connectTimeoutMs);

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
    this.settings = {
      queueUrl: this.queue.queueUrl,
      statusTable: this.statusTable.tableName,
      ratePerSecond,
      maxReceiveCount,
      statusRetentionSeconds,
    };

    // It creates what POST /tasks would have created, so it reads the same settings and has the same Connect permission.
    const create = TASK_ROUTES.create;
    this.deliveryFunction = new BundledHandler(this, 'DeliveryFunction', {
      description: 'Delivers queued task requests to Amazon Connect at a paced rate',
      ...options.deliveryFunctionOptions,
      tracing: props.tracing,
      assetName: 'deliver-task',
      logRetention: props.logRetention,
      timeout: Duration.seconds(plan.functionTimeoutSeconds),
      environment: {
        ...options.deliveryFunctionOptions?.environment,
        ...handlerEnvironment(create.environment, { ...props.settings, asyncDelivery: this.settings }),
      },
    });
    this.deliveryFunction.addToRolePolicy(connectStatement(props.settings.connect.instanceArn, create.connectActions, props.targetArns));
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
  }

  /** Item-level actions on the status table only; no scan, no query, no table management. */
  grantTable(grantee: iam.IGrantable, ...actions: string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [this.statusTable.tableArn] }));
  }
}
