import { randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** How long static credentials (no expiry of their own) are served for before the handler asks again. */
const STATIC_CREDENTIALS_TTL_MS = 60 * 60 * 1000;

/** The credential settings of a shell that the handlers must not see beside the endpoint. */
const CREDENTIAL_SETTINGS = ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'];

export interface CredentialsEndpoint {
  /** What a handler's environment gets so its SDK clients sign with the served credentials. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** `env` without the credential settings a shell may hold (a profile, keys), so only the endpoint's credentials are used. */
export function withoutCredentialSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !CREDENTIAL_SETTINGS.includes(name)));
}

/**
 * Serves `credentials` on loopback as a container credentials endpoint
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html), the
 * second link of the bundled handlers' chain (lambda/shared/aws-sdk/lambda-credentials.ts). The local
 * endpoint hands a developer's credentials (a profile, SSO, ...) to the handlers this way, and
 * they are resolved again when they near expiry, as in a long-lived execution environment.
 * Requests must carry the endpoint's random authorization token.
 */
export async function startCredentialsEndpoint(credentials: AwsCredentialIdentityProvider): Promise<CredentialsEndpoint> {
  const token = randomBytes(32).toString('base64url');
  const server = createServer((req, res) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== token.length || !timingSafeEqual(given, Buffer.from(token))) {
      res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Code: 'AccessDenied', Message: 'wrong token' }));
      return;
    }
    credentials().then(
      (c) => {
        const body = {
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          // The protocol always carries a token; long-term keys have none, and an empty one is not sent.
          Token: c.sessionToken ?? '',
          Expiration: (c.expiration ?? new Date(Date.now() + STATIC_CREDENTIALS_TTL_MS)).toISOString(),
        };
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      },
      (error: unknown) => {
        console.error(`No AWS credentials for the handlers: ${error instanceof Error ? error.message : String(error)}`);
        res.writeHead(500).end();
      },
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN: token },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
