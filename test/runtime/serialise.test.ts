/**
 * src/runtime/serialise.ts on its own: each exported function against the standards' tables.
 * - OpenAPI 3.1.1 "Style Examples" (Parameter Object) (`color` = "blue" / ["blue","black","brown"] /
 *   {R:100,G:200,B:150}), row by row, and which function carries which row: the core
 *   serialisers that every generated operation uses (`formQuery`, `simplePath`) and the full ones
 *   generated info names only where needed (`serialiseQuery`, `serialisePath`), with
 *   `needsSerialiser` deciding exactly where the core ones would get a row wrong.
 * - Swagger 2.0 Parameter Object `collectionFormat` (csv `foo,bar`, ssv `foo bar`, tsv
 *   `foo\tbar`, pipes `foo|bar`, multi `foo=bar&foo=baz`) in every location it applies to.
 * test/serialise-standard.test.ts checks the same table through the package root (http.ts) and
 * the Encoding Object examples; this file is about the module's own functions and their split.
 */
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/runtime/common.js';
import type { OperationInfo, ParameterInfo } from '../../src/runtime/rest-info.js';
import {
  encodeQueryText,
  encodeSegment,
  formBody,
  formQuery,
  isJson,
  multipartBody,
  needsSerialiser,
  scalarText,
  serialiseCookie,
  serialiseForm,
  serialiseHeader,
  serialiseMultipart,
  serialisePath,
  serialiseQuery,
  simplePath,
  withSerialisers,
} from '../../src/runtime/serialise.js';
import { ARRAY, OBJECT, PATH_STYLE_ROWS, QUERY_STYLE_ROWS, STRING, type StyleRow } from '../support/style-examples.js';

const cells = (row: StyleRow): Array<[value: unknown, expected: string]> =>
  (
    [
      [STRING, row[2]],
      [ARRAY, row[3]],
      [OBJECT, row[4]],
    ] as Array<[unknown, string | undefined]>
  ).filter((c): c is [unknown, string] => c[1] !== undefined);

describe('OpenAPI 3.1.1 Style Examples, path styles: serialisePath carries every row, simplePath the simple rows', () => {
  for (const row of PATH_STYLE_ROWS) {
    const [style, explode] = row;
    it(`${style}, explode ${explode}`, () => {
      const info: ParameterInfo = { name: 'color', in: 'path', style, explode };
      for (const [value, expected] of cells(row)) {
        expect(serialisePath('color', value, info)).toBe(expected);
        // The core serialiser gets a row right exactly when needsSerialiser says it is enough.
        expect(simplePath('color', value, info) === expected).toBe(!needsSerialiser(info));
      }
    });
  }

  it('defaults: style simple, explode false', () => {
    expect([serialisePath('color', ARRAY), simplePath('color', OBJECT)]).toEqual(['blue,black,brown', 'R,100,G,200,B,150']);
  });

  it('each value stays inside one path segment; "." and ".." are refused (fetch would resolve them, even as %2E)', () => {
    expect(serialisePath('p', ['a/b', 'c?d'], { style: 'label' })).toBe('.a%2Fb,c%3Fd');
    expect(serialisePath('p', { 'k/1': 'v#' }, { style: 'matrix', explode: true })).toBe(';k%2F1=v%23');
    expect(simplePath('p', 'a/b')).toBe('a%2Fb');
    for (const value of ['.', '..', ['x', '..']]) {
      expect(() => simplePath('p', value, {}, 'getThing')).toThrow(RequestValidationError);
      expect(() => serialisePath('p', value, { style: 'matrix' }, 'getThing')).toThrow('getThing: path parameter "p" cannot be');
    }
    // encodeSegment (object keys, names) writes dots of a dot segment as %2E instead.
    expect([encodeSegment('.'), encodeSegment('..'), encodeSegment('...'), encodeSegment('a/b')]).toEqual(['%2E', '%2E%2E', '...', 'a%2Fb']);
  });
});

