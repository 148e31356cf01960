/**
 * Retries, timeouts, aborts, hooks and the error classes of the REST runtime
 * (src/runtime/http.ts), against a real node:http server on 127.0.0.1. No fetch is mocked:
 * every request goes over the loopback network, and the server decides per request how to
 * answer (status, headers, delays, a stalled body, a dropped connection).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  type ApiInfo,
  anySignal,
  mergeOptions,
  NetworkError,
  type OperationInfo,
  parseRetryAfter,
  type RequestEvent,
  type RequestOptions,
  RequestValidationError,
  type ResponseEvent,
  ResponseValidationError,
  type RetryEvent,
  request,
  TimeoutError,
} from '../src/runtime/http.js';

// ------------------------------------------------------------------------ server

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** How to answer one request: a plain reply, or full control of the response. */
type Answer = { status?: number; headers?: Record<string, string>; body?: string } | ((res: ServerResponse, req: IncomingMessage) => void);

let server: Server;
let origin = '';
let seen: Seen[] = [];
/** Called with the request's index (0 for the first of a test). */
let answer: (index: number, req: Seen) => Answer = () => ({});
/** Requests whose client went away before the response was finished. */
let closedEarly = 0;

/**
 * Aborts once the server holds the request (a fixed delay raced the request's arrival on a loaded
 * machine: aborted before it reached the server, nothing was closed early and the count stayed 0).
 */
function abortOnceSeen(abort: () => void): void {
  const check = (): void => {
    if (seen.length > 0) abort();
    else setTimeout(check, 10);
  };
  setTimeout(check, 50);
}
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      seen.push(record);
      res.on('close', () => {
        if (!res.writableFinished) closedEarly++;
      });
      const a = answer(seen.length - 1, record);
      if (typeof a === 'function') {
        a(res, req);
        return;
      }
      const body = a.body ?? '{"ok":true}';
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...a.headers });
      res.end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  seen = [];
  closedEarly = 0;
  answer = () => ({});
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Never answers (the socket is destroyed when the test file ends). */
const hold: Answer = () => undefined;
/** Sends headers and part of the body, then stalls. */
const stallBody: Answer = (res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100', 'x-partial': 'yes' });
  res.write('{"partial":');
};

// ------------------------------------------------------------------------ API description

const TOKEN = 'sk-live-7c1f0b9e-DO-NOT-LEAK';
const KEY = 'query-key-51f0-DO-NOT-LEAK';

function api(): ApiInfo {
  return {
    servers: { main: { url: `${origin}/v1` } },
    securitySchemes: {
      bearer: { type: 'bearer' },
      queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
      headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    },
  };
}

function op(overrides: Partial<OperationInfo> = {}): OperationInfo {
  return {
    id: 'getThing',
    method: 'get',
    path: '/things/{id}',
    servers: ['main'],
    security: [['bearer']],
    parameters: [{ name: 'id', in: 'path' }],
    ...overrides,
  };
}

