/** The error a call that missed its deadline fails with; the handlers map it to a timeout. */
export class DeadlineExceededError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * The abort signal of one AWS SDK call, in the shape the SDK takes besides the platform's
 * `AbortSignal`: `aborted` and one `onabort` handler (`@smithy/types`' AbortSignal). The SDK then
 * sets that handler where, given a platform signal, it adds and removes EventTarget listeners on
 * each attempt; that cost a warm POST /tasks about 5% over the bare SDK call (`npm run bench --
 * overhead`). One signal serves one SDK call, so one handler at a time is all it needs: the call's
 * current attempt, or its wait before the next.
 */
export class DeadlineSignal {
  aborted = false;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- the SDK's own type for the handler it sets
  onabort: Function | null = null;

  abort(): void {
    this.aborted = true;
    (this.onabort as (() => void) | null)?.();
  }
}

/**
 * Runs `call` with an abort signal that fires after `ms`, and settles by then even if the call
 * ignores the signal (a stuck DNS lookup): the caller always answers in time. The abort also
 * stops the SDK from retrying in the background, which could create a task after the caller
 * was told it timed out.
 */
export async function withDeadline<T>(ms: number, call: (signal: DeadlineSignal) => Promise<T>): Promise<T> {
  const signal = new DeadlineSignal();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      signal.abort();
      reject(new DeadlineExceededError(ms));
    }, ms);
  });
  try {
    return await Promise.race([call(signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
