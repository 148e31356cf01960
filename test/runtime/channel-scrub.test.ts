/** src/runtime/channel-scrub.ts: URLs and errors shown without credentials, including a real refused upgrade. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Channel, type ChannelInfo } from '../../src/runtime/channel.js';
import { addSecret, scrubError, shownUrl } from '../../src/runtime/channel-scrub.js';
import { type Peer, startPeer } from './ws-peer.js';

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const SECRET = 's3cr3t-t0ken';

describe('shownUrl', () => {
  it('redacts userinfo, credential-named query parameters and the auth query parameter; keeps the rest', () => {
    expect(shownUrl('wss://user:pw@h/x?a=1&token=abc&access%5Fkey=k#f')).toBe('wss://[redacted]@h/x?a=1&token=[redacted]&access%5Fkey=[redacted]#f');
    expect(shownUrl('failed: wss://h/?t=abc', 't')).toBe('failed: wss://h/?t=[redacted]');
  });
});

describe('scrubError and addSecret', () => {
  it('scrubs every form of a secret from message, stack, fields and the cause chain, keeping the class', () => {
    const secrets = new Set<string>();
    addSecret(secrets, `${SECRET}\r\nx`);
    addSecret(secrets, 'abc');
    expect(secrets.has(SECRET)).toBe(true);
    expect(secrets.has('abc')).toBe(false);
    const cause = new Error(`inner ${encodeURIComponent(`${SECRET}\r\nx`)}`);
    const error = new TypeError(`outer ${SECRET}`, { cause });
    (error as unknown as { detail: string }).detail = SECRET;
    const shown = scrubError(error, secrets);
    expect(shown).toBeInstanceOf(TypeError);
    expect(JSON.stringify([shown.message, shown.stack, (shown as unknown as { detail: string }).detail, cause.message])).not.toContain(SECRET);
    expect(scrubError('plain', secrets)).toBe('plain');
  });

  it('a server refusing the upgrade with the token in the URL: the ChannelError names the URL without the token', async () => {
    peer = await startPeer();
    const info: ChannelInfo = {
      address: '/',
      servers: { s: { url: peer.origin.replace('ws://', 'ws://127.0.0.1:1/'), authQuery: 'access' } },
      defaultServer: 's',
      securitySchemes: {},
      receive: [],
    };
    const channel = new Channel(info, {}, { WebSocket: WebSocket as never, url: `ws://127.0.0.1:1/?access=${SECRET}`, reconnect: false });
    const error = (await channel.connect().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('[redacted]');
    expect(`${error.message}${error.stack}`).not.toContain(SECRET);
  });
});
