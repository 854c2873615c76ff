import { setTimeout as sleep } from 'node:timers/promises';
import { INSTANCE } from '../emulator/fixtures';
import { type LocalStack, startLocalStack, type TaskResponse } from './harness';

/**
 * 200 callers at once against a Connect that throttles: every request ends 201 or 429, and
 * callers that retry their 429s with the same Idempotency-Key end with exactly one contact each.
 */
const CALLERS = 200;
/** Retry rounds a caller makes before the test gives up; with the throttle below, two or three suffice. */
const MAX_ROUNDS = 8;

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ emulator: { throttle: { rate: 100, burst: 20 } } });
});
afterAll(() => stack.close());

test(`${CALLERS} concurrent callers, retrying 429s with their Idempotency-Key, create exactly one contact each`, async () => {
  const keys = Array.from({ length: CALLERS }, (_, i) => `load-${i}`);
  const send = (key: string) => stack.post({ Name: `Load ${key}`, ContactFlowId: INSTANCE.flowId }, { 'Idempotency-Key': key });
  const contactsBefore = stack.emulator.state.contacts.size;

  const outcomes = new Map<string, TaskResponse>();
  let pending = keys;
  let throttledInFirstRound = 0;
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    const responses = await Promise.all(pending.map(send));
    responses.forEach((response, i) => outcomes.set(pending[i], response));
    expect(responses.every((r) => r.status === 201 || r.status === 429)).toBe(true);
    pending = pending.filter((key) => outcomes.get(key)!.status === 429);
    if (round === 0) throttledInFirstRound = pending.length;
    if (pending.length > 0) await sleep(Number(responses.find((r) => r.status === 429)!.headers.get('retry-after')) * 1000);
  }

  // The throttle must have bitten, or the test proved nothing about retries.
  expect(throttledInFirstRound).toBeGreaterThan(0);
  expect(pending).toEqual([]);
  const contactIds = new Set(keys.map((key) => outcomes.get(key)!.body.ContactId));
  expect(contactIds.size).toBe(CALLERS);
  expect(stack.emulator.state.contacts.size - contactsBefore).toBe(CALLERS);
  for (const key of keys) {
    expect(stack.emulator.state.clientTokens.get(`${INSTANCE.id}/${key}`)?.contactId).toBe(outcomes.get(key)!.body.ContactId);
  }
});
