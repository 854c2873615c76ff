import { type Duration, Token } from 'aws-cdk-lib';
import type { TaskScheduleProperty } from './contract';
import { wholeSeconds } from './private/duration-prop';

/** When a {@link ScheduledTask} is due: at a fixed instant, or a while after its deployment. */
export abstract class TaskSchedule {
  /**
   * At a fixed instant. Beyond `maxScheduleAhead` it is a synth error. Once it has passed it is
   * a synth warning only, so the stack stays deployable after the task's day: an unchanged task
   * is left as it is, while creating or rescheduling a task to a passed instant fails the deploy.
   */
  public static at(date: Date): TaskSchedule {
    if (Number.isNaN(date.getTime())) {
      throw new Error(
        `TaskSchedule.at() was given an invalid Date (${String(date)}). Pass a real instant, e.g. new Date(Date.UTC(year, monthIndex, day, hour)) or a Date parsed from an ISO-8601 string with an offset.`,
      );
    }
    return new AtSchedule(date);
  }

  /**
   * A duration after the deployment that creates (or replaces) the task, in whole seconds:
   * resolved at deploy time, and checked at synth time against `maxScheduleAhead`.
   *
   * It is counted from when CloudFormation issued the request that creates, replaces or
   * reschedules the task, so a request delivered again schedules the same instant.
   */
  public static after(duration: Duration): TaskSchedule {
    return new AfterSchedule(wholeSeconds(undefined, 'TaskSchedule.after()', duration, 0));
  }

  /** @internal how the custom resource receives the schedule */
  public abstract _toProperty(): TaskScheduleProperty;

  /** @internal the instant the task would be due if it were deployed at `now`; undefined for tokens */
  public abstract _instantIfDeployedAt(now: Date): Date | undefined;
}

class AtSchedule extends TaskSchedule {
  constructor(private readonly date: Date) {
    super();
  }
  public _toProperty() {
    return { At: this.date.toISOString() };
  }
  public _instantIfDeployedAt() {
    return this.date;
  }
}

class AfterSchedule extends TaskSchedule {
  constructor(private readonly seconds: number) {
    super();
  }
  public _toProperty() {
    return { AfterSeconds: this.seconds };
  }
  public _instantIfDeployedAt(now: Date) {
    return Token.isUnresolved(this.seconds) ? undefined : new Date(now.getTime() + this.seconds * 1000);
  }
}
