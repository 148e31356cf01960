/**
 * The reconnect policy: what a close code means, and how long to wait before the next
 * attempt (full-jitter exponential backoff from backoff.ts, shared with REST retries).
 */
import { fullJitter, MAX_TIMER } from './backoff.js';

export interface ReconnectOptions {
  /** First delay bound in ms (default 500). */
  initialDelayMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Delay cap in ms (default 30000). */
  maxDelayMs?: number;
  /** Consecutive connections that failed or did not stay healthy before giving up (default: unlimited). */
  maxAttempts?: number;
  /** "Reconnect at once" close codes (Pusher 4200-4299) wait at least this long (default 1000 ms); repeated, they join the backoff. */
  immediateDelayMs?: number;
}

/** How a protocol classifies its own close codes (Pusher: pusher-protocol.ts's `classifyPusherCloseCode`). */
export type CloseCodeKind = (code: number) => 'no-reconnect' | 'backoff' | 'immediate' | 'default';

/**
 * What a close code means for the client: `stop` (normal close), `fail` (policy or auth: do
 * not retry with the same settings), `now` (reconnect at once) or `backoff`. `protocol`
 * classifies the codes of the protocol spoken over the socket (Pusher's 4000-4299).
 */
export function closePolicy(code: number, protocol?: CloseCodeKind): 'stop' | 'fail' | 'now' | 'backoff' {
  if (code === 1000) return 'stop';
  if (code === 1008 || code === 3000 || code === 3003 || code === 4001 || code === 4003 || code === 4401 || code === 4403) return 'fail';
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
export function reconnectDelay(attempt: number, options: ReconnectOptions, immediately: boolean, random: () => number = Math.random): number {
  const jitter = fullJitter(attempt, options.initialDelayMs ?? 500, options.maxDelayMs ?? 30_000, options.factor ?? 2, random);
  const floor = Math.max(0, options.immediateDelayMs ?? 1000);
  return Math.min(MAX_TIMER, !immediately ? jitter : attempt === 1 ? floor : Math.max(floor, jitter));
}
