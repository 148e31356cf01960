/**
 * Attacks on the REST runtime (src/runtime/http.ts), issue 9 (credentials, bounds) and issue 11
 * items 4 and 7 (requests that cannot be sent): hostile servers on 127.0.0.1 (two of them, on
 * different ports, so two origins), hostile tokens, hostile arguments. Nothing is mocked but
 * the one `fetch` that throws a bare TypeError. Every error an attack produces is collected, and
 * the last test greps all of them (message, stack, cause chain, JSON, util.inspect) for the
 * credentials.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  type ApiInfo,
  mergeOptions,
  NetworkError,
  type OperationInfo,
  type RequestOptions,
  RequestValidationError,
  ResponseTooLargeError,
  request,
  TimeoutError,
} from '../src/runtime/http.js';

// ------------------------------------------------------------------------ two origins

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Peer {
  server: Server;
  origin: string;
  seen: Seen[];
  answer: (req: Seen, res: ServerResponse) => void;
  sockets: Set<Socket>;
}

function ok(_req: Seen, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
}

async function peer(): Promise<Peer> {
  const p: Peer = { server: createServer(), origin: '', seen: [], answer: ok, sockets: new Set() };
  p.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      p.seen.push(record);
      p.answer(record, res);
    });
  });
  p.server.on('connection', (s) => {
    p.sockets.add(s);
    s.on('close', () => p.sockets.delete(s));
  });
  await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve));
  p.origin = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`;
  return p;
}

let a: Peer; // the API's origin
let b: Peer; // another origin (another port)

beforeAll(async () => {
  a = await peer();
  b = await peer();
});

beforeEach(() => {
  for (const p of [a, b]) {
    p.seen = [];
    p.answer = ok;
  }
});

afterAll(async () => {
  for (const p of [a, b]) {
    for (const s of p.sockets) s.destroy();
    await new Promise<void>((resolve) => p.server.close(() => resolve()));
  }
});

// ------------------------------------------------------------------------ the API

const TOKEN = 'tok-3b9d-BEARER-DO-NOT-LEAK';
const KEY = 'key-81aa-HEADER-DO-NOT-LEAK';
const QKEY = 'key-77c2-QUERY-DO-NOT-LEAK';
const CKEY = 'key-0e45-COOKIE-DO-NOT-LEAK';
const SECRETS = [TOKEN, KEY, QKEY, CKEY];

function api(server = `${a.origin}/v1`): ApiInfo {
  return {
    servers: { main: { url: server } },
    securitySchemes: {
      bearer: { type: 'bearer' },
      headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
      cookieKey: { type: 'apiKey', in: 'cookie', name: 'session' },
    },
  };
}

function op(overrides: Partial<OperationInfo> = {}): OperationInfo {
  return {
    id: 'getItem',
    method: 'get',
    path: '/items/{id}',
    servers: ['main'],
    security: [['bearer', 'headerKey', 'queryKey', 'cookieKey']],
    parameters: [
      { name: 'id', in: 'path' },
      { name: 'X-Trace', in: 'header' },
    ],
    ...overrides,
  };
}

const args = { path: { id: 'i1' } };
const auth = { bearer: TOKEN, headerKey: KEY, queryKey: QKEY, cookieKey: CKEY };
const options: RequestOptions = { auth, retry: false };

/** Every error an attack produced, for the final grep. */
const collected: Array<{ label: string; error: unknown }> = [];

async function rejection(label: string, promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => {
      throw new Error(`${label}: expected a rejection`);
    },
    (e: unknown) => e,
  );
  collected.push({ label, error });
  return error;
}

function redirectTo(status: number, location: string) {
  return (_req: Seen, res: ServerResponse): void => {
    res.writeHead(status, { location, 'content-length': '0' });
    res.end();
  };
}

function credentialsIn(s: Seen): string[] {
  const found: string[] = [];
  const text = `${s.url}\n${JSON.stringify(s.headers)}`;
  for (const secret of SECRETS) if (text.includes(secret)) found.push(secret);
  if (s.headers['authorization'] !== undefined) found.push('authorization');
  if (s.headers['x-api-key'] !== undefined) found.push('x-api-key');
  if (s.headers['cookie'] !== undefined) found.push('cookie');
  if (new URL(s.url, 'http://x').searchParams.has('api_key')) found.push('api_key');
  return found;
}