const args = { path: { id: 'a1' } };
/** Small delays so retry tests stay fast (the defaults are 200 ms / 10 s). */
const quick = { initialDelayMs: 5, maxDelayMs: 50 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

// ------------------------------------------------------------------------ retries

describe('retries', () => {
  it('GET: 503 then 200 is retried once; onRetry sees the attempt, the delay, the ApiError and the response', async () => {
    answer = (i) => (i === 0 ? { status: 503, body: '{"busy":true}', headers: { 'x-why': 'maintenance' } } : { body: '{"n":2}' });
    const events: RetryEvent[] = [];
    const res = await request(api(), op(), args, { retry: quick, onRetry: (e) => events.push(e) });
    expect(res).toMatchObject({ status: 200, data: { n: 2 } });
    expect(seen).toHaveLength(2);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.operation).toBe('getThing');
    expect(event?.attempt).toBe(1);
    expect(event?.delayMs).toBeGreaterThanOrEqual(0);
    expect(event?.delayMs).toBeLessThanOrEqual(quick.initialDelayMs);
    expect(event?.error).toBeInstanceOf(ApiError);
    expect((event!.error as ApiError).status).toBe(503);
    expect((event!.error as ApiError).body).toEqual({ busy: true });
    expect(event?.response?.status).toBe(503);
    expect(event?.response?.headers.get('x-why')).toBe('maintenance');
  });

  it('retries are on by default for GET, HEAD, PUT, DELETE and OPTIONS (3 attempts), then the last error is thrown', async () => {
    for (const method of ['get', 'head', 'put', 'delete', 'options']) {
      seen = [];
      answer = () => ({ status: 500, body: '' });
      const error = await rejection(request(api(), op({ method }), args, { retry: { ...quick } }));
      expect(error, method).toBeInstanceOf(ApiError);
      expect(seen.map((s) => s.method)).toEqual(Array(3).fill(method.toUpperCase()));
    }
  });

  it('default policy (no retry option): a GET is retried after a 502 with the default backoff', async () => {
    answer = (i) => (i === 0 ? { status: 502 } : {});
    const events: RetryEvent[] = [];
    await request(api(), op(), args, { onRetry: (e) => events.push(e) });
    expect(seen).toHaveLength(2);
    expect(events[0]?.delayMs).toBeLessThanOrEqual(200); // full jitter up to initialDelayMs (200 ms)
  });

  it('a POST is NOT retried by default; retry: true or an options object opts it in', async () => {
    const post = op({ method: 'post', body: { mediaType: 'application/json' } });
    answer = () => ({ status: 503 });
    const error = await rejection(request(api(), post, { ...args, body: { n: 1 } }, {}));
    expect(error).toBeInstanceOf(ApiError);
    expect(seen).toHaveLength(1);

    seen = [];
    answer = (i) => (i < 2 ? { status: 503 } : { body: '{"done":true}' });
    const optedIn = await request(api(), post, { ...args, body: { n: 1 } }, { retry: { attempts: 3, ...quick } });
    expect(optedIn.data).toEqual({ done: true });
    expect(seen).toHaveLength(3);
    expect(seen.map((s) => s.body)).toEqual(['{"n":1}', '{"n":1}', '{"n":1}']); // the body is sent again each time

    seen = [];
    answer = (i) => (i < 1 ? { status: 429, headers: { 'retry-after': '0' } } : {});
    await request(api(), post, args, { retry: true });
    expect(seen).toHaveLength(2);
  });

  it('retry: false turns retries off, also for GET; attempts: 1 means one try', async () => {
    answer = () => ({ status: 503 });
    await rejection(request(api(), op(), args, { retry: false }));
    expect(seen).toHaveLength(1);
    seen = [];
    await rejection(request(api(), op(), args, { retry: { attempts: 1 } }));
    expect(seen).toHaveLength(1);
  });

  it('408, 429 and 5xx are retried; other 4xx are not', async () => {
    for (const [status, tries] of [
      [408, 2],
      [429, 2],
      [500, 2],
      [599, 2],
      [400, 1],
      [401, 1],
      [404, 1],
      [409, 1],
    ] as const) {
      seen = [];
      answer = () => ({ status });
      const error = await rejection(request(api(), op(), args, { retry: { attempts: 2, ...quick } }));
      expect((error as ApiError).status).toBe(status);
      expect(seen.length, String(status)).toBe(tries);
    }
  });

  it('429 with Retry-After: 1 waits about a second before the retry', async () => {
    answer = (i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : {});
    const events: RetryEvent[] = [];
    const started = Date.now();
    await request(api(), op(), args, { retry: { initialDelayMs: 5 }, onRetry: (e) => events.push(e) });
    expect(events.map((e) => e.delayMs)).toEqual([1000]);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('Retry-After as an HTTP date is honoured', async () => {
    // HTTP dates have whole seconds: ask for "now + 2 s", which is 1-2 s away.
    answer = (i) => (i === 0 ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } } : {});
    const events: RetryEvent[] = [];
    await request(api(), op(), args, { retry: { maxDelayMs: 5000 }, onRetry: (e) => events.push(e) });
    expect(events[0]!.delayMs).toBeGreaterThan(900);
    expect(events[0]!.delayMs).toBeLessThanOrEqual(2000);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(events[0]!.delayMs - 50);
  });

  it('a Retry-After longer than maxDelayMs is not waited for: the ApiError is thrown at once', async () => {
    answer = () => ({ status: 503, headers: { 'retry-after': '120' } });
    const started = Date.now();
    const error = await rejection(request(api(), op(), args, { retry: { maxDelayMs: 1000 } }));
    expect((error as ApiError).status).toBe(503);
    expect((error as ApiError).headers.get('retry-after')).toBe('120');
    expect(seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('parseRetryAfter: delay-seconds, HTTP dates (past → 0), garbage → undefined', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backoff is exponential with full jitter, capped by maxDelayMs', async () => {
    answer = () => ({ status: 503 });
    const delays: number[] = [];
    await rejection(request(api(), op(), args, { retry: { attempts: 6, initialDelayMs: 8, maxDelayMs: 20 }, onRetry: (e) => delays.push(e.delayMs) }));
    expect(delays).toHaveLength(5);
    const bounds = [8, 16, 20, 20, 20];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(bounds[i]!);
    });
  });

  it('a dropped connection is a NetworkError and is retried (GET)', async () => {
    answer = (i) => (i === 0 ? (res) => res.socket?.destroy() : { body: '{"second":true}' });
    const events: RetryEvent[] = [];
    const res = await request(api(), op(), args, { retry: quick, onRetry: (e) => events.push(e) });
    expect(res.data).toEqual({ second: true });
    expect(events).toHaveLength(1);
    expect(events[0]?.error).toBeInstanceOf(NetworkError);
    expect(events[0]?.response).toBeUndefined();
  });

  it('an abort during the retry delay rejects at once with the caller’s reason; nothing more is sent', async () => {
    answer = () => ({ status: 503, headers: { 'retry-after': '5' } });
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const started = Date.now();
    const pending = rejection(
      request(api(), op(), args, { signal: controller.signal, retry: { maxDelayMs: 10_000 }, onRetry: () => setTimeout(() => controller.abort(reason), 50) }),
    );
    expect(await pending).toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen).toHaveLength(1);
  });
});

