/** The q-quantile (0..1) of samples, by the nearest-rank method. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);

/** Milliseconds elapsed since `start` (a `process.hrtime.bigint()` reading). */
export const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
