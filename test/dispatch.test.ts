/**
 * Dispatch of incoming frames (issue 10, items 1, 8 and 10), on documents written for it
 * (test/fixtures/dispatch): the generated classes are imported and fed frames by a real `ws`
 * server on 127.0.0.1.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { checkConfig } from '../src/load/config.js';
import type { SpecWarning } from '../src/load/errors.js';
import { generate } from '../src/pipeline.js';
import { startWsServer, waitFor } from './support/ws-test-server.js';

const ROOT = resolve(__dirname, '..');
let scratch: string;

type Instance = { connect(): Promise<void>; close(): void; on(name: string, listener: (p: unknown) => void): () => void };
type Module = Record<string, new (options: object) => Instance>;

async function build(spec: string): Promise<{ module: Module; warnings: SpecWarning[]; files: Map<string, string> }> {
  const name = spec.replace(/\..*$/, '');
  const config = checkConfig(
    { apis: [{ name, spec: `test/fixtures/dispatch/${spec}` }], output: 'dispatch-out' },
    { source: 'dispatch test', root: ROOT, rootIsConfigFolder: false },
  );
  const result = await generate(config);
  const out = join(scratch, name);
  for (const [path, content] of result.files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), content);
  }
  const module = (await import(pathToFileURL(join(out, 'dist', name, 'channels.js')).href)) as Module;
  return { module, warnings: result.warnings, files: result.files };
}

/** Sends each frame from the server and returns where each went (listener names, `$unknown`). */
async function route(Cls: new (options: object) => Instance, messages: string[], frames: unknown[]): Promise<string[][]> {
  const server = await startWsServer();
  const channel = new Cls({ WebSocket, url: server.url, reconnect: false });
  const got: string[] = [];
  for (const m of [...messages, '$unknown']) channel.on(m, () => got.push(m));
  try {
    await channel.connect();
    await waitFor(() => server.sockets.size > 0, 'the server socket');
    const socket = [...server.sockets][0]!;
    const out: string[][] = [];
    for (const frame of frames) {
      const before = got.length;
      socket.send(JSON.stringify(frame));
      await waitFor(() => got.length > before, `a delivery of ${JSON.stringify(frame)}`);
      await new Promise((r) => setTimeout(r, 5));
      out.push(got.slice(before));
    }
    return out;
  } finally {
    channel.close();
    await server.close();
  }
}

let dispatch: Awaited<ReturnType<typeof build>>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'specweave-dispatch-'));
  dispatch = await build('dispatch.asyncapi.yaml');
}, 120_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('dispatch from everything that tells messages apart', () => {
  it('tells apart two messages that share `type` by `subtype`, and refuses a subtype neither has', async () => {
    const routed = await route(
      dispatch.module['SlackChannel']!,
      ['hello', 'emojiAdded', 'emojiRemoved'],
      [
        { type: 'hello' },
        { type: 'emoji_changed', subtype: 'remove', names: ['x'] },
        { type: 'emoji_changed', subtype: 'add', name: 'y' },
        { type: 'emoji_changed', subtype: 'rename' },
      ],
    );
    expect(routed).toEqual([['hello'], ['emojiRemoved'], ['emojiAdded'], ['$unknown']]);
  });

  it('gives a union payload one rule per member, so it does not swallow the other messages with the same key', async () => {
    const routed = await route(
      dispatch.module['KrakenChannel']!,
      ['pongOrHeartbeat', 'systemStatus', 'subscriptionStatus'],
      [
        { event: 'systemStatus', status: 'online' },
        { event: 'pong', reqid: 1 },
        { event: 'heartbeat' },
        { event: 'ping' },
        { event: 'subscriptionStatus', channelName: 'book' },
        { event: 'somethingElse' },
      ],
    );
    expect(routed).toEqual([['systemStatus'], ['pongOrHeartbeat'], ['pongOrHeartbeat'], ['pongOrHeartbeat'], ['subscriptionStatus'], ['$unknown']]);
  });

  it('warns about two messages it cannot tell apart (naming both and the place), routes their frames to the first, and still routes the others', async () => {
    const clash = dispatch.warnings.filter((w) => /cannot be told apart/.test(w.message));
    expect(clash).toHaveLength(1);
    expect(clash[0]!.message).toContain('messages "first" and "second" of channel "/same"');
    expect(clash[0]!.message).toContain('#/channels/~1same/subscribe/message/oneOf/1');
    expect(clash[0]!.message).toContain('go to "first", the first in document order');
    const routed = await route(dispatch.module['SameChannel']!, ['first', 'second', 'tagged'], [{ a: 'x' }, { kind: 'tagged' }, { a: 'y' }]);
    expect(routed).toEqual([['first'], ['tagged'], ['first']]);
  });
});

describe('protocols', () => {
  it('turns only ws/wss servers into WebSocket classes; another protocol is a warning naming the server, and its channels are left out', () => {
    const messages = dispatch.warnings.map((w) => w.message);
    expect(messages.some((m) => /server "broker" uses protocol "mqtt"; only ws and wss servers become WebSocket clients/.test(m))).toBe(true);
    expect(messages.some((m) => /channel "\/mqtt-only" is only on servers of other protocols than ws\/wss \("broker" \(mqtt\)\); it is left out/.test(m))).toBe(
      true,
    );
    expect(
      Object.keys(dispatch.module)
        .filter((k) => k.endsWith('Channel'))
        .sort(),
    ).toEqual(['KrakenChannel', 'SameChannel', 'SlackChannel']);
    const source = dispatch.files.get('src/dispatch/channels.ts')!;
    expect(source).not.toContain('mqtt');
  });
});

describe('docs', () => {
  it("names each message's own operation in its TSDoc, not the channel's first", async () => {
    const { files } = await build('operations.asyncapi.yaml');
    const source = files.get('src/operations/channels.ts')!;
    const on = (name: string): string => {
      const at = source.indexOf(`${name}(listener`);
      return source.slice(source.lastIndexOf('/**', at), at);
    };
    expect(on('onTrade')).toContain('Operation `sendTrades`.');
    expect(on('onQuote')).toContain('Operation `sendQuotes`.');
  });
});

describe('multi-file 3.x', () => {
  it('resolves a local $ref through a channel that is itself a $ref into another file, as @asyncapi/parser does', async () => {
    const config = checkConfig(
      { apis: [{ name: 'api', spec: 'test/fixtures/multi-file/channel-ref/api.asyncapi.yaml' }], output: 'dispatch-out' },
      { source: 'dispatch test', root: ROOT, rootIsConfigFolder: false },
    );
    const result = await generate(config);
    const [channel] = result.models[0]!.channels;
    expect(channel!.address).toBe('/echo');
    expect(channel!.receive.map((m) => m.name)).toEqual(['echo']);
    expect(channel!.receive[0]!.operation).toBe('sendEcho');
  });
});
