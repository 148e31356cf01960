/**
 * The REST runtime's serialisers (src/runtime/http.ts) against the examples the standards give:
 * - OpenAPI 3.0.4 / 3.1.1 "Style Examples" (the same table in both; `color` = "blue",
 *   ["blue","black","brown"], {R:100,G:200,B:150}), quoted verbatim below;
 * - OpenAPI 3.0.4 / 3.1.1 Encoding Object examples (form with JSON values, form with binary
 *   values as base64 text, multipart defaults, multipart with encoding);
 * - Swagger 2.0's `collectionFormat` table (csv, ssv, tsv, pipes, multi);
 * - Stripe-style form bodies (every object property `style: deepObject, explode: true`);
 * - `content`-typed parameters and server variables that hold `/`.
 * Multipart bodies are parsed back by a real parser (undici's `Response.formData()`).
 */
import { describe, expect, it } from 'vitest';
import {
  expandServerUrl,
  RequestValidationError,
  type SerialisationInfo,
  serialiseCookie,
  serialiseForm,
  serialiseHeader,
  serialiseMultipart,
  serialisePath,
  serialiseQuery,
} from '../src/runtime/http.js';
import { ARRAY, OBJECT, STRING, STYLE_EXAMPLES } from './support/style-examples.js';

function serialise(style: string, explode: boolean, value: unknown): string {
  const info: SerialisationInfo = { style, explode };
  if (style === 'matrix' || style === 'label') return serialisePath('color', value, info);
  if (style === 'simple') return serialisePath('color', value, info);
  return `?${serialiseQuery('color', value, info).join('&')}`;
}

describe('OpenAPI 3.0.4 / 3.1.1 Style Examples', () => {
  for (const [style, explode, string, array, object] of STYLE_EXAMPLES) {
    it(`${style}, explode ${explode}`, () => {
      if (string !== undefined) expect(serialise(style, explode, STRING)).toBe(string);
      if (array !== undefined) expect(serialise(style, explode, ARRAY)).toBe(array);
      if (object !== undefined) expect(serialise(style, explode, OBJECT)).toBe(object);
    });
  }

  it('simple in headers (the only style of headers) follows the same rows', () => {
    expect(serialiseHeader(STRING, {})).toBe('blue');
    expect(serialiseHeader(ARRAY, { explode: false })).toBe('blue,black,brown');
    expect(serialiseHeader(OBJECT, { explode: false })).toBe('R,100,G,200,B,150');
    expect(serialiseHeader(OBJECT, { explode: true })).toBe('R=100,G=200,B=150');
  });

  it('query defaults are style form with explode true; path defaults are simple without explode', () => {
    expect(serialiseQuery('color', ARRAY).join('&')).toBe('color=blue&color=black&color=brown');
    expect(serialiseQuery('color', OBJECT).join('&')).toBe('R=100&G=200&B=150');
    expect(serialisePath('color', ARRAY)).toBe('blue,black,brown');
    expect(serialisePath('color', OBJECT)).toBe('R,100,G,200,B,150');
  });

  it('allowReserved leaves reserved characters but never # & = (which would change the query)', () => {
    expect(serialiseQuery('p', 'a/b:c,d', {}).join('')).toBe('p=a%2Fb%3Ac%2Cd');
    expect(serialiseQuery('p', 'a/b:c,d', { allowReserved: true }).join('')).toBe('p=a/b:c,d');
    expect(serialiseQuery('p', 'x#y&z=w', { allowReserved: true }).join('')).toBe('p=x%23y%26z%3Dw');
  });
});

describe('content-typed parameters', () => {
  it('a query parameter with content application/json is JSON text, percent-encoded', () => {
    expect(serialiseQuery('q', { key: 'test' }, { contentType: 'application/json' }).join('&')).toBe('q=%7B%22key%22%3A%22test%22%7D');
  });
  it('in a header, a path and a cookie', () => {
    expect(serialiseHeader({ a: [1, 2] }, { contentType: 'application/json' })).toBe('{"a":[1,2]}');
    expect(serialisePath('f', { a: 'b/c' }, { contentType: 'application/json' })).toBe('%7B%22a%22%3A%22b%2Fc%22%7D');
    expect(serialiseCookie('f', { a: 1 }, { contentType: 'application/json' })).toBe('f=%7B%22a%22%3A1%7D');
  });
  it('a text media type sends the value as text', () => {
    expect(serialiseQuery('q', 'a b', { contentType: 'text/plain' }).join('&')).toBe('q=a%20b');
  });
});

