import type { OperationName } from './model';

/**
 * A failure to inject into the next `count` requests (of one operation, when `operation` is
 * set): `error` answers InternalServiceException (500); `delay` holds the request for `ms`
 * milliseconds before handling it, which with a long enough `ms` is a hung service.
 */
export type Fault =
  | { readonly kind: 'error'; readonly count: number; readonly operation?: OperationName }
  | { readonly kind: 'delay'; readonly count: number; readonly ms: number; readonly operation?: OperationName };

/** Injected faults, consumed in the order they were injected. */
export class FaultQueue {
  private readonly pending: Array<{ fault: Fault; remaining: number }> = [];

  inject(fault: Fault): void {
    if (fault.count > 0) this.pending.push({ fault, remaining: fault.count });
  }

  /** The fault the next request of `operation` meets, if any; it counts against that fault. */
  take(operation: OperationName): Fault | undefined {
    const index = this.pending.findIndex(({ fault }) => fault.operation === undefined || fault.operation === operation);
    if (index < 0) return undefined;
    const entry = this.pending[index];
    if (--entry.remaining === 0) this.pending.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.pending.length = 0;
  }
}
