import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DEFAULT_CONNECT_TIMEOUT_MS, startTaskFunctionTimeoutMs } from '../lib/contract';

/** The bundled handler of `lambda/<name>/`. */
export const handlerBundle = (name: string) => join(__dirname, '..', 'assets', name, 'index.js');
export const HANDLER_BUNDLE = handlerBundle('start-task');

/**
 * Where the handler's output (log lines and metric lines) goes: this process's output, nowhere,
 * or a stream of the caller's (tests that read what the handler wrote).
 */
export type HandlerLogs = 'inherit' | 'discard' | NodeJS.WritableStream;

/** The Lambda timeout TaskApi gives the handler by default (lib/task-api.ts); its Connect deadline lies inside it. */
const LAMBDA_TIMEOUT_MS = startTaskFunctionTimeoutMs(DEFAULT_CONNECT_TIMEOUT_MS);

type Outcome = { id: number; result: unknown; error?: undefined } | { id: number; error: string };

export interface HandlerHostOptions {
  /** @default HANDLER_BUNDLE, the start-task handler */
  readonly bundle?: string;
  /** What `context.getRemainingTimeInMillis()` counts down from. @default 10 s, TaskApi's default function timeout */
  readonly timeoutMs?: number;
}

/**
 * A bundled handler, loaded in a worker thread with its own environment, so each host has its
 * own configuration, as each Lambda function does.
 */
export class HandlerHost {
  private nextId = 0;
  private readonly pending = new Map<number, (outcome: Outcome) => void>();

  private constructor(
    private readonly worker: Worker,
    private readonly timeoutMs: number,
  ) {
    worker.on('message', (outcome: Outcome) => {
      this.pending.get(outcome.id)?.(outcome);
      this.pending.delete(outcome.id);
    });
    // A worker that dies (out of memory, terminated) fails its pending invocations instead of hanging them.
    worker.on('exit', (code) => {
      for (const [id, settle] of this.pending) settle({ id, error: `nothing: its worker exited with code ${code}` });
      this.pending.clear();
    });
  }

  /** Loads the handler with `env` as its whole environment; fails when the module does not load. */
  static async start(env: NodeJS.ProcessEnv, logs: HandlerLogs, options: HandlerHostOptions = {}): Promise<HandlerHost> {
    const worker = new Worker(join(__dirname, 'handler-worker.cjs'), {
      env,
      workerData: { handlerPath: options.bundle ?? HANDLER_BUNDLE },
      stdout: true,
      stderr: true,
    });
    if (logs === 'inherit') {
      worker.stdout.pipe(process.stdout);
      worker.stderr.pipe(process.stderr);
    } else if (logs === 'discard') {
      worker.stdout.resume();
      worker.stderr.resume();
    } else {
      worker.stdout.pipe(logs, { end: false });
      worker.stderr.pipe(logs, { end: false });
    }
    const [first] = (await once(worker, 'message')) as [{ type: 'ready' } | { type: 'failed'; message: string }];
    if (first.type === 'failed') {
      await worker.terminate();
      throw new Error(`the handler failed to load: ${first.message}`);
    }
    return new HandlerHost(worker, options.timeoutMs ?? LAMBDA_TIMEOUT_MS);
  }

  /** Invokes the handler as Lambda would, with a fresh request id; rejects when the handler throws. */
  async invoke<Result = APIGatewayProxyResult>(event: APIGatewayProxyEvent | object): Promise<Result> {
    const id = this.nextId++;
    const outcome = await new Promise<Outcome>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, event, awsRequestId: randomUUID(), timeoutMs: this.timeoutMs });
    });
    if (outcome.error !== undefined) throw new Error(`the handler threw ${outcome.error}`);
    return outcome.result as Result;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
