export * from './task-target';
export * from './task-api';
export * from './async-delivery-options';
export * from './task-schedule';
export * from './reference-type';
export * from './task-content';
export * from './scheduled-task';
export * from './recurring-task';
