/** Runs a call to Amazon Connect, adding its time to the request's log line and `ConnectLatency` metric. */
export type ConnectTimer = <T>(call: () => Promise<T>) => Promise<T>;

/**
 * How long one request waited on Amazon Connect: the time at least one of its calls was in
 * flight, retries included. Calls made side by side (a task and its references) count once, so
 * the figure never exceeds the request's own duration.
 */
export class ConnectClock {
  private inFlight = 0;
  private busySince = 0;
  private waitedMs = 0;
  private called = false;

  readonly time: ConnectTimer = async (call) => {
    if (this.inFlight++ === 0) this.busySince = performance.now();
    this.called = true;
    try {
      return await call();
    } finally {
      if (--this.inFlight === 0) this.waitedMs += performance.now() - this.busySince;
    }
  };

  /** Whole milliseconds spent waiting on Connect so far; undefined when the request never called it. */
  get latencyMs(): number | undefined {
    return this.called ? Math.round(this.waitedMs) : undefined;
  }
}
