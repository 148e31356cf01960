import PusherJsModule from 'pusher-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  classifyPusherCloseCode,
  decodePusherData,
  PusherAuthError,
  PusherConnection,
  PusherConnectionClosedError,
  type PusherConnectionOptions,
  PusherProtocolError,
  PusherSubscriptionError,
} from '../src/runtime/pusher-protocol.js';
import { type PusherTestServer, startPusherServer } from './support/pusher-server.js';

// pusher-js ships CommonJS whose typings say `export default Pusher`, while at
// runtime `module.exports` *is* the constructor (no `.default`). Under NodeNext
// the default import is therefore typed as the module object; normalise it.
type PusherJsCtor = typeof PusherJsModule.default;
const pusherJsExport: unknown = PusherJsModule;
const PusherJs: PusherJsCtor = typeof pusherJsExport === 'function' ? (pusherJsExport as PusherJsCtor) : (pusherJsExport as { default: PusherJsCtor }).default;

const APP = { appId: '1001', key: 'test-key', secret: 'test-secret' };
const TOKEN = 'secret-token-123';
const CHANNEL = 'private-client.42';
const EVENT = 'request.status.updated';
const PAYLOAD = {
  request_id: '6f1c2d0e-8a4b-4c3d-9e2f-1a2b3c4d5e6f',
  status: 'processing',
  preview: null,
  result_url: 'https://storage.modelbeam.ai/x',
  progress: 45,
};

async function waitFor(condition: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function _sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let server: PusherTestServer;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  server = await startPusherServer(APP);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await server.close();
});

function makeConnection(overrides: Partial<PusherConnectionOptions> = {}): PusherConnection {
  const connection = new PusherConnection({
    WebSocket,
    baseUrl: server.url,
    appKey: APP.key,
    authEndpoint: server.authEndpoint,
    authHeaders: () => ({ Authorization: `Bearer ${TOKEN}` }),
    ...overrides,
  });
  cleanups.push(() => connection.close());
  return connection;
}

describe('test server vs official pusher-js client', () => {
  it('pusher-js connects, authorises private-client.42 and receives a triggered event', async () => {
    const client = new PusherJs(APP.key, {
      cluster: 'mt1',
      wsHost: '127.0.0.1',
      wsPort: server.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      authEndpoint: server.authEndpoint,
      auth: { headers: { Authorization: 'Bearer x' } },
      disableStats: true,
    });
    cleanups.push(() => client.disconnect());

    await new Promise<void>((resolve, reject) => {
      client.connection.bind('connected', () => resolve());
      client.connection.bind('failed', () => reject(new Error('pusher-js connection failed')));
      client.connection.bind('unavailable', () => reject(new Error('pusher-js connection unavailable')));
    });
    expect(client.connection.socket_id).toMatch(/^\d+\.\d+$/);

    const channel = client.subscribe(CHANNEL);
    await new Promise<void>((resolve, reject) => {
      channel.bind('pusher:subscription_succeeded', () => resolve());
      channel.bind('pusher:subscription_error', (error: unknown) => reject(new Error(`subscription error: ${JSON.stringify(error)}`)));
    });
    expect(server.authRequests).toEqual([{ socket_id: client.connection.socket_id, channel_name: CHANNEL, authorization: 'Bearer x' }]);
    expect(server.subscriptions()).toEqual([CHANNEL]);

    const received = new Promise<unknown>((resolve) => channel.bind(EVENT, (data: unknown) => resolve(data)));
    server.trigger(CHANNEL, EVENT, PAYLOAD);
    expect(await received).toEqual(PAYLOAD);
  });
});

