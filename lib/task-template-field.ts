/** The kinds of field a task template has (Connect's `TaskTemplateFieldType`). */
export enum TaskTemplateFieldType {
  /** The task's name (`Name` of StartTaskContact). Every template has exactly one, required. */
  NAME = 'NAME',
  /** The task's description (`Description`). */
  DESCRIPTION = 'DESCRIPTION',
  /** When the task is due (`ScheduledTime`). */
  SCHEDULED_TIME = 'SCHEDULED_TIME',
  /** A quick connect the agent picks to route the task; stands in for the template's contact flow. */
  QUICK_CONNECT = 'QUICK_CONNECT',
  /** A link: a `URL` reference. */
  URL = 'URL',
  /** A number: a `NUMBER` reference. */
  NUMBER = 'NUMBER',
  /** One line of text, fewer than 512 characters: a `STRING` reference. */
  TEXT = 'TEXT',
  /** Longer text, fewer than 4,096 characters: a `STRING` reference. */
  TEXT_AREA = 'TEXT_AREA',
  /** A date and time: a `DATE` reference. */
  DATE_TIME = 'DATE_TIME',
  /** `true` or `false`: a `STRING` reference. */
  BOOLEAN = 'BOOLEAN',
  /** One of a list of options: a `STRING` reference. */
  SINGLE_SELECT = 'SINGLE_SELECT',
  /** An email address: an `EMAIL` reference. */
  EMAIL = 'EMAIL',
  /** Lets the agent who creates the task assign it to themselves. */
  SELF_ASSIGN = 'SELF_ASSIGN',
  /** How long the task may wait before it expires. */
  EXPIRY_DURATION = 'EXPIRY_DURATION',
}

/** How agents see a task template field, and its default. */
export interface TaskTemplateFieldOptions {
  /**
   * Whether the field must be filled in. A request that creates a task from the template must then
   * give it (unless it has a `default`).
   *
   * @default false
   */
  readonly required?: boolean;

  /**
   * Whether agents see the field but cannot change it.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Whether the field is hidden from agents.
   *
   * @default false
   */
  readonly invisible?: boolean;

  /**
   * The value the field has when a task does not give one, written as a task carries it: the
   * option of a single select, `true` or `false`, a decimal number, an epoch timestamp for a date
   * and time, and so on (1–4096 characters).
   *
   * @default - no default
   */
  readonly default?: string;

  /**
   * A description of the field, shown to agents (1–255 characters).
   *
   * @default - none
   */
  readonly description?: string;
}

/** Options of a system field (name, description, scheduled time, …), whose field name has a usual default. */
export interface TaskTemplateSystemFieldOptions extends TaskTemplateFieldOptions {
  /**
   * The field's name in the template (1–100 characters).
   *
   * @default - the field type in words, e.g. `Name`, `Scheduled time`
   */
  readonly fieldName?: string;
}

/**
 * One field of a {@link TaskTemplate}: a static factory per field type. A task carries a custom
 * field's value as a reference named like the field (`References: { "Account": { "Type": "STRING",
 * "Value": "42" } }`); the name, description and scheduled time are the task's own members.
 */
export class TaskTemplateField {
  /** The task's name: every template has exactly one NAME field, and it must be required. */
  public static name(options: TaskTemplateSystemFieldOptions = {}): TaskTemplateField {
    return TaskTemplateField.system(TaskTemplateFieldType.NAME, 'Name', options);
  }

  /** The task's description. */
  public static description(options: TaskTemplateSystemFieldOptions = {}): TaskTemplateField {
    return TaskTemplateField.system(TaskTemplateFieldType.DESCRIPTION, 'Description', options);
  }

  /** When the task is due. */
  public static scheduledTime(options: TaskTemplateSystemFieldOptions = {}): TaskTemplateField {
    return TaskTemplateField.system(TaskTemplateFieldType.SCHEDULED_TIME, 'Scheduled time', options);
  }

  /** A quick connect the agent picks to route the task; a template with one needs no contact flow. */
  public static quickConnect(options: TaskTemplateSystemFieldOptions = {}): TaskTemplateField {
    return TaskTemplateField.system(TaskTemplateFieldType.QUICK_CONNECT, 'Quick connect', options);
  }

