// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * Heartbeats of plain channels, as the spec declares them: the client pings with a message and
 * counts any later frame as the reply, or the server's traffic (heartbeats included) must not
 * fall silent longer than its interval plus timeout. Pusher keeps its own ping/pong.
 */

import type { WebSocketLike } from './socket.js';

export interface HeartbeatInfo {
  readonly direction: 'client' | 'server';
  readonly kind: 'websocket-ping' | 'message' | 'protocol';
  readonly intervalSeconds: number;
  readonly timeoutSeconds?: number;
  readonly message?: unknown;
}

/** The server heartbeat message to keep out of user messages, or null when there is none. */
export function heartbeatFilter(hb: HeartbeatInfo | undefined): { message: unknown } | null {
  return hb?.kind === 'message' && hb.direction === 'server' ? { message: hb.message } : null;
}

/** One connection's heartbeat timers; `onDead` runs when the connection counts as dead. */
export class Heartbeat {
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #deadTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimeout: ReturnType<typeof setTimeout> | undefined;
  /** When traffic last arrived (ms); the liveness timer re-arms from it instead of per frame. */
  #lastSeen = 0;
  readonly #onDead: () => void;

  constructor(onDead: () => void) {
    this.#onDead = onDead;
  }

  /** Traffic arrived: the connection is alive. Cheap per frame: only a timestamp. */
  alive(): void {
    this.#lastSeen = Date.now();
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
        const sent = Date.now();
        // Any frame after the ping counts as the reply.
        this.#pingTimeout ??= setTimeout(() => {
          this.#pingTimeout = undefined;
          if (this.#lastSeen < sent) this.#onDead();
        }, replyMs);
      }, hb.intervalSeconds * 1000);
    } else if (hb.direction === 'server') {
      // One timer, re-armed for the rest of the window while traffic flows.
      const silenceMs = timeoutMs ?? (hb.intervalSeconds + (hb.timeoutSeconds ?? hb.intervalSeconds)) * 1000;
      this.#lastSeen = Date.now();
      const check = (): void => {
        const quiet = Date.now() - this.#lastSeen;
        if (quiet >= silenceMs) this.#onDead();
        else this.#deadTimer = setTimeout(check, silenceMs - quiet);
      };
      this.#deadTimer = setTimeout(check, silenceMs);
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
