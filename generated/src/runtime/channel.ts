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
import { expandServerUrl, ownValue, resolveToken, type Credential, type FetchLike, type SchemeInfo, type ServerInfo, type Token } from './http.js';
import { PusherConnection, classifyPusherCloseCode, frameBytes, type WebSocketConstructor, type WebSocketLike } from './pusher-protocol.js';

export type { WebSocketConstructor, WebSocketLike } from './pusher-protocol.js';

export type MessageMatch =
  | { readonly kind: 'property'; readonly property: string; readonly values: ReadonlyArray<string | number | boolean> }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'event'; readonly event: string }
  | { readonly kind: 'object' };

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
  readonly receive: ReadonlyArray<{ readonly name: string; readonly match?: MessageMatch }>;
  readonly heartbeat?: HeartbeatInfo;
  /** A send message to re-send after every reconnect. */
  readonly resend?: string;
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
  /** Pusher servers: replaces the spec's channel authorisation endpoint (e.g. a proxy of yours). */
  authEndpoint?: string;
  /** Reconnect after a dropped connection (default: on, exponential backoff with full jitter); `false` turns it off. */
  reconnect?: ReconnectOptions | false;
  /** Messages sent while not open are queued, up to this many (default 1000); more throws. */
  maxQueuedMessages?: number;
  /**
   * When the connection counts as dead (default: from the spec). Server heartbeats: the silence
   * allowed in all (default interval + timeout). Client heartbeats: how long a reply may take.
   */
  heartbeatTimeoutMs?: number;
  /** How long one connection attempt may take (default 30000 ms). */
  connectTimeoutMs?: number;
  /** Larger incoming frames are reported as `$unknown` and not parsed (default 16 MiB). */
  maxMessageBytes?: number;
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
  /** Attempts before giving up (default: unlimited). */
  maxAttempts?: number;
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
}

type Listener<T> = (value: T) => void;

