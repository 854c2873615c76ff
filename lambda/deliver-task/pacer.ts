import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A token bucket for the container's Connect calls: `ratePerSecond` on average, and up to
 * `burst` calls at once after a pause, so the time lost between two batches (the event source
 * deleting one and receiving the next) is made up instead of lowering the rate. It lives for the
 * container; each of the event source's 2 concurrent containers has its own, and 2 × 2 calls
 * stay inside Connect's default burst of 5.
 */
export class Pacer {
  private tokens = 1;
  private last = Date.now();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = 2,
  ) {}

  /** Milliseconds until the next call may start. */
  get waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.ratePerSecond) * 1000;
  }

  /** Waits for the next call's turn and takes it. */
  async slot(): Promise<void> {
    const wait = this.waitMs;
    if (wait > 0) await sleep(wait);
    this.refill();
    this.tokens -= 1;
  }

  /** Gives up one call's turn: Connect throttled a call, so the account's other callers are using the quota. */
  skip(): void {
    this.refill();
    this.tokens -= 1;
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }
}
