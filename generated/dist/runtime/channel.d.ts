/**
 * specweave realtime runtime: the base of every generated WebSocket channel class. Copied
 * verbatim into the generated package; no dependencies; runs in Node (with an injected
 * WebSocket constructor such as the `ws` package's) and in browsers.
 *
 * A generated class passes plain data (`ChannelInfo`) describing its servers, address and
 * messages; this class connects, builds the URL, authenticates, parses incoming frames,
 * dispatches them to typed listeners and async iterators, and sends typed messages.
 */
import { type ReceiveRule } from './channel-dispatch.js';
import { type HeartbeatInfo } from './channel-heartbeat.js';
import { type CloseCodeKind, type ReconnectOptions } from './channel-reconnect.js';
import { type RequestInfo, type RequestOptions } from './channel-request.js';
import { type Credential, type FetchLike, type SchemeInfo, type ServerInfo } from './common.js';
import { type WebSocketConstructor } from './socket.js';
export type { MatchTerm, MessageMatch, ReceiveRule } from './channel-dispatch.js';
export { ChannelError, RequestTimeoutError } from './channel-errors.js';
export type { HeartbeatInfo } from './channel-heartbeat.js';
export type { CloseCodeKind, ReconnectOptions } from './channel-reconnect.js';
export { closePolicy } from './channel-reconnect.js';
export type { RequestInfo, RequestOptions, WithOptional } from './channel-request.js';
export { shownUrl } from './channel-scrub.js';
export { joinUrl } from './channel-url.js';
export type { WebSocketConstructor, WebSocketLike } from './socket.js';
export interface ChannelServerInfo extends ServerInfo {
    readonly security?: ReadonlyArray<readonly string[]>;
    /** Query parameter through which the server also accepts the bearer token. */
    readonly authQuery?: string;
    readonly pusher?: {
        readonly appKey: string;
        readonly authEndpoint?: string;
    };
    readonly heartbeat?: HeartbeatInfo;
}
export interface ChannelInfo {
    readonly address: string;
    readonly servers: Readonly<Record<string, ChannelServerInfo>>;
    readonly defaultServer: string;
    readonly securitySchemes: Readonly<Record<string, SchemeInfo>>;
    readonly receive: readonly ReceiveRule[];
    /** Send messages the server answers, by name: the receive messages that reply, and where the request carries its correlation id. */
    readonly requests?: Readonly<Record<string, RequestInfo>>;
    readonly heartbeat?: HeartbeatInfo;
    /** A send message to re-send after every reconnect. */
    readonly resend?: string;
}
export interface ChannelOptions {
    /** WebSocket constructor; defaults to `globalThis.WebSocket` (Node 20 has none: pass `ws`). */
    WebSocket?: WebSocketConstructor;
    /** Which of the spec's servers to connect to (default: the first). */
    server?: string;
    /**
     * Replaces the chosen server's URL (scheme, host and base path), e.g. for a local server; the
     * only URL there is when the document declares no server. The channel's address is joined to
     * it per RFC 3986: a URL that already has a query, or a path when the address is `/`, is used
     * as given (`wss://h/link?ticket=T1` stays as it is).
     */
    url?: string;
    /**
     * Query parameters appended to the URL (the channel's `bindings.ws.query`); `undefined`
     * values are left out.
     */
    query?: Readonly<Record<string, string | number | boolean | undefined>>;
    serverVariables?: Readonly<Record<string, string | undefined>>;
    /** Credentials by security scheme name. */
    auth?: Readonly<Record<string, Credential | undefined>>;
    /**
     * How the token travels: `header` (Node's `ws`; the default) or `query`, which only servers
     * that declare a token query parameter accept (browsers cannot set WebSocket headers).
     */
    authTransport?: 'header' | 'query';
    /**
     * Extra headers for the handshake (the channel's `bindings.ws.headers`) and for Pusher channel
     * authorisation. They go to the injected WebSocket constructor as `{ headers }` (Node's `ws`);
     * a browser's WebSocket cannot send headers and ignores them.
     */
    headers?: Readonly<Record<string, string>>;
    /** `fetch` for Pusher channel authorisation. */
    fetch?: FetchLike;
    /** Pusher servers: replaces the spec's channel authorisation endpoint (e.g. a proxy of yours). */
    authEndpoint?: string;
    /** Reconnect after a dropped connection (default: on, exponential backoff with full jitter); `false` turns it off. */
    reconnect?: ReconnectOptions | false;
    /**
     * Messages sent while not open are queued, up to this many (default 1000); more throws.
     * Messages handed to a socket that has not yet stayed open `healthyAfterMs` are kept too (up
     * to this many) and re-queued in order if that socket dies; queued messages that can never be
     * sent are reported by a `$error` whose `unsent` lists them.
     */
    maxQueuedMessages?: number;
    /**
     * A connection counts as healthy (the reconnect attempt counter restarts, sent messages count
     * as delivered) once it stayed open this long (default 5000 ms).
     */
    healthyAfterMs?: number;
    /**
     * Unread messages each async iterator (`messages()`, `for await`) keeps (default 10000). On
     * overflow the oldest is dropped and `$lagged` reports how many were dropped.
     */
    maxBufferedMessages?: number;
    /**
     * When the connection counts as dead (default: from the spec). Server heartbeats: the silence
     * allowed in all (default interval + timeout). Client heartbeats: how long a reply may take.
     */
    heartbeatTimeoutMs?: number;
    /** How long one connection attempt may take (default 30000 ms). */
    connectTimeoutMs?: number;
    /**
     * Larger incoming frames are not parsed (default 16 MiB): with Node's `ws` (given it as
     * `maxPayload`) the frame is refused before it is read and the connection is closed (1009, then
     * reconnect), reported as `$unknown`; other implementations: the frame is reported as `$unknown`.
     */
    maxMessageBytes?: number;
    /** How long a request method waits for its reply (default 30000 ms; capped at 2^31-1); per call: `timeoutMs`. */
    requestTimeoutMs?: number;
    /**
     * For channels whose spec names a message to re-send after every reconnect (Beam logs'
     * `LOGS_ADD_STREAM`): rewrite it first, e.g. to resume from the last timestamp seen.
     */
    beforeResend?: (name: string, payload: unknown) => unknown;
}
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
/** A received message: its name in the spec and its payload. */
export interface Received<N extends string = string, P = unknown> {
    name: N;
    payload: P;
}
type ReceivedOf<R> = {
    [K in keyof R & string]: Received<K, R[K]>;
}[keyof R & string];
export interface LifecycleEvents {
    /** The connection is open; `reconnected` after a drop. */
    open: {
        reconnected: boolean;
    };
    close: {
        code: number;
        reason: string;
    };
    /** A dropped connection will be re-opened after `delayMs`. */
    reconnecting: {
        attempt: number;
        delayMs: number;
        code: number;
        reason: string;
    };
    error: Error;
    /** A frame that is not JSON or matches none of the channel's messages. */
    unknown: {
        data: unknown;
        reason: string;
    };
    /** An async iterator's buffer was full (`maxBufferedMessages`): this many oldest messages were dropped. */
    lagged: {
        dropped: number;
    };
}
type Listener<T> = (value: T) => void;
/**
 * What a Pusher channel's generated class passes to `Channel` (pusher-channel.ts's
 * `pusherTransport`). This module never imports the Pusher client, so plain channels' bundles
 * carry none of it.
 */
