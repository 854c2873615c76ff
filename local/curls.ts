// The curl commands `npm start` prints. Each pastes into bash and zsh as it is: every URL and
// body is in single quotes, so a `?` (a glob zsh refuses when nothing matches) or a `<` (a
// redirection in both) never reaches the shell.
import { requestStatusPath } from '../lib/contract';
import type { LocalIam } from './sigv4-verifier';

/** A word in single quotes, safe in bash and zsh whatever it holds. */
const quoted = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

export interface CurlOptions {
  /** The local endpoint's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** With IAM authorization: curl signs each request with the credentials in the environment. */
  readonly iam?: LocalIam;
}

/** The curl options that sign a request with SigV4, as the local credentials `npm start` prints allow. */
function signing(iam: LocalIam | undefined): string {
  if (!iam) return '';
  return ` --aws-sigv4 "aws:amz:${iam.region}:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-security-token: $AWS_SESSION_TOKEN"`;
}

/** A POST /tasks of `body`, with `headers` besides its Content-Type; a line break before the body keeps it readable. */
export function createTaskCurl({ url, iam }: CurlOptions, body: object, headers: Record<string, string> = {}): string {
  const extra = Object.entries(headers).map(([name, value]) => ` -H ${quoted(`${name}: ${value}`)}`);
  return (
    `curl -sS -i -X POST ${quoted(`${url}/tasks`)}${signing(iam)} -H 'Content-Type: application/json'${extra.join('')} \\\n` +
    `    -d ${quoted(JSON.stringify(body))}`
  );
}

/** A GET of a queued request's status. */
export const requestStatusCurl = ({ url, iam }: CurlOptions, requestId: string) =>
  `curl -sS ${quoted(`${url}${requestStatusPath(requestId)}`)}${signing(iam)}`;

/** The lifecycle calls of one task: read it with its attributes, change its description, cancel it. */
export function lifecycleCurls({ url, iam }: CurlOptions, contactId: string): string[] {
  const task = `${url}/tasks/${encodeURIComponent(contactId)}`;
  return [
    `curl -sS -i ${quoted(`${task}?include=attributes`)}${signing(iam)}`,
    `curl -sS -i -X PATCH ${quoted(task)}${signing(iam)} -H 'Content-Type: application/json' \\\n` +
      `    -d ${quoted(JSON.stringify({ Description: 'Customer asked for Thursday' }))}`,
    `curl -sS -i -X DELETE ${quoted(task)}${signing(iam)}`,
  ];
}

/** The emulator's agent controls for one task: an agent accepts it, then completes it. */
export const agentCurls = (emulatorUrl: string, contactId: string) =>
  ['accept', 'complete'].map(
    (action) => `curl -sS -X POST ${quoted(`${emulatorUrl}/local/contacts/${encodeURIComponent(contactId)}/${action}`)}`,
  );
