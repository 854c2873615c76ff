/** One broken rule of a task request: where (a JSON Pointer into the body) and what to fix. */
export interface Violation {
  readonly path: string;
  readonly message: string;
}
