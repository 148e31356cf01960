/**
 * A tiny HTTP server on 127.0.0.1 (port 0) for end-to-end tests of generated REST clients:
 * it records every request (method, URL as sent, headers, body) and answers through a
 * handler the test supplies.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as they arrived on the request line. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body text ('' when none). */
  body: string;
}

export interface Reply {
  status: number;
  /** Serialised as JSON with `content-type: application/json` unless `text` is given. */
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (the request stays open). */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest) => Reply;

export interface RecordingServer {
  /** e.g. http://127.0.0.1:54321 */
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler (default: 200 `{ ok: true }`). */
  setHandler(handler: Handler): void;
  /** Resolves once a request whose response was delayed has been aborted by the client. */
  aborted: Promise<RecordedRequest>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let handler: Handler = () => ({ status: 200, json: { ok: true } });
  let resolveAborted!: (request: RecordedRequest) => void;
  const aborted = new Promise<RecordedRequest>((resolve) => (resolveAborted = resolve));
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const respond = (res: ServerResponse, reply: Reply): void => {
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.text !== undefined) payload = reply.text;
    else if (reply.json !== undefined) {
      payload = JSON.stringify(reply.json);
      headers['content-type'] ??= 'application/json';
    }
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const record: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        requests.push(record);
        const reply = handler(record);
        if (reply.delayMs === undefined) {
          respond(res, reply);
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) respond(res, reply);
        }, reply.delayMs);
        timers.add(timer);
        res.on('close', () => {
          if (!res.writableEnded) {
            clearTimeout(timer);
            timers.delete(timer);
            resolveAborted(record);
          }
        });
      },
      () => res.destroy(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    aborted,
    setHandler(next) {
      handler = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
