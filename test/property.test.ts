/**
 * Property-based tests (fast-check): random JSON schemas (nested objects, unions, intersections,
 * enums and consts of odd strings, references, recursion) under random names (reserved words,
 * unicode, leading digits, names differing only in case or punctuation, `__proto__`,
 * `constructor`, runtime export names) are put into an OpenAPI 3.0 or 3.1 and an AsyncAPI 2.6 document.
 * Either the generated package type-checks (the TypeScript compiler API in-process, with the
 * package's strict options) and its JavaScript parses, or the generator stops with a SpecError
 * (one line naming the file); never another exception, never invalid TypeScript.
 *
 * The seed is fixed (SEED below, or FC_SEED=… to try others); on failure fast-check prints the
 * seed, the path and the shrunk counterexample document.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_COMPILER_OPTIONS } from '../src/emit/index.js';
import type { Config } from '../src/load/config.js';
import { SpecError } from '../src/load/errors.js';
import { generate } from '../src/pipeline.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261123);
const RUNS = Number(process.env['FC_RUNS'] ?? 8);

// --- Names and strings ---------------------------------------------------------------------------

const TRICKY = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'class',
  'default',
  'delete',
  'await',
  'yield',
  'let',
  'enum',
  'interface',
  'Array',
  'Promise',
  'Error',
  'Blob',
  'Map',
  'Object',
  'undefined',
  'NaN',
  'type',
  'string',
  'number',
  '1st',
  '123',
  '0',
  'a-b',
  'a_b',
  'A-B',
  'aB',
  'ab',
  'AB',
  'Ab',
  'a.b',
  'a b',
  '$',
  '_',
  '$ref',
  'ünïcödé',
  '名前',
  '🙂',
  'a\u200bb',
  'e\u0301',
  'é',
  '*/',
  '${x}',
  '`',
  "'",
  '"',
  '\\',
  'rt',
  'ch',
  'types',
  'options',
  'args',
  'result',
  'merge',
  'defaults',
  'fetch',
  'Channel',
  'ApiError',
  'x-y',
  '--',
  '.',
  'get',
  'Get',
  'GET',
];
/** Names that component keys accept (`^[a-zA-Z0-9._-]+$`). */
const KEYLIKE = TRICKY.filter((n) => /^[A-Za-z0-9._-]+$/.test(n));

