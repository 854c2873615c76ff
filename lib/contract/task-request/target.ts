import { TARGET_FIELDS, type TargetField } from './limits';

/** A routing target as request fields, e.g. `{ "ContactFlowId": "…" }`; the construct passes these in the environment. */
export type TargetFragment = Partial<Record<TargetField, string>>;

/**
 * `Field:id` of the target a request or fragment names, e.g. `ContactFlowId:abc`: the key the
 * construct checks `defaultTarget` against `allowedTargets` with, and the handler its allow-list.
 */
export function targetKey(target: TargetFragment): string | undefined {
  const field = TARGET_FIELDS.find((f) => target[f] !== undefined);
  return field && `${field}:${target[field]}`;
}
