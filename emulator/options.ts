import { CONNECT_DEFAULT_QUOTA } from '../lib/contract/connect-quota';
import type { Fault } from './faults';
import type { ConnectEmulatorOptions } from './server';

/**
 * The emulator's knobs as command-line flags, shared by `emulator/cli.ts` and `npm start`. Each
 * flag can also come from the environment: `--fail-next 3` or `CONNECT_EMULATOR_FAIL_NEXT=3`.
 */
export const EMULATOR_FLAGS = {
  seed: { type: 'string' },
  'emulator-port': { type: 'string' },
  /** `rate:burst`, e.g. `5:10`. */
  throttle: { type: 'string' },
  /** The next N requests fail with InternalServiceException. */
  'fail-next': { type: 'string' },
  /** `N:ms`: the next N requests are held ms milliseconds. */
  'delay-next': { type: 'string' },
  'max-schedule-ahead-seconds': { type: 'string' },
} as const;

type Flag = keyof typeof EMULATOR_FLAGS;
type FlagValues = Partial<Record<string, string | boolean | undefined>>;

export const envName = (flag: Flag) =>
  `CONNECT_EMULATOR_${flag
    .replace(/^emulator-/, '')
    .replace(/-/g, '_')
    .toUpperCase()}`;

/** Emulator options from parsed flags, falling back to the environment. */
export function emulatorOptions(flags: FlagValues, env: NodeJS.ProcessEnv = process.env): ConnectEmulatorOptions {
  const value = (flag: Flag) => (flags[flag] as string | undefined) ?? env[envName(flag)];
  const numbers = (flag: Flag, count: number, orElse = '') => {
    const raw = value(flag);
    if (raw === undefined) return undefined;
    const parts = raw.split(':').map(Number);
    if (parts.length !== count || parts.some((n) => !Number.isFinite(n) || n < 0)) {
      throw new Error(
        `--${flag} (or ${envName(flag)}) must be ${count === 1 ? 'a number' : `${count} numbers joined by ':'`}${orElse}; got ${raw}`,
      );
    }
    return parts;
  };
  const throttleOff = value('throttle') === 'off';
  const [rate, burst] = (throttleOff ? undefined : numbers('throttle', 2, " or 'off'")) ?? [];
  const [failCount] = numbers('fail-next', 1) ?? [];
  const [delayCount, delayMs] = numbers('delay-next', 2) ?? [];
  const [port] = numbers('emulator-port', 1) ?? [];
  const [maxScheduleAheadSeconds] = numbers('max-schedule-ahead-seconds', 1) ?? [];
  const faults: Fault[] = [
    ...(failCount ? [{ kind: 'error' as const, count: failCount }] : []),
    ...(delayCount ? [{ kind: 'delay' as const, count: delayCount, ms: delayMs }] : []),
  ];
  return {
    seed: value('seed'),
    port,
    throttle: throttleOff ? 'off' : rate === undefined ? undefined : { rate, burst },
    faults,
    maxScheduleAheadSeconds,
  };
}

/** The throttle in effect, for the line a tool prints when it starts. */
export function throttleSummary(throttle: ConnectEmulatorOptions['throttle']): string {
  if (throttle === 'off') return 'no throttle';
  const { rate, burst } = throttle ?? CONNECT_DEFAULT_QUOTA;
  const origin = throttle ? '' : ", Connect's default quota; --throttle RATE:BURST or --throttle off to change it";
  return `throttled at ${rate} requests/s, bursts of ${burst}${origin}`;
}
