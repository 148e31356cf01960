// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * Request/reply over a channel: requests waiting for their reply, matched by correlation id
 * (filled in when the payload leaves it out) or, without one, by kind in the order sent.
 */

import { MAX_TIMER } from './backoff.js';
import { isObject, matches, pathValue, type ReceiveRule, sameId, withPathValue } from './channel-dispatch.js';
import { ChannelError, RequestTimeoutError } from './channel-errors.js';

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
export type WithOptional<T, K extends PropertyKey> = T extends object ? Omit<T, K> & { [P in K & keyof T]?: T[P] } : T;

interface PendingRequest {
  readonly name: string;
  readonly replies: readonly string[];
  /** The request's correlation id; undefined: replies are matched by kind (first pending request of that kind). */
  readonly id: unknown;
  readonly resolve: (payload: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** The requests of one channel that wait for their reply, in the order they were made. */
export class PendingRequests {
  readonly #pending = new Map<number, PendingRequest>();
  #seq = 0;
  /** The last correlation id filled in. */
  #lastId = 0;

  get size(): number {
    return this.#pending.size;
  }

  /**
   * Sends `payload` through `send` (with its correlation id filled in where missing) and
   * resolves with the reply; rejects at the timeout, when the signal aborts, or when `send`
   * throws. Every way out forgets the request.
   */
  add<R>(
    name: string,
    spec: RequestInfo,
    payload: unknown,
    options: RequestOptions,
    defaultTimeoutMs: number | undefined,
    send: (value: unknown) => void,
  ): Promise<R> {
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let value: unknown = payload;
    let id: unknown;
    if (spec.correlation !== undefined && spec.correlation.length > 0 && isObject(payload)) {
      id = pathValue(payload, spec.correlation);
      if (id === undefined) {
        id = spec.idType === 'string' ? String(++this.#lastId) : ++this.#lastId;
        value = withPathValue(payload, spec.correlation, id);
      }
    }
    const key = ++this.#seq;
    const timeoutMs = Math.min(Math.max(0, options.timeoutMs ?? defaultTimeoutMs ?? 30_000), MAX_TIMER);
    return new Promise<R>((resolve, reject) => {
      const done = (): void => {
        this.#pending.delete(key);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        done();
        reject(new RequestTimeoutError(name, timeoutMs));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(key, {
        name,
        replies: spec.replies,
        id,
        resolve: (reply) => {
          done();
          resolve(reply as R);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      try {
        send(value);
      } catch (error) {
        done();
        reject(error);
      }
    });
  }

  /**
   * A received message that answers a pending request settles it: first the oldest request
   * whose correlation id it carries (tested against each reply's own rule), else the oldest
   * uncorrelated request of which it is (as dispatched) a reply.
   */
  settle(payload: unknown, event: string | undefined, dispatched: string | undefined, rules: readonly ReceiveRule[]): void {
    let byKind: PendingRequest | undefined;
    for (const pending of this.#pending.values()) {
      for (const reply of pending.replies) {
        const rule = rules.find((r) => r.name === reply);
        if (!rule) continue;
        if (pending.id === undefined || rule.correlation === undefined) {
          if (reply === dispatched) byKind ??= pending;
          continue;
        }
        if ((rule.match === undefined || matches(rule.match, payload, event)) && sameId(pathValue(payload, rule.correlation), pending.id)) {
          pending.resolve(payload);
          return;
        }
      }
    }
    byKind?.resolve(payload);
  }

  /** The channel closed for good: every pending request rejects with a ChannelError. */
  closed(code: number): void {
    for (const pending of [...this.#pending.values()])
      pending.reject(new ChannelError(`the channel closed before the reply to "${pending.name}" arrived`, code));
  }
}
