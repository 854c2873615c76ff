import type { ConnectContactEvent } from '../../lib/contract';

/**
 * Contact events as Amazon Connect sends them to EventBridge. The first two are the samples of
 * "Amazon Connect contact events" in the Amazon Connect Administrator Guide
 * (https://docs.aws.amazon.com/connect/latest/adminguide/contact-events.html), as printed there
 * (a trailing comma aside): a voice call connected to an agent, and one disconnected. Their
 * channel is `Voice` where the guide's data model says `VOICE`, `CHAT` or `TASK`; the first spells
 * the instance `instanceARN`, the second writes `arn:aws::connect`. The task events are the second
 * sample with a task's fields: what Connect's events for tasks look like, and the variations a
 * rule must tell apart.
 */

export const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

/** The guide's "Sample contact event for when a voice call is connected to an agent". */
export const DOCUMENTED_VOICE_CONNECTED_TO_AGENT = {
  version: '0',
  id: 'abcabcab-abca-abca-abca-abcabcabcabc',
  'detail-type': 'Amazon Connect Contact Event',
  source: 'aws.connect',
  account: '111122223333',
  time: '2021-05-01T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws...', 'contactArn', 'instanceArn'],
  detail: {
    eventType: 'CONNECTED_TO_AGENT',
    contactId: '11111111-1111-1111-1111-111111111111',
    initialContactId: '11111111-2222-3333-4444-555555555555',
    previousContactId: '11111111-2222-3333-4444-555555555555',
    channel: 'Voice',
    instanceARN: 'arn:aws:connect:us-west-2:123456789012:instance/12345678-1234-1234-1234-123456789012',
    initiationMethod: 'INBOUND',
    queueInfo: { queueArn: 'arn', queueType: 'type' },
    AgentInfo: { AgentArn: 'arn', RoutingProfileArn: 'arn' },
  },
};

/** The guide's "Sample contact event for when a voice call is disconnected". */
export const DOCUMENTED_VOICE_DISCONNECTED = {
  version: '0',
  id: 'abcabcab-abca-abca-abca-abcabcabcabc',
  'detail-type': 'Amazon Connect Contact Event',
  source: 'aws.connect',
  account: '111122223333',
  time: '2021-08-04T17:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:...', 'contactArn', 'instanceArn'],
  detail: {
    eventType: 'DISCONNECTED',
    contactId: '11111111-1111-1111-1111-111111111111',
    initialContactId: '11111111-2222-3333-4444-555555555555',
    previousContactId: '11111111-2222-3333-4444-555555555555',
    channel: 'Voice',
    instanceArn: 'arn:aws::connect:us-west-2:123456789012:instance/12345678-1234-1234-1234-123456789012',
    initiationMethod: 'OUTBOUND',
    initiationTimestamp: '2021-08-04T17:17:53.000Z',
    connectedToSystemTimestamp: '2021-08-04T17:17:55.000Z',
    disconnectTimestamp: '2021-08-04T17:18:37.000Z',
    queueInfo: { queueArn: 'arn', queueType: 'type', enqueueTimestamp: '2021-08-04T17:29:04.000Z' },
    AgentInfo: { AgentArn: 'arn', connectedToAgentTimestamp: '2021-08-04T17:29:09.000Z' },
    CustomerVoiceActivity: { greetingStartTimestamp: '2021-08-04T17:29:20.000Z', greetingEndTimestamp: '2021-08-04T17:29:22.000Z' },
  },
};

const TASK_ID = '22222222-3333-4444-5555-666666666666';
const PREVIOUS_ID = '33333333-4444-5555-6666-777777777777';

/** A task's event of this instance, shaped like the guide's samples, with `changes` over it. */
function taskEvent(eventType: string, channel: string, changes: Partial<ConnectContactEvent['detail']> = {}): ConnectContactEvent {
  return {
    ...DOCUMENTED_VOICE_DISCONNECTED,
    account: '111122223333',
    region: 'eu-west-2',
    time: '2026-12-01T09:00:05Z',
    resources: [`${INSTANCE_ARN}/contact/${TASK_ID}`, INSTANCE_ARN],
    detail: {
      eventType,
      contactId: TASK_ID,
      initialContactId: TASK_ID,
      previousContactId: PREVIOUS_ID,
      channel,
      instanceArn: INSTANCE_ARN,
      initiationMethod: 'API',
      initiationTimestamp: '2026-12-01T09:00:00.000Z',
      ...changes,
    },
  };
}

const disconnected = { disconnectTimestamp: '2026-12-01T09:20:00.000Z', disconnectReason: 'AGENT_DISCONNECT' };

/** This instance's task events: the channel spelled as each sample spells channels. */
export const TASK_INITIATED = taskEvent('INITIATED', 'TASK');
export const TASK_CONNECTED_TO_AGENT = taskEvent('CONNECTED_TO_AGENT', 'Task');
export const TASK_QUEUED = taskEvent('QUEUED', 'task');
export const TASK_COMPLETED = { ...taskEvent('COMPLETED', 'TASK', disconnected), time: '2026-12-01T09:25:00Z' };

/** Events a rule for this instance's tasks must not match. */
export const VOICE_CALL_OF_THIS_INSTANCE = taskEvent('COMPLETED', 'VOICE', { ...disconnected, initiationMethod: 'INBOUND' });
export const CHAT_OF_THIS_INSTANCE = taskEvent('COMPLETED', 'Chat', { ...disconnected, initiationMethod: 'API' });
export const TASK_OF_ANOTHER_INSTANCE = taskEvent('COMPLETED', 'TASK', {
  ...disconnected,
  instanceArn: 'arn:aws:connect:eu-west-2:111122223333:instance/99999999-2222-3333-4444-555555555555',
});
export const TASK_OF_ANOTHER_ACCOUNT = {
  ...taskEvent('COMPLETED', 'TASK', {
    ...disconnected,
    instanceArn: 'arn:aws:connect:eu-west-2:444455556666:instance/11111111-2222-3333-4444-555555555555',
  }),
  account: '444455556666',
};
export const OTHER_DETAIL_TYPE = { ...TASK_COMPLETED, 'detail-type': 'Contact Lens Analysis State Change' };
