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
import { PusherConnection, type WebSocketConstructor, type WebSocketLike } from './pusher-protocol.js';

export type { WebSocketConstructor, WebSocketLike } from './pusher-protocol.js';

export type MessageMatch =
  | { readonly kind: 'property'; readonly property: string; readonly values: ReadonlyArray<string | number | boolean> }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'event'; readonly event: string };

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

type ReceivedOf<R> = { [K in keyof R & string]: Received<K, R[K]> }[keyof R & string];

export interface LifecycleEvents {
  open: undefined;
  close: { code: number; reason: string };
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

  /** Opens the connection; resolves once it is open (and, for Pusher, subscribed). */
  connect(): Promise<void> {
    if (this.#state === 'open') return Promise.resolve();
    // A second call while connecting waits for the same attempt.
    this.#connecting ??= this.#open().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  async #open(): Promise<void> {
    this.#state = 'connecting';
    try {
      if (this.#server().pusher) await this.#connectPusher();
      else await this.#connectWebSocket();
      this.#state = 'open';
      this.#emit('open', undefined);
    } catch (error) {
      this.#state = 'closed';
      this.#pusher?.close(); // e.g. subscription refused: do not leave the socket open
      for (const queue of this.#iterators) queue.end();
      this.#iterators.clear();
      throw error;
    }
  }

  /** Closes the connection; async iterators end. */
  close(code = 1000, reason = ''): void {
    this.#pusher?.close();
    this.#socket?.close(code, reason);
    this.#closed(code, reason);
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

  /** Every received message, in order, until the channel closes or the signal aborts. */
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

  protected send<K extends keyof Send & string>(_name: K, payload: Send[K]): void {
    if (!this.#socket || this.#state !== 'open') throw new Error('the channel is not open: await connect() first');
    this.#socket.send(JSON.stringify(payload));
  }

  // ------------------------------------------------------------------------- internals

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
    this.#socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new Error(`WebSocket connection to ${this.url} failed`));
      socket.onclose = (ev) => reject(new Error(`WebSocket closed before opening (code ${ev.code})`));
    });
    socket.onerror = () => this.#emit('error', new Error('WebSocket error'));
    socket.onclose = (ev) => this.#closed(ev.code, ev.reason);
    socket.onmessage = (ev) => this.#onFrame(ev.data);
  }

  async #connectPusher(): Promise<void> {
    const server = this.#server();
    const pusher = server.pusher!;
    const options = this.#options;
    const connection = new PusherConnection({
      WebSocket: this.#WebSocket(),
      baseUrl: this.#baseUrl(),
      appKey: pusher.appKey,
      ...(pusher.authEndpoint === undefined ? {} : { authEndpoint: pusher.authEndpoint }),
      authHeaders: async () => ({ Accept: 'application/json', ...options.headers, ...(await this.#credentials()).headers }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(server.heartbeat?.direction === 'client' ? { activityTimeoutMs: server.heartbeat.intervalSeconds * 1000 } : {}),
    });
    connection.onError = (error) => this.#emit('error', error);
    connection.onClose = (code, reason) => this.#closed(code, reason);
    this.#pusher = connection;
    await connection.connect();
    await connection.subscribe(this.address, (event, data) => this.#dispatch(data, event));
  }

  #onFrame(data: unknown): void {
    let payload: unknown;
    try {
      payload = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer));
    } catch {
      this.#emit('unknown', { data, reason: 'not JSON' });
      return;
    }
    this.#dispatch(payload);
  }

  #dispatch(payload: unknown, event?: string): void {
    const heartbeat = this.#info.heartbeat ?? this.#server().heartbeat;
    if (heartbeat?.kind === 'message' && heartbeat.direction === 'server' && sameJson(payload, heartbeat.message)) return;
    const rules = this.#info.receive;
    const rule = rules.length === 1 && !rules[0]!.match ? rules[0] : rules.find((r) => r.match && matches(r.match, payload, event));
    if (!rule) {
      this.#emit('unknown', { data: payload, reason: event === undefined ? 'matches no message of this channel' : `unexpected event "${event}"` });
      return;
    }
    const received = { name: rule.name, payload } as ReceivedOf<Receive>;
    for (const listener of [...(this.#listeners.get(rule.name) ?? [])]) {
      try {
        (listener as Listener<unknown>)(payload);
      } catch (error) {
        this.#emit('error', error instanceof Error ? error : new Error(String(error)));
      }
    }
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

  #closed(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    for (const queue of this.#iterators) queue.end();
    this.#iterators.clear();
    this.#emit('close', { code, reason });
  }
}

function matches(match: MessageMatch, payload: unknown, event: string | undefined): boolean {
  if (match.kind === 'event') return match.event === event;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return false;
  if (match.kind === 'key') return Object.prototype.hasOwnProperty.call(payload, match.key);
  const value = ownValue(payload, match.property);
  return match.values.some((v) => v === value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An async iterator fed by pushes; a slow consumer only grows its own queue. */
class MessageQueue<T> implements AsyncIterableIterator<T> {
  readonly #items: T[] = [];
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
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
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
