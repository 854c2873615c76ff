export * from './task-target';
export * from './task-api';
