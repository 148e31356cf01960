/**
 * src/runtime/common.ts's helpers (ownValue, resolveToken, redactText, readCapped; its errors and
 * expandServerUrl have their own tests) and socket.ts (frameBytes, detach), each on its own:
 * readCapped on real responses of a node:http server on 127.0.0.1 (a declared Content-Length
 * over the cap, a chunked body that passes it, one that fits in several chunks), detach on a
 * real `ws` connection.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownValue, REDACTED, readCapped, redactText, resolveToken } from '../../src/runtime/common.js';
import { detach, frameBytes, OPEN, type WebSocketLike } from '../../src/runtime/socket.js';
import { openClient, startPeer } from './ws-peer.js';

let origin: string;
let closedEarly = 0;
const routes: Record<string, (res: ServerResponse) => void> = {
  // Declares 1000 bytes: refused on the header, before any of the body is read.
  '/declared': (res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('x'.repeat(10));
  },
  // No Content-Length: 64-byte chunks until the client stops reading.
  '/endless': (res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const timer = setInterval(() => res.write(Buffer.alloc(64, 0x61)), 2);
    res.on('close', () => {
      clearInterval(timer);
      if (!res.writableEnded) closedEarly++;
    });
  },
  // Three chunks, 30 bytes in all.
  '/chunks': (res) => {
    res.writeHead(200);
    res.write('0123456789');
    setTimeout(() => res.write('abcdefghij'), 5);
    setTimeout(() => res.end('ABCDEFGHIJ'), 10);
  },
};
const server = createServer((req, res) => routes[req.url ?? '']!(res));
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('common.ts helpers', () => {
  it('ownValue reads own keys only: never Object.prototype, an array’s index or a null-prototype record’s key', () => {
    expect([ownValue({ a: 1 }, 'a'), ownValue({ a: 1 }, 'toString'), ownValue({}, '__proto__'), ownValue({}, 'constructor')]).toEqual([
      1,
      undefined,
      undefined,
      undefined,
    ]);
    const record = Object.create(null) as Record<string, number>;
    record['k'] = 2;
    expect([ownValue(record, 'k'), ownValue(['x'], '0')]).toEqual([2, 'x']);
  });

  it('resolveToken: a value as it is, a function (sync or async) called', async () => {
    expect(await Promise.all([resolveToken('t'), resolveToken(() => 's'), resolveToken(async () => 'a')])).toEqual(['t', 's', 'a']);
  });

  it('redactText replaces every occurrence of every secret, and ignores empty ones', () => {
    expect(redactText('k=abc&again=abc, tok', ['abc', '', 'tok'])).toBe(`k=${REDACTED}&again=${REDACTED}, ${REDACTED}`);
    expect(redactText('nothing here', ['zzz'])).toBe('nothing here');
  });
});

describe('readCapped on real responses', () => {
  it('a Content-Length over the cap: undefined at once, the body not read', async () => {
    const response = await fetch(`${origin}/declared`);
    expect(await readCapped(response, 100)).toBeUndefined();
  });

  it('a chunked body that passes the cap: undefined once past it, and the stream is cancelled (the server sees the close)', async () => {
    const response = await fetch(`${origin}/endless`);
    expect(await readCapped(response, 1000)).toBeUndefined();
    await expect.poll(() => closedEarly).toBe(1);
  });

  it('a body within the cap, in several chunks: its bytes in order; exactly at the cap is within', async () => {
    const bytes = await readCapped(await fetch(`${origin}/chunks`), 30);
    expect(new TextDecoder().decode(bytes)).toBe('0123456789abcdefghijABCDEFGHIJ');
    expect(await readCapped(await fetch(`${origin}/chunks`), 29)).toBeUndefined();
    expect(await readCapped(new Response(null), 0)).toEqual(new Uint8Array(0));
  });
});

describe('socket.ts', () => {
  it('frameBytes: UTF-8 bytes of text, counted exactly only where the length could pass the limit; binary frames by byteLength', () => {
    const text = 'é'.repeat(10); // 10 UTF-16 units, 20 UTF-8 bytes
    expect(frameBytes(text, 1000)).toBe(10); // 3 bytes a unit at most: cannot pass 1000, not encoded
    expect(frameBytes(text, 29)).toBe(20);
    expect(frameBytes('€', 2)).toBe(3);
    expect(frameBytes(new ArrayBuffer(7), 1)).toBe(7);
    expect(frameBytes(new Uint8Array(new ArrayBuffer(16), 4, 5), 1)).toBe(5);
    expect(frameBytes({ not: 'a frame' }, 1)).toBe(0);
  });

  it('detach on a real ws socket: later frames, errors and the close reach no handler, and nothing throws', async () => {
    const peer = await startPeer();
    try {
      const client = (await openClient(peer.origin)) as unknown as WebSocketLike;
      expect(client.readyState).toBe(OPEN);
      const calls: string[] = [];
      client.onmessage = () => calls.push('message');
      client.onclose = () => calls.push('close');
      client.onerror = () => calls.push('error');
      detach(client);
      expect([typeof client.onmessage, typeof client.onclose, typeof client.onerror, typeof client.onopen]).toEqual([
        'function',
        'function',
        'function',
        'function',
      ]);
      peer.sockets[0]!.send('late frame');
      peer.sockets[0]!.close(1000, 'bye');
      await new Promise<void>((resolve) => (client as unknown as { once(e: string, f: () => void): void }).once('close', resolve));
      expect(calls).toEqual([]);
    } finally {
      await peer.close();
    }
  });
});
