/**
 * src/runtime/request.ts on its own: the request core generated operations call (`rt.request`),
 * against a real node:http server on 127.0.0.1. What is the core's own: it uses the serialisers
 * and encoders the operation info names and no others (the package root's `request` in http.ts
 * adds them for hand-written info; test/runtime-http.test.ts and the attack and resilience tests
 * go through that one), refuses a GET body before sending, gives a hook a checking `Headers`,
 * reports retries with the response retried, and merges per-call options over client defaults.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/runtime/common.js';
import { mergeOptions, request } from '../../src/runtime/request.js';
import type { ApiInfo, OperationInfo, RetryEvent } from '../../src/runtime/rest-info.js';
import { serialiseQuery } from '../../src/runtime/serialise.js';
import { type RecordingServer, startRecordingServer } from '../support/recording-http-server.js';

let server: RecordingServer;
let api: ApiInfo;
beforeEach(async () => {
  server = await startRecordingServer();
  api = { servers: { main: { url: `${server.url}/v1` } }, securitySchemes: {} };
});
afterEach(() => server.close());

const op = (overrides: Partial<OperationInfo> = {}): OperationInfo => ({
  id: 'listThings',
  method: 'get',
  path: '/things',
  servers: ['main'],
  security: [],
  parameters: [{ name: 'filter', in: 'query', style: 'deepObject', explode: true }],
  responses: { '200': ['application/json'] },
  ...overrides,
});

describe('request (the core)', () => {
  it('uses the serialiser the operation names; without one, a query parameter goes as style form (what withSerialisers is for)', async () => {
    const filter = { state: 'open', owner: 'me' };
    const named = op({ parameters: [{ name: 'filter', in: 'query', style: 'deepObject', explode: true, serialise: serialiseQuery }] });
    const response = await request(api, named, { query: { filter } }, {});
    expect([response.status, response.data]).toEqual([200, { ok: true }]);
    await request(api, op(), { query: { filter } }, {});
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/things?filter%5Bstate%5D=open&filter%5Bowner%5D=me', '/v1/things?state=open&owner=me']);
  });

  it('a GET with a body is refused before anything is sent', async () => {
    await expect(request(api, op(), { body: { a: 1 } }, {})).rejects.toThrow(
      new RequestValidationError('listThings: a GET request cannot have a body; leave out the argument "body"'),
    );
    expect(server.requests).toEqual([]);
  });

  it('onRequest gets a checking Headers: what the hook sets is sent, a value fetch cannot send is refused and nothing goes out', async () => {
    await request(api, op({ parameters: [] }), {}, { headers: { 'X-Client': 'c' }, onRequest: (e) => e.headers.set('x-hook', 'h') });
    expect([server.requests[0]!.headers['x-client'], server.requests[0]!.headers['x-hook'], server.requests[0]!.headers.accept]).toEqual([
      'c',
      'h',
      'application/json, */*;q=0.5',
    ]);
    const refused = request(api, op({ parameters: [] }), {}, { onRequest: (e) => e.headers.set('x-hook', 'a\r\nInjected: 1') });
    await expect(refused).rejects.toThrow(RequestValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it('a retried 503 is reported to onRetry with its response before the delay; the retry succeeds', async () => {
    let n = 0;
    server.setHandler(() => (n++ === 0 ? { status: 503, json: { busy: true }, headers: { 'retry-after': '0' } } : { status: 200, json: { ok: 2 } }));
    const events: RetryEvent[] = [];
    const response = await request(api, op({ parameters: [] }), {}, { retry: { attempts: 2 }, onRetry: (e) => events.push(e) });
    expect(response.data).toEqual({ ok: 2 });
    expect(events.map((e) => [e.operation, e.attempt, e.delayMs, e.response?.status, e.response?.redactedHeaders['retry-after']])).toEqual([
      ['listThings', 1, 0, 503, '0'],
    ]);
    expect(server.requests).toHaveLength(2);
  });
});

