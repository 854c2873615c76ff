import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConnectContactEvent, contactArn, targetArn } from '../lib/contract';
import type { OperationName } from './model';

/** The resources of one seeded Connect instance; see emulator/README.md. */
export interface SeedInstance {
  readonly arn: string;
  /** Concurrent active tasks the instance accepts (Connect's default quota is 2,500). */
  readonly activeTaskQuota: number;
  readonly contactFlows: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly taskTemplates: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly description?: string;
    /** The flow a task created from the template runs; without one, StartTaskContact must name a flow. */
    readonly contactFlowId?: string;
    readonly status?: 'ACTIVE' | 'INACTIVE';
    /** The template's fields, constraints and defaults, in the service model's shapes (`TaskTemplateField`, …). */
    readonly fields?: readonly object[];
    readonly constraints?: object;
    readonly defaults?: object;
  }>;
  readonly quickConnects: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** Contacts of other channels the instance already has, e.g. an inbound call a task follows up. */
  readonly contacts?: ReadonlyArray<{
    readonly id: string;
    readonly channel: Exclude<Channel, 'TASK'>;
    readonly initiationMethod: string;
  }>;
}

/** Connect's channels (the model's Channel enum). */
export type Channel = 'TASK' | 'VOICE' | 'CHAT' | 'EMAIL';

export interface Seed {
  readonly instances: readonly SeedInstance[];
}

export const DEFAULT_SEED_PATH = join(__dirname, 'seed.json');

export function readSeed(path: string = DEFAULT_SEED_PATH): Seed {
  return JSON.parse(readFileSync(path, 'utf8')) as Seed;
}

/** A seeded instance, with the parts of its ARN the emulator answers with. */
export interface Instance extends SeedInstance {
  readonly id: string;
  readonly region: string;
  readonly seededAt: Date;
  /** The seeded task templates and those created since, by id, as GetTaskTemplate answers them. */
  readonly templates: Map<string, TaskTemplate>;
}

/** A task template as the emulator keeps it: the members of the model's GetTaskTemplateResponse. */
export interface TaskTemplate {
  readonly Id: string;
  readonly Arn: string;
  readonly InstanceId: string;
  Name: string;
  Description?: string;
  ContactFlowId?: string;
  SelfAssignFlowId?: string;
  Status: 'ACTIVE' | 'INACTIVE';
  Fields: readonly object[];
  Constraints?: object;
  Defaults?: object;
  readonly CreatedTime: Date;
  LastModifiedTime: Date;
}

/** A contact as the emulator keeps it; DescribeContact answers with its Contact-shaped fields. */
export interface Contact {
  readonly Id: string;
  readonly Arn: string;
  readonly instanceId: string;
  readonly Channel: Channel;
  readonly InitiationMethod: string;
  Name?: string;
  Description?: string;
  /** Shared by reference along a PreviousContactId chain, so an update reaches every contact in it. */
  readonly Attributes: Record<string, string>;
  References?: Record<string, { Type: string; Value?: string }>;
  readonly SegmentAttributes?: Record<string, unknown>;
  readonly PreviousContactId?: string;
  readonly RelatedContactId?: string;
  /** The template a task was created from (the model's `TaskTemplateInfoV2`). */
  readonly TaskTemplateInfo?: { readonly Arn: string; readonly Name: string };
  /** The target a task was started with; other channels have none. */
  readonly target?: Readonly<Record<'ContactFlowId' | 'TaskTemplateId' | 'QuickConnectId', string | undefined>>;
  readonly InitiationTimestamp: Date;
  LastUpdateTimestamp: Date;
  ScheduledTimestamp?: Date;
  DisconnectTimestamp?: Date;
  /** Why the contact ended: `API` (StopContact), `AGENT_DISCONNECT`, `EXPIRED`. */
  DisconnectReason?: string;
  /** Set when the task reaches a queue (the local agent controls play it). */
  QueueInfo?: { Id?: string; EnqueueTimestamp?: Date };
  /** Set when an agent accepts the contact (the local agent controls, or a test). */
  AgentInfo?: { Id?: string; ConnectedToAgentTimestamp?: Date };
}

/**
 * Adds or replaces `source`'s attributes on `target`, each as an own property: a key named
 * `__proto__` is an attribute like any other (Connect's AttributeName allows it), where
 * assignment (`Object.assign`) would set the map's prototype instead and keep nothing.
 */
export function putAttributes(target: Record<string, string>, source: Readonly<Record<string, string>> | undefined): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** Everything the emulator knows: the seeded instances, the contacts created and the idempotency tokens used. */
export class EmulatorState {
  readonly instances = new Map<string, Instance>();
  readonly contacts = new Map<string, Contact>();
  /** `instanceId/clientToken` → the request it first came with and the contact it created. */
  readonly clientTokens = new Map<string, { readonly fingerprint: string; readonly contactId: string }>();
  /** Requests that reached each operation, whatever their outcome: how many attempts a client made. */
  readonly requests = new Map<OperationName, number>();
  /** Every contact event emitted, in order. */
  readonly contactEvents: ConnectContactEvent[] = [];

  constructor(seed: Seed, now: Date) {
    for (const instance of seed.instances) {
      const [, , , region, , resource] = instance.arn.split(':');
      const id = resource.replace(/^instance\//, '');
      const templates = new Map(
        instance.taskTemplates.map((t): [string, TaskTemplate] => [
          t.id,
          {
            Id: t.id,
            Arn: targetArn(instance.arn, 'TaskTemplateId', t.id),
            InstanceId: id,
            Name: t.name,
            Description: t.description,
            ContactFlowId: t.contactFlowId,
            Status: t.status ?? 'ACTIVE',
            Fields: t.fields ?? [],
            Constraints: t.constraints,
            Defaults: t.defaults,
            CreatedTime: now,
            LastModifiedTime: now,
          },
        ]),
      );
      this.instances.set(id, { ...instance, id, region, seededAt: now, templates });
      for (const contact of instance.contacts ?? []) {
        this.contacts.set(contact.id, {
          Id: contact.id,
          Arn: contactArn(instance.arn, contact.id),
          instanceId: id,
          Channel: contact.channel,
          InitiationMethod: contact.initiationMethod,
          Attributes: {},
          InitiationTimestamp: now,
          LastUpdateTimestamp: now,
        });
      }
    }
  }

  /** The tasks of an instance that have not ended (scheduled ones included: they hold a task slot). */
  activeTasks(instanceId: string): Contact[] {
    return [...this.contacts.values()].filter((c) => c.instanceId === instanceId && c.Channel === 'TASK' && !c.DisconnectTimestamp);
  }
}
