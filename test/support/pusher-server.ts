/**
 * A small Pusher Channels (protocol 7) server for tests, on 127.0.0.1.
 *
 * - POST /auth: channel authorisation signed by the official `pusher` server
 *   SDK; 403 unless the request carries `Authorization: Bearer <token>`.
 * - WebSocket upgrades at /app/:key.
 * - Subscription signatures are verified independently with node:crypto.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import Pusher from 'pusher';
import { type RawData, WebSocket, WebSocketServer } from 'ws';

export interface PusherServerOptions {
  appId: string;
  key: string;
  secret: string;
  /** false simulates a dead server: pusher:ping is ignored (default true) */
  answerPings?: boolean;
  /** activity_timeout (seconds) announced in connection_established (default 120) */
  activityTimeout?: number;
}

export interface AuthRequestRecord {
  socket_id: string;
  channel_name: string;
  authorization?: string;
}

/** One frame received from a client, parsed. */
export interface ReceivedFrame {
  socketId: string;
  event: string;
  channel?: string;
  data: unknown;
}

export interface PusherTestServer {
  port: number;
  /** ws://127.0.0.1:port */
  url: string;
  /** http://127.0.0.1:port/auth */
  authEndpoint: string;
  /** sends {event, channel, data: JSON.stringify(data)} to every socket subscribed to channel */
  trigger(channel: string, event: string, data: object): void;
  /** number of open sockets */
  connections(): number;
  /** one entry per (socket, channel) subscription, sorted */
  subscriptions(): string[];
  close(): Promise<void>;
  /** closes every socket with `code`, or terminates them abruptly when no code is given */
  dropAll(code?: number): void;
  authRequests: AuthRequestRecord[];
  /** every parsed frame received from clients, in order */
  received: ReceivedFrame[];
  /** sends a raw text frame to every open socket */
  sendRaw(text: string): void;
  /** toggles answering pusher:ping at runtime */
  setAnswerPings(answer: boolean): void;
}

interface ClientState {
  socket: WebSocket;
  socketId: string;
  channels: Set<string>;
}

