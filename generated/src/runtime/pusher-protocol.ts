// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
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

import { readCapped } from './common.js';
import { frameBytes, type WebSocketConstructor, type WebSocketLike } from './socket.js';

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
export const PUSHER_PROTOCOL_VERSION: 7 = 7;

/** Close code we use when the server did not answer our ping in time. */
export const PONG_TIMEOUT_CLOSE_CODE: 4201 = 4201;

/** Close code reported through `onClose` after `close()` was called. */
export const CLIENT_CLOSE_CODE: 1000 = 1000;

const WS_OPEN = 1;
const DEFAULT_TIMEOUT_MS = 30000;
const MAX_FRAME_SNIPPET = 120;
const DEFAULT_MAX_AUTH_RESPONSE_BYTES = 64 * 1024;

/** Rejects with `error()` when `promise` has not settled after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A response body as text, read chunk by chunk and abandoned past `limit` bytes (never buffered whole). */
async function readText(response: Response, limit: number): Promise<string> {
  const bytes = await readCapped(response, limit);
  if (bytes === undefined) throw new PusherError(`the response is larger than ${limit} bytes`);
  return new TextDecoder().decode(bytes);
}

/** Base class of every error raised by this module. */
export class PusherError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PusherError';
  }
}

/** A `pusher:error` event sent by the server (code 4000-4299, or null). */
export class PusherProtocolError extends PusherError {
  readonly code: number | null;
  constructor(message: string, code: number | null) {
    super(message);
    this.name = 'PusherProtocolError';
    this.code = code;
  }
}

/** The socket closed (or could not be opened) before the operation completed. */
export class PusherConnectionClosedError extends PusherError {
  readonly code: number;
  readonly reason: string;
  /** HTTP status of a refused upgrade, where the WebSocket implementation tells it (Node's `ws`). */
  readonly status: number | undefined;
  constructor(message: string, code: number, reason: string, status?: number) {
    super(message);
    this.name = 'PusherConnectionClosedError';
    this.code = code;
    this.reason = reason;
    this.status = status;
  }
}

/** Channel authorisation against `authEndpoint` failed. Never carries header values. */
export class PusherAuthError extends PusherError {
  readonly channel: string;
  /** HTTP status when the endpoint answered, undefined for network / format errors */
  readonly status: number | undefined;
  constructor(message: string, channel: string, status: number | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PusherAuthError';
    this.channel = channel;
    this.status = status;
  }
}

/** The server answered `pusher:subscribe` with `pusher:subscription_error`. */
export class PusherSubscriptionError extends PusherError {
  readonly channel: string;
  readonly type: string | undefined;
  readonly status: number | undefined;
  constructor(message: string, channel: string, type: string | undefined, status: number | undefined) {
    super(message);
    this.name = 'PusherSubscriptionError';
    this.channel = channel;
    this.type = type;
    this.status = status;
  }
}

/**
 * Pusher close-code ranges:
 * 4000-4099 do not reconnect, 4100-4199 reconnect with backoff,
 * 4200-4299 reconnect immediately, anything else: client default policy.
 */
export function classifyPusherCloseCode(code: number): 'no-reconnect' | 'backoff' | 'immediate' | 'default' {
  if (code >= 4000 && code <= 4099) return 'no-reconnect';
  if (code >= 4100 && code <= 4199) return 'backoff';
  if (code >= 4200 && code <= 4299) return 'immediate';
  return 'default';
}

/** True for channels that need authorisation (private-, private-encrypted-, presence-). */
export function channelNeedsAuth(channel: string): boolean {
  return channel.startsWith('private-') || channel.startsWith('presence-');
}

/** Builds the socket URL: `${baseUrl}/app/${key}?protocol=7&client=…&version=…`. */
export function buildPusherUrl(baseUrl: string, appKey: string, clientName: string, clientVersion: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return (
    `${base}/app/${encodeURIComponent(appKey)}` +
    `?protocol=${PUSHER_PROTOCOL_VERSION}` +
    `&client=${encodeURIComponent(clientName)}` +
    `&version=${encodeURIComponent(clientVersion)}`
  );
}

