// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * Request/reply over a channel: requests waiting for their reply, matched by correlation id
 * (filled in when the payload leaves it out) or, without one, by kind in the order sent.
 */
import { MAX_TIMER } from './backoff.js';
import { isObject, matches, pathValue, sameId, withPathValue } from './channel-dispatch.js';
import { ChannelError, RequestTimeoutError } from './channel-errors.js';
/** The requests of one channel that wait for their reply, in the order they were made. */
export class PendingRequests {
    #pending = new Map();
    #seq = 0;
    /** The last correlation id filled in. */
    #lastId = 0;
    get size() {
        return this.#pending.size;
    }
    /**
     * Sends `payload` through `send` (with its correlation id filled in where missing) and
     * resolves with the reply; rejects at the timeout, when the signal aborts, or when `send`
     * throws. Every way out forgets the request.
     */
    add(name, spec, payload, options, defaultTimeoutMs, send) {
        const signal = options.signal;
        if (signal?.aborted)
            return Promise.reject(signal.reason);
        let value = payload;
        let id;
        if (spec.correlation !== undefined && spec.correlation.length > 0 && isObject(payload)) {
            id = pathValue(payload, spec.correlation);
            if (id === undefined) {
                id = spec.idType === 'string' ? String(++this.#lastId) : ++this.#lastId;
                value = withPathValue(payload, spec.correlation, id);
            }
        }
        const key = ++this.#seq;
        const timeoutMs = Math.min(Math.max(0, options.timeoutMs ?? defaultTimeoutMs ?? 30_000), MAX_TIMER);
        return new Promise((resolve, reject) => {
            const done = () => {
                this.#pending.delete(key);
                clearTimeout(timer);
                signal?.removeEventListener('abort', onAbort);
            };
            const onAbort = () => {
                done();
                reject(signal.reason);
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
                    resolve(reply);
                },
                reject: (error) => {
                    done();
                    reject(error);
                },
            });
            try {
                send(value);
            }
            catch (error) {
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
    settle(payload, event, dispatched, rules) {
        let byKind;
        for (const pending of this.#pending.values()) {
            for (const reply of pending.replies) {
                const rule = rules.find((r) => r.name === reply);
                if (!rule)
                    continue;
                if (pending.id === undefined || rule.correlation === undefined) {
                    if (reply === dispatched)
                        byKind ??= pending;
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
    closed(code) {
        for (const pending of [...this.#pending.values()])
            pending.reject(new ChannelError(`the channel closed before the reply to "${pending.name}" arrived`, code));
    }
}
