/**
 * The WebSocket channel runtime (src/runtime/channel.ts) against real `ws` servers on
 * 127.0.0.1, plus one end-to-end Pusher channel against test/support/pusher-server.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Channel, type ChannelInfo, type ChannelOptions, type ChannelServerInfo, type Received } from '../src/runtime/channel.js';
import { pusherTransport } from '../src/runtime/pusher-channel.js';
import { PusherAuthError } from '../src/runtime/pusher-protocol.js';
import { type PusherTestServer, startPusherServer } from './support/pusher-server.js';

// ------------------------------------------------------------------------ helpers

async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ServerConnection {
  socket: WebSocket;
  /** The raw request target of the upgrade. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Text of every frame the client sent. */
  received: string[];
  closed?: { code: number; reason: string };
}

interface TestWsServer {
  port: number;
  origin: string;
  connections: ServerConnection[];
  /** Waits for the n-th (1-based) connection. */
  connection(n?: number): Promise<ServerConnection>;
}

// Everything here takes milliseconds: a hang (an iterator that never ends) should fail fast.
vi.setConfig({ testTimeout: 5_000 });

const cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllGlobals();
});

async function startWsServer(): Promise<TestWsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const port = (wss.address() as AddressInfo).port;
  const connections: ServerConnection[] = [];
  wss.on('connection', (socket, req) => {
    const connection: ServerConnection = { socket, url: req.url ?? '', headers: req.headers, received: [] };
    socket.on('message', (data) => connection.received.push(String(data)));
    socket.on('close', (code, reason) => (connection.closed = { code, reason: reason.toString() }));
    socket.on('error', () => undefined);
    connections.push(connection);
  });
  cleanups.push(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  return {
    port,
    origin: `ws://127.0.0.1:${port}`,
    connections,
    async connection(n = 1) {
      await waitFor(() => connections.length >= n, `server connection #${n}`);
      return connections[n - 1]!;
    },
  };
}

/** A port with nothing listening on it. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// ------------------------------------------------------------------------ channels under test

interface AgentSend {
  Command: { type: 'command'; text: string };
}
interface AgentReceive {
  Started: { type: 'started'; id: number };
  Finished: { type: 'finished'; ok: boolean };
}

class AgentChannel extends Channel<AgentSend, AgentReceive> {
  constructor(info: ChannelInfo, parameters: { agent_name: string }, options: ChannelOptions) {
    super(info, parameters, options);
  }
  sendCommand(payload: AgentSend['Command']): void {
    this.send('Command', payload);
  }
}

const AGENT_RULES: ChannelInfo['receive'] = [
  { name: 'Started', match: { kind: 'property', property: 'type', values: ['started'] } },
  { name: 'Finished', match: { kind: 'property', property: 'type', values: ['finished'] } },
];

function agentInfo(server: Partial<ChannelServerInfo> = {}, overrides: Partial<ChannelInfo> = {}): ChannelInfo {
  return {
    address: '/v1/agents/{agent_name}/connect',
    servers: {
      prod: {
        url: 'wss://{region}.agents.example.com/ws',
        variables: { region: { default: 'eu', enum: ['eu', 'us'] } },
        security: [['bearerAuth']],
        ...server,
      },
    },
    defaultServer: 'prod',
    securitySchemes: { bearerAuth: { type: 'bearer' } },
    receive: AGENT_RULES,
    ...overrides,
  };
}

function track<C extends { close(): void }>(channel: C): C {
  cleanups.push(() => channel.close());
  return channel;
}

/** An AgentChannel connected to `ws` at the loopback server. */
async function openAgent(
  ws: TestWsServer,
  info: ChannelInfo = agentInfo(),
  options: Partial<ChannelOptions> = {},
): Promise<{ channel: AgentChannel; conn: ServerConnection }> {
  const channel = track(new AgentChannel(info, { agent_name: 'agent-1' }, { WebSocket, url: ws.origin, ...options }));
  const before = ws.connections.length;
  await channel.connect();
  const conn = await ws.connection(before + 1);
  return { channel, conn };
}

