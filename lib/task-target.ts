import { Token } from 'aws-cdk-lib';
import { everyTargetOf, type KnownTaskTemplate, type TargetField, targetArn, targetKey, validateTaskFields } from './contract';
import { type ITaskTemplate, TaskTemplate } from './task-template';

/** How a task is routed when Amazon Connect creates it. */
export enum TaskTargetType {
  /** A contact flow (`ContactFlowId`). */
  CONTACT_FLOW = 'CONTACT_FLOW',
  /** A task template (`TaskTemplateId`); the template's own flow routes the task. */
  TASK_TEMPLATE = 'TASK_TEMPLATE',
  /** A quick connect (`QuickConnectId`). */
  QUICK_CONNECT = 'QUICK_CONNECT',
}

const REQUEST_FIELDS: Record<TaskTargetType, TargetField> = {
  [TaskTargetType.CONTACT_FLOW]: 'ContactFlowId',
  [TaskTargetType.TASK_TEMPLATE]: 'TaskTemplateId',
  [TaskTargetType.QUICK_CONNECT]: 'QuickConnectId',
};

/** The factory of each type, which its errors name: a target has no construct path yet. */
const FACTORIES: Record<TaskTargetType, string> = {
  [TaskTargetType.CONTACT_FLOW]: 'TaskTarget.contactFlow()',
  [TaskTargetType.TASK_TEMPLATE]: 'TaskTarget.taskTemplate()',
  [TaskTargetType.QUICK_CONNECT]: 'TaskTarget.quickConnect()',
};

/** Connect resource ids: UUIDs in practice, and never IAM wildcards or ARN separators. */
const TARGET_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Where Amazon Connect routes a task: a contact flow, a task template or a quick connect of the
 * instance. Exactly one is named per task.
 */
export class TaskTarget {
  /** Route tasks through a contact flow, by its id (the last part of the flow's ARN). */
  public static contactFlow(contactFlowId: string): TaskTarget {
    return new TaskTarget(TaskTargetType.CONTACT_FLOW, contactFlowId);
  }

  /** Create tasks from a task template, by its id. */
  public static taskTemplate(taskTemplateId: string): TaskTarget {
    return new TaskTarget(TaskTargetType.TASK_TEMPLATE, taskTemplateId);
  }

  /**
   * Create tasks from a task template. For a {@link TaskTemplate} declared in the app, the values
   * a task gives for the template's fields are checked before Connect is called (by `TaskApi`'s
   * function, and at synth time for `ScheduledTask` and `RecurringTask`); IAM names the template's
   * exact ARN.
   */
  public static template(template: ITaskTemplate): TaskTarget {
    return new TaskTarget(TaskTargetType.TASK_TEMPLATE, template.templateId, template);
  }

  /** Route tasks to a quick connect, by its id. */
  public static quickConnect(quickConnectId: string): TaskTarget {
    return new TaskTarget(TaskTargetType.QUICK_CONNECT, quickConnectId);
  }

  /** @internal IAM resource ARN patterns that cover every flow, template and quick connect of an instance */
  public static _everyTargetIn(instanceArn: string): string[] {
    return everyTargetOf(instanceArn);
  }

  private constructor(
    /** The kind of target. */
    public readonly targetType: TaskTargetType,
    /** The target's id within the instance. */
    public readonly id: string,
    private readonly declaredTemplate?: ITaskTemplate,
  ) {
    if (!Token.isUnresolved(id)) {
      const problems = validateTaskFields({ [this.requestField]: id }).map((p) => p.message);
      // The id becomes part of an IAM resource ARN: `*`, `?`, `/` or `:` would widen or bend it.
      if (!TARGET_ID.test(id)) problems.push(`must contain only letters, digits, - and _`);
      if (problems.length > 0) {
        throw new Error(
          `${FACTORIES[targetType]} was given ${JSON.stringify(id)}, an invalid ${this.requestField}: ${problems.join('; ')}. Pass the id shown in the Amazon Connect console (the last part of the resource ARN), not the ARN.`,
        );
      }
    }
  }

  /** The StartTaskContact field that names this target, e.g. `ContactFlowId`. */
  public get requestField(): string {
    return REQUEST_FIELDS[this.targetType];
  }

  /**
   * The IAM resource ARN of this target within an instance.
   *
   * @param instanceArn the ARN of the Amazon Connect instance
   */
  public arnIn(instanceArn: string): string {
    const template = this.declaredTemplate;
    if (!template) return targetArn(instanceArn, REQUEST_FIELDS[this.targetType], this.id);
    if (!Token.isUnresolved(instanceArn) && !Token.isUnresolved(template.instanceArn) && template.instanceArn !== instanceArn) {
      throw new Error(
        `TaskTarget.template(): the task template ${template.node.path} belongs to instance ${template.instanceArn}, not ${instanceArn}. Target a template of the same instance.`,
      );
    }
    return template.templateArn;
  }

  /** @internal the template requests for this target are checked against: one declared in the app, else none */
  public _knownTemplate(): KnownTaskTemplate | undefined {
    return this.declaredTemplate instanceof TaskTemplate ? this.declaredTemplate._knownTemplate() : undefined;
  }

  /** @internal the StartTaskContact fields for this target, e.g. `{ ContactFlowId: '…' }` */
  public _toRequestFields(): Record<string, string> {
    return { [this.requestField]: this.id };
  }

  /** @internal a key that identifies this target */
  public _key(): string {
    return targetKey(this._toRequestFields())!;
  }
}
