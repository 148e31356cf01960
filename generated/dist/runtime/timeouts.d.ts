/** Timer lengths, signals that combine, and waits bounded by a call's timeout and signal. */
import type { OperationInfo, RequestOptions } from './rest-info.js';
export declare const TIMED_OUT: unique symbol;
/** A timeout in milliseconds as a timer can hold it; undefined for none (`0`, `Infinity`, not a number). */
export declare function timerLength(ms: number | undefined): number | undefined;
/** Awaits `promise` (the token functions) within the call's `timeoutMs` and `signal`. */
export declare function bounded<T>(promise: Promise<T>, op: OperationInfo, options: RequestOptions): Promise<T>;
/**
 * A signal that aborts when any of `signals` does, with that signal's reason: `AbortSignal.any`
 * where the platform has it (Node 20.3+, current browsers), else listeners (removed by `dispose`).
 */
export declare function anySignal(signals: readonly AbortSignal[], useNative?: boolean): {
    signal: AbortSignal;
    dispose: () => void;
};
//# sourceMappingURL=timeouts.d.ts.map
