/** src/runtime/channel-queue.ts (the async iterators' buffer) and channel-url.ts (the channel's URL), the URL as a real server receives it. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Channel, type ChannelInfo } from '../../src/runtime/channel.js';
import { MessageQueue } from '../../src/runtime/channel-queue.js';
import { appendQuery, joinUrl, withQuery } from '../../src/runtime/channel-url.js';
import { type Peer, startPeer, waitFor } from './ws-peer.js';

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

describe('MessageQueue', () => {
  it('delivers in order, drops the oldest past its bound and reports how many once, ends waiting readers', async () => {
    const lagged: number[] = [];
    let done = 0;
    const queue = new MessageQueue<number>(
      () => done++,
      2,
      (n) => lagged.push(n),
    );
    for (const n of [1, 2, 3, 4]) queue.push(n);
    await Promise.resolve();
    expect(lagged).toEqual([2]);
    expect(await queue.next()).toEqual({ value: 3, done: false });
    expect(await queue.next()).toEqual({ value: 4, done: false });
    const waiting = queue.next();
    queue.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(done).toBe(1);
  });
});

describe('channel URL', () => {
  it('joins per RFC 3986 and appends query pairs before the fragment', () => {
    expect(joinUrl('wss://h', '/')).toBe('wss://h/');
    expect(joinUrl('wss://h/base/', '/x/y')).toBe('wss://h/base/x/y');
    expect(joinUrl('wss://h/link?ticket=T1', '/')).toBe('wss://h/link?ticket=T1');
    expect(appendQuery('wss://h/?a=1#f', ['b=2'])).toBe('wss://h/?a=1&b=2#f');
    expect(withQuery('wss://h/', { a: 'x y', skip: undefined, n: 2 })).toBe('wss://h/?a=x%20y&n=2');
  });

  it('the server receives the joined path and query', async () => {
    peer = await startPeer();
    const wss = peer;
    const info: ChannelInfo = { address: '/rooms/{room}', servers: {}, defaultServer: '', securitySchemes: {}, receive: [] };
    const channel = new Channel(info, { room: 'a b' }, { WebSocket: WebSocket as never, url: `${wss.origin}/v1`, query: { since: 5 } });
    await channel.connect();
    await waitFor(() => wss.urls.length === 1, 'connection');
    channel.close();
    expect(wss.urls).toEqual(['/v1/rooms/a%20b?since=5']);
  });
});
