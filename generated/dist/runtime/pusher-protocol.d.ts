/**
 * Dependency-free client core for the Pusher Channels protocol, version 7.
 *
 * This file is copied verbatim into generated client packages. It imports only
 * ./common.js (shipped in every package), must not use Node-only APIs (it runs
 * in browsers too) and must compile under `--isolatedDeclarations`.
 *
 * Scope: one connection, ping/pong keep-alive, channel subscription (public,
 * private-, presence-) with HTTP channel authorisation. Reconnecting is left to
 * a wrapper: `connect()` may be called again after a close, and
 * `resubscribeAll()` re-subscribes every channel still registered.
 *
 * Protocol reference: https://pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol/
 */
import { frameBytes, type WebSocketConstructor } from './socket.js';
export type { SocketHandler, WebSocketConstructor, WebSocketLike } from './socket.js';
export { frameBytes };
export interface PusherConnectionOptions {
    WebSocket: WebSocketConstructor;
    /** e.g. "wss://soketi.modelbeam.ai:443" (scheme://host:port, no path) */
    baseUrl: string;
    appKey: string;
    /** URL for private-/presence- channel authorisation */
    authEndpoint?: string;
    /** headers for the auth POST (e.g. Authorization), resolved per request */
    authHeaders?: () => Record<string, string> | Promise<Record<string, string>>;
    /** default globalThis.fetch */
    fetch?: (url: string, init: RequestInit) => Promise<Response>;
    /** our activity timeout in ms (default 30000); the effective value is min(ours, server's activity_timeout*1000) */
    activityTimeoutMs?: number;
    /** how long to wait for any message after we ping (default 30000) */
    pongTimeoutMs?: number;
    /** how long `connect()` waits for pusher:connection_established (default 30000) */
    connectTimeoutMs?: number;
    /** larger incoming frames go to `onUnknown` unparsed (default: no limit); given to `ws` as `maxPayload` */
    maxMessageBytes?: number;
    /** how long one channel authorisation (auth headers, POST and body) may take (default 30000) */
    authTimeoutMs?: number;
    /** the largest authorisation response body read (default 64 KiB); a larger one fails the subscription */
    maxAuthResponseBytes?: number;
    /** default "specweave-js" */
    clientName?: string;
    /** default "0.1.0" */
    clientVersion?: string;
}
/** Pusher protocol version spoken by this client. */
export declare const PUSHER_PROTOCOL_VERSION: 7;
/** Close code we use when the server did not answer our ping in time. */
export declare const PONG_TIMEOUT_CLOSE_CODE: 4201;
/** Close code reported through `onClose` after `close()` was called. */
export declare const CLIENT_CLOSE_CODE: 1000;
/** Base class of every error raised by this module. */
export declare class PusherError extends Error {
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/** A `pusher:error` event sent by the server (code 4000-4299, or null). */
export declare class PusherProtocolError extends PusherError {
    readonly code: number | null;
    constructor(message: string, code: number | null);
}
/** The socket closed (or could not be opened) before the operation completed. */
export declare class PusherConnectionClosedError extends PusherError {
    readonly code: number;
    readonly reason: string;
    /** HTTP status of a refused upgrade, where the WebSocket implementation tells it (Node's `ws`). */
    readonly status: number | undefined;
    constructor(message: string, code: number, reason: string, status?: number);
}
/** Channel authorisation against `authEndpoint` failed. Never carries header values. */
export declare class PusherAuthError extends PusherError {
    readonly channel: string;
    /** HTTP status when the endpoint answered, undefined for network / format errors */
    readonly status: number | undefined;
    constructor(message: string, channel: string, status: number | undefined, options?: {
        cause?: unknown;
    });
}
/** The server answered `pusher:subscribe` with `pusher:subscription_error`. */
export declare class PusherSubscriptionError extends PusherError {
    readonly channel: string;
    readonly type: string | undefined;
    readonly status: number | undefined;
    constructor(message: string, channel: string, type: string | undefined, status: number | undefined);
}
/**
 * Pusher close-code ranges:
 * 4000-4099 do not reconnect, 4100-4199 reconnect with backoff,
 * 4200-4299 reconnect immediately, anything else: client default policy.
 */
export declare function classifyPusherCloseCode(code: number): 'no-reconnect' | 'backoff' | 'immediate' | 'default';
/** True for channels that need authorisation (private-, private-encrypted-, presence-). */
export declare function channelNeedsAuth(channel: string): boolean;
/** Builds the socket URL: `${baseUrl}/app/${key}?protocol=7&client=…&version=…`. */
export declare function buildPusherUrl(baseUrl: string, appKey: string, clientName: string, clientVersion: string): string;
/**
 * Decodes the `data` field of a Pusher event: a JSON string is parsed, a string
 * that is not JSON is returned unchanged, anything else (object, number…) as is.
 */
export declare function decodePusherData(data: unknown): unknown;
export type PusherConnectionState = 'idle' | 'connecting' | 'connected' | 'closed';
/**
 * One Pusher Channels connection. Not reconnecting by itself; see module docs.
 *
 * `onClose` fires once per socket that reached `pusher:connection_established`
 * (including after `close()`, with code 1000 — check `closedByClient`).
 * Failures before that are reported only through the `connect()` rejection
 * (a `PusherConnectionClosedError` / `PusherProtocolError` carrying the code).
 */
export declare class PusherConnection {
    onClose: ((code: number, reason: string) => void) | null;
    onError: ((error: Error) => void) | null;
    /** A frame that is not JSON, or larger than `maxMessageBytes`: the raw data and why. */
    onUnknown: ((data: unknown, reason: string) => void) | null;
    /** The last socket error's message while connecting (`ws` names a refused upgrade's status). */
    private lastSocketError;
    private readonly options;
    private readonly channels;
    private ws;
    private currentSocketId;
    private currentState;
    private userClosed;
    /** incremented for every socket; stale async work compares against it */
    private generation;
    private connecting;
    private connectTimer;
    private activityTimer;
    private pongTimer;
    private effectiveActivityTimeoutMs;
    /** Authorisation requests in flight, aborted when the socket ends. */
    private readonly authAborts;
    constructor(options: PusherConnectionOptions);
    /** Socket id assigned by the server; undefined while not connected. */
    get socketId(): string | undefined;
    get state(): PusherConnectionState;
    /** True when the last close was requested through `close()`. */
    get closedByClient(): boolean;
    /** Activity timeout in use: min(activityTimeoutMs, server activity_timeout * 1000). */
    get activityTimeoutMs(): number;
    /** The socket URL this connection opens. */
    get url(): string;
    /** Channels currently registered (subscribed or pending), in subscription order. */
    channelNames(): string[];
    isSubscribed(channel: string): boolean;
    /**
     * Opens the socket and resolves on `pusher:connection_established`.
     * Rejects on `pusher:error`, on close before it, or after `connectTimeoutMs`.
     */
    connect(): Promise<void>;
    /**
     * Subscribes to `channel`. private-/presence- channels are authorised first
     * through `authEndpoint`. Resolves on `pusher_internal:subscription_succeeded`.
     * Calling it again for a registered channel replaces the handler and returns
     * the state of the existing subscription.
     */
    subscribe(channel: string, onEvent: (event: string, data: unknown) => void): Promise<void>;
    /** Forgets `channel` and tells the server (when connected). */
    unsubscribe(channel: string): void;
    /**
     * Re-subscribes every registered channel that is not subscribed on the
     * current socket (use after a reconnect). Resolves with one entry per
     * channel: null on success, the error otherwise (failed channels are dropped).
     */
    resubscribeAll(): Promise<Map<string, Error | null>>;
    /** Sends a raw protocol event (e.g. `client-` events on private channels). */
    send(event: string, data: unknown, channel?: string): void;
    /** Closes the socket; `onClose(1000, "closed by client")` fires if it was connected. */
    close(): void;
    private startSubscription;
    private authorize;
    private authorizeWith;
    private handleRawMessage;
    private handleFrame;
    private handleEstablished;
    private handleProtocolError;
    private handleSubscriptionSucceeded;
    private handleSubscriptionError;
    private dispatch;
    private handleSocketClosed;
    /** Settles a failed connection attempt; no onClose (the attempt never connected). */
    private failConnecting;
    /** Ends the current (established) socket: timers, pending work, onClose. */
    private teardown;
    private detachSocket;
    private abortSocket;
    private sendFrame;
    private resetActivityTimer;
    private clearConnectTimer;
    private clearTimers;
    private reportError;
    /** Frames that are not Pusher frames go to onUnknown (or, without one, to onError). */
    private reportUnknown;
}
//# sourceMappingURL=pusher-protocol.d.ts.map