describe("Swagger 2.0 collectionFormat (the specification's table: foo, bar)", () => {
  const value = ['foo', 'bar'];
  it('query', () => {
    expect(serialiseQuery('a', value, { collectionFormat: 'csv' }).join('&')).toBe('a=foo,bar');
    expect(serialiseQuery('a', value, { collectionFormat: 'ssv' }).join('&')).toBe('a=foo%20bar');
    expect(serialiseQuery('a', value, { collectionFormat: 'tsv' }).join('&')).toBe('a=foo%09bar');
    expect(serialiseQuery('a', value, { collectionFormat: 'pipes' }).join('&')).toBe('a=foo%7Cbar');
    expect(serialiseQuery('a', value, { collectionFormat: 'multi' }).join('&')).toBe('a=foo&a=bar');
  });
  it('a value holding the delimiter is percent-encoded, the delimiter is not', () => {
    expect(serialiseQuery('a', ['x,y', 'z'], { collectionFormat: 'csv' }).join('&')).toBe('a=x%2Cy,z');
  });
  it('header and path', () => {
    expect(serialiseHeader(value, { collectionFormat: 'csv' })).toBe('foo,bar');
    expect(serialiseHeader(value, { collectionFormat: 'ssv' })).toBe('foo bar');
    expect(serialiseHeader(value, { collectionFormat: 'tsv' })).toBe('foo\tbar');
    expect(serialiseHeader(value, { collectionFormat: 'pipes' })).toBe('foo|bar');
    expect(serialisePath('a', value, { collectionFormat: 'csv' })).toBe('foo,bar');
    expect(serialisePath('a', value, { collectionFormat: 'ssv' })).toBe('foo%20bar');
    expect(serialisePath('a', value, { collectionFormat: 'pipes' })).toBe('foo%7Cbar');
  });
  it('formData, form-urlencoded and multipart', async () => {
    const encoding = { c: { collectionFormat: 'csv' }, m: { collectionFormat: 'multi' }, p: { collectionFormat: 'pipes' } } as const;
    expect(serialiseForm({ c: value, m: value, p: value }, encoding)).toBe('c=foo,bar&m=foo&m=bar&p=foo%7Cbar');
    const multipart = serialiseMultipart({ c: value, m: value, p: value }, encoding);
    const form = await new Response(multipart.body, { headers: { 'content-type': multipart.contentType } }).formData();
    expect(form.getAll('c')).toEqual(['foo,bar']);
    expect(form.getAll('m')).toEqual(['foo', 'bar']);
    expect(form.getAll('p')).toEqual(['foo|bar']);
  });
});

/** Query-string equality after percent-decoding each name and value (what a server reads). */
function decodedPairs(text: string): Array<[string, string]> {
  return text.split('&').map((pair) => {
    const i = pair.indexOf('=');
    const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
    return [decode(pair.slice(0, i)), decode(pair.slice(i + 1))];
  });
}