const anyName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
);
const keyName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KEYLIKE) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._-]{1,6}$/) },
  { weight: 1, arbitrary: anyName },
);
/** Channel names: mostly what a URI template accepts (others are rejected by the standard). */
const channelName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TRICKY.filter((n) => !/[\s"'<>\\^`{|}]/.test(n))) }, { weight: 1, arbitrary: anyName });
const oddString = fc.oneof(fc.constantFrom(...TRICKY, '', ' ', '\n', '*/ globalThis.__pwned = 1 /*'), fc.string({ maxLength: 8 }));

// --- Schemas ---------------------------------------------------------------------------------------

type Json = unknown;

/** An object with these own keys (`__proto__` included), in this order. */
function record(entries: Array<[string, Json]>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function pointerSegment(name: string): string {
  return encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function schemaArb(refs: string[]): fc.Arbitrary<Json> {
  const ref = refs.length > 0 ? fc.constantFrom(...refs).map((n) => ({ $ref: `#/components/schemas/${pointerSegment(n)}` })) : fc.constant({ type: 'string' });
  return fc.letrec<{ schema: Json; leaf: Json; object: Json; array: Json; union: Json; all: Json }>((tie) => ({
    schema: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('object'), tie('array'), tie('union'), tie('all')),
    leaf: fc.oneof(
      fc.constantFrom({ type: 'string' }, { type: 'integer' }, { type: 'number' }, { type: 'boolean' }, { type: 'string', nullable: true }, {}),
      fc.constantFrom('date-time', 'uuid', 'binary').map((format) => ({ type: 'string', format })),
      fc.uniqueArray(oddString, { minLength: 1, maxLength: 4 }).map((values) => ({ type: 'string', enum: values })),
      fc.uniqueArray(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 3 }).map((values) => ({ type: 'integer', enum: values })),
      oddString.map((value) => ({ type: 'string', enum: [value] })),
      ref,
      ref,
    ),
    object: fc
      .tuple(
        fc.uniqueArray(fc.tuple(anyName, tie('schema'), fc.boolean()), { maxLength: 4, selector: ([name]) => name }),
        fc.option(fc.oneof(fc.boolean(), tie('schema')), { nil: undefined }),
      )
      .map(([props, additional]) => {
        const s: Record<string, Json> = { type: 'object', properties: record(props.map(([n, v]) => [n, v])) };
        const required = props.filter(([, , r]) => r).map(([n]) => n);
        if (required.length > 0) s['required'] = required;
        if (additional !== undefined) s['additionalProperties'] = additional;
        return s;
      }),
    array: tie('schema').map((items) => ({ type: 'array', items })),
    union: fc
      .tuple(fc.constantFrom('oneOf', 'anyOf'), fc.array(tie('schema'), { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([kind, members, nullable]) => (nullable ? { [kind]: members, nullable: true } : { [kind]: members })),
    all: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((members) => ({ allOf: members })),
  })).schema;
}

/** Named schemas (component keys) and the schemas under them, which may refer to any of them. */
const componentsArb = fc
  .uniqueArray(keyName, { minLength: 1, maxLength: 4 })
  .chain((names) => fc.tuple(fc.constant(names), fc.array(schemaArb(names), { minLength: names.length, maxLength: names.length })))
  // A component that is only a reference may refer to itself, which is refused (a separate test
  // covers that); under allOf it is a cycle through an intersection, which must compile.
  .map(([names, schemas]) => [names, schemas.map((s) => (isBareRef(s) ? { allOf: [s] } : s))] as const);

function isBareRef(schema: Json): boolean {
  return schema !== null && typeof schema === 'object' && Object.keys(schema).length === 1 && '$ref' in schema;
}

// --- Documents -----------------------------------------------------------------------------------

const openApiArb = fc
  .record({
    components: componentsArb,
    title: oddString,
    ops: fc.uniqueArray(fc.tuple(anyName, anyName, anyName), { minLength: 1, maxLength: 2, selector: ([op]) => op }),
    bodies: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
    scheme: keyName,
    version: fc.constantFrom('3.0.3', '3.1.0'),
  })
  .map(({ components: [names, schemas], title, ops, bodies, scheme, version }) => {
    const pick = (i: number): Json => ({ $ref: `#/components/schemas/${pointerSegment(names[i % names.length]!)}` });
    const paths = record(
      ops.map(([operationId, pathParam, queryParam], i) => [
        `/op${i}/{${pathParam}}`,
        {
          [i % 2 === 0 ? 'get' : 'post']: {
            operationId,
            summary: title,
            parameters: [
              { name: pathParam, in: 'path', required: true, schema: { type: 'string' } },
              { name: queryParam, in: 'query', schema: pick(bodies[0]! + i) },
            ],
            ...(i % 2 === 1 ? { requestBody: { required: true, content: { 'application/json': { schema: pick(bodies[1]! + i) } } } } : {}),
            responses: {
              '200': { description: title, content: { 'application/json': { schema: pick(bodies[2]! + i) } } },
              '404': { description: 'missing', content: { 'application/json': { schema: pick(bodies[3]! + i) } } },
            },
            security: [record([[scheme, []]])],
          },
        },
      ]),
    );
    return {
      openapi: version,
      info: { title, version: '1.0.0', description: title },
      servers: [{ url: 'https://api.example.com/v1' }],
      paths,
      components: { schemas: record(names.map((n, i) => [n, schemas[i]])), securitySchemes: record([[scheme, { type: 'http', scheme: 'bearer' }]]) },
    };
  });

const asyncApiArb = fc
  .record({
    components: componentsArb,
    title: oddString,
    channel: channelName,
    // A URI template's variable names: letters, digits, `_` and `.` (others are refused by the standard).
    param: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYLIKE.filter((n) => /^[A-Za-z0-9_.]+$/.test(n))) }, { weight: 1, arbitrary: keyName }),
    server: keyName,
    ops: fc.tuple(anyName, anyName),
    messages: fc.uniqueArray(keyName, { minLength: 1, maxLength: 3 }),
    picks: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ components: [names, schemas], title, channel, param, server, ops, messages, picks }) => {
    const pick = (i: number): Json => ({ $ref: `#/components/schemas/${pointerSegment(names[i % names.length]!)}` });
    const messageRef = (i: number): Json => ({ $ref: `#/components/messages/${pointerSegment(messages[i % messages.length]!)}` });
    return {
      asyncapi: '2.6.0',
      info: { title, version: '1.0.0' },
      servers: record([[server, { url: 'ws://localhost:1234', protocol: 'ws', description: title }]]),
      channels: record([
        [
          `/${channel}/{${param}}`,
          {
            parameters: record([[param, { schema: { type: 'string' } }]]),
            publish: { operationId: ops[0], message: messageRef(picks[0]!) },
            subscribe: { operationId: ops[1], message: { oneOf: messages.map((_, i) => messageRef(i)) } },
          },
        ],
      ]),
      components: {
        schemas: record(names.map((n, i) => [n, schemas[i]])),
        messages: record(messages.map((m, i) => [m, { name: m, title, payload: pick(picks[1]! + i) }])),
      },
    };
  });