// ------------------------------------------------------------------------ timeouts

describe('timeouts', () => {
  it('per call: TimeoutError after timeoutMs; the request is aborted (the server sees the client go away); not retried', async () => {
    answer = () => hold;
    const started = Date.now();
    const error = await rejection(request(api(), op(), args, { timeoutMs: 150 }));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      name: 'TimeoutError',
      operation: 'getThing',
      timeoutMs: 150,
      status: undefined,
      message: 'getThing: no response within 150 ms',
    });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2000);
    expect(seen).toHaveLength(1); // GET, retries on by default: timeouts are not retried
    await expect.poll(() => closedEarly).toBe(1);
  });

  it('the operation’s default (x-specweave-timeout-seconds → OperationInfo.timeoutMs) applies when the call sets none', async () => {
    answer = () => hold;
    const error = await rejection(request(api(), op({ timeoutMs: 100 }), args, {}));
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 100 });
  });

  it('a client default (mergeOptions) applies; a per-call timeoutMs overrides it and the operation default; 0 turns it off', async () => {
    answer = () => (res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"late":true}'), 250);
    const defaults: RequestOptions = { timeoutMs: 100 };
    const slowOp = op({ timeoutMs: 50 });
    expect(await rejection(request(api(), slowOp, args, mergeOptions(defaults, {})))).toMatchObject({ name: 'TimeoutError', timeoutMs: 100 });
    expect((await request(api(), slowOp, args, mergeOptions(defaults, { timeoutMs: 2000 }))).data).toEqual({ late: true });
    expect((await request(api(), slowOp, args, mergeOptions(defaults, { timeoutMs: 0 }))).data).toEqual({ late: true });
  });

  it('the timeout covers the body: a stalled body is a TimeoutError carrying the status and headers', async () => {
    answer = () => stallBody;
    const error = (await rejection(request(api(), op(), args, { timeoutMs: 150 }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.status).toBe(200);
    expect(error.headers?.get('x-partial')).toBe('yes');
  });

  it('timeoutMs bounds each attempt, not the whole call: two 1000 ms attempts fit a 1800 ms timeout', async () => {
    // Each attempt has 800 ms of room (100 ms was too little on a loaded machine: a stalled
    // event loop fires the client's timer before it reads the answer); the two together still
    // take longer than the timeout, which is what this proves.
    const later =
      (status: number, body: string): Answer =>
      (res) =>
        setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(body), 1000);
    answer = (i) => (i === 0 ? later(503, '{}') : later(200, '{"ok":2}'));
    const started = Date.now();
    const res = await request(api(), op(), args, { timeoutMs: 1800, retry: quick });
    expect(res.data).toEqual({ ok: 2 });
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1990);
  });

  for (const native of [true, false]) {
    describe(native ? 'with AbortSignal.any' : 'without AbortSignal.any (browser fallback)', () => {
      let saved: unknown;
      beforeEach(() => {
        saved = (AbortSignal as { any?: unknown }).any;
        if (!native) (AbortSignal as { any?: unknown }).any = undefined;
        return () => {
          (AbortSignal as { any?: unknown }).any = saved;
        };
      });

      it('timeout + caller signal: the caller aborting first rejects with the caller’s reason', async () => {
        answer = () => hold;
        const controller = new AbortController();
        abortOnceSeen(() => controller.abort());
        const error = await rejection(request(api(), op(), args, { timeoutMs: 5000, signal: controller.signal }));
        expect(error).toBe(controller.signal.reason);
        expect((error as Error).name).toBe('AbortError');
        expect(error).not.toBeInstanceOf(TimeoutError);
        await expect.poll(() => closedEarly).toBe(1);
      });

      it('timeout + caller signal: the timeout firing first is a TimeoutError (and the caller’s signal stays usable)', async () => {
        answer = () => hold;
        const controller = new AbortController();
        const error = await rejection(request(api(), op(), args, { timeoutMs: 80, signal: controller.signal }));
        expect(error).toBeInstanceOf(TimeoutError);
        expect(controller.signal.aborted).toBe(false);
        answer = () => ({});
        expect((await request(api(), op(), args, { timeoutMs: 1000, signal: controller.signal })).status).toBe(200);
      });
    });
  }

  it('anySignal: native and fallback both follow the first signal to abort, with its reason; dispose detaches the fallback', () => {
    for (const useNative of [true, false]) {
      const a = new AbortController();
      const b = new AbortController();
      const { signal, dispose } = anySignal([a.signal, b.signal], useNative);
      expect(signal.aborted).toBe(false);
      b.abort('second');
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBe('second');
      a.abort('first');
      expect(signal.reason).toBe('second');
      dispose();
    }
    const a = new AbortController();
    const { signal, dispose } = anySignal([a.signal, new AbortController().signal], false);
    dispose();
    a.abort();
    expect(signal.aborted).toBe(false); // detached
    expect(anySignal([AbortSignal.abort('already')], false).signal.reason).toBe('already');
  });
});

