// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * specweave realtime runtime: the base of every generated WebSocket channel class. Copied
 * verbatim into the generated package; no dependencies; runs in Node (with an injected
 * WebSocket constructor such as the `ws` package's) and in browsers.
 *
 * A generated class passes plain data (`ChannelInfo`) describing its servers, address and
 * messages; this class connects, builds the URL, authenticates, parses incoming frames,
 * dispatches them to typed listeners and async iterators, and sends typed messages.
 */
import { type Credential, expandServerUrl, type FetchLike, ownValue, REDACTED, redactText, type SchemeInfo, type ServerInfo } from './common.js';
import { applyCredentials } from './credentials.js';
import { classifyPusherCloseCode, frameBytes, PusherConnection, type WebSocketConstructor, type WebSocketLike } from './pusher-protocol.js';

export type { WebSocketConstructor, WebSocketLike } from './pusher-protocol.js';

export type MessageMatch =
  | { readonly kind: 'property'; readonly property: string; readonly values: ReadonlyArray<string | number | boolean> }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'event'; readonly event: string }
  | { readonly kind: 'object' }
  /** Any of the terms (one per member of a union payload). */
  | { readonly kind: 'rule'; readonly anyOf: ReadonlyArray<MatchTerm> };

/**
 * A conjunction: the frame is of `type` (absent: any JSON value), each `values` property holds
 * one of its values, each of `keys` is present, none of `absent` is. A `loose` term does not rule out every other
 * message, so it is tried only after the strict ones (in document order).
 */
export interface MatchTerm {
  readonly type?: 'object' | 'array';
  readonly values?: ReadonlyArray<{ readonly property: string; readonly values: ReadonlyArray<string | number | boolean> }>;
  readonly keys?: ReadonlyArray<string>;
  /** Keys the frame must not have. */
  readonly absent?: ReadonlyArray<string>;
  readonly loose?: boolean;
}

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
  readonly pusher?: { readonly appKey: string; readonly authEndpoint?: string };
  readonly heartbeat?: HeartbeatInfo;
}

export interface ChannelInfo {
  readonly address: string;
  readonly servers: Readonly<Record<string, ChannelServerInfo>>;
  readonly defaultServer: string;
  readonly securitySchemes: Readonly<Record<string, SchemeInfo>>;
  readonly receive: ReadonlyArray<{ readonly name: string; readonly match?: MessageMatch; readonly correlation?: readonly string[] }>;
  /** Send messages the server answers, by name: the receive messages that reply, and where the request carries its correlation id. */
  readonly requests?: Readonly<Record<string, RequestInfo>>;
  readonly heartbeat?: HeartbeatInfo;
  /** A send message to re-send after every reconnect. */
  readonly resend?: string;
}

export interface RequestInfo {
  readonly replies: readonly string[];
  /** The correlation id's place in the request payload (JSON pointer segments). */
  readonly correlation?: readonly string[];
  /** The id's JSON type: a missing id is filled in with an incrementing integer, or its decimal string. */
  readonly idType?: 'integer' | 'string';
}

/** Options of one request (a generated request method's second argument). */
export interface RequestOptions {
  /** How long to wait for the reply (default: the channel's `requestTimeoutMs`, 30000 ms; capped at 2^31-1). */
  timeoutMs?: number;
  /** Aborting rejects the request with the signal's reason and forgets it (the request may already have been sent). */
  signal?: AbortSignal;
}

/** `T` with the property `K` optional (a correlation id the channel fills in when it is left out); unions member by member. */
export type WithOptional<T, K extends PropertyKey> = T extends object ? Omit<T, K> & { [P in K & keyof T]?: T[P] } : T;

/** No reply arrived within the request's timeout. */
export class RequestTimeoutError extends Error {
  override readonly name: string = 'RequestTimeoutError';
  /** The request's message name. */
  readonly request: string;
  readonly timeoutMs: number;

  constructor(request: string, timeoutMs: number) {
    super(`no reply to "${request}" within ${timeoutMs} ms`);
    this.request = request;
    this.timeoutMs = timeoutMs;
  }
}

interface PendingRequest {
  readonly name: string;
  readonly replies: readonly string[];
  /** The request's correlation id; undefined: replies are matched by kind (first pending request of that kind). */
  readonly id: unknown;
  readonly resolve: (payload: unknown) => void;
  readonly reject: (error: unknown) => void;
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

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A received message: its name in the spec and its payload. */
export interface Received<N extends string = string, P = unknown> {
  name: N;
  payload: P;
}

type ReceivedOf<R> = { [K in keyof R & string]: Received<K, R[K]> }[keyof R & string];

export interface LifecycleEvents {
  /** The connection is open; `reconnected` after a drop. */
  open: { reconnected: boolean };
  close: { code: number; reason: string };
  /** A dropped connection will be re-opened after `delayMs`. */
  reconnecting: { attempt: number; delayMs: number; code: number; reason: string };
  error: Error;
  /** A frame that is not JSON or matches none of the channel's messages. */
  unknown: { data: unknown; reason: string };
  /** An async iterator's buffer was full (`maxBufferedMessages`): this many oldest messages were dropped. */
  lagged: { dropped: number };
}

type Listener<T> = (value: T) => void;

export class Channel<Send extends object, Receive extends object> {
  readonly #info: ChannelInfo;
  readonly #parameters: object;
  readonly #options: ChannelOptions;
  readonly #listeners = new Map<string, Set<Listener<never>>>();
  readonly #iterators = new Set<MessageQueue<ReceivedOf<Receive>>>();
  #socket: WebSocketLike | undefined;
  /** This channel's use of a (shared) Pusher connection. */
  #pusher: PusherLease | undefined;
  #state: ConnectionState = 'idle';
  #connecting: Promise<void> | undefined;
  /** Frames sent while not open, flushed in order once open. */
  #queue: Outgoing[] = [];
  /** Frames handed to the current socket before it became healthy: re-queued if it dies. */
  #inflight: Outgoing[] = [];
  #healthy = false;
  /** The queue is about to be flushed to a new socket: sends queue behind it, keeping the order. */
  #flushing: WebSocketLike | undefined;
  /** The plain socket closed after `open` but before the attempt finished. */
  #earlyClose: { code: number; reason: string } | undefined;
  #healthyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped when an attempt is abandoned (timeout, close()): its late results are discarded. */
  #attemptSeq = 0;
  /** Credential values of this channel (and their encodings): scrubbed from every error and event shown. */
  readonly #secrets = new Set<string>();
  #dispatcher: Dispatcher | undefined;
  /** The last resend-on-reconnect message, and whether a newer one is already queued. */
  #resendPayload: { value: unknown } | undefined;
  #resendQueued = false;
  #closedByUser = false;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #deadTimer: ReturnType<typeof setTimeout> | undefined;
  /** When traffic last arrived (ms); the liveness timer re-arms from it instead of per frame. */
  #lastSeen = 0;
  /** Rejects the connection attempt in flight (close() during connect). */
  #cancelAttempt: ((error: Error) => void) | undefined;
  /** The server heartbeat message to keep out of user messages (null: none); computed once. */
  #heartbeatFilter: { message: unknown } | null | undefined;
  #clientPingTimeout: ReturnType<typeof setTimeout> | undefined;
  /** Requests waiting for their reply, in the order they were made. */
  readonly #pending = new Map<number, PendingRequest>();
  #pendingSeq = 0;
  /** The last correlation id this channel filled in. */
  #lastId = 0;