/** Records every value of one event (a message name or a `$` lifecycle event). */
function collect<T>(channel: object, name: string): T[] {
  const values: T[] = [];
  (channel as unknown as { on(name: string, listener: (value: T) => void): () => void }).on(name, (value) => values.push(value));
  return values;
}

// ------------------------------------------------------------------------ connection

describe('connecting', () => {
  it('connect() resolves once open, with state transitions idle → connecting → open → closed', async () => {
    const ws = await startWsServer();
    const channel = track(new AgentChannel(agentInfo(), { agent_name: 'a' }, { WebSocket, url: ws.origin }));
    const opened: unknown[] = [];
    channel.on('$open', (value) => opened.push(value));
    expect(channel.state).toBe('idle');
    const connecting = channel.connect();
    expect(channel.state).toBe('connecting');
    await connecting;
    expect(channel.state).toBe('open');
    expect(opened).toEqual([{ reconnected: false }]);
    const conn = await ws.connection();
    expect(conn.socket.readyState).toBe(WebSocket.OPEN);
    await channel.connect(); // already open: no second socket
    channel.close();
    expect(channel.state).toBe('closed');
    await waitFor(() => conn.closed !== undefined, 'server-side close');
    expect(conn.closed).toEqual({ code: 1000, reason: '' });
    expect(ws.connections).toHaveLength(1);
  });

  it('a second connect() while connecting resolves only when the channel is open', async () => {
    const ws = await startWsServer();
    const channel = track(new AgentChannel(agentInfo(), { agent_name: 'a' }, { WebSocket, url: ws.origin }));
    const first = channel.connect();
    await channel.connect();
    const stateAfterSecond = channel.state;
    await first;
    expect(stateAfterSecond).toBe('open');
    expect(ws.connections).toHaveLength(1);
  });

  it('builds the URL from the server template and variables, one encoded segment per parameter', async () => {
    const channel = new AgentChannel(agentInfo(), { agent_name: 'a/b c?#' }, { WebSocket, serverVariables: { region: 'us' } });
    expect(channel.address).toBe('/v1/agents/a%2Fb%20c%3F%23/connect');
    expect(channel.url).toBe('wss://us.agents.example.com/ws/v1/agents/a%2Fb%20c%3F%23/connect');
    expect(() => new AgentChannel(agentInfo(), { agent_name: 'x' }, { serverVariables: { region: 'mars' } }).url).toThrow(
      'channel: server variable "region" must be one of eu, us',
    );
    expect(() => new AgentChannel(agentInfo(), {} as { agent_name: string }, {}).address).toThrow('missing channel parameter "agent_name"');
  });

  it('connects to the server chosen by variables; the parameter arrives as ONE path segment', async () => {
    const ws = await startWsServer();
    const info = agentInfo(
      {},
      {
        servers: { local: { url: 'ws://127.0.0.1:{port}/base/', variables: { port: { default: '1' } } } },
        defaultServer: 'local',
      },
    );
    const channel = track(new AgentChannel(info, { agent_name: 'a/b c' }, { WebSocket, serverVariables: { port: String(ws.port) } }));
    await channel.connect();
    const conn = await ws.connection();
    expect(conn.url).toBe('/base/v1/agents/a%2Fb%20c/connect');
    const segments = conn.url.split('/');
    expect(segments).toHaveLength(6);
    expect(decodeURIComponent(segments[4]!)).toBe('a/b c');
  });

  it('the url option replaces the server URL; the server option picks another server', async () => {
    const ws = await startWsServer();
    const info = agentInfo(
      {},
      {
        servers: {
          prod: { url: 'wss://never.example.invalid' },
          local: { url: `${'ws'}://127.0.0.1:${ws.port}/local` },
        },
      },
    );
    const viaUrl = track(new AgentChannel(info, { agent_name: 'x' }, { WebSocket, url: `${ws.origin}/override/` }));
    await viaUrl.connect();
    const viaServer = track(new AgentChannel(info, { agent_name: 'y' }, { WebSocket, server: 'local' }));
    await viaServer.connect();
    await ws.connection(2);
    expect(ws.connections.map((c) => c.url)).toEqual(['/override/v1/agents/x/connect', '/local/v1/agents/y/connect']);
    expect(() => new AgentChannel(info, { agent_name: 'z' }, { server: 'nope' }).url).toThrow('unknown server "nope"');
  });

  it('a "." or ".." parameter is refused instead of escaping its path segment', async () => {
    const ws = await startWsServer();
    for (const agent_name of ['..', '.']) {
      const channel = track(new AgentChannel(agentInfo(), { agent_name }, { WebSocket, url: ws.origin }));
      await expect(channel.connect()).rejects.toThrow(`channel parameter "agent_name" cannot be "${agent_name}"`);
    }
    await sleep(30);
    expect(ws.connections).toEqual([]);
  });

  it('connecting to a port with nothing listening rejects, and the channel is closed', async () => {
    const port = await freePort();
    const channel = track(new AgentChannel(agentInfo(), { agent_name: 'a' }, { WebSocket, url: `ws://127.0.0.1:${port}` }));
    await expect(channel.connect()).rejects.toThrow(`WebSocket connection to ws://127.0.0.1:${port}/v1/agents/a/connect failed`);
    expect(channel.state).toBe('closed');
  });

  it('an iterator opened before a failed connect() ends', async () => {
    const port = await freePort();
    const channel = track(new AgentChannel(agentInfo(), { agent_name: 'a' }, { WebSocket, url: `ws://127.0.0.1:${port}` }));
    const iterator = channel.messages();
    await expect(channel.connect()).rejects.toThrow();
    const next = await Promise.race([iterator.next(), sleep(500).then(() => 'still waiting' as const)]);
    expect(next).toEqual({ value: undefined, done: true });
  });

  it('without a WebSocket constructor and without a global one, connect() says what to pass', async () => {
    vi.stubGlobal('WebSocket', undefined);
    const channel = track(new AgentChannel(agentInfo(), { agent_name: 'a' }, { url: 'ws://127.0.0.1:1' }));
    await expect(channel.connect()).rejects.toThrow('no WebSocket implementation: pass options.WebSocket (for Node 20: the `ws` package)');
    expect(channel.state).toBe('closed');
  });

  it('send() before connect() queues, bounded, and the queue is flushed in order once open', async () => {
    const server = await startWsServer();
    const channel = track(new AgentChannel(agentInfo(), { agent_name: 'a' }, { WebSocket, url: server.origin, maxQueuedMessages: 2 }));
    channel.sendCommand({ type: 'command', text: 'first' });
    channel.sendCommand({ type: 'command', text: 'second' });
    expect(() => channel.sendCommand({ type: 'command', text: 'third' })).toThrow('the send queue is full (2 messages while not connected)');
    await channel.connect();
    const conn = await server.connection();
    await waitFor(() => conn.received.length === 2);
    expect(conn.received.map((r) => JSON.parse(r).text)).toEqual(['first', 'second']);
    channel.close();
  });
});

