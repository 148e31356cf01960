/**
 * Connecting to what an AsyncAPI document describes (issue 10, items 3-7), with generated
 * clients against a real `ws` server on 127.0.0.1 that records each upgrade's URL and headers:
 * a document without servers, URL joining per RFC 3986, `bindings.ws.query`/`headers` as typed
 * options, every credential kind a server can declare (and the ones that are refused at
 * generation), and the `perspective` config option for documents written from the client's side.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Config } from '../src/load/config.js';
import type { SpecWarning } from '../src/load/errors.js';
import { generate } from '../src/pipeline.js';
import * as channelRuntime from '../src/runtime/channel.js';
import { writeOutput } from '../src/write/output.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = 'test/fixtures/channel-connect';

interface Upgrade {
  url: string;
  headers: IncomingHttpHeaders;
}

interface ChannelLike {
  readonly url: string;
  connect(): Promise<void>;
  close(): void;
}
type ChannelClass = new (options: Record<string, unknown>) => ChannelLike;

let out: string;
let warnings: SpecWarning[];
let files: Map<string, string>;
let tsc: { status: number | null; output: string };
let wss: WebSocketServer;
let origin: string;
const upgrades: Upgrade[] = [];
const cleanups: Array<() => unknown> = [];

/** A consumer of the generated package: what must and must not type-check. */
const CHECK = `import type * as ch from './runtime/channel.js';
import { LinkChannel } from './link/index.js';
import { MarketChannel } from './market/index.js';
declare const WS: ch.WebSocketConstructor;

new LinkChannel({ WebSocket: WS, url: 'wss://h/link?ticket=T1' });
// @ts-expect-error the document declares no server: url is required
new LinkChannel({ WebSocket: WS });
// @ts-expect-error ... and so is the options argument
new LinkChannel();

new MarketChannel({ WebSocket: WS, query: { symbols: 'BTC', heartbeat: 30 }, headers: { 'X-Client-Name': 'me' } });
new MarketChannel({ WebSocket: WS, query: { symbols: 'BTC' }, auth: { login: { username: 'u', password: 'p' }, queryKey: 'k', cookieKey: () => 'c' } });
// @ts-expect-error bindings.ws.query requires symbols
new MarketChannel({ WebSocket: WS, query: { heartbeat: 30 } });
// @ts-expect-error heartbeat is an integer
new MarketChannel({ WebSocket: WS, query: { symbols: 'BTC', heartbeat: 'often' } });
// @ts-expect-error a header value is a string
new MarketChannel({ WebSocket: WS, query: { symbols: 'BTC' }, headers: { 'X-Client-Name': 1 } });
`;

function config(root: string): Config {
  return {
    root,
    output: 'out',
    package: { name: '@x/connect', version: '1.0.0' },
    apis: [
      { name: 'link', spec: `${FIXTURES}/no-servers.asyncapi.yaml` },
      { name: 'market', spec: `${FIXTURES}/bindings.asyncapi.yaml` },
      { name: 'unsupported', spec: `${FIXTURES}/unsupported-security.asyncapi.yaml` },
      { name: 'client-side', spec: `${FIXTURES}/client-side.asyncapi.yaml`, perspective: 'client' },
      { name: 'client-side-unsaid', spec: `${FIXTURES}/client-side.asyncapi.yaml` },
    ],
    allowRemoteRefs: false,
    allowOutsideRefs: false,
  };
}