// ------------------------------------------------------------------------ aborts

describe('aborts: the caller’s reason, at every stage', () => {
  it('before sending: nothing is sent', async () => {
    const reason = { custom: 'reason' };
    const error = await rejection(request(api(), op(), args, { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(seen).toEqual([]);
  });

  it('in flight: the request is aborted', async () => {
    answer = () => hold;
    const controller = new AbortController();
    const reason = new Error('navigated away');
    abortOnceSeen(() => controller.abort(reason));
    expect(await rejection(request(api(), op(), args, { signal: controller.signal }))).toBe(reason);
    await expect.poll(() => closedEarly).toBe(1);
  });

  it('while the body arrives', async () => {
    answer = () => stallBody;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const error = await rejection(request(api(), op(), args, { signal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(error).toBe(controller.signal.reason);
  });
});

// ------------------------------------------------------------------------ errors

describe('error classes', () => {
  it('NetworkError: connection refused, with the cause’s code; no status', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = (await rejection(request(api(), op(), args, { baseUrl: `http://127.0.0.1:${port}`, retry: { attempts: 2, ...quick } }))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.name).toBe('NetworkError');
    expect(error.operation).toBe('getThing');
    expect(error.message).toBe('getThing: network error (ECONNREFUSED)');
    expect(error.status).toBeUndefined();
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('NetworkError: the connection drops in the middle of the body (status and headers kept)', async () => {
    answer = () => (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"cut":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const error = (await rejection(request(api(), op(), args, { retry: false }))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.status).toBe(200);
    expect(error.headers?.get('content-length')).toBe('100');
    expect(error.message).toContain('while reading the HTTP 200 response');
  });

  it('ResponseValidationError: a declared-JSON 2xx response arrives as HTML (raw body, status, headers kept)', async () => {
    answer = () => ({ headers: { 'content-type': 'text/html' }, body: '<h1>Gateway login</h1>' });
    const declared = op({ responses: { '200': ['application/json'], '404': [] } });
    const error = (await rejection(request(api(), declared, args, {}))) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toBe('getThing: HTTP 200 response has content-type "text/html"; the API document declares application/json');
    expect([error.status, error.body, error.headers.get('content-type')]).toEqual([200, '<h1>Gateway login</h1>', 'text/html']);
    expect(seen).toHaveLength(1); // not retried
  });

  it('ResponseValidationError: unparseable JSON; 2XX and default entries count as declarations', async () => {
    answer = () => ({ body: '{"truncated":' });
    const error = (await rejection(request(api(), op(), args, {}))) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.body).toBe('{"truncated":');
    expect(error.message).toContain('not valid JSON');
    answer = () => ({ headers: { 'content-type': 'text/plain' }, body: 'OK' });
    await expect(request(api(), op({ responses: { '2XX': ['application/json'] } }), args, {})).rejects.toBeInstanceOf(ResponseValidationError);
    await expect(request(api(), op({ responses: { default: ['application/problem+json'] } }), args, {})).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('no ResponseValidationError where the document allows the response: other media, no content, empty bodies, non-2xx', async () => {
    answer = () => ({ headers: { 'content-type': 'text/plain' }, body: 'fine' });
    expect((await request(api(), op({ responses: { '200': ['application/json', 'text/plain'] } }), args, {})).data).toBe('fine');
    expect((await request(api(), op({ responses: { '200': [] } }), args, {})).data).toBe('fine');
    expect((await request(api(), op({ responses: { '200': ['*/*'] } }), args, {})).data).toBe('fine');
    expect((await request(api(), op({ responses: { '201': ['application/json'] } }), args, {})).data).toBe('fine');
    answer = () => ({ headers: { 'content-type': 'text/plain' }, body: '' });
    expect((await request(api(), op({ responses: { '200': ['application/json'] } }), args, {})).data).toBeUndefined();
    answer = () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad gateway</h1>' });
    const error = await rejection(request(api(), op({ responses: { '200': ['application/json'], default: ['application/json'] } }), args, { retry: false }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body).toBe('<h1>Bad gateway</h1>');
  });

  it('ApiError keeps its shape (status, body, headers, operation, message)', async () => {
    answer = () => ({ status: 404, body: '{"detail":"nope"}', headers: { 'x-request-id': 'r-9' } });
    const error = (await rejection(request(api(), op(), args, {}))) as ApiError;
    expect(error).toMatchObject({ name: 'ApiError', status: 404, body: { detail: 'nope' }, operation: 'getThing', message: 'getThing failed with HTTP 404' });
    expect(error.headers.get('x-request-id')).toBe('r-9');
  });
});

// ------------------------------------------------------------------------ hooks and redaction

describe('hooks', () => {
  const secured = (): OperationInfo =>
    op({
      security: [['bearer', 'queryKey', 'headerKey']],
      parameters: [
        { name: 'id', in: 'path' },
        { name: 'page', in: 'query' },
      ],
    });
  const auth = { bearer: TOKEN, queryKey: KEY, headerKey: KEY };

  it('onRequest / onResponse see each attempt; logging the event objects never prints a credential', async () => {
    answer = (i) => (i === 0 ? { status: 503 } : { headers: { 'set-cookie': `session=${TOKEN}` } });
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    await request(
      api(),
      secured(),
      { path: { id: 'a1' }, query: { page: 2 } },
      { auth, retry: quick, onRequest: (r) => void requests.push(r), onResponse: (r) => void responses.push(r) },
    );

    expect(requests.map((r) => [r.operation, r.method, r.attempt])).toEqual([
      ['getThing', 'GET', 1],
      ['getThing', 'GET', 2],
    ]);
    expect(requests[0]!.url).toBe(`${origin}/v1/things/a1?page=2&api_key=[redacted]`);
    expect(requests[0]!.redactedHeaders).toMatchObject({ authorization: '[redacted]', 'x-api-key': '[redacted]', accept: 'application/json, */*;q=0.5' });
    expect(responses.map((r) => [r.status, r.attempt])).toEqual([
      [503, 1],
      [200, 2],
    ]);
    expect(responses[1]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(responses[1]!.redactedHeaders['set-cookie']).toBe('[redacted]');
    for (const event of [...requests, ...responses]) {
      expect(JSON.stringify(event)).not.toContain(TOKEN);
      expect(JSON.stringify(event)).not.toContain(KEY);
      expect(inspect(event, { depth: 10 })).not.toContain(TOKEN);
      expect(inspect(event, { depth: 10 })).not.toContain(KEY);
    }
    // Reading the headers yourself gives the real values.
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(responses[1]!.headers.get('set-cookie')).toBe(`session=${TOKEN}`);
    // The wire had them, of course.
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!.url).toBe(`/v1/things/a1?page=2&api_key=${KEY}`);
  });

  it('onRequest may change the headers that are sent, and may be async', async () => {
    await request(api(), op(), args, {
      onRequest: async (r) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        r.headers.set('x-trace-id', `trace-${r.attempt}`);
      },
    });
    expect(seen[0]!.headers['x-trace-id']).toBe('trace-1');
  });

  it('an error thrown by a hook rejects the call as it is (not as a NetworkError)', async () => {
    const boom = new TypeError('hook failed');
    expect(
      await rejection(
        request(api(), op(), args, {
          onRequest: () => {
            throw boom;
          },
        }),
      ),
    ).toBe(boom);
    expect(seen).toEqual([]);
    expect(
      await rejection(
        request(api(), op(), args, {
          onResponse: () => {
            throw boom;
          },
        }),
      ),
    ).toBe(boom);
  });
});

describe('credentials never appear in errors', () => {
  const secured = op({ security: [['bearer', 'queryKey', 'headerKey']], parameters: [{ name: 'id', in: 'path' }] });
  const options: RequestOptions = { auth: { bearer: TOKEN, queryKey: KEY, headerKey: async () => KEY }, retry: false };

  function expectClean(error: unknown, label: string): void {
    expect(error, label).toBeInstanceOf(Error);
    const e = error as Error;
    for (const secret of [TOKEN, KEY]) {
      expect(e.message, label).not.toContain(secret);
      expect(e.stack ?? '', label).not.toContain(secret);
      expect(JSON.stringify(e), label).not.toContain(secret);
      expect(inspect(e, { depth: 10 }), label).not.toContain(secret);
      expect(String(e), label).not.toContain(secret);
    }
  }

  it('ApiError, NetworkError, TimeoutError, ResponseValidationError, RequestValidationError', async () => {
    answer = () => ({ status: 401, body: '{"detail":"bad token"}' });
    const apiError = await rejection(request(api(), secured, args, options));
    expect(apiError).toBeInstanceOf(ApiError);
    expectClean(apiError, 'ApiError');

    answer = () => (res) => res.socket?.destroy();
    const networkError = await rejection(request(api(), secured, args, options));
    expect(networkError).toBeInstanceOf(NetworkError);
    expectClean(networkError, 'NetworkError');

    // a URL fetch cannot parse: Node's message would quote it, API key included; refused before sending
    const badUrl = await rejection(request(api(), secured, args, { ...options, baseUrl: 'http://exa mple.test:99999' }));
    expect(badUrl).toBeInstanceOf(RequestValidationError);
    expectClean(badUrl, 'RequestValidationError (bad URL)');

    answer = () => hold;
    const timeoutError = await rejection(request(api(), secured, args, { ...options, timeoutMs: 50 }));
    expect(timeoutError).toBeInstanceOf(TimeoutError);
    expectClean(timeoutError, 'TimeoutError');

    answer = () => ({ headers: { 'content-type': 'text/html' }, body: '<p>login</p>' });
    const validation = await rejection(request(api(), { ...secured, responses: { '200': ['application/json'] } }, args, options));
    expect(validation).toBeInstanceOf(ResponseValidationError);
    expectClean(validation, 'ResponseValidationError');

    const invalid = await rejection(request(api(), secured, { path: { id: '..' } }, options));
    expect(invalid).toBeInstanceOf(RequestValidationError);
    expectClean(invalid, 'RequestValidationError');
  });
});