// ------------------------------------------------------------------------ redirects

describe('credentials go to their origin only (redirects)', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another origin: the request arrives there with no credential of ours`, async () => {
      a.answer = redirectTo(status, `${b.origin}/landing?x=1`);
      const res = await request(api(), op(), args, options);
      expect(res.status).toBe(200);
      expect(a.seen).toHaveLength(1);
      expect(credentialsIn(a.seen[0]!).sort()).toEqual([...SECRETS, 'api_key', 'authorization', 'cookie', 'x-api-key'].sort());
      expect(b.seen).toHaveLength(1);
      expect(b.seen[0]!.url).toBe('/landing?x=1');
      expect(credentialsIn(b.seen[0]!)).toEqual([]);
    });
  }

  it('a Location that echoes the API-key query parameter loses it on the way to another origin', async () => {
    a.answer = redirectTo(302, `${b.origin}/landing?api_key=${QKEY}&keep=yes`);
    await request(api(), op(), args, options);
    expect(b.seen[0]!.url).toBe('/landing?keep=yes');
  });

  it('an API key passed as a declared query parameter (not through auth) is stripped the same way', async () => {
    // Older documents declare `api_key` as a query parameter besides the apiKey scheme; a
    // Location that echoes the query must not carry it to another origin.
    a.answer = (req, res) => redirectTo(302, `${b.origin}/landing${req.url.slice(req.url.indexOf('?'))}`)(req, res);
    const declared = op({ security: [], parameters: [...op().parameters, { name: 'api_key', in: 'query' }] });
    await request(api(), declared, { ...args, query: { api_key: QKEY } }, { retry: false });
    expect(a.seen[0]!.url).toBe(`/v1/items/i1?api_key=${QKEY}`);
    expect(b.seen.map((s) => s.url)).toEqual(['/landing']);
  });

  it('credentials stay stripped after the hop, even when a later hop comes back to the API origin', async () => {
    a.answer = (req, res) => (req.url.startsWith('/v1/') ? redirectTo(307, `${b.origin}/bounce`)(req, res) : ok(req, res));
    b.answer = redirectTo(307, `${a.origin}/back`);
    await request(api(), op(), args, options);
    expect(a.seen.map((s) => s.url)).toEqual([`/v1/items/i1?api_key=${QKEY}`, '/back']);
    expect(credentialsIn(a.seen[1]!)).toEqual([]);
  });

  it('a same-origin redirect keeps every credential', async () => {
    a.answer = (req, res) => (req.url.startsWith('/v1/') ? redirectTo(302, `/moved?api_key=${QKEY}`)(req, res) : ok(req, res));
    await request(api(), op(), args, options);
    expect(a.seen).toHaveLength(2);
    const second = a.seen[1]!;
    expect(second.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(second.headers['x-api-key']).toBe(KEY);
    expect(second.headers['cookie']).toBe(`session=${CKEY}`);
    expect(second.url).toBe(`/moved?api_key=${QKEY}`);
  });

  it('307/308 keep method and body; 302 after POST and 303 become a GET without body', async () => {
    const post = op({ id: 'createItem', method: 'post', path: '/items', parameters: [], body: { mediaType: 'application/json' } });
    for (const [status, method, body] of [
      [307, 'POST', '{"n":1}'],
      [308, 'POST', '{"n":1}'],
      [302, 'GET', ''],
      [303, 'GET', ''],
    ] as const) {
      a.seen = [];
      b.seen = [];
      a.answer = redirectTo(status, `${b.origin}/landing`);
      await request(api(), post, { body: { n: 1 } }, options);
      expect(b.seen, String(status)).toHaveLength(1);
      expect(b.seen[0]!.method, String(status)).toBe(method);
      expect(b.seen[0]!.body, String(status)).toBe(body);
      expect(b.seen[0]!.headers['content-type'], String(status)).toBe(body === '' ? undefined : 'application/json');
      expect(credentialsIn(b.seen[0]!), String(status)).toEqual([]);
    }
  });

  it('an API-key header passed through options.headers is stripped too; a redirect loop ends after 20 hops as a NetworkError', async () => {
    a.answer = redirectTo(302, `${b.origin}/landing`);
    await request(api(), op({ security: [] }), args, { headers: { 'X-API-Key': KEY }, retry: false });
    expect(b.seen[0]!.headers['x-api-key']).toBeUndefined();

    a.seen = [];
    a.answer = (req, res) => redirectTo(302, `/loop${a.seen.length}`)(req, res);
    const error = await rejection('redirect loop', request(api(), op(), args, { auth, retry: { attempts: 3 } }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('TOO_MANY_REDIRECTS');
    expect(a.seen).toHaveLength(21); // not retried: it would loop again
  });
});

// ------------------------------------------------------------------------ tokens that cannot be sent

describe('values that cannot be sent are refused before sending, never quoted', () => {
  for (const [label, bad] of [
    ['CR/LF', `${TOKEN}\r\nX-Injected: 1`],
    ['NUL', `${TOKEN}\0`],
    ['outside Latin-1', `${TOKEN}€`],
  ] as const) {
    it(`a bearer token holding ${label}: RequestValidationError naming the scheme, nothing sent`, async () => {
      const error = await rejection(`bearer ${label}`, request(api(), op(), args, { ...options, auth: { ...auth, bearer: bad } }));
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toContain('getItem');
      expect((error as Error).message).toContain('"bearer"');
      expect(a.seen).toHaveLength(0);
    });

    it(`an API-key header from an async token function holding ${label}: refused the same way`, async () => {
      const error = await rejection(
        `header key ${label}`,
        request(api(), op(), args, { ...options, auth: { ...auth, headerKey: async () => bad.replace(TOKEN, KEY) } }),
      );
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toContain('"headerKey"');
      expect(a.seen).toHaveLength(0);
    });

    it(`a header parameter holding ${label}: RequestValidationError naming the parameter, not retried`, async () => {
      const error = await rejection(`header param ${label}`, request(api(), op(), { ...args, headers: { 'X-Trace': bad } }, { auth, retry: { attempts: 3 } }));
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toContain('header parameter "X-Trace"');
      expect(a.seen).toHaveLength(0);
    });
  }
});

// ------------------------------------------------------------------------ bounded waits

describe('every wait is bounded', () => {
  const never = (): Promise<string> => new Promise<string>(() => undefined);

  it('a token function that never resolves: timeoutMs still ends the call (TimeoutError)', async () => {
    const started = Date.now();
    const error = await rejection('token timeout', request(api(), op(), args, { ...options, auth: { ...auth, bearer: never }, timeoutMs: 100 }));
    expect(error).toBeInstanceOf(TimeoutError);
    // Generous (a loaded machine stalls this process for seconds): the wrong behaviour waits forever.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(a.seen).toHaveLength(0);
  });

  it('a token function that never resolves: the signal still aborts the call, with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 50);
    const error = await rejection('token abort', request(api(), op(), args, { ...options, auth: { ...auth, bearer: never }, signal: controller.signal }));
    expect(error).toBe(reason);
  });

  it('retry: {maxDelayMs: Infinity} with a huge Retry-After does not retry at once', async () => {
    a.answer = (_req, res) => {
      res.writeHead(503, { 'retry-after': '99999999999', 'content-type': 'application/json' });
      res.end('{}');
    };
    const started = Date.now();
    const error = await rejection('retry-after', request(api(), op(), args, { auth, retry: { attempts: 3, maxDelayMs: Infinity } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(a.seen).toHaveLength(1); // not waited for (over any timer's reach), so thrown
    // Generous (a loaded machine stalls this process for seconds): the wrong behaviour waits forever.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('timeoutMs past a timer’s reach (2^31 ms) is no immediate timeout', async () => {
    const res = await request(api(), op(), args, { ...options, timeoutMs: 3_000_000_000 });
    expect(res.status).toBe(200);
  });
});

// ------------------------------------------------------------------------ response size

function streamBytes(total: number, withLength: boolean) {
  return (_req: Seen, res: ServerResponse): void => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...(withLength ? { 'content-length': String(total) } : {}) });
    let sent = 0;
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      if (sent >= total) res.end();
    };
    res.on('close', () => (sent = total));
    pump();
  };
}

describe('response bodies are read with a size cap', () => {
  it('past maxResponseBytes (chunked or with Content-Length): ResponseTooLargeError, per call and as a client default', async () => {
    a.answer = streamBytes(8 * 1024 * 1024, false);
    const chunked = await rejection('too large (chunked)', request(api(), op(), args, { ...options, maxResponseBytes: 1024 * 1024 }));
    expect(chunked).toBeInstanceOf(ResponseTooLargeError);
    expect(chunked).toMatchObject({ operation: 'getItem', status: 200, maxResponseBytes: 1024 * 1024 });

    a.answer = streamBytes(8 * 1024 * 1024, true);
    const merged = mergeOptions({ maxResponseBytes: 1024 * 1024 }, options);
    const declared = await rejection('too large (content-length)', request(api(), op(), args, merged));
    expect(declared).toBeInstanceOf(ResponseTooLargeError);

    // under the cap: the body arrives whole
    a.answer = streamBytes(512 * 1024, false);
    const res = await request(api(), op(), args, merged);
    expect((res.data as Blob).size).toBe(512 * 1024);
  });

  it('HEAD: a Content-Length past the cap is no body to refuse', async () => {
    a.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(1024 * 1024 * 1024) });
      res.end();
    };
    const head = await request(api(), op({ method: 'head' }), args, { ...options, maxResponseBytes: 1024 });
    expect(head.status).toBe(200);
  });

  it('a 1 GiB body with the default cap (64 MiB): ResponseTooLargeError, RSS stays bounded', { timeout: 60_000 }, async () => {
    a.answer = streamBytes(1024 * 1024 * 1024, false);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const error = await rejection('1 GiB', request(api(), op(), args, options));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect((error as ResponseTooLargeError).maxResponseBytes).toBe(64 * 1024 * 1024);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect((peak - before) / 1024 / 1024).toBeLessThan(300);
  });
});

// ------------------------------------------------------------------------ requests that cannot be sent (issue 11)

describe('requests that cannot be sent fail before sending, not retried', () => {
  it('GET and HEAD with a body: RequestValidationError naming the operation and the argument', async () => {
    for (const method of ['get', 'head']) {
      const error = await rejection(
        `${method} body`,
        request(api(), op({ method, body: { mediaType: 'application/json' } }), { ...args, body: { q: 1 } }, { auth, retry: { attempts: 3 } }),
      );
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toMatch(/getItem: a (GET|HEAD) request cannot have a body.*"body"/);
    }
    expect(a.seen).toHaveLength(0);
  });

  it('an empty path parameter is refused (no /items/)', async () => {
    const error = await rejection('empty path', request(api(), op(), { path: { id: '' } }, options));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain('path parameter "id"');
    expect(a.seen).toHaveLength(0);
  });

  it('no absolute server and no baseUrl: "pass baseUrl", not a retried NetworkError', async () => {
    const error = await rejection('no base', request(api('/'), op(), args, { auth, retry: { attempts: 3 } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain('pass baseUrl');
  });

  it('an invalid URL (from baseUrl): RequestValidationError with the URL redacted', async () => {
    const error = await rejection('bad url', request(api(), op(), args, { auth, baseUrl: 'http://exa mple.test:99999', retry: { attempts: 3 } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain('api_key=[redacted]');
  });

  it('a TypeError from fetch that is not the network: RequestValidationError, not retried', async () => {
    let calls = 0;
    const refusing = async (): Promise<Response> => {
      calls++;
      throw new TypeError(`Request cannot be constructed: header ${TOKEN}`);
    };
    const error = await rejection('fetch TypeError', request(api(), op(), args, { auth, fetch: refusing, retry: { attempts: 3 } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(calls).toBe(1);
  });

  it('connection refused: NetworkError (retried), with the underlying cause kept', async () => {
    const closed = await peer();
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    let retries = 0;
    const error = await rejection(
      'refused',
      request(api(`http://127.0.0.1:${port}`), op(), args, { auth, retry: { attempts: 2, initialDelayMs: 1 }, onRetry: () => retries++ }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(retries).toBe(1);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});

// ------------------------------------------------------------------------ the grep

describe('no credential in any error of the attacks above', () => {
  it('message, stack, cause chain, JSON.stringify, util.inspect', () => {
    expect(collected.length).toBeGreaterThan(15);
    for (const { label, error } of collected) {
      const texts: string[] = [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error) ?? '', String(error)];
      for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++)
        texts.push(e.message, e.stack ?? '', JSON.stringify(e) ?? '');
      for (const text of texts) for (const secret of SECRETS) expect(text, `${label}: ${secret}`).not.toContain(secret);
    }
  });
});
