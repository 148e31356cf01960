/**
 * Attacks on the channel runtime (src/runtime/channel.ts, pusher-protocol.ts) by hostile
 * servers and hostile inputs, all on 127.0.0.1 with real `ws` peers (issue 9, items 5-9):
 *
 *   5. credentials never in a message, stack, cause, event payload or shown URL;
 *   6. token functions and Pusher authorisation under the connect timeout, auth bodies capped;
 *   7. reconnects that cannot storm (4200 after every subscribe; accept-then-1011);
 *   8. memory bounded (1,000,000 frames to a slow iterator; a 100 MB frame);
 *   9. nothing lost when the server kills connections right after the upgrade.
 */
import { createServer as createHttpServer, type Server as HttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Channel, ChannelError, type ChannelInfo, type ChannelOptions, type ChannelServerInfo } from '../src/runtime/channel.js';
import { pusherTransport } from '../src/runtime/pusher-channel.js';

const SECRET = 'SECRET-t0ken-4f1c9a';
const cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Bounds for "at once" against "at the 20-60 s timeout, or never": generous, since a loaded
 * two-core machine stalls this process for seconds; a hang is caught by the test's timeout.
 */
const PROMPTLY_MS = 15_000;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

interface Send {
  Command: { type: 'command'; n: number };
}
interface Receive {
  Started: { type: 'started'; id: number; pad?: string };
}

class TestChannel extends Channel<Send, Receive> {
  constructor(info: ChannelInfo, parameters: object, options: ChannelOptions) {
    super(info, parameters, options, pusherTransport);
  }

  sendCommand(n: number): void {
    this.send('Command', { type: 'command', n });
  }
}

function info(server: Partial<ChannelServerInfo> = {}): ChannelInfo {
  return {
    address: '/ws',
    servers: { s: { url: 'ws://127.0.0.1:1', security: [['bearerAuth']], ...server } },
    defaultServer: 's',
    securitySchemes: { bearerAuth: { type: 'bearer' } },
    receive: [{ name: 'Started', match: { kind: 'property', property: 'type', values: ['started'] } }],
  };
}

function pusherInfo(authEndpoint: string): ChannelInfo {
  return {
    address: 'private-client.{id}',
    servers: { s: { url: 'ws://127.0.0.1:1', security: [['bearerAuth']], pusher: { appKey: 'key', authEndpoint } } },
    defaultServer: 's',
    securitySchemes: { bearerAuth: { type: 'bearer' } },
    receive: [{ name: 'Started', match: { kind: 'event', event: 'started' } }],
  };
}

function track<C extends TestChannel>(channel: C): C {
  cleanups.push(() => channel.close());
  return channel;
}

/** Everything a channel showed the user: rejections, `$error`, `$close`, `$reconnecting`, `$unknown`. */
function observe(channel: TestChannel): {
  shown: unknown[];
  errors: Error[];
  closes: Array<{ code: number; reason: string }>;
  reconnecting: Array<{ attempt: number; delayMs: number }>;
} {
  const shown: unknown[] = [];
  const errors: Error[] = [];
  const closes: Array<{ code: number; reason: string }> = [];
  const reconnecting: Array<{ attempt: number; delayMs: number }> = [];
  channel.on('$error', (e) => {
    shown.push(e);
    errors.push(e);
  });
  channel.on('$close', (e) => {
    shown.push(e);
    closes.push(e);
  });
  channel.on('$reconnecting', (e) => {
    shown.push(e);
    reconnecting.push(e);
  });
  channel.on('$unknown', (e) => shown.push(e));
  return { shown, errors, closes, reconnecting };
}

/** Every text form a shown value can take: message, stack, cause chain, JSON, util.inspect. */
function renderings(value: unknown): string[] {
  const out: string[] = [inspect(value, { depth: Infinity, showHidden: true })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // circular
  }
  let current: unknown = value;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    out.push(String(current.message), String(current.stack), JSON.stringify(current), String(current));
    current = current.cause;
  }
  return out;
}

function leaks(values: unknown[], secret: string): string[] {
  return values.flatMap(renderings).filter((text) => text.includes(secret));
}

