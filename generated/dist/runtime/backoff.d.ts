/** Backoff shared by REST retries (and, later, channel reconnects): full-jitter delays and abortable sleeps. */
/** The longest delay `setTimeout` honours (longer ones fire at once). */
export declare const MAX_TIMER = 2147483647;
/**
 * Full-jitter exponential backoff: a delay uniformly random in [0, bound], the bound
 * `initialMs * factor^(attempt-1)` capped at `maxMs` (attempt 1 is the first retry).
 */
export declare function fullJitter(attempt: number, initialMs: number, maxMs: number, factor?: number, random?: () => number): number;
/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export declare function sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
//# sourceMappingURL=backoff.d.ts.map
