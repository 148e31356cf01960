/**
 * The standards' validators compiled at build time (scripts/precompile-validators.mjs, loaded
 * by src/load/precompiled.ts) must give exactly the diagnostics the libraries give when they
 * compile the schemas themselves: @asyncapi/parser's own ruleset against ours (its two
 * document-structure rules on the precompiled validators, or on one shared Ajv without them),
 * and swagger-parser's validateSchema against ours, on documents that break their standard in
 * every way the schemas check (unknown and missing fields, types, enums, formats, unmatched
 * oneOf, array items, `$ref` where none may stand, duplicates).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
// @ts-expect-error: a build script, plain JavaScript without types.
import { writeValidators } from '../scripts/precompile-validators.mjs';
import { precompiledValidator, setPrecompiledFolder } from '../src/load/precompiled.js';
import { documentStructureRules } from '../src/load/validate-asyncapi.js';
import { schemaErrors } from '../src/load/validate-openapi.js';

const require = createRequire(import.meta.url);
const { Parser } = require('@asyncapi/parser') as typeof import('@asyncapi/parser');
const validateSchema = require('@apidevtools/swagger-parser/lib/validators/schema.js') as (api: unknown) => void;

const NAMES = ['asyncapi-2.0.0', 'asyncapi-2.6.0', 'asyncapi-3.0.0', 'openapi-2.0', 'openapi-3.0', 'openapi-3.1'];
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specweave-precompiled-'));
  await writeValidators(dir, NAMES);
}, 180_000);
afterAll(async () => {
  setPrecompiledFolder(undefined);
  await rm(dir, { recursive: true, force: true });
});

type Doc = Record<string, any>;
const fixture = async (path: string): Promise<Doc> => parseYaml(await readFile(join(__dirname, 'fixtures', path), 'utf8')) as Doc;

/** AsyncAPI 2.x documents, each breaking the standard its own way. */
function broken2(base: Doc): Doc[] {
  const variants: Array<(d: Doc) => void> = [
    () => {},
    (d) => {
      d.unknownTopLevel = 1;
      delete d.info.title;
      d.info.version = 3;
    },
    (d) => {
      d.id = 'not a uri at all';
      d.tags = [1, { name: 'a' }, { name: 'a' }];
      d.externalDocs = { url: 7 };
    },
    (d) => {
      d.components = { securitySchemes: { bad: { type: 'nonsense' }, key: { type: 'apiKey', in: 'body' } } };
      d.servers = { main: { url: 'ws://x', protocol: 'ws', security: 'all' } };
    },
    (d) => {
      d['x-info'] = { title: 'T', version: '1' };
      d.info = { $ref: '#/x-info' };
      const channel = Object.values(d.channels)[0] as Doc;
      channel.unknownInChannel = true;
      channel.parameters = { p: { schema: { type: 12 } } };
    },
    (d) => {
      d.channels = { '/a': { subscribe: { operationId: 42, message: { payload: { type: 'object', properties: { x: { type: 'nope' } } }, contentType: 5 } } } };
    },
  ];
  return variants.map((mutate) => {
    const d = structuredClone(base);
    mutate(d);
    return d;
  });
}

function broken3(base: Doc): Doc[] {
  const variants: Array<(d: Doc) => void> = [
    () => {},
    (d) => {
      d.info.title = ['x'];
      d.unknownTopLevel = {};
      d.servers.main.protocol = 3;
    },
    (d) => {
      // A channel written in place where only a reference may stand, and one unknown action.
      const [first] = Object.values(d.operations) as Doc[];
      first!.channel = { address: '/inline' };
      first!.action = 'publish';
    },
    (d) => {
      d.channels.greet.address = 12;
      d.components.messages.Hello.payload = { type: 'object', properties: { x: { type: 'nope' } } };
      d.components.securitySchemes = { bad: { type: 'nonsense' } };
    },
  ];
  return variants.map((mutate) => {
    const d = structuredClone(base);
    mutate(d);
    return d;
  });
}

interface Diagnostic {
  code: string | number;
  message: string;
  path: Array<string | number>;
  severity: number;
  range: unknown;
}

