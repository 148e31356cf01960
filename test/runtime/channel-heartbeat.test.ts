/** src/runtime/channel-heartbeat.ts: client pings and server silence, on a real `ws` connection. */
import { afterEach, describe, expect, it } from 'vitest';
import { Heartbeat, heartbeatFilter } from '../../src/runtime/channel-heartbeat.js';
import { openClient, type Peer, startPeer, waitFor } from './ws-peer.js';

let peer: Peer | undefined;
let heartbeat: Heartbeat | undefined;
afterEach(async () => {
  heartbeat?.stop();
  await peer?.close();
  peer = undefined;
});

describe('Heartbeat', () => {
  it('client pings: sends the message every interval; a server that answers keeps the connection alive', async () => {
    let dead = 0;
    peer = await startPeer((socket) => socket.on('message', () => socket.send('{"type":"pong"}')));
    const client = await openClient(peer.origin);
    heartbeat = new Heartbeat(() => dead++);
    client.on('message', () => heartbeat!.alive());
    heartbeat.start({ direction: 'client', kind: 'message', intervalSeconds: 0.05, message: { type: 'ping' } }, client, 1000);
    await waitFor(() => peer!.received.length >= 3, 'three pings');
    expect(peer.received.slice(0, 3)).toEqual(['{"type":"ping"}', '{"type":"ping"}', '{"type":"ping"}']);
    expect(dead).toBe(0);
    client.close();
  });

  it('client pings a server that never answers: dead after the reply timeout', async () => {
    let dead = 0;
    peer = await startPeer();
    const client = await openClient(peer.origin);
    heartbeat = new Heartbeat(() => dead++);
    heartbeat.start({ direction: 'client', kind: 'message', intervalSeconds: 0.05 }, client, 100);
    await waitFor(() => dead > 0, 'dead');
    expect(peer.received[0]).toBe('{"type":"ping"}');
    client.close();
  });

  it('server heartbeats: traffic re-arms the window, silence past it is death; stop() cancels', async () => {
    let dead = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    peer = await startPeer((socket) => {
      timer = setInterval(() => socket.send('{"type":"hb"}'), 30);
    });
    const client = await openClient(peer.origin);
    heartbeat = new Heartbeat(() => dead++);
    client.on('message', () => heartbeat!.alive());
    heartbeat.start({ direction: 'server', kind: 'message', intervalSeconds: 1 }, client, 400);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(dead).toBe(0);
    clearInterval(timer);
    await waitFor(() => dead === 1, 'dead after silence');
    heartbeat.start({ direction: 'server', kind: 'message', intervalSeconds: 1 }, client, 50);
    heartbeat.stop();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(dead).toBe(1);
    client.close();
  });

  it('server heartbeats: death is never declared before the whole window has passed since the last frame', async () => {
    let diedAt = 0;
    let lastFrameAt = 0;
    let sent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    peer = await startPeer((socket) => {
      timer = setInterval(() => {
        if (++sent === 5) clearInterval(timer);
        socket.send('{"type":"hb"}');
      }, 20);
    });
    const client = await openClient(peer.origin);
    heartbeat = new Heartbeat(() => (diedAt = performance.now()));
    client.on('message', () => {
      lastFrameAt = performance.now();
      heartbeat!.alive();
    });
    heartbeat.start({ direction: 'server', kind: 'message', intervalSeconds: 1 }, client, 300);
    await waitFor(() => diedAt > 0, 'dead after silence');
    expect(sent).toBe(5);
    // A lower bound only (a loaded machine makes timers late, never early; 2 ms for timer rounding).
    expect(diedAt - lastFrameAt).toBeGreaterThanOrEqual(298);
    clearInterval(timer);
    client.close();
  });

  it('heartbeatFilter: only server heartbeat messages are kept out of user messages, by structural equality', () => {
    const filter = heartbeatFilter({ direction: 'server', kind: 'message', intervalSeconds: 1, message: { t: 'hb', n: { a: [1] } } })!;
    expect(filter({ n: { a: [1] }, t: 'hb' })).toBe(true);
    for (const other of [{ t: 'hb' }, { t: 'hb', n: { a: [1] }, x: 1 }, { t: 'hb', n: { a: [2] } }, [{ t: 'hb' }], null, 'hb', 1])
      expect(filter(other)).toBe(false);
    expect(heartbeatFilter({ direction: 'server', kind: 'message', intervalSeconds: 1, message: 'hb' })!('hb')).toBe(true);
    expect(heartbeatFilter({ direction: 'client', kind: 'message', intervalSeconds: 1 })).toBeNull();
    expect(heartbeatFilter(undefined)).toBeNull();
  });
});
