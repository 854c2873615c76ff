import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces calls `1 / ratePerSecond` seconds apart. It lives for the container, so the pace holds
 * across the batches one container runs; each concurrent container has its own.
 */
export class Pacer {
  private next = 0;

  constructor(private readonly ratePerSecond: number) {}

  /** Milliseconds until the next call may start. */
  get waitMs(): number {
    return Math.max(0, this.next - Date.now());
  }

  /** Waits for the next slot and takes it. */
  async slot(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.ratePerSecond;
    if (at > now) await sleep(at - now);
  }

  /** Leaves one slot empty: Connect throttled a call, so the account's other callers are using the quota. */
  skip(): void {
    this.next = Math.max(this.next, Date.now()) + 1000 / this.ratePerSecond;
  }
}