describe('OpenAPI 3.0.4 / 3.1.1 Encoding Object examples', () => {
  const id = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
  const address = { streetAddress: '123 Example Dr.', city: 'Somewhere', state: 'CA', zip: '99999+1234' };

  it('URL Encoded Form with JSON Values: no encoding, an object is JSON text', () => {
    const expected =
      'id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22:%22123+Example+Dr.%22,%22city%22:%22Somewhere%22,%22state%22:%22CA%22,%22zip%22:%2299999%2B1234%22%7D';
    const body = serialiseForm({ id, address });
    expect(decodedPairs(body)).toEqual(decodedPairs(expected));
    // Byte for byte, except that `:` and `,` (allowed in a query, RFC 3986 3.4) are percent-encoded here.
    expect(body.replace(/%3A/g, ':').replace(/%2C/g, ',')).toBe(expected);
  });

  it('the id as application/json instead of text/plain', () => {
    expect(serialiseForm({ id }, { id: { contentType: 'application/json' } })).toBe('id=%22f81d4fae-7dec-11d0-a765-00a0c91e6bf6%22');
  });

  it('URL Encoded Form with Binary Values: a base64url string goes as text, its padding percent-encoded', () => {
    const icon =
      'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAABGdBTUEAALGPC_xhBQAAADhlWElmTU0AKgAAAAgAAYdpAAQAAAABAAAAGgAAAAAAAqACAAQAAAABAAAAAqADAAQAAAABAAAAAgAAAADO0J6QAAAAEElEQVQIHWP8zwACTGCSAQANHQEDqtPptQAAAABJRU5ErkJggg==';
    expect(serialiseForm({ name: 'example', icon }, { icon: { contentType: 'image/png, image/jpeg' } })).toBe(
      `name=example&icon=${icon.replace(/==$/, '%3D%3D')}`,
    );
  });

  it('binary in a form body: bytes are sent as bytes, a Blob is refused at the call (never "{}")', () => {
    expect(serialiseForm({ file: new Uint8Array([0x41, 0x20, 0xff, 0x7b]) })).toBe('file=A%20%FF%7B'.replace('%20', '+'));
    expect(() => serialiseForm({ file: new Blob(['x']) }, undefined, 'upload')).toThrow(RequestValidationError);
    expect(() => serialiseForm({ file: new Blob(['x']) }, undefined, 'upload')).toThrow('upload: body field "file" is a Blob');
  });

  it('Basic Multipart Form: text/plain primitives, octet-stream binary, one application/json part per array item', async () => {
    const image = new Uint8Array([1, 2, 3]);
    const addresses = [address, { ...address, city: 'Elsewhere' }];
    const multipart = serialiseMultipart({ id, profileImage: image, addresses }, undefined, 'ctx', 'BOUNDARY');
    expect(multipart.contentType).toBe('multipart/form-data; boundary=BOUNDARY');
    const raw = await multipart.body.text();
    expect(raw).toContain(`--BOUNDARY\r\nContent-Disposition: form-data; name="id"\r\n\r\n${id}\r\n`);
    expect(raw).toContain('Content-Disposition: form-data; name="profileImage"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n');
    expect(raw).toContain(`Content-Disposition: form-data; name="addresses"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(address)}\r\n`);
    expect(raw.endsWith('--BOUNDARY--\r\n')).toBe(true);
    const form = await new Response(multipart.body, { headers: { 'content-type': multipart.contentType } }).formData();
    expect(form.get('id')).toBe(id);
    expect(new Uint8Array(await (form.get('profileImage') as Blob).arrayBuffer())).toEqual(image);
    // undici hands parts without a filename back as strings; their Content-Type is checked in `raw`.
    const parts = form.getAll('addresses') as string[];
    expect(parts.map((p) => JSON.parse(p) as unknown)).toEqual(addresses);
    expect(raw.split('Content-Type: application/json\r\n').length - 1).toBe(2);
  });

  it('Multipart Form with Encoding Objects: contentType overrides (text given for XML; first listed type for bytes; the Blob’s own type when listed)', async () => {
    const encoding = { addresses: { contentType: 'application/xml; charset=utf-8' }, profileImage: { contentType: 'image/png, image/jpeg' } };
    const xml = '<address><city>Somewhere</city></address>';
    const png = serialiseMultipart({ addresses: [xml], profileImage: new Uint8Array([137, 80]) }, encoding, 'ctx', 'B');
    const raw = await png.body.text();
    expect(raw).toContain(`name="addresses"\r\nContent-Type: application/xml; charset=utf-8\r\n\r\n${xml}\r\n`);
    expect(raw).toContain('name="profileImage"; filename="blob"\r\nContent-Type: image/png\r\n');
    const jpeg = await serialiseMultipart({ profileImage: new Blob(['x'], { type: 'image/jpeg' }) }, encoding, 'ctx', 'B').body.text();
    expect(jpeg).toContain('Content-Type: image/jpeg\r\n');
    // An object cannot be written as XML: refused before sending rather than sent as mislabelled JSON.
    expect(() => serialiseMultipart({ addresses: [address] }, encoding)).toThrow(RequestValidationError);
  });

  it('field and file names are quoted as RFC 7578 and browsers do', async () => {
    const raw = await serialiseMultipart({ 'a"b\r\nc': 'v' }, undefined, 'ctx', 'B').body.text();
    expect(raw).toContain('name="a%22b%0D%0Ac"');
  });
});

