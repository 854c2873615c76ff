import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  asyncDeliveryEnvironment,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_DELIVERY_RATE_PER_SECOND,
  DEFAULT_MAX_RECEIVE_COUNT,
  DEFAULT_STATUS_RETENTION_SECONDS,
  deliveryPlan,
  type DeliveryPlan,
  START_TASK_ENV,
  STATUS_TABLE,
} from '../lib/contract';
import { type Dynalite, startDynalite } from './dynalite';
import { type ElasticMq, startElasticMq } from './elasticmq';
import { handlerBundle, HandlerHost, type HandlerLogs } from './handler-host';
import { type LocalImports, type LocalImportsOptions, startLocalImports } from './imports';
import { type Moto, startMoto } from './moto';
import { SqsEventSource } from './sqs-event-source';

export interface LocalAsyncDeliveryOptions {
  /** The Connect part of the functions' environment (instance, endpoint, credentials, connect timeout). */
  readonly connectEnv: NodeJS.ProcessEnv;
  /** @default DEFAULT_DELIVERY_RATE_PER_SECOND, as the construct's */
  readonly ratePerSecond?: number;
  /** @default DEFAULT_MAX_RECEIVE_COUNT, as the construct's */
  readonly maxReceiveCount?: number;
  /** The queue's visibility timeout. @default six times the consumer's timeout, as the construct sets it */
  readonly visibilityTimeoutSeconds?: number;
  /** @default 'discard' */
  readonly logs?: HandlerLogs;
  /** Bulk imports beside queued delivery, on moto's S3. @default - no imports */
  readonly imports?: LocalImportsOptions;
}

export interface LocalAsyncDelivery {
  /** What the task endpoint and the status function add to their environment. */
  readonly env: NodeJS.ProcessEnv;
  readonly plan: DeliveryPlan;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly tableName: string;
  /** The consumer, driven the way Lambda's SQS event source drives it. */
  readonly eventSource: SqsEventSource;
  /** With `imports`: the bucket, the importer and the environment of the import functions. */
  readonly imports?: LocalImports;
  /** The access key each consumer container signs its Connect calls with: tells the emulator which container called. */
  containerAccessKey(index: number): string;
  close(): Promise<void>;
}

const QUEUE = 'task-requests';
const DEAD_LETTER_QUEUE = 'task-requests-dead-letter';
const TABLE = 'task-request-status';
/** Region and credentials for the local SQS and DynamoDB, which check neither. */
const LOCAL_AWS = { region: 'eu-west-2', credentials: { accessKeyId: 'AKIALOCALQUEUE000000', secretAccessKey: 'local' } };

/**
 * Queued delivery on this machine: ElasticMQ for the queue and its dead-letter queue, dynalite
 * for the status table, both shaped as the construct deploys them, and the bundled consumer
 * driven as Lambda's event source does, at the construct's pace, batch size and concurrency.
 * With `imports`, bulk imports beside it, on moto's S3.
 */
export async function startLocalAsyncDelivery(options: LocalAsyncDeliveryOptions): Promise<LocalAsyncDelivery> {
  const [mq, ddb, moto] = await Promise.all([startElasticMq(), startDynalite(), options.imports ? startMoto() : undefined]);
  try {
    return await withQueueAndTable(options, mq, ddb, moto);
  } catch (error) {
    await Promise.all([mq.close(), ddb.close(), moto?.close()]);
    throw error;
  }
}

async function withQueueAndTable(
  options: LocalAsyncDeliveryOptions,
  mq: ElasticMq,
  ddb: Dynalite,
  moto?: Moto,
): Promise<LocalAsyncDelivery> {
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: mq.url });
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: ddb.url });
  const imports =
    moto &&
    (await startLocalImports(
      { motoUrl: moto.url, sqs, dynamodb, region: LOCAL_AWS.region, credentials: LOCAL_AWS.credentials },
      options.imports,
    ));
  const connectTimeoutMs = Number(options.connectEnv[START_TASK_ENV.connectTimeoutMs] ?? DEFAULT_CONNECT_TIMEOUT_MS);
  const ratePerSecond = options.ratePerSecond ?? DEFAULT_DELIVERY_RATE_PER_SECOND;
  const maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
  const plan = deliveryPlan(ratePerSecond, connectTimeoutMs);

  const { QueueUrl: deadLetterQueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: DEAD_LETTER_QUEUE }));
  const deadLetterArn = await queueArn(sqs, deadLetterQueueUrl!);
  const { QueueUrl: queueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: QUEUE,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? plan.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount }),
      },
    }),
  );
  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: STATUS_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: STATUS_TABLE.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: STATUS_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: STATUS_TABLE.sortKey, KeyType: 'RANGE' },
      ],
    }),
  );

  const env: NodeJS.ProcessEnv = {
    ...asyncDeliveryEnvironment({
      queueUrl: queueUrl!,
      statusTable: TABLE,
      ratePerSecond,
      maxReceiveCount,
      statusRetentionSeconds: DEFAULT_STATUS_RETENTION_SECONDS,
    }),
    AWS_REGION: LOCAL_AWS.region,
    AWS_ENDPOINT_URL_SQS: mq.url,
    AWS_ENDPOINT_URL_DYNAMODB: ddb.url,
    ...imports?.env,
  };
  const containerAccessKey = (index: number) => `AKIALOCALDELIVERY${String(index).padStart(3, '0')}`;
  const eventSource = new SqsEventSource({
    sqs,
    queueUrl: queueUrl!,
    queueArn: await queueArn(sqs, queueUrl!),
    batchSize: plan.batchSize,
    concurrency: plan.concurrency,
    timeoutMs: plan.functionTimeoutSeconds * 1000,
    startContainer: (index) =>
      HandlerHost.start({ ...options.connectEnv, ...env, AWS_ACCESS_KEY_ID: containerAccessKey(index) }, options.logs ?? 'discard', {
        bundle: handlerBundle('deliver-task'),
        timeoutMs: plan.functionTimeoutSeconds * 1000,
      }),
  });
  eventSource.start();
  imports?.startImporter({ ...options.connectEnv, ...env, AWS_ACCESS_KEY_ID: 'AKIALOCALIMPORTER000' }, options.logs ?? 'discard');

  return {
    env,
    plan,
    sqs,
    dynamodb,
    queueUrl: queueUrl!,
    deadLetterQueueUrl: deadLetterQueueUrl!,
    tableName: TABLE,
    eventSource,
    imports,
    containerAccessKey,
    close: async () => {
      await imports?.close();
      await eventSource.stop();
      sqs.destroy();
      dynamodb.destroy();
      await Promise.all([mq.close(), ddb.close(), moto?.close()]);
    },
  };
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}
