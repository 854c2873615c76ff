import { ConnectClient, GetTaskTemplateCommand, InternalServiceException, ThrottlingException } from '@aws-sdk/client-connect';
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { type ConnectEmulator, startConnectEmulator } from '../../emulator';
import { emulatorOptions } from '../../emulator/options';
import { TokenBucket } from '../../emulator/throttle';
import { connectClient, INSTANCE, rejectionOf, useEmulator } from './fixtures';

describe('TokenBucket', () => {
  test('starts full, allows a burst, then refills at its rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ rate: 2, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);

    now += 499;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);

    now += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

describe("the default throttle is Connect's default quota", () => {
  test('a burst of 5, then 2 requests a second', async () => {
    // GIVEN an emulator started without a throttle option, on a clock that moves only when told
    let now = 0;
    const emulator = await startConnectEmulator({ clock: () => now });
    const connect = connectClient(emulator.url);
    const getTemplate = () =>
      connect.send(new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: INSTANCE.templateWithFlowId }));
    try {
      // WHEN 6 requests arrive at once THEN 5 pass and the 6th is throttled
      for (let i = 0; i < 5; i++) await getTemplate();
      expect(await rejectionOf(getTemplate())).toBeInstanceOf(ThrottlingException);
      // WHEN half a second passes THEN one more passes, and only one
      now += 500;
      await expect(getTemplate()).resolves.toBeDefined();
      expect(await rejectionOf(getTemplate())).toBeInstanceOf(ThrottlingException);
    } finally {
      connect.destroy();
      await emulator.close();
    }
  });

  test.each([
    [{}, undefined],
    [{ throttle: 'off' }, 'off'],
    [{ throttle: '5:10' }, { rate: 5, burst: 10 }],
  ])('--throttle %p becomes the throttle option %p (none given: the default)', (flags, throttle) => {
    expect(emulatorOptions(flags, {}).throttle).toEqual(throttle);
  });

  test('--throttle that is neither rate:burst nor off fails, naming both forms', () => {
    expect(() => emulatorOptions({ throttle: 'fast' }, {})).toThrow(
      "--throttle (or CONNECT_EMULATOR_THROTTLE) must be 2 numbers joined by ':' or 'off'; got fast",
    );
  });
});

describe('throttling and fault injection on the wire', () => {
  const running = useEmulator();
  let emulator: ConnectEmulator;
  let connect: ConnectClient;
  beforeAll(() => {
    ({ emulator, connect } = running);
  });
  afterEach(() => {
    emulator.setThrottle('off');
    emulator.clearFaults();
  });

  const getTemplate = () =>
    connect.send(new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: INSTANCE.templateWithFlowId }));

  test('an empty bucket answers 429 ThrottlingException; turning throttling off lets requests through', async () => {
    emulator.setThrottle({ rate: 0, burst: 2 });
    await getTemplate();
    await getTemplate();
    const throttled = await rejectionOf(getTemplate());
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled.$metadata?.httpStatusCode).toBe(429);

    emulator.setThrottle('off');
    await expect(getTemplate()).resolves.toBeDefined();
  });

  test('the SDK retries a throttled request and succeeds once the bucket refills', async () => {
    emulator.setThrottle({ rate: 20, burst: 1 });
    const retrying = connectClient(emulator.url, { maxAttempts: 5 });
    try {
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          retrying.send(new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: INSTANCE.templateWithFlowId })),
        ),
      );
      expect(results.some((r) => r.$metadata.attempts! > 1)).toBe(true);
    } finally {
      retrying.destroy();
    }
  });

  test('the next N requests fail with 500 InternalServiceException, then the service recovers', async () => {
    emulator.injectFault({ kind: 'error', count: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await rejectionOf(getTemplate());
      expect(error).toBeInstanceOf(InternalServiceException);
      expect(error.$metadata?.httpStatusCode).toBe(500);
    }
    await expect(getTemplate()).resolves.toBeDefined();
  });

  test('a fault can target one operation; a delay holds the request that long', async () => {
    emulator.injectFault({ kind: 'error', count: 1, operation: 'StartTaskContact' });
    emulator.injectFault({ kind: 'delay', count: 1, ms: 300, operation: 'GetTaskTemplate' });
    const started = Date.now();
    await getTemplate();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(emulator.state.requests.get('GetTaskTemplate')).toBeGreaterThan(0);
  });
});
