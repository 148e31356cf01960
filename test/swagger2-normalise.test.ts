/**
 * Swagger 2.0 turned into OpenAPI 3.0 shapes before the builder reads it
 * (src/parse/swagger2-to-openapi3.ts), on the Swagger 2.0 examples of the OpenAPI
 * Specification repository and on edges.yaml (the constructs they do not use): the 3.x shapes
 * swagger2openapi gives, the place in the 2.0 document of each moved node, and the input left
 * as it was.
 */
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../src/load/index.js';
import { ParseContext } from '../src/parse/context.js';
import { parseModel } from '../src/parse/index.js';
import { collectionFormat, swagger2ToOpenApi3 } from '../src/parse/swagger2-to-openapi3.js';

const DIR = 'test/fixtures/swagger2';

async function normalised(file: string) {
  const doc = await loadDocument(`${DIR}/${file}`, {}, false);
  const before = structuredClone(doc.resolved);
  const result = swagger2ToOpenApi3(doc.resolved);
  return { doc, before, ...result, data: JSON.parse(JSON.stringify(result.data)) as Record<string, any> };
}

describe('the petstore-expanded example (OpenAPI Specification repository, v2.0)', async () => {
  const { doc, before, data, original } = await normalised('petstore-expanded.yaml');

  it('leaves the 2.0 document as it was', () => {
    expect(doc.resolved).toEqual(before);
  });

  it('host + basePath + schemes → one server; definitions → components.schemas, references with them', () => {
    expect(data['servers']).toEqual([{ url: 'http://petstore.swagger.io/api' }]);
    expect(Object.keys(data['components'].schemas)).toEqual(['Pet', 'NewPet', 'Error']);
    expect(data['components'].schemas.Pet.allOf[0]).toEqual({ $ref: '#/components/schemas/NewPet' });
    expect(data['swagger']).toBeUndefined();
    expect(data['definitions']).toBeUndefined();
  });

  it('a query array keeps its schema under `schema`; `in: body` → requestBody in the consumed media types', () => {
    const get = data['paths']['/pets'].get;
    // The schema keeps the annotations too: the model's parameter schema had them before the normaliser.
    expect(get.parameters[0]).toEqual({
      name: 'tags',
      in: 'query',
      description: 'tags to filter by',
      required: false,
      schema: { type: 'array', items: { type: 'string' }, description: 'tags to filter by' },
    });
    const post = data['paths']['/pets'].post;
    expect(post.parameters).toEqual([]);
    expect(post.requestBody).toEqual({
      description: 'Pet to add to the store',
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPet' } } },
    });
  });

  it('a response schema → content in each produced media type', () => {
    expect(data['paths']['/pets'].get.responses['200']).toEqual({
      description: 'pet response',
      content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } },
    });
  });

  it('every moved node names its place in the 2.0 document', () => {
    expect(original(['paths', '/pets', 'post', 'requestBody'])).toEqual(['paths', '/pets', 'post', 'parameters']);
    expect(original(['paths', '/pets', 'post', 'requestBody', 'content', 'application/json', 'schema'])).toEqual([
      'paths',
      '/pets',
      'post',
      'parameters',
      0,
      'schema',
    ]);
    expect(original(['paths', '/pets', 'get', 'parameters', 0, 'schema', 'items'])).toEqual(['paths', '/pets', 'get', 'parameters', 0, 'items']);
    expect(original(['paths', '/pets', 'get', 'responses', '200', 'content', 'application/json', 'schema', 'items'])).toEqual([
      'paths',
      '/pets',
      'get',
      'responses',
      '200',
      'schema',
      'items',
    ]);
    expect(original(['components', 'schemas', 'Pet', 'allOf', 1, 'properties', 'id'])).toEqual(['definitions', 'Pet', 'allOf', 1, 'properties', 'id']);
    expect(original(['servers', 0, 'url'])).toEqual(['host', 'url']);
  });

  it('collectionFormat (csv here) is carried for the model, with no 3.x field', () => {
    const raw = swagger2ToOpenApi3(doc.resolved).data as Record<string, any>;
    const tags = raw['paths']['/pets'].get.parameters[0];
    const ctx = new ParseContext(doc);
    expect(collectionFormat(ctx, tags, ['x'])).toBe('csv');
    expect(collectionFormat(ctx, raw['paths']['/pets'].get.parameters[1], ['x'])).toBeUndefined();
    expect(ctx.warnings.list).toEqual([]);
  });
});

