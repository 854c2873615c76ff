import { ConnectError } from './wire';

/**
 * The credential scope of a SigV4 `Authorization` header:
 * `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=…`.
 * The emulator has no secret keys, so it checks where a request was signed for, not the signature.
 */
export interface CredentialScope {
  readonly region: string;
  readonly service: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=[^,\s]+, ?Signature=[0-9a-f]{64}$/;

/** The scope of a request's signature; a missing or malformed header, or another service, is a 403. */
export function credentialScope(authorization: string | undefined): CredentialScope {
  const match = AUTHORIZATION.exec(authorization ?? '');
  if (!match) {
    throw new ConnectError(
      'InvalidSignatureException',
      authorization ? 'Authorization header requires a SigV4 Credential, SignedHeaders and Signature.' : 'Missing Authentication Token',
    );
  }
  const [, , region, service] = match;
  if (service !== 'connect') {
    throw new ConnectError('InvalidSignatureException', `Credential should be scoped to correct service: 'connect'.`);
  }
  return { region, service };
}

/** Connect answers in one region; a signature scoped to another one is refused as AWS does. */
export function checkRegion(scope: CredentialScope, instanceRegion: string): void {
  if (scope.region !== instanceRegion) {
    throw new ConnectError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${scope.region}'.`);
  }
}
