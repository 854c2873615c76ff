import { Names } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The requestId of a queued RecurringTask's occurrence: the task's unique id, `@`, and the
 * occurrence's scheduled time (UTC to the second). One status per occurrence, and no `/` in it,
 * so it stays one segment of `GET /tasks/requests/{requestId}` (a schedule's ARN has two).
 */
export function occurrenceRequestId(task: IConstruct, scheduledTime: string): string {
  return `${Names.uniqueId(task)}@${scheduledTime}`;
}
