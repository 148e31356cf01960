/** src/runtime/pusher-channel.ts: the Pusher transport a Pusher channel's class passes to Channel, against the test Pusher server. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Channel, type ChannelInfo } from '../../src/runtime/channel.js';
import { pusherTransport } from '../../src/runtime/pusher-channel.js';
import { type PusherTestServer, startPusherServer } from '../support/pusher-server.js';
import { waitFor } from './ws-peer.js';

const APP = { appId: '1001', key: 'test-key', secret: 'test-secret' };
let server: PusherTestServer | undefined;
const channels: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const c of channels.splice(0)) c.close();
  await server?.close();
  server = undefined;
});

function info(): ChannelInfo {
  return {
    address: 'public-{id}',
    servers: { p: { url: 'wss://unused.example.com', pusher: { appKey: APP.key } } },
    defaultServer: 'p',
    securitySchemes: {},
    receive: [{ name: 'Updated', match: { kind: 'event', event: 'updated' } }],
  };
}

describe('pusherTransport', () => {
  it('channels with the same settings share one connection with one subscription each; the last close ends it', async () => {
    server = await startPusherServer(APP);
    const options = { WebSocket: WebSocket as never, url: server.url };
    const a = new Channel<object, { Updated: unknown }>(info(), { id: 1 }, options, pusherTransport);
    const b = new Channel<object, { Updated: unknown }>(info(), { id: 2 }, options, pusherTransport);
    channels.push(a, b);
    await Promise.all([a.connect(), b.connect()]);
    expect(server.connections()).toBe(1);
    expect(server.subscriptions().sort()).toEqual(['public-1', 'public-2']);
    const got: unknown[] = [];
    b.on('Updated', (p) => got.push(p));
    server.trigger('public-2', 'updated', { n: 1 });
    await waitFor(() => got.length === 1, 'event on b');
    expect(got).toEqual([{ n: 1 }]);
    a.close();
    await waitFor(() => server!.subscriptions().length === 1, 'a unsubscribed');
    expect(server.connections()).toBe(1);
    b.close();
    await waitFor(() => server!.connections() === 0, 'connection closed');
  });

  it('Pusher close codes follow the Pusher ranges: 4009 ends the channel without reconnecting', async () => {
    server = await startPusherServer(APP);
    const channel = new Channel<object, object>(info(), { id: 3 }, { WebSocket: WebSocket as never, url: server.url }, pusherTransport);
    channels.push(channel);
    const errors: Error[] = [];
    channel.on('$error', (e) => errors.push(e));
    const reconnecting: unknown[] = [];
    channel.on('$reconnecting', (e) => reconnecting.push(e));
    await channel.connect();
    server.dropAll(4009);
    await waitFor(() => channel.state === 'closed', 'closed');
    expect(reconnecting).toEqual([]);
    expect(errors.map((e) => e.message).join()).toContain('4009');
  });
});
