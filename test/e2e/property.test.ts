import { afterAll, beforeAll, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { INSTANCE } from '../emulator/fixtures';
import { type LocalStack, startLocalStack } from './harness';

/**
 * Random and mutated bodies: the handler never fails with a 5xx, and whatever it accepts
 * Connect (the emulator, whose rules are written independently) accepts too, so Connect's own
 * 400s (InvalidRequest, InvalidParameter) never reach a caller.
 */

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack.close());

/** Strings around a length limit, in one- and two-byte characters. */
const aroundLimit = (limit: number) =>
  fc.tuple(fc.integer({ min: limit - 2, max: limit + 2 }), fc.constantFrom('x', 'é')).map(([n, c]) => c.repeat(n));

const anyText = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constant(''));

// The flowless template is left out: Connect rightly refuses it, for a reason no body rule can see.
const target = fc.oneof(
  fc.constant({ ContactFlowId: INSTANCE.flowId }),
  fc.constant({ TaskTemplateId: INSTANCE.templateWithFlowId }),
  fc.constant({ QuickConnectId: INSTANCE.quickConnectId }),
  fc.constant({}),
  fc.constant({ ContactFlowId: INSTANCE.flowId, QuickConnectId: INSTANCE.quickConnectId }),
  fc.record({ ContactFlowId: anyText }),
);

const referenceValue = fc.oneof(fc.webUrl(), fc.emailAddress(), fc.integer().map(String), fc.double().map(String), anyText);
const reference = fc.record({
  Type: fc.constantFrom('URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL', 'ATTACHMENT', 'EMAIL_MESSAGE', 'url'),
  Value: fc.oneof(referenceValue, aroundLimit(4096)),
});

const segmentScalar = fc.oneof(
  fc.record({ ValueString: fc.oneof(anyText, aroundLimit(1024)) }),
  fc.record({ ValueInteger: fc.oneof(fc.integer(), fc.double()) }),
  fc.record({ ValueArn: anyText }),
  fc.constant({}),
);
const segmentValue = fc.oneof(
  segmentScalar,
  fc.record({ ValueList: fc.array(segmentScalar, { maxLength: 3 }) }),
  fc.record({ ValueMap: fc.dictionary(fc.constantFrom('ExpiryDuration', 'a b', ''), segmentScalar, { maxKeys: 2 }) }),
);

/** When, relative to the moment of sending, and in which form; resolved in `resolveSchedule`. */
const schedule = fc.record({
  offsetSeconds: fc.oneof(fc.integer({ min: -7200, max: 7 * 86400 }), fc.constantFrom(6 * 86400 - 5, 6 * 86400 + 5, 0, 10)),
  form: fc.constantFrom('epoch', 'iso-offset', 'iso-no-offset', 'fraction', 'string-number'),
  zoneMinutes: fc.constantFrom(0, 120, -330, 845),
});

function resolveSchedule({ offsetSeconds, form, zoneMinutes }: { offsetSeconds: number; form: string; zoneMinutes: number }): unknown {
  const epoch = Math.floor(Date.now() / 1000) + offsetSeconds;
  const local = new Date((epoch + zoneMinutes * 60) * 1000).toISOString().slice(0, 19);
  const zone = `${zoneMinutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(zoneMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(zoneMinutes) % 60).padStart(2, '0')}`;
  switch (form) {
    case 'epoch':
      return epoch;
    case 'iso-offset':
      return `${local}${zone}`;
    case 'iso-no-offset':
      return local;
    case 'fraction':
      return epoch + 0.5;
    default:
      return String(epoch);
  }
}

const attachment = fc.record(
  {
    FileName: fc.oneof(anyText, fc.constant('a\u0007.txt'), aroundLimit(256)),
    S3Url: fc.oneof(fc.webUrl({ validSchemes: ['https'] }), fc.constant('http://bucket.s3.amazonaws.com/f'), aroundLimit(2000)),
  },
  { requiredKeys: ['FileName'] },
);