async function diagnostics(parser: InstanceType<typeof Parser>, doc: Doc): Promise<Array<Omit<Diagnostic, 'source'>>> {
  const { diagnostics } = await parser.parse(JSON.stringify(doc, null, 2));
  return (diagnostics as unknown as Diagnostic[]).map(({ code, message, path, severity, range }) => ({ code, message, path, severity, range }));
}

describe('the AsyncAPI document-structure rules on precompiled validators', () => {
  it('give the parser its own diagnostics, precompiled and not, for AsyncAPI 2.0, 2.6 and 3.0', { timeout: 180_000 }, async () => {
    const docs = [
      ...broken2(await fixture('asyncapi-versions/v2.0.asyncapi.yaml')),
      ...broken2(await fixture('asyncapi-versions/v2.6.asyncapi.yaml')),
      ...broken2(await fixture('hostile/evil.asyncapi.yaml')),
      ...broken3(await fixture('asyncapi-versions/v3.0.asyncapi.yaml')),
    ];
    const stock = new Parser({ ruleset: { recommended: false } });
    const ours = new Parser({ ruleset: { recommended: false, rules: documentStructureRules() } } as ConstructorParameters<typeof Parser>[0]);
    const messages: string[] = [];
    for (const doc of docs) {
      // The parser's own rules compile the schemas for each document: once per document here.
      const expected = await diagnostics(stock, doc);
      for (const folder of [dir, join(dir, 'none')]) {
        setPrecompiledFolder(folder);
        expect(await diagnostics(ours, doc), `${folder}: ${JSON.stringify(doc)}`).toEqual(expected);
      }
      messages.push(...expected.filter((d) => String(d.code).startsWith('asyncapi-document-')).map((d) => d.message));
    }
    // Not vacuous: the precompiled validators were there, and the documents broke their schema.
    setPrecompiledFolder(dir);
    for (const v of ['2.0.0', '2.6.0', '3.0.0']) expect(precompiledValidator(`asyncapi-${v}`, 'unresolved')).toBeTypeOf('function');
    // …and the documents broke it in the ways the results are worded for.
    expect(messages.length).toBeGreaterThan(30);
    for (const wording of ['Did you mean', 'Item at index', 'Referencing in this place is not allowed', 'is not expected to be here', 'must match format']) {
      expect(
        messages.some((m) => m.includes(wording)),
        wording,
      ).toBe(true);
    }
  });
});

describe('the OpenAPI schema check on precompiled validators', () => {
  it("gives swagger-parser's own errors for Swagger 2.0, OpenAPI 3.0 and 3.1", { timeout: 120_000 }, async () => {
    const v30 = [await fixture('warnings/usable.openapi.yaml'), await fixture('hostile/bugs.openapi.yaml'), await fixture('hostile/evil.openapi.yaml')];
    const broken30 = structuredClone(v30[0]!);
    broken30.info = { title: 5 };
    broken30.servers = [{ url: 1 }, 'x'];
    broken30.components.securitySchemes = { a: { type: 'http' }, b: { type: 'oauth2', flows: { implicit: {} } } };
    const v31 = structuredClone(broken30);
    v31.openapi = '3.1.0';
    v31.webhooks = { hook: { post: { responses: 'none' } } };
    const v2 = {
      swagger: '2.0',
      info: { title: 'T', version: 1 },
      paths: { '/a': { get: { responses: { 200: { description: 3 } }, parameters: [{ name: 'q', in: 'body' }] } } },
      definitions: { A: { type: 'nope', properties: { x: { $ref: 5 } } } },
      unknown: true,
    };
    const docs: Doc[] = [...v30, broken30, v31, v2, { ...v2, info: { title: 'T', version: '1' } }];
    const theirs = (doc: Doc): unknown[] => {
      try {
        validateSchema(doc);
        return [];
      } catch (error) {
        return (error as { details: unknown[] }).details;
      }
    };
    let errors = 0;
    setPrecompiledFolder(dir);
    for (const doc of docs) {
      const expected = theirs(doc);
      expect(schemaErrors(doc), JSON.stringify(doc)).toEqual(expected);
      errors += expected.length;
    }
    for (const v of ['2.0', '3.0', '3.1']) expect(precompiledValidator(`openapi-${v}`, 'validate')).toBeTypeOf('function');
    expect(errors).toBeGreaterThan(20);
  });
});
