/**
 * The REST runtime (src/runtime/http.ts) against a real node:http server on 127.0.0.1:
 * every request goes through the real `fetch`; the server records what arrived on the wire.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  type ApiInfo,
  encodeSegment,
  expandServerUrl,
  type FetchLike,
  mergeOptions,
  type OperationInfo,
  ownValue,
  type ParameterInfo,
  type RequestOptions,
  RequestValidationError,
  ResponseValidationError,
  request,
} from '../src/runtime/http.js';

// ------------------------------------------------------------------------ test server

interface Recorded {
  method: string;
  /** The raw request target exactly as it arrived (path + query). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Never answer (the test ends the response itself). */
  hold?: boolean;
}

let server: Server;
let port = 0;
let origin = '';
let recorded: Recorded[] = [];
let reply: (req: Recorded) => Reply = () => ({});
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      recorded.push(rec);
      const answer = reply(rec);
      if (answer.hold) {
        held.push(res);
        return;
      }
      res.writeHead(answer.status ?? 200, answer.headers ?? { 'content-type': 'application/json' });
      res.end(answer.body ?? (answer.headers === undefined ? '{"ok":true}' : ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});

beforeEach(() => {
  recorded = [];
  reply = () => ({});
});

afterAll(async () => {
  for (const res of held.splice(0)) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

function only(): Recorded {
  expect(recorded).toHaveLength(1);
  return recorded[0]!;
}

// ------------------------------------------------------------------------ API description

function api(): ApiInfo {
  return {
    servers: {
      primary: { url: `${origin}/primary` },
      secondary: { url: `${origin}/secondary/` },
      templated: {
        url: 'http://{host}:{port}/{version}',
        variables: { host: { default: '127.0.0.1' }, port: { default: String(port) }, version: { default: 'v1', enum: ['v1', 'v2'] } },
      },
      tenanted: { url: `${origin}/t/{tenant}`, variables: { tenant: {} } },
    },
    securitySchemes: {
      bearerAuth: { type: 'bearer' },
      basicAuth: { type: 'basic' },
      headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
      cookieKey: { type: 'apiKey', in: 'cookie', name: 'session' },
    },
  };
}

function op(overrides: Partial<OperationInfo> = {}): OperationInfo {
  return { id: 'testOp', method: 'get', path: '/items', servers: ['primary'], security: [], parameters: [], ...overrides };
}

const q = (name: string, extra: Omit<ParameterInfo, 'name' | 'in'> = {}): ParameterInfo => ({ name, in: 'query', ...extra });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

// ------------------------------------------------------------------------ servers

describe('servers and base URLs', () => {
  it('uses the first of op.servers and returns status, data and headers', async () => {
    reply = () => ({ status: 200, headers: { 'content-type': 'application/json', 'x-answer': '42' }, body: '{"n":1}' });
    const res = await request(api(), op({ servers: ['secondary', 'primary'] }), {}, {});
    expect(only().method).toBe('GET');
    expect(only().url).toBe('/secondary/items'); // trailing slash of the server URL dropped
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ n: 1 });
    expect(res.headers.get('x-answer')).toBe('42');
  });

  it('uses the method of the operation, upper-cased', async () => {
    await request(api(), op({ method: 'delete' }), {}, {});
    expect(only().method).toBe('DELETE');
  });

  it('a baseUrl string replaces every server', async () => {
    await request(api(), op({ servers: ['secondary'] }), {}, { baseUrl: `${origin}/override//` });
    expect(only().url).toBe('/override/items');
  });

  it('a baseUrl record replaces only the servers it names', async () => {
    const base = { secondary: `${origin}/other` };
    await request(api(), op({ servers: ['secondary'] }), {}, { baseUrl: base });
    await request(api(), op({ servers: ['primary'] }), {}, { baseUrl: base });
    expect(recorded.map((r) => r.url)).toEqual(['/other/items', '/primary/items']);
  });

  it('fills server variables from defaults and from serverVariables', async () => {
    await request(api(), op({ servers: ['templated'] }), {}, {});
    await request(api(), op({ servers: ['templated'] }), {}, { serverVariables: { version: 'v2' } });
    expect(recorded.map((r) => r.url)).toEqual(['/v1/items', '/v2/items']);
  });

  it('rejects a server variable outside its enum before any request is made', async () => {
    const fetchSpy = vi.fn<FetchLike>((input, init) => globalThis.fetch(input, init));
    const error = await rejection(request(api(), op({ servers: ['templated'] }), {}, { serverVariables: { version: 'v3' }, fetch: fetchSpy }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).name).toBe('RequestValidationError');
    expect((error as Error).message).toBe('testOp: server variable "version" must be one of v1, v2');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(recorded).toEqual([]);
  });

  it('rejects a server variable without a default that was not given', async () => {
    const error = await rejection(request(api(), op({ servers: ['tenanted'] }), {}, {}));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toContain('server variable "tenant" has no default; pass serverVariables.tenant');
    expect(recorded).toEqual([]);
    await request(api(), op({ servers: ['tenanted'] }), {}, { serverVariables: { tenant: 'acme' } });
    expect(only().url).toBe('/t/acme/items');
  });

  it('rejects a server variable value that would change the URL structure', async () => {
    const error = await rejection(request(api(), op({ servers: ['tenanted'] }), {}, { serverVariables: { tenant: 'a/../admin' } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(recorded).toEqual([]);
  });

  it('rejects an operation with no server, or an unknown one', async () => {
    await expect(request(api(), op({ servers: [] }), {}, {})).rejects.toThrow('testOp: the spec names no server; pass baseUrl');
    await expect(request(api(), op({ servers: ['nope'] }), {}, {})).rejects.toThrow('testOp: unknown server "nope"');
    await expect(request(api(), op({ servers: ['__proto__'] }), {}, {})).rejects.toThrow(RequestValidationError);
    expect(recorded).toEqual([]);
  });

  it('expandServerUrl fills placeholders and checks enums', () => {
    const server = { url: 'https://{region}.example.com/{v}', variables: { region: { default: 'eu', enum: ['eu', 'us'] }, v: { default: 'v1' } } };
    expect(expandServerUrl(server, {}, 'ctx')).toBe('https://eu.example.com/v1');
    expect(expandServerUrl(server, { region: 'us', v: undefined }, 'ctx')).toBe('https://us.example.com/v1');
    expect(() => expandServerUrl(server, { region: 'ap' }, 'ctx')).toThrow('ctx: server variable "region" must be one of eu, us');
    // a whole-URL variable may hold slashes
    expect(expandServerUrl({ url: '{base}/api', variables: { base: { default: 'http://localhost:1' } } }, {}, 'ctx')).toBe('http://localhost:1/api');
  });
});

// ------------------------------------------------------------------------ parameters

describe('parameters', () => {
  const itemOp = op({
    path: '/items/{id}/parts/{part}',
    parameters: [
      { name: 'id', in: 'path' },
      { name: 'part', in: 'path' },
    ],
  });

  it('percent-encodes path parameters into exactly one segment each', async () => {
    await request(api(), itemOp, { path: { id: 'a b/c', part: '?x#y' } }, {});
    await request(api(), itemOp, { path: { id: '../x', part: 7 } }, {});
    await request(api(), itemOp, { path: { id: '...', part: 'ü%' } }, {});
    expect(recorded.map((r) => r.url)).toEqual([
      '/primary/items/a%20b%2Fc/parts/%3Fx%23y',
      '/primary/items/..%2Fx/parts/7',
      '/primary/items/.../parts/%C3%BC%25',
    ]);
  });

  it('never lets "." or ".." path parameters become dot segments (they would escape the path)', async () => {
    // The WHATWG URL parser inside fetch resolves "%2E%2E" exactly like "..", so such a
    // value cannot be sent as a segment at all: it must be refused, not sent to another route.
    for (const id of ['..', '.']) {
      const error = await rejection(request(api(), itemOp, { path: { id, part: 'p' } }, {}));
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toContain('path parameter "id"');
    }
    expect(recorded).toEqual([]);
  });

  it('encodeSegment keeps slashes and dots inside the segment', () => {
    expect(encodeSegment('a b/c')).toBe('a%20b%2Fc');
    expect(encodeSegment('../x')).toBe('..%2Fx');
  });

  it('rejects a missing path parameter', async () => {
    await expect(request(api(), itemOp, { path: { id: 'x' } }, {})).rejects.toThrow('testOp: missing path parameter "part"');
    await expect(request(api(), itemOp, { path: { id: null, part: 'p' } }, {})).rejects.toThrow(RequestValidationError);
    expect(recorded).toEqual([]);
  });

  it('serialises form-style query parameters (explode arrays repeat, explode:false joins with commas)', async () => {
    const parameters = [
      q('ids'),
      q('tags', { explode: false }),
      q('text'),
      q('when'),
      q('skipped'),
      q('spaced', { style: 'spaceDelimited', explode: false }),
      q('piped', { style: 'pipeDelimited', explode: false }),
    ];
    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    await request(
      api(),
      op({ parameters }),
      { query: { ids: [1, 2, 3], tags: ['a', 'b,c'], text: 'a&b=c d', when, skipped: undefined, spaced: ['x', 'y'], piped: ['x', 'y'] } },
      {},
    );
    expect(only().url).toBe('/primary/items?ids=1&ids=2&ids=3&tags=a,b%2Cc&text=a%26b%3Dc%20d&when=2024-01-02T03%3A04%3A05.000Z&spaced=x%20y&piped=x%7Cy');
  });

  it('serialises object query parameters: deepObject, form explode, form non-explode', async () => {
    const parameters = [q('filter', { style: 'deepObject', explode: true }), q('page'), q('range', { explode: false })];
    await request(
      api(),
      op({ parameters }),
      { query: { filter: { status: 'done', 'a b': 'x&y', gone: undefined }, page: { limit: 5, offset: 10 }, range: { from: 1, to: 2 } } },
      {},
    );
    expect(only().url).toBe('/primary/items?filter%5Bstatus%5D=done&filter%5Ba%20b%5D=x%26y&limit=5&offset=10&range=from,1,to,2');
  });

  it('sends header and cookie parameters, and extra headers from the options', async () => {
    const parameters: ParameterInfo[] = [
      { name: 'X-Trace-Id', in: 'header' },
      { name: 'X-List', in: 'header' },
      { name: 'theme', in: 'cookie' },
      { name: 'lang', in: 'cookie' },
      { name: 'absent', in: 'cookie' },
    ];
    await request(
      api(),
      op({ parameters }),
      { headers: { 'X-Trace-Id': 'trace-1', 'X-List': [1, 2] }, cookies: { theme: 'dark', lang: 'en gb' } },
      { headers: { 'X-Client': 'specweave' } },
    );
    const { headers } = only();
    expect(headers['x-trace-id']).toBe('trace-1');
    expect(headers['x-list']).toBe('1,2');
    expect(headers['x-client']).toBe('specweave');
    expect(headers['cookie']).toBe('theme=dark; lang=en%20gb');
    expect(headers['accept']).toBe('application/json, */*;q=0.5');
  });

  it('a caller-given Accept header is kept', async () => {
    await request(api(), op(), {}, { headers: { Accept: 'text/csv' } });
    expect(only().headers['accept']).toBe('text/csv');
  });
});

// ------------------------------------------------------------------------ auth

describe('auth', () => {
  it('bearer: a string token', async () => {
    await request(api(), op({ security: [['bearerAuth']] }), {}, { auth: { bearerAuth: 'tok-123' } });
    expect(only().headers['authorization']).toBe('Bearer tok-123');
  });

  it('bearer: an async function is called once per request', async () => {
    let n = 0;
    const token = vi.fn(async () => `tok-${++n}`);
    const options: RequestOptions = { auth: { bearerAuth: token } };
    await request(api(), op({ security: [['bearerAuth']] }), {}, options);
    await request(api(), op({ security: [['bearerAuth']] }), {}, options);
    expect(token).toHaveBeenCalledTimes(2);
    expect(recorded.map((r) => r.headers['authorization'])).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('basic: username and password, UTF-8 encoded', async () => {
    await request(api(), op({ security: [['basicAuth']] }), {}, { auth: { basicAuth: { username: 'Aladdin', password: 'open sesame' } } });
    await request(api(), op({ security: [['basicAuth']] }), {}, { auth: { basicAuth: { username: 'jösé', password: 'pä:ss' } } });
    expect(recorded.map((r) => r.headers['authorization'])).toEqual([
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
      `Basic ${Buffer.from('jösé:pä:ss', 'utf8').toString('base64')}`,
    ]);
  });

  it('apiKey in a header, in the query and in a cookie', async () => {
    await request(api(), op({ security: [['headerKey']] }), {}, { auth: { headerKey: 'hk' } });
    await request(api(), op({ security: [['queryKey']], parameters: [q('page')] }), { query: { page: 2 } }, { auth: { queryKey: 'k v&' } });
    await request(
      api(),
      op({ security: [['cookieKey']], parameters: [{ name: 'theme', in: 'cookie' }] }),
      { cookies: { theme: 'dark' } },
      { auth: { cookieKey: 's=1' } },
    );
    const [header, query, cookie] = recorded;
    expect(header?.headers['x-api-key']).toBe('hk');
    expect(header?.headers['authorization']).toBeUndefined();
    expect(query?.url).toBe('/primary/items?page=2&api_key=k%20v%26');
    expect(cookie?.headers['cookie']).toBe('theme=dark; session=s%3D1');
  });

  it('uses the first alternative for which every scheme has a credential', async () => {
    const security = [['headerKey', 'bearerAuth'], ['basicAuth'], ['bearerAuth']];
    await request(api(), op({ security }), {}, { auth: { bearerAuth: 'b', basicAuth: { username: 'u', password: 'p' } } });
    await request(api(), op({ security }), {}, { auth: { bearerAuth: 'b', headerKey: 'hk' } });
    await request(api(), op({ security }), {}, { auth: { bearerAuth: 'b' } });
    await request(api(), op({ security }), {}, { auth: { cookieKey: 'unrelated' } });
    const [basic, both, bearer, none] = recorded;
    expect(basic?.headers['authorization']).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(basic?.headers['x-api-key']).toBeUndefined();
    expect(both?.headers['authorization']).toBe('Bearer b');
    expect(both?.headers['x-api-key']).toBe('hk');
    expect(bearer?.headers['authorization']).toBe('Bearer b');
    expect(bearer?.headers['x-api-key']).toBeUndefined();
    expect(none?.headers['authorization']).toBeUndefined();
    expect(none?.headers['cookie']).toBeUndefined();
  });

  it('an operation whose only alternative is [] sends no credentials', async () => {
    await request(api(), op({ security: [[]] }), {}, { auth: { bearerAuth: 'b', headerKey: 'k' } });
    await request(api(), op({ security: [] }), {}, { auth: { bearerAuth: 'b' } });
    for (const r of recorded) {
      expect(r.headers['authorization']).toBeUndefined();
      expect(r.headers['x-api-key']).toBeUndefined();
    }
    expect(recorded).toHaveLength(2);
  });

  it('optional auth ([] next to a scheme) sends the credential when one is given', async () => {
    const token = vi.fn(() => 'opt');
    await request(api(), op({ security: [[], ['bearerAuth']] }), {}, { auth: { bearerAuth: token } });
    await request(api(), op({ security: [[], ['bearerAuth']] }), {}, {});
    expect(recorded.map((r) => r.headers['authorization'])).toEqual(['Bearer opt', undefined]);
    expect(token).toHaveBeenCalledTimes(1);
  });

  it('ignores credentials for schemes the caller names that the spec does not declare', async () => {
    await request(api(), op({ security: [['toString']] }), {}, { auth: {} });
    expect(only().headers['authorization']).toBeUndefined();
  });
});

// ------------------------------------------------------------------------ bodies

/** A minimal multipart/form-data parser (server side), enough to check what fetch sent. */
function parseMultipart(rec: Recorded): Array<{ headers: Record<string, string>; content: string }> {
  const type = rec.headers['content-type'] ?? '';
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  expect(boundary).not.toBeNull();
  const delimiter = `--${boundary![1] ?? boundary![2]}`;
  const text = rec.body.toString('latin1');
  expect(text.trimEnd().endsWith(`${delimiter}--`)).toBe(true);
  return text
    .split(delimiter)
    .slice(1, -1)
    .map((raw) => {
      const part = raw.replace(/^\r\n/, '').replace(/\r\n$/, '');
      const split = part.indexOf('\r\n\r\n');
      const headers: Record<string, string> = {};
      for (const line of part.slice(0, split).split('\r\n')) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      return { headers, content: Buffer.from(part.slice(split + 4), 'latin1').toString('utf8') };
    });
}

describe('request bodies', () => {
  it('JSON', async () => {
    await request(api(), op({ method: 'post', body: { mediaType: 'application/json' } }), { body: { name: 'x', n: [1, null] } }, {});
    const rec = only();
    expect(rec.headers['content-type']).toBe('application/json');
    expect(JSON.parse(rec.body.toString('utf8'))).toEqual({ name: 'x', n: [1, null] });
  });

  it('application/x-www-form-urlencoded', async () => {
    await request(
      api(),
      op({ method: 'post', body: { mediaType: 'application/x-www-form-urlencoded' } }),
      { body: { a: 'x y&z', list: [1, 2], gone: undefined } },
      {},
    );
    const rec = only();
    expect(rec.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(rec.body.toString('utf8')).toBe('a=x+y%26z&list=1&list=2');
  });

  it('multipart/form-data with a Blob, a File and plain fields', async () => {
    const body = {
      title: 'report',
      data: new Blob(['hello blob'], { type: 'text/plain' }),
      upload: new File(['{"a":1}'], 'r ü.json', { type: 'application/json' }),
      tags: ['a', 'b'],
      gone: undefined,
    };
    await request(api(), op({ method: 'post', body: { mediaType: 'multipart/form-data' } }), { body }, {});
    const rec = only();
    expect(rec.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const parts = parseMultipart(rec);
    expect(parts.map((p) => p.headers['content-disposition'])).toEqual([
      'form-data; name="title"',
      'form-data; name="data"; filename="blob"',
      // undici writes the UTF-8 bytes of the file name; parsed here as latin1 → re-decode
      `form-data; name="upload"; filename="${Buffer.from('r ü.json', 'utf8').toString('latin1')}"`,
      'form-data; name="tags"',
      'form-data; name="tags"',
    ]);
    expect(parts.map((p) => p.content)).toEqual(['report', 'hello blob', '{"a":1}', 'a', 'b']);
    expect(parts[1]?.headers['content-type']).toBe('text/plain');
    expect(parts[2]?.headers['content-type']).toBe('application/json');
  });

  it('text', async () => {
    await request(api(), op({ method: 'put', body: { mediaType: 'text/plain' } }), { body: 'plain text ü' }, {});
    const rec = only();
    expect(rec.headers['content-type']).toBe('text/plain');
    expect(rec.body.toString('utf8')).toBe('plain text ü');
  });

  it('binary (application/octet-stream)', async () => {
    await request(api(), op({ method: 'put', body: { mediaType: 'application/octet-stream' } }), { body: new Uint8Array([0, 1, 255]) }, {});
    const rec = only();
    expect(rec.headers['content-type']).toBe('application/octet-stream');
    expect([...rec.body]).toEqual([0, 1, 255]);
  });

  it('sends no body when the operation declares none', async () => {
    await request(api(), op({ method: 'post' }), { body: { ignored: true } }, {});
    const rec = only();
    expect(rec.body.length).toBe(0);
    expect(rec.headers['content-type']).toBeUndefined();
  });
});

// ------------------------------------------------------------------------ responses

describe('responses', () => {
  it('decodes JSON (with parameters and +json suffixes)', async () => {
    reply = () => ({ headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":[1,2]}' });
    expect((await request(api(), op(), {}, {})).data).toEqual({ a: [1, 2] });
    reply = () => ({ headers: { 'content-type': 'application/vnd.api+json' }, body: '[true]' });
    expect((await request(api(), op(), {}, {})).data).toEqual([true]);
  });

  it('an empty 204 is undefined', async () => {
    // even with a content type that would otherwise decode to a Blob
    reply = () => ({ status: 204, headers: { 'content-type': 'application/octet-stream' } });
    const res = await request(api(), op({ method: 'delete' }), {}, {});
    expect(res.status).toBe(204);
    expect(res.data).toBeUndefined();
  });

  it('an empty JSON body is undefined; invalid JSON is a ResponseValidationError on 2xx, text in an ApiError otherwise', async () => {
    reply = () => ({ headers: { 'content-type': 'application/json' }, body: '' });
    expect((await request(api(), op(), {}, {})).data).toBeUndefined();
    reply = () => ({ headers: { 'content-type': 'application/json' }, body: 'not json' });
    const invalid = await rejection(request(api(), op(), {}, {}));
    expect(invalid).toBeInstanceOf(ResponseValidationError);
    expect((invalid as ResponseValidationError).body).toBe('not json');
    reply = () => ({ status: 400, headers: { 'content-type': 'application/json' }, body: 'not json' });
    expect(((await rejection(request(api(), op(), {}, {}))) as ApiError).body).toBe('not json');
  });

  it('decodes text', async () => {
    reply = () => ({ headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'hello ü' });
    expect((await request(api(), op(), {}, {})).data).toBe('hello ü');
  });

  it('returns other media types as a Blob', async () => {
    reply = () => ({ headers: { 'content-type': 'image/png' }, body: Buffer.from([137, 80, 78, 71]) });
    const data = (await request(api(), op(), {}, {})).data;
    expect(data).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await (data as Blob).arrayBuffer())]).toEqual([137, 80, 78, 71]);
  });

  it('a non-2xx status throws ApiError with status, decoded body, headers and operation id', async () => {
    reply = () => ({ status: 404, headers: { 'content-type': 'application/problem+json', 'x-request-id': 'r-1' }, body: '{"error":"no such task"}' });
    const error = await rejection(request(api(), op({ id: 'getTask' }), {}, {}));
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.name).toBe('ApiError');
    expect(apiError.operation).toBe('getTask');
    expect(apiError.status).toBe(404);
    expect(apiError.body).toEqual({ error: 'no such task' });
    expect(apiError.headers.get('x-request-id')).toBe('r-1');
    expect(apiError.message).toBe('getTask failed with HTTP 404');
  });

  it('a 500 with a text body and a 304 are ApiErrors too', async () => {
    reply = () => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'boom' });
    const error = (await rejection(request(api(), op(), {}, {}))) as ApiError;
    expect([error.status, error.body]).toEqual([500, 'boom']);
    reply = () => ({ status: 304, headers: {} });
    const notModified = (await rejection(request(api(), op(), {}, {}))) as ApiError;
    expect([notModified.status, notModified.body]).toEqual([304, undefined]);
  });
});

// ------------------------------------------------------------------------ transport

describe('transport', () => {
  it('uses the injected fetch (still a real request)', async () => {
    const calls: Array<[string, string | undefined]> = [];
    const wrapped: FetchLike = (input, init) => {
      calls.push([input, init.method]);
      return globalThis.fetch(input, init);
    };
    const res = await request(api(), op({ parameters: [q('x')] }), { query: { x: 1 } }, { fetch: wrapped });
    expect(calls).toEqual([[`${origin}/primary/items?x=1`, 'GET']]);
    expect(only().url).toBe('/primary/items?x=1');
    expect(res.data).toEqual({ ok: true });
  });

  it('an AbortSignal aborts a request in flight', async () => {
    reply = () => ({ hold: true });
    const controller = new AbortController();
    const pending = rejection(request(api(), op(), {}, { signal: controller.signal }));
    await vi.waitFor(() => expect(recorded).toHaveLength(1));
    controller.abort();
    const error = await pending;
    expect((error as Error).name).toBe('AbortError');
  });

  it('an already aborted signal sends nothing', async () => {
    const error = await rejection(request(api(), op(), {}, { signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe('AbortError');
    expect(recorded).toEqual([]);
  });
});

// ------------------------------------------------------------------------ helpers

describe('mergeOptions', () => {
  it('merges headers, auth, serverVariables and baseUrl records; call values win', () => {
    const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
    const defaults: RequestOptions = {
      headers: { a: '1', b: '1' },
      auth: { bearerAuth: 'default', headerKey: 'k' },
      serverVariables: { version: 'v1', region: 'eu' },
      baseUrl: { primary: 'http://p', secondary: 'http://s' },
      fetch: defaultFetch,
    };
    const snapshot = structuredClone({ ...defaults, fetch: undefined });
    const merged = mergeOptions(defaults, {
      headers: { b: '2' },
      auth: { bearerAuth: 'call' },
      serverVariables: { version: 'v2' },
      baseUrl: { secondary: 'http://s2' },
    });
    expect(merged).toEqual({
      headers: { a: '1', b: '2' },
      auth: { bearerAuth: 'call', headerKey: 'k' },
      serverVariables: { version: 'v2', region: 'eu' },
      baseUrl: { primary: 'http://p', secondary: 'http://s2' },
      fetch: defaultFetch,
    });
    expect({ ...defaults, fetch: undefined }).toEqual(snapshot); // defaults untouched
  });

  it('a string baseUrl replaces a record and vice versa; missing records stay missing', () => {
    expect(mergeOptions({ baseUrl: { primary: 'http://p' } }, { baseUrl: 'http://all' }).baseUrl).toBe('http://all');
    expect(mergeOptions({ baseUrl: 'http://all' }, { baseUrl: { primary: 'http://p' } }).baseUrl).toEqual({ primary: 'http://p' });
    expect(mergeOptions({ baseUrl: 'http://all' }, {}).baseUrl).toBe('http://all');
    expect(mergeOptions({}, {})).toEqual({});
  });

  it('merged options drive a real request', async () => {
    const merged = mergeOptions(
      { headers: { 'X-A': 'default' }, auth: { bearerAuth: 'd' }, baseUrl: { primary: `${origin}/merged` } },
      { headers: { 'X-B': 'call' }, auth: { bearerAuth: 'c' } },
    );
    await request(api(), op({ security: [['bearerAuth']] }), {}, merged);
    const rec = only();
    expect(rec.url).toBe('/merged/items');
    expect(rec.headers['x-a']).toBe('default');
    expect(rec.headers['x-b']).toBe('call');
    expect(rec.headers['authorization']).toBe('Bearer c');
  });
});

describe('ownValue', () => {
  it('reads own keys only, never the prototype chain', () => {
    expect(ownValue({ a: 1 }, 'a')).toBe(1);
    expect(ownValue({}, '__proto__')).toBeUndefined();
    expect(ownValue({}, 'constructor')).toBeUndefined();
    expect(ownValue({}, 'toString')).toBeUndefined();
    expect(ownValue(Object.create({ inherited: 1 }) as object, 'inherited')).toBeUndefined();
    expect(ownValue(JSON.parse('{"__proto__":"own"}') as object, '__proto__')).toBe('own');
  });

  it('prototype keys in spec data are treated as absent by request()', async () => {
    const withProtoNames = op({ path: '/items/{constructor}', parameters: [{ name: 'constructor', in: 'path' }, q('toString')] });
    await expect(request(api(), withProtoNames, { path: {}, query: {} }, {})).rejects.toThrow('testOp: missing path parameter "constructor"');
    await request(api(), withProtoNames, { path: { constructor: 'c' }, query: {} }, {});
    expect(only().url).toBe('/primary/items/c');
    expect(() => expandServerUrl({ url: 'http://{hasOwnProperty}/' }, {}, 'ctx')).toThrow('server variable "hasOwnProperty" has no default');
  });
});

describe('serialisation on the wire (request() to a real server)', () => {
  it('Swagger collectionFormat in query, header and path; a content-typed query parameter', async () => {
    const parameters: ParameterInfo[] = [
      { name: 'ids', in: 'path', collectionFormat: 'csv' },
      q('status', { collectionFormat: 'pipes' }),
      q('tags', { collectionFormat: 'multi' }),
      q('filter', { contentType: 'application/json' }),
      { name: 'X-Kinds', in: 'header', collectionFormat: 'ssv' },
    ];
    await request(
      api(),
      op({ path: '/items/{ids}', parameters }),
      { path: { ids: [1, 2] }, query: { status: ['a', 'b'], tags: ['x', 'y'], filter: { key: 'test' } }, headers: { 'X-Kinds': ['cat', 'dog'] } },
      {},
    );
    const rec = only();
    expect(rec.url).toBe('/primary/items/1,2?status=a%7Cb&tags=x&tags=y&filter=%7B%22key%22%3A%22test%22%7D');
    expect(rec.headers['x-kinds']).toBe('cat dog');
  });

  it('a form body with Encoding Objects (deepObject) and an empty object; multipart with JSON parts', async () => {
    const deep = { style: 'deepObject', explode: true };
    await request(
      api(),
      op({ method: 'post', body: { mediaType: 'application/x-www-form-urlencoded', encoding: { scope: deep, metadata: deep } } }),
      { body: { scope: { type: 'account' }, metadata: {}, n: 1 } },
      {},
    );
    expect(only().body.toString()).toBe('scope%5Btype%5D=account&n=1');
    recorded.length = 0;
    await request(
      api(),
      op({ method: 'post', body: { mediaType: 'multipart/form-data' } }),
      { body: { meta: { a: 1 }, file: new Blob(['hi'], { type: 'text/plain' }), n: 2 } },
      {},
    );
    const rec = only();
    const type = String(rec.headers['content-type']);
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(new Uint8Array(rec.body), { headers: { 'content-type': type } }).formData();
    expect(JSON.parse(form.get('meta') as string)).toEqual({ a: 1 });
    expect(await (form.get('file') as Blob).text()).toBe('hi');
    expect(form.get('n')).toBe('2');
    expect(rec.body.toString()).toContain('name="meta"\r\nContent-Type: application/json\r\n');
  });

  it('a Blob in a form-urlencoded body is refused before sending', async () => {
    const error = await rejection(
      request(api(), op({ method: 'post', body: { mediaType: 'application/x-www-form-urlencoded' } }), { body: { file: new Blob(['x']) } }, {}),
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toBe(
      'testOp: body field "file" is a Blob, which an application/x-www-form-urlencoded body cannot carry; pass its bytes (Uint8Array or ArrayBuffer)',
    );
    expect(recorded).toEqual([]);
  });

  it('an operation without servers uses a string baseUrl', async () => {
    await request(api(), op({ servers: [] }), {}, { baseUrl: `${origin}/given/` });
    expect(only().url).toBe('/given/items');
  });
});