// ------------------------------------------------------------------------ auth

describe('auth on the upgrade request', () => {
  it('sends Authorization: Bearer from auth when the server lists the bearer scheme, plus extra headers', async () => {
    const ws = await startWsServer();
    const { conn } = await openAgent(ws, agentInfo(), { auth: { bearerAuth: 'tok' }, headers: { 'X-Client': 'specweave' } });
    expect(conn.headers['authorization']).toBe('Bearer tok');
    expect(conn.headers['x-client']).toBe('specweave');
    expect(conn.url).toBe('/v1/agents/agent-1/connect');
  });

  it('resolves a token function and ignores schemes the server does not list', async () => {
    const ws = await startWsServer();
    const token = vi.fn(async () => 'fn-tok');
    await openAgent(ws, agentInfo({ security: [['bearerAuth']] }), { auth: { bearerAuth: token } });
    await openAgent(ws, agentInfo({ security: [] }), { auth: { bearerAuth: 'unused' } });
    await ws.connection(2);
    expect(token).toHaveBeenCalledTimes(1);
    expect(ws.connections.map((c) => c.headers['authorization'])).toEqual(['Bearer fn-tok', undefined]);
  });

  it('optional auth ([] next to bearer) still sends the token when one is given', async () => {
    const ws = await startWsServer();
    const { conn } = await openAgent(ws, agentInfo({ security: [[], ['bearerAuth']] }), { auth: { bearerAuth: 'opt' } });
    expect(conn.headers['authorization']).toBe('Bearer opt');
  });

  it("authTransport 'query' puts the token in the declared query parameter, not in a header", async () => {
    const ws = await startWsServer();
    const { conn } = await openAgent(ws, agentInfo({ authQuery: 'auth_token' }), { auth: { bearerAuth: 'tok en' }, authTransport: 'query' });
    expect(conn.url).toBe('/v1/agents/agent-1/connect?auth_token=tok%20en');
    expect(conn.headers['authorization']).toBeUndefined();
  });

  it("authTransport 'query' throws when the server declares no token query parameter", async () => {
    const ws = await startWsServer();
    const channel = track(
      new AgentChannel(agentInfo(), { agent_name: 'a' }, { WebSocket, url: ws.origin, auth: { bearerAuth: 'tok' }, authTransport: 'query' }),
    );
    await expect(channel.connect()).rejects.toThrow('this server takes no token in the URL');
    expect(channel.state).toBe('closed');
    await sleep(30);
    expect(ws.connections).toEqual([]);
  });
});

