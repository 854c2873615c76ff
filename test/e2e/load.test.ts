import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ANONYMOUS } from '../../lambda/shared/http/caller-principal';
import { connectClientToken } from '../../lib/contract';
import { INSTANCE } from '../emulator/fixtures';
import { type LocalStack, startLocalStack, type TaskResponse } from './harness';

/**
 * 200 callers at once against a Connect that throttles: every request ends 201, or 429 or 504
 * (both say "retry with the same Idempotency-Key"; a 504 comes when the machine is too busy to
 * finish the SDK's retries inside the deadline), and callers that retry those with the same key
 * end with exactly one contact each.
 */
const CALLERS = 200;
/** Retry rounds a caller makes before the test gives up; with the throttle below, a handful suffice. */
const MAX_ROUNDS = 20;
/** Far fewer tokens than callers, so the first round is throttled however slowly the machine runs it. */
const THROTTLE = { rate: 20, burst: 5 };
/** The answers a caller retries, as their messages say. */
const RETRY = [429, 504];
/** The rounds take seconds each at that rate. */
const TIMEOUT_MS = 120_000;

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ emulator: { throttle: THROTTLE } });
});
afterAll(() => stack.close());

test(
  `${CALLERS} concurrent callers, retrying 429s and 504s with their Idempotency-Key, create exactly one contact each`,
  async () => {
    // GIVEN 200 callers, each with its own Idempotency-Key, and a Connect throttled far below their number
    const keys = Array.from({ length: CALLERS }, (_, i) => `load-${i}`);
    const send = (key: string) => stack.post({ Name: `Load ${key}`, ContactFlowId: INSTANCE.flowId }, { 'Idempotency-Key': key });
    const contactsBefore = stack.emulator.state.contacts.size;

    // WHEN they post at once, and those answered 429 or 504 retry with their key after Retry-After
    const outcomes = new Map<string, TaskResponse>();
    const neitherCreatedNorRetried: string[] = [];
    let pending = keys;
    let throttledInFirstRound = 0;
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      const responses = await Promise.all(pending.map(send));
      responses.forEach((response, i) => outcomes.set(pending[i], response));
      neitherCreatedNorRetried.push(
        ...responses.filter((r) => r.status !== 201 && !RETRY.includes(r.status)).map((r) => `${r.status} ${r.body.error?.code}`),
      );
      pending = pending.filter((key) => RETRY.includes(outcomes.get(key)!.status));
      if (round === 0) throttledInFirstRound = pending.length;
      const retryAfter = responses.find((r) => r.status === 429)?.headers.get('retry-after');
      if (pending.length > 0) await sleep(Number(retryAfter ?? 1) * 1000);
    }

    // THEN every answer was a 201 or one to retry
    expect(neitherCreatedNorRetried).toEqual([]);
    // AND the throttle bit in the first round, or the test proved nothing about retries
    expect(throttledInFirstRound).toBeGreaterThan(0);
    // AND every caller ended with its own contact, one each, under the ClientToken derived from its key
    expect(pending).toEqual([]);
    const contactIds = new Set(keys.map((key) => outcomes.get(key)!.body.ContactId));
    expect(contactIds.size).toBe(CALLERS);
    expect(stack.emulator.state.contacts.size - contactsBefore).toBe(CALLERS);
    for (const key of keys) {
      expect(stack.emulator.state.clientTokens.get(`${INSTANCE.id}/${connectClientToken(ANONYMOUS, key)}`)?.contactId).toBe(
        outcomes.get(key)!.body.ContactId,
      );
    }
  },
  TIMEOUT_MS,
);
