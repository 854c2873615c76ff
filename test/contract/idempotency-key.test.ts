import { describe, expect, test } from '@jest/globals';
import { connectClientToken, idempotencyKeyProblem, TASK_LIMITS } from '../../lib/contract';

describe('connectClientToken', () => {
  test('is the same for the same caller and key, and within Connect’s 500 characters', () => {
    // GIVEN the longest key a caller may send
    const key = '😀'.repeat(500);
    // WHEN its token is derived twice for one caller
    const [a, b] = [
      connectClientToken('arn:aws:iam::111122223333:user/crm', key),
      connectClientToken('arn:aws:iam::111122223333:user/crm', key),
    ];
    // THEN both are the same 64 hex characters
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a.length).toBeLessThanOrEqual(TASK_LIMITS.clientTokenMaxLength);
  });

  test('differs between callers, however their principal and key are split', () => {
    // GIVEN pairs that would read the same if principal and key were simply joined
    const pairs: Array<[string, string]> = [
      ['user/a', 'b|c'],
      ['user/a|b', 'c'],
      ['user/a","b', 'c'],
      ['user/a', '","b"c'],
    ];
    // WHEN each pair's token is derived
    const tokens = pairs.map(([principal, key]) => connectClientToken(principal, key));
    // THEN no two are the same
    expect(new Set(tokens).size).toBe(pairs.length);
  });

  test('is never the key itself', () => {
    // GIVEN / WHEN a key that looks like a token
    const key = 'a'.repeat(64);
    // THEN the token sent is another
    expect(connectClientToken('anonymous', key)).not.toBe(key);
  });
});

describe('idempotencyKeyProblem', () => {
  test.each([
    ['a plain key', 'invoice-42'],
    ['non-ASCII text', 'clé-請求-😀'],
    ['a slash, a percent sign and a question mark', 'a/b%c?d'],
    ['500 emoji', '😀'.repeat(500)],
  ])('accepts %s', (_, key) => {
    // GIVEN / WHEN a usable key / THEN there is no problem
    expect(idempotencyKeyProblem(key)).toBeUndefined();
  });

  test.each([
    ['empty', ''],
    ['501 characters', 'k'.repeat(501)],
    ['.', '.'],
    ['..', '..'],
    ['U+FFFD', 'a\uFFFD'],
    ['a control character', 'a\nb'],
    ['an unpaired high surrogate', 'a\uD83D'],
    ['an unpaired low surrogate', '\uDE00a'],
  ])('fails if the key is %s', (_, key) => {
    // GIVEN / WHEN an unusable key / THEN the problem is named
    expect(idempotencyKeyProblem(key)).toEqual(expect.any(String));
  });
});