function sign(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startPusherServer(options: PusherServerOptions): Promise<PusherTestServer> {
  const { appId, key, secret } = options;
  let answerPings = options.answerPings ?? true;
  const activityTimeout = options.activityTimeout ?? 120;
  const signer = new Pusher({ appId, key, secret, cluster: 'mt1' });
  const clients = new Set<ClientState>();
  const authRequests: AuthRequestRecord[] = [];
  const received: ReceivedFrame[] = [];
  let socketCounter = 0;

  const send = (socket: WebSocket, frame: Record<string, unknown>): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  };

  const handleAuth = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const params = new URLSearchParams(await readBody(req));
    const record: AuthRequestRecord = {
      socket_id: params.get('socket_id') ?? '',
      channel_name: params.get('channel_name') ?? '',
    };
    const authorization = req.headers.authorization;
    if (authorization !== undefined) record.authorization = authorization;
    authRequests.push(record);

    if (authorization === undefined || !/^Bearer \S+$/.test(authorization)) {
      sendJson(res, 403, { error: 'forbidden' });
      return;
    }
    try {
      const body = record.channel_name.startsWith('presence-')
        ? signer.authorizeChannel(record.socket_id, record.channel_name, { user_id: `user-${record.socket_id}` })
        : signer.authorizeChannel(record.socket_id, record.channel_name);
      sendJson(res, 200, body);
    } catch (error) {
      sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  };

  const httpServer = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/auth') {
      handleAuth(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) });
        else res.destroy();
      });
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  });

  const wss = new WebSocketServer({ noServer: true });

  const verifySubscription = (client: ClientState, channel: string, data: Record<string, unknown>): boolean => {
    const auth = data['auth'];
    if (typeof auth !== 'string') return false;
    const channelData = data['channel_data'];
    const toSign = channel.startsWith('presence-')
      ? `${client.socketId}:${channel}:${typeof channelData === 'string' ? channelData : ''}`
      : `${client.socketId}:${channel}`;
    return safeEqual(auth, `${key}:${sign(secret, toSign)}`);
  };

  const handleSubscribe = (client: ClientState, data: Record<string, unknown>): void => {
    const channel = data['channel'];
    if (typeof channel !== 'string' || channel === '') {
      send(client.socket, { event: 'pusher:error', data: { code: 4009, message: 'channel name missing' } });
      return;
    }
    const needsAuth = channel.startsWith('private-') || channel.startsWith('presence-');
    if (needsAuth && !verifySubscription(client, channel, data)) {
      send(client.socket, {
        event: 'pusher:subscription_error',
        channel,
        data: { type: 'AuthError', error: `Invalid signature for ${channel}`, status: 401 },
      });
      return;
    }
    client.channels.add(channel);
    let succeeded = '{}';
    if (channel.startsWith('presence-')) {
      const channelData = JSON.parse(String(data['channel_data'])) as { user_id: string; user_info?: unknown };
      succeeded = JSON.stringify({
        presence: { ids: [channelData.user_id], hash: { [channelData.user_id]: channelData.user_info ?? null }, count: 1 },
      });
    }
    send(client.socket, { event: 'pusher_internal:subscription_succeeded', channel, data: succeeded });
  };

  const handleFrame = (client: ClientState, raw: RawData): void => {
    let frame: { event?: unknown; channel?: unknown; data?: unknown };
    try {
      frame = JSON.parse(raw.toString()) as typeof frame;
    } catch {
      send(client.socket, { event: 'pusher:error', data: { code: 4200, message: 'invalid JSON' } });
      return;
    }
    if (typeof frame.event !== 'string') return;
    const entry: ReceivedFrame = { socketId: client.socketId, event: frame.event, data: frame.data };
    if (typeof frame.channel === 'string') entry.channel = frame.channel;
    received.push(entry);
    const data = typeof frame.data === 'string' ? (JSON.parse(frame.data) as Record<string, unknown>) : ((frame.data ?? {}) as Record<string, unknown>);
    switch (frame.event) {
      case 'pusher:ping':
        if (answerPings) send(client.socket, { event: 'pusher:pong', data: {} });
        return;
      case 'pusher:subscribe':
        handleSubscribe(client, data);
        return;
      case 'pusher:unsubscribe':
        if (typeof data['channel'] === 'string') client.channels.delete(data['channel']);
        return;
      default:
        return;
    }
  };

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = /^\/app\/([^/?]+)(?:\?|$)/.exec(req.url ?? '');
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const requestedKey = decodeURIComponent(match[1] ?? '');
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined);
      if (requestedKey !== key) {
        send(ws, { event: 'pusher:error', data: { code: 4001, message: `App key ${requestedKey} not in this cluster` } });
        ws.close(4001, 'unknown app key');
        return;
      }
      socketCounter += 1;
      const client: ClientState = {
        socket: ws,
        socketId: `${100 + socketCounter}.${Math.floor(100000 + Math.random() * 900000)}`,
        channels: new Set(),
      };
      clients.add(client);
      ws.on('close', () => clients.delete(client));
      ws.on('message', (raw: RawData) => {
        try {
          handleFrame(client, raw);
        } catch {
          send(ws, { event: 'pusher:error', data: { code: 4200, message: 'could not process frame' } });
        }
      });
      send(ws, {
        event: 'pusher:connection_established',
        data: JSON.stringify({ socket_id: client.socketId, activity_timeout: activityTimeout }),
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;

  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    authEndpoint: `http://127.0.0.1:${port}/auth`,
    authRequests,
    received,
    trigger(channel, event, data) {
      const text = JSON.stringify({ event, channel, data: JSON.stringify(data) });
      for (const client of clients) {
        if (client.channels.has(channel) && client.socket.readyState === WebSocket.OPEN) client.socket.send(text);
      }
    },
    connections() {
      let open = 0;
      for (const client of clients) if (client.socket.readyState === WebSocket.OPEN) open += 1;
      return open;
    },
    subscriptions() {
      const all: string[] = [];
      for (const client of clients) for (const channel of client.channels) all.push(channel);
      return all.sort();
    },
    sendRaw(text) {
      for (const client of clients) if (client.socket.readyState === WebSocket.OPEN) client.socket.send(text);
    },
    setAnswerPings(answer) {
      answerPings = answer;
    },
    dropAll(code) {
      for (const client of clients) {
        if (code === undefined) client.socket.terminate();
        else client.socket.close(code, 'dropped by test server');
      }
    },
    async close() {
      for (const client of clients) client.socket.terminate();
      for (const ws of wss.clients) ws.terminate();
      clients.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
