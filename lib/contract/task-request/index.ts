export * from './limits';
export * from './paths';
export * from './rules';
export * from './schema';
export * from './validate';
export { formatViolations, type Violation } from './violation';
export * from './target';
export * from './update';
