/** REST retries: which methods and failures are retried, and after how long (`Retry-After` honoured). */

import { fullJitter, MAX_TIMER } from './backoff.js';
import { ApiError, errorCode, NetworkError, REDIRECT_FAILURES } from './errors.js';
import type { RequestOptions, RetryOptions } from './rest-info.js';

const IDEMPOTENT = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];
const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 3, initialDelayMs: 200, maxDelayMs: 10_000 };

// ------------------------------------------------------------------------------ retries

export function retryPolicy(method: string, setting: RequestOptions['retry']): Required<RetryOptions> | undefined {
  if (setting === false) return undefined;
  if (setting === undefined) return IDEMPOTENT.includes(method) ? DEFAULT_RETRY : undefined;
  if (setting === true) return DEFAULT_RETRY;
  const number = (value: number | undefined, fallback: number): number => (value === undefined || Number.isNaN(value) ? fallback : Math.max(0, value));
  return {
    attempts: Math.max(1, Math.floor(number(setting.attempts, DEFAULT_RETRY.attempts))),
    initialDelayMs: number(setting.initialDelayMs, DEFAULT_RETRY.initialDelayMs),
    maxDelayMs: Math.min(MAX_TIMER, number(setting.maxDelayMs, DEFAULT_RETRY.maxDelayMs)),
  };
}

/** Milliseconds to wait before retrying after `error`, or undefined when it is not retried. */
export function retryDelay(error: unknown, attempt: number, policy: Required<RetryOptions>): number | undefined {
  if (error instanceof ApiError) {
    const status = error.status as number;
    if (status !== 408 && status !== 429 && (status < 500 || status > 599)) return undefined;
    const asked = parseRetryAfter(error.headers.get('retry-after'));
    if (asked !== undefined) return asked <= policy.maxDelayMs ? asked : undefined;
  } else if (!(error instanceof NetworkError) || REDIRECT_FAILURES.includes(errorCode(error.cause) ?? '')) {
    return undefined;
  }
  // Full jitter: uniformly random up to the exponentially growing bound.
  return fullJitter(attempt, policy.initialDelayMs, policy.maxDelayMs);
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (past dates give 0). */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP dates (IMF-fixdate, RFC 850, asctime) all start with the day's name.
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
