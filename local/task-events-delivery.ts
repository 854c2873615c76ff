import { setTimeout as sleep } from 'node:timers/promises';
import { applyInputTransformer, type ConnectContactEvent, TASK_CHANNEL, TASK_WEBHOOK_TRANSFORMER } from '../lib/contract';

/**
 * `npm start -- --events URL`: POSTs each task event of the emulator to a local URL with the body
 * a `TaskEvents` webhook sends (the same input transformer, from lib/contract). EventBridge may
 * deliver an event twice and out of order; on request this does too, so a receiver can show it
 * copes.
 */

export interface TaskEventsDeliveryOptions {
  /** The receiver, e.g. `http://127.0.0.1:8080/hooks/tasks`. */
  readonly url: string;
  /** The instance whose task events to deliver, as the webhook's rule matches one instance. */
  readonly instanceArn: string;
  /** Send every payload twice. @default false */
  readonly repeat?: boolean;
  /** Hold each delivery back a random moment up to this long, so later ones may overtake it. @default 0 */
  readonly reorderWithinMs?: number;
  /** Where delivery failures are reported. @default console.error */
  readonly log?: (line: string) => void;
}

export interface TaskEventsDelivery {
  /** Delivers the event's payload if the webhook's rule would match it. */
  deliver(event: ConnectContactEvent): void;
  /** Waits for the deliveries under way. */
  close(): Promise<void>;
}

/** EventBridge gives an API destination 5 seconds to answer. */
const ANSWER_WITHIN_MS = 5000;

export function startTaskEventsDelivery(options: TaskEventsDeliveryOptions): TaskEventsDelivery {
  const log = options.log ?? ((line: string) => console.error(line));
  const underWay = new Set<Promise<void>>();

  async function post(body: string, what: string): Promise<void> {
    if (options.reorderWithinMs) await sleep(Math.random() * options.reorderWithinMs);
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      await response.arrayBuffer();
      if (!response.ok) log(`task events: ${options.url} answered ${response.status} to ${what}`);
    } catch (error) {
      log(`task events: ${what} did not reach ${options.url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    deliver(event) {
      const { detail } = event;
      if (detail.instanceArn !== options.instanceArn || detail.channel.toUpperCase() !== TASK_CHANNEL) return;
      const body = applyInputTransformer(TASK_WEBHOOK_TRANSFORMER, event);
      const what = `${detail.eventType} of ${detail.contactId}`;
      for (let i = 0; i < (options.repeat ? 2 : 1); i++) {
        const sending = post(body, what).finally(() => underWay.delete(sending));
        underWay.add(sending);
      }
    },
    close: async () => {
      await Promise.all(underWay);
    },
  };
}