// --- Type-checking in-process --------------------------------------------------------------------

const OPTIONS: ts.CompilerOptions = {
  ...ts.convertCompilerOptionsFromJson(PACKAGE_COMPILER_OPTIONS, '.').options,
  // The lib files and the runtime do not change from run to run (other tests check the runtime).
  skipDefaultLibCheck: true,
};
const LIB_DIR = dirname(ts.getDefaultLibFilePath(OPTIONS));
/** Parsed files shared by every program (lib files, the unchanged runtime). */
const parsed = new Map<string, { text: string; file: ts.SourceFile }>();
let previous: ts.Program | undefined;

/** Diagnostics of the package's `src/` under its own strict options, in memory. */
function typeCheck(files: Map<string, string>): string[] {
  const root = '/pkg/';
  const text = (name: string): string | undefined => (name.startsWith(root) ? files.get(name.slice(root.length)) : ts.sys.readFile(name));
  const host: ts.CompilerHost = {
    getSourceFile(name, version) {
      const content = text(name);
      if (content === undefined) return undefined;
      const hit = parsed.get(name);
      if (hit && hit.text === content) return hit.file;
      const file = ts.createSourceFile(name, content, version);
      parsed.set(name, { text: content, file });
      return file;
    },
    getDefaultLibFileName: () => join(LIB_DIR, 'lib.d.ts'),
    getDefaultLibLocation: () => LIB_DIR,
    writeFile: () => {},
    getCurrentDirectory: () => root,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => text(name) !== undefined,
    readFile: text,
    directoryExists: (name) =>
      name.startsWith(root) ? [...files.keys()].some((k) => `${root}${k}`.startsWith(`${name.replace(/\/$/, '')}/`)) : ts.sys.directoryExists(name),
    getDirectories: () => [],
  };
  const rootNames = [...files.keys()].filter((k) => k.startsWith('src/') && k.endsWith('.ts')).map((k) => `${root}${k}`);
  const program = ts.createProgram({ rootNames, options: OPTIONS, host, ...(previous ? { oldProgram: previous } : {}) });
  previous = program;
  const own = program.getSourceFiles().filter((f) => f.fileName.startsWith(`${root}src/`) && !f.fileName.startsWith(`${root}src/runtime/`));
  expect(own.length).toBeGreaterThan(4);
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f), ...program.getDeclarationDiagnostics(f)]),
  ];
  const messages = diagnostics.map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  // The compiled JavaScript and declarations parse too.
  for (const [path, content] of files) {
    if (!/\.(js|d\.ts)$/.test(path) || !path.startsWith('dist/')) continue;
    const kind = path.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const source = ts.createSourceFile(path, content, ts.ScriptTarget.ES2022, false, kind);
    for (const d of (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics)
      messages.push(`${path}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return messages;
}

// --- The property --------------------------------------------------------------------------------

let dir: string;
let counter = 0;
const outcomes = { compiled: 0, rejected: 0 };
const spent = { generate: 0, typeCheck: 0 };
const rejections = new Map<string, number>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specweave-property-'));
});
afterAll(async () => {
  if (!process.env['FC_KEEP']) await rm(dir, { recursive: true, force: true });
  process.stdout.write(
    `property (seed ${SEED}): ${outcomes.compiled} compiled, ${outcomes.rejected} rejected with a SpecError; generate ${Math.round(spent.generate)} ms, type-check ${Math.round(spent.typeCheck)} ms; rejections: ${JSON.stringify(Object.fromEntries(rejections))}\n`,
  );
});

/**
 * One package per run, holding both documents (the runtime's share of generating and checking a
 * package is most of the cost). A SpecError for either document ends the run as a rejection.
 */
async function compilesOrRejects([openapi, asyncapi]: [object, object]): Promise<void> {
  const n = counter++;
  const apis: Config['apis'] = [];
  for (const [name, doc] of [
    ['rest', openapi],
    ['events', asyncapi],
  ] as const) {
    const file = join(dir, `${name}-${n}.json`);
    await writeFile(file, JSON.stringify(doc, null, 2));
    apis.push({ name, spec: file });
  }
  const config: Config = { root: dir, output: 'out', package: { name: 'prop-pkg', version: '1.0.0' }, apis, allowRemoteRefs: false, allowOutsideRefs: false };
  let files: Map<string, string>;
  const t0 = performance.now();
  try {
    files = (await generate(config)).files;
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    expect(error.message).not.toContain('\n');
    expect(error.message.startsWith(error.file)).toBe(true);
    outcomes.rejected++;
    if (process.env['FC_DEBUG']) process.stdout.write(`REJECT ${error.message}\n`);
    const kind = error.problem.replace(/"[^"]*"/g, '"…"').slice(0, 60);
    rejections.set(kind, (rejections.get(kind) ?? 0) + 1);
    return;
  } finally {
    spent.generate += performance.now() - t0;
  }
  const t1 = performance.now();
  const errors = typeCheck(files);
  spent.typeCheck += performance.now() - t1;
  if (errors.length > 0) throw new Error(`generated code does not type-check:\n${errors.slice(0, 8).join('\n')}`);
  outcomes.compiled++;
}

describe('random schemas and names: the output compiles or the generator stops with a SpecError', () => {
  it('an OpenAPI 3.0/3.1 and an AsyncAPI 2.6 document in one package', { timeout: 180_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.tuple(openApiArb, asyncApiArb), compilesOrRejects), { seed: SEED, numRuns: RUNS });
  });
});

describe('found by the property test, kept as examples', () => {
  it('schemas that refer to themselves through unions or intersections only (no object between) compile', async () => {
    const schemas = {
      Loop: { oneOf: [{ $ref: '#/components/schemas/Loop' }, { type: 'string' }] },
      Ping: { allOf: [{ $ref: '#/components/schemas/Pong' }, { type: 'object', properties: { ping: { type: 'boolean' } } }] },
      Pong: { anyOf: [{ $ref: '#/components/schemas/Ping' }, { type: 'integer' }] },
      Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } },
    };
    const openapi = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas } };
    const asyncapi = {
      asyncapi: '2.6.0',
      info: { title: 't', version: '1' },
      channels: { '/c': { subscribe: { message: { payload: { $ref: '#/components/schemas/Loop' } } } } },
      components: { schemas },
    };
    const before = outcomes.compiled;
    await compilesOrRejects([openapi, asyncapi]);
    expect(outcomes.compiled).toBe(before + 1);
  });
});

describe('found by the property test: clear errors and parser workarounds', () => {
  it('a schema that is only a reference to itself is refused at its $ref (swagger-parser overflowed its stack)', async () => {
    const file = join(dir, 'self.json');
    const doc = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { Self: { $ref: '#/components/schemas/Self' } } } };
    await writeFile(file, JSON.stringify(doc, null, 2));
    const error = await generate({
      root: dir,
      output: 'out',
      package: { name: 'p', version: '1.0.0' },
      apis: [{ name: 'api', spec: file }],
      allowRemoteRefs: false,
      allowOutsideRefs: false,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).pointer).toBe('/components/schemas/Self/$ref');
    expect((error as SpecError).line).toBe(11);
    expect((error as SpecError).problem).toBe('$ref "#/components/schemas/Self" is a cycle of references that never reaches a value');
  });

  it('an AsyncAPI schema component named $ref and a channel parameter named __proto__ (the parser crashed / lost them)', async () => {
    const asyncapi = {
      asyncapi: '2.6.0',
      info: { title: 't', version: '1' },
      channels: record([
        [
          '/a/{__proto__}',
          { parameters: record([['__proto__', { schema: { type: 'string' } }]]), subscribe: { message: { payload: { $ref: '#/components/schemas/%24ref' } } } },
        ],
      ]),
      components: { schemas: record([['$ref', { type: 'object', required: ['$ref'], properties: record([['$ref', { type: 'string' }]]) }]]) },
    };
    const openapi = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} };
    const before = outcomes.compiled;
    await compilesOrRejects([openapi, asyncapi]);
    expect(outcomes.compiled).toBe(before + 1);
  });
});
