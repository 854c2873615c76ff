import type { Instance, TaskTemplate } from '../emulator/state';
import { type KnownTaskTemplate, knownTaskTemplate, type TaskTemplateDefinition, type TaskTemplateFieldTypeName } from '../lib/contract';

interface ModelField {
  readonly Id: { readonly Name: string };
  readonly Type: TaskTemplateFieldTypeName;
  readonly Description?: string;
  readonly SingleSelectOptions?: string[];
}
type FieldIds = ReadonlyArray<{ readonly Id: { readonly Name: string } }>;
interface ModelConstraints {
  readonly RequiredFields?: FieldIds;
  readonly ReadOnlyFields?: FieldIds;
  readonly InvisibleFields?: FieldIds;
}
interface ModelDefaults {
  readonly DefaultFieldValues?: ReadonlyArray<{ readonly Id: { readonly Name: string }; readonly DefaultValue: string }>;
}

/**
 * The seeded templates that have fields, as a TaskApi that declared them with `TaskTemplate`
 * passes them to its functions: `npm start` checks requests against them as the deployed API does.
 */
export function seededTaskTemplates(instance: Instance): KnownTaskTemplate[] {
  return [...instance.templates.values()].filter((t) => t.Fields.length > 0).map((t) => knownTaskTemplate(t.Id, definitionOf(t)));
}

function definitionOf(template: TaskTemplate): TaskTemplateDefinition {
  const constraints = (template.Constraints ?? {}) as ModelConstraints;
  const defaults = (template.Defaults ?? {}) as ModelDefaults;
  const named = (ids: FieldIds | undefined, name: string) => (ids ?? []).some((f) => f.Id.Name === name);
  return {
    name: template.Name,
    description: template.Description,
    hasContactFlow: template.ContactFlowId !== undefined,
    fields: (template.Fields as ModelField[]).map((f) => ({
      name: f.Id.Name,
      type: f.Type,
      description: f.Description,
      required: named(constraints.RequiredFields, f.Id.Name),
      readOnly: named(constraints.ReadOnlyFields, f.Id.Name),
      invisible: named(constraints.InvisibleFields, f.Id.Name),
      defaultValue: defaults.DefaultFieldValues?.find((d) => d.Id.Name === f.Id.Name)?.DefaultValue,
      options: f.SingleSelectOptions,
    })),
  };
}
