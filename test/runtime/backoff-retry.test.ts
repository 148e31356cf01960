/** src/runtime/backoff.ts (shared by retries and, later, reconnects) and retry.ts (REST retry policy). */
import { describe, expect, it } from 'vitest';
import { fullJitter, MAX_TIMER, sleep } from '../../src/runtime/backoff.js';
import { ApiError, NetworkError } from '../../src/runtime/errors.js';
import { parseRetryAfter, retryDelay, retryPolicy } from '../../src/runtime/retry.js';

describe('backoff', () => {
  it('full jitter: random in [0, min(max, initial * factor^(attempt-1))]', () => {
    expect(fullJitter(1, 200, 10_000, 2, () => 1)).toBe(200);
    expect(fullJitter(3, 200, 10_000, 2, () => 1)).toBe(800);
    expect(fullJitter(30, 200, 10_000, 2, () => 1)).toBe(10_000);
    expect(fullJitter(2, 100, 10_000, 1.5, () => 0.5)).toBe(75);
    expect(fullJitter(5, 200, 10_000, 2, () => 0)).toBe(0);
  });

  it('sleep resolves, and rejects with the signal’s reason when aborted before or during', async () => {
    await sleep(1, undefined);
    const reason = new Error('stop');
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(MAX_TIMER).toBe(2 ** 31 - 1);
  });
});

describe('retry policy', () => {
  it('on by default for idempotent methods only; true / options turn it on for any', () => {
    expect(retryPolicy('GET', undefined)?.attempts).toBe(3);
    expect(retryPolicy('POST', undefined)).toBeUndefined();
    expect(retryPolicy('POST', true)?.attempts).toBe(3);
    expect(retryPolicy('GET', false)).toBeUndefined();
    expect(retryPolicy('POST', { attempts: 0.5, initialDelayMs: Number.NaN, maxDelayMs: 1e12 })).toEqual({
      attempts: 1,
      initialDelayMs: 200,
      maxDelayMs: MAX_TIMER,
    });
  });

  it('retries network errors and 408/429/5xx, honours Retry-After up to maxDelayMs, not redirect failures', () => {
    const policy = { attempts: 3, initialDelayMs: 100, maxDelayMs: 5000 };
    const api = (status: number, retryAfter?: string): ApiError =>
      new ApiError('op', status, undefined, new Headers(retryAfter ? { 'retry-after': retryAfter } : {}));
    expect(retryDelay(api(404), 1, policy)).toBeUndefined();
    expect(retryDelay(api(503, '2'), 1, policy)).toBe(2000);
    expect(retryDelay(api(429, '60'), 1, policy)).toBeUndefined();
    expect(retryDelay(api(500), 2, policy)).toBeLessThanOrEqual(200);
    expect(retryDelay(new NetworkError('op', new Error('x')), 1, policy)).toBeLessThanOrEqual(100);
    expect(retryDelay(new NetworkError('op', Object.assign(new Error('x'), { code: 'TOO_MANY_REDIRECTS' })), 1, policy)).toBeUndefined();
    expect(retryDelay(new TypeError('x'), 1, policy)).toBeUndefined();
  });

  it('parseRetryAfter: seconds and HTTP dates', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
