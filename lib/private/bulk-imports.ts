import { Duration, RemovalPolicy, Size, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import {
  DEFAULT_IMPORT_MAX_BYTES,
  DEFAULT_IMPORT_RETENTION_DAYS,
  DEFAULT_IMPORT_UPLOAD_EXPIRY_SECONDS,
  IMPORT_MAX_BYTES_LIMIT,
  IMPORT_REPORT_NAME,
  IMPORT_UPLOAD_NAME,
  IMPORTS_PREFIX,
  IMPORTS_TABLE,
  importsEnvironment,
  type ImportsSettings,
  type TaskRoute,
} from '../contract';
import type { TaskImportOptions } from '../task-import-options';
import type { AsyncDelivery } from './async-delivery';
import { BundledHandler } from './bundled-handler';
import { constructError } from './construct-error';
import { wholeSeconds } from './duration-prop';
import { assertNoOwnedFunctionOptions, BUNDLED_HANDLER_OWNED_OPTIONS } from './function-options';
import { handlerEnvironment, type HandlerSettings } from './handler-environment';

export interface BulkImportsProps {
  readonly options: TaskImportOptions;
  readonly queued: AsyncDelivery;
  /** The settings the importer shares with POST /tasks (it judges lines by the same rules) and with queued delivery. */
  readonly settings: HandlerSettings;
  readonly pointInTimeRecovery: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly tracing?: lambda.Tracing;
}

/** Lambda's longest timeout: a file it cannot finish in one run is handed on from a checkpoint. */
const IMPORTER_TIMEOUT = Duration.minutes(15);
/** SQS's advice for a queue a function consumes: a visibility timeout of six times the function's timeout. */
const IMPORTER_VISIBILITY_TIMEOUT = Duration.minutes(6 * 15);
/** An import job that fails this often (a file the importer keeps crashing on) goes to the dead-letter queue. */
const IMPORT_JOB_RECEIVES = 5;
const ONE_DAY_SECONDS = 24 * 60 * 60;

/**
 * Bulk imports: the bucket the files are uploaded to and the reports written to, the imports
 * table, the importer's queue (S3's notifications and the importer's own jobs) and its
 * dead-letter queue, and the importer (reads files, writes reports, queues lines) with only the
 * permissions its job needs on the imports prefix of the bucket. The routes' functions (the
 * import endpoint signs uploads, the status reader signs report links) are built from their rows
 * of TASK_ROUTES, and `grantRoute` gives each its row's permissions here.
 */
export class BulkImports extends Construct {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.Table;
  readonly jobQueue: sqs.Queue;
  readonly jobDeadLetterQueue: sqs.Queue;
  readonly importerFunction: lambda.Function;
  /** What the import functions read from their environment. */
  readonly settings: ImportsSettings;
  private readonly uploads: string;
  private readonly reports: string;

  constructor(scope: Construct, id: string, props: BulkImportsProps) {
    super(scope, id);
    const { options, queued } = props;
    assertNoOwnedFunctionOptions(scope, 'asyncDelivery.imports.importerFunctionOptions', options.importerFunctionOptions, {
      ...BUNDLED_HANDLER_OWNED_OPTIONS,
      timeout: 'the importer runs 15 minutes and hands a larger file on from a checkpoint; remove it',
      tracing: "use TaskApi's tracing prop",
    });
    const maxBytes = checkMaxFileSize(scope, options.maxFileSize);
    const uploadExpirySeconds = options.uploadExpiry
      ? wholeSeconds(scope, 'asyncDelivery.imports.uploadExpiry', options.uploadExpiry, 1)
      : DEFAULT_IMPORT_UPLOAD_EXPIRY_SECONDS;
    const retentionSeconds = options.retention
      ? wholeSeconds(scope, 'asyncDelivery.imports.retention', options.retention, ONE_DAY_SECONDS)
      : DEFAULT_IMPORT_RETENTION_DAYS * ONE_DAY_SECONDS;
    const retentionDays = Math.ceil(retentionSeconds / ONE_DAY_SECONDS);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        // Uploads and reports are kept as long as the imports' records, then deleted.
        { prefix: IMPORTS_PREFIX, expiration: Duration.days(retentionDays), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: IMPORTS_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: IMPORTS_TABLE.sortKey, type: dynamodb.AttributeType.NUMBER },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: IMPORTS_TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: props.pointInTimeRecovery },
      // Every item expires; nothing in the table outlives its retention.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.jobDeadLetterQueue = new sqs.Queue(this, 'JobDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.jobQueue = new sqs.Queue(this, 'JobQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: IMPORTER_VISIBILITY_TIMEOUT,
      deadLetterQueue: { queue: this.jobDeadLetterQueue, maxReceiveCount: IMPORT_JOB_RECEIVES },
    });
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.jobQueue), {
      prefix: IMPORTS_PREFIX,
      suffix: `/${IMPORT_UPLOAD_NAME}`,
    });

    this.settings = {
      bucket: this.bucket.bucketName,
      table: this.table.tableName,
      jobQueueUrl: this.jobQueue.queueUrl,
      maxBytes,
      uploadExpirySeconds,
      retentionSeconds,
    };
    const environment = importsEnvironment(this.settings);
    const uploads = (this.uploads = this.bucket.arnForObjects(`${IMPORTS_PREFIX}*/${IMPORT_UPLOAD_NAME}`));
    const reports = (this.reports = this.bucket.arnForObjects(`${IMPORTS_PREFIX}*/${IMPORT_REPORT_NAME}`));

    this.importerFunction = new BundledHandler(this, 'ImporterFunction', {
      description: 'Validates uploaded bulk import files line by line and queues their tasks',
      memorySize: 1024,
      ...options.importerFunctionOptions,
      tracing: props.tracing,
      assetName: 'import-tasks',
      logRetention: props.logRetention,
      timeout: IMPORTER_TIMEOUT,
      environment: {
        ...options.importerFunctionOptions?.environment,
        ...handlerEnvironment(['targets', 'asyncDelivery'], props.settings),
        ...environment,
      },
    });
    this.grantTable(this.importerFunction, 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query');
    this.grant(this.importerFunction, ['s3:GetObject'], uploads);
    this.grant(this.importerFunction, ['s3:PutObject', 's3:AbortMultipartUpload'], reports);
    queued.queue.grantSendMessages(this.importerFunction);
    this.jobQueue.grantSendMessages(this.importerFunction);
    this.importerFunction.addEventSource(
      new SqsEventSource(this.jobQueue, { batchSize: 1, maxConcurrency: 2, reportBatchItemFailures: true }),
    );

    // The delivery function records each line's outcome and asks the importer for the report.
    for (const [name, value] of Object.entries(environment)) queued.deliveryFunction.addEnvironment(name, value);
    this.grantTable(queued.deliveryFunction, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    this.jobQueue.grantSendMessages(queued.deliveryFunction);
  }

  /** Lets a route's function take its row's actions on the imports table and on its kind of file. */
  grantRoute(fn: lambda.IFunction, route: TaskRoute): void {
    if (route.importsTableActions) this.grantTable(fn, ...route.importsTableActions);
    const objects = route.importsObjectActions;
    if (objects) this.grant(fn, [...objects.actions], objects.file === 'upload' ? this.uploads : this.reports);
  }

  /** Item-level actions on the imports table only; no scan, no table management. */
  private grantTable(grantee: iam.IGrantable, ...actions: string[]): void {
    this.grant(grantee, actions, this.table.tableArn);
  }

  private grant(grantee: iam.IGrantable, actions: string[], resource: string): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [resource] }));
  }
}

function checkMaxFileSize(scope: IConstruct, size: Size | undefined): number {
  if (size === undefined) return DEFAULT_IMPORT_MAX_BYTES;
  const bytes = size.toBytes();
  if (Token.isUnresolved(bytes)) return bytes;
  if (bytes < 1 || bytes > IMPORT_MAX_BYTES_LIMIT) {
    throw constructError(
      scope,
      `asyncDelivery.imports.maxFileSize is ${bytes} bytes; it must be between 1 byte and ${Size.gibibytes(5).toBytes()} bytes (5 GiB, S3's limit for one POST upload).`,
    );
  }
  return bytes;
}