describe('PusherConnection', () => {
  it('connects, authorises, subscribes and decodes events (same flow as pusher-js)', async () => {
    const connection = makeConnection();
    expect(connection.socketId).toBeUndefined();
    await connection.connect();

    expect(connection.socketId).toMatch(/^\d+\.\d+$/);
    expect(connection.state).toBe('connected');
    // server announces 120 s; ours (default 30 s) is smaller
    expect(connection.activityTimeoutMs).toBe(30000);
    expect(server.connections()).toBe(1);

    const events: Array<[string, unknown]> = [];
    await connection.subscribe(CHANNEL, (event, data) => events.push([event, data]));
    expect(server.authRequests).toEqual([{ socket_id: connection.socketId, channel_name: CHANNEL, authorization: `Bearer ${TOKEN}` }]);
    expect(server.subscriptions()).toEqual([CHANNEL]);
    expect(connection.isSubscribed(CHANNEL)).toBe(true);
    const subscribeFrame = server.received.find((f) => f.event === 'pusher:subscribe');
    expect(subscribeFrame?.data).toMatchObject({ channel: CHANNEL, auth: expect.stringMatching(/^test-key:[0-9a-f]{64}$/) });

    server.trigger(CHANNEL, EVENT, PAYLOAD);
    await waitFor(() => events.length === 1, 2000, 'event');
    expect(events).toEqual([[EVENT, PAYLOAD]]);
  });

  it('uses protocol 7 URL with client name/version', () => {
    const connection = makeConnection({ baseUrl: 'wss://soketi.example.com:443/', appKey: 'a b', clientVersion: '9.9.9' });
    expect(connection.url).toBe('wss://soketi.example.com:443/app/a%20b?protocol=7&client=specweave-js&version=9.9.9');
  });

  it('subscribes to public channels without calling the auth endpoint', async () => {
    const connection = makeConnection();
    await connection.connect();
    const events: unknown[] = [];
    await connection.subscribe('public-updates', (_event, data) => events.push(data));
    expect(server.authRequests).toHaveLength(0);
    expect(server.subscriptions()).toEqual(['public-updates']);
    server.trigger('public-updates', 'tick', { n: 1 });
    await waitFor(() => events.length === 1);
    expect(events).toEqual([{ n: 1 }]);

    connection.unsubscribe('public-updates');
    await waitFor(() => server.subscriptions().length === 0, 2000, 'server-side unsubscribe');
    expect(connection.channelNames()).toEqual([]);
  });

  it('rejects with PusherSubscriptionError on a bad signature, without leaking the token', async () => {
    // Tamper with the signature the (real) auth endpoint returns.
    const tamperingFetch = async (url: string, init: RequestInit): Promise<Response> => {
      const response = await fetch(url, init);
      const body = (await response.json()) as { auth: string };
      const forged = body.auth.slice(0, -1) + (body.auth.endsWith('0') ? '1' : '0');
      return new Response(JSON.stringify({ auth: forged }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const connection = makeConnection({ fetch: tamperingFetch });
    await connection.connect();

    const error: unknown = await connection
      .subscribe(CHANNEL, () => undefined)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(PusherSubscriptionError);
    const subscriptionError = error as PusherSubscriptionError;
    expect(subscriptionError.channel).toBe(CHANNEL);
    expect(subscriptionError.status).toBe(401);
    expect(subscriptionError.message).toContain(CHANNEL);
    expect(subscriptionError.message).not.toContain(TOKEN);
    expect(server.authRequests[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.subscriptions()).toEqual([]);
    expect(connection.channelNames()).toEqual([]);
    expect(connection.state).toBe('connected');
  });

  it('rejects with PusherAuthError when the auth endpoint answers 403, without leaking header values', async () => {
    const connection = makeConnection({ authHeaders: async () => ({ Authorization: 'Token sekrit-value-987' }) });
    await connection.connect();
    const error: unknown = await connection
      .subscribe(CHANNEL, () => undefined)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(PusherAuthError);
    expect((error as PusherAuthError).status).toBe(403);
    expect((error as PusherAuthError).message).toContain('HTTP 403');
    expect((error as PusherAuthError).message).not.toContain('sekrit-value-987');
    expect(server.authRequests).toEqual([{ socket_id: connection.socketId, channel_name: CHANNEL, authorization: 'Token sekrit-value-987' }]);
    // never sent pusher:subscribe
    expect(server.received.filter((f) => f.event === 'pusher:subscribe')).toEqual([]);
  });

  it('answers a server pusher:ping with pusher:pong', async () => {
    const connection = makeConnection();
    await connection.connect();
    expect(server.received.filter((f) => f.event === 'pusher:pong')).toEqual([]);
    server.sendRaw(JSON.stringify({ event: 'pusher:ping', data: {} }));
    await waitFor(() => server.received.some((f) => f.event === 'pusher:pong'), 2000, 'pong');
    expect(server.received.filter((f) => f.event === 'pusher:pong')).toEqual([{ socketId: connection.socketId, event: 'pusher:pong', data: {} }]);
  });

  it('pings after the activity timeout and stays connected when the server answers', async () => {
    const connection = makeConnection({ activityTimeoutMs: 100, pongTimeoutMs: 100 });
    const closes: number[] = [];
    connection.onClose = (code) => closes.push(code);
    const connectedAt = Date.now();
    await connection.connect();
    expect(connection.activityTimeoutMs).toBe(100);

    await waitFor(() => server.received.some((f) => f.event === 'pusher:ping'), 2000, 'client ping');
    expect(Date.now() - connectedAt).toBeGreaterThanOrEqual(90);
    // pongs keep it alive: after several cycles there are more pings and no close
    await waitFor(() => server.received.filter((f) => f.event === 'pusher:ping').length >= 3, 2000, 'three pings');
    expect(closes).toEqual([]);
    expect(connection.state).toBe('connected');
    expect(server.connections()).toBe(1);
  });

  it('closes with 4201 when the server does not answer pings', async () => {
    await server.close();
    server = await startPusherServer({ ...APP, answerPings: false });
    const connection = makeConnection({ activityTimeoutMs: 100, pongTimeoutMs: 100 });
    const closes: Array<[number, string]> = [];
    connection.onClose = (code, reason) => closes.push([code, reason]);
    await connection.connect();

    await waitFor(() => closes.length > 0, 2000, 'onClose');
    expect(closes).toEqual([[4201, 'pong not received']]);
    expect(server.received.filter((f) => f.event === 'pusher:ping')).toHaveLength(1);
    expect(connection.state).toBe('closed');
    expect(connection.socketId).toBeUndefined();
    expect(connection.closedByClient).toBe(false);
    await waitFor(() => server.connections() === 0, 2000, 'server-side close');
  });

  it('reports garbage frames via onError and keeps working', async () => {
    const connection = makeConnection();
    const errors: Error[] = [];
    connection.onError = (error) => errors.push(error);
    await connection.connect();
    const events: Array<[string, unknown]> = [];
    await connection.subscribe('updates', (event, data) => events.push([event, data]));

    server.sendRaw('this is {not json');
    server.sendRaw('{"no_event":true}');
    server.sendRaw('[1,2,3]');
    await waitFor(() => errors.length === 3, 2000, 'three errors');
    expect(errors.map((e) => e.message)).toEqual([
      'received a frame that is not JSON: this is {not json',
      'received a frame without an event name: {"no_event":true}',
      'received a frame that is not a JSON object: [1,2,3]',
    ]);

    // data that is not JSON stays a string; object data is accepted as is
    server.sendRaw(JSON.stringify({ event: 'raw', channel: 'updates', data: 'plain {text' }));
    server.sendRaw(JSON.stringify({ event: 'obj', channel: 'updates', data: { a: 1 } }));
    server.trigger('updates', 'json', { b: 2 });
    await waitFor(() => events.length === 3, 2000, 'events after garbage');
    expect(events).toEqual([
      ['raw', 'plain {text'],
      ['obj', { a: 1 }],
      ['json', { b: 2 }],
    ]);
    expect(connection.state).toBe('connected');
  });

  it('a throwing event handler is reported via onError, not thrown out of the socket handler', async () => {
    const connection = makeConnection();
    const errors: Error[] = [];
    connection.onError = (error) => errors.push(error);
    await connection.connect();
    let calls = 0;
    await connection.subscribe('updates', () => {
      calls += 1;
      throw new Error('handler boom');
    });
    server.trigger('updates', 'a', {});
    server.trigger('updates', 'b', {});
    await waitFor(() => calls === 2, 2000, 'two handler calls');
    expect(errors.map((e) => e.message)).toEqual(['handler boom', 'handler boom']);
  });

  it('reports pusher:error with its code via onError', async () => {
    const connection = makeConnection();
    const errors: Error[] = [];
    connection.onError = (error) => errors.push(error);
    await connection.connect();
    server.sendRaw(JSON.stringify({ event: 'pusher:error', data: { code: 4301, message: 'Client event rejected' } }));
    await waitFor(() => errors.length === 1, 2000, 'pusher:error');
    expect(errors[0]).toBeInstanceOf(PusherProtocolError);
    expect((errors[0] as PusherProtocolError).code).toBe(4301);
    expect(errors[0]?.message).toContain('Client event rejected');
  });

  it('rejects connect() with the pusher:error code for an unknown app key', async () => {
    const connection = makeConnection({ appKey: 'wrong-key' });
    const errors: Error[] = [];
    connection.onError = (error) => errors.push(error);
    const error: unknown = await connection.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PusherProtocolError);
    expect((error as PusherProtocolError).code).toBe(4001);
    expect(classifyPusherCloseCode((error as PusherProtocolError).code ?? 0)).toBe('no-reconnect');
    expect(errors).toHaveLength(1);
    expect(connection.state).toBe('closed');
    expect(connection.socketId).toBeUndefined();
  });

  it('rejects connect() when the socket closes before connection_established', async () => {
    const connection = makeConnection({ baseUrl: server.url.replace(/:\d+$/, ':1') });
    const error: unknown = await connection.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PusherConnectionClosedError);
    expect(connection.state).toBe('closed');
  });

  it('can connect() again after a drop and resubscribeAll()', async () => {
    const connection = makeConnection();
    const closes: Array<[number, string]> = [];
    connection.onClose = (code, reason) => closes.push([code, reason]);
    await connection.connect();
    const firstSocketId = connection.socketId;
    const events: unknown[] = [];
    await connection.subscribe(CHANNEL, (_event, data) => events.push(data));
    await connection.subscribe('updates', (_event, data) => events.push(data));

    server.dropAll(4200);
    await waitFor(() => closes.length === 1, 2000, 'onClose after drop');
    expect(closes).toEqual([[4200, 'dropped by test server']]);
    expect(classifyPusherCloseCode(4200)).toBe('immediate');
    expect(connection.isSubscribed(CHANNEL)).toBe(false);
    expect(connection.channelNames()).toEqual([CHANNEL, 'updates']);

    await connection.connect();
    expect(connection.socketId).toMatch(/^\d+\.\d+$/);
    expect(connection.socketId).not.toBe(firstSocketId);
    const results = await connection.resubscribeAll();
    expect([...results]).toEqual([
      [CHANNEL, null],
      ['updates', null],
    ]);
    expect(server.authRequests.map((r) => r.socket_id)).toEqual([firstSocketId, connection.socketId]);
    expect(server.subscriptions()).toEqual([CHANNEL, 'updates']);

    server.trigger(CHANNEL, EVENT, PAYLOAD);
    await waitFor(() => events.length === 1, 2000, 'event after reconnect');
    expect(events).toEqual([PAYLOAD]);
  });

  it('close() closes the socket, reports 1000 and marks closedByClient', async () => {
    const connection = makeConnection();
    const closes: number[] = [];
    connection.onClose = (code) => closes.push(code);
    await connection.connect();
    connection.close();
    expect(closes).toEqual([1000]);
    expect(connection.closedByClient).toBe(true);
    expect(connection.state).toBe('closed');
    await waitFor(() => server.connections() === 0, 2000, 'server-side close');
    await expect(connection.subscribe('updates', () => undefined)).rejects.toThrow('not connected');
  });
});

describe('helpers', () => {
  it('classifyPusherCloseCode maps the protocol ranges', () => {
    expect(classifyPusherCloseCode(4000)).toBe('no-reconnect');
    expect(classifyPusherCloseCode(4099)).toBe('no-reconnect');
    expect(classifyPusherCloseCode(4100)).toBe('backoff');
    expect(classifyPusherCloseCode(4199)).toBe('backoff');
    expect(classifyPusherCloseCode(4200)).toBe('immediate');
    expect(classifyPusherCloseCode(4201)).toBe('immediate');
    expect(classifyPusherCloseCode(4299)).toBe('immediate');
    expect(classifyPusherCloseCode(4300)).toBe('default');
    expect(classifyPusherCloseCode(3999)).toBe('default');
    expect(classifyPusherCloseCode(1000)).toBe('default');
    expect(classifyPusherCloseCode(1006)).toBe('default');
  });

  it('decodePusherData parses JSON strings and keeps everything else', () => {
    expect(decodePusherData('{"a":1}')).toEqual({ a: 1 });
    expect(decodePusherData('nope {')).toBe('nope {');
    const object = { a: 1 };
    expect(decodePusherData(object)).toBe(object);
    expect(decodePusherData(undefined)).toBeUndefined();
  });
});
