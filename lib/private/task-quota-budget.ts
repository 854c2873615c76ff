import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { CONNECT_DEFAULT_QUOTA } from '../contract';
import { firingMinutes, type ReadSchedule } from './schedule-expression';

const ID = 'CdkConnectTasksQuotaBudget';
/** How far ahead the same-minute check looks: a year covers monthly and quarterly schedules. */
const HORIZON_DAYS = 366;
/** How many constructs a warning names before it counts the rest. */
const NAMED = 5;

/** The stack's quota as the budget reads it (a ConnectTaskQuota is one). */
export interface BudgetQuota extends IConstruct {
  /** Calls a second, after the burst. */
  readonly ratePerSecond: number;
  /** Calls Connect lets through at once. */
  readonly burst: number;
  /** Whether the stack declared the quota, rather than taking Connect's default. */
  readonly declared: boolean;
}

/** A construct that calls StartTaskContact steadily, up to a rate. */
export interface RateShare {
  readonly construct: IConstruct;
  /** Calls a second at most. */
  readonly ratePerSecond: number;
  /** The setting that decides it, named in the warning so the user knows what to lower, e.g. `throttle.rateLimit`. */
  readonly setting: string;
}

/** A schedule that starts its task at exact minutes (no flexible time window), straight at Connect. */
export interface ExactTimeShare {
  readonly construct: IConstruct;
  readonly schedule: ReadSchedule;
  readonly start?: Date;
  readonly end?: Date;
}

/**
 * The stack's StartTaskContact budget: every construct that calls Connect states its planned
 * share here, and once the whole stack is declared the shares are added up against the stack's
 * ConnectTaskQuota. Two sums are checked: the sustained rates against the quota's rate, and the
 * tasks that start straight at Connect in one minute (all in its first seconds) against its
 * burst. When a sum exceeds the quota, each construct in it gets a warning naming the shares,
 * the quota and the ways out.
 */
export class TaskQuotaBudget extends Construct {
  /** The stack's budget, made by the first construct that states a share. */
  /**
   * The stack's budget. `quotaOf` finds the stack's quota once the stack is declared, not now: a
   * quota looked up early would be Connect's default before the stack's own is declared.
   */
  public static of(scope: IConstruct, quotaOf: () => BudgetQuota): TaskQuotaBudget {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as TaskQuotaBudget | undefined) ?? new TaskQuotaBudget(stack, ID, quotaOf);
  }

  private readonly rates: RateShare[] = [];
  private readonly exactTimes: ExactTimeShare[] = [];

  private constructor(
    scope: Construct,
    id: string,
    private readonly quotaOf: () => BudgetQuota,
  ) {
    super(scope, id);
    // Runs once the whole stack is declared, so every share is counted.
    this.node.addValidation({ validate: () => (this.check(new Date()), []) });
  }

  /** Counts a steady caller's rate; a rate that is a token is left out (only the deployment knows it). */
  public addRate(share: RateShare): void {
    if (!Token.isUnresolved(share.ratePerSecond)) this.rates.push(share);
  }

  /** Counts a schedule that calls Connect at exact minutes in the same-minute sum. */
  public addExactTime(share: ExactTimeShare): void {
    this.exactTimes.push(share);
  }

  private check(now: Date): void {
    const quota = this.quotaOf();
    if (Token.isUnresolved(quota.ratePerSecond) || Token.isUnresolved(quota.burst)) return;
    this.checkRates(quota);
    this.checkSameMinute(quota, now);
  }

  private checkRates(quota: BudgetQuota): void {
    const total = this.rates.reduce((sum, share) => sum + share.ratePerSecond, 0);
    if (total <= quota.ratePerSecond) return;
    const shares = this.rates.map((s) => `${s.construct.node.path} ${perSecond(s.ratePerSecond)} (${s.setting})`);
    for (const share of this.rates) {
      Annotations.of(share.construct).addWarningV2(
        'cdk-connect-tasks:taskQuotaRateExceeded',
        `The StartTaskContact shares of this stack add up to ${perSecond(total)}, more than the quota's ${perSecond(quota.ratePerSecond)} (${quotaName(quota)}): ${listed(shares)}. Callers beyond the quota are throttled. Raise the quota (Service Quotas code ${CONNECT_DEFAULT_QUOTA.serviceQuotaCode}, then ConnectTaskQuota's ratePerSecond), lower this share (${share.setting}), or queue the work (asyncDelivery, RecurringTaskDelivery.queued).`,
      );
    }
  }

  /** Warns on every task of the busiest minute of the coming year when more start in it than the quota's burst. */
  private checkSameMinute(quota: BudgetQuota, now: Date): void {
    if (this.exactTimes.length <= quota.burst) return;
    const horizon = new Date(now.getTime() + HORIZON_DAYS * 86_400_000);
    const firings = this.exactTimes.map(({ schedule, start, end }) => {
      const from = start && start > now ? start : now;
      const to = end && end < horizon ? end : horizon;
      return new Set(firingMinutes(schedule, from, to) ?? []);
    });
    const counts = new Map<number, number>();
    for (const minutes of firings) for (const minute of minutes) counts.set(minute, (counts.get(minute) ?? 0) + 1);
    let [minute, count] = [0, 0];
    for (const [m, c] of counts) if (c > count) [minute, count] = [m, c];
    if (count <= quota.burst) return;
    const when = new Date(minute).toISOString().slice(0, 16).replace('T', ' ');
    const crowded = this.exactTimes.filter((_, i) => firings[i].has(minute)).map((s) => s.construct);
    const names = listed(crowded.map((c) => c.node.path));
    for (const construct of crowded) {
      Annotations.of(construct).addWarningV2(
        'cdk-connect-tasks:recurringTaskCrowdedMinute',
        `${count} RecurringTasks of this stack start a task at ${when} UTC (${names}), more than the quota's burst of ${quota.burst} (${quotaName(quota)}); the rest are throttled and wait for Scheduler's retries. Spread the schedules (a timeWindow, e.g. Duration.minutes(5), or other minutes), queue them (delivery: RecurringTaskDelivery.queued(api)), or raise the quota (Service Quotas code ${CONNECT_DEFAULT_QUOTA.serviceQuotaCode}, then ConnectTaskQuota's burst).`,
      );
    }
  }
}

function quotaName(quota: BudgetQuota): string {
  return quota.declared
    ? `ConnectTaskQuota ${quota.node.path}`
    : `Connect's default, ${CONNECT_DEFAULT_QUOTA.rate} a second with bursts of ${CONNECT_DEFAULT_QUOTA.burst}; declare a ConnectTaskQuota after a raise`;
}

const perSecond = (rate: number) => `${Number(rate.toFixed(3))}/s`;

function listed(items: string[]): string {
  const named = items.slice(0, NAMED).join(', ');
  return items.length > NAMED ? `${named} and ${items.length - NAMED} more` : named;
}
