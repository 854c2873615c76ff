import { START_TASK_ENV } from '../lib/contract';

/**
 * The handler's environment when Connect is the emulator: the instance to use, the emulator as
 * Connect's endpoint through the SDK's standard setting, and throwaway credentials. The real
 * credential chain's settings are dropped so real credentials are never sent to the emulator.
 */
export function emulatorHandlerEnv(emulatorUrl: string, instanceArn: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _session, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: _ignore, ...rest } = base;
  return {
    ...rest,
    [START_TASK_ENV.instanceArn]: instanceArn,
    AWS_ENDPOINT_URL_CONNECT: emulatorUrl,
    AWS_ACCESS_KEY_ID: 'AKIALOCALEMULATOR000',
    AWS_SECRET_ACCESS_KEY: 'local-emulator-secret',
  };
}