/** Values each rule accepts: a body of only these is one Connect should create. */
const validFields = fc.record(
  {
    Description: fc.string({ maxLength: 80 }),
    Attributes: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), fc.string({ maxLength: 20 }), { maxKeys: 4 }),
    References: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.oneof(
        fc.record({ Type: fc.constant('URL'), Value: fc.webUrl() }),
        fc.record({ Type: fc.constant('STRING'), Value: fc.string({ maxLength: 20 }) }),
        fc.record({ Type: fc.constant('NUMBER'), Value: fc.integer().map(String) }),
        fc.record({ Type: fc.constant('EMAIL'), Value: fc.emailAddress() }),
        fc.record({ Type: fc.constant('DATE'), Value: fc.integer({ min: 0, max: 2e9 }).map(String) }),
      ),
      { maxKeys: 3 },
    ),
    ScheduledTime: fc.record({
      offsetSeconds: fc.integer({ min: 60, max: 6 * 86400 - 60 }),
      form: fc.constantFrom('epoch', 'iso-offset'),
      zoneMinutes: fc.constantFrom(0, 120, -330, 845),
    }),
    SegmentAttributes: fc.constantFrom({ 'connect:Subtype': { ValueString: 'connect:Guide' } }, { tier: { ValueString: 'gold' } }),
    Attachments: fc.array(
      fc.record({
        FileName: fc.stringMatching(/^[a-z]{1,10}\.txt$/),
        S3Url: fc.webUrl({ validSchemes: ['https'] }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    ClientToken: fc.string({ minLength: 1, maxLength: 40 }),
  },
  { requiredKeys: [] },
);

/** Values that break, or sit at the edge of, a rule; a mutated body has up to three of them. */
const wildFields = fc
  .record(
    {
      Name: fc.oneof(anyText, aroundLimit(1024), fc.integer()),
      Description: fc.oneof(anyText, aroundLimit(4096)),
      Attributes: fc.oneof(
        fc.dictionary(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), anyText), fc.oneof(anyText, fc.integer()), { maxKeys: 4 }),
        fc.integer({ min: 16_380, max: 16_386 }).map((n) => ({ a: 'é'.repeat(n) })),
      ),
      References: fc.dictionary(fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constant('')), reference, { maxKeys: 3 }),
      ScheduledTime: fc.oneof(schedule, fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 1e12, '2026-02-30T10:00:00Z')),
      SegmentAttributes: fc.dictionary(fc.constantFrom('connect:Subtype', 'connect:ContactExpiry', 'tier', 'bad key', ''), segmentValue, {
        maxKeys: 2,
      }),
      Attachments: fc.array(attachment, { maxLength: 6 }),
      PreviousContactId: fc.oneof(anyText, aroundLimit(256)),
      RelatedContactId: anyText,
      ClientToken: fc.oneof(anyText, aroundLimit(500)),
      InstanceId: fc.constant(INSTANCE.id),
      Colour: anyText,
    },
    { requiredKeys: [] },
  )
  .chain((wild) =>
    fc.subarray(Object.entries(wild), { maxLength: 3 }).map((entries) => Object.fromEntries(entries) as Record<string, unknown>),
  );

const mutated = fc.tuple(target, validFields, wildFields).map(([t, valid, wild]) => ({ Name: 'Follow up', ...t, ...valid, ...wild }));
const body = fc.oneof(
  { weight: 6, arbitrary: mutated },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: fc.string().map((raw) => ({ raw })) },
);

/** Bodies as sent: schedules resolved against the clock, tokens made unique (a reused token is a different failure). */
let sent = 0;
function toWire(generated: unknown): string {
  if (typeof generated !== 'object' || generated === null || Array.isArray(generated)) return JSON.stringify(generated);
  const { raw, ...rest } = generated as Record<string, unknown>;
  if (typeof raw === 'string') return raw;
  const ScheduledTime =
    typeof rest.ScheduledTime === 'object' && rest.ScheduledTime !== null
      ? resolveSchedule(rest.ScheduledTime as Parameters<typeof resolveSchedule>[0])
      : rest.ScheduledTime;
  const ClientToken = typeof rest.ClientToken === 'string' ? `${sent++}-${rest.ClientToken}` : rest.ClientToken;
  return JSON.stringify({ ...rest, ScheduledTime, ClientToken });
}

test('no body yields a 5xx, and Connect never refuses what the handler accepted', async () => {
  // GIVEN 250 bodies: valid tasks with up to three fields broken or at a limit, any JSON, raw text
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(body, async (generated) => {
      // WHEN each is posted to the local endpoint, in front of the emulator
      const response = await stack.post(toWire(generated));
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      // THEN none is a 5xx, and none is Connect refusing a body the handler let through
      expect(response.status).toBeLessThan(500);
      expect(['InvalidRequest', 'InvalidParameter']).not.toContain(response.body?.error?.code);
    }),
    { numRuns: 250 },
  );
  // AND some bodies got through to Connect and were created: without them the run says nothing
  expect(statuses.get(201)).toBeGreaterThan(10);
});
