/** src/runtime/channel-errors.ts: one base class with REST, and typed validation errors for bad input, from a channel talking to a real server. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Channel, type ChannelInfo } from '../../src/runtime/channel.js';
import { ChannelError, RequestTimeoutError, toChannelError } from '../../src/runtime/channel-errors.js';
import { RequestValidationError, SpecweaveError } from '../../src/runtime/common.js';
import { ApiError } from '../../src/runtime/errors.js';
import { type Peer, startPeer } from './ws-peer.js';

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

class Probe extends Channel<{ Ping: object }, object> {
  ping(): void {
    this.send('Ping', {});
  }
  ask(): Promise<unknown> {
    return this.request('Ping', {});
  }
}

function info(overrides: Partial<ChannelInfo> = {}): ChannelInfo {
  return { address: '/{room}', servers: {}, defaultServer: '', securitySchemes: {}, receive: [], ...overrides };
}

describe('channel errors', () => {
  it('ChannelError and RequestTimeoutError are SpecweaveErrors, as the REST errors are', () => {
    expect(new ChannelError('x', 1006)).toBeInstanceOf(SpecweaveError);
    expect(new RequestTimeoutError('Ping', 10)).toBeInstanceOf(SpecweaveError);
    expect(ApiError.prototype).toBeInstanceOf(SpecweaveError);
    expect(toChannelError({ message: 'm', code: 4001, status: 401 })).toMatchObject({ message: 'm', code: 4001, status: 401, name: 'ChannelError' });
  });

  it('bad input throws RequestValidationError: a missing parameter, an unknown server, no server, a request without reply, Pusher without its transport', async () => {
    const url = 'ws://127.0.0.1:1';
    expect(() => new Probe(info(), {}, { url }).address).toThrow(RequestValidationError);
    expect(() => new Probe(info(), { room: '..' }, { url }).url).toThrow(RequestValidationError);
    expect(() => new Probe(info(), { room: 'a' }, { server: 'nope' }).url).toThrow(RequestValidationError);
    expect(() => new Probe(info(), { room: 'a' }, {}).url).toThrow(RequestValidationError);
    await expect(new Probe(info(), { room: 'a' }, { url }).ask()).rejects.toBeInstanceOf(RequestValidationError);
    const pusher = info({ servers: { p: { url, pusher: { appKey: 'k' } } }, defaultServer: 'p' });
    await expect(new Probe(pusher, { room: 'a' }, { WebSocket: WebSocket as never }).connect()).rejects.toBeInstanceOf(RequestValidationError);
  });

  it('a channel the server closed for good: send throws a ChannelError', async () => {
    peer = await startPeer((socket) => setTimeout(() => socket.close(1000, 'done'), 10));
    const channel = new Probe(info(), { room: 'r' }, { WebSocket: WebSocket as never, url: peer.origin });
    const closed = new Promise((resolve) => channel.on('$close', resolve));
    await channel.connect();
    await closed;
    expect(() => channel.ping()).toThrow(ChannelError);
  });
});
