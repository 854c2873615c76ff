/**
 * Amazon Connect's default API quota for `StartTaskContact` (and most Connect APIs): 2 requests a
 * second with bursts of 5, per account and region, shared by every caller. It is adjustable in
 * Service Quotas under this code. The task endpoint's stage throttle and the Connect emulator's
 * throttle default to it, so what passes locally is what AWS lets through.
 */
export const CONNECT_DEFAULT_QUOTA = { rate: 2, burst: 5, serviceQuotaCode: 'L-E704D621' } as const;