// ------------------------------------------------------------------------ messages

describe('sending and receiving', () => {
  it('a typed send arrives as JSON', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    channel.sendCommand({ type: 'command', text: 'ls -la ü' });
    channel.sendCommand({ type: 'command', text: 'second' });
    await waitFor(() => conn.received.length === 2, 'two frames');
    expect(conn.received.map((text) => JSON.parse(text) as unknown)).toEqual([
      { type: 'command', text: 'ls -la ü' },
      { type: 'command', text: 'second' },
    ]);
  });

  it('a message reaches every listener; listeners removed by the returned function or off() stop', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const c: unknown[] = [];
    const removeA = channel.on('Started', (payload) => a.push(payload));
    const listenerB = (payload: AgentReceive['Started']): void => void b.push(payload);
    channel.on('Started', listenerB);
    channel.on('Started', (payload) => c.push(payload));

    conn.socket.send(JSON.stringify({ type: 'started', id: 1 }));
    await waitFor(() => c.length === 1, 'first message');
    expect(a).toEqual([{ type: 'started', id: 1 }]);
    expect(b).toEqual([{ type: 'started', id: 1 }]);

    removeA();
    channel.off('Started', listenerB);
    conn.socket.send(JSON.stringify({ type: 'started', id: 2 }));
    await waitFor(() => c.length === 2, 'second message');
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(c).toEqual([
      { type: 'started', id: 1 },
      { type: 'started', id: 2 },
    ]);
  });

  it('dispatches by a property discriminator', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const started = collect(channel, 'Started');
    const finished = collect(channel, 'Finished');
    const unknown = collect(channel, '$unknown');
    conn.socket.send(JSON.stringify({ type: 'finished', ok: true }));
    conn.socket.send(JSON.stringify({ type: 'started', id: 7 }));
    await waitFor(() => started.length + finished.length === 2, 'two messages');
    expect(started).toEqual([{ type: 'started', id: 7 }]);
    expect(finished).toEqual([{ type: 'finished', ok: true }]);
    expect(unknown).toEqual([]);
  });

  it('dispatches externally tagged messages by key', async () => {
    interface Tagged {
      StdOut: { StdOut: { bytes: string } };
      Log: { Log: { level: string; message: string } };
    }
    const ws = await startWsServer();
    const info = agentInfo(
      {},
      {
        receive: [
          { name: 'StdOut', match: { kind: 'key', key: 'StdOut' } },
          { name: 'Log', match: { kind: 'key', key: 'Log' } },
        ],
      },
    );
    const channel = track(new Channel<object, Tagged>(info, { agent_name: 'w' }, { WebSocket, url: ws.origin }));
    await channel.connect();
    const conn = await ws.connection();
    const out: unknown[] = [];
    const logs: unknown[] = [];
    const unknown = collect(channel, '$unknown');
    channel.on('StdOut', (p) => out.push(p.StdOut.bytes));
    channel.on('Log', (p) => logs.push(p.Log));
    conn.socket.send(JSON.stringify({ Log: { level: 'info', message: 'hi' } }));
    conn.socket.send(JSON.stringify({ StdOut: { bytes: 'aGk=' } }));
    conn.socket.send(JSON.stringify({ StdErr: { bytes: 'x' } }));
    await waitFor(() => unknown.length === 1, 'unmatched tag');
    expect(out).toEqual(['aGk=']);
    expect(logs).toEqual([{ level: 'info', message: 'hi' }]);
    expect(unknown).toEqual([{ data: { StdErr: { bytes: 'x' } }, reason: 'matches no message of this channel' }]);
  });

  it('a single message without a match receives every JSON frame (text or binary)', async () => {
    const ws = await startWsServer();
    const channel = track(
      new Channel<object, { Event: unknown }>(agentInfo({}, { receive: [{ name: 'Event' }] }), { agent_name: 'e' }, { WebSocket, url: ws.origin }),
    );
    await channel.connect();
    const conn = await ws.connection();
    const events = collect(channel, 'Event');
    conn.socket.send(JSON.stringify({ anything: 1 }));
    conn.socket.send('[1,2]');
    conn.socket.send(Buffer.from('{"binary":true}'), { binary: true });
    await waitFor(() => events.length === 3, 'three events');
    expect(events).toEqual([{ anything: 1 }, [1, 2], { binary: true }]);
  });

  it('a non-JSON frame and an unmatched message go to $unknown with the raw data; the channel keeps working', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const unknown = collect(channel, '$unknown');
    const started = collect(channel, 'Started');
    conn.socket.send('not json {');
    conn.socket.send(JSON.stringify({ type: 'exploded', id: 1 }));
    conn.socket.send(JSON.stringify(['started']));
    conn.socket.send(JSON.stringify({ type: 'started', id: 3 }));
    await waitFor(() => started.length === 1, 'message after the unknown ones');
    expect(unknown).toEqual([
      { data: 'not json {', reason: 'not JSON' },
      { data: { type: 'exploded', id: 1 }, reason: 'matches no message of this channel' },
      { data: ['started'], reason: 'matches no message of this channel' },
    ]);
    expect(started).toEqual([{ type: 'started', id: 3 }]);
    expect(channel.state).toBe('open');
    channel.sendCommand({ type: 'command', text: 'still alive' });
    await waitFor(() => conn.received.length === 1, 'send after unknown');
  });

  it('server heartbeat messages never reach listeners or iterators', async () => {
    const ws = await startWsServer();
    const heartbeat = { direction: 'server', kind: 'message', intervalSeconds: 5, message: { type: 'ping' } } as const;
    // A catch-all message would take the ping if it were not filtered; declared on the channel …
    const onChannel = track(
      new Channel<object, { Event: unknown }>(agentInfo({}, { receive: [{ name: 'Event' }], heartbeat }), { agent_name: 'h' }, { WebSocket, url: ws.origin }),
    );
    // … and on the server.
    const onServer = track(new AgentChannel(agentInfo({ heartbeat }), { agent_name: 'h2' }, { WebSocket, url: ws.origin }));
    await onChannel.connect();
    await onServer.connect();
    await ws.connection(2);
    const events = collect(onChannel, 'Event');
    const started = collect(onServer, 'Started');
    const unknown = [...collect(onChannel, '$unknown'), ...collect(onServer, '$unknown')];
    const iterated: Received[] = [];
    const loop = (async () => {
      for await (const m of onChannel.messages()) iterated.push(m);
    })();
    for (const conn of ws.connections) {
      conn.socket.send('{"type":"ping"}');
      conn.socket.send(JSON.stringify({ type: 'started', id: 1 }));
    }
    await waitFor(() => events.length === 1 && started.length === 1 && iterated.length === 1, 'messages after the pings');
    expect(events).toEqual([{ type: 'started', id: 1 }]);
    expect(started).toEqual([{ type: 'started', id: 1 }]);
    expect(iterated).toEqual([{ name: 'Event', payload: { type: 'started', id: 1 } }]);
    expect(unknown).toEqual([]);
    onChannel.close();
    await loop;
  });

  it('a listener that throws goes to $error and the other listeners still run', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const errors = collect<Error>(channel, '$error');
    const after: unknown[] = [];
    channel.on('Started', () => {
      throw new Error('listener failed');
    });
    channel.on('Started', () => {
      throw 'not an Error'; // a non-Error on purpose
    });
    channel.on('Started', (payload) => after.push(payload));
    const iterated: unknown[] = [];
    const loop = (async () => {
      for await (const m of channel.messages()) iterated.push(m.payload);
    })();
    conn.socket.send(JSON.stringify({ type: 'started', id: 5 }));
    await waitFor(() => after.length === 1 && iterated.length === 1, 'the listener after the throwing ones');
    expect(after).toEqual([{ type: 'started', id: 5 }]);
    expect(errors.map((e) => [e instanceof Error, e.message])).toEqual([
      [true, 'listener failed'],
      [true, 'not an Error'],
    ]);
    expect(channel.state).toBe('open');
    channel.close();
    await loop;
  });
});

