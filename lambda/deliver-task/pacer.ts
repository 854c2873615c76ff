/**
 * Hands out the container's Connect call slots, `1 / ratePerSecond` apart, in the order they are
 * asked for. The messages of a batch are delivered concurrently: each reads its status while
 * earlier ones wait for their slots, so the time a delivery spends outside its Connect call does
 * not lower the rate. After a pause (the event source deleting one batch and receiving the next)
 * up to `burst` slots start at once, so that time is made up too. It lives for the container;
 * each of the event source's 2 concurrent containers has its own, and 2 × 2 calls stay inside
 * Connect's default burst of 5.
 */
export class Pacer {
  private readonly intervalMs: number;
  /** When the next slot starts, unless the pacer has been idle since. */
  private next = Date.now();

  constructor(
    ratePerSecond: number,
    private readonly burst = 2,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  /**
   * Takes the next slot and waits for it, or returns false at once, taking nothing, when that slot
   * would start after `latestStart` (epoch milliseconds).
   */
  async slot(latestStart = Infinity): Promise<boolean> {
    const start = this.nextStart();
    if (start > latestStart) return false;
    this.next = start + this.intervalMs;
    const wait = start - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return true;
  }

  /** Gives up one slot: Connect throttled a call, so the account's other callers are using the quota. */
  skip(): void {
    this.next = this.nextStart() + this.intervalMs;
  }

  /** An idle pacer owes at most `burst` slots: they start now, one interval apart on paper. */
  private nextStart(): number {
    return Math.max(this.next, Date.now() - (this.burst - 1) * this.intervalMs);
  }
}
