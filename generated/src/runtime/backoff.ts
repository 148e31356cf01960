// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** Backoff shared by REST retries (and, later, channel reconnects): full-jitter delays and abortable sleeps. */

/** The longest delay `setTimeout` honours (longer ones fire at once). */
export const MAX_TIMER = 2_147_483_647;

/**
 * Full-jitter exponential backoff: a delay uniformly random in [0, bound], the bound
 * `initialMs * factor^(attempt-1)` capped at `maxMs` (attempt 1 is the first retry).
 */
export function fullJitter(attempt: number, initialMs: number, maxMs: number, factor = 2, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(maxMs, initialMs * factor ** (attempt - 1)));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    // Longer than a timer holds: wait in steps (a single setTimeout would fire at once).
    let left = Math.max(0, ms);
    let timer: ReturnType<typeof setTimeout>;
    const step = (): void => {
      const wait = Math.min(left, MAX_TIMER);
      left -= wait;
      timer = setTimeout(() => {
        if (left > 0) return step();
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, wait);
    };
    step();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
