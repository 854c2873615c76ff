import { Stack, Token } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { CONNECT_DEFAULT_QUOTA, CONNECT_DEFAULT_TASK_QUOTA, TASK_QUOTA_LIMITS, type TaskQuota } from './contract';
import { constructError } from './private/construct-error';
import { checkPropRules, type PropRule } from './private/prop-rules';
import { wholeWithin } from './private/whole-within';

const QUOTA_RULES: ReadonlyArray<PropRule<TaskQuota>> = [
  {
    fails: ({ ratePerSecond: rate }) =>
      !Token.isUnresolved(rate) && !(Number.isFinite(rate) && rate >= TASK_QUOTA_LIMITS.minRate && rate <= TASK_QUOTA_LIMITS.maxRate),
    message: ({ ratePerSecond: rate }) =>
      `ratePerSecond is ${rate}; it must be a number from ${TASK_QUOTA_LIMITS.minRate} to ${TASK_QUOTA_LIMITS.maxRate}: your account's StartTaskContact rate in this region (Service Quotas code ${CONNECT_DEFAULT_QUOTA.serviceQuotaCode}, ${CONNECT_DEFAULT_QUOTA.rate} by default), or the part of it this stack may use.`,
  },
  {
    fails: ({ burst }) => !wholeWithin(burst, { min: TASK_QUOTA_LIMITS.minBurst, max: TASK_QUOTA_LIMITS.maxBurst }),
    message: ({ burst }) =>
      `burst is ${burst}; it must be a whole number from ${TASK_QUOTA_LIMITS.minBurst} to ${TASK_QUOTA_LIMITS.maxBurst}: the StartTaskContact burst of your account's quota (${CONNECT_DEFAULT_QUOTA.burst} by default).`,
  },
];

/** Properties of a {@link ConnectTaskQuota}. */
export interface ConnectTaskQuotaProps {
  /**
   * How many `StartTaskContact` calls a second Amazon Connect allows the account in this region
   * (Service Quotas code L-E704D621), or the part of it this stack may use when other stacks or
   * applications of the account create tasks too. A token is left to the deployment: the stage
   * throttle takes it as it is, the other defaults assume Connect's default quota, and the synth
   * time budget is not checked.
   *
   * @default 2 - Connect's default quota
   */
  readonly ratePerSecond?: number;

  /**
   * How many `StartTaskContact` calls Amazon Connect lets through at once before it holds them to
   * `ratePerSecond`: the quota's burst, a whole number.
   *
   * @default 5 - Connect's default quota
   */
  readonly burst?: number;
}

/** The id of the stack's default quota, made when a construct asks for the quota and none was declared. */
const DEFAULT_ID = 'CdkConnectTasksDefaultQuota';
/** The quota each stack declared; at most one a stack. */
const declaredQuotas = new WeakMap<Stack, ConnectTaskQuota>();
/** Set while `of()` makes a stack's default quota, which is not a declaration. */
let makingDefault = false;

/**
 * The stack's view of Amazon Connect's `StartTaskContact` quota: 2 calls a second with bursts of 5
 * by default, per account and region, shared by everything that creates tasks. Declare it once per
 * stack, after a quota raise, before the constructs that create tasks:
 * `new ConnectTaskQuota(stack, 'Quota', { ratePerSecond: 10, burst: 20 })`.
 *
 * Every construct of this library that calls `StartTaskContact` derives its defaults from it: the
 * task endpoint's stage throttle (the quota; with queued delivery, what the queue can take), the
 * queued delivery's rate (half the quota), the ScheduledTask handler's wait for Connect at deploy.
 * A construct's own setting still wins. At synth, the shares the constructs plan (sustained rates,
 * and the RecurringTasks that start in the same minute) are added up, and each construct involved
 * is warned when they exceed the quota.
 */
export class ConnectTaskQuota extends Construct {
  /**
   * The quota declared in the stack of `scope` (or in a stack it is nested in), or else Amazon
   * Connect's default quota, a construct made once per stack.
   */
  public static of(scope: IConstruct): ConnectTaskQuota {
    const stack = Stack.of(scope);
    for (let s: Stack | undefined = stack; s; s = s.nestedStackParent) {
      const declared = declaredQuotas.get(s);
      if (declared) return declared;
    }
    const existing = stack.node.tryFindChild(DEFAULT_ID) as ConnectTaskQuota | undefined;
    if (existing) return existing;
    makingDefault = true;
    try {
      return new ConnectTaskQuota(stack, DEFAULT_ID);
    } finally {
      makingDefault = false;
    }
  }

  /** Calls a second, after the burst. */
  public readonly ratePerSecond: number;
  /** Calls Connect lets through at once. */
  public readonly burst: number;
  /** Whether the stack declared this quota; false for Connect's default, made by `of()`. */
  public readonly declared: boolean;

  constructor(scope: Construct, id: string, props: ConnectTaskQuotaProps = {}) {
    super(scope, id);
    this.declared = !makingDefault;
    this.ratePerSecond = props.ratePerSecond ?? CONNECT_DEFAULT_QUOTA.rate;
    this.burst = props.burst ?? CONNECT_DEFAULT_QUOTA.burst;
    checkPropRules(this, { ratePerSecond: this.ratePerSecond, burst: this.burst }, QUOTA_RULES);
    if (this.declared) this.declareInStack();
  }

  /** @internal The quota as the contract's derivations take it; Connect's default where a value is a token. */
  public _derivable(): TaskQuota {
    return {
      ratePerSecond: Token.isUnresolved(this.ratePerSecond) ? CONNECT_DEFAULT_TASK_QUOTA.ratePerSecond : this.ratePerSecond,
      burst: Token.isUnresolved(this.burst) ? CONNECT_DEFAULT_TASK_QUOTA.burst : this.burst,
    };
  }

  private declareInStack(): void {
    const stack = Stack.of(this);
    const other = declaredQuotas.get(stack);
    if (other) {
      throw constructError(
        this,
        `the stack already declares a ConnectTaskQuota, ${other.node.path}. The quota is the account's and region's: declare it once per stack and remove this one.`,
      );
    }
    if (stack.node.tryFindChild(DEFAULT_ID)) {
      throw constructError(
        this,
        `constructs declared before it already took their defaults from Connect's default quota (${CONNECT_DEFAULT_QUOTA.rate} a second, bursts of ${CONNECT_DEFAULT_QUOTA.burst}). Declare the ConnectTaskQuota first, before any TaskApi, ScheduledTask or RecurringTask of the stack.`,
      );
    }
    declaredQuotas.set(stack, this);
  }
}
