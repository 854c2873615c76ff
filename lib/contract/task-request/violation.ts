/** One broken rule of a task request: where (a JSON Pointer into the body) and what to fix. */
export interface Violation {
  readonly path: string;
  readonly message: string;
}

/**
 * Violations as one line for an error message, each as `Field.key: message`. `fieldName` renames
 * the top-level field, e.g. to the construct prop it came from.
 */
export function formatViolations(violations: readonly Violation[], fieldName: (field: string) => string = (field) => field): string {
  return violations
    .map(({ path, message }) => {
      const [, field, ...rest] = path.split('/');
      const where = field ? [fieldName(field), ...rest].join('.') : 'task';
      return `${where}: ${message}`;
    })
    .join('; ');
}
