/**
 * A `ws` WebSocketServer on 127.0.0.1 (port 0) for end-to-end tests of generated channel
 * classes. It records every upgrade request (URL as sent, headers) and every text frame
 * received, can reject upgrades, and hands each accepted connection to the test.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

export interface UpgradeRecord {
  /** Path and query exactly as they arrived on the request line. */
  url: string;
  headers: IncomingHttpHeaders;
  accepted: boolean;
}

export interface WsTestServer {
  /** ws://127.0.0.1:port */
  url: string;
  upgrades: UpgradeRecord[];
  /** Every text frame received from clients, in order. */
  received: string[];
  /** Currently open server-side sockets. */
  sockets: Set<WebSocket>;
  close(): Promise<void>;
}

export interface WsTestServerOptions {
  /** Return an HTTP status to reject the upgrade with, or undefined to accept. */
  reject?: (request: IncomingMessage) => number | undefined;
  onConnection?: (socket: WebSocket, request: IncomingMessage) => void;
}

export async function startWsServer(options: WsTestServerOptions = {}): Promise<WsTestServer> {
  const upgrades: UpgradeRecord[] = [];
  const received: string[] = [];
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, done) => {
      const status = options.reject?.(info.req);
      upgrades.push({ url: info.req.url ?? '', headers: info.req.headers, accepted: status === undefined });
      if (status === undefined) done(true);
      else done(false, status, 'Rejected by test server');
    },
  });
  wss.on('connection', (socket, request) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('message', (data: RawData) => received.push(data.toString()));
    options.onConnection?.(socket, request);
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('error', reject);
    wss.once('listening', () => {
      wss.off('error', reject);
      resolve();
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    upgrades,
    received,
    sockets,
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Polls `condition` every 5 ms; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
