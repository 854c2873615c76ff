import { jest } from '@jest/globals';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { emfDocument, type EmfRoot } from '../e2e/emf-specification';
import { context, type LoadedHandler } from './start-task-harness';

/** A request's log line, as the handler passes it to `console`. */
export interface RequestLog {
  readonly outcome: string;
  readonly requestId: string;
  readonly status: number;
  readonly code?: string;
  readonly connectLatencyMs?: number;
  readonly [field: string]: unknown;
}

export interface Observed {
  readonly response: APIGatewayProxyResult;
  /** Each console call: its level and its one argument. */
  readonly logs: Array<{ readonly level: string; readonly line: RequestLog }>;
  /** What the handler wrote to stdout, line by line. */
  readonly stdout: string[];
  /** Those lines as embedded metric format documents. */
  readonly metrics: EmfRoot[];
}

/** Invokes a handler once and records what it wrote: its console calls and its stdout lines. */
export async function observe(loaded: LoadedHandler, event: unknown): Promise<Observed> {
  const logs: Array<{ level: string; line: RequestLog }> = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logs.push({ level, line: (args.length === 1 ? args[0] : args) as RequestLog });
    }),
  );
  const stdout: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    const response = await loaded.handler(event, context);
    return { response, logs, stdout, metrics: stdout.map(emfDocument) };
  } finally {
    [...spies, write].forEach((s) => s.mockRestore());
  }
}

/** The counts one request publishes, beside the `ConnectLatency` every request that called Connect has. */
export interface RequestCounts {
  readonly ApiName?: string;
  readonly TasksCreated?: number;
  readonly ValidationRejections?: number;
  readonly ConnectThrottles?: number;
}

/** What `metrics` holds after a request that called Connect: one document with `counts` and a Connect latency. */
export function metricsOfACall(counts: RequestCounts): unknown[] {
  return [expect.objectContaining({ ...counts, ConnectLatency: expect.any(Number) as unknown }) as unknown];
}
