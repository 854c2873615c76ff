import { Token } from 'aws-cdk-lib';

/** Whether `value` is a whole number within `range`, or a token, which only the deployment can check. */
export function wholeWithin(value: number, range: { readonly min: number; readonly max: number }): boolean {
  return Token.isUnresolved(value) || (Number.isInteger(value) && value >= range.min && value <= range.max);
}
