/** A loopback `ws` server for the channel module tests: the real peer each module talks to. */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface Peer {
  origin: string;
  /** Server-side sockets, in connection order. */
  sockets: WebSocket[];
  /** Text of every frame the clients sent. */
  received: string[];
  /** The request target of every upgrade. */
  urls: string[];
  close(): Promise<void>;
}

/** Starts a server; `onConnection` runs for every client socket. */
export async function startPeer(onConnection: (socket: WebSocket, peer: Peer) => void = () => undefined): Promise<Peer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const peer: Peer = {
    origin: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    sockets: [],
    received: [],
    urls: [],
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on('connection', (socket, request) => {
    peer.sockets.push(socket);
    peer.urls.push(request.url ?? '');
    socket.on('message', (data) => peer.received.push(String(data)));
    socket.on('error', () => undefined);
    onConnection(socket, peer);
  });
  return peer;
}

/** A connected client socket (the `ws` package) to `url`. */
export async function openClient(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

export async function waitFor(test: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
