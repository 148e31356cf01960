/** src/runtime/channel-reconnect.ts: close-code policy and backoff (backoff.ts's full jitter), and a channel reconnecting to a real server. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Channel, type ChannelInfo } from '../../src/runtime/channel.js';
import { closePolicy, reconnectDelay } from '../../src/runtime/channel-reconnect.js';
import { classifyPusherCloseCode } from '../../src/runtime/pusher-protocol.js';
import { type Peer, startPeer, waitFor } from './ws-peer.js';

let peer: Peer | undefined;
let channel: Channel<object, object> | undefined;
afterEach(async () => {
  channel?.close();
  await peer?.close();
  peer = undefined;
});

describe('closePolicy', () => {
  it('normal close stops, policy/auth codes fail, others back off; Pusher ranges only with the Pusher classifier', () => {
    expect(closePolicy(1000)).toBe('stop');
    expect(closePolicy(1008)).toBe('fail');
    expect(closePolicy(4401)).toBe('fail');
    expect(closePolicy(1011)).toBe('backoff');
    expect(closePolicy(4200)).toBe('backoff');
    expect(closePolicy(4200, classifyPusherCloseCode)).toBe('now');
    expect(closePolicy(4009, classifyPusherCloseCode)).toBe('fail');
    expect(closePolicy(4100, classifyPusherCloseCode)).toBe('backoff');
  });
});

describe('reconnectDelay', () => {
  it('full jitter under the exponential bound, capped; "at once" codes wait the floor first, then join the backoff', () => {
    expect(reconnectDelay(1, {}, false, () => 1)).toBe(500);
    expect(reconnectDelay(3, {}, false, () => 1)).toBe(2000);
    expect(reconnectDelay(30, {}, false, () => 1)).toBe(30_000);
    expect(reconnectDelay(2, { initialDelayMs: 100, factor: 3, maxDelayMs: 250 }, false, () => 1)).toBe(250);
    expect(reconnectDelay(4, {}, false, () => 0)).toBe(0);
    expect(reconnectDelay(1, {}, true, () => 1)).toBe(1000);
    expect(reconnectDelay(2, { immediateDelayMs: 10 }, true, () => 0)).toBe(10);
    expect(reconnectDelay(5, { immediateDelayMs: 10 }, true, () => 1)).toBe(8000);
    expect(reconnectDelay(1, { maxDelayMs: 2 ** 40, initialDelayMs: 2 ** 40 }, false, () => 1)).toBe(2_147_483_647);
  });
});

describe('a channel reconnecting', () => {
  it('a server closing with 1011 twice: two $reconnecting within the configured bounds, then open again', async () => {
    peer = await startPeer((socket, p) => {
      if (p.sockets.length <= 2) setTimeout(() => socket.close(1011, 'bye'), 10);
    });
    const info: ChannelInfo = { address: '/', servers: {}, defaultServer: '', securitySchemes: {}, receive: [] };
    channel = new Channel(info, {}, { WebSocket: WebSocket as never, url: peer.origin, reconnect: { initialDelayMs: 40, maxDelayMs: 60 } });
    const reconnecting: Array<{ attempt: number; delayMs: number; code: number }> = [];
    channel.on('$reconnecting', (e) => reconnecting.push(e));
    await channel.connect();
    await waitFor(() => peer!.sockets.length === 3 && channel!.state === 'open', 'third connection open');
    expect(reconnecting.map((r) => [r.attempt, r.code])).toEqual([
      [1, 1011],
      [2, 1011],
    ]);
    expect(reconnecting[0]!.delayMs).toBeLessThanOrEqual(40);
    expect(reconnecting[1]!.delayMs).toBeLessThanOrEqual(60);
  });
});
