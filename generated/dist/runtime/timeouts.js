// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** Timer lengths, signals that combine, and waits bounded by a call's timeout and signal. */
import { MAX_TIMER } from './backoff.js';
import { TimeoutError } from './errors.js';
export const TIMED_OUT = Symbol('specweave.timeout');
/** A timeout in milliseconds as a timer can hold it; undefined for none (`0`, `Infinity`, not a number). */
export function timerLength(ms) {
    return ms === undefined || !(ms > 0) || ms === Infinity ? undefined : Math.min(ms, MAX_TIMER);
}
/** Awaits `promise` (the token functions) within the call's `timeoutMs` and `signal`. */
export function bounded(promise, op, options) {
    const timeoutMs = timerLength(options.timeoutMs ?? op.timeoutMs);
    const signal = options.signal;
    if (timeoutMs === undefined && signal === undefined)
        return promise;
    return new Promise((resolve, reject) => {
        const done = () => {
            if (timer !== undefined)
                clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
        };
        const onAbort = () => {
            done();
            reject(signal.reason);
        };
        const timer = timeoutMs === undefined
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
        promise.then((value) => {
            done();
            resolve(value);
        }, (error) => {
            done();
            reject(error);
        });
    });
}
/**
 * A signal that aborts when any of `signals` does, with that signal's reason: `AbortSignal.any`
 * where the platform has it (Node 20.3+, current browsers), else listeners (removed by `dispose`).
 */
export function anySignal(signals, useNative = true) {
    const native = AbortSignal.any;
    if (useNative && typeof native === 'function')
        return { signal: native.call(AbortSignal, [...signals]), dispose: () => undefined };
    const controller = new AbortController();
    const dispose = () => {
        for (const s of signals)
            s.removeEventListener('abort', abort);
    };
    const abort = () => {
        dispose();
        controller.abort(signals.find((s) => s.aborted)?.reason);
    };
    if (signals.some((s) => s.aborted))
        abort();
    else
        for (const s of signals)
            s.addEventListener('abort', abort);
    return { signal: controller.signal, dispose };
}