describe('OpenAPI 3.1.1 Style Examples, query styles: serialiseQuery carries every row, formQuery the form rows', () => {
  for (const row of QUERY_STYLE_ROWS) {
    const [style, explode] = row;
    it(`${style}, explode ${explode}`, () => {
      const info: ParameterInfo = { name: 'color', in: 'query', style, explode };
      for (const [value, expected] of cells(row)) {
        expect(`?${serialiseQuery('color', value, info).join('&')}`).toBe(expected);
        expect(`?${formQuery('color', value, info).join('&')}` === expected).toBe(!needsSerialiser(info));
      }
    });
  }

  it('defaults: style form, explode true (and explode false only when asked)', () => {
    expect(formQuery('color', ARRAY)).toEqual(['color=blue', 'color=black', 'color=brown']);
    expect(formQuery('color', ARRAY, { style: 'form' })).toEqual(['color=blue', 'color=black', 'color=brown']);
    expect(formQuery('color', ARRAY, { explode: false })).toEqual(['color=blue,black,brown']);
    // spaceDelimited / pipeDelimited default to explode false, as every style but form does.
    expect(serialiseQuery('color', ARRAY, { style: 'pipeDelimited' })).toEqual(['color=blue%7Cblack%7Cbrown']);
  });

  it('deepObject nests objects and arrays in brackets, and writes null as empty', () => {
    expect(serialiseQuery('f', { a: { b: [1, null] } }, { style: 'deepObject', explode: true })).toEqual([
      'f%5Ba%5D%5Bb%5D%5B0%5D=1',
      'f%5Ba%5D%5Bb%5D%5B1%5D=',
    ]);
  });

  it('the values of the delimited styles keep their own delimiter percent-encoded', () => {
    expect(serialiseQuery('c', ['a b', 'c|d'], { style: 'spaceDelimited' })).toEqual(['c=a%20b%20c%7Cd']);
    expect(serialiseQuery('c', ['a b', 'c|d'], { style: 'pipeDelimited' })).toEqual(['c=a%20b%7Cc%7Cd']);
  });
});

