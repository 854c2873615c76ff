import type { ConnectClient } from '@aws-sdk/client-connect';
import { type DeadlineSignal, withDeadline } from '../aws-sdk/deadline';
import { fromLifecycleConnectError } from '../lifecycle/lifecycle-errors';
import type { ConnectTimer } from './connect-clock';

/**
 * The Connect calls of one lifecycle request, all inside one deadline: however many calls a
 * route makes, the function answers before its timeout, and a call started late gets only what
 * is left. Failures are mapped to the contract; every call's time counts towards the request's
 * Connect latency.
 */
export class ConnectSession {
  private readonly deadline: number;

  constructor(
    private readonly connect: ConnectClient,
    /** The deployment's instance, the only one the session's calls address. */
    readonly instanceId: string,
    budgetMs: number,
    /** Times each call for the request's log line and `ConnectLatency` metric. */
    private readonly timeConnect: ConnectTimer,
  ) {
    this.deadline = Date.now() + budgetMs;
  }

  /** One Connect call, with an abort signal that fires when the request's deadline passes. */
  async call<T>(send: (connect: ConnectClient, abortSignal: DeadlineSignal) => Promise<T>): Promise<T> {
    try {
      return await this.timeConnect(() =>
        withDeadline(Math.max(0, this.deadline - Date.now()), (abortSignal) => send(this.connect, abortSignal)),
      );
    } catch (error) {
      throw fromLifecycleConnectError(error);
    }
  }
}
