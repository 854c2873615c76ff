/**
 * The routes of the task API: the method and resource API Gateway serves, the handler bundled
 * for it (`assets/<assetName>`), and the Amazon Connect actions its function may call. The
 * construct builds the API and each function's IAM policy from this table, and the local
 * endpoint routes requests by it.
 */
export interface TaskRoute {
  readonly method: 'POST' | 'GET' | 'PATCH' | 'DELETE';
  readonly resource: string;
  readonly assetName: string;
  /** Every Connect action the handler calls, and nothing more. */
  readonly connectActions: readonly string[];
}

/** The path parameter of the lifecycle routes. */
export const CONTACT_ID_PARAMETER = 'contactId';

const TASK_RESOURCE = `/tasks/{${CONTACT_ID_PARAMETER}}`;

export const TASK_ROUTES = {
  create: { method: 'POST', resource: '/tasks', assetName: 'start-task', connectActions: ['connect:StartTaskContact'] },
  read: {
    method: 'GET',
    resource: TASK_RESOURCE,
    assetName: 'get-task',
    connectActions: ['connect:DescribeContact', 'connect:ListContactReferences', 'connect:GetContactAttributes'],
  },
  update: {
    method: 'PATCH',
    resource: TASK_RESOURCE,
    assetName: 'update-task',
    // DescribeContact and ListContactReferences to check the task first and answer with it after.
    connectActions: [
      'connect:DescribeContact',
      'connect:ListContactReferences',
      'connect:UpdateContactSchedule',
      'connect:UpdateContact',
      'connect:UpdateContactAttributes',
    ],
  },
  cancel: {
    method: 'DELETE',
    resource: TASK_RESOURCE,
    assetName: 'cancel-task',
    connectActions: ['connect:DescribeContact', 'connect:StopContact'],
  },
} as const satisfies Record<string, TaskRoute>;

export type TaskRouteName = keyof typeof TASK_ROUTES;

/** The path parameter of the request status route. */
export const REQUEST_ID_PARAMETER = 'requestId';

/** With queued delivery: the status of a queued request. Its function calls no Connect action. */
export const REQUEST_STATUS_ROUTE = {
  method: 'GET',
  resource: `/tasks/requests/{${REQUEST_ID_PARAMETER}}`,
  assetName: 'request-status',
  connectActions: [],
} as const satisfies TaskRoute;

/** The path of a queued request's status below the API's base path, e.g. `/tasks/requests/invoice-42`. */
export function requestStatusPath(requestId: string): string {
  return REQUEST_STATUS_ROUTE.resource.replace(`{${REQUEST_ID_PARAMETER}}`, encodeURIComponent(requestId));
}
