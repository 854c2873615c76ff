import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { type ConnectEmulator, startConnectEmulator } from '../../emulator';
import { emulatorHandlerEnv } from '../../local/emulator-env';
import { INSTANCE } from '../emulator/fixtures';

/**
 * One deploy that creates 20 ScheduledTasks sends 20 Create events at once, each to its own
 * Lambda container, against Connect's default quota (2 requests a second, bursts of 5). Each
 * container's handler waits the throttling out inside its time, so every task is created.
 */
type Handler = typeof import('../../lambda/scheduled-task').handler;

const TASKS = 20;
const STACK_ID = 'arn:aws:cloudformation:eu-west-2:111122223333:stack/Reminders/0f0e0d0c-0000-1111-2222-333344445555';
// 20 calls at 2 a second take 8 seconds at least; the SDK's jittered backoff adds some.
const TIMEOUT_MS = 120_000;

let emulator: ConnectEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // GIVEN a Connect with its default quota: the emulator's default throttle
  emulator = await startConnectEmulator();
  Object.assign(process.env, emulatorHandlerEnv(emulator.url, INSTANCE.arn, {}));
  jest.spyOn(console, 'info').mockImplementation(() => undefined);
});
afterAll(async () => {
  process.env = savedEnv;
  await emulator.close();
});

/** The handler as a fresh Lambda container loads it: its own module instance and Connect client. */
function container(): Handler {
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // A synchronous require inside isolateModules: each call is a fresh module graph, as a new container is.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ handler } = require('../../lambda/scheduled-task') as { handler: Handler });
  });
  return handler!;
}

function createEvent(i: number): CloudFormationCustomResourceEvent {
  return {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:eu-west-2:111122223333:function:provider',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/',
    StackId: STACK_ID,
    RequestId: `request-${i}`,
    LogicalResourceId: `Reminder${i}`,
    ResourceType: 'Custom::ConnectScheduledTask',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-2:111122223333:function:provider',
      InstanceArn: INSTANCE.arn,
      TaskRequest: JSON.stringify({ Name: `Reminder ${i}`, ContactFlowId: INSTANCE.flowId }),
      Schedule: JSON.stringify({ AfterSeconds: 3600 }),
      MaxScheduleAheadSeconds: String(6 * 86_400),
      CancelOnDelete: 'true',
    },
  };
}

test(
  `${TASKS} ScheduledTasks created in one deploy against Connect's default quota all succeed`,
  async () => {
    // WHEN each Create runs in its own container, all at once
    const results = await Promise.allSettled(Array.from({ length: TASKS }, (_, i) => container()(createEvent(i))));

    // THEN every one created its task, exactly once
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
    const contactIds = results.map((r) => (r as PromiseFulfilledResult<{ PhysicalResourceId: string }>).value.PhysicalResourceId);
    expect(new Set(contactIds).size).toBe(TASKS);
    expect([...emulator.state.contacts.values()].filter((c) => c.Channel === 'TASK')).toHaveLength(TASKS);
    // AND the quota really throttled them: more calls reached Connect than there were tasks
    expect(emulator.state.requests.get('StartTaskContact')).toBeGreaterThan(TASKS);
  },
  TIMEOUT_MS,
);