describe('the other petstore examples', () => {
  it('petstore-minimal: its one scheme, and produces for the response content', async () => {
    const { data } = await normalised('petstore-minimal.yaml');
    expect(data['servers']).toEqual([{ url: 'http://petstore.swagger.io/api' }]);
    expect(Object.keys(data['paths']['/pets'].get.responses['200'].content)).toEqual(['application/json']);
  });

  it('petstore-with-external-docs: externalDocs stay where they were', async () => {
    const { data, before } = await normalised('petstore-with-external-docs.yaml');
    expect(data['externalDocs']).toEqual(before['externalDocs']);
    expect(data['paths']['/pets'].get.externalDocs).toEqual((before['paths'] as any)['/pets'].get.externalDocs);
    expect(data['components'].schemas.Pet.allOf[0]).toEqual({ $ref: '#/components/schemas/NewPet' });
    expect(data['paths']['/pets/{id}'].get.responses.default.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorModel' });
  });
});

describe('edges.yaml: forms, files, security schemes, shared parameters and responses', async () => {
  const { data, original, doc, before } = await normalised('edges.yaml');

  it('leaves the 2.0 document as it was', () => {
    expect(doc.resolved).toEqual(before);
  });

  it('securityDefinitions → securitySchemes: basic → http/basic, apiKey, oauth2 flows by their 3.0 names', () => {
    const schemes = data['components'].securitySchemes;
    expect(schemes.basicAuth).toEqual({ description: 'user and password', type: 'http', scheme: 'basic' });
    expect(schemes.key).toEqual({ type: 'apiKey', name: 'X-Key', in: 'header' });
    expect(schemes.implicit).toEqual({
      type: 'oauth2',
      flows: { implicit: { authorizationUrl: 'https://auth.example.com/authorize', scopes: { read: 'read things' } } },
    });
    expect(schemes.code.flows).toEqual({
      authorizationCode: { authorizationUrl: 'https://auth.example.com/authorize', tokenUrl: 'https://auth.example.com/token', scopes: {} },
    });
    expect(schemes.machine.flows).toEqual({ clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes: {} } });
    expect(original(['components', 'securitySchemes', 'code'])).toEqual(['securityDefinitions', 'code']);
  });

  it('https is chosen among the schemes; shared parameters → components (bodies → requestBodies)', () => {
    expect(data['servers']).toEqual([{ url: 'https://api.example.com/v2' }]);
    expect(data['components'].parameters.limit).toEqual({ name: 'limit', in: 'query', schema: { type: 'integer', default: 20 } });
    expect(data['components'].requestBodies.thing).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
    });
    expect(data['paths']['/things/{id}'].get.parameters.slice(0, 2)).toEqual([
      { $ref: '#/components/parameters/limit' },
      { $ref: '#/components/parameters/ids' },
    ]);
    expect(data['paths']['/things/{id}'].put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Thing' });
  });

  it('a property named like a keyword (`default`) is still a schema: its reference is rewritten', () => {
    expect(data['components'].schemas.Thing.properties.default).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('formData → one multipart object schema, type: file → string/binary; a response of type file too', () => {
    const upload = data['paths']['/upload'].post;
    expect(upload.requestBody.required).toBe(true);
    const media = upload.requestBody.content['multipart/form-data'];
    expect(media.schema.properties.file).toEqual({ type: 'string', format: 'binary', description: 'the file' });
    expect(media.schema.required).toEqual(['file']);
    expect(Object.keys(media.encoding)).toEqual(['labels', 'sizes']);
    expect(upload.responses['200'].content['application/json'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(original(['paths', '/upload', 'post', 'requestBody', 'content', 'multipart/form-data', 'schema', 'properties', 'labels', 'items'])).toEqual([
      'paths',
      '/upload',
      'post',
      'parameters',
      1,
      'items',
    ]);
  });

  it('a shared response is inlined with the operation’s produces, placed where it is written', () => {
    const notFound = data['paths']['/things/{id}'].get.responses['404'];
    expect(Object.keys(notFound.content)).toEqual(['application/json', 'application/xml']);
    expect(original(['paths', '/things/{id}', 'get', 'responses', '404', 'content', 'application/xml', 'schema'])).toEqual(['responses', 'NotFound', 'schema']);
  });

  it('a reference into a moved place follows it', () => {
    expect(data['paths']['/search'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/paths/~1things~1%7Bid%7D/get/responses/200/content/application~1json/schema',
    });
  });
});

describe('the builder on edges.yaml: what it reports names the 2.0 document’s places', async () => {
  const doc = await loadDocument(`${DIR}/edges.yaml`, {}, false);
  const { model, warnings } = parseModel('edges', doc);

  it('warnings give the 2.0 pointer and line of what they are about', () => {
    expect(warnings.map((w) => [w.pointer, w.line])).toEqual([
      ['/paths/~1things~1{id}/parameters/0/collectionFormat', 77],
      // The form field's own place (before the normaliser: /paths/~1upload/post/parameters/collectionFormat, no line).
      ['/paths/~1upload/post/parameters/1/collectionFormat', 117],
      ['/paths/~1search/get/parameters', 131],
    ]);
  });

  it('named and hoisted schemas point where the 2.0 document has them', () => {
    expect(model.schemas.map((s) => [s.name, s.pointer])).toEqual([
      ['Thing', '/definitions/Thing'],
      ['Error', '/definitions/Error'],
      ['/things/{id}_get_responses_200', '/paths/~1things~1{id}/get/responses/200/schema'],
    ]);
  });

  it('collectionFormat reaches the model for parameters and form fields', () => {
    const get = model.operations.find((o) => o.id === 'getThing')!;
    expect(get.parameters.map((p) => [p.name, p.collectionFormat])).toEqual([
      ['id', 'csv'],
      ['limit', undefined],
      ['ids', 'multi'],
      ['tags', 'pipes'],
    ]);
    const upload = model.operations.find((o) => o.id === 'upload')!;
    expect(upload.requestBody?.contents[0]?.encoding).toEqual({ labels: { collectionFormat: 'csv' }, sizes: { collectionFormat: 'multi' } });
  });
});

describe('keys that are names', () => {
  it('a definition, property and parameter named __proto__ stay own keys of the new document', () => {
    const doc = JSON.parse(
      '{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},"parameters":{"__proto__":{"name":"p","in":"query","type":"string"}},' +
        '"definitions":{"__proto__":{"type":"object","properties":{"__proto__":{"$ref":"#/definitions/__proto__"}}}}}',
    ) as Record<string, unknown>;
    const { data } = swagger2ToOpenApi3(doc) as { data: Record<string, any> };
    const named = data['components'].schemas;
    expect(Object.keys(named)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(named)).toBe(Object.prototype);
    const own = (node: unknown, key: string): any => Object.getOwnPropertyDescriptor(node, key)?.value;
    expect(Object.keys(own(named, '__proto__').properties)).toEqual(['__proto__']);
    expect(own(own(named, '__proto__').properties, '__proto__')).toEqual({ $ref: '#/components/schemas/__proto__' });
    expect(Object.keys(data['components'].parameters)).toEqual(['__proto__']);
  });
});
