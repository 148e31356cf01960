/** Backoff shared by REST retries (and, later, channel reconnects): full-jitter delays and abortable sleeps. */

import { MAX_TIMER } from './timeouts.js';

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
