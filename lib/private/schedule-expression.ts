import { Token } from 'aws-cdk-lib';
import type { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';

/**
 * EventBridge Scheduler's schedule expressions, read as Scheduler reads them (the "Schedule types"
 * page of the EventBridge Scheduler user guide): `cron(minutes hours day-of-month month
 * day-of-week year)`, `rate(...)` and `at(yyyy-mm-ddThh:mm:ss)`, each in an IANA time zone.
 * aws-cdk-lib writes these without checking the fields, so a minute of 99 or an unknown time zone
 * would only fail at deploy time; here they fail at synth time, and the instants a schedule fires
 * at can be listed.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for the values from `min` on, e.g. JAN for 1. */
  readonly names?: readonly string[];
  /** Whether `/` (increments) is allowed; Scheduler's day-of-week field takes none. */
  readonly steps: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59, steps: true },
  { name: 'hours', min: 0, max: 23, steps: true },
  { name: 'day-of-month', min: 1, max: 31, steps: true },
  { name: 'month', min: 1, max: 12, names: MONTHS, steps: true },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, steps: false },
  { name: 'year', min: 1970, max: 2199, steps: true },
];

/** Which days of a month a cron's day-of-month field selects. */
type DayOfMonth =
  | { readonly kind: 'unspecified' }
  | { readonly kind: 'values'; readonly values: ReadonlySet<number> }
  | { readonly kind: 'last' }
  | { readonly kind: 'lastWeekday' }
  | { readonly kind: 'nearestWeekday'; readonly day: number };

/** Which days of a month a cron's day-of-week field selects (1 = Sunday). */
type DayOfWeek =
  | { readonly kind: 'unspecified' }
  | { readonly kind: 'values'; readonly values: ReadonlySet<number> }
  | { readonly kind: 'lastOfMonth'; readonly weekday: number }
  | { readonly kind: 'nth'; readonly weekday: number; readonly n: number };

interface Cron {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonth;
  readonly months: ReadonlySet<number>;
  readonly dayOfWeek: DayOfWeek;
  readonly years: ReadonlySet<number>;
}

/** A schedule expression read: when it fires, or why Scheduler would reject it. */
export type ReadSchedule =
  | { readonly kind: 'cron'; readonly cron: Cron; readonly timeZone: string }
  | { readonly kind: 'at'; readonly instant: Date; readonly timeZone: string }
  | { readonly kind: 'rate'; readonly periodSeconds?: number }
  | { readonly kind: 'unresolved' }
  | { readonly kind: 'invalid'; readonly problem: string };

/** Reads a schedule expression; values that are tokens are left to deploy time. */
export function readScheduleExpression(expression: ScheduleExpression): ReadSchedule {
  const text = expression.expressionString;
  const timeZone = expression.timeZone?.timezoneName ?? 'Etc/UTC';
  if (Token.isUnresolved(text) || Token.isUnresolved(timeZone)) return { kind: 'unresolved' };
  const zoneProblem = timeZoneProblem(timeZone);
  if (zoneProblem) return { kind: 'invalid', problem: zoneProblem };
  const [, kind, body] = /^(cron|rate|at)\((.*)\)$/.exec(text) ?? [];
  try {
    switch (kind) {
      case 'cron':
        return { kind: 'cron', cron: readCron(body), timeZone };
      case 'at':
        return { kind: 'at', instant: readAt(body, timeZone), timeZone };
      case 'rate':
        // aws-cdk-lib builds rate() from a Duration and checks it; a literal one is Scheduler's to judge.
        return { kind: 'rate', periodSeconds: ratePeriodSeconds(body) };
      default:
        return { kind: 'invalid', problem: `"${text}" is not a cron(...), rate(...) or at(...) expression` };
    }
  } catch (error) {
    return { kind: 'invalid', problem: `${text}: ${(error as Error).message}` };
  }
}

const RATE_UNIT_SECONDS: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86_400 };

/** The seconds between a rate's occurrences, `rate(5 minutes)` → 300; undefined when it is not of that form. */
function ratePeriodSeconds(body: string): number | undefined {
  const [, value, unit] = /^(\d+) (minute|hour|day)s?$/.exec(body.trim()) ?? [];
  return value === undefined ? undefined : Number(value) * RATE_UNIT_SECONDS[unit];
}

