import { beforeAll, describe, expect, test } from '@jest/globals';
import { App, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { TaskEvents, TaskEventType } from '../../lib';
import { applyInputTransformer, type InputTransformer, type TaskWebhookPayload } from '../../lib/contract';
import { codeBlock } from '../docs/code-blocks';
import { resourcesOf } from '../template';
import {
  CHAT_OF_THIS_INSTANCE,
  DOCUMENTED_VOICE_CONNECTED_TO_AGENT,
  DOCUMENTED_VOICE_DISCONNECTED,
  INSTANCE_ARN,
  OTHER_DETAIL_TYPE,
  TASK_COMPLETED,
  TASK_CONNECTED_TO_AGENT,
  TASK_INITIATED,
  TASK_OF_ANOTHER_ACCOUNT,
  TASK_OF_ANOTHER_INSTANCE,
  TASK_QUEUED,
  VOICE_CALL_OF_THIS_INSTANCE,
} from './connect-samples';
import { matchWithEventRuler } from './event-ruler';

/**
 * The rules TaskEvents synthesizes, judged by aws/event-ruler (the matching engine EventBridge is
 * built on) against Connect's documented sample events and task events shaped like them; and the
 * webhook's input transformer applied to the same events.
 */

interface RuleProperties {
  readonly EventPattern: unknown;
  readonly Targets?: Array<{ readonly InputTransformer?: { InputPathsMap: Record<string, string>; InputTemplate: string } }>;
}

/** The stack's rules by construct id: every type, COMPLETED, agent-side types, and the webhook's. */
function synthesizedRules(): Record<string, RuleProperties> {
  const stack = new Stack(new App(), 'Events', { env: { account: '111122223333', region: 'eu-west-2' } });
  const taskEvents = new TaskEvents(stack, 'TaskEvents', { instanceArn: INSTANCE_ARN });
  taskEvents.onEvent('Every');
  taskEvents.onCompleted('Completed');
  taskEvents.onEvent('AgentSide', { eventTypes: [TaskEventType.CONNECTED_TO_AGENT, TaskEventType.COMPLETED] });
  taskEvents.addWebhook('Crm', {
    endpoint: 'https://crm.example.com/hooks/tasks',
    authorization: events.Authorization.apiKey('x-api-key', SecretValue.secretsManager('crm-webhook-key')),
  });
  const rules = resourcesOf<RuleProperties>(Template.fromStack(stack), 'AWS::Events::Rule');
  const byId = (id: string) => Object.entries(rules).find(([logicalId]) => logicalId.startsWith(`TaskEvents${id}`))![1].Properties;
  return { Every: byId('Every'), Completed: byId('Completed'), AgentSide: byId('AgentSide'), Webhook: byId('CrmRule') };
}

describe('TaskEvents patterns, judged by event-ruler', () => {
  let rules: Record<string, RuleProperties>;
  beforeAll(() => {
    rules = synthesizedRules();
  });

  const cases: Array<[string, unknown, string[]]> = [
    ["this instance's task, INITIATED, channel TASK", TASK_INITIATED, ['Every', 'Webhook']],
    ["this instance's task, CONNECTED_TO_AGENT, channel Task", TASK_CONNECTED_TO_AGENT, ['AgentSide', 'Every', 'Webhook']],
    ["this instance's task, QUEUED, channel task", TASK_QUEUED, ['Every', 'Webhook']],
    ["this instance's task, COMPLETED", TASK_COMPLETED, ['AgentSide', 'Completed', 'Every', 'Webhook']],
    ['a voice call of this instance (channel VOICE)', VOICE_CALL_OF_THIS_INSTANCE, []],
    ['a chat of this instance', CHAT_OF_THIS_INSTANCE, []],
    ["another instance's task, same account", TASK_OF_ANOTHER_INSTANCE, []],
    ["another account's instance with the same id", TASK_OF_ANOTHER_ACCOUNT, []],
    ['the same task event under another detail-type', OTHER_DETAIL_TYPE, []],
    ["the guide's sample: a voice call connected to an agent", DOCUMENTED_VOICE_CONNECTED_TO_AGENT, []],
    ["the guide's sample: a voice call disconnected", DOCUMENTED_VOICE_DISCONNECTED, []],
  ];

  test('each event matches exactly the rules it should', () => {
    // GIVEN the synthesized event patterns, and events: this instance's tasks, and what must not match
    const patterns = Object.fromEntries(Object.entries(rules).map(([id, rule]) => [id, rule.EventPattern]));
    // WHEN event-ruler matches every event against every pattern
    const matched = matchWithEventRuler(
      patterns,
      cases.map(([, event]) => event),
    );
    // THEN each event matches exactly the expected rules
    expect(Object.fromEntries(cases.map(([what], i) => [what, matched[i]]))).toEqual(
      Object.fromEntries(cases.map(([what, , expected]) => [what, expected])),
    );
  });

  test("the webhook's input transformer turns each task event into the documented payload", () => {
    // GIVEN the webhook rule's input transformer, as synthesized
    const synthesized = rules.Webhook.Targets![0].InputTransformer!;
    const transformer: InputTransformer = { inputPathsMap: synthesized.InputPathsMap, inputTemplate: synthesized.InputTemplate };
    // WHEN it is applied to task events, as EventBridge fills a template
    const payloads = [TASK_INITIATED, TASK_CONNECTED_TO_AGENT, TASK_COMPLETED].map(
      (event) => JSON.parse(applyInputTransformer(transformer, event)) as TaskWebhookPayload,
    );
    // THEN each body is the documented payload: version, ids, instance, timestamps; empty strings for what the event lacks
    const common = {
      version: '1',
      contactId: '22222222-3333-4444-5555-666666666666',
      initialContactId: '22222222-3333-4444-5555-666666666666',
      previousContactId: '33333333-4444-5555-6666-777777777777',
      instanceArn: INSTANCE_ARN,
      initiationTimestamp: '2026-12-01T09:00:00.000Z',
    };
    // AND the COMPLETED one is the example docs/task-events.md shows
    expect(payloads[2]).toEqual(JSON.parse(codeBlock('docs/task-events.md', 'webhook-payload')));
    expect(payloads).toEqual([
      { ...common, eventType: 'INITIATED', eventTimestamp: '2026-12-01T09:00:05Z', disconnectTimestamp: '', disconnectReason: '' },
      { ...common, eventType: 'CONNECTED_TO_AGENT', eventTimestamp: '2026-12-01T09:00:05Z', disconnectTimestamp: '', disconnectReason: '' },
      {
        ...common,
        eventType: 'COMPLETED',
        eventTimestamp: '2026-12-01T09:25:00Z',
        disconnectTimestamp: '2026-12-01T09:20:00.000Z',
        disconnectReason: 'AGENT_DISCONNECT',
      },
    ]);
  });

  test("the payload never carries the contact event's other fields", () => {
    // GIVEN a task event that carries name, description, attributes and tags, as Connect's can
    const event = {
      ...TASK_COMPLETED,
      detail: { ...TASK_COMPLETED.detail, name: 'Call back 42', description: 'secret', attributes: { ssn: '123' }, tags: { team: 'x' } },
    };
    const synthesized = rules.Webhook.Targets![0].InputTransformer!;
    // WHEN the webhook's transformer is applied
    const body = applyInputTransformer({ inputPathsMap: synthesized.InputPathsMap, inputTemplate: synthesized.InputTemplate }, event);
    // THEN none of them is in the body
    expect(body).not.toMatch(/Call back 42|secret|ssn|123|team/);
  });
});
