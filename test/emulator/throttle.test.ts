import { ConnectClient, GetTaskTemplateCommand, InternalServiceException, ThrottlingException } from '@aws-sdk/client-connect';
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { type ConnectEmulator, startConnectEmulator } from '../../emulator';
import { emulatorOptions } from '../../emulator/options';
import { TokenBucket } from '../../emulator/throttle';
import { connectClient, INSTANCE, rejectionOf, useEmulator } from './fixtures';

describe('TokenBucket', () => {
  test('starts full, allows a burst, then refills at its rate', () => {
    // GIVEN a bucket of 2 tokens a second and a burst of 3, on a clock that moves only when told
    let now = 0;
    const bucket = new TokenBucket({ rate: 2, burst: 3 }, () => now);
    // WHEN 4 tokens are taken at once THEN 3 are granted and the 4th refused
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);

    // WHEN 499 ms pass THEN no token has refilled yet
    now += 499;
    expect(bucket.take()).toBe(false);
    // WHEN the half second is reached THEN exactly one token is back
    now += 1;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);

    // WHEN a minute passes THEN the bucket is full again, and no fuller than its burst
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
    // GIVEN the row's command-line flags, and no environment
    // WHEN the emulator's options are read from them THEN the throttle option is the row's
    expect(emulatorOptions(flags, {}).throttle).toEqual(throttle);
  });

  test('--throttle that is neither rate:burst nor off fails, naming both forms', () => {
    // GIVEN / WHEN the options are read from a --throttle of 'fast'
    // THEN reading fails, naming both accepted forms and the bad value
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
    // GIVEN the shared emulator (useEmulator) throttled to a burst of 2 that never refills
    emulator.setThrottle({ rate: 0, burst: 2 });
    // WHEN a third request follows the two the burst allows
    await getTemplate();
    await getTemplate();
    const throttled = await rejectionOf(getTemplate());
    // THEN it is refused with a 429 ThrottlingException
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled.$metadata?.httpStatusCode).toBe(429);

    // WHEN throttling is turned off
    emulator.setThrottle('off');
    // THEN the next request passes
    await expect(getTemplate()).resolves.toBeDefined();
  });

  test('the SDK retries a throttled request and succeeds once the bucket refills', async () => {
    // GIVEN the shared emulator (useEmulator) throttled to a burst of 1 refilling at 20 a second,
    // AND a Connect client that makes up to 5 attempts
    emulator.setThrottle({ rate: 20, burst: 1 });
    const retrying = connectClient(emulator.url, { maxAttempts: 5 });
    try {
      // WHEN 3 requests are sent at once
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          retrying.send(new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: INSTANCE.templateWithFlowId })),
        ),
      );
      // THEN all succeed, and at least one needed a retry
      expect(results.some((r) => r.$metadata.attempts! > 1)).toBe(true);
    } finally {
      retrying.destroy();
    }
  });

  test('the next N requests fail with 500 InternalServiceException, then the service recovers', async () => {
    // GIVEN the shared emulator (useEmulator) told to fail its next 2 requests
    emulator.injectFault({ kind: 'error', count: 2 });
    for (let i = 0; i < 2; i++) {
      // WHEN a request is sent
      const error = await rejectionOf(getTemplate());
      // THEN it fails with a 500 InternalServiceException
      expect(error).toBeInstanceOf(InternalServiceException);
      expect(error.$metadata?.httpStatusCode).toBe(500);
    }
    // AND the request after them succeeds
    await expect(getTemplate()).resolves.toBeDefined();
  });

  test('a fault can target one operation; a delay holds the request that long', async () => {
    // GIVEN the shared emulator (useEmulator) with an error aimed at StartTaskContact
    // AND a 300 ms delay aimed at GetTaskTemplate
    emulator.injectFault({ kind: 'error', count: 1, operation: 'StartTaskContact' });
    emulator.injectFault({ kind: 'delay', count: 1, ms: 300, operation: 'GetTaskTemplate' });
    // WHEN a GetTaskTemplate request is sent
    const started = Date.now();
    await getTemplate();
    // THEN it is held at least 300 ms and succeeds (the StartTaskContact error does not touch it)
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(emulator.state.requests.get('GetTaskTemplate')).toBeGreaterThan(0);
  });
});
