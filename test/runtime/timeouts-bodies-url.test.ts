/** src/runtime/timeouts.ts, bodies.ts and url.ts, each on its own (real Response and AbortSignal objects). */
import { describe, expect, it } from 'vitest';
import { decodeBody, encodeBody, maxBytes } from '../../src/runtime/bodies.js';
import { expandServerUrl, RequestValidationError } from '../../src/runtime/common.js';
import { ResponseTooLargeError, ResponseValidationError, TimeoutError } from '../../src/runtime/errors.js';
import type { ApiInfo, OperationInfo, Prepared } from '../../src/runtime/rest-info.js';
import { formBody, multipartBody } from '../../src/runtime/serialise.js';
import { anySignal, bounded, timerLength } from '../../src/runtime/timeouts.js';
import { baseUrl, checkUrl, expandPath, UrlBuilder } from '../../src/runtime/url.js';

const op: OperationInfo = {
  id: 'getThing',
  method: 'get',
  path: '/things/{id}',
  servers: ['main'],
  security: [],
  parameters: [{ name: 'id', in: 'path' }],
  responses: { '200': ['application/json'] },
};
const api: ApiInfo = {
  servers: { main: { url: 'https://{region}.example.com/v1/', variables: { region: { default: 'eu', enum: ['eu', 'us'] } } } },
  securitySchemes: {},
  expandServer: expandServerUrl,
};

describe('timeouts', () => {
  it('timerLength: none for 0, Infinity and NaN; capped at 2^31-1', () => {
    expect([timerLength(undefined), timerLength(0), timerLength(Infinity), timerLength(Number.NaN), timerLength(5), timerLength(1e12)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      5,
      2 ** 31 - 1,
    ]);
  });

  it('anySignal aborts with the first reason, natively and with listeners', () => {
    for (const native of [true, false]) {
      const a = new AbortController();
      const b = new AbortController();
      const { signal, dispose } = anySignal([a.signal, b.signal], native);
      b.abort('second');
      expect([signal.aborted, signal.reason]).toEqual([true, 'second']);
      dispose();
    }
  });

  it('bounded: a slow token function times out as TimeoutError naming the credentials', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(bounded(never, op, { timeoutMs: 20 })).rejects.toThrow(TimeoutError);
    await expect(bounded(never, op, { timeoutMs: 20 })).rejects.toThrow('credentials');
    await expect(bounded(Promise.resolve(1), op, {})).resolves.toBe(1);
  });
});

