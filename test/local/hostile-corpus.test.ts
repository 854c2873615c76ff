import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { HostileHttpRun } from '../../bench/hostile-http';
import { HOSTILE_HTTP_CORPUS } from '../../bench/hostile-http-corpus';

/**
 * The hostile corpus (bench/hostile-http-corpus.ts) against `npm start -- --async --auth iam`, one
 * test per class of request: each request is answered as the deployed API answers it (or, for a
 * body that never arrives, its connection is closed), and the endpoint goes on serving.
 */
const KINDS = [...new Set(HOSTILE_HTTP_CORPUS.map((c) => c.kind))];

describe('npm start -- --async --auth iam survives the hostile corpus', () => {
  let run: HostileHttpRun;
  beforeAll(async () => {
    // Connect's quota is not what this is about; deliveries fast enough to settle within a test.
    run = await HostileHttpRun.start(['--async', '--auth', 'iam', '--throttle', 'off', '--rate', '20']);
  }, 180_000);
  afterAll(() => run?.close(), 30_000);

  test('the corpus holds at least 150 requests', () => {
    // GIVEN / WHEN the corpus / THEN it is at least the size the README reports on
    expect(HOSTILE_HTTP_CORPUS.length).toBeGreaterThanOrEqual(150);
  });

  test.each(KINDS)(
    '%s: every request is answered as deployed, and the endpoint keeps serving',
    async (kind) => {
      // GIVEN the endpoint of beforeAll, and the corpus's requests of this class
      const cases = HOSTILE_HTTP_CORPUS.filter((c) => c.kind === kind);
      // WHEN each is sent, and the endpoint is asked for an answer after each
      const { outcomes, restarts } = await run.run(cases);
      // THEN none misbehaved, and the endpoint never had to be started again
      expect(outcomes.filter((o) => o.problem).map((o) => `${o.name}: ${o.problem}`)).toEqual([]);
      expect(restarts).toBe(0);
    },
    180_000,
  );
});
