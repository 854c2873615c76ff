import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { type ConnectEmulator, startConnectEmulator } from '../../emulator';
import { emulatorHandlerEnv } from '../../local/emulator-env';
import { INSTANCE, US_INSTANCE } from '../emulator/fixtures';

/**
 * The ScheduledTask custom resource handler against the Connect emulator, one test per
 * row of docs/scheduled-task.md's lifecycle table (and the edges of each row).
 */
type Handler = typeof import('../../lambda/scheduled-task').handler;

const STACK_ID = 'arn:aws:cloudformation:eu-west-2:111122223333:stack/Reminders/0f0e0d0c-0000-1111-2222-333344445555';
const US_INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${US_INSTANCE.id}`;

let emulator: ConnectEmulator;
let handler: Handler;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startConnectEmulator();
  // The environment Lambda would give the function, with Connect's endpoint set to the emulator.
  Object.assign(process.env, emulatorHandlerEnv(emulator.url, INSTANCE.arn, {}));
  jest.spyOn(console, 'info').mockImplementation(() => undefined);
  // Required only now: the handler reads process.env, set just above, as its module loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ({ handler } = require('../../lambda/scheduled-task') as { handler: Handler });
});
afterAll(async () => {
  process.env = savedEnv;
  await emulator.close();
});

interface Props {
  readonly InstanceArn?: string;
  readonly TaskRequest?: Record<string, unknown>;
  readonly Schedule?: { At?: string; AfterSeconds?: number };
  readonly CancelOnDelete?: 'true' | 'false';
  readonly MaxScheduleAheadSeconds?: string;
  readonly ConstructPath?: string;
}

const DEFAULT_REQUEST = { Name: 'Quarterly account review', ContactFlowId: INSTANCE.flowId, Attributes: { accountId: '42' } };

function resourceProperties(props: Props = {}) {
  return {
    ServiceToken: 'arn:aws:lambda:eu-west-2:111122223333:function:provider',
    InstanceArn: props.InstanceArn ?? INSTANCE.arn,
    TaskRequest: JSON.stringify(props.TaskRequest ?? DEFAULT_REQUEST),
    Schedule: JSON.stringify(props.Schedule ?? { AfterSeconds: 7200 }),
    MaxScheduleAheadSeconds: props.MaxScheduleAheadSeconds ?? String(6 * 86_400),
    CancelOnDelete: props.CancelOnDelete ?? 'true',
    ...(props.ConstructPath && { ConstructPath: props.ConstructPath }),
  };
}

/**
 * A ResponseURL shaped as CloudFormation sends it: a SigV4-presigned S3 PUT of an object named
 * after the stack, resource and request, signed when the request was issued (`X-Amz-Date`).
 */
function presignedResponseUrl(requestId: string, issuedAt: Date): string {
  const amzDate = issuedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const key = encodeURIComponent(`${STACK_ID}|QuarterlyReview|${requestId}`);
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Date': amzDate,
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Expires': '7200',
    'X-Amz-Credential': `AKIAIOSFODNN7EXAMPLE/${amzDate.slice(0, 8)}/eu-west-2/s3/aws4_request`,
    'X-Amz-Signature': '0'.repeat(64),
  });
  return `https://cloudformation-custom-resource-response-euwest2.s3.eu-west-2.amazonaws.com/${key}?${query.toString()}`;
}

let requestCounter = 0;
function cfnEvent(
  RequestType: 'Create' | 'Update' | 'Delete',
  props: Props = {},
  extra: { PhysicalResourceId?: string; OldProps?: Props; RequestId?: string; IssuedAt?: Date; ResponseURL?: string } = {},
): CloudFormationCustomResourceEvent {
  const RequestId = extra.RequestId ?? `request-${++requestCounter}`;
  return {
    RequestType,
    ServiceToken: 'arn:aws:lambda:eu-west-2:111122223333:function:provider',
    ResponseURL: extra.ResponseURL ?? presignedResponseUrl(RequestId, extra.IssuedAt ?? new Date()),
    StackId: STACK_ID,
    RequestId,
    LogicalResourceId: 'QuarterlyReview',
    ResourceType: 'Custom::ConnectScheduledTask',
    ResourceProperties: resourceProperties(props),
    ...(extra.PhysicalResourceId && { PhysicalResourceId: extra.PhysicalResourceId }),
    ...(extra.OldProps && { OldResourceProperties: resourceProperties(extra.OldProps) }),
  } as CloudFormationCustomResourceEvent;
}