// ------------------------------------------------------------------------ iteration and closing

describe('messages() and closing', () => {
  it('yields {name, payload} in order and ends when the server closes; $close carries code and reason', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const closes = collect(channel, '$close');
    const iterated: Array<Received<string, unknown>> = [];
    const loop = (async () => {
      for await (const m of channel.messages()) iterated.push(m);
    })();
    conn.socket.send(JSON.stringify({ type: 'started', id: 1 }));
    conn.socket.send(JSON.stringify({ type: 'finished', ok: false }));
    conn.socket.send(JSON.stringify({ type: 'started', id: 2 }));
    conn.socket.close(1000, 'bye now');
    await loop;
    expect(iterated).toEqual([
      { name: 'Started', payload: { type: 'started', id: 1 } },
      { name: 'Finished', payload: { type: 'finished', ok: false } },
      { name: 'Started', payload: { type: 'started', id: 2 } },
    ]);
    expect(closes).toEqual([{ code: 1000, reason: 'bye now' }]);
    expect(channel.state).toBe('closed');
    // a new iterator on a closed channel ends at once
    expect(await channel.messages().next()).toEqual({ value: undefined, done: true });
  });

  it('two iterators each get every message (the channel itself is async-iterable)', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const first: number[] = [];
    const second: number[] = [];
    const loops = [
      (async () => {
        for await (const m of channel.messages()) if (m.name === 'Started') first.push(m.payload.id);
      })(),
      (async () => {
        for await (const m of channel) if (m.name === 'Started') second.push(m.payload.id);
      })(),
    ];
    for (const id of [1, 2, 3]) conn.socket.send(JSON.stringify({ type: 'started', id }));
    await waitFor(() => second.length === 3 && first.length === 3, 'three messages each');
    conn.socket.close(1000);
    await Promise.all(loops);
    expect(first).toEqual([1, 2, 3]);
    expect(second).toEqual([1, 2, 3]);
  });

  it('close() ends the iteration and closes the socket with the given code and reason', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const closes = collect(channel, '$close');
    const iterated: unknown[] = [];
    const loop = (async () => {
      for await (const m of channel.messages()) {
        iterated.push(m.payload);
        channel.close(4000, 'client done');
      }
    })();
    conn.socket.send(JSON.stringify({ type: 'started', id: 1 }));
    await loop;
    expect(iterated).toEqual([{ type: 'started', id: 1 }]);
    expect(channel.state).toBe('closed');
    expect(closes).toEqual([{ code: 4000, reason: 'client done' }]);
    await waitFor(() => conn.closed !== undefined, 'server sees the close');
    expect(conn.closed).toEqual({ code: 4000, reason: 'client done' });
    expect(() => channel.sendCommand({ type: 'command', text: 'late' })).toThrow('the channel is closed');
  });

  it('an AbortSignal ends one iteration; the channel stays open', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const controller = new AbortController();
    const iterated: unknown[] = [];
    const loop = (async () => {
      for await (const m of channel.messages(controller.signal)) {
        iterated.push(m.payload);
        controller.abort();
      }
    })();
    const later = collect(channel, 'Started');
    conn.socket.send(JSON.stringify({ type: 'started', id: 1 }));
    await loop;
    conn.socket.send(JSON.stringify({ type: 'started', id: 2 }));
    await waitFor(() => later.length === 2, 'second message to the listener');
    expect(iterated).toEqual([{ type: 'started', id: 1 }]);
    expect(channel.state).toBe('open');
    // an already aborted signal yields nothing
    expect(await channel.messages(AbortSignal.abort()).next()).toEqual({ value: undefined, done: true });
  });

  it('breaking out of for-await stops that iterator only', async () => {
    const ws = await startWsServer();
    const { channel, conn } = await openAgent(ws);
    const all: unknown[] = [];
    const keep = (async () => {
      for await (const m of channel.messages()) all.push(m.payload);
    })();
    const firstOnly = (async () => {
      for await (const m of channel.messages()) return m.payload;
      return undefined;
    })();
    conn.socket.send(JSON.stringify({ type: 'started', id: 1 }));
    conn.socket.send(JSON.stringify({ type: 'started', id: 2 }));
    expect(await firstOnly).toEqual({ type: 'started', id: 1 });
    await waitFor(() => all.length === 2, 'both messages');
    channel.close();
    await keep;
  });
});

