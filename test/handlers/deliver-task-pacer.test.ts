import { Pacer } from '../../lambda/deliver-task/pacer';

/** Asks for `count` slots at once and records when each one started, in milliseconds from now. */
async function startTimes(pacer: Pacer, count: number): Promise<number[]> {
  const asked = Date.now();
  const times = Array.from({ length: count }, () => pacer.slot().then(() => Date.now() - asked));
  await jest.advanceTimersByTimeAsync(60_000);
  return Promise.all(times);
}

describe('the delivery pacer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  test('hands out concurrent callers one slot per interval, in the order they asked, after a burst', async () => {
    // GIVEN a pacer at 10 calls a second, bursts of 2, idle for a while
    const pacer = new Pacer(10, 2);
    jest.advanceTimersByTime(5_000);
    // WHEN six deliveries ask for a slot at once
    const times = await startTimes(pacer, 6);
    // THEN two start at once and the others 100 ms apart
    expect(times).toEqual([0, 0, 100, 200, 300, 400]);
  });

  test('an idle pacer owes no more than its burst, however long it was idle', async () => {
    // GIVEN a pacer at 1 call a second, bursts of 3, idle for an hour
    const pacer = new Pacer(1, 3);
    jest.advanceTimersByTime(3_600_000);
    // WHEN five deliveries ask at once
    // THEN three start at once, then one a second
    expect(await startTimes(pacer, 5)).toEqual([0, 0, 0, 1000, 2000]);
  });

  test('refuses a slot that would start after the latest start, and the refusal takes nothing', async () => {
    // GIVEN a pacer at 10 calls a second, bursts of 1
    const pacer = new Pacer(10, 1);
    // WHEN four deliveries with 150 ms left to start a call ask at once, then one with time to spare
    const latestStart = Date.now() + 150;
    const asked = Date.now();
    const slots = [1, 2, 3, 4].map(() => pacer.slot(latestStart).then((taken) => (taken ? Date.now() - asked : 'refused')));
    const spare = pacer.slot().then(() => Date.now() - asked);
    await jest.advanceTimersByTimeAsync(1000);
    // THEN two get the slots at 0 and 100 ms, the others are refused at once,
    expect(await Promise.all(slots)).toEqual([0, 100, 'refused', 'refused']);
    // AND the refused slots stay free: the last caller gets the next one
    expect(await spare).toBe(200);
  });

  test('a skipped slot, after Connect throttled a call, delays the next one by an interval', async () => {
    // GIVEN an idle pacer at 2 calls a second, bursts of 1
    const pacer = new Pacer(2, 1);
    // WHEN a throttled call gives up a slot
    pacer.skip();
    // THEN the next caller waits one interval more
    expect(await startTimes(pacer, 1)).toEqual([500]);
  });
});
