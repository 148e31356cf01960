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
/** The test of the server heartbeat message to keep out of user messages, or null when there is none. */
export declare function heartbeatFilter(hb: HeartbeatInfo | undefined): ((payload: unknown) => boolean) | null;
/** One connection's heartbeat timers; `onDead` runs when the connection counts as dead. */
export declare class Heartbeat {
    #private;
    constructor(onDead: () => void);
    /** Traffic arrived: the connection is alive. Cheap per frame: only a count. */
    alive(): void;
    /**
     * Starts the timers for `socket` (stopping any running ones). `timeoutMs` replaces the spec's
     * timeout: for server heartbeats the whole silence allowed, for client pings the reply time.
     */
    start(hb: HeartbeatInfo, socket: WebSocketLike, timeoutMs: number | undefined): void;
    stop(): void;
}
//# sourceMappingURL=channel-heartbeat.d.ts.map