export interface PusherTransport {
    /** Opens or joins the connection and subscribes the attempt's channel. */
    connect(attempt: PusherAttempt): Promise<void>;
    /** How the protocol classifies its close codes. */
    readonly closeKind: CloseCodeKind;
}
/** A channel's use of a Pusher connection: `release()` unsubscribes it, and closes the connection after its last user. */
export interface PusherLease {
    release(): void;
}
/** One connection attempt of a Pusher channel, as the transport sees it. */
export interface PusherAttempt {
    readonly baseUrl: string;
    readonly appKey: string;
    readonly authEndpoint: string | undefined;
    readonly WebSocket: WebSocketConstructor;
    readonly options: ChannelOptions;
    readonly activityTimeoutMs: number | undefined;
    readonly maxMessageBytes: number;
    /** The Pusher channel name. */
    readonly address: string;
    /** Headers for channel authorisation (the channel's credentials). */
    authHeaders(): Promise<Record<string, string>>;
    /** False once the attempt was abandoned (timeout, close()). */
    current(): boolean;
    lease(): PusherLease | undefined;
    setLease(lease: PusherLease | undefined): void;
    dropped(code: number, reason: string): void;
    error(error: Error): void;
    unknown(data: unknown, reason: string): void;
    dispatch(data: unknown, event: string): void;
}
export declare class Channel<Send extends object, Receive extends object> {
    #private;
    /** `pusher`: the Pusher transport (pusher-channel.js), for channels whose servers speak Pusher. */
    constructor(info: ChannelInfo, parameters: object, options: ChannelOptions, pusher?: PusherTransport);
    get state(): ConnectionState;
    /** The address with its parameters filled in (percent-encoded, one path segment each). */
    get address(): string;
    /** The URL the channel connects to (without credentials). */
    get url(): string;
    /**
     * Opens the connection; resolves once it is open (and, for Pusher, subscribed). A failure of
     * this first attempt rejects; drops after that reconnect by themselves (see `reconnect`).
     * The attempt ends at `connectTimeoutMs`, at `close()`, or when `options.signal` aborts (the
     * channel then closes, as after `close()`).
     */
    connect(options?: {
        signal?: AbortSignal;
    }): Promise<void>;
    /** Closes the connection for good (no reconnect); async iterators end. */
    close(code?: number, reason?: string): void;
    /** Adds a listener; returns a function that removes it. */
    on<K extends keyof Receive & string>(name: K, listener: Listener<Receive[K]>): () => void;
    on<K extends keyof LifecycleEvents>(name: `$${K}`, listener: Listener<LifecycleEvents[K]>): () => void;
    off<K extends keyof Receive & string>(name: K, listener: Listener<Receive[K]>): void;
    off<K extends keyof LifecycleEvents>(name: `$${K}`, listener: Listener<LifecycleEvents[K]>): void;
    /** Every received message, in order, until the channel closes for good or the signal aborts. */
    messages(signal?: AbortSignal): AsyncIterableIterator<ReceivedOf<Receive>>;
    [Symbol.asyncIterator](): AsyncIterableIterator<ReceivedOf<Receive>>;
    /** How many requests wait for their reply. */
    get pendingRequests(): number;
    /**
     * Sends a request and resolves with its reply: the first received message among the
     * request's replies whose correlation id equals the request's (filled in when the payload
     * leaves it out), or, without a correlation id, the first such message while this is the
     * oldest pending request of its kind. Rejects at the timeout (`RequestTimeoutError`), when
     * the signal aborts (its reason), when sending fails, and when the channel closes for good
     * (`ChannelError`); every way out forgets the request. The reply also reaches the listeners.
     */
    protected request<K extends keyof Send & string, R>(name: K, payload: Send[K], options?: RequestOptions): Promise<R>;
    /**
     * Sends a message; while the channel is not open (before `connect()` resolves, or while it
     * reconnects) it is queued and sent in order once open. Throws when the queue is full or the
     * channel was closed.
     */
    protected send<K extends keyof Send & string>(name: K, payload: Send[K]): void;
}
//# sourceMappingURL=channel.d.ts.map
