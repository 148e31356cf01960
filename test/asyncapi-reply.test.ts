/**
 * Request/reply and one socket per address, on the AsyncAPI specification's own request/reply
 * examples (Kraken, 3.0 and 3.1; test/fixtures/asyncapi-reply/SOURCE.md) and a 2.6 document of
 * ours using `x-specweave-reply`, against real `ws` servers on 127.0.0.1:
 *
 * - `reply` messages are receivable (typed listeners, `for await`), and each request message
 *   gets a typed method resolving with its reply, correlated by `correlationId`
 *   (`$message.payload#/reqid`, filled in when left out) or, without one, by kind;
 * - timeouts, aborts and close reject, and leave no pending entry behind;
 * - the seven channels that share the address `/` are one class on one connection.
 *
 * The Kraken documents have no `servers`; the copies generated here get one (connecting
 * without servers is another part of issue 10), and the client is given `url`.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { generate } from '../src/pipeline.js';
import { writeOutput } from '../src/write/output.js';
import { startWsServer, type WsTestServer, waitFor } from './support/ws-test-server.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const FIXTURES = join(ROOT, 'test/fixtures/asyncapi-reply');

const KRAKEN = {
  'kraken-filter-30': 'kraken-websocket-request-reply-message-filter-in-reply.v3.0.asyncapi.yml',
  'kraken-filter-31': 'kraken-websocket-request-reply-message-filter-in-reply.v3.1.asyncapi.yml',
  'kraken-channels-30': 'kraken-websocket-request-reply-multiple-channels.v3.0.asyncapi.yml',
  'kraken-channels-31': 'kraken-websocket-request-reply-multiple-channels.v3.1.asyncapi.yml',
} as const;

/** What a generated channel class looks like from a test (the types are checked by the consumer below). */
interface AnyChannel {
  connect(): Promise<void>;
  close(): void;
  readonly pendingRequests: number;
  on(name: string, listener: (value: unknown) => void): () => void;
  [Symbol.asyncIterator](): AsyncIterator<{ name: string; payload: unknown }>;
  [method: string]: unknown;
}
type ChannelClass = new (options: object) => AnyChannel;
type Request = (payload: object, options?: { timeoutMs?: number; signal?: AbortSignal }) => Promise<Record<string, unknown>>;