describe('Style Examples in headers and cookies (style simple only)', () => {
  it('serialiseHeader follows the simple rows, unencoded', () => {
    expect([serialiseHeader(STRING), serialiseHeader(ARRAY), serialiseHeader(OBJECT), serialiseHeader(OBJECT, { explode: true })]).toEqual([
      'blue',
      'blue,black,brown',
      'R,100,G,200,B,150',
      'R=100,G=200,B=150',
    ]);
    // A nested object has no simple form: sent as JSON text rather than "[object Object]".
    expect(serialiseHeader({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
  });

  it('serialiseCookie: name=value, both sides percent-encoded; several values comma-joined as form without explode (Appendix D leaves form cookies implementation-defined)', () => {
    expect([serialiseCookie('color', STRING), serialiseCookie('color', ARRAY), serialiseCookie('color', OBJECT)]).toEqual([
      'color=blue',
      'color=blue%2Cblack%2Cbrown',
      'color=R%2C100%2CG%2C200%2CB%2C150',
    ]);
    expect(serialiseCookie('a b', 'x;y')).toBe('a%20b=x%3By');
  });
});

describe('Swagger 2.0 collectionFormat (foo, bar)', () => {
  const value = ['foo', 'bar'];
  const formats = ['csv', 'ssv', 'tsv', 'pipes'] as const;

  it('query: the delimiter as a URL writes it; multi repeats the parameter (foo=bar&foo=baz)', () => {
    expect(formats.map((f) => serialiseQuery('foo', value, { collectionFormat: f }).join('&'))).toEqual([
      'foo=foo,bar',
      'foo=foo%20bar',
      'foo=foo%09bar',
      'foo=foo%7Cbar',
    ]);
    expect(serialiseQuery('foo', ['bar', 'baz'], { collectionFormat: 'multi' }).join('&')).toBe('foo=bar&foo=baz');
    // formQuery does not read collectionFormat: generated info names serialiseQuery for these.
    expect(formQuery('foo', value, { collectionFormat: 'pipes' })).toEqual(['foo=foo', 'foo=bar']);
    expect(needsSerialiser({ in: 'query', collectionFormat: 'pipes' })).toBe(true);
  });

  it('path: every format, tsv included, stays one segment', () => {
    expect(formats.map((f) => serialisePath('p', value, { collectionFormat: f }))).toEqual(['foo,bar', 'foo%20bar', 'foo%09bar', 'foo%7Cbar']);
    expect(needsSerialiser({ in: 'path', collectionFormat: 'ssv' })).toBe(true);
  });

  it('header: the delimiter itself (multi is query/formData only: headers fall back to csv)', () => {
    expect(formats.map((f) => serialiseHeader(value, { collectionFormat: f }))).toEqual(['foo,bar', 'foo bar', 'foo\tbar', 'foo|bar']);
    expect(serialiseHeader(value, { collectionFormat: 'multi' })).toBe('foo,bar');
  });

  it('formData: form-urlencoded and multipart parts, joined or repeated', async () => {
    const encoding = { s: { collectionFormat: 'ssv' }, t: { collectionFormat: 'tsv' }, m: { collectionFormat: 'multi' } } as const;
    expect(serialiseForm({ s: value, t: value, m: ['bar', 'baz'] }, encoding)).toBe('s=foo+bar&t=foo%09bar&m=bar&m=baz');
    const multipart = serialiseMultipart({ s: value, t: value, m: ['bar', 'baz'] }, encoding, 'ctx', 'B');
    const form = await new Response(multipart.body, { headers: { 'content-type': multipart.contentType } }).formData();
    expect([form.getAll('s'), form.getAll('t'), form.getAll('m')]).toEqual([['foo bar'], ['foo\tbar'], ['bar', 'baz']]);
  });
});

describe('encodeQueryText, scalarText, isJson', () => {
  it('encodeQueryText: RFC 3986 unreserved kept; allowReserved keeps : / ? [ ] @ $ + , ; but never # & = (they would split the query)', () => {
    expect(encodeQueryText('a b/c?d&e=f#g')).toBe('a%20b%2Fc%3Fd%26e%3Df%23g');
    expect(encodeQueryText(':/?[]@$+,;#&=', true)).toBe(':/?[]@$+,;%23%26%3D');
    expect(encodeQueryText('é', true)).toBe('%C3%A9');
  });

  it('scalarText: strings as they are, dates as ISO 8601, objects and arrays as JSON', () => {
    expect([scalarText('x'), scalarText(1.5), scalarText(false), scalarText(new Date(Date.UTC(2020, 0, 2))), scalarText([1]), scalarText({ a: 'b' })]).toEqual([
      'x',
      '1.5',
      'false',
      '2020-01-02T00:00:00.000Z',
      '[1]',
      '{"a":"b"}',
    ]);
    expect(serialiseQuery('d', new Date(0))).toEqual(['d=1970-01-01T00%3A00%3A00.000Z']);
  });

  it('isJson: application/json with parameters, +json suffixes and */*; not json-seq, jsonx or text/json', () => {
    const types = ['application/json', 'application/json; charset=utf-8', 'application/problem+json', 'application/vnd.api+json;v=1', '*/*'];
    expect(types.filter(isJson)).toEqual(types);
    expect(['application/json-seq', 'application/jsonx', 'text/json', 'application/jsonl'].filter(isJson)).toEqual([]);
  });

  it('content-typed parameters: JSON text for JSON media types, text otherwise, in every location', () => {
    expect(formQuery('q', { a: 1 }, { contentType: 'application/json' })).toEqual(['q=%7B%22a%22%3A1%7D']);
    expect(simplePath('q', [1, 2], { contentType: 'application/json' })).toBe('%5B1%2C2%5D');
    expect(serialiseHeader('x y', { contentType: 'text/plain' })).toBe('x y');
    expect(needsSerialiser({ in: 'query', style: 'deepObject', contentType: 'application/json' })).toBe(false);
  });
});

describe('withSerialisers', () => {
  const op: OperationInfo = {
    id: 'op',
    method: 'post',
    path: '/{a}',
    servers: [],
    security: [],
    parameters: [
      { name: 'a', in: 'path', style: 'label' },
      { name: 'b', in: 'query', style: 'deepObject', explode: true },
      { name: 'c', in: 'query' },
      { name: 'd', in: 'header' },
    ],
    body: { mediaType: 'application/x-www-form-urlencoded' },
  };

  it('names the full serialiser where needsSerialiser says so, and the form encoder; memoised per operation', () => {
    const out = withSerialisers(op);
    expect(out.parameters.map((p) => p.serialise)).toEqual([serialisePath, serialiseQuery, undefined, undefined]);
    expect(out.body?.encode).toBe(formBody);
    expect(withSerialisers(op)).toBe(out);
    expect(op.parameters[0]!.serialise).toBeUndefined(); // the caller's info is left as it is
    expect(withSerialisers({ ...op, body: { mediaType: 'Multipart/Form-Data' } }).body?.encode).toBe(multipartBody);
  });

  it('keeps a serialiser or encoder the operation already names', () => {
    const own = (): string[] => ['own'];
    const encode = formBody;
    const out = withSerialisers({
      ...op,
      parameters: [{ name: 'b', in: 'query', style: 'deepObject', serialise: own }],
      body: { mediaType: 'multipart/form-data', encode },
    });
    expect([out.parameters[0]!.serialise, out.body?.encode]).toEqual([own, encode]);
  });
});