/**
 * Decodes the `data` field of a Pusher event: a JSON string is parsed, a string
 * that is not JSON is returned unchanged, anything else (object, number…) as is.
 */
export function decodePusherData(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

export type PusherConnectionState = 'idle' | 'connecting' | 'connected' | 'closed';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface ChannelEntry {
  onEvent: (event: string, data: unknown) => void;
  subscribed: boolean;
  /** pending subscription attempt, if any */
  pending: Deferred | undefined;
}

interface Frame {
  event: string;
  channel: string | undefined;
  data: unknown;
}

type Timer = ReturnType<typeof setTimeout>;

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A rejected attempt nobody awaits (e.g. superseded) must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new PusherError(String(value));
}

function snippet(text: string): string {
  return text.length > MAX_FRAME_SNIPPET ? `${text.slice(0, MAX_FRAME_SNIPPET)}…` : text;
}

function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return undefined;
}

function parseFrame(raw: unknown): Frame {
  const text = frameText(raw);
  if (text === undefined) throw new PusherError('received a non-text frame');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new PusherError(`received a frame that is not JSON: ${snippet(text)}`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PusherError(`received a frame that is not a JSON object: ${snippet(text)}`);
  }
  const record = parsed as Record<string, unknown>;
  const event = record['event'];
  if (typeof event !== 'string') {
    throw new PusherError(`received a frame without an event name: ${snippet(text)}`);
  }
  const channel = record['channel'];
  return { event, channel: typeof channel === 'string' ? channel : undefined, data: record['data'] };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function noop(): void {
  // intentionally empty
}

/**
 * One Pusher Channels connection. Not reconnecting by itself; see module docs.
 *
 * `onClose` fires once per socket that reached `pusher:connection_established`
 * (including after `close()`, with code 1000 — check `closedByClient`).
 * Failures before that are reported only through the `connect()` rejection
 * (a `PusherConnectionClosedError` / `PusherProtocolError` carrying the code).
 */
export class PusherConnection {
  onClose: ((code: number, reason: string) => void) | null = null;
  onError: ((error: Error) => void) | null = null;
  /** A frame that is not JSON, or larger than `maxMessageBytes`: the raw data and why. */
  onUnknown: ((data: unknown, reason: string) => void) | null = null;
  /** The last socket error's message while connecting (`ws` names a refused upgrade's status). */
  private lastSocketError: string | undefined;

  private readonly options: PusherConnectionOptions;
  private readonly channels: Map<string, ChannelEntry> = new Map();
  private ws: WebSocketLike | undefined = undefined;
  private currentSocketId: string | undefined = undefined;
  private currentState: PusherConnectionState = 'idle';
  private userClosed = false;
  /** incremented for every socket; stale async work compares against it */
  private generation = 0;
  private connecting: Deferred | undefined = undefined;
  private connectTimer: Timer | undefined = undefined;
  private activityTimer: Timer | undefined = undefined;
  private pongTimer: Timer | undefined = undefined;
  private effectiveActivityTimeoutMs: number;
  /** Authorisation requests in flight, aborted when the socket ends. */
  private readonly authAborts: Set<AbortController> = new Set();

  constructor(options: PusherConnectionOptions) {
    this.options = options;
    this.effectiveActivityTimeoutMs = options.activityTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Socket id assigned by the server; undefined while not connected. */
  get socketId(): string | undefined {
    return this.currentSocketId;
  }

  get state(): PusherConnectionState {
    return this.currentState;
  }

  /** True when the last close was requested through `close()`. */
  get closedByClient(): boolean {
    return this.userClosed;
  }

  /** Activity timeout in use: min(activityTimeoutMs, server activity_timeout * 1000). */
  get activityTimeoutMs(): number {
    return this.effectiveActivityTimeoutMs;
  }

  /** The socket URL this connection opens. */
  get url(): string {
    return buildPusherUrl(this.options.baseUrl, this.options.appKey, this.options.clientName ?? 'specweave-js', this.options.clientVersion ?? '0.1.0');
  }

  /** Channels currently registered (subscribed or pending), in subscription order. */
  channelNames(): string[] {
    return [...this.channels.keys()];
  }

  isSubscribed(channel: string): boolean {
    return this.channels.get(channel)?.subscribed === true;
  }

  /**
   * Opens the socket and resolves on `pusher:connection_established`.
   * Rejects on `pusher:error`, on close before it, or after `connectTimeoutMs`.
   */
  connect(): Promise<void> {
    if (this.currentState === 'connected') return Promise.resolve();
    if (this.currentState === 'connecting' && this.connecting) return this.connecting.promise;

    const generation = ++this.generation;
    const pending = deferred();
    this.connecting = pending;
    this.currentState = 'connecting';
    this.lastSocketError = undefined;
    this.userClosed = false;
    this.currentSocketId = undefined;
    this.effectiveActivityTimeoutMs = this.options.activityTimeoutMs ?? DEFAULT_TIMEOUT_MS;

    let ws: WebSocketLike;
    try {
      const limit = this.options.maxMessageBytes;
      ws = limit === undefined ? new this.options.WebSocket(this.url) : new this.options.WebSocket(this.url, [], { maxPayload: limit });
    } catch (error) {
      this.connecting = undefined;
      this.currentState = 'closed';
      pending.reject(new PusherError('could not create the WebSocket', { cause: error }));
      return pending.promise;
    }
    this.ws = ws;

    ws.onopen = noop;
    ws.onmessage = (ev) => {
      if (generation !== this.generation) return;
      this.handleRawMessage(ev.data);
    };
    ws.onerror = (ev) => {
      if (generation !== this.generation) return;
      // Browsers give no detail here; a close event follows. While connecting, the attempt's
      // rejection reports it (with the HTTP status where `ws` gives one).
      if (this.currentState === 'connecting') {
        this.lastSocketError = (ev as { message?: string } | undefined)?.message;
        return;
      }
      const message = (ev as { message?: unknown } | undefined)?.message;
      // `ws` refuses a frame over maxPayload before reading it, then closes with 1009.
      if (typeof message === 'string' && /max payload size exceeded/i.test(message)) {
        this.reportUnknown(
          undefined,
          `message too large (over the limit of ${this.options.maxMessageBytes ?? 0} bytes; refused before it was read, connection closed)`,
        );
        return;
      }
      this.reportError(new PusherError(typeof message === 'string' ? `WebSocket error: ${message}` : 'WebSocket error'));
    };
    ws.onclose = (ev) => {
      if (generation !== this.generation) return;
      this.handleSocketClosed(ev.code, ev.reason);
    };

    const connectTimeoutMs = this.options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.connectTimer = setTimeout(() => {
      if (generation !== this.generation || this.currentState !== 'connecting') return;
      this.abortSocket(4100, 'connection timeout');
      this.failConnecting(new PusherConnectionClosedError('timed out waiting for pusher:connection_established', 4100, 'connection timeout'));
    }, connectTimeoutMs);

    return pending.promise;
  }

  /**
   * Subscribes to `channel`. private-/presence- channels are authorised first
   * through `authEndpoint`. Resolves on `pusher_internal:subscription_succeeded`.
   * Calling it again for a registered channel replaces the handler and returns
   * the state of the existing subscription.
   */
  subscribe(channel: string, onEvent: (event: string, data: unknown) => void): Promise<void> {
    const existing = this.channels.get(channel);
    if (!existing && this.currentState !== 'connected') {
      return Promise.reject(new PusherError(`cannot subscribe to ${channel}: not connected`));
    }
    if (existing) {
      existing.onEvent = onEvent;
      if (existing.pending) return existing.pending.promise;
      if (existing.subscribed) return Promise.resolve();
    }
    const entry: ChannelEntry = existing ?? { onEvent, subscribed: false, pending: undefined };
    if (!existing) this.channels.set(channel, entry);
    return this.startSubscription(channel, entry);
  }

  /** Forgets `channel` and tells the server (when connected). */
  unsubscribe(channel: string): void {
    const entry = this.channels.get(channel);
    if (!entry) return;
    this.channels.delete(channel);
    if (entry.pending) {
      const pending = entry.pending;
      entry.pending = undefined;
      pending.reject(new PusherError(`unsubscribed from ${channel} before the subscription completed`));
    }
    if (this.currentState === 'connected') {
      this.sendFrame('pusher:unsubscribe', { channel });
    }
  }

  /**
   * Re-subscribes every registered channel that is not subscribed on the
   * current socket (use after a reconnect). Resolves with one entry per
   * channel: null on success, the error otherwise (failed channels are dropped).
   */
  async resubscribeAll(): Promise<Map<string, Error | null>> {
    if (this.currentState !== 'connected') throw new PusherError('cannot resubscribe: not connected');
    const attempts: Array<Promise<[string, Error | null]>> = [];
    for (const [channel, entry] of this.channels) {
      const attempt = entry.pending ? entry.pending.promise : entry.subscribed ? Promise.resolve() : this.startSubscription(channel, entry);
      attempts.push(
        attempt.then(
          (): [string, Error | null] => [channel, null],
          (error: unknown): [string, Error | null] => [channel, toError(error)],
        ),
      );
    }
    return new Map(await Promise.all(attempts));
  }

  /** Sends a raw protocol event (e.g. `client-` events on private channels). */
  send(event: string, data: unknown, channel?: string): void {
    if (this.currentState !== 'connected') throw new PusherError('not connected');
    this.sendFrame(event, data, channel);
  }

  /** Closes the socket; `onClose(1000, "closed by client")` fires if it was connected. */
  close(): void {
    if (this.currentState === 'idle' || this.currentState === 'closed') {
      this.userClosed = true;
      return;
    }
    this.userClosed = true;
    this.abortSocket(CLIENT_CLOSE_CODE, 'closed by client');
    this.teardown(CLIENT_CLOSE_CODE, 'closed by client');
  }

  // ---------------------------------------------------------------- internals

  private startSubscription(channel: string, entry: ChannelEntry): Promise<void> {
    const pending = deferred();
    entry.pending = pending;
    entry.subscribed = false;
    const fail = (error: Error): void => {
      if (entry.pending !== pending) return;
      entry.pending = undefined;
      if (this.channels.get(channel) === entry) this.channels.delete(channel);
      pending.reject(error);
    };

    if (this.currentState !== 'connected' || this.currentSocketId === undefined) {
      // Keep the (previously subscribed) channel registered; resubscribeAll() after connect() picks it up.
      entry.pending = undefined;
      pending.reject(new PusherError(`cannot subscribe to ${channel}: not connected`));
      return pending.promise;
    }
    if (channel.startsWith('private-encrypted-')) {
      fail(new PusherError(`cannot subscribe to ${channel}: encrypted channels are not supported`));
      return pending.promise;
    }

    const generation = this.generation;
    const socketId = this.currentSocketId;
    if (!channelNeedsAuth(channel)) {
      this.sendFrame('pusher:subscribe', { channel });
      return pending.promise;
    }

    this.authorize(socketId, channel).then(
      (auth) => {
        if (entry.pending !== pending) return;
        if (generation !== this.generation || this.currentState !== 'connected') {
          // The socket changed while we were authorising; the signature is for the old socket id.
          entry.pending = undefined;
          pending.reject(new PusherError(`connection lost while authorising ${channel}`));
          return;
        }
        const payload: Record<string, string> = { channel, auth: auth.auth };
        if (auth.channelData !== undefined) payload['channel_data'] = auth.channelData;
        this.sendFrame('pusher:subscribe', payload);
      },
      (error: unknown) => fail(toError(error)),
    );
    return pending.promise;
  }

  private async authorize(socketId: string, channel: string): Promise<{ auth: string; channelData: string | undefined }> {
    const endpoint = this.options.authEndpoint;
    if (endpoint === undefined) {
      throw new PusherAuthError(`cannot subscribe to ${channel}: no authEndpoint configured`, channel, undefined);
    }
    // One deadline for the whole authorisation (a token function, the POST, its body), and an
    // abort when the socket ends: an endpoint that never answers cannot hold the subscription.
    const timeoutMs = this.options.authTimeoutMs ?? this.options.connectTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const abort = new AbortController();
    this.authAborts.add(abort);
    const timedOut = (): Error => {
      abort.abort();
      return new PusherAuthError(`channel authorisation for ${channel} timed out after ${timeoutMs} ms`, channel, undefined);
    };
    try {
      return await withTimeout(this.authorizeWith(endpoint, socketId, channel, abort.signal), timeoutMs, timedOut);
    } finally {
      this.authAborts.delete(abort);
    }
  }

  private async authorizeWith(
    endpoint: string,
    socketId: string,
    channel: string,
    signal: AbortSignal,
  ): Promise<{ auth: string; channelData: string | undefined }> {
    let extraHeaders: Record<string, string>;
    try {
      extraHeaders = this.options.authHeaders ? await this.options.authHeaders() : {};
    } catch (cause) {
      throw new PusherAuthError(`could not resolve auth headers for ${channel}`, channel, undefined, { cause });
    }
    if (signal.aborted) throw new PusherAuthError(`channel authorisation for ${channel} was abandoned`, channel, undefined);
    const headers: Record<string, string> = { ...extraHeaders, 'Content-Type': 'application/x-www-form-urlencoded' };
    const body = `socket_id=${encodeURIComponent(socketId)}&channel_name=${encodeURIComponent(channel)}`;

    const customFetch = this.options.fetch;
    let response: Response;
    try {
      // Never call fetch as a method of another object (browsers throw "Illegal invocation").
      response = customFetch
        ? await customFetch(endpoint, { method: 'POST', headers, body, signal })
        : await globalThis.fetch(endpoint, { method: 'POST', headers, body, signal });
    } catch (cause) {
      throw new PusherAuthError(`channel authorisation request for ${channel} failed`, channel, undefined, { cause });
    }
    const limit = this.options.maxAuthResponseBytes ?? DEFAULT_MAX_AUTH_RESPONSE_BYTES;
    if (!response.ok) {
      // Drain (a bounded part of) the body so the connection can be reused; its content is not reported.
      await readText(response, limit).catch(() => undefined);
      throw new PusherAuthError(`channel authorisation for ${channel} failed: HTTP ${response.status}`, channel, response.status);
    }
    let text: string;
    try {
      text = await readText(response, limit);
    } catch (cause) {
      throw new PusherAuthError(`channel authorisation for ${channel}: could not read the response (${toError(cause).message})`, channel, response.status, {
        cause,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new PusherAuthError(`channel authorisation for ${channel} returned invalid JSON`, channel, response.status, { cause });
    }
    const record = asRecord(json);
    const auth = record['auth'];
    if (typeof auth !== 'string' || auth === '') {
      throw new PusherAuthError(`channel authorisation for ${channel} returned no "auth" string`, channel, response.status);
    }
    const channelData = record['channel_data'];
    return { auth, channelData: typeof channelData === 'string' ? channelData : undefined };
  }

  private handleRawMessage(raw: unknown): void {
    // Any incoming traffic proves the connection is alive.
    this.resetActivityTimer();
    const limit = this.options.maxMessageBytes;
    const size = limit === undefined ? 0 : frameBytes(raw, limit);
    if (limit !== undefined && size > limit) {
      this.reportUnknown(raw, `message too large (${size} bytes; the limit is ${limit})`);
      return;
    }
    let frame: Frame;
    try {
      frame = parseFrame(raw);
    } catch (error) {
      this.reportUnknown(raw, toError(error).message);
      return;
    }
    try {
      this.handleFrame(frame);
    } catch (error) {
      this.reportError(toError(error));
    }
  }

  private handleFrame(frame: Frame): void {
    switch (frame.event) {
      case 'pusher:connection_established':
        this.handleEstablished(frame.data);
        return;
      case 'pusher:error':
        this.handleProtocolError(frame.data);
        return;
      case 'pusher:ping':
        this.sendFrame('pusher:pong', {});
        return;
      case 'pusher:pong':
        return;
      case 'pusher_internal:subscription_succeeded':
        this.handleSubscriptionSucceeded(frame);
        return;
      case 'pusher:subscription_error':
        this.handleSubscriptionError(frame);
        return;
      default:
        this.dispatch(frame);
    }
  }

  private handleEstablished(rawData: unknown): void {
    if (this.currentState !== 'connecting') return;
    const data = asRecord(decodePusherData(rawData));
    const socketId = data['socket_id'];
    if (typeof socketId !== 'string' || socketId === '') {
      this.abortSocket(4200, 'invalid connection_established');
      this.failConnecting(new PusherProtocolError('pusher:connection_established without socket_id', null));
      return;
    }
    const serverTimeout = data['activity_timeout'];
    const ours = this.options.activityTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.effectiveActivityTimeoutMs = typeof serverTimeout === 'number' && serverTimeout > 0 ? Math.min(ours, serverTimeout * 1000) : ours;
    this.currentSocketId = socketId;
    this.currentState = 'connected';
    this.clearConnectTimer();
    const pending = this.connecting;
    this.connecting = undefined;
    this.resetActivityTimer();
    pending?.resolve();
  }

  private handleProtocolError(rawData: unknown): void {
    const data = asRecord(decodePusherData(rawData));
    const code = typeof data['code'] === 'number' ? data['code'] : null;
    const message = typeof data['message'] === 'string' ? data['message'] : 'unknown error';
    const error = new PusherProtocolError(`pusher:error${code === null ? '' : ` ${code}`}: ${message}`, code);
    if (this.currentState === 'connecting') this.failConnecting(error);
    this.reportError(error);
  }

  private handleSubscriptionSucceeded(frame: Frame): void {
    if (frame.channel === undefined) return;
    const entry = this.channels.get(frame.channel);
    if (!entry) return;
    entry.subscribed = true;
    const pending = entry.pending;
    entry.pending = undefined;
    pending?.resolve();
    if (frame.channel.startsWith('presence-')) {
      entry.onEvent('pusher:subscription_succeeded', decodePusherData(frame.data));
    }
  }

  private handleSubscriptionError(frame: Frame): void {
    if (frame.channel === undefined) return;
    const entry = this.channels.get(frame.channel);
    if (!entry) return;
    const data = asRecord(decodePusherData(frame.data));
    const type = typeof data['type'] === 'string' ? data['type'] : undefined;
    const status = typeof data['status'] === 'number' ? data['status'] : undefined;
    const detail = typeof data['error'] === 'string' ? data['error'] : (type ?? 'rejected by server');
    const error = new PusherSubscriptionError(`subscription to ${frame.channel} failed: ${detail}`, frame.channel, type, status);
    this.channels.delete(frame.channel);
    entry.subscribed = false;
    const pending = entry.pending;
    entry.pending = undefined;
    if (pending) pending.reject(error);
    else this.reportError(error);
  }

  private dispatch(frame: Frame): void {
    if (frame.channel === undefined) return;
    const entry = this.channels.get(frame.channel);
    if (!entry) return;
    let event = frame.event;
    if (event === 'pusher_internal:member_added') event = 'pusher:member_added';
    else if (event === 'pusher_internal:member_removed') event = 'pusher:member_removed';
    entry.onEvent(event, decodePusherData(frame.data));
  }

  private handleSocketClosed(code: number, reason: string): void {
    if (this.currentState === 'connecting') {
      const detail = this.lastSocketError;
      const status = /\b([1-5]\d\d)\b/.exec(detail ?? '')?.[1];
      this.failConnecting(
        new PusherConnectionClosedError(
          `connection closed before it was established (code ${code}${reason ? `: ${reason}` : ''}${detail ? `; ${detail}` : ''})`,
          code,
          reason,
          status === undefined ? undefined : Number(status),
        ),
      );
      return;
    }
    this.teardown(code, reason);
  }

  /** Settles a failed connection attempt; no onClose (the attempt never connected). */
  private failConnecting(error: Error): void {
    const pending = this.connecting;
    this.connecting = undefined;
    this.clearTimers();
    this.currentState = 'closed';
    this.currentSocketId = undefined;
    this.generation++;
    // No-op when the socket is already closed; otherwise (pusher:error, bad handshake) don't leave it open.
    this.abortSocket(CLIENT_CLOSE_CODE, 'connection failed');
    this.detachSocket();
    pending?.reject(error);
  }

  /** Ends the current (established) socket: timers, pending work, onClose. */
  private teardown(code: number, reason: string): void {
    const wasConnected = this.currentState === 'connected';
    const connecting = this.connecting;
    this.connecting = undefined;
    this.clearTimers();
    this.currentState = 'closed';
    this.currentSocketId = undefined;
    this.generation++;
    this.detachSocket();
    for (const abort of this.authAborts) abort.abort();
    this.authAborts.clear();
    for (const [channel, entry] of this.channels) {
      entry.subscribed = false;
      const pending = entry.pending;
      entry.pending = undefined;
      pending?.reject(new PusherConnectionClosedError(`connection closed while subscribing to ${channel}`, code, reason));
    }
    connecting?.reject(new PusherConnectionClosedError(`connection closed (code ${code})`, code, reason));
    if (wasConnected) {
      try {
        this.onClose?.(code, reason);
      } catch (error) {
        this.reportError(toError(error));
      }
    }
  }

  private detachSocket(): void {
    const ws = this.ws;
    this.ws = undefined;
    if (!ws) return;
    // No-op handlers rather than null: some implementations (e.g. `ws`) crash on an unhandled "error".
    ws.onopen = noop;
    ws.onmessage = noop;
    ws.onclose = noop;
    ws.onerror = noop;
  }

  private abortSocket(code: number, reason: string): void {
    const ws = this.ws;
    if (!ws) return;
    try {
      ws.close(code, reason);
    } catch {
      // already closing / invalid state: nothing else to do
    }
  }

  private sendFrame(event: string, data: unknown, channel?: string): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WS_OPEN) return;
    const frame: Record<string, unknown> = { event, data };
    if (channel !== undefined) frame['channel'] = channel;
    ws.send(JSON.stringify(frame));
  }

  private resetActivityTimer(): void {
    if (this.pongTimer !== undefined) {
      clearTimeout(this.pongTimer);
      this.pongTimer = undefined;
    }
    if (this.activityTimer !== undefined) clearTimeout(this.activityTimer);
    this.activityTimer = undefined;
    if (this.currentState !== 'connected') return;
    const generation = this.generation;
    this.activityTimer = setTimeout(() => {
      this.activityTimer = undefined;
      if (generation !== this.generation || this.currentState !== 'connected') return;
      this.sendFrame('pusher:ping', {});
      this.pongTimer = setTimeout(() => {
        this.pongTimer = undefined;
        if (generation !== this.generation || this.currentState !== 'connected') return;
        this.abortSocket(PONG_TIMEOUT_CLOSE_CODE, 'pong not received');
        this.teardown(PONG_TIMEOUT_CLOSE_CODE, 'pong not received');
      }, this.options.pongTimeoutMs ?? DEFAULT_TIMEOUT_MS);
    }, this.effectiveActivityTimeoutMs);
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  private clearTimers(): void {
    this.clearConnectTimer();
    if (this.activityTimer !== undefined) clearTimeout(this.activityTimer);
    if (this.pongTimer !== undefined) clearTimeout(this.pongTimer);
    this.activityTimer = undefined;
    this.pongTimer = undefined;
  }

  private reportError(error: Error): void {
    try {
      this.onError?.(error);
    } catch {
      // a throwing onError must not break the socket handler
    }
  }

  /** Frames that are not Pusher frames go to onUnknown (or, without one, to onError). */
  private reportUnknown(data: unknown, reason: string): void {
    if (!this.onUnknown) return this.reportError(new PusherProtocolError(reason, null));
    try {
      this.onUnknown(data, reason);
    } catch {
      // a throwing handler must not break the socket handler
    }
  }
}