  constructor(info: ChannelInfo, parameters: object, options: ChannelOptions) {
    this.#info = info;
    this.#parameters = parameters;
    this.#options = options;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The address with its parameters filled in (percent-encoded, one path segment each). */
  get address(): string {
    const pusher = this.#server().pusher !== undefined;
    return this.#info.address.replace(/\{([^{}]+)\}/g, (_, name: string) => {
      const given = ownValue<unknown>(this.#parameters, name);
      if (given === undefined || given === null) throw new Error(`missing channel parameter "${name}"`);
      const value = String(given);
      if (pusher && !/^[A-Za-z0-9_\-=@,.;]+$/.test(value)) throw new Error(`channel parameter "${name}" has characters a Pusher channel name cannot hold`);
      // URL parsers resolve "." / ".." (even percent-encoded) as dot segments: refuse them.
      if (!pusher && (value === '.' || value === '..')) throw new Error(`channel parameter "${name}" cannot be "${value}"`);
      return pusher ? value : encodeURIComponent(value);
    });
  }

  /** The URL the channel connects to (without credentials). */
  get url(): string {
    const base = this.#baseUrl();
    return withQuery(this.#server().pusher ? base : joinUrl(base, this.address), this.#options.query);
  }

  /**
   * Opens the connection; resolves once it is open (and, for Pusher, subscribed). A failure of
   * this first attempt rejects; drops after that reconnect by themselves (see `reconnect`).
   * The attempt ends at `connectTimeoutMs`, at `close()`, or when `options.signal` aborts (the
   * channel then closes, as after `close()`).
   */
  connect(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.#state === 'open') return Promise.resolve();
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(new ChannelError('connect() was aborted', 1000));
    if (signal) {
      const onAbort = (): void => {
        if (this.#state === 'connecting') this.close(1000, 'connect() was aborted');
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal.removeEventListener('abort', onAbort);
      const attempt = this.connect();
      attempt.then(done, done);
      return attempt;
    }
    this.#closedByUser = false;
    // A second call while connecting waits for the same attempt.
    this.#connecting ??= this.#open(false)
      .catch((error: unknown) => {
        const shown = this.#scrub(error);
        this.#finish(1006, shown instanceof Error ? shown.message : String(shown));
        throw shown;
      })
      .finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /** Closes the connection for good (no reconnect); async iterators end. */
  close(code = 1000, reason = ''): void {
    this.#closedByUser = true;
    clearTimeout(this.#reconnectTimer);
    this.#stopHeartbeat();
    // Frames already handed to the socket go out before its closing handshake.
    this.#inflight = [];
    const socket = this.#socket;
    const pusher = this.#pusher;
    this.#socket = undefined;
    this.#pusher = undefined;
    if (socket) {
      detach(socket);
      socket.close(code, reason);
    }
    pusher?.release();
    this.#cancelAttempt?.(new ChannelError('the channel was closed while connecting', code));
    this.#finish(code, reason);
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Receive & string>(name: K, listener: Listener<Receive[K]>): () => void;
  on<K extends keyof LifecycleEvents>(name: `$${K}`, listener: Listener<LifecycleEvents[K]>): () => void;
  on(name: string, listener: Listener<never>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => this.off(name as never, listener);
  }

  off<K extends keyof Receive & string>(name: K, listener: Listener<Receive[K]>): void;
  off<K extends keyof LifecycleEvents>(name: `$${K}`, listener: Listener<LifecycleEvents[K]>): void;
  off(name: string, listener: Listener<never>): void {
    this.#listeners.get(name)?.delete(listener);
  }

  /** Every received message, in order, until the channel closes for good or the signal aborts. */
  messages(signal?: AbortSignal): AsyncIterableIterator<ReceivedOf<Receive>> {
    const queue = new MessageQueue<ReceivedOf<Receive>>(
      () => this.#iterators.delete(queue),
      this.#options.maxBufferedMessages ?? 10_000,
      (dropped) => this.#emit('lagged', { dropped }),
    );
    if (this.#state === 'closed') queue.end();
    else this.#iterators.add(queue);
    if (signal) {
      if (signal.aborted) queue.end();
      else signal.addEventListener('abort', () => queue.end(), { once: true });
    }
    return queue;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ReceivedOf<Receive>> {
    return this.messages();
  }

  /** How many requests wait for their reply. */
  get pendingRequests(): number {
    return this.#pending.size;
  }

  /**
   * Sends a request and resolves with its reply: the first received message among the
   * request's replies whose correlation id equals the request's (filled in when the payload
   * leaves it out), or, without a correlation id, the first such message while this is the
   * oldest pending request of its kind. Rejects at the timeout (`RequestTimeoutError`), when
   * the signal aborts (its reason), when sending fails, and when the channel closes for good
   * (`ChannelError`); every way out forgets the request. The reply also reaches the listeners.
   */
  protected request<K extends keyof Send & string, R>(name: K, payload: Send[K], options: RequestOptions = {}): Promise<R> {
    const spec = ownValue<RequestInfo>(this.#info.requests ?? {}, name);
    if (!spec) return Promise.reject(new Error(`"${name}" has no reply`));
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let value: unknown = payload;
    let id: unknown;
    if (spec.correlation !== undefined && spec.correlation.length > 0 && isObject(payload)) {
      id = pathValue(payload, spec.correlation);
      if (id === undefined) {
        id = spec.idType === 'string' ? String(++this.#lastId) : ++this.#lastId;
        value = withPathValue(payload, spec.correlation, id);
      }
    }
    const key = ++this.#pendingSeq;
    const timeoutMs = Math.min(Math.max(0, options.timeoutMs ?? this.#options.requestTimeoutMs ?? 30_000), 2 ** 31 - 1);
    return new Promise<R>((resolve, reject) => {
      const done = (): void => {
        this.#pending.delete(key);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(signal!.reason);
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
          resolve(reply as R);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      try {
        this.send(name, value as Send[K]);
      } catch (error) {
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
  #settleReply(payload: unknown, event: string | undefined, dispatched: string | undefined): void {
    let byKind: PendingRequest | undefined;
    for (const pending of this.#pending.values()) {
      for (const reply of pending.replies) {
        const rule = this.#info.receive.find((r) => r.name === reply);
        if (!rule) continue;
        if (pending.id === undefined || rule.correlation === undefined) {
          if (reply === dispatched) byKind ??= pending;
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

  /**
   * Sends a message; while the channel is not open (before `connect()` resolves, or while it
   * reconnects) it is queued and sent in order once open. Throws when the queue is full or the
   * channel was closed.
   */
  protected send<K extends keyof Send & string>(name: K, payload: Send[K]): void {
    if (this.#state === 'closed') throw new Error('the channel is closed');
    const frame = JSON.stringify(payload);
    const resend = name === this.#info.resend;
    const socket = this.#socket;
    if (this.#state === 'open' && socket && socket.readyState === OPEN && this.#flushing !== socket) {
      this.#write(socket, { frame, resend });
    } else {
      const max = this.#options.maxQueuedMessages ?? 1000;
      if (this.#queue.length >= max) throw new Error(`the send queue is full (${max} messages while not connected)`);
      this.#queue.push({ frame, resend });
      if (resend) this.#resendQueued = true;
    }
    // Only a message that was sent or queued is the one to re-send after a reconnect.
    if (resend) this.#resendPayload = { value: payload };
  }

  /** Hands a frame to the open socket; until the connection is healthy it is also kept, to re-queue if the socket dies. */
  #write(socket: WebSocketLike, item: Outgoing): void {
    socket.send(item.frame);
    if (this.#healthy) return;
    this.#inflight.push(item);
    // Bounded: past the cap, the oldest frame handed over counts as delivered.
    if (this.#inflight.length > (this.#options.maxQueuedMessages ?? 1000)) this.#inflight.shift();
  }

  // ------------------------------------------------------------------------- connecting

  async #open(reconnect: boolean): Promise<void> {
    if (this.#closedByUser) throw new ChannelError('the channel was closed', 1000);
    // Before the deadline is armed: a missing server fails the call without leaving it pending.
    const pusher = this.#server().pusher !== undefined;
    this.#state = reconnect ? 'reconnecting' : 'connecting';
    const seq = ++this.#attemptSeq;
    const timeoutMs = this.#options.connectTimeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // One deadline for the whole attempt: token function, Pusher authorisation and upgrade alike.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ChannelError(`connecting to ${this.#where()} timed out after ${timeoutMs} ms`, 1006)), timeoutMs);
      this.#cancelAttempt = reject;
    });
    const work = pusher ? this.#connectPusher(seq) : this.#connectWebSocket(seq);
    work.catch(ignore);
    try {
      await Promise.race([work, deadline]);
    } catch (error) {
      this.#abandon();
      throw error;
    } finally {
      clearTimeout(timer);
      this.#cancelAttempt = undefined;
    }
    if (this.#closedByUser) {
      // close() was called while this attempt was connecting: do not leave its socket open.
      const socket = this.#socket;
      this.#socket = undefined;
      if (socket) {
        detach(socket);
        socket.close(1000, '');
      }
      this.#pusher?.release();
      this.#pusher = undefined;
      throw new ChannelError('the channel was closed while connecting', 1000);
    }
    this.#state = 'open';
    this.#startHealthyTimer();
    this.#startHeartbeat();
    // After a reconnect, the resend message goes first, unless a newer one is already queued.
    const resend = this.#info.resend;
    if (reconnect && resend !== undefined && this.#resendPayload && !this.#resendQueued) {
      const value = this.#options.beforeResend ? this.#options.beforeResend(resend, this.#resendPayload.value) : this.#resendPayload.value;
      this.#resendPayload = { value };
      this.#queue.unshift({ frame: JSON.stringify(value), resend: true });
    }
    this.#resendQueued = false;
    // The queue is flushed one turn of the event loop later (sends meanwhile queue behind it): a
    // server that drops the connection right after the upgrade has then been noticed, and the
    // frames wait for the next connection instead of going into a dead socket.
    const socket = this.#socket;
    if (socket && this.#queue.length > 0) {
      this.#flushing = socket;
      setTimeout(() => {
        if (this.#flushing === socket) this.#flushing = undefined;
        if (this.#socket !== socket || socket.readyState !== OPEN || this.#state !== 'open') return;
        const queued = this.#queue;
        this.#queue = [];
        for (const item of queued) this.#write(socket, item);
      }, 0);
    }
    this.#emit('open', { reconnected: reconnect });
    // The socket closed while this attempt was finishing: a drop like any other.
    const early = this.#earlyClose;
    this.#earlyClose = undefined;
    if (early && this.#state === 'open' && this.#socket === socket) this.#dropped(early.code, early.reason);
  }

  /** The attempt in flight gave up (timeout, close()): close what it opened; its late results are discarded. */
  #abandon(): void {
    this.#attemptSeq++;
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      detach(socket);
      try {
        socket.close();
      } catch {
        // not open yet / already closing
      }
    }
    const pusher = this.#pusher;
    this.#pusher = undefined;
    pusher?.release();
  }

  #startHealthyTimer(): void {
    this.#healthy = false;
    clearTimeout(this.#healthyTimer);
    this.#healthyTimer = setTimeout(() => {
      // Stayed open long enough: the backoff restarts, frames handed over count as delivered.
      this.#healthy = true;
      this.#attempt = 0;
      this.#inflight = [];
    }, this.#options.healthyAfterMs ?? 5000);
  }

  /** Scrubs this channel's credentials from an error (message, stack, cause chain) before it is shown. */
  #scrub<T>(value: T): T {
    return scrubError(value, this.#secrets);
  }

  #redact(text: string): string {
    return redactText(shownUrl(text, this.#authQuery()), this.#secrets);
  }

  #authQuery(): string | undefined {
    try {
      return this.#server().authQuery;
    } catch {
      return undefined;
    }
  }

  /** The URL for messages (credentials redacted), or a stand-in when it cannot be built. */
  #where(): string {
    try {
      return shownUrl(this.url, this.#authQuery());
    } catch {
      return 'the server';
    }
  }

  /** Remembers a credential value (and the encodings it travels in) to scrub it from what is shown. */
  #secret(value: string): void {
    if (value.length < 4) return;
    if (this.#secrets.size > 64) this.#secrets.clear();
    const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
    for (const piece of value.split(/[\x00-\x1f\x7f]+/)) if (piece.length >= 4) forms.push(piece);
    for (const form of forms) this.#secrets.add(form);
  }

  #server(): ChannelServerInfo {
    const key = this.#options.server ?? this.#info.defaultServer;
    const server = ownValue(this.#info.servers, key);
    if (server) return server;
    // A document without servers: `url` is the server (no security, no extensions).
    if (key === '' && this.#options.url !== undefined) return { url: this.#options.url };
    if (key === '') throw new Error('the API document declares no server: pass the url option, e.g. { url: "wss://example.com" }');
    throw new Error(`unknown server "${key}"`);
  }

  #baseUrl(): string {
    return this.#options.url ?? expandServerUrl(this.#server(), this.#options.serverVariables ?? {}, 'channel');
  }

  #WebSocket(): WebSocketConstructor {
    const ctor = this.#options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!ctor) throw new Error('no WebSocket implementation: pass options.WebSocket (for Node 20: the `ws` package)');
    return ctor;
  }

  /**
   * The first security alternative the caller has credentials for (credentials.ts, shared with
   * the REST runtime): headers (Authorization, API-key headers, Cookie) and query pairs
   * (API keys in the query; the bearer token under `authQuery` with `authTransport: 'query'`).
   */
  async #credentials(): Promise<{ headers: Record<string, string>; query: string[] }> {
    const headers: Record<string, string> = {};
    const query: string[] = [];
    const server = this.#server();
    let bearerQuery: string | undefined;
    if (this.#options.authTransport === 'query') {
      bearerQuery = server.authQuery;
      if (!bearerQuery) throw new Error('this server takes no token in the URL (the spec declares no x-specweave-auth-query); use authTransport "header"');
    }
    const applied = await applyCredentials(
      this.#info.securitySchemes,
      server.security ?? [],
      this.#options.auth ?? {},
      {
        header: (name, value) => {
          headers[name === 'authorization' ? 'Authorization' : name] = value;
        },
        query: (name, value) => {
          query.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
        },
      },
      (name, problem) => {
        // Never echoes the value.
        throw new ChannelError(`the credential for security scheme "${name}" (auth.${name}) ${problem}`, 1006);
      },
      bearerQuery,
    );
    for (const secret of applied.secrets) this.#secret(secret);
    if (applied.cookies) {
      headers['Cookie'] = applied.cookies.join('; ');
      this.#secret(headers['Cookie']);
    }
    return { headers, query };
  }

  async #connectWebSocket(seq: number): Promise<void> {
    const { headers, query } = await this.#credentials();
    if (seq !== this.#attemptSeq) return;
    let url = this.url;
    const shown = shownUrl(url, this.#server().authQuery);
    if (query.length > 0) url = appendQuery(url, query);
    const Ctor = this.#WebSocket();
    let socket: WebSocketLike;
    try {
      // `maxPayload` (Node's `ws`): an oversized frame is refused before it is buffered; browsers ignore it.
      socket = new Ctor(url, [], { headers: { ...this.#options.headers, ...headers }, maxPayload: this.#maxMessageBytes() });
    } catch (error) {
      // Invalid URLs and header values: the implementation's message may quote them (with the token).
      const detail = error instanceof Error ? this.#redact(error.message) : 'invalid arguments';
      throw new ChannelError(`could not open a WebSocket to ${shown}: ${detail}`, 1006);
    }
    if ('binaryType' in socket) (socket as { binaryType: string }).binaryType = 'arraybuffer';
    this.#socket = socket;
    // Frames can arrive together with the upgrade: listen before `open` resolves.
    socket.onmessage = (ev) => {
      // The server sent something after our frames: they went into a live connection.
      if (this.#inflight.length > 0) this.#inflight = [];
      this.#alive();
      this.#onFrame(ev.data);
    };
    this.#earlyClose = undefined;
    await new Promise<void>((resolve, reject) => {
      let failure: string | undefined;
      socket.onopen = () => {
        // The final handlers go on at once: the socket can fail before this attempt finishes
        // (frames, even an oversized one, arrive with the upgrade).
        socket.onerror = (ev) => this.#socketError(ev);
        socket.onclose = (ev) => {
          if (this.#socket !== socket) return;
          if (this.#state === 'open') this.#dropped(ev.code, ev.reason);
          else this.#earlyClose = { code: ev.code, reason: ev.reason };
        };
        resolve();
      };
      // `ws` reports a refused upgrade as "Unexpected server response: 401"; browsers say nothing.
      socket.onerror = (ev) => (failure = (ev as { message?: string } | undefined)?.message);
      socket.onclose = (ev) => {
        const status = /\b([1-5]\d\d)\b/.exec(failure ?? '')?.[1];
        reject(
          new ChannelError(
            `WebSocket connection to ${shown} failed${failure ? `: ${this.#redact(failure)}` : ''} (close code ${ev.code})`,
            ev.code,
            status === undefined ? undefined : Number(status),
          ),
        );
      };
    });
    if (this.#socket !== socket) return;
    // Node's `ws` answers protocol pings itself; seeing them proves the server is alive.
    (socket as { on?: (event: string, listener: () => void) => void }).on?.('ping', () => this.#alive());
  }

  #socketError(ev: unknown): void {
    const message = (ev as { message?: unknown } | undefined)?.message;
    // `ws` refuses a frame over maxPayload before reading it, then closes with 1009.
    if (typeof message === 'string' && /max payload size exceeded/i.test(message)) {
      this.#emit('unknown', {
        data: undefined,
        reason: `message too large (over the limit of ${this.#maxMessageBytes()} bytes; refused before it was read, connection closed)`,
      });
    } else this.#emit('error', new Error(typeof message === 'string' ? `WebSocket error: ${this.#redact(message)}` : 'WebSocket error'));
  }

  #maxMessageBytes(): number {
    return this.#options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /**
   * Pusher channels of one server share one connection with one subscription each, as
   * pusher-js does: channels whose connection settings are the same (server URL, app key,
   * WebSocket constructor, credentials, headers, fetch, auth endpoint, timeouts) use the
   * connection the first of them opened; it closes when the last of them is closed.
   */
  async #connectPusher(seq: number): Promise<void> {
    const server = this.#server();
    const pusher = server.pusher!;
    const options = this.#options;
    const authEndpoint = options.authEndpoint ?? pusher.authEndpoint;
    const Ctor = this.#WebSocket();
    const baseUrl = this.#baseUrl();
    const activityTimeoutMs = server.heartbeat?.direction === 'client' ? server.heartbeat.intervalSeconds * 1000 : undefined;
    const key = sharingKey([
      baseUrl,
      pusher.appKey,
      authEndpoint,
      Ctor,
      options.fetch,
      options.headers,
      options.auth,
      activityTimeoutMs,
      options.heartbeatTimeoutMs,
      options.connectTimeoutMs,
      this.#maxMessageBytes(),
    ]);
    const address = this.address;
    let shared = SHARED_PUSHER.get(key);
    // One handler per channel name: a second channel of the same name gets a connection of its own.
    if (shared && (shared.connection.state === 'closed' || shared.connection.channelNames().includes(address))) shared = undefined;
    if (!shared) {
      const connection = new PusherConnection({
        WebSocket: Ctor,
        baseUrl,
        appKey: pusher.appKey,
        ...(authEndpoint === undefined ? {} : { authEndpoint }),
        authHeaders: async () => ({ Accept: 'application/json', ...options.headers, ...(await this.#credentials()).headers }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        ...(activityTimeoutMs === undefined ? {} : { activityTimeoutMs }),
        ...(options.heartbeatTimeoutMs === undefined ? {} : { pongTimeoutMs: options.heartbeatTimeoutMs }),
        ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs, authTimeoutMs: options.connectTimeoutMs }),
        maxMessageBytes: this.#maxMessageBytes(),
      });
      const entry: SharedPusher = { connection, users: new Set(), ready: connection.connect() };
      const forget = (): void => {
        if (SHARED_PUSHER.get(key) === entry) SHARED_PUSHER.delete(key);
      };
      entry.ready.catch(forget);
      connection.onError = (error) => {
        for (const user of [...entry.users]) user.error(error);
      };
      connection.onUnknown = (data, reason) => {
        for (const user of [...entry.users]) user.unknown(data, reason);
      };
      connection.onClose = (code, reason) => {
        forget();
        const users = [...entry.users];
        entry.users.clear();
        for (const user of users) user.dropped(code, reason);
      };
      // A connection for a channel name already taken on the shared one stays private.
      if (!SHARED_PUSHER.has(key)) SHARED_PUSHER.set(key, entry);
      shared = entry;
    }
    const entry = shared;
    const connection = entry.connection;
    const user: PusherUser = {
      dropped: (code, reason) => {
        if (this.#pusher?.connection === connection) this.#dropped(code, reason);
      },
      error: (error) => this.#emit('error', error),
      unknown: (data, reason) => this.#emit('unknown', { data, reason }),
    };
    let released = false;
    const lease: PusherLease = {
      connection,
      release: () => {
        if (released) return;
        released = true;
        entry.users.delete(user);
        if (entry.users.size > 0) {
          if (connection.state === 'connected') connection.unsubscribe(address);
          return;
        }
        if (SHARED_PUSHER.get(key) === entry) SHARED_PUSHER.delete(key);
        connection.onClose = null;
        connection.close();
      },
    };
    entry.users.add(user);
    if (seq !== this.#attemptSeq) {
      lease.release();
      return;
    }
    this.#pusher = lease;
    try {
      await entry.ready;
      await connection.subscribe(address, (event, data) => this.#dispatch(data, event));
    } catch (error) {
      if (this.#pusher === lease) this.#pusher = undefined;
      lease.release();
      throw error;
    }
  }

  // ------------------------------------------------------------------------- reconnecting

  /** The connection dropped after it was open: reconnect, or close for good, by the close code. */
  #dropped(code: number, reason: string): void {
    this.#stopHeartbeat();
    this.#socket = undefined;
    this.#pusher = undefined;
    // Frames handed to a socket that died before it proved healthy (no frame from the server
    // after them, not open `healthyAfterMs` yet) may or may not have arrived: report them.
    if (this.#inflight.length > 0) {
      const unsent = this.#inflight.map((item) => item.frame);
      this.#inflight = [];
      this.#emit(
        'error',
        new ChannelError(
          `${unsent.length} message(s) handed to a connection that closed (code ${code}) before the server answered may not have arrived`,
          code,
          undefined,
          unsent,
        ),
      );
    }
    if (this.#closedByUser || this.#state === 'closed') return;
    const policy = closePolicy(code, this.#server().pusher !== undefined);
    if (policy === 'stop') return this.#finish(code, reason);
    if (policy === 'fail' || this.#options.reconnect === false) {
      if (policy === 'fail')
        this.#emit('error', new ChannelError(`the server closed the connection with code ${code}${reason ? ` (${reason})` : ''}; not reconnecting`, code));
      return this.#finish(code, reason);
    }
    this.#scheduleReconnect(code, reason, policy === 'now');
  }

  #scheduleReconnect(code: number, reason: string, immediately: boolean): void {
    const options = this.#options.reconnect === false ? {} : (this.#options.reconnect ?? {});
    const attempt = ++this.#attempt;
    reason = this.#redact(reason);
    if (attempt > (options.maxAttempts ?? Infinity)) {
      this.#emit('error', new ChannelError(`gave up reconnecting after ${attempt - 1} attempts`, code));
      return this.#finish(code, reason);
    }
    const bound = Math.min(options.maxDelayMs ?? 30_000, (options.initialDelayMs ?? 500) * (options.factor ?? 2) ** (attempt - 1));
    // Full jitter: anywhere between 0 and the exponential bound. "Reconnect at once" codes wait
    // a floor first, and once repeated (the connection never became healthy) join the backoff.
    const floor = Math.max(0, options.immediateDelayMs ?? 1000);
    const jitter = Math.round(Math.random() * bound);
    const delayMs = !immediately ? jitter : attempt === 1 ? floor : Math.max(floor, jitter);
    this.#state = 'reconnecting';
    // The timer is set before listeners run, so a close() inside `$reconnecting` cancels it.
    this.#reconnectTimer = setTimeout(() => {
      this.#open(true).catch((error: unknown) => {
        if (this.#closedByUser) return;
        const failure = this.#scrub(toChannelError(error));
        if (failure.status === 401 || failure.status === 403 || closePolicy(failure.code, this.#server().pusher !== undefined) === 'fail') {
          this.#emit('error', failure);
          return this.#finish(failure.code, failure.message);
        }
        this.#scheduleReconnect(failure.code, failure.message, false);
      });
    }, delayMs);
    this.#emit('reconnecting', { attempt, delayMs, code, reason });
  }

  /** Ends the channel: iterators finish, `$close` fires once, queued messages are dropped. */
  #finish(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#reconnectTimer);
    this.#stopHeartbeat();
    reason = this.#redact(reason);
    if (this.#queue.length > 0) {
      const unsent = this.#queue.map((item) => item.frame);
      this.#queue = [];
      this.#emit('error', new ChannelError(`${unsent.length} queued message(s) were not sent`, code, undefined, unsent));
    }
    for (const queue of this.#iterators) queue.end();
    this.#iterators.clear();
    for (const pending of [...this.#pending.values()])
      pending.reject(new ChannelError(`the channel closed before the reply to "${pending.name}" arrived`, code));
    this.#emit('close', { code, reason });
  }

  // ---------------------------------------------------------------------------- heartbeat

  #heartbeat(): HeartbeatInfo | undefined {
    return this.#info.heartbeat ?? this.#server().heartbeat;
  }

  /** Pusher keeps its own ping/pong; plain channels follow the spec's heartbeat. */
  #startHeartbeat(): void {
    const hb = this.#heartbeat();
    const socket = this.#socket;
    if (!hb || !socket) return;
    const timeoutMs = this.#options.heartbeatTimeoutMs ?? (hb.timeoutSeconds ?? hb.intervalSeconds) * 1000;
    if (hb.direction === 'client' && hb.kind === 'message') {
      this.#pingTimer = setInterval(() => {
        socket.send(JSON.stringify(hb.message ?? { type: 'ping' }));
        const sent = Date.now();
        // Any frame after the ping counts as the reply.
        this.#clientPingTimeout ??= setTimeout(() => {
          if (this.#lastSeen < sent) this.#dead();
          this.#clientPingTimeout = undefined;
        }, timeoutMs);
      }, hb.intervalSeconds * 1000);
    } else if (hb.direction === 'server' && !this.#server().pusher) {
      this.#watchServerHeartbeat(hb);
    }
  }

  /** Traffic arrived: the connection is alive. Cheap per frame: only a timestamp. */
  #alive(): void {
    this.#lastSeen = Date.now();
  }

  /** Server heartbeats: one timer, re-armed for the rest of the window while traffic flows. */
  #watchServerHeartbeat(hb: HeartbeatInfo): void {
    const silenceMs = this.#options.heartbeatTimeoutMs ?? (hb.intervalSeconds + (hb.timeoutSeconds ?? hb.intervalSeconds)) * 1000;
    this.#lastSeen = Date.now();
    const check = (): void => {
      const quiet = Date.now() - this.#lastSeen;
      if (quiet >= silenceMs) this.#dead();
      else this.#deadTimer = setTimeout(check, silenceMs - quiet);
    };
    this.#deadTimer = setTimeout(check, silenceMs);
  }

  /** No heartbeat within its timeout: drop the socket without waiting for a close handshake. */
  #dead(): void {
    const socket = this.#socket;
    if (!socket) return;
    detach(socket);
    const terminate = (socket as { terminate?: () => void }).terminate;
    if (terminate) terminate.call(socket);
    else socket.close(4000, 'heartbeat timeout');
    this.#dropped(4000, 'heartbeat timeout');
  }

  #stopHeartbeat(): void {
    clearTimeout(this.#healthyTimer);
    clearInterval(this.#pingTimer);
    clearTimeout(this.#deadTimer);
    clearTimeout(this.#clientPingTimeout);
    this.#pingTimer = undefined;
    this.#deadTimer = undefined;
    this.#clientPingTimeout = undefined;
  }

  // ----------------------------------------------------------------------------- incoming

  #onFrame(data: unknown): void {
    const limit = this.#options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const size = frameBytes(data, limit);
    if (size > limit) {
      this.#emit('unknown', { data, reason: `message too large (${size} bytes; the limit is ${limit})` });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer | ArrayBufferView));
    } catch {
      this.#emit('unknown', { data, reason: 'not JSON' });
      return;
    }
    this.#dispatch(payload);
  }

  #dispatch(payload: unknown, event?: string): void {
    const filter = (this.#heartbeatFilter ??= heartbeatFilter(this.#heartbeat()));
    if (filter !== null && sameValue(payload, filter.message)) return;
    const rule = (this.#dispatcher ??= new Dispatcher(this.#info.receive)).find(payload, event);
    if (this.#pending.size > 0) this.#settleReply(payload, event, rule?.name);
    if (!rule) {
      this.#emit('unknown', { data: payload, reason: event === undefined ? 'matches no message of this channel' : `unexpected event "${event}"` });
      return;
    }
    const listeners = this.#listeners.get(rule.name);
    if (listeners !== undefined) {
      // A Set visits listeners added during the loop too; one removed during it is skipped.
      for (const listener of listeners) {
        try {
          (listener as Listener<unknown>)(payload);
        } catch (error) {
          this.#emit('error', error instanceof Error ? error : new Error(String(error)));
        }
      }
    }
    if (this.#iterators.size === 0) return;
    const received = { name: rule.name, payload } as ReceivedOf<Receive>;
    for (const queue of this.#iterators) queue.push(received);
  }

  #emit<K extends keyof LifecycleEvents>(name: K, value: LifecycleEvents[K]): void {
    if (name === 'error') value = this.#scrub(value);
    for (const listener of [...(this.#listeners.get(`$${name}`) ?? [])]) {
      try {
        (listener as Listener<LifecycleEvents[K]>)(value);
      } catch {
        // A lifecycle listener's failure must not break the socket's event loop.
      }
    }
  }
}

interface PusherUser {
  dropped(code: number, reason: string): void;
  error(error: Error): void;
  unknown(data: unknown, reason: string): void;
}

interface SharedPusher {
  readonly connection: PusherConnection;
  readonly users: Set<PusherUser>;
  readonly ready: Promise<void>;
}

/** A channel's use of a Pusher connection: `release()` unsubscribes it, and closes the connection after its last user. */
interface PusherLease {
  readonly connection: PusherConnection;
  release(): void;
}

/** Open Pusher connections by their settings (`sharingKey`), shared by the channels that have the same. */
const SHARED_PUSHER = new Map<string, SharedPusher>();
const IDENTITIES = new WeakMap<object, number>();
let lastIdentity = 0;

/** A key equal for equal settings: JSON values by value, functions (constructors, fetch, token functions) by identity. */
function sharingKey(values: readonly unknown[]): string {
  return JSON.stringify(values, (_, value: unknown) => {
    if (typeof value !== 'function') return value === undefined ? null : value;
    let id = IDENTITIES.get(value);
    if (id === undefined) IDENTITIES.set(value, (id = ++lastIdentity));
    return `function#${id}`;
  });
}

const OPEN = 1;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

interface Outgoing {
  readonly frame: string;
  /** The channel's resend-on-reconnect message (re-sent by its own rule, not re-queued). */
  readonly resend: boolean;
}

/**
 * `address` joined to `base` per RFC 3986: the address's segments go after the base's path,
 * before its query. An address that adds nothing (`/`, ``) leaves a base with a path or a query
 * as it is (`wss://host/raw`, `wss://h/link?ticket=T1`); a bare origin gets its `/`.
 */
export function joinUrl(base: string, address: string): string {
  const cut = base.search(/[?#]/);
  const head = cut < 0 ? base : base.slice(0, cut);
  const tail = cut < 0 ? '' : base.slice(cut);
  const path = address.replace(/^\/+/, '');
  if (path === '') return (/^[a-z][a-z\d+.-]*:\/\/[^/]*$/i.test(head) ? `${head}/` : head) + tail;
  return `${head.replace(/\/+$/, '')}/${path}${tail}`;
}

/** `url` with `pairs` (already encoded `name=value`) appended to its query, before any fragment. */
function appendQuery(url: string, pairs: readonly string[]): string {
  if (pairs.length === 0) return url;
  const hash = url.indexOf('#');
  const head = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const sep = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
  return `${head}${sep}${pairs.join('&')}${fragment}`;
}

/** `url` with the `query` option's parameters (percent-encoded) appended. */
function withQuery(url: string, query: ChannelOptions['query']): string {
  if (query === undefined) return url;
  const pairs: string[] = [];
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value !== undefined) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return appendQuery(url, pairs);
}

/** Query parameters whose values are credentials, by name. */
const CREDENTIAL_PARAMETER = /(token|key|secret|password|passwd|pwd|auth|sig|signature|credential|session)/i;

/**
 * A URL fit to show: values of credential query parameters (and `authQuery`) and any userinfo
 * replaced by `[redacted]`. Works on text that merely contains URLs too.
 */
export function shownUrl(text: string, authQuery?: string): string {
  return text.replace(/(\/\/)[^/?#@\s]*@/g, `$1${REDACTED}@`).replace(/([?&;])([^=&#\s]*)=([^&#\s]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // keep the raw name
    }
    return CREDENTIAL_PARAMETER.test(decoded) || (authQuery !== undefined && decoded === authQuery) ? `${sep}${name}=${REDACTED}` : whole;
  });
}

/**
 * Scrubs credential values from an error in place (message, stack, string fields, the cause
 * chain, AggregateError members), so it keeps its class and fields. Other values pass through.
 */
function scrubError<T>(value: T, secrets: ReadonlySet<string>, depth = 0): T {
  if (!(value instanceof Error) || depth > 8) return value;
  const record = value as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack', ...Object.keys(value)]) {
    const field = record[key];
    if (typeof field === 'string') {
      const clean = redactText(shownUrl(field), secrets);
      if (clean !== field) {
        try {
          Object.defineProperty(value, key, {
            value: clean,
            writable: true,
            configurable: true,
            enumerable: Object.prototype.propertyIsEnumerable.call(value, key),
          });
        } catch {
          // a frozen error: leave it
        }
      }
    } else if (field instanceof Error) scrubError(field, secrets, depth + 1);
    else if (Array.isArray(field)) for (const item of field) scrubError(item, secrets, depth + 1);
  }
  if ('cause' in value) scrubError(value.cause, secrets, depth + 1);
  return value;
}

/** Any failure of an attempt as a ChannelError, keeping a close code and HTTP status it carries. */
function toChannelError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const e = (error ?? {}) as { message?: unknown; code?: unknown; status?: unknown };
  const code = typeof e.code === 'number' ? e.code : 1006;
  const status = typeof e.status === 'number' ? e.status : undefined;
  return new ChannelError(typeof e.message === 'string' ? e.message : String(error), code, status);
}

/** A connection failure or a close that ends the channel: the close code, and the HTTP status of a refused upgrade where known. */
export class ChannelError extends Error {
  override readonly name: string = 'ChannelError';
  readonly code: number;
  readonly status: number | undefined;
  /** Messages (JSON text) that were accepted by `send` but could not be sent, in order. */
  readonly unsent: readonly string[];

  constructor(message: string, code: number, status?: number, unsent: readonly string[] = []) {
    super(message);
    this.code = code;
    this.status = status;
    this.unsent = unsent;
  }
}

/**
 * What a close code means for the client: `stop` (normal close), `fail` (policy or auth: do
 * not retry with the same settings), `now` (reconnect at once) or `backoff`.
 */
export function closePolicy(code: number, pusher: boolean): 'stop' | 'fail' | 'now' | 'backoff' {
  if (code === 1000) return 'stop';
  if (code === 1008 || code === 3000 || code === 3003 || code === 4001 || code === 4003 || code === 4401 || code === 4403) return 'fail';
  if (pusher) {
    const kind = classifyPusherCloseCode(code);
    return kind === 'no-reconnect' ? 'fail' : kind === 'immediate' ? 'now' : 'backoff';
  }
  return 'backoff';
}

/** Stops listening to a socket. Handlers become no-ops, not null: `ws` throws an error event nobody handles. */
function detach(socket: WebSocketLike): void {
  socket.onopen = ignore;
  socket.onmessage = ignore;
  socket.onerror = ignore;
  socket.onclose = ignore;
}

function ignore(): void {}

type ReceiveRule = ChannelInfo['receive'][number];
type Test = (payload: unknown, event: string | undefined) => boolean;

/**
 * The channel's receive rules, compiled once: `find` gives the message a payload is. Strict
 * tests first (discriminator value, tag key, Pusher event, strict terms), in document order;
 * then loose tests (object fallback, loose terms); then the first message without a rule,
 * which stands for "anything else" (not for Pusher events).
 */
class Dispatcher {
  readonly #strict: Array<[ReceiveRule, Test]> = [];
  readonly #loose: Array<[ReceiveRule, Test]> = [];
  readonly #anything: ReceiveRule | undefined;

  constructor(rules: ChannelInfo['receive']) {
    let anything: ReceiveRule | undefined;
    for (const rule of rules) {
      const match = rule.match;
      if (match === undefined) anything ??= rule;
      else if (match.kind === 'object') this.#loose.push([rule, isObject]);
      else if (match.kind === 'rule') {
        for (const term of match.anyOf) {
          if (term.type === undefined && !term.values?.length && !term.keys?.length && !term.absent?.length) anything ??= rule;
          else (term.loose ? this.#loose : this.#strict).push([rule, termTest(term)]);
        }
      } else this.#strict.push([rule, (payload, event) => matches(match, payload, event)]);
    }
    this.#anything = anything;
  }

  find(payload: unknown, event: string | undefined): ReceiveRule | undefined {
    for (const [rule, test] of this.#strict) if (test(payload, event)) return rule;
    if (event !== undefined) return undefined;
    for (const [rule, test] of this.#loose) if (test(payload, event)) return rule;
    return this.#anything;
  }
}

function termTest(term: MatchTerm): Test {
  const values = term.values ?? [];
  const keys = term.keys ?? [];
  const absent = term.absent ?? [];
  if (term.type === 'array') return (payload) => Array.isArray(payload);
  return (payload) => {
    if (!isObject(payload)) return false;
    for (const v of values) {
      const value = ownValue(payload, v.property);
      if (!v.values.some((x) => x === value)) return false;
    }
    for (const key of keys) if (!Object.hasOwn(payload, key)) return false;
    for (const key of absent) if (Object.hasOwn(payload, key)) return false;
    return true;
  };
}

/** The value at a path of own properties (undefined where there is none). */
function pathValue(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A copy of `value` with `id` at `path` (objects along the path copied, missing ones created); the caller's object is left alone. */
function withPathValue(value: unknown, path: readonly string[], id: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return id;
  const copy: Record<string, unknown> = isObject(value) ? { ...(value as Record<string, unknown>) } : {};
  const inner = Object.hasOwn(copy, key) ? copy[key] : undefined;
  Object.defineProperty(copy, key, { value: withPathValue(inner, rest, id), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Correlation ids are equal as JSON scalars, a number and its decimal string alike (servers echo either). */
function sameId(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const scalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number';
  return scalar(a) && scalar(b) && String(a) === String(b);
}

function heartbeatFilter(hb: HeartbeatInfo | undefined): { message: unknown } | null {
  return hb?.kind === 'message' && hb.direction === 'server' ? { message: hb.message } : null;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function matches(match: MessageMatch, payload: unknown, event: string | undefined): boolean {
  if (match.kind === 'event') return match.event === event;
  if (match.kind === 'rule') return match.anyOf.some((term) => termTest(term)(payload, event));
  if (!isObject(payload)) return false;
  if (match.kind === 'object') return true;
  if (match.kind === 'key') return Object.hasOwn(payload, match.key);
  const value = ownValue(payload, match.property);
  return match.values.some((v) => v === value);
}

/** Structural equality of JSON values, returning at the first difference (runs on every frame). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  // `b` is the small heartbeat message: walk its keys first, so an ordinary message fails fast
  // without listing its own keys.
  const kb = Object.keys(b);
  for (const k of kb) {
    if (!Object.hasOwn(a, k) || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return Object.keys(a).length === kb.length;
}

/**
 * An async iterator fed by pushes. A slow consumer's backlog is bounded: past `max` unread
 * items the oldest is dropped, and `onLag` reports how many (once per burst, from a microtask).
 */
class MessageQueue<T> implements AsyncIterableIterator<T> {
  /** Items from `#head` on are unread; the array is compacted as it is drained (O(1) per item). */
  #items: T[] = [];
  #head = 0;
  readonly #waiting: Array<(result: IteratorResult<T>) => void> = [];
  #done = false;
  #dropped = 0;
  readonly #max: number;

  constructor(
    private readonly onDone: () => void,
    max: number,
    private readonly onLag: (dropped: number) => void,
  ) {
    this.#max = Math.max(1, Math.floor(max) || 1);
  }

  push(item: T): void {
    const waiter = this.#waiting.shift();
    if (waiter) return waiter({ value: item, done: false });
    this.#items.push(item);
    if (this.#items.length - this.#head > this.#max) {
      this.#head++;
      this.#compact();
      if (this.#dropped++ === 0) {
        queueMicrotask(() => {
          const dropped = this.#dropped;
          this.#dropped = 0;
          this.onLag(dropped);
        });
      }
    }
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.onDone();
    for (const waiter of this.#waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#items.length) {
      const item = this.#items[this.#head++]!;
      this.#compact();
      return Promise.resolve({ value: item, done: false });
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
