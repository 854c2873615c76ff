import {
  type ConnectClient,
  StartTaskContactCommand,
  type StartTaskContactCommandInput,
  StopContactCommand,
  UpdateContactAttributesCommand,
  UpdateContactScheduleCommand,
} from '@aws-sdk/client-connect';
import { beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ConnectEmulator } from '../../emulator';
import { TaskEvents } from '../../lib';
import type { ConnectContactEvent } from '../../lib/contract';
import { matchWithEventRuler } from '../events/event-ruler';
import { resourcesOf } from '../template';
import { INSTANCE, useEmulator } from './fixtures';

/**
 * The contact events the emulator emits for what it does, in the shape of Connect's contact
 * events: what each operation and each agent control sends, and that TaskEvents' rule (judged by
 * event-ruler) matches every one of them.
 */

let now = Date.parse('2026-12-01T09:00:00Z');
const running = useEmulator({ throttle: 'off', clock: () => now });
let emulator: ConnectEmulator;
let connect: ConnectClient;
beforeAll(() => {
  ({ emulator, connect } = running);
});
beforeEach(() => {
  emulator.state.contactEvents.splice(0);
});

const startTask = async (input: Partial<StartTaskContactCommandInput> = {}) =>
  (
    await connect.send(
      new StartTaskContactCommand({ InstanceId: INSTANCE.id, Name: 'Call back 42', ContactFlowId: INSTANCE.flowId, ...input }),
    )
  ).ContactId!;
/** The type and reason of each event emitted for a contact, in order. */
const eventsOf = (contactId: string) =>
  emulator.state.contactEvents
    .filter((event) => event.detail.contactId === contactId)
    .map((event) => [event.detail.eventType, event.detail.disconnectReason].filter(Boolean).join(' '));
const control = (contactId: string, action: string) => fetch(`${emulator.url}/local/contacts/${contactId}/${action}`, { method: 'POST' });

