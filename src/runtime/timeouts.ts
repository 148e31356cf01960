/** Timer lengths, signals that combine, and waits bounded by a call's timeout and signal. */

import { MAX_TIMER } from './backoff.js';
import { TimeoutError } from './errors.js';
import type { OperationInfo, RequestOptions } from './rest-info.js';

export const TIMED_OUT: unique symbol = Symbol('specweave.timeout');

/** A timeout in milliseconds as a timer can hold it; undefined for none (`0`, `Infinity`, not a number). */
export function timerLength(ms: number | undefined): number | undefined {
  return ms === undefined || !(ms > 0) || ms === Infinity ? undefined : Math.min(ms, MAX_TIMER);
}

/** Awaits `promise` (the token functions) within the call's `timeoutMs` and `signal`. */
export function bounded<T>(promise: Promise<T>, op: OperationInfo, options: RequestOptions): Promise<T> {
  const timeoutMs = timerLength(options.timeoutMs ?? op.timeoutMs);
  const signal = options.signal;
  if (timeoutMs === undefined && signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const done = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(signal!.reason);
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            done();
            reject(new TimeoutError(op.id, timeoutMs, `${op.id}: the credentials (token functions) were not ready within ${timeoutMs} ms`));
          }, timeoutMs);
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

/**
 * A signal that aborts when any of `signals` does, with that signal's reason: `AbortSignal.any`
 * where the platform has it (Node 20.3+, current browsers), else listeners (removed by `dispose`).
 */
export function anySignal(signals: readonly AbortSignal[], useNative: boolean = true): { signal: AbortSignal; dispose: () => void } {
  const native = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (useNative && typeof native === 'function') return { signal: native.call(AbortSignal, [...signals]), dispose: () => undefined };
  const controller = new AbortController();
  const dispose = (): void => {
    for (const s of signals) s.removeEventListener('abort', abort);
  };
  const abort = (): void => {
    dispose();
    controller.abort(signals.find((s) => s.aborted)?.reason);
  };
  if (signals.some((s) => s.aborted)) abort();
  else for (const s of signals) s.addEventListener('abort', abort);
  return { signal: controller.signal, dispose };
}
