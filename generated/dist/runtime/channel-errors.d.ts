/**
 * The errors a channel reports. Both extend the runtime's `SpecweaveError` (common.ts), so one
 * `instanceof SpecweaveError` catches REST and channel errors alike; bad input throws
 * `RequestValidationError`, as on the REST side.
 */
import { SpecweaveError } from './common.js';
/** A connection failure or a close that ends the channel: the close code, and the HTTP status of a refused upgrade where known. */
export declare class ChannelError extends SpecweaveError {
    readonly name: string;
    readonly code: number;
    readonly status: number | undefined;
    /** Messages (JSON text) that were accepted by `send` but could not be sent, in order. */
    readonly unsent: readonly string[];
    constructor(message: string, code: number, status?: number, unsent?: readonly string[]);
}
/** No reply arrived within the request's timeout. */
export declare class RequestTimeoutError extends SpecweaveError {
    readonly name: string;
    /** The request's message name. */
    readonly request: string;
    readonly timeoutMs: number;
    constructor(request: string, timeoutMs: number);
}
/** Any failure of an attempt as a ChannelError, keeping a close code and HTTP status it carries. */
export declare function toChannelError(error: unknown): ChannelError;
//# sourceMappingURL=channel-errors.d.ts.map
