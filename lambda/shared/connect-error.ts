/** Whether an error from the Connect client has one of the given exception names. */
export function isConnectError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}