async function startWs(
  onConnection: (socket: WebSocket, n: number, url: string) => void = () => undefined,
): Promise<{ origin: string; port: number; count: () => number; received: string[][] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const port = (wss.address() as AddressInfo).port;
  let n = 0;
  const received: string[][] = [];
  wss.on('connection', (socket, req) => {
    socket.on('error', () => undefined);
    const mine: string[] = [];
    received.push(mine);
    socket.on('message', (data) => mine.push(String(data)));
    onConnection(socket, n++, req.url ?? '');
  });
  cleanups.push(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  return { origin: `ws://127.0.0.1:${port}`, port, count: () => n, received };
}

async function listen(server: HttpServer | ReturnType<typeof createNetServer>): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

/**
 * A minimal Pusher (protocol 7) server: connection_established on upgrade; `onSubscribe` decides
 * what happens on pusher:subscribe (default: subscription_succeeded). Its /auth answers with
 * `authHandler` (default: a fixed signature). Counts connections and auth POSTs.
 */
async function startPusher(
  options: { onSubscribe?: (socket: WebSocket, channel: string) => void; authHandler?: (req: IncomingMessage, res: ServerResponse) => void } = {},
): Promise<{ url: string; authEndpoint: string; connections: () => number; authPosts: () => number }> {
  let connections = 0;
  let authPosts = 0;
  const http = createHttpServer((req, res) => {
    authPosts++;
    req.resume();
    if (options.authHandler) return options.authHandler(req, res);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ auth: 'key:signature' }));
  });
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket) => {
    connections++;
    socket.on('error', () => undefined);
    socket.send(JSON.stringify({ event: 'pusher:connection_established', data: JSON.stringify({ socket_id: `${connections}.1`, activity_timeout: 120 }) }));
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { event: string; data?: { channel?: string } };
      if (frame.event !== 'pusher:subscribe') return;
      const channel = frame.data?.channel ?? '';
      if (options.onSubscribe) options.onSubscribe(socket, channel);
      else socket.send(JSON.stringify({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' }));
    });
  });
  const port = await listen(http);
  cleanups.push(() => {
    for (const client of wss.clients) client.terminate();
  });
  return { url: `ws://127.0.0.1:${port}`, authEndpoint: `http://127.0.0.1:${port}/auth`, connections: () => connections, authPosts: () => authPosts };
}

// ============================================================== 5. no credential shown

