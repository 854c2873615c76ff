import { describe, expect, test } from '@jest/globals';
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { firingMinutes, readScheduleExpression } from '../../lib/private/schedule-expression';

/** The instants a schedule fires at between two dates, as ISO strings. */
function firings(expression: scheduler.ScheduleExpression, from: string, to: string): string[] {
  const read = readScheduleExpression(expression);
  if (read.kind === 'invalid') throw new Error(read.problem);
  return (firingMinutes(read, new Date(from), new Date(to)) ?? []).sort((a, b) => a - b).map((t) => new Date(t).toISOString());
}

const cron = (expression: string, timeZone?: TimeZone) => scheduler.ScheduleExpression.expression(`cron(${expression})`, timeZone);

describe('when a Scheduler schedule fires', () => {
  test('weekdays at 09:00 London time, across the change to summer time', () => {
    // GIVEN Friday 26 March 2027; the clocks go forward on Sunday 28 March
    // WHEN / THEN
    expect(firings(cron('0 9 ? * MON-FRI *', TimeZone.EUROPE_LONDON), '2027-03-26T00:00:00Z', '2027-04-01T00:00:00Z')).toEqual([
      '2027-03-26T09:00:00.000Z',
      '2027-03-29T08:00:00.000Z',
      '2027-03-30T08:00:00.000Z',
      '2027-03-31T08:00:00.000Z',
    ]);
  });

  test('the first Monday of each quarter (#)', () => {
    // GIVEN a cron for 09:00 London time on the first Monday of January, April, July and October
    // WHEN its firings over 2027 are listed
    // THEN there is one a quarter, at 08:00 UTC while summer time lasts
    expect(firings(cron('0 9 ? JAN,APR,JUL,OCT MON#1 *', TimeZone.EUROPE_LONDON), '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual([
      '2027-01-04T09:00:00.000Z',
      '2027-04-05T08:00:00.000Z',
      '2027-07-05T08:00:00.000Z',
      '2027-10-04T08:00:00.000Z',
    ]);
  });

  test('the last day of the month (L), in a leap year', () => {
    // GIVEN a cron for noon UTC on the last day of each month
    // WHEN its firings over February and March 2028 are listed
    // THEN February's falls on the 29th, the leap day
    expect(firings(cron('0 12 L * ? *'), '2028-02-01T00:00:00Z', '2028-04-01T00:00:00Z')).toEqual([
      '2028-02-29T12:00:00.000Z',
      '2028-03-31T12:00:00.000Z',
    ]);
  });

  test('the weekday nearest a day (W), never crossing into another month; the last weekday (LW)', () => {
    // GIVEN 1 and 15 May 2027 are Saturdays; 31 October 2027 is a Sunday
    // WHEN / THEN 15W moves back to Friday the 14th
    expect(firings(cron('0 12 15W * ? *'), '2027-05-01T00:00:00Z', '2027-06-01T00:00:00Z')).toEqual(['2027-05-14T12:00:00.000Z']);
    // AND 1W moves forward to Monday the 3rd rather than back into April
    expect(firings(cron('0 12 1W * ? *'), '2027-05-01T00:00:00Z', '2027-06-01T00:00:00Z')).toEqual(['2027-05-03T12:00:00.000Z']);
    // AND LW in October is Friday the 29th
    expect(firings(cron('0 12 LW * ? *'), '2027-10-01T00:00:00Z', '2027-11-01T00:00:00Z')).toEqual(['2027-10-29T12:00:00.000Z']);
  });

  test('the last Friday of the month (6L)', () => {
    // GIVEN a cron for noon UTC on the last Friday of each month
    // WHEN / THEN April 2027's firing is Friday the 30th
    expect(firings(cron('0 12 ? * 6L *'), '2027-04-01T00:00:00Z', '2027-05-01T00:00:00Z')).toEqual(['2027-04-30T12:00:00.000Z']);
  });

  test('increments from a value, and a range of weekdays that wraps past Saturday', () => {
    // GIVEN a cron every 20 minutes from 09:00 in the hour, Friday to Monday
    // WHEN its firings from Wednesday 24 to Tuesday 30 March 2027 are listed
    // THEN it fires at :00, :20 and :40 on Friday, Saturday, Sunday and Monday only
    expect(firings(cron('0/20 9 ? * FRI-MON *'), '2027-03-24T00:00:00Z', '2027-03-30T00:00:00Z')).toEqual([
      ...['2027-03-26', '2027-03-27', '2027-03-28', '2027-03-29'].flatMap((d) => [
        `${d}T09:00:00.000Z`,
        `${d}T09:20:00.000Z`,
        `${d}T09:40:00.000Z`,
      ]),
    ]);
  });

  test('years limit a cron', () => {
    // GIVEN a cron for 09:00 on 1 January, only in 2028
    // WHEN / THEN over 2027 to 2029 it fires once, in 2028
    expect(firings(cron('0 9 1 1 ? 2028'), '2027-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).toEqual(['2028-01-01T09:00:00.000Z']);
  });

  test('at() reads the date as a wall-clock time in its time zone', () => {
    // GIVEN a one-time schedule at 09:30 on 14 July 2027, New York time
    const at = scheduler.ScheduleExpression.at(new Date('2027-07-14T09:30:00Z'), TimeZone.AMERICA_NEW_YORK);
    // WHEN / THEN it fires once, at 13:30 UTC (New York is on daylight time, UTC-4)
    expect(firings(at, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual(['2027-07-14T13:30:00.000Z']);
  });

  test('a rate has no fixed minutes: it runs from when the schedule is created', () => {
    // GIVEN / WHEN an hourly rate expression is read
    const read = readScheduleExpression(scheduler.ScheduleExpression.rate(Duration.hours(1)));
    // THEN it has no firing minutes to list over 2027
    expect(firingMinutes(read, new Date('2027-01-01T00:00:00Z'), new Date('2028-01-01T00:00:00Z'))).toBeUndefined();
  });
});
