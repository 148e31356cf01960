/**
 * src/runtime/redirect.ts on its own: `credentialNames`, `fetchFollowing` and `follow`, with the
 * platform's real `fetch` against two real node:http servers on 127.0.0.1 (two ports, so two
 * origins). The redirect rules checked are the Fetch standard's "HTTP-redirect fetch" (at most
 * 20 redirects; 301/302 after POST and 303 after anything but GET/HEAD become a GET without the
 * request-body headers; 307/308 keep method and body), plus ours: no credential of the API
 * (Authorization, Proxy-Authorization, Cookie, API-key headers and query parameters) reaches
 * another origin. (test/attacks-rest.test.ts checks the same through `request()`.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CredentialNames, credentialNames, fetchFollowing, follow } from '../../src/runtime/redirect.js';
import type { ApiInfo, Prepared } from '../../src/runtime/rest-info.js';
import { UrlBuilder } from '../../src/runtime/url.js';
import { type RecordedRequest, type RecordingServer, startRecordingServer } from '../support/recording-http-server.js';

let a: RecordingServer; // the API's origin
let b: RecordingServer; // another origin

beforeAll(async () => {
  [a, b] = await Promise.all([startRecordingServer(), startRecordingServer()]);
});
beforeEach(() => {
  for (const s of [a, b]) {
    s.requests.length = 0;
    s.setHandler(() => ({ status: 200, json: { ok: true } }));
  }
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

const api: ApiInfo = {
  servers: {},
  securitySchemes: {
    bearer: { type: 'bearer' },
    headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
    cookieKey: { type: 'apiKey', in: 'cookie', name: 'session' },
  },
};

const fetchFn = (input: string, init: RequestInit): Promise<Response> => globalThis.fetch(input, init);

/** A prepared request as request.ts makes one (a plain header record, no hook). */
function prepared(url: string, method: string, headers: Record<string, string>, body?: string, queryKeys: string[] = []): Prepared {
  return { method, url, headers, body, query: new UrlBuilder(url), root: new URL(url).origin, secretHeaders: [], auth: { query: queryKeys, secrets: [] } };
}

/** The init request.ts gives the first hop: the prepared method, headers and body. */
function initOf(p: Prepared): RequestInit {
  const init: RequestInit = { method: p.method, headers: p.headers };
  if (p.body !== undefined) init.body = p.body as BodyInit;
  return init;
}

const credentials = { authorization: 'Bearer T', 'x-api-key': 'K', cookie: 'session=C', 'proxy-authorization': 'Basic P' };

const redirect =
  (status: number, location: (r: RecordedRequest) => string) =>
  (r: RecordedRequest): { status: number; headers: Record<string, string> } => ({ status, headers: { location: location(r) } });

