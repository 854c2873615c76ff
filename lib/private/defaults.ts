/** How long the task endpoint waits for Amazon Connect by default, retries included. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 8000;
