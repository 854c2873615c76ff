/**
 * The contract between the constructs, the handlers, the Connect emulator and the local endpoint:
 * the task request's schema and rules, Connect's limits, the HTTP error codes, the handlers'
 * environment and Connect's ARN shapes. Plain TypeScript that imports nothing from aws-cdk-lib,
 * so the handlers bundle it cheaply; everything else imports these facts from here.
 */
export * from './async-delivery';
export * from './connect-arns';
export * from './connect-quota';
export * from './error-body';
export * from './error-codes';
export * from './idempotency-key';
export * from './imports';
export * from './scheduled-task-properties';
export * from './start-task-env';
export * from './task-lifecycle-env';
export * from './task-metrics';
export * from './task-request';
export * from './task-template';
export * from './task-routes';
export * from './task-view';
export * from './task-events';
