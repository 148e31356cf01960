/**
 * The Pusher transport of the channel runtime: a generated class for a Pusher channel passes
 * `pusherTransport` to `Channel` (channel.ts), which never imports the Pusher client itself, so
 * a bundle of plain channels carries none of it.
 *
 * Pusher channels of one server share one connection with one subscription each, as
 * pusher-js does: channels whose connection settings are the same (server URL, app key,
 * WebSocket constructor, credentials, headers, fetch, auth endpoint, timeouts) use the
 * connection the first of them opened; it closes when the last of them is closed.
 */

import type { PusherAttempt, PusherLease, PusherTransport } from './channel.js';
import { classifyPusherCloseCode, PusherConnection } from './pusher-protocol.js';

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

/** Subscribes the attempt's channel on a (shared) connection; the lease goes to `attempt.setLease` as soon as it exists. */
async function connect(attempt: PusherAttempt): Promise<void> {
  const options = attempt.options;
  const { baseUrl, appKey, authEndpoint, activityTimeoutMs, maxMessageBytes, address } = attempt;
  const key = sharingKey([
    baseUrl,
    appKey,
    authEndpoint,
    attempt.WebSocket,
    options.fetch,
    options.headers,
    options.auth,
    activityTimeoutMs,
    options.heartbeatTimeoutMs,
    options.connectTimeoutMs,
    maxMessageBytes,
  ]);
  let shared = SHARED_PUSHER.get(key);
  // One handler per channel name: a second channel of the same name gets a connection of its own.
  if (shared && (shared.connection.state === 'closed' || shared.connection.channelNames().includes(address))) shared = undefined;
  if (!shared) {
    const connection = new PusherConnection({
      WebSocket: attempt.WebSocket,
      baseUrl,
      appKey,
      ...(authEndpoint === undefined ? {} : { authEndpoint }),
      authHeaders: async () => ({ Accept: 'application/json', ...options.headers, ...(await attempt.authHeaders()) }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(activityTimeoutMs === undefined ? {} : { activityTimeoutMs }),
      ...(options.heartbeatTimeoutMs === undefined ? {} : { pongTimeoutMs: options.heartbeatTimeoutMs }),
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs, authTimeoutMs: options.connectTimeoutMs }),
      maxMessageBytes,
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
  let released = false;
  const lease: PusherLease = {
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
  const user: PusherUser = {
    dropped: (code, reason) => {
      if (attempt.lease() === lease) attempt.dropped(code, reason);
    },
    error: (error) => attempt.error(error),
    unknown: (data, reason) => attempt.unknown(data, reason),
  };
  entry.users.add(user);
  if (!attempt.current()) {
    lease.release();
    return;
  }
  attempt.setLease(lease);
  try {
    await entry.ready;
    await connection.subscribe(address, (event, data) => attempt.dispatch(data, event));
  } catch (error) {
    if (attempt.lease() === lease) attempt.setLease(undefined);
    lease.release();
    throw error;
  }
}

/** The Pusher transport a generated Pusher channel class passes to `Channel`. */
export const pusherTransport: PusherTransport = { connect, closeKind: classifyPusherCloseCode };
