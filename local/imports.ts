import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DEFAULT_IMPORT_MAX_BYTES,
  DEFAULT_IMPORT_RETENTION_DAYS,
  DEFAULT_IMPORT_UPLOAD_EXPIRY_SECONDS,
  IMPORT_UPLOAD_NAME,
  IMPORTS_PREFIX,
  IMPORTS_TABLE,
  importsEnvironment,
  type ImportsSettings,
} from '../lib/contract';
import { handlerBundle, HandlerHost, type HandlerLogs } from './handler-host';
import { relayS3Notifications, type NotificationRelay } from './s3-notification-relay';
import { SqsEventSource } from './sqs-event-source';

export interface LocalImportsOptions {
  /** The importer's timeout: it hands the rest of a file on to its next run a while before. @default 900 s, as the construct sets it */
  readonly importerTimeoutSeconds?: number;
  /** The importer queue's visibility timeout: how soon a crashed run's file is taken up again. @default six times the importer's timeout */
  readonly visibilityTimeoutSeconds?: number;
  /** @default DEFAULT_IMPORT_MAX_BYTES */
  readonly maxBytes?: number;
}

export interface LocalImportsSetup {
  /** moto: S3, and the SQS queue S3 notifies. */
  readonly motoUrl: string;
  /** ElasticMQ, where the importer's own queue lives beside the delivery queue. */
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface LocalImports {
  readonly settings: ImportsSettings;
  /** What the import functions, the importer and the delivery function add to their environment. */
  readonly env: NodeJS.ProcessEnv;
  readonly s3: S3Client;
  /** The importer, driven the way Lambda's SQS event source drives it. */
  readonly importer: SqsEventSource;
  /** Starts the importer; its environment holds the Connect and delivery settings it shares with the delivery function. */
  startImporter(env: NodeJS.ProcessEnv, logs: HandlerLogs): void;
  close(): Promise<void>;
}

const BUCKET = 'task-imports';
const TABLE = 'task-imports';
const NOTIFICATION_QUEUE = 'task-import-uploads';
const JOB_QUEUE = 'task-import-jobs';
/** Lambda's SQS event source runs at least 2 concurrent invocations. */
const IMPORTER_CONCURRENCY = 2;
export const DEFAULT_IMPORTER_TIMEOUT_SECONDS = 900;

/**
 * Bulk imports on this machine, shaped as the construct deploys them: the bucket in moto's S3
 * notifies a queue of moto's SQS when a file is uploaded (S3 sends notifications only to its own
 * SQS here), a relay moves each notification to the importer's queue on ElasticMQ beside the
 * delivery queue, and the bundled importer is driven from there as Lambda's event source does.
 */
export async function startLocalImports(setup: LocalImportsSetup, options: LocalImportsOptions = {}): Promise<LocalImports> {
  const aws = { region: setup.region, credentials: setup.credentials };
  const s3 = new S3Client({ ...aws, endpoint: setup.motoUrl, forcePathStyle: true });
  const motoSqs = new SQSClient({ ...aws, endpoint: setup.motoUrl });
  const importerTimeoutSeconds = options.importerTimeoutSeconds ?? DEFAULT_IMPORTER_TIMEOUT_SECONDS;

  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: setup.region as BucketLocationConstraint },
    }),
  );
  const { QueueUrl: notificationQueueUrl } = await motoSqs.send(new CreateQueueCommand({ QueueName: NOTIFICATION_QUEUE }));
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: BUCKET,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            QueueArn: await queueArn(motoSqs, notificationQueueUrl!),
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: {
                FilterRules: [
                  { Name: 'prefix', Value: IMPORTS_PREFIX },
                  { Name: 'suffix', Value: `/${IMPORT_UPLOAD_NAME}` },
                ],
              },
            },
          },
        ],
      },
    }),
  );
  await setup.dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: IMPORTS_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: IMPORTS_TABLE.sortKey, AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: IMPORTS_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: IMPORTS_TABLE.sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  const { QueueUrl: jobQueueUrl } = await setup.sqs.send(
    new CreateQueueCommand({
      QueueName: JOB_QUEUE,
      Attributes: { VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 6 * importerTimeoutSeconds) },
    }),
  );
  const relay: NotificationRelay = relayS3Notifications(motoSqs, notificationQueueUrl!, setup.sqs, jobQueueUrl!);

  const settings: ImportsSettings = {
    bucket: BUCKET,
    table: TABLE,
    jobQueueUrl: jobQueueUrl!,
    maxBytes: options.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES,
    uploadExpirySeconds: DEFAULT_IMPORT_UPLOAD_EXPIRY_SECONDS,
    retentionSeconds: DEFAULT_IMPORT_RETENTION_DAYS * 24 * 60 * 60,
  };
  const env: NodeJS.ProcessEnv = {
    ...importsEnvironment(settings),
    AWS_ENDPOINT_URL_S3: setup.motoUrl,
  };
  let importer: SqsEventSource | undefined;
  const local: LocalImports = {
    settings,
    env,
    s3,
    get importer() {
      if (!importer) throw new Error('the importer has not been started');
      return importer;
    },
    startImporter: (importerEnv, logs) => {
      importer = new SqsEventSource({
        sqs: setup.sqs,
        queueUrl: jobQueueUrl!,
        queueArn: `arn:aws:sqs:${setup.region}:000000000000:${JOB_QUEUE}`,
        batchSize: 1,
        concurrency: IMPORTER_CONCURRENCY,
        timeoutMs: importerTimeoutSeconds * 1000,
        startContainer: () =>
          HandlerHost.start({ ...importerEnv, ...env }, logs, {
            bundle: handlerBundle('import-tasks'),
            timeoutMs: importerTimeoutSeconds * 1000,
          }),
      });
      importer.start();
    },
    close: async () => {
      await relay.stop();
      await importer?.stop();
      s3.destroy();
      motoSqs.destroy();
    },
  };
  return local;
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}