describe('mergeOptions', () => {
  it('call values win; headers, auth, serverVariables, baseUrl records and retry objects merge', () => {
    const merged = mergeOptions(
      {
        timeoutMs: 10,
        headers: { a: '1', b: '1' },
        auth: { x: 'dx' },
        serverVariables: { v: 'd' },
        baseUrl: { main: 'http://d' },
        retry: { attempts: 5, initialDelayMs: 1 },
      },
      { timeoutMs: 20, headers: { b: '2' }, auth: { y: 'cy' }, baseUrl: { other: 'http://c' }, retry: { attempts: 1 } },
    );
    expect(merged).toEqual({
      timeoutMs: 20,
      headers: { a: '1', b: '2' },
      auth: { x: 'dx', y: 'cy' },
      serverVariables: { v: 'd' },
      baseUrl: { main: 'http://d', other: 'http://c' },
      retry: { attempts: 1, initialDelayMs: 1 },
    });
    expect(mergeOptions({ retry: { attempts: 5 } }, { retry: false }).retry).toBe(false);
    expect(mergeOptions({ baseUrl: { main: 'http://d' } }, { baseUrl: 'http://c' }).baseUrl).toBe('http://c');
  });
});

describe('request: credentials replayed from the last call of an operation', () => {
  const schemes: ApiInfo['securitySchemes'] = {
    bearer: { type: 'bearer' },
    key: { type: 'apiKey', in: 'query', name: 'api_key' },
    basic: { type: 'basic' },
  };
  const secured = (security: OperationInfo['security']): OperationInfo => op({ id: 'getThing', parameters: [], security });
  const sent = (): Array<[string | undefined, string]> => server.requests.map((r) => [r.headers.authorization as string | undefined, r.url]);

  it('the same strings give the same request; a changed token, the same auth object mutated, or another alternative is applied afresh', async () => {
    const secure = { ...api, securitySchemes: schemes };
    const one = secured([['bearer', 'key'], ['basic']]);
    const auth: Record<string, string> = { bearer: 'T1', key: 'K1' };
    await request(secure, one, {}, { auth });
    await request(secure, one, {}, { auth: { bearer: 'T1', key: 'K1' } });
    auth['bearer'] = 'T2';
    await request(secure, one, {}, { auth });
    await request(secure, one, {}, { auth: { basic: { username: 'u', password: 'p' } } });
    expect(sent()).toEqual([
      ['Bearer T1', '/v1/things?api_key=K1'],
      ['Bearer T1', '/v1/things?api_key=K1'],
      ['Bearer T2', '/v1/things?api_key=K1'],
      [`Basic ${btoa('u:p')}`, '/v1/things'],
    ]);
  });

  it('user/password objects and token functions are applied on every call, never replayed', async () => {
    const secure = { ...api, securitySchemes: schemes };
    const byBasic = secured([['basic']]);
    const byBearer = secured([['bearer']]);
    const basic = { username: 'u', password: 'p1' };
    await request(secure, byBasic, {}, { auth: { basic } });
    basic.password = 'p2';
    await request(secure, byBasic, {}, { auth: { basic } });
    let calls = 0;
    const token = (): string => `F${++calls}`;
    await request(secure, byBearer, {}, { auth: { bearer: token } });
    await request(secure, byBearer, {}, { auth: { bearer: token } });
    expect(sent().map(([a]) => a)).toEqual([`Basic ${btoa('u:p1')}`, `Basic ${btoa('u:p2')}`, 'Bearer F1', 'Bearer F2']);
  });

  it('a refused credential is refused every time, also after a good call, and nothing is sent for it', async () => {
    const secure = { ...api, securitySchemes: schemes };
    const one = secured([['bearer']]);
    await expect(request(secure, one, {}, { auth: { bearer: 'bad\r\nX: 1' } })).rejects.toThrow(RequestValidationError);
    await request(secure, one, {}, { auth: { bearer: 'good' } });
    await expect(request(secure, one, {}, { auth: { bearer: 'bad\r\nX: 1' } })).rejects.toThrow(RequestValidationError);
    expect(sent()).toEqual([['Bearer good', '/v1/things']]);
  });
});