// ------------------------------------------------------------------------ Pusher

describe('Pusher channel', () => {
  const APP = { appId: '1001', key: 'test-key', secret: 'test-secret' };
  interface PusherReceive {
    RequestStatusUpdated: { request_id: string; status: string; progress: number };
  }

  function pusherInfo(pusher: PusherTestServer): ChannelInfo {
    return {
      address: 'private-client.{client_id}',
      servers: {
        soketi: {
          url: 'wss://soketi.example.com:443',
          security: [['bearerAuth']],
          pusher: { appKey: APP.key, authEndpoint: pusher.authEndpoint },
        },
      },
      defaultServer: 'soketi',
      securitySchemes: { bearerAuth: { type: 'bearer' } },
      receive: [{ name: 'RequestStatusUpdated', match: { kind: 'event', event: 'request.status.updated' } }],
    };
  }

  async function startPusher(): Promise<PusherTestServer> {
    const pusher = await startPusherServer(APP);
    cleanups.push(() => pusher.close());
    return pusher;
  }

  it('connects, authorises with the bearer, subscribes to private-client.42 and dispatches by event', async () => {
    const pusher = await startPusher();
    const channel = track(
      new Channel<object, PusherReceive>(pusherInfo(pusher), { client_id: 42 }, { WebSocket, url: pusher.url, auth: { bearerAuth: 'tok' } }, pusherTransport),
    );
    expect(channel.address).toBe('private-client.42');
    expect(channel.url).toBe(pusher.url);
    await channel.connect();
    expect(channel.state).toBe('open');
    expect(pusher.authRequests).toEqual([
      { socket_id: expect.stringMatching(/^\d+\.\d+$/) as unknown as string, channel_name: 'private-client.42', authorization: 'Bearer tok' },
    ]);
    expect(pusher.subscriptions()).toEqual(['private-client.42']);

    const updates: unknown[] = [];
    const unknown = collect(channel, '$unknown');
    channel.on('RequestStatusUpdated', (payload) => updates.push(payload));
    const payload = { request_id: 'r-1', status: 'processing', progress: 45 };
    pusher.trigger('private-client.42', 'other.event', { x: 1 });
    pusher.trigger('private-client.42', 'request.status.updated', payload);
    await waitFor(() => updates.length === 1, 'triggered event');
    expect(updates).toEqual([payload]);
    expect(unknown).toEqual([{ data: { x: 1 }, reason: 'unexpected event "other.event"' }]);

    channel.close();
    await waitFor(() => pusher.connections() === 0, 'socket closed');
  });

  it('a refused authorisation rejects connect() and leaves no socket open', async () => {
    const pusher = await startPusher();
    const channel = track(new Channel<object, PusherReceive>(pusherInfo(pusher), { client_id: 42 }, { WebSocket, url: pusher.url }, pusherTransport));
    const error: unknown = await channel.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PusherAuthError);
    expect((error as PusherAuthError).status).toBe(403);
    expect(channel.state).toBe('closed');
    expect(pusher.authRequests).toHaveLength(1);
    await waitFor(() => pusher.connections() === 0, 'the failed channel to close its socket', 1000);
  });

  it('two Pusher channels of one server share one connection, one subscription each, as pusher-js does', async () => {
    const pusher = await startPusher();
    const options = { WebSocket, url: pusher.url, auth: { bearerAuth: 'tok' }, reconnect: { initialDelayMs: 20, maxDelayMs: 50 } };
    const a = track(new Channel<object, PusherReceive>(pusherInfo(pusher), { client_id: 1 }, options, pusherTransport));
    // Equal settings in another object share too.
    const b = track(new Channel<object, PusherReceive>(pusherInfo(pusher), { client_id: 2 }, { ...options, auth: { bearerAuth: 'tok' } }, pusherTransport));
    await Promise.all([a.connect(), b.connect()]);
    expect(pusher.connections()).toBe(1);
    expect(pusher.subscriptions()).toEqual(['private-client.1', 'private-client.2']);
    const got: string[] = [];
    a.on('RequestStatusUpdated', (p) => got.push(`a:${p.request_id}`));
    b.on('RequestStatusUpdated', (p) => got.push(`b:${p.request_id}`));
    pusher.trigger('private-client.1', 'request.status.updated', { request_id: 'one', status: 'x', progress: 1 });
    pusher.trigger('private-client.2', 'request.status.updated', { request_id: 'two', status: 'x', progress: 1 });
    await waitFor(() => got.length === 2, 'both events');
    expect(got).toEqual(['a:one', 'b:two']);

    // Other credentials: a connection of their own.
    const other = track(
      new Channel<object, PusherReceive>(pusherInfo(pusher), { client_id: 3 }, { ...options, auth: { bearerAuth: 'tok2' } }, pusherTransport),
    );
    await other.connect();
    expect(pusher.connections()).toBe(2);
    other.close();
    await waitFor(() => pusher.connections() === 1, 'the other connection to close');

    // A drop: both reconnect, again over one connection, and resubscribe.
    const reopened: string[] = [];
    a.on('$open', (e) => e.reconnected && reopened.push('a'));
    b.on('$open', (e) => e.reconnected && reopened.push('b'));
    pusher.dropAll(4100);
    await waitFor(() => reopened.length === 2 && pusher.subscriptions().length === 2, 'both to reconnect', 5000);
    expect(pusher.connections()).toBe(1);

    // Closing one unsubscribes it; the connection stays for the other, and closes after the last.
    a.close();
    await waitFor(() => pusher.subscriptions().length === 1, 'the unsubscribe');
    expect(pusher.subscriptions()).toEqual(['private-client.2']);
    expect(pusher.connections()).toBe(1);
    pusher.trigger('private-client.2', 'request.status.updated', { request_id: 'three', status: 'x', progress: 1 });
    await waitFor(() => got.length === 3, 'the event after the other closed');
    b.close();
    await waitFor(() => pusher.connections() === 0, 'the shared connection to close');
  });

  it('a channel parameter a Pusher channel name cannot hold is refused', () => {
    const info: ChannelInfo = {
      address: 'private-client.{client_id}',
      servers: { s: { url: 'ws://127.0.0.1:1', pusher: { appKey: 'k' } } },
      defaultServer: 's',
      securitySchemes: {},
      receive: [],
    };
    expect(() => new Channel(info, { client_id: 'a b' }, {}).address).toThrow('channel parameter "client_id" has characters a Pusher channel name cannot hold');
  });
});