describe('the emulator emits the contact events Connect sends for a task', () => {
  test("INITIATED on creation, in Connect's shape", async () => {
    // GIVEN the emulator at 09:00:00.250
    now = Date.parse('2026-12-01T09:00:00.250Z');
    // WHEN a task is created
    const contactId = await startTask({ PreviousContactId: undefined });
    // THEN one INITIATED event is emitted: EventBridge's envelope, and the task's detail
    expect(emulator.state.contactEvents).toEqual([
      {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'Amazon Connect Contact Event',
        source: 'aws.connect',
        account: '111122223333',
        time: '2026-12-01T09:00:00Z',
        region: 'eu-west-2',
        resources: [`${INSTANCE.arn}/contact/${contactId}`, INSTANCE.arn],
        detail: {
          eventType: 'INITIATED',
          contactId,
          channel: 'TASK',
          instanceArn: INSTANCE.arn,
          initiationMethod: 'API',
          initiationTimestamp: '2026-12-01T09:00:00.250Z',
        },
      },
    ]);
    // AND the task's name is not in it
    expect(JSON.stringify(emulator.state.contactEvents)).not.toContain('Call back 42');
  });

  test('CONTACT_DATA_UPDATED on a reschedule and on an attribute change', async () => {
    // GIVEN a task scheduled an hour ahead
    const contactId = await startTask({ ScheduledTime: new Date(now + 3_600_000) });
    // WHEN it is rescheduled, then its attributes change
    await connect.send(
      new UpdateContactScheduleCommand({ InstanceId: INSTANCE.id, ContactId: contactId, ScheduledTime: new Date(now + 7_200_000) }),
    );
    await connect.send(
      new UpdateContactAttributesCommand({ InstanceId: INSTANCE.id, InitialContactId: contactId, Attributes: { a: 'b' } }),
    );
    // THEN each sends CONTACT_DATA_UPDATED, the reschedule with the new time
    expect(eventsOf(contactId)).toEqual(['INITIATED', 'CONTACT_DATA_UPDATED', 'CONTACT_DATA_UPDATED']);
    const [, rescheduled] = emulator.state.contactEvents;
    expect(rescheduled.detail.scheduledTimestamp).toBe(new Date(now + 7_200_000).toISOString());
  });

  test('DISCONNECTED and COMPLETED when StopContact ends it', async () => {
    // GIVEN a task
    const contactId = await startTask();
    // WHEN it is stopped
    await connect.send(new StopContactCommand({ InstanceId: INSTANCE.id, ContactId: contactId }));
    // THEN it is disconnected by the API, then completed
    expect(eventsOf(contactId)).toEqual(['INITIATED', 'DISCONNECTED API', 'COMPLETED API']);
  });

  test('QUEUED, CONNECTED_TO_AGENT, DISCONNECTED and COMPLETED as the local agent controls move it', async () => {
    // GIVEN a task
    const contactId = await startTask();
    // WHEN the agent accepts it, then completes it, through the local controls
    const answers = [await control(contactId, 'accept'), await control(contactId, 'complete')];
    // THEN each control succeeds, and the events follow a task's life with an agent
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(eventsOf(contactId)).toEqual([
      'INITIATED',
      'QUEUED',
      'CONNECTED_TO_AGENT',
      'DISCONNECTED AGENT_DISCONNECT',
      'COMPLETED AGENT_DISCONNECT',
    ]);
    const connected = emulator.state.contactEvents.find((e) => e.detail.eventType === 'CONNECTED_TO_AGENT') as ConnectContactEvent & {
      detail: { agentInfo?: unknown };
    };
    expect(connected.detail.agentInfo).toEqual({ agentArn: 'local-agent', connectedToAgentTimestamp: expect.any(String) });
  });

  test('DISCONNECTED and COMPLETED when a task expires', async () => {
    // GIVEN a task that expires after 10 minutes
    const contactId = await startTask({
      SegmentAttributes: { 'connect:ContactExpiry': { ValueMap: { ExpiryDuration: { ValueInteger: 10 } } } },
    });
    // WHEN 9 minutes pass, then 11
    now += 9 * 60_000;
    emulator.expireDueTasks();
    const after9 = eventsOf(contactId);
    now += 2 * 60_000;
    emulator.expireDueTasks();
    // THEN it is still active after 9, and expired after 11
    expect(after9).toEqual(['INITIATED']);
    expect(eventsOf(contactId)).toEqual(['INITIATED', 'DISCONNECTED EXPIRED', 'COMPLETED EXPIRED']);
  });

  test('fails if a control moves an ended task, or a contact that is not a task', async () => {
    // GIVEN an ended task and the seed's voice call
    const ended = await startTask();
    await connect.send(new StopContactCommand({ InstanceId: INSTANCE.id, ContactId: ended }));
    // WHEN the agent controls are used on them
    const answers = [await control(ended, 'accept'), await control(INSTANCE.voiceContactId, 'accept')];
    // THEN Connect-style errors come back, and no event is emitted
    expect(answers.map((a) => [a.status, a.headers.get('x-amzn-errortype')])).toEqual([
      [400, 'InvalidRequestException'],
      [404, 'ResourceNotFoundException'],
    ]);
    expect(eventsOf(ended)).toEqual(['INITIATED', 'DISCONNECTED API', 'COMPLETED API']);
  });

  test("TaskEvents' rule for the instance matches every event the emulator emits (event-ruler)", async () => {
    // GIVEN a task's whole life in the emulator, and the rule TaskEvents synthesizes for the seeded instance
    const contactId = await startTask();
    await control(contactId, 'complete');
    const stack = new Stack(new App(), 'Events');
    new TaskEvents(stack, 'TaskEvents', { instanceArn: INSTANCE.arn }).onEvent('Every');
    const [rule] = Object.values(resourcesOf<{ EventPattern: unknown }>(Template.fromStack(stack), 'AWS::Events::Rule'));
    // WHEN event-ruler matches each event against the rule
    const matched = matchWithEventRuler({ rule: rule.Properties.EventPattern }, emulator.state.contactEvents);
    // THEN every one matches
    expect(matched).toEqual(emulator.state.contactEvents.map(() => ['rule']));
    expect(matched).toHaveLength(5);
  });
});
