/** src/runtime/channel-dispatch.ts: which message a frame is, on frames a real `ws` server sent. */
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher, pathValue, type ReceiveRule, sameId, sameValue, withPathValue } from '../../src/runtime/channel-dispatch.js';
import { openClient, type Peer, startPeer, waitFor } from './ws-peer.js';

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const RULES: ReceiveRule[] = [
  { name: 'Started', match: { kind: 'property', property: 'type', values: ['started'] } },
  { name: 'Tagged', match: { kind: 'key', key: 'tag' } },
  { name: 'Union', match: { kind: 'rule', anyOf: [{ type: 'object', keys: ['a'], absent: ['b'] }, { type: 'array' }] } },
  { name: 'AnyObject', match: { kind: 'object' } },
  { name: 'Anything' },
];

describe('Dispatcher', () => {
  it('names the message of each frame a server sends: discriminator, tag key, union term, object fallback, anything else', async () => {
    const frames = [{ type: 'started' }, { tag: 1 }, { a: 1 }, [1], { a: 1, b: 2 }, 'text', 3];
    peer = await startPeer((socket) => {
      socket.on('message', () => {
        for (const frame of frames) socket.send(JSON.stringify(frame));
      });
    });
    const client = await openClient(peer.origin);
    const names: Array<string | undefined> = [];
    const dispatcher = new Dispatcher(RULES);
    client.on('message', (data) => names.push(dispatcher.find(JSON.parse(String(data)), undefined)?.name));
    client.send('go');
    await waitFor(() => names.length === frames.length, 'frames');
    client.close();
    expect(names).toEqual(['Started', 'Tagged', 'Union', 'Union', 'AnyObject', 'Anything', 'Anything']);
  });

  it('Pusher events match by event name only; an event no rule names is no message', () => {
    const dispatcher = new Dispatcher([{ name: 'Updated', match: { kind: 'event', event: 'status.updated' } }, { name: 'Anything' }]);
    expect(dispatcher.find({}, 'status.updated')?.name).toBe('Updated');
    expect(dispatcher.find({}, 'other')).toBeUndefined();
    expect(dispatcher.find({}, undefined)?.name).toBe('Anything');
  });

  it('JSON helpers: own-property paths, copies with an id filled in, ids equal as scalars, structural equality', () => {
    const value = { a: { b: 7 } };
    expect(pathValue(value, ['a', 'b'])).toBe(7);
    expect(pathValue(Object.create({ a: 1 }), ['a'])).toBeUndefined();
    const copy = withPathValue(value, ['a', 'id'], 5);
    expect(copy).toEqual({ a: { b: 7, id: 5 } });
    expect(value).toEqual({ a: { b: 7 } });
    expect(sameId(5, '5')).toBe(true);
    expect(sameId(5, 6)).toBe(false);
    expect(sameValue({ type: 'ping', n: [1] }, { type: 'ping', n: [1] })).toBe(true);
    expect(sameValue({ type: 'ping', extra: 1 }, { type: 'ping' })).toBe(false);
  });
});
