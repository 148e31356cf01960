// Loopback servers the consumers talk to: one HTTP server (the Beam REST API) whose upgrade
// handler is also the WebSocket server of the three plain-WebSocket APIs, routed by path.
// Plain JavaScript so that both the TypeScript consumer (run.ts, via tsx) and the plain
// JavaScript consumer (run.mjs, plain `node`) share it. `ws` resolves from the repository's
// node_modules by walking up.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

/**
 * @typedef {{ method: string, path: string, authorization: string | null, contentType: string | null, consumer: string | null, body: string }} HttpRecord
 * @typedef {{ path: string, authorization: string | null, received: unknown[], closedBy: string }} SocketRecord
 * @typedef {{ httpUrl: string, wsUrl: string, http: HttpRecord[], sockets: SocketRecord[], close(): Promise<void> }} Servers
 */

const TASK = {
  id: 'task-42',
  status: 'COMPLETE',
  outputs: [{ name: 'result.txt', url: 'https://example.test/result.txt' }],
  started_at: '2024-05-01T10:00:00Z',
  ended_at: '2024-05-01T10:00:07Z',
  expires_in: 3600,
};

/** @returns {Promise<Servers>} */
export async function startServers() {
  /** @type {HttpRecord[]} */
  const http = [];
  /** @type {SocketRecord[]} */
  const sockets = [];

  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      http.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization ?? null,
        contentType: req.headers['content-type'] ?? null,
        consumer: typeof req.headers['x-consumer'] === 'string' ? req.headers['x-consumer'] : null,
        body,
      });
      /** @param {number} status @param {unknown} [data] */
      const reply = (status, data) => {
        if (data === undefined) {
          res.writeHead(status, { 'content-length': '0' }).end();
          return;
        }
        const text = JSON.stringify(data);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
      };
      // Every Beam operation needs the bearer token; the spec declares 401 without a body.
      if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) return reply(401);
      const json = body === '' ? undefined : JSON.parse(body);
      let m;
      if (req.method === 'POST' && (m = /^\/endpoint\/id\/([^/]+)$/.exec(path)))
        return reply(200, { by: 'id', id: decodeURIComponent(m[1] ?? ''), received: json });
      if (req.method === 'POST' && (m = /^\/endpoint\/([^/]+)\/v([^/]+)$/.exec(path)))
        return reply(200, { by: 'version', name: decodeURIComponent(m[1] ?? ''), version: Number(m[2]), received: json });
      if (req.method === 'POST' && (m = /^\/endpoint\/([^/]+)$/.exec(path)))
        return reply(200, { by: 'name', name: decodeURIComponent(m[1] ?? ''), received: json });
      if (req.method === 'POST' && (m = /^\/taskqueue\/([^/]+)$/.exec(path))) return reply(200, { task_id: TASK.id });
      if (req.method === 'GET' && (m = /^\/v2\/task\/([^/]+)\/$/.exec(path))) {
        return m[1] === TASK.id ? reply(200, TASK) : reply(404, { detail: `no task ${decodeURIComponent(m[1] ?? '')}` });
      }
      if (req.method === 'DELETE' && path === '/v2/task/cancel/') return reply(200);
      return reply(404, { detail: 'no such route' });
    });
  });

  // Upgrades are handled by hand so that the 101 response and the frames a server sends right
  // on `connection` leave in one write (cork/uncork), as they do from a busy real server: a
  // client must be listening for messages by the time the handshake completes.
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    socket.cork();
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req);
      process.nextTick(() => socket.uncork());
    });
  });
  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'ws://localhost');
    /** @type {SocketRecord} */
    const record = {
      path: req.url ?? '/',
      authorization: req.headers.authorization ?? null,
      received: [],
      closedBy: 'client',
    };
    sockets.push(record);
    /** @param {unknown} value */
    const send = (value) => socket.send(JSON.stringify(value));
    /** @param {number} code @param {string} reason */
    const closeWith = (code, reason) => {
      record.closedBy = 'server';
      socket.close(code, reason);
    };
    socket.on('message', (raw) => {
      const text = raw.toString();
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        message = text;
      }
      record.received.push(message);
      if (url.pathname === '/realtime/') {
        if (message && typeof message === 'object' && message.close === true) closeWith(1000, 'bye');
        else send({ echo: message, n: record.received.length });
      } else if (url.pathname === '/logs/') {
        if (message?.action !== 'LOGS_ADD_STREAM' || message.token !== 'logs-token') return closeWith(4001, 'bad command');
        send({ logs: { hits: { hits: [{ _source: { '@timestamp': '2024-05-01T10:00:01Z', msg: `started ${message.objectId}` } }] } } });
        send({
          logs: {
            hits: {
              hits: [{ _source: { '@timestamp': '2024-05-01T10:00:02Z', msg: 'ready' } }, { _source: { '@timestamp': '2024-05-01T10:00:03Z', msg: 'done' } }],
            },
          },
        });
        send({ logs: {} });
        closeWith(1000, 'stream ended');
      }
    });
    if (url.pathname === '/realtime/') {
      // What a Beam realtime container does: an application heartbeat, then the conversation.
      // A frame that is not JSON must reach `$unknown`, not a message listener.
      send({ type: 'ping' });
      socket.send('not json');
    } else if (url.pathname.startsWith('/v1/components/')) {
      // Golem streams worker events as soon as the connection opens (externally tagged, plus one
      // in the older flat shape), then the worker ends.
      const invocation = { function: 'golem:demo/api.{run}', idempotency_key: 'key-1' };
      send({ InvocationStart: { timestamp: '2024-05-01T10:00:00Z', ...invocation } });
      send({ StdOut: { timestamp: '2024-05-01T10:00:00.5Z', bytes: [...Buffer.from('hello from the worker\n')] } });
      send({ Log: { timestamp: '2024-05-01T10:00:00.7Z', level: 'Info', context: 'demo', message: 'structured' } });
      send({ type: 'StdErr', message: 'flat shape' });
      send({ InvocationFinished: { timestamp: '2024-05-01T10:00:01Z', ...invocation } });
      closeWith(1000, 'worker finished');
    } else if (url.pathname !== '/logs/') {
      closeWith(4004, 'no such channel');
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    httpUrl: `http://127.0.0.1:${address.port}`,
    wsUrl: `ws://127.0.0.1:${address.port}`,
    http,
    sockets,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(() => resolve(undefined)));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
