/** src/runtime/channel-request.ts: pending requests answered by a real `ws` server. */
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { ReceiveRule } from '../../src/runtime/channel-dispatch.js';
import { ChannelError, RequestTimeoutError } from '../../src/runtime/channel-errors.js';
import { PendingRequests } from '../../src/runtime/channel-request.js';
import { SpecweaveError } from '../../src/runtime/common.js';
import { openClient, type Peer, startPeer } from './ws-peer.js';

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const RULES: ReceiveRule[] = [
  { name: 'Pong', match: { kind: 'property', property: 'type', values: ['pong'] }, correlation: ['id'] },
  { name: 'Status', match: { kind: 'property', property: 'type', values: ['status'] } },
];

/** A server answering every `ping` with a `pong` of the same id, replies in reverse order of arrival. */
async function connected(requests: PendingRequests): Promise<WebSocket> {
  peer = await startPeer((socket) => {
    const batch: Array<{ id: unknown }> = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id: unknown };
      if (frame.type === 'status?') socket.send(JSON.stringify({ type: 'status', ok: true }));
      if (frame.type !== 'ping') return;
      batch.push(frame);
      if (batch.length === 2) for (const f of batch.reverse()) socket.send(JSON.stringify({ type: 'pong', id: f.id }));
    });
  });
  const client = await openClient(peer.origin);
  client.on('message', (data) => {
    const payload = JSON.parse(String(data)) as { type: string };
    requests.settle(payload, undefined, payload.type === 'pong' ? 'Pong' : 'Status', RULES);
  });
  return client;
}

describe('PendingRequests', () => {
  it('fills in missing correlation ids and matches replies by id, whatever their order', async () => {
    const requests = new PendingRequests();
    const client = await connected(requests);
    const spec = { replies: ['Pong'], correlation: ['id'], idType: 'string' as const };
    const send = (value: unknown): void => client.send(JSON.stringify(value));
    const first = requests.add<{ id: unknown }>('Ping', spec, { type: 'ping' }, {}, 5000, send);
    const second = requests.add<{ id: unknown }>('Ping', spec, { type: 'ping', id: 'mine' }, {}, 5000, send);
    expect(requests.size).toBe(2);
    expect(await first).toEqual({ type: 'pong', id: '1' });
    expect(await second).toEqual({ type: 'pong', id: 'mine' });
    expect(requests.size).toBe(0);
    client.close();
  });

  it('uncorrelated requests are answered by kind, oldest first', async () => {
    const requests = new PendingRequests();
    const client = await connected(requests);
    const reply = await requests.add('Status?', { replies: ['Status'] }, { type: 'status?' }, {}, 5000, (v) => client.send(JSON.stringify(v)));
    expect(reply).toEqual({ type: 'status', ok: true });
    client.close();
  });

  it('times out with RequestTimeoutError, aborts with the reason, and rejects with ChannelError when closed; each is forgotten', async () => {
    const requests = new PendingRequests();
    const timeout = await requests.add('Ping', { replies: ['Pong'] }, {}, { timeoutMs: 20 }, undefined, () => undefined).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(RequestTimeoutError);
    expect(timeout).toBeInstanceOf(SpecweaveError);
    const controller = new AbortController();
    const aborted = requests.add('Ping', { replies: ['Pong'] }, {}, { signal: controller.signal }, 5000, () => undefined);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    const open = requests.add('Ping', { replies: ['Pong'] }, {}, {}, 5000, () => undefined);
    requests.closed(1006);
    const closed = await open.catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(ChannelError);
    expect((closed as ChannelError).code).toBe(1006);
    await expect(
      requests.add('Ping', { replies: ['Pong'] }, {}, {}, 5000, () => {
        throw new Error('send failed');
      }),
    ).rejects.toThrow('send failed');
    expect(requests.size).toBe(0);
  });
});
