/** The error a call that missed its deadline fails with; the handlers map it to a timeout. */
export class DeadlineExceededError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Runs `call` with an abort signal that fires after `ms`, and settles by then even if the call
 * ignores the signal (a stuck DNS lookup): the caller always answers in time. The abort also
 * stops the SDK from retrying in the background, which could create a task after the caller
 * was told it timed out.
 */
export async function withDeadline<T>(ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineExceededError(ms));
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