export class Channel<Send extends object, Receive extends object> {
  readonly #info: ChannelInfo;
  readonly #parameters: object;
  readonly #options: ChannelOptions;
  readonly #listeners = new Map<string, Set<Listener<never>>>();
  readonly #iterators = new Set<MessageQueue<ReceivedOf<Receive>>>();
  #socket: WebSocketLike | undefined;
  #pusher: PusherConnection | undefined;
  #state: ConnectionState = 'idle';
  #connecting: Promise<void> | undefined;
  /** Frames sent while not open, flushed in order once open. */
  readonly #queue: string[] = [];
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
    return this.#baseUrl() + (this.#server().pusher ? '' : this.address === '/' ? '/' : this.address.startsWith('/') ? this.address : `/${this.address}`);
  }

  /**
   * Opens the connection; resolves once it is open (and, for Pusher, subscribed). A failure of
   * this first attempt rejects; drops after that reconnect by themselves (see `reconnect`).
   */
  connect(): Promise<void> {
    if (this.#state === 'open') return Promise.resolve();
    this.#closedByUser = false;
    // A second call while connecting waits for the same attempt.
    this.#connecting ??= this.#open(false)
      .catch((error: unknown) => {
        this.#finish(1006, error instanceof Error ? error.message : String(error));
        throw error;
      })
      .finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /** Closes the connection for good (no reconnect); async iterators end. */
  close(code = 1000, reason = ''): void {
    this.#closedByUser = true;
    clearTimeout(this.#reconnectTimer);
    this.#stopHeartbeat();
    const socket = this.#socket;
    const pusher = this.#pusher;
    this.#socket = undefined;
    this.#pusher = undefined;
    if (socket) {
      detach(socket);
      socket.close(code, reason);
    }
    if (pusher) {
      pusher.onClose = null;
      pusher.close();
    }
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
    const queue = new MessageQueue<ReceivedOf<Receive>>(() => this.#iterators.delete(queue));
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
    if (this.#state === 'open' && socket && socket.readyState === OPEN) {
      socket.send(frame);
    } else {
      const max = this.#options.maxQueuedMessages ?? 1000;
      if (this.#queue.length >= max) throw new Error(`the send queue is full (${max} messages while not connected)`);
      this.#queue.push(frame);
      if (resend) this.#resendQueued = true;
    }
    // Only a message that was sent or queued is the one to re-send after a reconnect.
    if (resend) this.#resendPayload = { value: payload };
  }

  // ------------------------------------------------------------------------- connecting

  async #open(reconnect: boolean): Promise<void> {
    if (this.#closedByUser) throw new ChannelError('the channel was closed', 1000);
    this.#state = reconnect ? 'reconnecting' : 'connecting';
    try {
      if (this.#server().pusher) await this.#connectPusher();
      else await this.#connectWebSocket();
    } finally {
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
      if (this.#pusher) {
        this.#pusher.onClose = null;
        this.#pusher.close();
        this.#pusher = undefined;
      }
      throw new ChannelError('the channel was closed while connecting', 1000);
    }
    this.#state = 'open';
    this.#attempt = 0;
    this.#startHeartbeat();
    // After a reconnect, the resend message goes first, unless a newer one is already queued.
    const resend = this.#info.resend;
    if (reconnect && resend !== undefined && this.#resendPayload && !this.#resendQueued) {
      const value = this.#options.beforeResend ? this.#options.beforeResend(resend, this.#resendPayload.value) : this.#resendPayload.value;
      this.#resendPayload = { value };
      this.#socket?.send(JSON.stringify(value));
    }
    this.#resendQueued = false;
    for (const frame of this.#queue.splice(0)) this.#socket?.send(frame);
    this.#emit('open', { reconnected: reconnect });
  }

  #server(): ChannelServerInfo {
    const key = this.#options.server ?? this.#info.defaultServer;
    const server = ownValue(this.#info.servers, key);
    if (!server) throw new Error(`unknown server "${key}"`);
    return server;
  }

  #baseUrl(): string {
    const url = this.#options.url ?? expandServerUrl(this.#server(), this.#options.serverVariables ?? {}, 'channel');
    return url.replace(/\/+$/, '');
  }

  #WebSocket(): WebSocketConstructor {
    const ctor = this.#options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!ctor) throw new Error('no WebSocket implementation: pass options.WebSocket (for Node 20: the `ws` package)');
    return ctor;
  }

  /** The first security alternative the caller has credentials for, as header values. */
  async #credentials(): Promise<{ headers: Record<string, string>; bearer?: string }> {
    const headers: Record<string, string> = {};
    const auth = this.#options.auth ?? {};
    const alternatives = this.#server().security ?? [];
    const chosen = alternatives.find((req) => req.length > 0 && req.every((s) => ownValue(auth, s) !== undefined)) ?? [];
    let bearer: string | undefined;
    for (const name of chosen) {
      const scheme = ownValue(this.#info.securitySchemes, name);
      const credential = ownValue(auth, name);
      if (!scheme || credential === undefined) continue;
      const value = typeof credential === 'object' ? `${credential.username}:${credential.password}` : await resolveToken(credential as Token);
      if (scheme.type === 'bearer') {
        headers['Authorization'] = `Bearer ${value}`;
        bearer = value;
      } else if (scheme.type === 'basic') headers['Authorization'] = `Basic ${btoa(value)}`;
      else if (scheme.in === 'header') headers[scheme.name] = value;
    }
    return bearer === undefined ? { headers } : { headers, bearer };
  }

  async #connectWebSocket(): Promise<void> {
    const { headers, bearer } = await this.#credentials();
    let url = this.url;
    if (this.#options.authTransport === 'query') {
      const parameter = this.#server().authQuery;
      if (!parameter) throw new Error('this server takes no token in the URL (the spec declares no x-specweave-auth-query); use authTransport "header"');
      if (bearer !== undefined) url += `${url.includes('?') ? '&' : '?'}${encodeURIComponent(parameter)}=${encodeURIComponent(bearer)}`;
      delete headers['Authorization'];
    }
    const Ctor = this.#WebSocket();
    const socket = new Ctor(url, [], { headers: { ...this.#options.headers, ...headers } });
    if ('binaryType' in socket) (socket as { binaryType: string }).binaryType = 'arraybuffer';
    this.#socket = socket;
    // Frames can arrive together with the upgrade: listen before `open` resolves.
    socket.onmessage = (ev) => {
      this.#alive();
      this.#onFrame(ev.data);
    };
    await new Promise<void>((resolve, reject) => {
      this.#cancelAttempt = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => {
        detach(socket);
        socket.close();
        reject(new ChannelError(`connecting to ${this.url} timed out`, 1006));
      }, this.#options.connectTimeoutMs ?? 30_000);
      let failure: string | undefined;
      socket.onopen = () => {
        clearTimeout(timer);
        resolve();
      };
      // `ws` reports a refused upgrade as "Unexpected server response: 401"; browsers say nothing.
      socket.onerror = (ev) => (failure = (ev as { message?: string } | undefined)?.message);
      socket.onclose = (ev) => {
        clearTimeout(timer);
        const status = /\b([1-5]\d\d)\b/.exec(failure ?? '')?.[1];
        reject(new ChannelError(`WebSocket connection to ${this.url} failed${failure ? `: ${failure}` : ''} (close code ${ev.code})`, ev.code, status === undefined ? undefined : Number(status)));
      };
    });
    this.#cancelAttempt = undefined;
    if (this.#socket !== socket) return;
    socket.onerror = () => this.#emit('error', new Error('WebSocket error'));
    socket.onclose = (ev) => {
      if (this.#socket === socket) this.#dropped(ev.code, ev.reason);
    };
    // Node's `ws` answers protocol pings itself; seeing them proves the server is alive.
    (socket as { on?: (event: string, listener: () => void) => void }).on?.('ping', () => this.#alive());
  }

  async #connectPusher(): Promise<void> {
    const server = this.#server();
    const pusher = server.pusher!;
    const options = this.#options;
    const authEndpoint = options.authEndpoint ?? pusher.authEndpoint;
    const connection = new PusherConnection({
      WebSocket: this.#WebSocket(),
      baseUrl: this.#baseUrl(),
      appKey: pusher.appKey,
      ...(authEndpoint === undefined ? {} : { authEndpoint }),
      authHeaders: async () => ({ Accept: 'application/json', ...options.headers, ...(await this.#credentials()).headers }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(server.heartbeat?.direction === 'client' ? { activityTimeoutMs: server.heartbeat.intervalSeconds * 1000 } : {}),
      ...(options.heartbeatTimeoutMs === undefined ? {} : { pongTimeoutMs: options.heartbeatTimeoutMs }),
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    });
    connection.onError = (error) => this.#emit('error', error);
    connection.onUnknown = (data, reason) => this.#emit('unknown', { data, reason });
    connection.onClose = (code, reason) => {
      if (this.#pusher === connection) this.#dropped(code, reason);
    };
    this.#pusher = connection;
    try {
      await connection.connect();
      await connection.subscribe(this.address, (event, data) => this.#dispatch(data, event));
    } catch (error) {
      if (this.#pusher === connection) this.#pusher = undefined;
      connection.onClose = null;
      connection.close();
      throw error;
    }
  }

  // ------------------------------------------------------------------------- reconnecting

  /** The connection dropped after it was open: reconnect, or close for good, by the close code. */
  #dropped(code: number, reason: string): void {
    this.#stopHeartbeat();
    this.#socket = undefined;
    this.#pusher = undefined;
    if (this.#closedByUser || this.#state === 'closed') return;
    const policy = closePolicy(code, this.#server().pusher !== undefined);
    if (policy === 'stop') return this.#finish(code, reason);
    if (policy === 'fail' || this.#options.reconnect === false) {
      if (policy === 'fail') this.#emit('error', new ChannelError(`the server closed the connection with code ${code}${reason ? ` (${reason})` : ''}; not reconnecting`, code));
      return this.#finish(code, reason);
    }
    this.#scheduleReconnect(code, reason, policy === 'now');
  }

  #scheduleReconnect(code: number, reason: string, immediately: boolean): void {
    const options = this.#options.reconnect === false ? {} : (this.#options.reconnect ?? {});
    const attempt = ++this.#attempt;
    if (attempt > (options.maxAttempts ?? Infinity)) {
      this.#emit('error', new ChannelError(`gave up reconnecting after ${attempt - 1} attempts`, code));
      return this.#finish(code, reason);
    }
    const bound = Math.min(options.maxDelayMs ?? 30_000, (options.initialDelayMs ?? 500) * (options.factor ?? 2) ** (attempt - 1));
    // Full jitter: anywhere between 0 and the exponential bound.
    const delayMs = immediately && attempt === 1 ? 0 : Math.round(Math.random() * bound);
    this.#state = 'reconnecting';
    // The timer is set before listeners run, so a close() inside `$reconnecting` cancels it.
    this.#reconnectTimer = setTimeout(() => {
      this.#open(true).catch((error: unknown) => {
        if (this.#closedByUser) return;
        const failure = toChannelError(error);
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
    if (this.#queue.length > 0) {
      this.#emit('error', new ChannelError(`${this.#queue.length} queued message(s) were not sent`, code));
      this.#queue.length = 0;
    }
    for (const queue of this.#iterators) queue.end();
    this.#iterators.clear();
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
    const rule = findRule(this.#info.receive, payload, event);
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
    for (const listener of [...(this.#listeners.get(`$${name}`) ?? [])]) {
      try {
        (listener as Listener<LifecycleEvents[K]>)(value);
      } catch {
        // A lifecycle listener's failure must not break the socket's event loop.
      }
    }
  }
}

const OPEN = 1;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

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

  constructor(message: string, code: number, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
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

/**
 * The message a payload is: one whose rule (discriminator value, tag key, Pusher event) matches;
 * else the first message without a rule, which stands for "anything else" (not for Pusher events).
 */
function findRule(rules: ChannelInfo['receive'], payload: unknown, event: string | undefined): ChannelInfo['receive'][number] | undefined {
  let objects: ChannelInfo['receive'][number] | undefined;
  let anything: ChannelInfo['receive'][number] | undefined;
  for (const rule of rules) {
    if (rule.match === undefined) anything ??= rule;
    else if (rule.match.kind === 'object') objects ??= rule;
    else if (matches(rule.match, payload, event)) return rule;
  }
  if (event !== undefined) return undefined;
  return (objects !== undefined && isObject(payload) ? objects : undefined) ?? anything;
}

function heartbeatFilter(hb: HeartbeatInfo | undefined): { message: unknown } | null {
  return hb?.kind === 'message' && hb.direction === 'server' ? { message: hb.message } : null;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function matches(match: MessageMatch, payload: unknown, event: string | undefined): boolean {
  if (match.kind === 'event') return match.event === event;
  if (!isObject(payload)) return false;
  if (match.kind === 'object') return true;
  if (match.kind === 'key') return Object.prototype.hasOwnProperty.call(payload, match.key);
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
    if (!Object.prototype.hasOwnProperty.call(a, k) || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return Object.keys(a).length === kb.length;
}

/** An async iterator fed by pushes; a slow consumer only grows its own queue. */
class MessageQueue<T> implements AsyncIterableIterator<T> {
  /** Items from `#head` on are unread; the array is compacted as it is drained (O(1) per item). */
  #items: T[] = [];
  #head = 0;
  readonly #waiting: Array<(result: IteratorResult<T>) => void> = [];
  #done = false;

  constructor(private readonly onDone: () => void) {}

  push(item: T): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter({ value: item, done: false });
    else this.#items.push(item);
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
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
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
