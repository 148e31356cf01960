/**
 * The WebSocket seen by the channel runtime and the Pusher client alike: its structural type,
 * the constructor the caller injects, and the frame helpers both use. No Pusher code, so a
 * plain channel's bundle does not carry the Pusher client.
 */
/**
 * A handler type whose parameter is checked bivariantly (like a method
 * parameter), so the browser `WebSocket` (`(ev: MessageEvent) => any`) and the
 * `ws` package (`(event: WebSocket.MessageEvent) => void`) are assignable to
 * `WebSocketLike` even under `strictFunctionTypes`.
 */
export type SocketHandler<E> = {
    bivarianceHack(ev: E): void;
}['bivarianceHack'];
/** Minimal structural view of a WebSocket (browser `WebSocket`, `ws`, ...). */
export interface WebSocketLike {
    readonly readyState: number;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    onopen: SocketHandler<unknown> | null;
    onmessage: SocketHandler<{
        data: unknown;
    }> | null;
    onclose: SocketHandler<{
        code: number;
        reason: string;
    }> | null;
    onerror: SocketHandler<unknown> | null;
}
/** What Node's `ws` adds to that interface and the channel uses where it is there: its EventEmitter `on`, and `terminate`. */
export interface NodeWebSocketExtras {
    on?: (event: string, listener: (...args: never[]) => void) => unknown;
    terminate?: () => void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[], 
/** Node's `ws` reads `headers` and `maxPayload` (frames over it are refused before they are buffered); browsers ignore them. */
options?: {
    headers?: Record<string, string>;
    maxPayload?: number;
}) => WebSocketLike;
/** `WebSocket.OPEN`. */
export declare const OPEN = 1;
/** Size of a frame in bytes (UTF-8 for text), computed exactly only when it could exceed `limit`. */
export declare function frameBytes(data: unknown, limit: number): number;
/** Stops listening to a socket. Handlers become no-ops, not null: `ws` throws an error event nobody handles. */
export declare function detach(socket: WebSocketLike): void;
//# sourceMappingURL=socket.d.ts.map
