import { readSeed } from '../emulator';
import {
  asyncDeliveryEnvironment,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_DELIVERY_RATE_PER_SECOND,
  DEFAULT_MAX_RECEIVE_COUNT,
  DEFAULT_STATUS_RETENTION_SECONDS,
  startTaskEnvironment,
  TASK_LIMITS,
} from '../lib/contract';

const [instance] = readSeed().instances;
export const INSTANCE_ARN = instance.arn;
export const FLOW_ID = instance.contactFlows[0].id;

/**
 * What a handler's process sees in Lambda: the runtime's own variables, credentials from the
 * execution role, and the variables a TaskApi with queued delivery sets (the delivery and status
 * functions cannot start without the queue's; start-task-queued builds its queue and table clients
 * as it loads; start-task, the POST function without queued delivery, and the lifecycle routes ignore them). Fake values: nothing here is ever sent to AWS.
 */
export const LAMBDA_ENV: Record<string, string> = {
  AWS_LAMBDA_FUNCTION_NAME: 'bench-start-task',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'AKIABENCHMARK0000000',
  AWS_SECRET_ACCESS_KEY: 'bench-secret',
  AWS_SESSION_TOKEN: 'bench-session-token',
  // Lambda runs Node.js 24; the SDK's notice about older versions would be a cost Lambda never pays.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...startTaskEnvironment({
    instanceArn: INSTANCE_ARN,
    maxScheduleAheadSeconds: TASK_LIMITS.defaultMaxScheduleAheadSeconds,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    defaultTarget: { ContactFlowId: FLOW_ID },
  }),
  ...asyncDeliveryEnvironment({
    queueUrl: 'https://sqs.eu-west-2.amazonaws.com/111122223333/bench-task-requests',
    statusTable: 'bench-task-request-status',
    ratePerSecond: DEFAULT_DELIVERY_RATE_PER_SECOND,
    maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
    statusRetentionSeconds: DEFAULT_STATUS_RETENTION_SECONDS,
  }),
};
