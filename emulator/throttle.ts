/** A request rate limit: `rate` requests a second on average, bursts of up to `burst`. */
export interface ThrottleOptions {
  readonly rate: number;
  readonly burst: number;
}

/**
 * A token bucket, the way AWS throttles an API: it starts full, refills at `rate` tokens a second
 * up to `burst`, and each request takes one token or is throttled.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly options: ThrottleOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = options.burst;
    this.last = clock();
  }

  /** Takes a token; false when the bucket is empty and the request must be throttled. */
  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
