export * from './limits';
export * from './rules';
export * from './schema';
export * from './validate';
export type { Violation } from './violation';
