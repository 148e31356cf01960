/**
 * src/runtime/links.ts on its own: `runtimeExpression` and `linkArgs` against OpenAPI 3.1.1
 * "Runtime Expressions" (the ABNF and its Examples table: `$method`,
 * `$request.header.accept`, `$request.path.id`, `$request.body#/user/uuid`, `$url`,
 * `$response.body#/status`, `$response.header.Server`; "Runtime expressions preserve the type of
 * the referenced value"; embedded in strings with `{}`; `name` case-sensitive, `token` not) and
 * RFC 6901 JSON Pointer escaping (`~1` is `/`, `~0` is `~`). The source response is a real one:
 * fetched from a node:http server on 127.0.0.1 (headers as a real `Headers`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/runtime/common.js';
import { linkArgs, runtimeExpression } from '../../src/runtime/links.js';
import type { ApiResponse, LinkInfo, LinkSource, OperationInfo } from '../../src/runtime/rest-info.js';

const body = {
  id: 42,
  status: 'done',
  done: true,
  user: { uuid: 'u-1', tags: ['a', 'b'] },
  'a/b': 'slash',
  'm~n': 'tilde',
  '~1': 'tilde-one',
  items: [{ id: 'i0' }, { id: 'i1' }],
  nothing: null,
};

let origin: string;
const server = createServer((_req, res) => {
  res.writeHead(201, { 'content-type': 'application/json', server: 'test-server/1.0', 'x-rate-limit': '7', location: '/things/42' });
  res.end(JSON.stringify(body));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const operation: OperationInfo = { id: 'createThing', method: 'post', path: '/things/{id}', servers: [], security: [], parameters: [] };

async function source(withRequest = true): Promise<LinkSource> {
  const res = await fetch(`${origin}/things`, { method: 'POST' });
  const response: ApiResponse = { status: res.status, data: await res.json(), headers: res.headers };
  const request = {
    path: { id: 'p-7', Id: 'other' },
    query: { q: 'search', n: 3 },
    headers: { Accept: 'application/json', 'X-Trace': 't-9' },
    cookies: { session: 's' },
    body: { user: { uuid: 'req-uuid' }, list: [1, 2] },
  };
  return withRequest ? { operation, response, request } : { operation, response };
}

describe('runtimeExpression: the Examples table of OpenAPI 3.1.1', () => {
  it('$method is the operation’s HTTP method, upper-case; $statusCode the status as a number', async () => {
    const s = await source();
    expect(runtimeExpression('$method', s)).toBe('POST');
    expect(runtimeExpression('$statusCode', s)).toBe(201);
  });

  it('$request.header.accept: header names are tokens, compared case-insensitively', async () => {
    const s = await source();
    expect(runtimeExpression('$request.header.accept', s)).toBe('application/json');
    expect(runtimeExpression('$request.header.x-TRACE', s)).toBe('t-9');
  });

  it('$request.path.id and $request.query.q: names are case-sensitive', async () => {
    const s = await source();
    expect(runtimeExpression('$request.path.id', s)).toBe('p-7');
    expect(runtimeExpression('$request.path.Id', s)).toBe('other');
    expect(runtimeExpression('$request.query.q', s)).toBe('search');
    expect(runtimeExpression('$request.query.n', s)).toBe(3); // the type is preserved
    expect(() => runtimeExpression('$request.query.Q', s)).toThrow('createThing → link: $request.query.Q has no value in this response');
  });

  it('$request.body#/user/uuid and $request.body (the entire body)', async () => {
    const s = await source();
    expect(runtimeExpression('$request.body#/user/uuid', s)).toBe('req-uuid');
    expect(runtimeExpression('$request.body', s)).toEqual({ user: { uuid: 'req-uuid' }, list: [1, 2] });
  });

  it('$response.body#/status, values of every JSON type kept as they are', async () => {
    const s = await source();
    expect(runtimeExpression('$response.body#/status', s)).toBe('done');
    expect(runtimeExpression('$response.body#/id', s)).toBe(42);
    expect(runtimeExpression('$response.body#/done', s)).toBe(true);
    expect(runtimeExpression('$response.body#/nothing', s)).toBeNull();
    expect(runtimeExpression('$response.body#/user/tags', s)).toEqual(['a', 'b']);
    expect(runtimeExpression('$response.body#/items/1/id', s)).toBe('i1');
    expect(runtimeExpression('$response.body', s)).toEqual(body);
    expect(runtimeExpression('$response.body#', s)).toEqual(body); // the empty pointer is the whole document
  });

  it('$response.header.Server: read from the real response’s headers, case-insensitively', async () => {
    const s = await source();
    expect(runtimeExpression('$response.header.Server', s)).toBe('test-server/1.0');
    expect(runtimeExpression('$response.header.X-Rate-Limit', s)).toBe('7');
    expect(runtimeExpression('$response.header.location', s)).toBe('/things/42');
  });

  it('$url (in the table) is not evaluated: refused naming the expression, never guessed', async () => {
    const s = await source();
    expect(() => runtimeExpression('$url', s, 'Self')).toThrow(RequestValidationError);
    expect(() => runtimeExpression('$url', s, 'Self')).toThrow('createThing → Self: $url is not a runtime expression specweave can evaluate');
  });
});

describe('runtimeExpression: RFC 6901 pointers and what the grammar does not allow', () => {
  it('~1 is "/", ~0 is "~", and ~01 is "~1" (~1 is unescaped first)', async () => {
    const s = await source();
    expect(runtimeExpression('$response.body#/a~1b', s)).toBe('slash');
    expect(runtimeExpression('$response.body#/m~0n', s)).toBe('tilde');
    expect(runtimeExpression('$response.body#/~01', s)).toBe('tilde-one');
  });

  it('an array is indexed by a decimal index only (RFC 6901 §4): not by "length", a leading zero or "-"', async () => {
    const s = await source();
    expect(runtimeExpression('$response.body#/items/0/id', s)).toBe('i0');
    for (const expression of ['$response.body#/items/length', '$response.body#/items/01', '$response.body#/items/-', '$response.body#/items/1.0']) {
      expect(() => runtimeExpression(expression, s), expression).toThrow(`${expression} has no value in this response`);
    }
  });

  it('absent values, and names on the prototype chain, have no value', async () => {
    const s = await source();
    for (const expression of [
      '$response.body#/missing',
      '$response.body#/user/uuid/deeper',
      '$response.body#/__proto__',
      '$response.body#/user/constructor',
      '$response.header.X-Absent',
    ]) {
      expect(() => runtimeExpression(expression, s)).toThrow(`${expression} has no value in this response`);
    }
  });

  it('a response has no path or query; header/query/path need a name; anything else is not an expression', async () => {
    const s = await source();
    expect(() => runtimeExpression('$response.query.q', s)).toThrow('$response.query.q is not available from a response');
    expect(() => runtimeExpression('$response.path.id', s)).toThrow('is not available from a response');
    expect(() => runtimeExpression('$request.header', s)).toThrow('$request.header names no parameter');
    for (const expression of ['$request.cookie.session', '$response', '$statuscode', '$request.body/x', 'response.body#/id']) {
      expect(() => runtimeExpression(expression, s), expression).toThrow('is not a runtime expression specweave can evaluate');
    }
  });

  it('$request.… without the source call’s arguments says so', async () => {
    const s = await source(false);
    expect(() => runtimeExpression('$request.path.id', s, 'Next')).toThrow(
      'createThing → Next: $request.path.id needs the source call’s arguments (pass them as `request`)',
    );
    expect(runtimeExpression('$response.body#/id', s)).toBe(42);
  });
});

describe('linkArgs', () => {
  it('puts each parameter in its group (path, query, headers, cookies), expressions evaluated, constants as given', async () => {
    const link: LinkInfo = {
      name: 'GetThing',
      parameters: [
        { in: 'path', name: 'id', value: '$response.body#/id' },
        { in: 'query', name: 'verbose', value: true },
        { in: 'query', name: 'after', value: '$request.query.q' },
        { in: 'header', name: 'X-Trace', value: '$request.header.x-trace' },
        { in: 'cookie', name: 'session', value: 'fixed' },
      ],
    };
    expect(linkArgs(link, await source())).toEqual({
      path: { id: 42 },
      query: { verbose: true, after: 'search' },
      headers: { 'X-Trace': 't-9' },
      cookies: { session: 'fixed' },
    });
  });

  it('expressions embedded in strings with {} are written as text; nested requestBody strings are evaluated', async () => {
    const link: LinkInfo = {
      name: 'Audit',
      parameters: [{ in: 'path', name: 'id', value: 'thing-{$response.body#/id}-{$statusCode}' }],
      requestBody: {
        ids: ['$response.body#/id', '{$response.body#/user/uuid}'],
        note: 'by {$method} at {$response.header.Server}',
        tags: '$response.body#/user/tags',
        n: 5,
      },
    };
    expect(linkArgs(link, await source())).toEqual({
      path: { id: 'thing-42-201' },
      body: { ids: [42, 'u-1'], note: 'by POST at test-server/1.0', tags: ['a', 'b'], n: 5 },
    });
  });

  it('a link without requestBody gives no body; one whose requestBody is a bare expression gives that value', async () => {
    const s = await source();
    expect('body' in linkArgs({ name: 'L', parameters: [] }, s)).toBe(false);
    expect(linkArgs({ name: 'L', parameters: [], requestBody: '$response.body#/user' }, s)).toEqual({ body: { uuid: 'u-1', tags: ['a', 'b'] } });
  });

  it('extra arguments override and add, group by group; extra.body replaces the body', async () => {
    const link: LinkInfo = {
      name: 'GetThing',
      parameters: [
        { in: 'path', name: 'id', value: '$response.body#/id' },
        { in: 'query', name: 'a', value: '1' },
      ],
      requestBody: { x: 1 },
    };
    const args = linkArgs(link, await source(), { path: { id: 'chosen' }, query: { b: '2' }, headers: { 'X-New': 'y' }, body: { y: 2 } });
    expect(args).toEqual({ path: { id: 'chosen' }, query: { a: '1', b: '2' }, headers: { 'X-New': 'y' }, body: { y: 2 } });
  });

  it('a parameter named __proto__ is an own argument, not the prototype', async () => {
    const args = linkArgs<{ query: Record<string, unknown> }>(
      { name: 'L', parameters: [{ in: 'query', name: '__proto__', value: '$response.body#/status' }] },
      await source(),
    );
    expect(Object.hasOwn(args.query, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(args.query)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(args.query, '__proto__')?.value).toBe('done');
  });

  it('a missing value is refused naming the source operation, the link and the expression', async () => {
    const link: LinkInfo = { name: 'GetOwner', parameters: [{ in: 'path', name: 'owner', value: '$response.body#/owner' }] };
    const s = { ...(await source()), response: { status: 200, data: {}, headers: new Headers() } };
    expect(() => linkArgs(link, s)).toThrow('createThing → GetOwner: $response.body#/owner has no value in this response');
  });
});
