import * as events from 'aws-cdk-lib/aws-events';
import type { InputTransformer } from '../contract';

/**
 * A rule target's input that is exactly a contract's input transformer: aws-cdk-lib's
 * `RuleTargetInput.fromObject` would name the variables itself, and the local delivery could no
 * longer apply the same definition.
 */
export class TransformerInput extends events.RuleTargetInput {
  constructor(private readonly transformer: InputTransformer) {
    super();
  }

  public bind(): events.RuleTargetInputProperties {
    return { inputPathsMap: { ...this.transformer.inputPathsMap }, inputTemplate: this.transformer.inputTemplate };
  }
}
