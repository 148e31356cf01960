// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * The errors a channel reports. Both extend the runtime's `SpecweaveError` (common.ts), so one
 * `instanceof SpecweaveError` catches REST and channel errors alike; bad input throws
 * `RequestValidationError`, as on the REST side.
 */
import { SpecweaveError } from './common.js';

/** A connection failure or a close that ends the channel: the close code, and the HTTP status of a refused upgrade where known. */
export class ChannelError extends SpecweaveError {
  override readonly name: string = 'ChannelError';
  readonly code: number;
  readonly status: number | undefined;
  /** Messages (JSON text) that were accepted by `send` but could not be sent, in order. */
  readonly unsent: readonly string[];

  constructor(message: string, code: number, status?: number, unsent: readonly string[] = []) {
    super(message);
    this.code = code;
    this.status = status;
    this.unsent = unsent;
  }
}

/** No reply arrived within the request's timeout. */
export class RequestTimeoutError extends SpecweaveError {
  override readonly name: string = 'RequestTimeoutError';
  /** The request's message name. */
  readonly request: string;
  readonly timeoutMs: number;

  constructor(request: string, timeoutMs: number) {
    super(`no reply to "${request}" within ${timeoutMs} ms`);
    this.request = request;
    this.timeoutMs = timeoutMs;
  }
}

/** Any failure of an attempt as a ChannelError, keeping a close code and HTTP status it carries. */
export function toChannelError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const e = (error ?? {}) as { message?: unknown; code?: unknown; status?: unknown };
  const code = typeof e.code === 'number' ? e.code : 1006;
  const status = typeof e.status === 'number' ? e.status : undefined;
  return new ChannelError(typeof e.message === 'string' ? e.message : String(error), code, status);
}