  /** Lets the agent who creates the task assign it to themselves. */
  public static selfAssign(options: TaskTemplateSystemFieldOptions = {}): TaskTemplateField {
    return TaskTemplateField.system(TaskTemplateFieldType.SELF_ASSIGN, 'Self assign', options);
  }

  /** How long the task may wait before it expires. */
  public static expiryDuration(options: TaskTemplateSystemFieldOptions = {}): TaskTemplateField {
    return TaskTemplateField.system(TaskTemplateFieldType.EXPIRY_DURATION, 'Expiry duration', options);
  }

  /** One line of text (fewer than 512 characters), carried as a STRING reference named `name`. */
  public static text(name: string, options: TaskTemplateFieldOptions = {}): TaskTemplateField {
    return new TaskTemplateField(name, TaskTemplateFieldType.TEXT, options);
  }

  /** Longer text (fewer than 4,096 characters), carried as a STRING reference named `name`. */
  public static textArea(name: string, options: TaskTemplateFieldOptions = {}): TaskTemplateField {
    return new TaskTemplateField(name, TaskTemplateFieldType.TEXT_AREA, options);
  }

  /** A number, carried as a NUMBER reference named `name`. */
  public static number(name: string, options: TaskTemplateFieldOptions = {}): TaskTemplateField {
    return new TaskTemplateField(name, TaskTemplateFieldType.NUMBER, options);
  }

  /** A link, carried as a URL reference named `name`. */
  public static url(name: string, options: TaskTemplateFieldOptions = {}): TaskTemplateField {
    return new TaskTemplateField(name, TaskTemplateFieldType.URL, options);
  }

  /** An email address, carried as an EMAIL reference named `name`. */
  public static email(name: string, options: TaskTemplateFieldOptions = {}): TaskTemplateField {
    return new TaskTemplateField(name, TaskTemplateFieldType.EMAIL, options);
  }

  /** A date and time, carried as a DATE reference (an epoch timestamp) named `name`. */
  public static dateTime(name: string, options: TaskTemplateFieldOptions = {}): TaskTemplateField {
    return new TaskTemplateField(name, TaskTemplateFieldType.DATE_TIME, options);
  }

  /** `true` or `false`, carried as a STRING reference named `name`. */
  public static boolean(name: string, options: TaskTemplateFieldOptions = {}): TaskTemplateField {
    return new TaskTemplateField(name, TaskTemplateFieldType.BOOLEAN, options);
  }

  /**
   * One of `options` (1–50 of them, each 1–100 letters, digits, spaces or `_ . , -`), carried as a
   * STRING reference named `name`; a `default` must be one of them.
   */
  public static singleSelect(name: string, options: string[], fieldOptions: TaskTemplateFieldOptions = {}): TaskTemplateField {
    return new TaskTemplateField(name, TaskTemplateFieldType.SINGLE_SELECT, fieldOptions, options);
  }

  private static system(type: TaskTemplateFieldType, usualName: string, options: TaskTemplateSystemFieldOptions): TaskTemplateField {
    return new TaskTemplateField(options.fieldName ?? usualName, type, options);
  }

  /** Whether the field must be filled in. */
  public readonly required: boolean;
  /** Whether agents cannot change the field. */
  public readonly readOnly: boolean;
  /** Whether the field is hidden from agents. */
  public readonly invisible: boolean;
  /** The field's default value, if any. */
  public readonly defaultValue?: string;
  /** The field's description, if any. */
  public readonly fieldDescription?: string;

  private constructor(
    /** The field's name: the name of the reference a task carries its value in. */
    public readonly fieldName: string,
    /** The field's type. */
    public readonly fieldType: TaskTemplateFieldType,
    options: TaskTemplateFieldOptions,
    /** A single select's options. */
    public readonly selectOptions?: string[],
  ) {
    this.required = options.required ?? false;
    this.readOnly = options.readOnly ?? false;
    this.invisible = options.invisible ?? false;
    this.defaultValue = options.default;
    this.fieldDescription = options.description;
  }
}
