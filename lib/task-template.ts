import { Fn, Token } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import { Construct, type IConstruct } from 'constructs';
import { checkTaskTemplateDefinition, type KnownTaskTemplate, knownTaskTemplate, type TaskTemplateDefinition, targetArn } from './contract';
import { constructError } from './private/construct-error';
import { assertInstanceArn } from './private/instance-arn-prop';
import type { TaskTemplateField } from './task-template-field';

/** Whether tasks can be created from a template. */
export enum TaskTemplateStatus {
  /** Tasks can be created from it. */
  ACTIVE = 'ACTIVE',
  /** Tasks cannot be created from it. */
  INACTIVE = 'INACTIVE',
}

/** An Amazon Connect task template: one declared here, or an existing one named by its id. */
export interface ITaskTemplate extends IConstruct {
  /** The template's id within its instance (`TaskTemplateId` of StartTaskContact). */
  readonly templateId: string;
  /** The template's ARN, `<instance ARN>/task-template/<id>`. */
  readonly templateArn: string;
  /** The ARN of the Amazon Connect instance the template belongs to. */
  readonly instanceArn: string;
}

/** Properties of a {@link TaskTemplate}. */
export interface TaskTemplateProps {
  /** The ARN of the Amazon Connect instance the template belongs to. */
  readonly instanceArn: string;

  /** The template's name (1–100 characters). */
  readonly name: string;

  /**
   * The template's description (1–255 characters).
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * The id of the contact flow that routes tasks created from the template. A template without
   * one needs a `TaskTemplateField.quickConnect()` field.
   *
   * @default - none: tasks are routed by the quick connect the agent picks
   */
  readonly contactFlow?: string;

  /**
   * The id of the contact flow that runs when an agent creates a task from the template and assigns
   * it to themselves.
   *
   * @default - none
   */
  readonly selfAssignContactFlow?: string;

  /**
   * The template's fields (at most 50): exactly one `TaskTemplateField.name({ required: true })`,
   * and the fields agents and callers fill in.
   */
  readonly fields: TaskTemplateField[];

  /**
   * Whether tasks can be created from the template.
   *
   * @default TaskTemplateStatus.ACTIVE
   */
  readonly status?: TaskTemplateStatus;
}

/**
 * An Amazon Connect task template (`AWS::Connect::TaskTemplate`): the fields agents see on a task,
 * which are required, read-only or hidden, their defaults, and the flow that routes the task.
 * Every rule Connect enforces on a template is checked at synth time, all at once. Target it with
 * `TaskTarget.template(template)`: a `TaskApi`, `ScheduledTask` or `RecurringTask` then checks the
 * values a task gives for its fields before Connect sees them.
 */
export class TaskTemplate extends Construct implements ITaskTemplate {
  /** An existing task template, by its id; requests naming it are judged by Connect alone. */
  public static fromTaskTemplateId(scope: Construct, id: string, instanceArn: string, templateId: string): ITaskTemplate {
    class Imported extends Construct implements ITaskTemplate {
      public readonly templateId = templateId;
      public readonly instanceArn = instanceArn;
      public readonly templateArn = targetArn(instanceArn, 'TaskTemplateId', templateId);
    }
    const imported = new Imported(scope, id);
    assertInstanceArn(imported, instanceArn);
    return imported;
  }

  /** The template's id within its instance, a CloudFormation attribute: what `TaskTemplateId` names. */
  public readonly templateId: string;
  /** The template's ARN, a CloudFormation attribute. */
  public readonly templateArn: string;
  /** The ARN of the Amazon Connect instance the template belongs to. */
  public readonly instanceArn: string;
  /** The `AWS::Connect::TaskTemplate` resource. */
  public readonly resource: connect.CfnTaskTemplate;
  private readonly definition: TaskTemplateDefinition;

  constructor(scope: Construct, id: string, props: TaskTemplateProps) {
    super(scope, id);
    assertInstanceArn(this, props.instanceArn);
    this.instanceArn = props.instanceArn;
    this.definition = {
      name: props.name,
      description: props.description,
      hasContactFlow: props.contactFlow !== undefined,
      fields: props.fields.map((f) => ({
        name: f.fieldName,
        type: f.fieldType,
        description: f.fieldDescription,
        required: f.required,
        readOnly: f.readOnly,
        invisible: f.invisible,
        defaultValue: f.defaultValue,
        options: f.selectOptions,
      })),
    };
    const problems = checkTaskTemplateDefinition(this.definition, (value) => !Token.isUnresolved(value));
    if (problems.length > 0) {
      throw constructError(
        this,
        `breaks ${problems.length} rule(s) of Amazon Connect: ${problems.map((p) => `${p.where}: ${p.message}`).join('; ')}.`,
      );
    }

    // `Constraints` is untyped in the L1 and written as is: its members are PascalCase.
    const idsWhere = (flag: 'required' | 'readOnly' | 'invisible') =>
      props.fields.filter((f) => f[flag]).map((f) => ({ Id: { Name: f.fieldName } }));
    const constraints = Object.entries({
      RequiredFields: idsWhere('required'),
      ReadOnlyFields: idsWhere('readOnly'),
      InvisibleFields: idsWhere('invisible'),
    }).filter(([, ids]) => ids.length > 0);
    const defaults = props.fields.filter((f) => f.defaultValue !== undefined);
    this.resource = new connect.CfnTaskTemplate(this, 'Resource', {
      instanceArn: props.instanceArn,
      name: props.name,
      description: props.description,
      contactFlowArn: props.contactFlow && targetArn(props.instanceArn, 'ContactFlowId', props.contactFlow),
      selfAssignContactFlowArn: props.selfAssignContactFlow && targetArn(props.instanceArn, 'ContactFlowId', props.selfAssignContactFlow),
      status: props.status ?? TaskTemplateStatus.ACTIVE,
      fields: props.fields.map((f) => ({
        id: { name: f.fieldName },
        type: f.fieldType,
        description: f.fieldDescription,
        singleSelectOptions: f.selectOptions,
      })),
      constraints: constraints.length > 0 ? Object.fromEntries(constraints) : undefined,
      defaults: defaults.length > 0 ? defaults.map((f) => ({ id: { name: f.fieldName }, defaultValue: f.defaultValue! })) : undefined,
    });
    this.templateArn = this.resource.attrArn;
    // The ARN ends in `/task-template/<id>`.
    this.templateId = Fn.select(3, Fn.split('/', this.templateArn));
  }

  /** @internal the template as requests that name it are checked against */
  public _knownTemplate(): KnownTaskTemplate {
    return knownTaskTemplate(this.templateId, this.definition);
  }
}