describe('bodies', () => {
  it('encodes JSON, forms, text and bytes by media type', () => {
    expect(encodeBody({ mediaType: 'application/json' }, { a: 1 }, 'op')).toEqual({ body: '{"a":1}', contentType: 'application/json' });
    expect(encodeBody({ mediaType: 'application/x-www-form-urlencoded', encode: formBody }, { a: 'b c' }, 'op')).toEqual({
      body: 'a=b+c',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(encodeBody({ mediaType: 'text/plain' }, 'hi', 'op')).toEqual({ body: 'hi', contentType: 'text/plain' });
    expect(encodeBody({ mediaType: 'multipart/form-data', encode: multipartBody }, { a: 'b' }, 'op').contentType).toMatch(/^multipart\/form-data; boundary=/);
    // The encoders are named by the operation (generated code imports them), never JSON by default.
    expect(() => encodeBody({ mediaType: 'multipart/form-data' }, { a: 'b' }, 'op')).toThrow(RequestValidationError);
    expect(() => encodeBody({ mediaType: 'application/x-www-form-urlencoded' }, { a: 'b' }, 'op')).toThrow('no encoder');
  });

  it('decodes JSON, text and empty bodies; refuses what the document does not declare; caps the size', async () => {
    const json = (text: string, type = 'application/json'): Response => new Response(text, { status: 200, headers: { 'content-type': type } });
    await expect(decodeBody(op, json('{"a":1}'), maxBytes(undefined))).resolves.toEqual({ a: 1 });
    await expect(decodeBody(op, new Response(null, { status: 204 }), 100)).resolves.toBeUndefined();
    await expect(decodeBody(op, json('{'), 100)).rejects.toThrow(ResponseValidationError);
    await expect(decodeBody(op, json('<html>', 'text/html'), 100)).rejects.toThrow(ResponseValidationError);
    await expect(decodeBody(op, json(JSON.stringify({ a: 'x'.repeat(200) })), 100)).rejects.toThrow(ResponseTooLargeError);
    await expect(decodeBody(op, new Response('oops', { status: 500, headers: { 'content-type': 'text/plain' } }), 100)).resolves.toBe('oops');
    expect([maxBytes(-1), maxBytes(Number.NaN), maxBytes(5)]).toEqual([64 * 1024 * 1024, 64 * 1024 * 1024, 5]);
  });
});

describe('url', () => {
  it('base URL: the server with its variables (trailing slash dropped), a baseUrl override, refusals', () => {
    expect(baseUrl(api, op, {})).toBe('https://eu.example.com/v1');
    expect(baseUrl(api, op, { serverVariables: { region: 'us' } })).toBe('https://us.example.com/v1');
    expect(baseUrl(api, op, { baseUrl: { main: 'http://127.0.0.1:9//' } })).toBe('http://127.0.0.1:9');
    expect(() => baseUrl(api, op, { serverVariables: { region: 'mars' } })).toThrow(RequestValidationError);
    expect(() => baseUrl(api, { ...op, servers: [] }, {})).toThrow('names no server; pass baseUrl');
    // Variables are expanded only by the expansion the API info names (generated code names it when a server has variables).
    expect(() => baseUrl({ servers: api.servers, securitySchemes: {} }, op, {})).toThrow('names no expandServer');
    expect(baseUrl({ servers: { main: { url: 'https://plain.example.com/' } }, securitySchemes: {} }, op, {})).toBe('https://plain.example.com');
  });

  it('path templates: values encoded into one segment; missing, empty and dot values refused', () => {
    expect(expandPath(op, { id: 'a/b?c' })).toBe('/things/a%2Fb%3Fc');
    expect(() => expandPath(op, {})).toThrow('missing path parameter "id"');
    expect(() => expandPath(op, { id: '' })).toThrow('is empty');
    expect(() => expandPath(op, { id: '..' })).toThrow(RequestValidationError);
  });

  it('the query builder redacts credential pieces on request', () => {
    const url = new UrlBuilder('https://x.example/p?fixed=1');
    url.add(['a=1']);
    url.add(['key=secret'], true);
    expect(url.toString()).toBe('https://x.example/p?fixed=1&a=1&key=secret');
    expect(url.toString(true)).toBe('https://x.example/p?fixed=1&a=1&key=[redacted]');
  });

  it('checkUrl: absolute http(s) without user:password passes; anything else is refused before sending, the URL shown redacted', () => {
    const prepared = (root: string): Prepared => {
      const query = new UrlBuilder(`${root}/things/1`);
      query.add(['api_key=SECRET'], true);
      return { method: 'GET', url: query.toString(), headers: {}, body: undefined, query, root, secretHeaders: [] };
    };
    expect(() => checkUrl(op, prepared('https://api.example.com/v1'))).not.toThrow();
    expect(() => checkUrl(op, prepared('/v1'))).toThrow(
      'getThing: no absolute base URL (the request would go to "/v1/things/1?api_key=[redacted]"); pass baseUrl',
    );
    expect(() => checkUrl(op, prepared('http://exa mple.com'))).toThrow(
      'getThing: the request URL "http://exa mple.com/things/1?api_key=[redacted]" is not a valid URL',
    );
    expect(() => checkUrl(op, prepared('ftp://example.com'))).toThrow('getThing: the request URL must be http or https (check baseUrl)');
    expect(() => checkUrl(op, prepared('https://user:pw@example.com'))).toThrow('getThing: the base URL must not hold user:password; pass credentials as auth');
    for (const root of ['/v1', 'ftp://example.com', 'https://user:pw@example.com']) {
      try {
        checkUrl(op, prepared(root));
      } catch (error) {
        expect(error).toBeInstanceOf(RequestValidationError);
        expect(String(error)).not.toContain('SECRET');
      }
    }
  });
});
