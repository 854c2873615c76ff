import type { IConstruct } from 'constructs';
import { constructError } from './construct-error';

/** One check of a construct's props, as data: whether the props break it, and a message naming the value and the fix. */
export interface PropRule<P> {
  readonly fails: (props: P) => boolean;
  readonly message: (props: P) => string;
}

/**
 * Checks every rule and throws once, through constructError, with every failure listed, so two
 * wrong props cost one synth rather than two (as aws-cdk-lib's aws-sqs checks a queue's props).
 */
export function checkPropRules<P>(scope: IConstruct, props: P, rules: ReadonlyArray<PropRule<P>>): void {
  const failures = rules.filter((rule) => rule.fails(props)).map((rule) => rule.message(props));
  if (failures.length === 1) throw constructError(scope, failures[0]);
  if (failures.length > 1) throw constructError(scope, `${failures.length} props are invalid:\n- ${failures.join('\n- ')}`);
}
