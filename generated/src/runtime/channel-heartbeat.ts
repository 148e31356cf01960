// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * Heartbeats of plain channels, as the spec declares them: the client pings with a message and
 * counts any later frame as the reply, or the server's traffic (heartbeats included) must not
 * fall silent longer than its interval plus timeout. Pusher keeps its own ping/pong.
 */

import { sameValueTest } from './channel-dispatch.js';
import type { WebSocketLike } from './socket.js';

export interface HeartbeatInfo {
  readonly direction: 'client' | 'server';
  readonly kind: 'websocket-ping' | 'message' | 'protocol';
  readonly intervalSeconds: number;
  readonly timeoutSeconds?: number;
  readonly message?: unknown;
}

/** The test of the server heartbeat message to keep out of user messages, or null when there is none. */
export function heartbeatFilter(hb: HeartbeatInfo | undefined): ((payload: unknown) => boolean) | null {
  return hb?.kind === 'message' && hb.direction === 'server' ? sameValueTest(hb.message) : null;
}

/** One connection's heartbeat timers; `onDead` runs when the connection counts as dead. */
export class Heartbeat {
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #deadTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimeout: ReturnType<typeof setTimeout> | undefined;
  /**
   * Frames (and protocol pings) seen so far. A counter, not a timestamp: `Date.now()` per frame
   * cost ~0.3 µs here (a tenth of a frame's whole budget in bench:ws); the timers read the count.
   */
  #seen = 0;
  readonly #onDead: () => void;

  constructor(onDead: () => void) {
    this.#onDead = onDead;
  }

  /** Traffic arrived: the connection is alive. Cheap per frame: only a count. */
  alive(): void {
    this.#seen++;
  }

  /**
   * Starts the timers for `socket` (stopping any running ones). `timeoutMs` replaces the spec's
   * timeout: for server heartbeats the whole silence allowed, for client pings the reply time.
   */
  start(hb: HeartbeatInfo, socket: WebSocketLike, timeoutMs: number | undefined): void {
    this.stop();
    if (hb.direction === 'client' && hb.kind === 'message') {
      const replyMs = timeoutMs ?? (hb.timeoutSeconds ?? hb.intervalSeconds) * 1000;
      this.#pingTimer = setInterval(() => {
        socket.send(JSON.stringify(hb.message ?? { type: 'ping' }));
        const seenAtPing = this.#seen;
        // Any frame after the ping counts as the reply.
        this.#pingTimeout ??= setTimeout(() => {
          this.#pingTimeout = undefined;
          if (this.#seen === seenAtPing) this.#onDead();
        }, replyMs);
      }, hb.intervalSeconds * 1000);
    } else if (hb.direction === 'server') {
      // One timer, every eighth of the window: a check that finds new traffic since the last one
      // moves the window's start to now (the traffic came at or before it), so death is declared
      // no earlier than `silenceMs` after the last frame and at most an eighth of it later.
      const silenceMs = timeoutMs ?? (hb.intervalSeconds + (hb.timeoutSeconds ?? hb.intervalSeconds)) * 1000;
      const stepMs = Math.max(1, Math.ceil(silenceMs / 8));
      let since = Date.now();
      let counted = this.#seen;
      const check = (): void => {
        const now = Date.now();
        if (this.#seen !== counted) {
          counted = this.#seen;
          since = now;
        } else if (now - since >= silenceMs) {
          this.#deadTimer = undefined;
          this.#onDead();
          return;
        }
        this.#deadTimer = setTimeout(check, Math.min(stepMs, Math.max(1, silenceMs - (now - since))));
      };
      this.#deadTimer = setTimeout(check, stepMs);
    }
  }

  stop(): void {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#deadTimer);
    clearTimeout(this.#pingTimeout);
    this.#pingTimer = undefined;
    this.#deadTimer = undefined;
    this.#pingTimeout = undefined;
  }
}