/** Why Scheduler would not know a time zone name, or undefined when it is an IANA name. */
function timeZoneProblem(name: string): string | undefined {
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return `the time zone "${name}" is not an IANA time zone name; use one of aws-cdk-lib's TimeZone constants, e.g. TimeZone.EUROPE_LONDON`;
  }
  // Intl accepts any case; the names Scheduler accepts are IANA's, which are case-sensitive.
  if (canonical !== name && canonical.toLowerCase() === name.toLowerCase()) {
    return `the time zone "${name}" must be written "${canonical}"`;
  }
  return undefined;
}

function readCron(body: string): Cron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) {
    throw new Error(
      `a cron expression has ${FIELDS.length} fields (${FIELDS.map((f) => f.name).join(' ')}), this one has ${fields.length}`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    throw new Error(`day-of-month and day-of-week cannot both be given: put ? in one of them, e.g. "0 9 ? * MON-FRI *" or "0 9 1 * ? *"`);
  }
  return {
    minutes: [...readValues(minutes, FIELDS[0])],
    hours: [...readValues(hours, FIELDS[1])],
    dayOfMonth: readDayOfMonth(dayOfMonth),
    months: readValues(month, FIELDS[3]),
    dayOfWeek: readDayOfWeek(dayOfWeek),
    years: readValues(year, FIELDS[5]),
  };
}

function readDayOfMonth(field: string): DayOfMonth {
  if (field === '?') return { kind: 'unspecified' };
  if (field === 'L') return { kind: 'last' };
  if (field === 'LW') return { kind: 'lastWeekday' };
  const weekday = /^(\d+)W$/.exec(field);
  if (weekday) return { kind: 'nearestWeekday', day: readValue(weekday[1], FIELDS[2]) };
  return { kind: 'values', values: readValues(field, FIELDS[2]) };
}

function readDayOfWeek(field: string): DayOfWeek {
  const spec = FIELDS[4];
  if (field === '?') return { kind: 'unspecified' };
  // L alone is the last day of the week, Saturday.
  if (field === 'L') return { kind: 'values', values: new Set([7]) };
  const last = /^(\w+)L$/.exec(field);
  if (last) return { kind: 'lastOfMonth', weekday: readValue(last[1], spec) };
  const nth = /^(\w+)#(\d+)$/.exec(field);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) throw new Error(`day-of-week "${field}": the number after # is the week of the month, 1 to 5`);
    return { kind: 'nth', weekday: readValue(nth[1], spec), n };
  }
  return { kind: 'values', values: readValues(field, spec) };
}

/** A list of values, ranges and increments, e.g. `0,30`, `MON-FRI`, `*`, `0/15`, `8-17/2`. */
function readValues(field: string, spec: FieldSpec): ReadonlySet<number> {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || (step !== undefined && !spec.steps)) {
      throw new Error(`${spec.name} "${item}" is not valid${spec.steps ? '' : `: ${spec.name} takes no / increments`}`);
    }
    const increment = step === undefined ? 1 : readNumber(step, spec, 1, spec.max - spec.min + 1, 'increment');
    let from: number;
    let to: number;
    if (range === '*') {
      [from, to] = [spec.min, spec.max];
    } else {
      const [start, end, more] = range.split('-');
      if (more !== undefined) throw new Error(`${spec.name} "${item}" is not valid`);
      from = readValue(start, spec);
      // `a/step` runs from a to the end of the field.
      to = end !== undefined ? readValue(end, spec) : step !== undefined ? spec.max : from;
    }
    // A range may wrap around the end of the field, e.g. FRI-MON or NOV-FEB.
    const count = (to >= from ? to - from : to - from + spec.max - spec.min + 1) + 1;
    for (let i = 0; i < count; i += increment) values.add(spec.min + ((from - spec.min + i) % (spec.max - spec.min + 1)));
  }
  return values;
}

function readValue(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return spec.min + named;
  return readNumber(text, spec, spec.min, spec.max, 'value');
}

function readNumber(text: string, spec: FieldSpec, min: number, max: number, what: string): number {
  const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
  if (!/^\d+$/.test(text)) throw new Error(`${spec.name} ${what} "${text}" is not a number${what === 'value' ? names : ''}`);
  const value = Number(text);
  if (value < min || value > max) throw new Error(`${spec.name} ${what} ${value} is outside ${min}-${max}${what === 'value' ? names : ''}`);
  return value;
}

