/** The error a call that missed its deadline fails with; the handlers map it to a timeout. */
export class DeadlineExceededError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Settles with `call` or, after `ms`, with a DeadlineExceededError, whichever comes first: the
 * caller always answers in time, even when a call is stuck where no SDK timeout reaches (DNS, a
 * retry backoff). Racing costs less per request than threading an abort signal through the SDK.
 */
export async function withDeadline<T>(ms: number, call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(ms)), ms);
  });
  try {
    return await Promise.race([call, expired]);
  } finally {
    clearTimeout(timer);
  }
}
