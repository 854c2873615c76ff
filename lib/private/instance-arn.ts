/**
 * An Amazon Connect instance ARN, e.g.
 * `arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555`.
 * Used by the constructs at synth time and by the handlers at run time.
 */
export interface ParsedInstanceArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly instanceId: string;
  readonly arn: string;
}

const INSTANCE_ARN =
  /^arn:(aws[a-z-]*):connect:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):instance\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const INSTANCE_ARN_EXAMPLE = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

/** Parses an instance ARN, or returns undefined when it is not one. */
export function parseInstanceArn(arn: string): ParsedInstanceArn | undefined {
  const match = INSTANCE_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, instanceId] = match;
  return { partition, region, account, instanceId, arn };
}