/** `at(2026-12-01T09:00:00)`: a wall-clock time in the schedule's time zone. */
function readAt(body: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) throw new Error('an at() expression is at(yyyy-mm-ddThh:mm:ss)');
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number);
  const instant = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (instant.getUTCMonth() !== mo - 1 || instant.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new Error('the date is not a real calendar date and time');
  }
  return new Date(utcOf(y, mo, d, h * 60 + mi, timeZone) + s * 1000);
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The minutes (epoch milliseconds, whole minutes) at which a schedule fires in `[from, to)`;
 * undefined for a rate, which runs from whenever the schedule is created.
 */
export function firingMinutes(schedule: ReadSchedule, from: Date, to: Date): number[] | undefined {
  if (schedule.kind === 'at') {
    const t = Math.floor(schedule.instant.getTime() / MINUTE) * MINUTE;
    return t >= from.getTime() && t < to.getTime() ? [t] : [];
  }
  if (schedule.kind !== 'cron') return undefined;
  const { cron, timeZone } = schedule;
  const firings: number[] = [];
  // Local days from the one before `from` to the one after `to`, wide enough for any offset.
  for (let day = Math.floor(from.getTime() / DAY) * DAY - DAY; day <= to.getTime() + DAY; day += DAY) {
    const date = new Date(day);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!firesOn(cron, y, m, d, date.getUTCDay() + 1)) continue;
    // One offset for the day unless it changes that day (a daylight-saving transition).
    const startOffset = utcOf(y, m, d, 0, timeZone) - day;
    const steady = utcOf(y, m, d, 24 * 60 - 1, timeZone) - (day + DAY - MINUTE) === startOffset;
    for (const h of cron.hours) {
      for (const mi of cron.minutes) {
        const t = steady ? day + (h * 60 + mi) * MINUTE + startOffset : utcOf(y, m, d, h * 60 + mi, timeZone);
        if (t >= from.getTime() && t < to.getTime()) firings.push(t);
      }
    }
  }
  return firings;
}

function firesOn(cron: Cron, y: number, m: number, d: number, weekday: number): boolean {
  if (!cron.years.has(y) || !cron.months.has(m)) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const weekdayOf = (day: number) => new Date(Date.UTC(y, m - 1, day)).getUTCDay() + 1;
  const dom = cron.dayOfMonth;
  switch (dom.kind) {
    case 'values':
      return dom.values.has(d);
    case 'last':
      return d === daysInMonth;
    case 'lastWeekday':
      return d === nearestWeekday(daysInMonth, daysInMonth, weekdayOf);
    case 'nearestWeekday':
      return d === nearestWeekday(dom.day, daysInMonth, weekdayOf);
    case 'unspecified':
      break;
  }
  const dow = cron.dayOfWeek;
  switch (dow.kind) {
    case 'values':
      return dow.values.has(weekday);
    case 'lastOfMonth':
      return weekday === dow.weekday && d + 7 > daysInMonth;
    case 'nth':
      return weekday === dow.weekday && Math.ceil(d / 7) === dow.n;
    case 'unspecified':
      return true;
  }
}

/** The weekday nearest to `day` within its month (the `W` of a day-of-month field); 0 when the month is shorter. */
function nearestWeekday(day: number, daysInMonth: number, weekdayOf: (day: number) => number): number {
  if (day > daysInMonth) return 0;
  const weekday = weekdayOf(day);
  if (weekday === 7) return day === 1 ? 3 : day - 1; // Saturday: the Friday before, or Monday the 3rd
  if (weekday === 1) return day === daysInMonth ? day - 2 : day + 1; // Sunday: the Monday after, or the Friday before
  return day;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The instant (epoch ms) of a wall-clock time in a time zone, `minuteOfDay` minutes after its midnight. */
function utcOf(y: number, m: number, d: number, minuteOfDay: number, timeZone: string): number {
  const wallClock = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE;
  const first = wallClock - offsetAt(wallClock, timeZone);
  // Near a daylight-saving change the offset at the first guess may differ from the one at the answer.
  return wallClock - offsetAt(first, timeZone);
}

/** How far the time zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  const wallClock = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute);
  return wallClock - Math.floor(instant / MINUTE) * MINUTE;
}
