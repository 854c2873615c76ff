import {
  ConnectClient,
  DescribeContactCommand,
  InvalidParameterException,
  InvalidRequestException,
  ServiceQuotaExceededException,
  StartTaskContactCommand,
  type StartTaskContactCommandInput,
  StopContactCommand,
  UpdateContactScheduleCommand,
} from '@aws-sdk/client-connect';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { CHAIN_LIMIT, type ConnectEmulator, type ConnectEmulatorOptions } from '../../emulator';
import { INSTANCE, rejectionOf, seedWith, useEmulator } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The emulators' clock, moved by the schedule tests. */
let now = Date.now();
/** The emulator of the running describe block, and its client. */
let emulator: ConnectEmulator;
let connect: ConnectClient;
function emulatorForBlock(options: ConnectEmulatorOptions = {}): void {
  // These tests are about Connect's rules, many calls each on a clock that barely moves: no quota.
  const running = useEmulator({ clock: () => now, throttle: 'off', ...options });
  beforeAll(() => {
    ({ emulator, connect } = running);
  });
}

const startTask = (input: Partial<StartTaskContactCommandInput> = {}) =>
  connect.send(new StartTaskContactCommand({ InstanceId: INSTANCE.id, Name: 'Call back', ContactFlowId: INSTANCE.flowId, ...input }));
const describe_ = async (ContactId: string | undefined) =>
  (await connect.send(new DescribeContactCommand({ InstanceId: INSTANCE.id, ContactId }))).Contact!;