describe('5. no credential in any error, event payload or URL shown', () => {
  it('a bearer token holding CR/LF/NUL, a query token on an invalid URL, a refused and a hanging upgrade, a Pusher auth POST: the token appears nowhere', async () => {
    const shown: unknown[] = [];
    const attempt = async (channel: TestChannel): Promise<void> => {
      const seen = observe(channel);
      await channel.connect().then(
        () => shown.push('connected'),
        (error: unknown) => shown.push(error),
      );
      channel.close();
      shown.push(...seen.shown);
    };
    const ws = await startWs();
    const crlf = `${SECRET}\r\nX-Injected: 1\0`;

    // 1. CR/LF/NUL in a bearer token, header transport.
    await attempt(track(new TestChannel(info(), {}, { WebSocket, url: ws.origin, auth: { bearerAuth: crlf }, reconnect: false })));
    // 2. ... the same through a token function, query transport.
    await attempt(
      track(
        new TestChannel(
          info({ authQuery: 'token' }),
          {},
          { WebSocket, url: ws.origin, auth: { bearerAuth: async () => crlf }, authTransport: 'query', reconnect: false },
        ),
      ),
    );
    // 3. query transport, an invalid URL: ws would quote it (?token=SECRET) in its SyntaxError.
    await attempt(
      track(
        new TestChannel(
          info({ authQuery: 'token' }),
          {},
          { WebSocket, url: 'ws://127.0.0.1:notaport', auth: { bearerAuth: SECRET }, authTransport: 'query', reconnect: false },
        ),
      ),
    );
    await attempt(
      track(
        new TestChannel(
          info({ authQuery: 'auth_token' }),
          {},
          { WebSocket, url: 'ws://[::1', auth: { bearerAuth: SECRET }, authTransport: 'query', reconnect: false },
        ),
      ),
    );
    // 4. a credential the caller put into the URL itself, upgrade refused with 401.
    const refusing = createHttpServer((_, res) => res.end());
    refusing.on('upgrade', (_req, socket: Socket) => socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'));
    const refusingPort = await listen(refusing);
    await attempt(track(new TestChannel(info(), {}, { WebSocket, url: `ws://127.0.0.1:${refusingPort}/x?auth_token=${SECRET}`, reconnect: false })));
    // 5. a hanging upgrade with the token in the query: the timeout message names the URL.
    const held: Socket[] = [];
    const hanging = createNetServer((socket) => {
      held.push(socket);
      socket.on('error', () => undefined);
    });
    cleanups.push(() => {
      for (const socket of held) socket.destroy();
    });
    const hangingPort = await listen(hanging);
    await attempt(
      track(
        new TestChannel(
          info({ authQuery: 'token' }),
          {},
          { WebSocket, url: `ws://127.0.0.1:${hangingPort}`, auth: { bearerAuth: SECRET }, authTransport: 'query', connectTimeoutMs: 200, reconnect: false },
        ),
      ),
    );
    // 6. Pusher: a CR/LF token for the auth POST (fetch would quote the header value).
    const pusher = await startPusher();
    await attempt(
      track(new TestChannel(pusherInfo(pusher.authEndpoint), { id: 1 }, { WebSocket, url: pusher.url, auth: { bearerAuth: crlf }, reconnect: false })),
    );
    // 7. ... and through a custom fetch that throws quoting the Authorization header.
    const quotingFetch = (_url: string, init: RequestInit): Promise<Response> =>
      Promise.reject(
        new TypeError(`bad header ${JSON.stringify(init.headers)}`, {
          cause: new Error(`value ${String((init.headers as Record<string, string>)['Authorization'])}`),
        }),
      );
    await attempt(
      track(
        new TestChannel(
          pusherInfo(pusher.authEndpoint),
          { id: 1 },
          { WebSocket, url: pusher.url, auth: { bearerAuth: SECRET }, fetch: quotingFetch, reconnect: false },
        ),
      ),
    );

    const failures = shown.filter((v) => v instanceof Error);
    expect(leaks(shown, SECRET)).toEqual([]);
    expect(leaks(shown, encodeURIComponent(SECRET))).toEqual([]);
    expect(failures.length).toBeGreaterThanOrEqual(8);
    // The failures still say what went wrong.
    const messages = failures.map((e) => (e as Error).message).join('\n');
    expect(messages).toMatch(/holds a CR, LF or NUL character/);
    expect(messages).toMatch(/timed out after 200 ms/);
    expect(messages).toMatch(/auth_token=\[redacted\]/);
  });
});

// ============================================================== 6. every wait bounded

describe('6. token functions and Pusher authorisation cannot outlast the connect timeout', () => {
  it('a token function that never resolves: connect() rejects at connectTimeoutMs; close() ends it at once', async () => {
    const ws = await startWs();
    const never = (): Promise<string> => new Promise<string>(() => undefined);
    const channel = track(new TestChannel(info(), {}, { WebSocket, url: ws.origin, auth: { bearerAuth: never }, connectTimeoutMs: 300, reconnect: false }));
    const started = Date.now();
    await expect(channel.connect()).rejects.toThrow(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    expect(channel.state).toBe('closed');

    const other = track(new TestChannel(info(), {}, { WebSocket, url: ws.origin, auth: { bearerAuth: never }, connectTimeoutMs: 60_000, reconnect: false }));
    const pending = other.connect();
    await sleep(50);
    const closedAt = Date.now();
    other.close();
    await expect(pending).rejects.toThrow(/closed while connecting/);
    expect(Date.now() - closedAt).toBeLessThan(PROMPTLY_MS);

    // ... and the caller's signal.
    const third = track(new TestChannel(info(), {}, { WebSocket, url: ws.origin, auth: { bearerAuth: never }, connectTimeoutMs: 60_000, reconnect: false }));
    const abort = new AbortController();
    const aborted = third.connect({ signal: abort.signal });
    await sleep(50);
    const abortedAt = Date.now();
    abort.abort();
    await expect(aborted).rejects.toThrow(/closed while connecting/);
    expect(Date.now() - abortedAt).toBeLessThan(PROMPTLY_MS);
    expect(third.state).toBe('closed');
    expect(ws.count()).toBe(0);
  });

  it('a Pusher auth endpoint that never finishes its body: connect() rejects at connectTimeoutMs', async () => {
    const pusher = await startPusher({
      authHandler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"auth":"key:');
      },
    });
    const channel = track(
      new TestChannel(
        pusherInfo(pusher.authEndpoint),
        { id: 1 },
        { WebSocket, url: pusher.url, auth: { bearerAuth: SECRET }, connectTimeoutMs: 400, reconnect: false },
      ),
    );
    const started = Date.now();
    await expect(channel.connect()).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    await waitFor(() => channel.state === 'closed', 'closed');
  });

  it('a Pusher auth endpoint streaming an endless body: refused after 64 KiB, never buffered whole', async () => {
    let written = 0;
    const pusher = await startPusher({
      authHandler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          while (!res.destroyed && written < 512 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        res.on('error', () => undefined);
        pump();
      },
    });
    const channel = track(
      new TestChannel(
        pusherInfo(pusher.authEndpoint),
        { id: 1 },
        { WebSocket, url: pusher.url, auth: { bearerAuth: SECRET }, connectTimeoutMs: 20_000, reconnect: false },
      ),
    );
    const started = Date.now();
    await expect(channel.connect()).rejects.toThrow(/larger than 65536 bytes/);
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    await sleep(100);
    // The client stopped reading: far less than the 512 MiB the server would send.
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});

// ============================================================== 7. no reconnect storm

describe('7. reconnects cannot storm', () => {
  it('a Pusher server closing with 4200 right after every subscribe: a bounded number of reconnects and auth POSTs in 3 s', async () => {
    const pusher = await startPusher({
      onSubscribe: (socket, channel) => {
        socket.send(JSON.stringify({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' }));
        socket.close(4200, 'reconnect now');
      },
    });
    const channel = track(new TestChannel(pusherInfo(pusher.authEndpoint), { id: 1 }, { WebSocket, url: pusher.url, auth: { bearerAuth: SECRET } }));
    const seen = observe(channel);
    channel.connect().catch(() => undefined);
    await sleep(3000);
    channel.close();
    console.info(`4200 after every subscribe, 3 s: ${pusher.connections()} connections, ${pusher.authPosts()} auth POSTs`);
    // Before: ~200 connections (each POSTing the token). Now the 1 s floor, then the backoff.
    expect(pusher.connections()).toBeGreaterThanOrEqual(2);
    expect(pusher.connections()).toBeLessThanOrEqual(8);
    expect(pusher.authPosts()).toBeLessThanOrEqual(8);
    expect(seen.reconnecting.every((r) => r.delayMs >= 1000)).toBe(true);
  }, 10_000);

  it('a server that accepts, then closes with 1011: maxAttempts ends it (the counter does not reset on every open)', async () => {
    const ws = await startWs((socket) => socket.close(1011, 'internal error'));
    const channel = track(new TestChannel(info(), {}, { WebSocket, url: ws.origin, reconnect: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 } }));
    const seen = observe(channel);
    await channel.connect().catch(() => undefined);
    await waitFor(() => seen.closes.length === 1, '$close after maxAttempts', 5000);
    expect(seen.reconnecting.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(seen.errors.map((e) => e.message)).toContain('gave up reconnecting after 3 attempts');
    expect(ws.count()).toBe(4);
  });

  it('a connection that stayed open healthyAfterMs restarts the attempt counter', async () => {
    let n = 0;
    const ws = await startWs((socket) => {
      const k = n++;
      setTimeout(() => socket.close(1011, 'bye'), k === 1 ? 250 : 0);
    });
    const channel = track(new TestChannel(info(), {}, { WebSocket, url: ws.origin, healthyAfterMs: 100, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } }));
    const seen = observe(channel);
    await channel.connect();
    await waitFor(() => seen.reconnecting.length >= 3, 'three reconnects');
    channel.close();
    // 1st drop → attempt 1; the 2nd connection stayed open 250 ms (> 100): its drop is attempt 1 again.
    expect(seen.reconnecting.slice(0, 3).map((r) => r.attempt)).toEqual([1, 1, 2]);
  });
});

// ============================================================== 8. memory bounded

/** One unmasked, final text frame (server to client). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const n = payload.length;
  const header =
    n < 126
      ? Buffer.from([0x81, n])
      : n < 65536
        ? Buffer.from([0x81, 126, n >> 8, n & 0xff])
        : Buffer.concat([
            Buffer.from([0x81, 127]),
            (() => {
              const b = Buffer.alloc(8);
              b.writeBigUInt64BE(BigInt(n));
              return b;
            })(),
          ]);
  return Buffer.concat([header, payload]);
}

/** Writes `chunks()` to the raw TCP socket under a `ws` connection, honouring backpressure. */
function pump(socket: WebSocket, next: () => Buffer | undefined): void {
  const raw = (socket as unknown as { _socket: Socket })._socket;
  raw.on('error', () => undefined);
  const write = (): void => {
    for (;;) {
      if (raw.destroyed) return;
      const chunk = next();
      if (!chunk) return;
      if (!raw.write(chunk)) return void raw.once('drain', write);
    }
  };
  write();
}

describe('8. memory stays bounded', () => {
  it('1,000,000 frames to a for-await loop that does not read: the queue keeps maxBufferedMessages, $lagged counts the rest', async () => {
    const TOTAL = 1_000_000;
    const PER_CHUNK = 2000;
    const pad = 'p'.repeat(200);
    const ws = await startWs((socket) => {
      let sent = 0;
      pump(socket, () => {
        if (sent >= TOTAL) return undefined;
        const frames: Buffer[] = [];
        for (let k = 0; k < PER_CHUNK && sent < TOTAL; k++, sent++) frames.push(textFrame(`{"type":"started","id":${sent},"pad":"${pad}"}`));
        return Buffer.concat(frames);
      });
    });
    const channel = track(new TestChannel(info({ security: [] }), {}, { WebSocket, url: ws.origin }));
    let delivered = 0;
    let lagged = 0;
    let peakHeap = 0;
    channel.on('Started', () => {
      if (++delivered % 50_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    });
    channel.on('$lagged', ({ dropped }) => (lagged += dropped));
    const baseline = process.memoryUsage().heapUsed;
    const iterator = channel.messages();
    await channel.connect();
    await waitFor(() => delivered === TOTAL, 'all frames delivered', 90_000);
    await sleep(10);
    const growthMb = (peakHeap - baseline) / 1e6;
    console.info(`1,000,000 frames, iterator not read: heap growth ${growthMb.toFixed(0)} MB, ${lagged} dropped ($lagged)`);
    // Before: ~1,000,000 queued messages (several hundred MB). Now 10,000 kept.
    expect(growthMb).toBeLessThan(200);
    expect(lagged).toBe(TOTAL - 10_000);
    const first = await iterator.next();
    expect(first.value).toMatchObject({ name: 'Started', payload: { id: TOTAL - 10_000 } });
    await iterator.return?.();
  }, 120_000);

  it('a 100 MB frame is refused before it is buffered (ws maxPayload = maxMessageBytes): $unknown, no ~437 MB peak', async () => {
    const SIZE = 100_000_000;
    const ws = await startWs((socket, n) => {
      if (n > 0) return;
      const header = textFrame('x'.repeat(70_000)).subarray(0, 10);
      header.writeBigUInt64BE(BigInt(SIZE), 2);
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let sent = -1;
      pump(socket, () => (sent++ < 0 ? header : sent * chunk.length < SIZE ? chunk : undefined));
    });
    const channel = track(new TestChannel(info({ security: [] }), {}, { WebSocket, url: ws.origin, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } }));
    const unknown: string[] = [];
    channel.on('$unknown', ({ reason }) => unknown.push(reason));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    cleanups.push(() => clearInterval(sampler));
    await channel.connect();
    await waitFor(() => unknown.length === 1 && ws.count() === 2, 'the refused frame and the reconnect', 20_000);
    clearInterval(sampler);
    expect(unknown[0]).toMatch(/^message too large \(over the limit of 16777216 bytes; refused before it was read/);
    console.info(`100 MB frame: RSS growth ${((peak - baseline) / 1e6).toFixed(0)} MB`);
    expect((peak - baseline) / 1e6).toBeLessThan(150);
  }, 30_000);
});

// ============================================================== 9. nothing lost

describe('9. nothing handed to send is lost silently', () => {
  it('a server killing the first three connections right after the upgrade, 80 messages queued: each delivered once, in order, or reported', async () => {
    const ws = await startWs((socket, n) => {
      if (n < 3) socket.terminate();
    });
    const channel = track(new TestChannel(info({ security: [] }), {}, { WebSocket, url: ws.origin, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } }));
    const seen = observe(channel);
    for (let i = 0; i < 80; i++) channel.sendCommand(i);
    await channel.connect();
    await waitFor(() => ws.count() >= 4 && channel.state === 'open', 'the fourth connection');
    // Until all 80 are in (delivered or reported; 300 ms alone was too short at load 5-12 on two
    // cores: none had arrived yet), then 300 ms more for a duplicate to show. A lost message
    // ends the wait at 15 s, and the assertions below say which.
    const accounted = (): number => ws.received.flat().length + seen.errors.reduce((n, e) => n + (e instanceof ChannelError ? e.unsent.length : 0), 0);
    await waitFor(() => accounted() >= 80, 'all 80 messages delivered or reported', 15_000).catch(() => {});
    await sleep(300);
    const delivered = ws.received.flat().map((t) => (JSON.parse(t) as { n: number }).n);
    const reported = seen.errors.flatMap((e) => (e instanceof ChannelError ? e.unsent : [])).map((t) => (JSON.parse(t) as { n: number }).n);
    const all = [...delivered, ...reported].sort((a, b) => a - b);
    expect(new Set(delivered).size, 'no duplicate delivered').toBe(delivered.length);
    expect(
      [...delivered].sort((a, b) => a - b),
      'delivered in order',
    ).toEqual(delivered);
    expect(new Set(all), 'every message delivered or reported').toEqual(new Set(Array.from({ length: 80 }, (_, i) => i)));
    expect(delivered.length + reported.length, 'each one once').toBe(80);
    // The queue is flushed one event-loop turn after the upgrade. A kill noticed by then leaves
    // the frames queued for the next connection (all 80 delivered, the usual case); a kill that
    // arrives later takes them with the dead socket, and they are reported as possibly not
    // arrived, by the close of the connection they were handed to. (Alone, this test saw the
    // late kill in 5 of 6 runs on a quiet two-core VM: the split is timing, not a rule.)
    if (reported.length > 0) {
      const report = seen.errors.find((e): e is ChannelError => e instanceof ChannelError && e.unsent.length > 0);
      expect(report?.code, 'reported by the close of the connection they went into').toBe(1006);
      expect(report?.message).toContain('before the server answered may not have arrived');
    } else {
      expect(delivered).toEqual(Array.from({ length: 80 }, (_, i) => i));
    }
  });

  it('a message sent while reconnecting, then the channel closes for good: reported in $error.unsent', async () => {
    const ws = await startWs((socket) => socket.close(1011, 'bye'));
    const channel = track(
      new TestChannel(info({ security: [] }), {}, { WebSocket, url: ws.origin, reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 1 } }),
    );
    const seen = observe(channel);
    // Sent while the channel reconnects (synchronously in the listener: a poll could come too late).
    channel.on('$reconnecting', ({ attempt }) => {
      if (attempt === 1) channel.sendCommand(7);
    });
    await channel.connect().catch(() => undefined);
    await waitFor(() => seen.closes.length === 1, '$close');
    expect(seen.reconnecting.length).toBeGreaterThanOrEqual(1);
    const unsent = seen.errors.flatMap((e) => (e instanceof ChannelError ? e.unsent : []));
    expect(unsent).toContain(JSON.stringify({ type: 'command', n: 7 }));
  });
});

// Keep the option names used above type-checked against the runtime.
// biome-ignore lint/suspicious/noExportsInTest: a type-only export, so the option names above stay checked against the runtime
export type UsedOptions = Pick<ChannelOptions, 'healthyAfterMs' | 'maxBufferedMessages' | 'connectTimeoutMs'>;
