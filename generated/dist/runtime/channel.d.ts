/**
 * specweave realtime runtime: the base of every generated WebSocket channel class. Copied
 * verbatim into the generated package; no dependencies; runs in Node (with an injected
 * WebSocket constructor such as the `ws` package's) and in browsers.
 *
 * A generated class passes plain data (`ChannelInfo`) describing its servers, address and
 * messages; this class connects, builds the URL, authenticates, parses incoming frames,
 * dispatches them to typed listeners and async iterators, and sends typed messages.
 */
import { type Credential, type FetchLike, type SchemeInfo, type ServerInfo } from './http.js';
import { type WebSocketConstructor } from './pusher-protocol.js';
export type { WebSocketConstructor, WebSocketLike } from './pusher-protocol.js';
export type MessageMatch = {
    readonly kind: 'property';
    readonly property: string;
    readonly values: ReadonlyArray<string | number | boolean>;
} | {
    readonly kind: 'key';
    readonly key: string;
} | {
    readonly kind: 'event';
    readonly event: string;
};
export interface HeartbeatInfo {
    readonly direction: 'client' | 'server';
    readonly kind: 'websocket-ping' | 'message' | 'protocol';
    readonly intervalSeconds: number;
    readonly timeoutSeconds?: number;
    readonly message?: unknown;
}
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
    readonly receive: ReadonlyArray<{
        readonly name: string;
        readonly match?: MessageMatch;
    }>;
    readonly heartbeat?: HeartbeatInfo;
}
export interface ChannelOptions {
    /** WebSocket constructor; defaults to `globalThis.WebSocket` (Node 20 has none: pass `ws`). */
    WebSocket?: WebSocketConstructor;
    /** Which of the spec's servers to connect to (default: the first). */
    server?: string;
    /** Replaces the chosen server's URL (scheme, host and base path), e.g. for a local server. */
    url?: string;
    serverVariables?: Readonly<Record<string, string | undefined>>;
    /** Credentials by security scheme name. */
    auth?: Readonly<Record<string, Credential | undefined>>;
    /**
     * How the token travels: `header` (Node's `ws`; the default) or `query`, which only servers
     * that declare a token query parameter accept (browsers cannot set WebSocket headers).
     */
    authTransport?: 'header' | 'query';
    /** Extra headers for the handshake (Node) and for Pusher channel authorisation. */
    headers?: Readonly<Record<string, string>>;
    /** `fetch` for Pusher channel authorisation. */
    fetch?: FetchLike;
}
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closed';
/** A received message: its name in the spec and its payload. */
export interface Received<N extends string = string, P = unknown> {
    name: N;
    payload: P;
}
type ReceivedOf<R> = {
    [K in keyof R & string]: Received<K, R[K]>;
}[keyof R & string];
export interface LifecycleEvents {
    open: undefined;
    close: {
        code: number;
        reason: string;
    };
    error: Error;
    /** A frame that is not JSON or matches none of the channel's messages. */
    unknown: {
        data: unknown;
        reason: string;
    };
}
type Listener<T> = (value: T) => void;
export declare class Channel<Send extends object, Receive extends object> {
    #private;
    [Symbol.asyncIterator]: () => AsyncIterableIterator<ReceivedOf<Receive>>;
    constructor(info: ChannelInfo, parameters: object, options: ChannelOptions);
    get state(): ConnectionState;
    /** The address with its parameters filled in (percent-encoded, one path segment each). */
    get address(): string;
    /** The URL the channel connects to (without credentials). */
    get url(): string;
    /** Opens the connection; resolves once it is open (and, for Pusher, subscribed). */
    connect(): Promise<void>;
    /** Closes the connection; async iterators end. */
    close(code?: number, reason?: string): void;
    /** Adds a listener; returns a function that removes it. */
    on<K extends keyof Receive & string>(name: K, listener: Listener<Receive[K]>): () => void;
    on<K extends keyof LifecycleEvents>(name: `$${K}`, listener: Listener<LifecycleEvents[K]>): () => void;
    off<K extends keyof Receive & string>(name: K, listener: Listener<Receive[K]>): void;
    off<K extends keyof LifecycleEvents>(name: `$${K}`, listener: Listener<LifecycleEvents[K]>): void;
    /** Every received message, in order, until the channel closes or the signal aborts. */
    messages(signal?: AbortSignal): AsyncIterableIterator<ReceivedOf<Receive>>;
    [Symbol.asyncIterator](): AsyncIterableIterator<ReceivedOf<Receive>>;
    protected send<K extends keyof Send & string>(_name: K, payload: Send[K]): void;
}