const contact = (id: string) => emulator.state.contacts.get(id)!;
const contactCount = () => emulator.state.contacts.size;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function created(props: Props = {}): Promise<string> {
  return (await handler(cfnEvent('Create', props))).PhysicalResourceId;
}

describe('Create', () => {
  test('starts a task contact with ScheduledTime; the ContactId is the physical id and an attribute', async () => {
    // GIVEN the handler of beforeAll, calling Connect's emulator, and a task scheduled after(2 hours)
    const before = nowSeconds();
    // WHEN CloudFormation creates it
    const response = await handler(cfnEvent('Create'));
    // THEN the answer's physical id is the ContactId, also given as the ContactId attribute
    expect(response).toEqual({ PhysicalResourceId: expect.any(String), Data: { ContactId: response.PhysicalResourceId } });
    // AND the contact carries the task's name and attributes
    const task = contact(response.PhysicalResourceId);
    expect(task).toMatchObject({ Name: 'Quarterly account review', Attributes: { accountId: '42' } });
    // AND it is due two hours from the Create: TaskSchedule.after is resolved at deploy time: two hours from this Create.
    const due = task.ScheduledTimestamp!.getTime() / 1000;
    expect(due).toBeGreaterThanOrEqual(before + 7200);
    expect(due).toBeLessThanOrEqual(nowSeconds() + 7200 + 1);
  });

  test('TaskSchedule.at schedules the given instant', async () => {
    // GIVEN a task scheduled at an instant a day from now
    const at = new Date((nowSeconds() + 86_400) * 1000).toISOString();
    // WHEN it is created
    const id = await created({ Schedule: { At: at } });
    // THEN its contact is due at that instant
    expect(contact(id).ScheduledTimestamp!.toISOString()).toBe(at);
  });

  test('a Create delivered twice with an after() schedule converges on one contact and one ScheduledTime', async () => {
    // GIVEN a Create that CloudFormation issued a minute ago, for a task due two hours after that
    const issuedAt = new Date((nowSeconds() - 60) * 1000);
    const event = cfnEvent('Create', { Schedule: { AfterSeconds: 7200 } }, { RequestId: 'retried-request', IssuedAt: issuedAt });
    const before = contactCount();
    // WHEN it reaches the handler twice (a retried delivery), the second time in a later second
    const first = await handler(event);
    await sleep(1100);
    const second = await handler(event);
    // THEN both deliveries answer with the one contact, due two hours after the request was issued
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(contactCount()).toBe(before + 1);
    expect(contact(first.PhysicalResourceId).ScheduledTimestamp).toEqual(new Date(issuedAt.getTime() + 7_200_000));
  });

  test("a ResponseURL without a signing time (X-Amz-Date): after() counts from the handler's clock", async () => {
    // GIVEN a Create whose ResponseURL is presigned the older way (SigV2: an Expires, no signing time)
    const before = nowSeconds();
    const sigV2Url =
      'https://cloudformation-custom-resource-response-euwest2.s3.amazonaws.com/x?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1&Signature=x';
    // WHEN it is created
    const id = (await handler(cfnEvent('Create', {}, { ResponseURL: sigV2Url }))).PhysicalResourceId;
    // THEN the task is due two hours from when the handler ran
    const due = contact(id).ScheduledTimestamp!.getTime() / 1000;
    expect(due).toBeGreaterThanOrEqual(before + 7200);
    expect(due).toBeLessThanOrEqual(nowSeconds() + 7200 + 1);
  });

  test('an after() that elapsed before the request reached the handler is due at once, not refused as past', async () => {
    // GIVEN a Create issued a minute ago for a task due 30 seconds after that
    const issuedAt = new Date((nowSeconds() - 60) * 1000);
    const before = nowSeconds();
    // WHEN it is created
    const id = (await handler(cfnEvent('Create', { Schedule: { AfterSeconds: 30 } }, { IssuedAt: issuedAt }))).PhysicalResourceId;
    // THEN the task is due now (the next whole second), as after() of a request that arrives at once would be
    const due = contact(id).ScheduledTimestamp!.getTime() / 1000;
    expect(due).toBeGreaterThanOrEqual(before);
    expect(due).toBeLessThanOrEqual(nowSeconds() + 1);
  });

  test('two Creates with different request ids create two contacts', async () => {
    // GIVEN the emulator's count of contacts
    const before = contactCount();
    // WHEN two Creates with different request ids are handled THEN their physical ids differ
    expect(await created()).not.toBe(await created());
    // AND two contacts were added
    expect(contactCount()).toBe(before + 2);
  });

  test('a schedule beyond the window fails with a message that says why and what to do', async () => {
    // GIVEN a task scheduled after(7 days), with a window of 6 days ahead
    const before = contactCount();
    // WHEN it is created THEN the Create fails, saying the time is more than 6 days ahead and what to change
    await expect(handler(cfnEvent('Create', { Schedule: { AfterSeconds: 7 * 86_400 } }))).rejects.toThrow(
      /ScheduledTask QuarterlyReview cannot be created: ScheduledTime: .* is more than 6 days ahead.*change the schedule \(or raise maxScheduleAhead/,
    );
    // AND no contact was created
    expect(contactCount()).toBe(before);
  });

  test('a schedule in the past (an At that has passed since synth) fails, naming the construct path', async () => {
    // GIVEN a task whose date has gone by
    const past = { Schedule: { At: new Date(Date.now() - 3_600_000).toISOString() }, ConstructPath: 'Reminders/QuarterlyReview' };
    const before = contactCount();
    // WHEN CloudFormation creates it
    // THEN the deploy fails, saying which construct, that the time has passed, and what time it is
    await expect(handler(cfnEvent('Create', past))).rejects.toThrow(
      /^ScheduledTask Reminders\/QuarterlyReview cannot be created: ScheduledTime: \S+ is in the past \(it is now \S+\).*change the schedule/,
    );
    // AND no contact was created
    expect(contactCount()).toBe(before);
  });

  test("the task endpoint's rules apply: attributes over 32,768 bytes fail before Connect", async () => {
    // GIVEN a task whose attributes total 33,001 UTF-8 bytes, and the emulator's count of StartTaskContact calls
    const requests = emulator.state.requests.get('StartTaskContact') ?? 0;
    // WHEN it is created THEN the Create fails, naming the attributes' size
    await expect(
      handler(cfnEvent('Create', { TaskRequest: { ...DEFAULT_REQUEST, Attributes: { a: '€'.repeat(11_000) } } })),
    ).rejects.toThrow(/Attributes: attribute keys and values total 33001 UTF-8 bytes/);
    // AND Connect was not called
    expect(emulator.state.requests.get('StartTaskContact') ?? 0).toBe(requests);
  });

  test("a Connect failure names the resource, the operation and Connect's reason", async () => {
    // GIVEN a task whose flow does not exist in the instance
    // WHEN it is created THEN the Create fails, naming the resource, StartTaskContact and ResourceNotFoundException
    await expect(handler(cfnEvent('Create', { TaskRequest: { ...DEFAULT_REQUEST, ContactFlowId: 'no-such-flow' } }))).rejects.toThrow(
      /ScheduledTask QuarterlyReview: StartTaskContact failed \(ResourceNotFoundException\)/,
    );
  });

  test('an instance in another region is called in its own region', async () => {
    // GIVEN / WHEN a task is created on an instance in us-east-1, while the handler runs in eu-west-2
    const id = await created({ InstanceArn: US_INSTANCE_ARN, TaskRequest: { Name: 'US reminder', ContactFlowId: US_INSTANCE.flowId } });
    // THEN its contact is on that instance
    expect(contact(id).instanceId).toBe(US_INSTANCE.id);
  });
});

describe('Update', () => {
  test('only the schedule changed, still scheduled: UpdateContactSchedule, same physical id', async () => {
    // GIVEN a task created due in two hours
    const id = await created();
    const before = contactCount();
    // WHEN an Update changes only its schedule, to after(1 hour)
    const response = await handler(cfnEvent('Update', { Schedule: { AfterSeconds: 3600 } }, { PhysicalResourceId: id, OldProps: {} }));
    // THEN the physical id is the same and no contact was added
    expect(response.PhysicalResourceId).toBe(id);
    expect(contactCount()).toBe(before);
    // AND the contact is now due in one hour
    expect(Math.abs(contact(id).ScheduledTimestamp!.getTime() / 1000 - (nowSeconds() + 3600))).toBeLessThanOrEqual(2);
  });

  test('a reschedule to an after() delivered twice leaves the task at one instant, counted from the Update', async () => {
    // GIVEN a scheduled task, and an Update to after(1 hour) that CloudFormation issued a minute ago
    const id = await created();
    const issuedAt = new Date((nowSeconds() - 60) * 1000);
    const event = cfnEvent('Update', { Schedule: { AfterSeconds: 3600 } }, { PhysicalResourceId: id, OldProps: {}, IssuedAt: issuedAt });
    // WHEN the Update reaches the handler twice
    await handler(event);
    const response = await handler(event);
    // THEN the task is due one hour after the Update was issued: the second delivery did not move it
    expect(response.PhysicalResourceId).toBe(id);
    expect(contact(id).ScheduledTimestamp).toEqual(new Date(issuedAt.getTime() + 3_600_000));
  });

  test('only the schedule changed, but the task already started: a new contact', async () => {
    // GIVEN a task created due in one second, and that time gone by
    const id = await created({ Schedule: { AfterSeconds: 1 } });
    await sleep(2100); // due within 2 s: one second, rounded up to a whole second
    // WHEN an Update changes only its schedule, to after(2 hours)
    const response = await handler(cfnEvent('Update', {}, { PhysicalResourceId: id, OldProps: { Schedule: { AfterSeconds: 1 } } }));
    // THEN a new, scheduled contact is the new physical id
    expect(response.PhysicalResourceId).not.toBe(id);
    expect(contact(response.PhysicalResourceId).ScheduledTimestamp).toBeDefined();
  });

  test('anything else changed: a new contact with a new physical id; the old one is left for the Delete', async () => {
    // GIVEN a scheduled task
    const id = await created();
    // WHEN an Update renames it
    const response = await handler(
      cfnEvent(
        'Update',
        { TaskRequest: { ...DEFAULT_REQUEST, Name: 'Renamed review' } },
        {
          PhysicalResourceId: id,
          OldProps: {},
        },
      ),
    );
    // THEN a new contact with the new name is the new physical id
    expect(response.PhysicalResourceId).not.toBe(id);
    expect(contact(response.PhysicalResourceId).Name).toBe('Renamed review');
    // AND the old contact is not stopped: the Delete that follows does that
    expect(contact(id).DisconnectTimestamp).toBeUndefined();
  });

  test('a replacing Update with an after() schedule delivered twice converges on one new contact', async () => {
    // GIVEN a scheduled task, and an Update that renames it (a new contact), issued a minute ago
    const id = await created();
    const issuedAt = new Date((nowSeconds() - 60) * 1000);
    const event = cfnEvent(
      'Update',
      { TaskRequest: { ...DEFAULT_REQUEST, Name: 'Renamed review' } },
      { PhysicalResourceId: id, OldProps: {}, IssuedAt: issuedAt },
    );
    const before = contactCount();
    // WHEN the Update reaches the handler twice
    const first = await handler(event);
    const second = await handler(event);
    // THEN one new contact, due two hours after the Update was issued
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(contactCount()).toBe(before + 1);
    expect(contact(first.PhysicalResourceId).ScheduledTimestamp).toEqual(new Date(issuedAt.getTime() + 7_200_000));
  });

  test('a new instance is a new contact', async () => {
    // GIVEN a task scheduled on the eu-west-2 instance
    const id = await created();
    // WHEN an Update moves it to the us-east-1 instance
    const response = await handler(
      cfnEvent(
        'Update',
        {
          InstanceArn: US_INSTANCE_ARN,
          TaskRequest: { Name: 'US reminder', ContactFlowId: US_INSTANCE.flowId },
        },
        { PhysicalResourceId: id, OldProps: {} },
      ),
    );
    // THEN a new contact is the new physical id
    expect(response.PhysicalResourceId).not.toBe(id);
  });

  test('only cancelOnDelete changed: nothing is called, same physical id', async () => {
    // GIVEN a scheduled task, and the emulator's count of requests
    const id = await created();
    const requests = [...emulator.state.requests.values()].reduce((a, b) => a + b, 0);
    // WHEN an Update changes only cancelOnDelete
    const response = await handler(cfnEvent('Update', { CancelOnDelete: 'false' }, { PhysicalResourceId: id, OldProps: {} }));
    // THEN the physical id is the same and Connect was not called
    expect(response.PhysicalResourceId).toBe(id);
    expect([...emulator.state.requests.values()].reduce((a, b) => a + b, 0)).toBe(requests);
  });

  test('a reschedule to a past time fails, naming the construct path, and leaves the contact as it was', async () => {
    // GIVEN a scheduled task, and a schedule at a minute ago
    const id = await created();
    const due = contact(id).ScheduledTimestamp;
    const past = { Schedule: { At: new Date(Date.now() - 60_000).toISOString() }, ConstructPath: 'Reminders/QuarterlyReview' };
    // WHEN an Update reschedules it there THEN the Update fails, naming the construct path and the time as past
    await expect(handler(cfnEvent('Update', past, { PhysicalResourceId: id, OldProps: {} }))).rejects.toThrow(
      /^ScheduledTask Reminders\/QuarterlyReview cannot be rescheduled: ScheduledTime: \S+ is in the past/,
    );
    // AND the contact is due when it was
    expect(contact(id).ScheduledTimestamp).toEqual(due);
  });

  test('an unchanged task whose date has passed deploys: nothing is called, same physical id', async () => {
    // GIVEN a task deployed with an At that has since gone by
    const at = { Schedule: { At: new Date((nowSeconds() + 2) * 1000).toISOString() } };
    const id = await created(at);
    await sleep(3000);
    const requests = [...emulator.state.requests.values()].reduce((a, b) => a + b, 0);
    // WHEN a later deploy sends an Update that changes nothing of the task (here: the construct path is new)
    const response = await handler(
      cfnEvent('Update', { ...at, ConstructPath: 'Reminders/QuarterlyReview' }, { PhysicalResourceId: id, OldProps: at }),
    );
    // THEN it succeeds without a call to Connect
    expect(response.PhysicalResourceId).toBe(id);
    expect([...emulator.state.requests.values()].reduce((a, b) => a + b, 0)).toBe(requests);
  });

  test('a new schedule outside the window fails and leaves the contact as it was', async () => {
    // GIVEN a scheduled task
    const id = await created();
    const due = contact(id).ScheduledTimestamp;
    // WHEN an Update reschedules it after(30 days) THEN the Update fails, saying it is more than 6 days ahead
    await expect(
      handler(cfnEvent('Update', { Schedule: { AfterSeconds: 30 * 86_400 } }, { PhysicalResourceId: id, OldProps: {} })),
    ).rejects.toThrow(/more than 6 days ahead/);
    // AND the contact is due when it was
    expect(contact(id).ScheduledTimestamp).toEqual(due);
  });
});

describe('Delete', () => {
  test('a scheduled contact is cancelled with StopContact', async () => {
    // GIVEN a scheduled task
    const id = await created();
    // WHEN CloudFormation deletes it
    await handler(cfnEvent('Delete', {}, { PhysicalResourceId: id }));
    // THEN its contact is stopped
    expect(contact(id).DisconnectTimestamp).toBeDefined();
  });

  test('a contact that already ran is success, and is not stopped', async () => {
    // GIVEN a task created due in one second, and that time gone by
    const id = await created({ Schedule: { AfterSeconds: 1 } });
    await sleep(2100); // due within 2 s: one second, rounded up to a whole second
    // WHEN CloudFormation deletes it THEN the Delete succeeds with the same physical id
    await expect(handler(cfnEvent('Delete', {}, { PhysicalResourceId: id }))).resolves.toEqual({ PhysicalResourceId: id });
    // AND the contact that ran is not stopped
    expect(contact(id).DisconnectTimestamp).toBeUndefined();
  });

  test('a contact that already ended is success', async () => {
    // GIVEN a task created, then deleted: its contact has ended
    const id = await created();
    await handler(cfnEvent('Delete', {}, { PhysicalResourceId: id }));
    // WHEN CloudFormation deletes it again THEN the Delete succeeds with the same physical id
    await expect(handler(cfnEvent('Delete', {}, { PhysicalResourceId: id }))).resolves.toEqual({ PhysicalResourceId: id });
  });

  test("a contact that does not exist (or a failed Create's id) is success", async () => {
    // GIVEN a ContactId Connect never issued, and the physical id of a Create that failed
    for (const id of ['99999999-0000-0000-0000-000000000000', 'request-that-never-created']) {
      // WHEN CloudFormation deletes it THEN the Delete succeeds with the same physical id
      await expect(handler(cfnEvent('Delete', {}, { PhysicalResourceId: id }))).resolves.toEqual({ PhysicalResourceId: id });
    }
  });

  test('cancelOnDelete false leaves the contact scheduled', async () => {
    // GIVEN a task created with cancelOnDelete false
    const id = await created({ CancelOnDelete: 'false' });
    // WHEN CloudFormation deletes it
    await handler(cfnEvent('Delete', { CancelOnDelete: 'false' }, { PhysicalResourceId: id }));
    // THEN its contact is not stopped
    expect(contact(id).DisconnectTimestamp).toBeUndefined();
  });
});
