/**
 * Request/reply over a channel: requests waiting for their reply, matched by correlation id
 * (filled in when the payload leaves it out) or, without one, by kind in the order sent.
 */
import { type ReceiveRule } from './channel-dispatch.js';
export interface RequestInfo {
    readonly replies: readonly string[];
    /** The correlation id's place in the request payload (JSON pointer segments). */
    readonly correlation?: readonly string[];
    /** The id's JSON type: a missing id is filled in with an incrementing integer, or its decimal string. */
    readonly idType?: 'integer' | 'string';
}
/** Options of one request (a generated request method's second argument). */
export interface RequestOptions {
    /** How long to wait for the reply (default: the channel's `requestTimeoutMs`, 30000 ms; capped at 2^31-1). */
    timeoutMs?: number;
    /** Aborting rejects the request with the signal's reason and forgets it (the request may already have been sent). */
    signal?: AbortSignal;
}
/** `T` with the property `K` optional (a correlation id the channel fills in when it is left out); unions member by member. */
export type WithOptional<T, K extends PropertyKey> = T extends object ? Omit<T, K> & {
    [P in K & keyof T]?: T[P];
} : T;
/** The requests of one channel that wait for their reply, in the order they were made. */
export declare class PendingRequests {
    #private;
    get size(): number;
    /**
     * Sends `payload` through `send` (with its correlation id filled in where missing) and
     * resolves with the reply; rejects at the timeout, when the signal aborts, or when `send`
     * throws. Every way out forgets the request.
     */
    add<R>(name: string, spec: RequestInfo, payload: unknown, options: RequestOptions, defaultTimeoutMs: number | undefined, send: (value: unknown) => void): Promise<R>;
    /**
     * A received message that answers a pending request settles it: first the oldest request
     * whose correlation id it carries (tested against each reply's own rule), else the oldest
     * uncorrelated request of which it is (as dispatched) a reply.
     */
    settle(payload: unknown, event: string | undefined, dispatched: string | undefined, rules: readonly ReceiveRule[]): void;
    /** The channel closed for good: every pending request rejects with a ChannelError. */
    closed(code: number): void;
}
//# sourceMappingURL=channel-request.d.ts.map