let dir: string;
const modules = new Map<string, Record<string, unknown>>();
const sources = new Map<string, string>();
let tsc: { status: number | null; output: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specweave-reply-'));
  await mkdir(join(dir, 'specs'));
  const apis: Array<{ name: string; spec: string }> = [];
  for (const [name, file] of Object.entries(KRAKEN)) {
    const text = await readFile(join(FIXTURES, file), 'utf8');
    await writeFile(join(dir, 'specs', file), text.replace(/^channels:/m, 'servers:\n  local:\n    host: 127.0.0.1:1\n    protocol: ws\nchannels:'));
    apis.push({ name, spec: `specs/${file}` });
  }
  await writeFile(join(dir, 'specs/rpc.yaml'), await readFile(join(FIXTURES, 'rpc.v2.6.asyncapi.yaml'), 'utf8'));
  apis.push({ name: 'rpc', spec: 'specs/rpc.yaml' });
  const { files } = await generate({
    root: dir,
    output: 'out',
    package: { name: 'reply-pkg', version: '1.0.0' },
    apis,
    allowRemoteRefs: false,
    allowOutsideRefs: false,
  });
  await writeOutput(join(dir, 'out'), files);
  for (const { name } of apis) {
    modules.set(name, (await import(pathToFileURL(join(dir, `out/dist/${name}/index.js`)).href)) as Record<string, unknown>);
    sources.set(name, files.get(`src/${name}/channels.ts`) ?? '');
  }
  // A consumer: the request methods are typed (id optional, reply typed, wrong payloads refused).
  await writeFile(
    join(dir, 'out/src/consumer.ts'),
    [
      "import { KrakenFilter31Channel, type KrakenFilter31ChannelReceives } from './kraken-filter-31/index.js';",
      "import { RpcChannel } from './rpc/index.js';",
      'export async function use(k: KrakenFilter31Channel, r: RpcChannel): Promise<number> {',
      "  const pong: KrakenFilter31ChannelReceives['pong'] = await k.ping({ event: 'ping' });",
      "  const again = await k.ping({ event: 'ping', reqid: 42 }, { timeoutMs: 1000, signal: AbortSignal.timeout(2000) });",
      "  const status = await k.subscribe({ event: 'subscribe', subscription: { name: 'ticker' } });",
      "  const echoed: { id: string; text: string } = await r.echo({ type: 'echo', text: 'hi' });",
      "  const clock = await r.time({ type: 'time' });",
      '  // @ts-expect-error a request needs its constant',
      '  await k.ping({});',
      '  // @ts-expect-error the id has its type',
      "  await k.ping({ event: 'ping', reqid: 'x' });",
      '  // @ts-expect-error not a request',
      "  await r.note({ type: 'note', text: 'x' });",
      '  return (pong.reqid ?? 0) + (again.reqid ?? 0) + String(status.event).length + echoed.text.length + clock.now;',
      '}',
      '',
    ].join('\n'),
  );
  const r = spawnSync(TSC, ['-p', join(dir, 'out/tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
  tsc = { status: r.status, output: `${r.stdout}${r.stderr}` };
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(onText: (message: Record<string, unknown>, send: (value: unknown) => void) => void): Promise<WsTestServer> {
  const s = await startWsServer({
    onConnection: (socket) =>
      socket.on('message', (data) => onText(JSON.parse(data.toString()) as Record<string, unknown>, (value) => socket.send(JSON.stringify(value)))),
  });
  cleanups.push(() => s.close());
  return s;
}

function channel(api: string, url: string, options: object = {}): AnyChannel {
  const exported = Object.entries(modules.get(api)!).filter(([k, v]) => typeof v === 'function' && k.endsWith('Channel'));
  expect(exported.map(([k]) => k)).toHaveLength(1);
  const Ctor = exported[0]![1] as ChannelClass;
  const c = new Ctor({ WebSocket, url, reconnect: false, ...options });
  cleanups.push(() => c.close());
  return c;
}

const request = (c: AnyChannel, name: string): Request => (c[name] as Request).bind(c);

/** A Kraken server as the examples describe it: ping → pong, subscribe → subscriptionStatus (the first example, with the request's reqid), unsubscribe → the second. */
const SUBSCRIBED = {
  channelID: 10001,
  channelName: 'ohlc-5',
  event: 'subscriptionStatus',
  pair: 'XBT/EUR',
  reqid: 42,
  status: 'unsubscribed',
  subscription: { interval: 5, name: 'ohlc' },
};
function kraken(message: Record<string, unknown>, send: (value: unknown) => void): void {
  if (message['event'] === 'ping' && Number(message['reqid']) < 1000)
    send({ event: 'pong', ...(message['reqid'] === undefined ? {} : { reqid: message['reqid'] }) });
  if (message['event'] === 'subscribe') send({ ...SUBSCRIBED, reqid: message['reqid'] });
}

describe('the generated package', () => {
  it('type-checks, request methods included (id optional, typed replies, wrong payloads refused)', () => {
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  });

  it.each(Object.keys(KRAKEN))('%s: one channel class with request methods, and the replies are receivable', (api) => {
    const source = sources.get(api)!;
    expect(source.match(/^export class /gm)).toHaveLength(1);
    expect(source).toMatch(/public ping\(payload: ch\.WithOptional<\w+ChannelSends\['ping'\], 'reqid'>/);
    expect(source).toMatch(
      /public subscribe\(payload: ch\.WithOptional<(\w+)Sends\['subscribe'\], 'reqid'>, options: ch\.RequestOptions = \{\}\): Promise<\1Receives\['subscriptionStatus'\] \| \1Receives\['dummyCurrencyInfo'\]>/,
    );
    for (const on of ['onPong', 'onHeartbeat', 'onSystemStatus', 'onSubscriptionStatus', 'onDummyCurrencyInfo']) expect(source).toContain(`public ${on}(`);
  });
});

describe.each(Object.keys(KRAKEN))('%s against a loopback Kraken server', (api) => {
  it('ping resolves with its pong; the id is filled in, or the caller’s kept; pong also reaches listeners and for await', async () => {
    const s = await server(kraken);
    const c = channel(api, s.url);
    const heard: unknown[] = [];
    c.on('pong', (p) => heard.push(p));
    const iterator = c[Symbol.asyncIterator]();
    await c.connect();
    const ping = request(c, 'ping');
    expect(await ping({ event: 'ping' })).toEqual({ event: 'pong', reqid: 1 });
    expect(await ping({ event: 'ping', reqid: 42 })).toEqual({ event: 'pong', reqid: 42 });
    expect(JSON.parse(s.received[0]!)).toEqual({ event: 'ping', reqid: 1 });
    expect(heard).toEqual([
      { event: 'pong', reqid: 1 },
      { event: 'pong', reqid: 42 },
    ]);
    expect((await iterator.next()).value).toEqual({ name: 'pong', payload: { event: 'pong', reqid: 1 } });
    expect(c.pendingRequests).toBe(0);
  });

  it('replies that arrive out of order go to their own requests (by reqid)', async () => {
    const held: Array<() => void> = [];
    const s = await server((m, send) => {
      held.push(() => send({ event: 'pong', reqid: m['reqid'] }));
      if (held.length === 3) for (const reply of held.reverse()) reply();
    });
    const c = channel(api, s.url);
    await c.connect();
    const ping = request(c, 'ping');
    const replies = await Promise.all([ping({ event: 'ping', reqid: 7 }), ping({ event: 'ping', reqid: 8 }), ping({ event: 'ping', reqid: 9 })]);
    expect(replies.map((r) => r['reqid'])).toEqual([7, 8, 9]);
  });

  it('subscribe resolves with the subscriptionStatus example carrying its reqid', async () => {
    const s = await server(kraken);
    const c = channel(api, s.url);
    await c.connect();
    const status = await request(c, 'subscribe')({ event: 'subscribe', pair: ['XBT/EUR'], subscription: { name: 'ohlc', interval: 5 } });
    expect(status).toEqual({ ...SUBSCRIBED, reqid: 1 });
  });

  it('timeout, abort and close reject and leave no pending request', async () => {
    const s = await server(kraken);
    const c = channel(api, s.url);
    await c.connect();
    const ping = request(c, 'ping');
    // reqid ≥ 1000: this server does not answer.
    const timedOut = await ping({ event: 'ping', reqid: 1001 }, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect((timedOut as Error).name).toBe('RequestTimeoutError');
    expect(c.pendingRequests).toBe(0);

    const controller = new AbortController();
    const aborted = ping({ event: 'ping', reqid: 1002 }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(c.pendingRequests).toBe(1);
    controller.abort(new Error('stop'));
    expect(((await aborted) as Error).message).toBe('stop');
    expect(c.pendingRequests).toBe(0);
    await expect(ping({ event: 'ping' }, { signal: controller.signal })).rejects.toThrow('stop');
    expect(c.pendingRequests).toBe(0);

    const open = [ping({ event: 'ping', reqid: 1003 }).catch((e: unknown) => e), ping({ event: 'ping', reqid: 1004 }).catch((e: unknown) => e)];
    expect(c.pendingRequests).toBe(2);
    c.close();
    for (const error of await Promise.all(open)) {
      expect((error as Error).name).toBe('ChannelError');
      expect((error as Error).message).toMatch(/closed before the reply to "ping"/);
    }
    expect(c.pendingRequests).toBe(0);
    await expect(ping({ event: 'ping' })).rejects.toThrow(/closed/);
    expect(c.pendingRequests).toBe(0);
  });

  it('every channel of the address on one connection: requests, replies and server messages', async () => {
    const s = await server(kraken);
    const c = channel(api, s.url);
    await c.connect();
    await request(c, 'ping')({ event: 'ping' });
    await request(c, 'subscribe')({ event: 'subscribe', subscription: { name: 'ticker' } });
    (c['sendUnsubscribe'] as (p: object) => void).call(c, { event: 'unsubscribe', subscription: { name: 'ticker' } });
    await waitFor(() => s.received.length === 3, 'the unsubscribe frame');
    expect(s.upgrades).toHaveLength(1);
    expect(s.upgrades[0]!.url).toBe('/');
  });
});

describe('2.6 with x-specweave-reply (rpc)', () => {
  it('a string id is filled in and matched; a request without id is answered by the next reply of its kind', async () => {
    const s = await server((m, send) => {
      if (m['type'] === 'echo') {
        send({ type: 'clock', now: 1 }); // not the reply: another kind
        send({ type: 'echoed', id: 'other', text: 'not yours' });
        send({ type: 'echoed', id: m['id'], text: m['text'] });
      }
      if (m['type'] === 'time') send({ type: 'clock', now: 1234 });
    });
    const c = channel('rpc', s.url);
    const clocks: unknown[] = [];
    c.on('clock', (p) => clocks.push(p));
    await c.connect();
    expect(await request(c, 'echo')({ type: 'echo', text: 'hi' })).toEqual({ type: 'echoed', id: '1', text: 'hi' });
    expect(JSON.parse(s.received[0]!)).toEqual({ type: 'echo', text: 'hi', id: '1' });
    // The earlier unrelated clock went to listeners only; the one after `time` is its reply.
    await waitFor(() => clocks.length === 1, 'the first clock');
    const [first, second] = await Promise.all([request(c, 'time')({ type: 'time' }), request(c, 'time')({ type: 'time' })]);
    expect([first, second]).toEqual([
      { type: 'clock', now: 1234 },
      { type: 'clock', now: 1234 },
    ]);
    expect(clocks).toHaveLength(3);
    expect(c.pendingRequests).toBe(0);
    expect(typeof c['note']).toBe('undefined');
  });
});