beforeAll(async () => {
  const result = await generate(config(ROOT));
  warnings = result.warnings;
  files = result.files;
  const dir = await mkdtemp(join(tmpdir(), 'specweave-connect-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  out = join(dir, 'out');
  await writeOutput(out, files);
  await writeFile(join(out, 'src', 'check.ts'), CHECK);
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(out, 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
  tsc = { status: r.status, output: `${r.stdout}${r.stderr}` };

  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  origin = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  wss.on('connection', (socket, req) => {
    upgrades.push({ url: req.url ?? '', headers: req.headers });
    socket.on('error', () => undefined);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  );
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function channelClass(api: string, name: string): Promise<ChannelClass> {
  const module = (await import(pathToFileURL(join(out, 'dist', api, 'index.js')).href)) as Record<string, unknown>;
  const cls = module[name];
  if (typeof cls !== 'function') throw new Error(`${api} exports no ${name}: ${Object.keys(module).join(', ')}`);
  return cls as ChannelClass;
}

/** Connects, and returns the upgrade request the server saw. */
async function upgradeOf(channel: ChannelLike): Promise<Upgrade> {
  const before = upgrades.length;
  try {
    await channel.connect();
    const start = Date.now();
    while (upgrades.length === before && Date.now() - start < 5000) await new Promise((resolve) => setTimeout(resolve, 5));
    return upgrades[before]!;
  } finally {
    channel.close();
  }
}

describe('the generated package', () => {
  it('type-checks, with url required without servers and bindings.ws.query/headers typed', () => {
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  });
});

describe('item 3: a document without servers', () => {
  it('connects to the url given, used as it is (path and query kept, address "/" adds nothing)', async () => {
    const Link = await channelClass('link', 'LinkChannel');
    const channel = new Link({ WebSocket, url: `${origin}/link?ticket=T1`, reconnect: false });
    expect(channel.url).toBe(`${origin}/link?ticket=T1`);
    expect((await upgradeOf(channel)).url).toBe('/link?ticket=T1');
  });

  it('without url, connect() says to pass it (never `unknown server ""`)', async () => {
    const Link = await channelClass('link', 'LinkChannel');
    const channel = new Link({ WebSocket, reconnect: false });
    const error = await channel.connect().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    channel.close();
    expect(error?.message).toMatch(/declares no server: pass the url option/);
    expect(error?.message).not.toMatch(/unknown server/);
  });
});

describe('item 6: URLs joined per RFC 3986', () => {
  const cases: Array<[string, string, string]> = [
    ['wss://h/link?ticket=T1', '/', 'wss://h/link?ticket=T1'],
    ['wss://host/raw', '/', 'wss://host/raw'],
    ['wss://host/raw/', '/', 'wss://host/raw/'],
    ['wss://host', '/', 'wss://host/'],
    ['wss://host', '', 'wss://host/'],
    ['wss://host/v1', '/stream', 'wss://host/v1/stream'],
    ['wss://host/v1/', 'stream', 'wss://host/v1/stream'],
    ['wss://h/link?ticket=T1', '/stream', 'wss://h/link/stream?ticket=T1'],
    ['wss://h?x=1#f', '/a/b', 'wss://h/a/b?x=1#f'],
  ];
  for (const [base, address, joined] of cases) {
    it(`${base} + ${JSON.stringify(address)} = ${joined}`, () => {
      expect((channelRuntime as { joinUrl?: (base: string, address: string) => string }).joinUrl?.(base, address)).toBe(joined);
    });
  }

  it('a server path is not given a trailing "/" by the address "/"', async () => {
    const Market = await channelClass('market', 'MarketChannel');
    const channel = new Market({ WebSocket, url: `${origin}/raw`, query: { symbols: 'A' }, reconnect: false });
    expect((await upgradeOf(channel)).url).toBe('/raw?symbols=A');
  });
});

describe('item 5: bindings.ws.query and bindings.ws.headers', () => {
  it('the query is appended to the URL (encoded), the headers go on the handshake', async () => {
    const Market = await channelClass('market', 'MarketChannel');
    const channel = new Market({
      WebSocket,
      url: `${origin}/raw?v=2`,
      query: { symbols: 'BTC,ETH', heartbeat: 30, skipped: undefined },
      headers: { 'X-Client-Name': 'tester' },
      reconnect: false,
    });
    const upgrade = await upgradeOf(channel);
    expect(upgrade.url).toBe('/raw?v=2&symbols=BTC%2CETH&heartbeat=30');
    expect(upgrade.headers['x-client-name']).toBe('tester');
  });

  it('the TSDoc of the headers option says a browser cannot send them', () => {
    expect(files.get('src/market/channels.ts')).toMatch(/A browser cannot send WebSocket headers/);
  });
});

describe('item 7: every credential kind a channel server declares', () => {
  const SECRET = 'S3cr3t-v@lue/+=';

  it('httpApiKey in query and cookie (one alternative): ?api_key= and Cookie: session=', async () => {
    const Market = await channelClass('market', 'MarketChannel');
    const channel = new Market({
      WebSocket,
      url: origin,
      query: { symbols: 'A' },
      auth: { queryKey: SECRET, cookieKey: async () => `${SECRET}2` },
      reconnect: false,
    });
    const upgrade = await upgradeOf(channel);
    expect(upgrade.url).toBe(`/?symbols=A&api_key=${encodeURIComponent(SECRET)}`);
    expect(upgrade.headers.cookie).toBe(`session=${encodeURIComponent(`${SECRET}2`)}`);
    expect(upgrade.headers.authorization).toBeUndefined();
    // The URL shown carries no credential.
    expect(channel.url).not.toContain('api_key');
  });

  it('httpApiKey in a header', async () => {
    const Market = await channelClass('market', 'MarketChannel');
    const upgrade = await upgradeOf(new Market({ WebSocket, url: origin, query: { symbols: 'A' }, auth: { headerKey: SECRET }, reconnect: false }));
    expect(upgrade.headers['x-api-key']).toBe(SECRET);
    expect(upgrade.url).toBe('/?symbols=A');
  });

  it('userPassword as HTTP basic, UTF-8 encoded (a password outside Latin-1 works)', async () => {
    const Market = await channelClass('market', 'MarketChannel');
    const password = 'pässwörd€🔑';
    const upgrade = await upgradeOf(
      new Market({ WebSocket, url: origin, query: { symbols: 'A' }, auth: { login: { username: 'jürgen', password } }, reconnect: false }),
    );
    const header = String(upgrade.headers.authorization);
    expect(header).toMatch(/^Basic /);
    expect(Buffer.from(header.slice(6), 'base64').toString('utf8')).toBe(`jürgen:${password}`);
  });

  it('an http bearer in the Authorization header (no query parameter: the server declares none)', async () => {
    const Market = await channelClass('market', 'MarketChannel');
    const upgrade = await upgradeOf(new Market({ WebSocket, url: origin, query: { symbols: 'A' }, auth: { token: SECRET }, reconnect: false }));
    expect(upgrade.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(upgrade.url).toBe('/?symbols=A');
  });

  it('API keys in the query and cookies are scrubbed from errors (an invalid URL that ws quotes)', async () => {
    const Market = await channelClass('market', 'MarketChannel');
    // The key does travel (so there is something to scrub) ...
    const sent = await upgradeOf(
      new Market({ WebSocket, url: origin, query: { symbols: 'A' }, auth: { queryKey: SECRET, cookieKey: SECRET }, reconnect: false }),
    );
    expect(sent.url).toContain(encodeURIComponent(SECRET));
    // ... and an error whose cause quotes the URL does not show it.
    const channel = new Market({
      WebSocket,
      url: 'ws://127.0.0.1:notaport',
      query: { symbols: 'A' },
      auth: { queryKey: SECRET, cookieKey: SECRET },
      reconnect: false,
    });
    const error = await channel.connect().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    channel.close();
    expect(error).toBeInstanceOf(Error);
    const shown = `${error!.message}\n${error!.stack}\n${JSON.stringify(error)}`;
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(encodeURIComponent(SECRET));
    expect(error!.message).toMatch(/could not open a WebSocket/);
  });

  it('schemes the runtime cannot apply are generation warnings naming each scheme', () => {
    const messages = warnings.filter((w) => w.file.includes('unsupported-security')).map((w) => w.message);
    for (const scheme of ['cert', 'digest', 'userKey', 'undeclared'])
      expect(messages.some((m) => m.includes(`security scheme "${scheme}"`) && m.includes('no credential is sent'))).toBe(true);
    // ... and the supported ones are not warned about.
    expect(warnings.filter((w) => w.file.includes('bindings.asyncapi'))).toEqual([]);
  });
});

describe('item 4: perspective', () => {
  it('perspective "client": the document\'s send is what the client sends', () => {
    const channels = files.get('src/client-side/channels.ts')!;
    expect(channels).toMatch(/public sendSubscribe\(/);
    expect(channels).toMatch(/public onTrade\(/);
    expect(channels).not.toMatch(/onSubscribe|sendTrade/);
  });

  it('unsaid, the same document is read from the server side with a warning naming the option', () => {
    const channels = files.get('src/client-side-unsaid/channels.ts')!;
    expect(channels).toMatch(/public onSubscribe\(/);
    const warned = warnings.filter((w) => w.file.includes('client-side') && w.message.includes('"perspective": "client"'));
    expect(warned).toHaveLength(1);
    expect(warned[0]!.message).toMatch(/looks written from the client application's side/);
  });
});