describe('Stripe-style form bodies (style: deepObject, explode: true on every object)', () => {
  const deep = { style: 'deepObject', explode: true } as const;
  const encoding = { scope: deep, metadata: deep, items: deep, expand: deep, card: deep };

  it('nested objects and arrays nest in brackets; an empty object sends nothing', () => {
    const body = serialiseForm(
      {
        scope: { type: 'account' },
        metadata: {},
        items: [{ price: 'price_1', quantity: 2 }],
        expand: ['data.customer', 'data.invoice'],
        card: { address: { city: 'Paris', line1: '1 rue X' } },
        description: 'a b+c',
      },
      encoding,
    );
    expect(body).toBe(
      [
        'scope%5Btype%5D=account',
        'items%5B0%5D%5Bprice%5D=price_1',
        'items%5B0%5D%5Bquantity%5D=2',
        'expand%5B0%5D=data.customer',
        'expand%5B1%5D=data.invoice',
        'card%5Baddress%5D%5Bcity%5D=Paris',
        'card%5Baddress%5D%5Bline1%5D=1+rue+X',
        'description=a+b%2Bc',
      ].join('&'),
    );
    expect(new URLSearchParams(body).get('scope[type]')).toBe('account');
    expect(body).not.toContain('metadata');
  });

  it('style form with explode on an object: its own key=value pairs', () => {
    expect(serialiseForm({ meta: { a: '1', b: '2' } }, { meta: { style: 'form', explode: true } })).toBe('a=1&b=2');
    expect(serialiseForm({ meta: {} }, { meta: { style: 'form' } })).toBe('');
  });
});

describe('server variables', () => {
  const ebay = { url: 'https://api.ebay.com{basePath}', variables: { basePath: { default: '/buy/deal/v1' } } };

  it('the spec’s default (a path holding /) gives a working URL, and so does a value passed explicitly', () => {
    expect(expandServerUrl(ebay, {}, 'ctx')).toBe('https://api.ebay.com/buy/deal/v1');
    expect(new URL(expandServerUrl(ebay, { basePath: '/buy/deal/v2' }, 'ctx')).href).toBe('https://api.ebay.com/buy/deal/v2');
    const nested = {
      url: '{scheme}://{host}{basePath}',
      variables: { scheme: { default: 'https' }, host: { default: 'api.example.com' }, basePath: { default: '/v1/x' } },
    };
    expect(expandServerUrl(nested, {}, 'ctx')).toBe('https://api.example.com/v1/x');
    const after = { url: 'https://api.example.com/{prefix}/items', variables: { prefix: { default: 'a/b' } } };
    expect(expandServerUrl(after, {}, 'ctx')).toBe('https://api.example.com/a/b/items');
  });

  it('a variable in the host cannot move the call to another host', () => {
    const region = { url: 'https://{region}.example.com/v1', variables: { region: { default: 'eu' } } };
    for (const value of ['evil.com/x', 'evil.com?', 'evil.com#', 'u@evil.com', 'a\\b', '/evil.com']) {
      expect(() => expandServerUrl(region, { region: value }, 'ctx')).toThrow(RequestValidationError);
    }
    const suffix = { url: 'https://api.{zone}', variables: { zone: { default: 'example.com' } } };
    expect(() => expandServerUrl(suffix, { zone: 'evil.com/x' }, 'ctx')).toThrow(RequestValidationError);
    // A basePath-like variable may not smuggle a host either: it must start with "/".
    expect(() => expandServerUrl(ebay, { basePath: '.evil.com/x' }, 'ctx')).toThrow(RequestValidationError);
    expect(() => expandServerUrl(ebay, { basePath: '@evil.com/x' }, 'ctx')).toThrow(RequestValidationError);
    expect(() => expandServerUrl(ebay, { basePath: '/a/../../x' }, 'ctx')).toThrow(RequestValidationError);
    const relative = { url: '{basePath}/x', variables: { basePath: { default: '/v1' } } };
    expect(expandServerUrl(relative, {}, 'ctx')).toBe('/v1/x');
    const relative2 = { url: '/{basePath}', variables: { basePath: { default: 'v1' } } };
    expect(() => expandServerUrl(relative2, { basePath: '/evil.com' }, 'ctx')).toThrow(RequestValidationError);
  });
});