describe('credentialNames', () => {
  it('Authorization, Proxy-Authorization and Cookie always; API-key headers lower-cased; API-key query names as written; found once per API', () => {
    const names = credentialNames(api);
    expect(names).toEqual({ headers: ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'], query: ['api_key'] });
    expect(credentialNames(api)).toBe(names);
    expect(credentialNames({ servers: {}, securitySchemes: {} })).toEqual({ headers: ['authorization', 'proxy-authorization', 'cookie'], query: [] });
  });
});

describe('follow: credentials stay with their origin', () => {
  const guard: CredentialNames = credentialNames(api);
  const go = (p: Prepared): Promise<Response> => follow(p, initOf(p), fetchFn, guard);

  it('a same-origin redirect keeps every credential header and the API-key query parameter', async () => {
    a.setHandler((r) => (r.url.startsWith('/start') ? redirect(302, () => '/moved?api_key=Q&x=1')(r) : { status: 200, json: { at: r.url } }));
    const response = await go(prepared(`${a.url}/start?api_key=Q`, 'GET', { ...credentials }));
    expect(await response.json()).toEqual({ at: '/moved?api_key=Q&x=1' });
    expect(a.requests.map((r) => r.url)).toEqual(['/start?api_key=Q', '/moved?api_key=Q&x=1']);
    const second = a.requests[1]!.headers;
    expect([second.authorization, second['x-api-key'], second.cookie, second['proxy-authorization']]).toEqual(['Bearer T', 'K', 'session=C', 'Basic P']);
  });

  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another origin: no credential header there, the API-key query name removed from the Location, other parameters kept`, async () => {
      a.setHandler(redirect(status, () => `${b.url}/landing?api_key=Q&keep=yes`));
      const response = await go(prepared(`${a.url}/start`, 'GET', { ...credentials, 'x-trace': 't1' }));
      expect(response.status).toBe(200);
      expect(b.requests).toHaveLength(1);
      const seen = b.requests[0]!;
      expect(seen.url).toBe('/landing?keep=yes');
      expect([seen.headers.authorization, seen.headers['x-api-key'], seen.headers.cookie, seen.headers['proxy-authorization']]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(seen.headers['x-trace']).toBe('t1');
    });
  }

  it('once stripped, credentials do not come back when a later hop returns to the API origin', async () => {
    a.setHandler((r) => (r.url === '/start' ? redirect(307, () => `${b.url}/bounce`)(r) : { status: 200, json: {} }));
    b.setHandler(redirect(307, () => `${a.url}/back`));
    await go(prepared(`${a.url}/start`, 'GET', { ...credentials }));
    expect(a.requests.map((r) => [r.url, r.headers.authorization ?? null])).toEqual([
      ['/start', 'Bearer T'],
      ['/back', null],
    ]);
  });
});

describe('follow: methods and bodies (Fetch standard, HTTP-redirect fetch step 12)', () => {
  const guard = credentialNames(api);
  const go = (p: Prepared): Promise<Response> => follow(p, initOf(p), fetchFn, guard);
  const body = '{"n":1}';
  const post = (): Prepared =>
    prepared(`${a.url}/items`, 'POST', { authorization: 'Bearer T', 'content-type': 'application/json', 'content-language': 'en' }, body);

  for (const [status, method, sent] of [
    [301, 'GET', ''],
    [302, 'GET', ''],
    [303, 'GET', ''],
    [307, 'POST', body],
    [308, 'POST', body],
  ] as const) {
    it(`POST answered ${status}: the next request is ${method} ${sent === '' ? 'without body or body headers' : 'with the same body'}`, async () => {
      a.setHandler((r) => (r.url === '/items' ? redirect(status, () => '/created')(r) : { status: 200, json: {} }));
      await go(post());
      const next = a.requests[1]!;
      expect([next.method, next.body]).toEqual([method, sent]);
      expect(next.headers['content-type']).toBe(sent === '' ? undefined : 'application/json');
      expect(next.headers['content-language']).toBe(sent === '' ? undefined : 'en');
      expect(next.headers.authorization).toBe('Bearer T'); // same origin
    });
  }

  it('303 turns PUT and DELETE into GET too, but leaves GET and HEAD as they are; 302 keeps PUT', async () => {
    a.setHandler((r) =>
      r.url === '/x' ? redirect(r.method === 'PUT' && r.headers['x-status'] === '302' ? 302 : 303, () => '/y')(r) : { status: 200, json: {} },
    );
    const methods: string[] = [];
    for (const [method, extra] of [
      ['PUT', {}],
      ['DELETE', {}],
      ['HEAD', {}],
      ['PUT', { 'x-status': '302' }],
    ] as const) {
      a.requests.length = 0;
      await go(prepared(`${a.url}/x`, method, { authorization: 'Bearer T', ...extra }));
      methods.push(`${method}${'x-status' in extra ? ' 302' : ' 303'} → ${a.requests[1]!.method}`);
    }
    expect(methods).toEqual(['PUT 303 → GET', 'DELETE 303 → GET', 'HEAD 303 → HEAD', 'PUT 302 → PUT']);
  });
});

describe('follow: redirects refused', () => {
  const guard = credentialNames(api);
  const go = (p: Prepared): Promise<Response> => follow(p, initOf(p), fetchFn, guard);
  const start = (): Prepared => prepared(`${a.url}/loop`, 'GET', { authorization: 'Bearer T' });
  const code = (error: unknown): unknown => (error as { code?: unknown }).code;

  it('more than 20 redirects: TOO_MANY_REDIRECTS after the 21st response (20 followed, as fetch does)', async () => {
    let n = 0;
    a.setHandler(redirect(302, () => `/loop${++n}`));
    const error = await go(start()).catch((e: unknown) => e);
    expect([code(error), (error as Error).message]).toEqual(['TOO_MANY_REDIRECTS', 'more than 20 redirects']);
    expect(a.requests).toHaveLength(21);
  });

  it('exactly 20 redirects are followed', async () => {
    let n = 0;
    a.setHandler((r) => (n < 20 ? redirect(302, () => `/loop${++n}`)(r) : { status: 200, json: { hops: n } }));
    const response = await go(start());
    expect(await response.json()).toEqual({ hops: 20 });
  });

  it('a Location to a scheme other than http(s), or one that is not a URL: BAD_REDIRECT, nothing more is sent', async () => {
    for (const [location, message] of [
      ['ftp://127.0.0.1/file', 'a redirect to a scheme other than http(s)'],
      ['javascript:alert(1)', 'a redirect to a scheme other than http(s)'],
      ['file:///etc/passwd', 'a redirect to a scheme other than http(s)'],
      ['http://[::1', 'a redirect Location that is not a URL'],
    ]) {
      a.requests.length = 0;
      a.setHandler(redirect(301, () => location!));
      const error = await go(start()).catch((e: unknown) => e);
      expect([code(error), (error as Error).message], location).toEqual(['BAD_REDIRECT', message]);
      expect(a.requests).toHaveLength(1);
    }
  });

  it('a 3xx without Location, and 300/304, are the response itself', async () => {
    for (const [status, headers] of [
      [302, {}],
      [300, { location: '/elsewhere' }],
      [304, { location: '/elsewhere' }],
    ] as const) {
      a.requests.length = 0;
      a.setHandler(() => ({ status, headers }));
      const response = await go(start());
      expect(response.status).toBe(status);
      expect(a.requests).toHaveLength(1);
    }
  });
});

describe('fetchFollowing', () => {
  const guard = credentialNames(api);

  it('a request without credentials leaves redirects to fetch (which follows them itself)', async () => {
    a.setHandler((r) => (r.url === '/start' ? redirect(302, () => `${b.url}/landing`)(r) : { status: 200, json: {} }));
    const p = prepared(`${a.url}/start`, 'GET', { 'x-trace': 't' });
    const init = initOf(p);
    const response = await fetchFollowing(p, init, fetchFn, guard);
    expect([response.status, response.redirected, init.redirect]).toEqual([200, true, undefined]);
    expect(b.requests[0]!.headers['x-trace']).toBe('t');
  });

  it('any credential header (an API-key header set by hand included) or API-key query parameter: followed here, credentials stripped', async () => {
    a.setHandler(redirect(302, () => `${b.url}/landing?api_key=Q`));
    for (const [headers, queryKeys] of [
      [{ authorization: 'Bearer T' }, []],
      [{ 'x-api-key': 'K' }, []],
      [{ cookie: 'session=C' }, []],
      [{}, ['api_key']],
    ] as const) {
      b.requests.length = 0;
      const p = prepared(`${a.url}/start?api_key=Q`, 'GET', { ...headers }, undefined, [...queryKeys]);
      const init = initOf(p);
      const response = await fetchFollowing(p, init, fetchFn, guard);
      expect(init.redirect).toBe('manual');
      expect(response.redirected).toBe(false); // each hop was a fetch of its own
      expect(b.requests.map((r) => [r.url, r.headers.authorization, r.headers['x-api-key'], r.headers.cookie])).toEqual([
        ['/landing', undefined, undefined, undefined],
      ]);
    }
  });

  it('an API-key query parameter that came as an ordinary declared parameter (not through auth) is a credential too', async () => {
    // A spec may declare `api_key` as a query parameter besides its apiKey scheme; the caller
    // passes it in args.query. fetch itself would follow a Location echoing it to another origin.
    a.setHandler(redirect(302, () => `${b.url}/landing?api_key=Q&keep=1`));
    const p = prepared(`${a.url}/start?x=1&api_key=Q`, 'GET', {});
    const response = await fetchFollowing(p, initOf(p), fetchFn, guard);
    expect(response.status).toBe(200);
    expect(b.requests.map((r) => r.url)).toEqual(['/landing?keep=1']);
    // A query without it (or naming it only as a value) is left to fetch.
    b.requests.length = 0;
    a.setHandler(redirect(302, () => `${b.url}/landing?q=api_key`));
    const init = initOf(prepared(`${a.url}/start?q=api_key`, 'GET', {}));
    await fetchFollowing(prepared(`${a.url}/start?q=api_key`, 'GET', {}), init, fetchFn, guard);
    expect([init.redirect, b.requests.map((r) => r.url)]).toEqual([undefined, ['/landing?q=api_key']]);
  });
});
