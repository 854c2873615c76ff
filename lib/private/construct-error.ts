import type { IConstruct } from 'constructs';

/**
 * A synth-time error that names the construct it is about, e.g. `TaskApi MyStack/Tasks: …`, so a
 * stack with ten constructs of one kind tells which one to fix. aws-cdk-lib's own ValidationError
 * does the same but is internal to it.
 */
export function constructError(scope: IConstruct, message: string): Error {
  return new Error(`${scope.constructor.name} ${scope.node.path}: ${message}`);
}
