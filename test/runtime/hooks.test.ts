/**
 * src/runtime/hooks.ts on its own: the events `onRequest` / `onResponse` receive. What a logger
 * prints of them (JSON, util.inspect, spread) holds no credential: Authorization,
 * Proxy-Authorization, Cookie, Set-Cookie and the API's own key headers read "[redacted]", API
 * keys in the query too; the real headers stay reachable as a non-enumerable `headers`. The
 * response event is made from a real response of a node:http server on 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redact, requestEvent, responseEvent } from '../../src/runtime/hooks.js';
import type { OperationInfo, Prepared } from '../../src/runtime/rest-info.js';
import { UrlBuilder } from '../../src/runtime/url.js';

const op: OperationInfo = { id: 'getThing', method: 'get', path: '/things', servers: [], security: [], parameters: [] };
const SECRETS = ['Bearer tok-SECRET', 'key-SECRET', 'session=cookie-SECRET', 'q-SECRET', 'sid=set-SECRET'];

let origin: string;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['sid=set-SECRET; HttpOnly', 'other=x'], 'x-request-id': 'r-1' });
  res.end('{}');
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function prepared(): Prepared {
  const query = new UrlBuilder(`${origin}/things`);
  query.add(['page=2']);
  query.add(['api_key=q-SECRET'], true);
  const headers = new Headers({ authorization: 'Bearer tok-SECRET', 'x-api-key': 'key-SECRET', cookie: 'session=cookie-SECRET', accept: 'application/json' });
  return { method: 'GET', url: query.toString(), headers, body: undefined, query, root: origin, secretHeaders: ['x-api-key'] };
}

/** Everything a logger could print of a value. */
const printed = (value: unknown): string => `${JSON.stringify(value)}\n${inspect(value, { depth: 5 })}\n${JSON.stringify({ ...(value as object) })}`;

describe('redact', () => {
  it('the credential headers and the listed ones read [redacted]; the others are kept; names lower-case', () => {
    const headers = new Headers({ Authorization: 'a', 'Proxy-Authorization': 'p', Cookie: 'c', 'X-Api-Key': 'k', 'X-Trace': 't' });
    expect(redact(headers, ['x-api-key'])).toEqual({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'proxy-authorization': '[redacted]',
      'x-api-key': '[redacted]',
      'x-trace': 't',
    });
    expect(redact(headers, [])['x-api-key']).toBe('k');
  });
});

describe('requestEvent', () => {
  it('operation, method, attempt and the URL with API-key query values redacted', () => {
    const event = requestEvent(op, prepared(), 2);
    expect({ ...event }).toEqual({
      operation: 'getThing',
      method: 'GET',
      url: `${origin}/things?page=2&api_key=[redacted]`,
      attempt: 2,
      redactedHeaders: { accept: 'application/json', authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' },
    });
  });

  it('printing it shows no credential; event.headers is the request’s own Headers, with the real values', () => {
    const p = prepared();
    const event = requestEvent(op, p, 1);
    const text = printed(event);
    for (const secret of SECRETS) expect(text).not.toContain(secret.split('=').pop());
    expect(Object.keys(event)).not.toContain('headers');
    expect(event.headers).toBe(p.headers);
    expect(event.headers.get('authorization')).toBe('Bearer tok-SECRET');
  });
});

describe('responseEvent', () => {
  it('from a real response: status, duration, headers with Set-Cookie redacted; the real headers behind `headers`', async () => {
    const response = await fetch(`${origin}/things`);
    await response.body?.cancel();
    const event = responseEvent(op, prepared(), 1, response.status, response.headers, 12.5);
    expect({ ...event, redactedHeaders: undefined }).toEqual({
      operation: 'getThing',
      method: 'GET',
      url: `${origin}/things?page=2&api_key=[redacted]`,
      attempt: 1,
      status: 200,
      durationMs: 12.5,
      redactedHeaders: undefined,
    });
    expect(event.redactedHeaders['set-cookie']).toBe('[redacted]');
    expect(event.redactedHeaders['x-request-id']).toBe('r-1');
    expect(printed(event)).not.toContain('set-SECRET');
    expect(event.headers.getSetCookie()).toEqual(['sid=set-SECRET; HttpOnly', 'other=x']);
  });
});