describe('StartTaskContact rules', () => {
  emulatorForBlock();

  const invalidRequests: Array<[string, Partial<StartTaskContactCommandInput>]> = [
    ['no routing target', { ContactFlowId: undefined }],
    ['two routing targets', { QuickConnectId: INSTANCE.quickConnectId }],
    ['a template without a flow', { ContactFlowId: undefined, TaskTemplateId: INSTANCE.templateWithoutFlowId }],
    ['an attribute key outside [A-Za-z0-9_-]', { Attributes: { 'account id': '42' } }],
    ['attributes over 32,768 UTF-8 bytes (counted in bytes, not characters)', { Attributes: { a: 'é'.repeat(16_384) } }],
    ['an ATTACHMENT reference', { References: { file: { Type: 'ATTACHMENT', Value: 'https://example.com/a' } } }],
    [
      'references over 4,096 bytes',
      { References: { a: { Type: 'STRING', Value: 'x'.repeat(3000) }, b: { Type: 'STRING', Value: 'x'.repeat(1100) } } },
    ],
    ['a URL reference that is no URL', { References: { runbook: { Type: 'URL', Value: 'not a url' } } }],
    ['a ScheduledTime in the past', { ScheduledTime: new Date(Date.now() - HOUR) }],
    ['a ScheduledTime more than 6 days ahead', { ScheduledTime: new Date(Date.now() + 6 * DAY + HOUR) }],
    ['ValueList on a user-defined segment attribute', { SegmentAttributes: { tier: { ValueList: [{ ValueString: 'gold' }] } } }],
    ['a system segment attribute tasks do not have, connect:Bogus', { SegmentAttributes: { 'connect:Bogus': { ValueString: 'x' } } }],
    [
      'a connect:ContactExpiry of -5 minutes',
      { SegmentAttributes: { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: -5 } } } } },
    ],
    [
      'a connect:ContactExpiry over 90 days',
      { SegmentAttributes: { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 129_601 } } } } },
    ],
  ];
  test.each(invalidRequests)('refuses %s with InvalidRequestException', async (_case, input) => {
    // GIVEN a task that breaks one of Connect's rules beyond the model's shapes
    // WHEN StartTaskContact is called with it
    const error = await rejectionOf(startTask(input));
    // THEN Connect refuses it with a 400 InvalidRequestException
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  const invalidParameters: Array<[string, Partial<StartTaskContactCommandInput>]> = [
    ['no attachment in an attachment list', { Attachments: [] }],
    [
      'six attachments',
      { Attachments: Array.from({ length: 6 }, (_, i) => ({ FileName: `f${i}.txt`, S3Url: 'https://b.s3.amazonaws.com/f' })) },
    ],
    ['a file name with a control character', { Attachments: [{ FileName: 'a\u0007.txt', S3Url: 'https://b.s3.amazonaws.com/f' }] }],
    ['a segment attribute string over 1,024 characters', { SegmentAttributes: { note: { ValueString: 'x'.repeat(1025) } } }],
    ['a ClientToken over 500 characters', { ClientToken: 'k'.repeat(501) }],
  ];
  test.each(invalidParameters)('refuses %s with InvalidParameterException (the model shapes)', async (_case, input) => {
    // GIVEN a task outside a length or pattern of the service model
    // WHEN StartTaskContact is called with it
    const error = await rejectionOf(startTask(input));
    // THEN Connect refuses it with InvalidParameterException
    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  test('accepts every rule at its limit, and the system segment attributes of tasks', async () => {
    // GIVEN a task at every limit, with connect:ContactExpiry and connect:CreatedByUser
    const atTheLimits: Partial<StartTaskContactCommandInput> = {
      Attributes: { a: 'x'.repeat(32_767) },
      References: { runbook: { Type: 'URL', Value: 'https://wiki.example.com/runbook' }, due: { Type: 'DATE', Value: '1767225600' } },
      ScheduledTime: new Date(now + 6 * DAY),
      SegmentAttributes: {
        'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 129_600 } } },
        'connect:CreatedByUser': { ValueString: `${INSTANCE.arn}/agent/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee` },
      },
      Attachments: Array.from({ length: 5 }, (_, i) => ({ FileName: `f${i}.txt`, S3Url: 'https://b.s3.amazonaws.com/f' })),
    };
    // WHEN StartTaskContact is called with it
    const { ContactId } = await startTask(atTheLimits);
    // THEN Connect starts the contact
    expect(ContactId).toBeDefined();
  });

  test('a template with a flow routes the task on its own', async () => {
    // GIVEN a task whose only target is a seeded template that has a flow
    const byTemplate = { ContactFlowId: undefined, TaskTemplateId: INSTANCE.templateWithFlowId };
    // WHEN StartTaskContact is called with it
    const { ContactId } = await startTask(byTemplate);
    // THEN Connect starts the contact
    expect(ContactId).toBeDefined();
  });

  test(`${CHAIN_LIMIT} contacts may share a PreviousContactId; the next is a 402 ServiceQuotaExceededException`, async () => {
    // GIVEN a contact already chained to by the limit of contacts
    const { ContactId: previous } = await startTask();
    for (let i = 0; i < CHAIN_LIMIT; i++) await startTask({ PreviousContactId: previous });

    // WHEN one more is chained to it
    const error = await rejectionOf(startTask({ PreviousContactId: previous }));
    // THEN Connect refuses it with a 402 ServiceQuotaExceededException
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect(error.$metadata?.httpStatusCode).toBe(402);
  });

  test('attributes are shared along a PreviousContactId chain and copied for a RelatedContactId', async () => {
    // GIVEN a contact with an attribute
    const { ContactId: root } = await startTask({ Attributes: { stage: 'new' } });
    // WHEN a task chained to it sets the attribute, and a task related to it sets its own
    const { ContactId: chained } = await startTask({ PreviousContactId: root, Attributes: { stage: 'triaged' } });
    const { ContactId: related } = await startTask({ RelatedContactId: root, Attributes: { stage: 'escalated', owner: 'ops' } });

    // THEN the chain shares the chained task's value; the related task keeps its own copy
    expect((await describe_(root)).Attributes).toEqual({ stage: 'triaged' });
    expect((await describe_(chained)).Attributes).toEqual({ stage: 'triaged' });
    expect(await describe_(related)).toMatchObject({ RelatedContactId: root, Attributes: { stage: 'escalated', owner: 'ops' } });
  });

  test('a ClientToken makes StartTaskContact idempotent: same request, same contact, nothing new', async () => {
    // GIVEN a task started with a ClientToken
    const first = await startTask({ ClientToken: 'retry-me' });
    const contacts = emulator.state.contacts.size;

    // WHEN the same request is sent again
    const again = await startTask({ ClientToken: 'retry-me' });
    // THEN it answers the same contact and starts none
    expect(again.ContactId).toBe(first.ContactId);
    expect(emulator.state.contacts.size).toBe(contacts);

    // AND WHEN the token is sent with a different request THEN Connect refuses it with InvalidRequestException
    const reused = await rejectionOf(startTask({ ClientToken: 'retry-me', Name: 'Something else' }));
    expect(reused).toBeInstanceOf(InvalidRequestException);
  });

  test('a ClientToken retry whose maps list their keys in another order is the same request (compared by value)', async () => {
    // GIVEN a task started with a ClientToken and two attributes
    const first = await startTask({ ClientToken: 'reordered', Attributes: { a: '1', b: '2' } });
    // WHEN it is retried with the attributes listed in the other order
    const again = await startTask({ ClientToken: 'reordered', Attributes: { b: '2', a: '1' } });
    // THEN it is the same contact
    expect(again.ContactId).toBe(first.ContactId);
  });
});

describe('the active-task quota', () => {
  emulatorForBlock({ seed: seedWith({ activeTaskQuota: 2 }) });

  test('counts contacts that have not ended; stopping one frees its slot', async () => {
    // GIVEN an instance whose quota of 2 active tasks is used by one task now and one scheduled
    const { ContactId } = await startTask();
    await startTask({ ScheduledTime: new Date(now + HOUR) });
    // WHEN a third task is started THEN Connect refuses it with ServiceQuotaExceededException
    expect(await rejectionOf(startTask())).toBeInstanceOf(ServiceQuotaExceededException);

    // AND WHEN the first is stopped THEN a task can be started again
    await connect.send(new StopContactCommand({ InstanceId: INSTANCE.id, ContactId }));
    expect((await startTask()).ContactId).toBeDefined();
  });
});

describe('scheduled contacts', () => {
  emulatorForBlock();

  const reschedule = (ContactId: string | undefined, at: number) =>
    connect.send(new UpdateContactScheduleCommand({ InstanceId: INSTANCE.id, ContactId, ScheduledTime: new Date(at) }));

  test('UpdateContactSchedule moves a scheduled contact, within the window, only while it is still scheduled', async () => {
    // GIVEN a task scheduled an hour ahead
    const { ContactId } = await startTask({ ScheduledTime: new Date(now + HOUR) });
    // WHEN it is moved an hour later THEN it is due then
    await reschedule(ContactId, now + 2 * HOUR);
    expect((await describe_(ContactId)).ScheduledTimestamp).toEqual(new Date(now + 2 * HOUR));
    // AND WHEN it is moved beyond the 6-day window THEN Connect refuses with InvalidRequestException
    expect(await rejectionOf(reschedule(ContactId, now + 7 * DAY))).toBeInstanceOf(InvalidRequestException);

    // AND WHEN its time has come and gone THEN it can no longer be moved
    now += 3 * HOUR;
    expect(await rejectionOf(reschedule(ContactId, now + HOUR))).toBeInstanceOf(InvalidRequestException);
  });

  test('StopContact cancels a scheduled contact, which can then not be rescheduled', async () => {
    // GIVEN a task scheduled an hour ahead
    const { ContactId } = await startTask({ ScheduledTime: new Date(now + HOUR) });
    // WHEN it is stopped
    await connect.send(new StopContactCommand({ InstanceId: INSTANCE.id, ContactId }));

    // THEN it has ended now, and Connect refuses to reschedule it
    expect((await describe_(ContactId)).DisconnectTimestamp).toEqual(new Date(now));
    expect(await rejectionOf(reschedule(ContactId, now + 2 * HOUR))).toBeInstanceOf(InvalidRequestException);
  });
});
