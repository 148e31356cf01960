// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * The reconnect policy: what a close code means, and how long to wait before the next
 * attempt (full-jitter exponential backoff from backoff.ts, shared with REST retries).
 */
import { fullJitter, MAX_TIMER } from './backoff.js';
/**
 * What a close code means for the client: `stop` (normal close), `fail` (policy or auth: do
 * not retry with the same settings), `now` (reconnect at once) or `backoff`. `protocol`
 * classifies the codes of the protocol spoken over the socket (Pusher's 4000-4299).
 */
export function closePolicy(code, protocol) {
    if (code === 1000)
        return 'stop';
    if (code === 1008 || code === 3000 || code === 3003 || code === 4001 || code === 4003 || code === 4401 || code === 4403)
        return 'fail';
    if (protocol) {
        const kind = protocol(code);
        return kind === 'no-reconnect' ? 'fail' : kind === 'immediate' ? 'now' : 'backoff';
    }
    return 'backoff';
}
/**
 * The delay before reconnect attempt `attempt` (1 = the first): full jitter between 0 and the
 * exponential bound. "Reconnect at once" codes (`immediately`) wait a floor first, and once
 * repeated (the connection never became healthy) join the backoff. Capped at what a timer holds.
 */
export function reconnectDelay(attempt, options, immediately, random = Math.random) {
    const jitter = fullJitter(attempt, options.initialDelayMs ?? 500, options.maxDelayMs ?? 30_000, options.factor ?? 2, random);
    const floor = Math.max(0, options.immediateDelayMs ?? 1000);
    return Math.min(MAX_TIMER, !immediately ? jitter : attempt === 1 ? floor : Math.max(floor, jitter));
}
