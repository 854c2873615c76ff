/** `X-Amz-Date` of a SigV4-presigned URL: the signing time, `YYYYMMDD'T'HHMMSS'Z'`. */
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * When CloudFormation issued a custom resource request: the signing time (`X-Amz-Date`) of the
 * presigned S3 URL it sends as `ResponseURL`. A URL without one (presigned the older way, with
 * only `Expires`) gives `fallback`, the handler's clock.
 *
 * `TaskSchedule.after()` is counted from here because this instant is part of the request: every
 * delivery of one request (an asynchronous Lambda retry of the Provider framework's function, the
 * framework invoking this handler again) carries the same URL, so it resolves to the same
 * `ScheduledTime`, and its `ClientToken` (derived from the request id) reaches Connect with the
 * same parameters. The handler's clock differs on each delivery, and a `ClientToken` reused with
 * other parameters is an error, not the same request. The Provider framework passes the real
 * `ResponseURL` on to this function (aws-cdk-lib `custom-resources/lib/provider-framework/runtime/
 * framework.ts`, `invokeUserFunction`: only its own logs redact it); a resource property could not
 * carry such an instant, as properties are fixed at synth time. The URL is never logged: it
 * grants writing the resource's response.
 */
export function requestIssuedAt(responseUrl: string, fallback: Date): Date {
  let amzDate: string | null;
  try {
    amzDate = new URL(responseUrl).searchParams.get('X-Amz-Date');
  } catch {
    return fallback;
  }
  const parts = amzDate ? AMZ_DATE.exec(amzDate) : null;
  if (!parts) return fallback;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}
