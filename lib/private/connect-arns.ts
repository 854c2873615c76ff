/** The IAM resource pattern of every contact of an instance: created tasks and the contacts they link to. */
export function contactsOf(instanceArn: string): string {
  return `${instanceArn}/contact/*`;
}
