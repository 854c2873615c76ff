export * from './definition';
export * from './field-types';
export * from './known-template';
export * from './limits';
export * from './request-rules';
