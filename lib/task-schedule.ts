import { Duration, Token } from 'aws-cdk-lib';

/** When a {@link ScheduledTask} is due: at a fixed instant, or a while after its deployment. */
export abstract class TaskSchedule {
  /**
   * At a fixed instant. Checked at synth time (not in the past, not beyond `maxScheduleAhead`)
   * and again when CloudFormation creates or updates the task.
   */
  public static at(date: Date): TaskSchedule {
    if (Number.isNaN(date.getTime())) {
      throw new Error('TaskSchedule.at() was given an invalid Date. Pass a real instant, e.g. new Date(\'2026-12-01T09:00:00Z\').');
    }
    return new AtSchedule(date);
  }

  /** A duration after the deployment that creates (or replaces) the task, resolved at deploy time. */
  public static after(duration: Duration): TaskSchedule {
    if (!Token.isUnresolved(duration.toSeconds({ integral: false })) && duration.toSeconds({ integral: false }) < 0) {
      throw new Error(`TaskSchedule.after(${duration.toHumanString()}) is negative. Pass a duration of zero or more.`);
    }
    return new AfterSchedule(duration);
  }

  /** @internal how the custom resource receives the schedule */
  public abstract _toProperty(): { readonly At?: string; readonly AfterSeconds?: number };

  /** @internal the instant, when it is known at synth time */
  public abstract _fixedInstant(): Date | undefined;
}

class AtSchedule extends TaskSchedule {
  constructor(private readonly date: Date) {
    super();
  }
  public _toProperty() {
    return { At: this.date.toISOString() };
  }
  public _fixedInstant() {
    return this.date;
  }
}

class AfterSchedule extends TaskSchedule {
  constructor(private readonly duration: Duration) {
    super();
  }
  public _toProperty() {
    return { AfterSeconds: this.duration.toSeconds() };
  }
  public _fixedInstant() {
    return undefined;
  }
}
