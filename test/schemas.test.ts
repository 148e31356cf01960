/**
 * Schema coverage, one focused fixture per feature (`test/fixtures/schemas/`): unions,
 * intersections and discriminators; enum, const and nullable; OpenAPI 3.1 type arrays;
 * additionalProperties and patternProperties; recursion; readOnly/writeOnly (OpenAPI and
 * AsyncAPI); formats and doc annotations; Swagger 2.0's own spellings. Each fixture is generated with the real pipeline into
 * one package, and each test checks the emitted declarations and then that the types behave: a
 * consumer file per fixture (`<fixture>.consumer.ts`) must type-check under the package's strict
 * tsconfig, and every `@ts-expect-error` line in it must be an error (an unused one is itself a
 * diagnostic).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternKeyType } from '../src/emit/naming.js';
import { generate } from '../src/pipeline.js';
import { writeOutput } from '../src/write/output.js';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = 'test/fixtures/schemas';
/** API name → fixture document; consumers are named after the document (chat's is visibility's). */
const APIS: Array<{ name: string; spec: string }> = [
  { name: 'unions', spec: 'unions.openapi.yaml' },
  { name: 'literals', spec: 'literals.openapi.yaml' },
  { name: 'types31', spec: 'types31.openapi.yaml' },
  { name: 'maps', spec: 'maps.openapi.yaml' },
  { name: 'recursive', spec: 'recursive.openapi.yaml' },
  { name: 'visibility', spec: 'visibility.openapi.yaml' },
  { name: 'chat', spec: 'visibility.asyncapi.yaml' },
  { name: 'formats', spec: 'formats.openapi.yaml' },
  { name: 'zoo', spec: 'swagger2.yaml' },
  { name: 'evil', spec: 'hostile.openapi.yaml' },
].map(({ name, spec }) => ({ name, spec: `${FIXTURES}/${spec}` }));
const CONSUMERS = ['unions', 'literals', 'types31', 'maps', 'recursive', 'visibility', 'formats', 'swagger2'];

let dir = '';
let files: Map<string, string>;
/** Diagnostics of the type-check, by file relative to the package (`src/consumers/maps.ts`). */
const diagnostics = new Map<string, string[]>();

function types(api: string): string {
  return files.get(`src/${api}/types.ts`)!;
}

/** The diagnostics of one consumer: none means it type-checks and every expected error occurred. */
function consumer(name: string): string[] {
  return diagnostics.get(`src/consumers/${name}.ts`) ?? [];
}

/** Collapses whitespace so declarations compare independently of the printer's indentation. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** `flat` without the doc comments. */
function code(text: string): string {
  return flat(text.replace(/\/\*\*[\s\S]*?\*\/\s*/g, ''));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specweave-schemas-'));
  files = (
    await generate({
      root: ROOT,
      output: 'unused',
      package: { name: '@test/schemas', version: '0.0.0' },
      apis: APIS,
      allowRemoteRefs: false,
      allowOutsideRefs: false,
    })
  ).files;
  const out = join(dir, 'out');
  await writeOutput(out, files);
  await mkdir(join(out, 'src', 'consumers'));
  for (const name of CONSUMERS) await copyFile(join(ROOT, FIXTURES, `${name}.consumer.ts`), join(out, 'src', 'consumers', `${name}.ts`));

  const configPath = join(out, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(JSON.parse(await readFile(configPath, 'utf8')), ts.sys, out);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? relative(out, d.file.fileName).split('\\').join('/') : '(global)';
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const list = diagnostics.get(file) ?? [];
    list.push(`${file}:${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    diagnostics.set(file, list);
  }
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('schema coverage: the types behave', () => {
  it.each(CONSUMERS)('%s.consumer.ts type-checks and each of its @ts-expect-error lines is an error', (name) => {
    expect(consumer(name)).toEqual([]);
  });
});

describe('schema coverage: the declarations', () => {
  it('the generated package itself type-checks (strict, exactOptionalPropertyTypes, isolatedDeclarations)', () => {
    const generated = [...diagnostics].filter(([file]) => !file.startsWith('src/consumers/')).flatMap(([, list]) => list);
    expect(generated).toEqual([]);
  });

  it('oneOf/anyOf are unions, allOf intersections; discriminators tag each mapped schema (explicit, implicit, partial, through allOf)', () => {
    const t = flat(types('unions'));
    expect(t).toContain("export type Pet = ({ kind: 'cat' | 'kitten' } & Cat) | ({ kind: 'dog' } & Dog);");
    expect(t).toContain("export type Animal = ({ kind: 'Cat' } & Cat) | ({ kind: 'Lizard' } & Lizard);");
    expect(t).toContain("export type Creature = ({ kind: 'doggo' } & Dog) | ({ kind: 'Lizard' } & Lizard) | { kind: string; legs: number; };");
    expect(t).toContain('export type Id = string | number;');
    expect(t).toContain('export type NamedCat = { nickname?: string; } & Cat & { name: string; };');
    expect(t).toContain("export type Circle = Shape & { radius: number; } & { type: 'circle'; };");
    expect(t).toContain("export type Square = Shape & { side: number; } & { type: 'Square'; };");
    // A parent that is the union of its children, which extend it: the children's refs back to it are cut.
    expect(t).toContain("export type Vehicle = { type: string; } & (({ type: 'Car' } & Car) | ({ type: 'Bike' } & Bike));");
    expect(t).toContain("export type Car = { wheels: number; } & { type: 'Car'; };");
  });

  it('enum and const are literal types; nullable (3.0) adds null, to enums too', () => {
    const t = flat(types('literals'));
    expect(t).toContain("export type Status = 'queued' | 'running' | 'done';");
    expect(t).toContain('export type Priority = 1 | 2 | 3;');
    expect(t).toContain("export type MaybeColour = 'red' | 'green' | null;");
    expect(t).toContain('export type Preset = { size?: number; };');
    expect(t).toContain('note: string | null;');
    expect(t).toContain('parent: Status | null;');
    expect(t).toContain('flags: Array<boolean> | null;');
    expect(t).toContain('either?: (string | number) | null;');
  });

  it('OpenAPI 3.1: type arrays, null as a type, const, annotations next to a $ref, tuples (prefixItems)', () => {
    const t = flat(types('types31'));
    expect(t).toContain('export type Version = 2;');
    expect(t).toContain("kind: 'created';");
    expect(t).toContain('label: string | null;');
    expect(t).toContain('count: number | string;');
    expect(t).toContain('gone: null;');
    expect(t).toContain("level?: 'low' | 'high' | null;");
    expect(t).toContain('export type Point = [number, number];');
    expect(t).toContain('export type Row = [string, (number | string)?, ...Array<boolean>];');
    expect(t).toContain('/** * When the event happened. * * Read-only: never part of what the client sends. */ created: Stamp;');
  });

  it('additionalProperties (true, false, a schema, next to properties) and patternProperties are index signatures (template literal keys for prefixes)', () => {
    const t = flat(types('maps'));
    expect(t).toContain('export type Open = { [key: string]: unknown; };');
    expect(t).toContain('export type Closed = { a: string; };');
    expect(t).toContain('export type Counts = { [key: string]: number; };');
    expect(t).toContain('export type Labels = { name: string; size?: number; [key: string]: string | number | undefined; };');
    expect(t).toContain('export type Headers2 = { [key: `x-${string}`]: string; [key: `n-${string}`]: number; };');
    expect(t).toContain(
      "export type Extensible = { name: string; 'x-id'?: number; [key: `x-${string}`]: string | number | undefined; [key: string]: boolean | string | number | undefined; };",
    );
    expect(t).toContain('export type Nested = { [key: string]: Counts; };');
  });

  it('only a plain "starts with" pattern becomes a template literal key; anything that could end or interpolate it does not', () => {
    expect(patternKeyType('^x-')).toEqual({ prefix: 'x-', type: '`x-${string}`' });
    expect(patternKeyType('^a/b:c@d_e-.*$')?.type).toBe('`a/b:c@d_e-${string}`');
    for (const pattern of ['x-', '^x-$', '^x.', '^x`', '^x${', '^x\\', '^x-|^y-', '^(x)', '^x-[0-9]+', '^']) expect(patternKeyType(pattern)).toBeUndefined();
  });

  it('recursive and mutually recursive schemas; a cycle no alias can express becomes unknown', () => {
    const t = flat(types('recursive'));
    expect(t).toContain('export type Tree = { value: string; children?: Array<Tree>; };');
    expect(t).toContain('export type ListNode = { value: number; next: ListNode | null; };');
    expect(t).toContain('export type Entry = Folder | File;');
    expect(t).toContain('entries?: Array<Entry>;');
    expect(t).toContain('export type Json = (string | number | boolean | Array<Json> | { [key: string]: Json; }) | null;');
    expect(t).toContain('export type Loop1 = unknown;');
    expect(t).toContain('export type Loop2 = unknown;');
    expect(t).toContain('export type SelfUnion = unknown;');
  });

  it('readOnly/writeOnly: split schemas get a request-side …Writable type, used by request bodies and parameters, recursively through refs', () => {
    const t = code(types('visibility'));
    expect(t).toContain('export type User = { id: string; name: string; createdAt?: Timestamp; };');
    expect(t).toContain('export type UserWritable2 = { name: string; password: string; };');
    expect(t).toContain('export type Team = { name: string; members: Array<User>; lead?: User; };');
    const docs = flat(types('visibility'));
    expect(docs).toContain("/** * The user's id. * * Format: uuid. * * Read-only: never part of what the client sends. */ id: string;");
    expect(docs).toContain('/** Write-only: never part of what the client receives. */ password: string;');
    expect(docs).toContain('/** Read-only: never part of what the client sends. */ createdAt?: Timestamp;');
    expect(t).toContain('export type TeamWritable = { name: string; members: Array<UserWritable2>; };');
    expect(t).toContain('export type FilterWritable = { name?: string; };');
    expect(t).toContain('export type MembershipWritable = { user: UserWritable2; role: string; };');
    expect(t).toContain('export type Pet = NewPet & { id: number; };');
    expect(t).toContain('export type PetWritable = NewPet & object;');
    // No readOnly/writeOnly inside: one type. A spec schema named like a split type keeps its name.
    expect(t).not.toContain('TagWritable');
    expect(t).toContain('export type UserWritable = { note?: string; };');
    const ops = code(files.get('src/visibility/operations.ts')!);
    expect(ops).toContain('export type CreateUserArgs = { body: types.UserWritable2; };');
    expect(ops).toContain('export type CreateUserResult = rt.ApiResponse<201, types.User>;');
    expect(ops).toContain('filter?: types.FilterWritable;');
    expect(ops).toContain('body: types.TeamWritable;');
    expect(ops).toContain('export type AddMemberArgs = { body: types.MembershipWritable; };');
    expect(ops).toContain('export type PutTeamResult = rt.ApiResponse<200, types.Team>;');
    expect(ops).toContain('export type CreateTagArgs = { body: { label: string; }; };');
  });

  it('readOnly/writeOnly in AsyncAPI: sent messages are request-side, received ones response-side', () => {
    const t = code(types('chat'));
    expect(t).toContain('export type ChatMessage = { id: string; text: string; position?: [number, number]; };');
    expect(t).toContain('export type ChatMessageWritable = { text: string; token: string; position?: [number, number]; };');
    const channels = code(files.get('src/chat/channels.ts')!);
    expect(channels).toContain('export interface ChatChannelSends { Post: types.ChatMessageWritable; }');
    expect(channels).toContain('export interface ChatChannelReceives { Post: types.ChatMessage; }');
  });

  it('formats: date-time, uuid and byte are strings, binary a Blob; format, default, example and deprecation are in the TSDoc', () => {
    const t = flat(types('formats'));
    expect(t).toContain('/** * Format: uuid. * @example "5f0c6a9e-1c2b-4f7e-9a57-3b1de0a1c9e2" */ id: string;');
    expect(t).toContain('/** Format: date-time. */ at: string;');
    expect(t).toContain('/** Format: byte. */ digest: string;');
    expect(t).toContain('/** * Size in bytes. * * Format: int64. * @defaultValue 0 */ size?: number;');
    expect(t).toContain('/** * @defaultValue ["a","b"] * @example ["x"] */ tags?: Array<string>;');
    expect(t).toContain('/** * Use tags. * * @deprecated */ legacy?: string;');
    expect(t).toContain('/** @defaultValue {"max":10} */ export type Limits');
    const ops = flat(files.get('src/formats/operations.ts')!);
    expect(ops).toContain('body: { file: Blob; /** @defaultValue "untitled" */ caption?: string; };');
    expect(ops).toContain('export type PutRawArgs = { /** Request body (application/octet-stream). */ body: Blob; };');
  });

  it('Swagger 2.0: x-nullable, a discriminator that is a property name (allOf inheritance), readOnly, a file parameter', () => {
    const t = code(types('zoo'));
    expect(t).toContain('export type Animal = { id?: number; species: string; name: string; nickname?: string | null; };');
    expect(t).toContain('export type AnimalWritable = { species: string; name: string; nickname?: string | null; };');
    expect(t).toContain("export type Zebra = Animal & { stripes?: number; } & { species: 'Zebra'; };");
    expect(t).toContain("export type ZebraWritable = AnimalWritable & { stripes?: number; } & { species: 'Zebra'; };");
    const ops = code(files.get('src/zoo/operations.ts')!);
    expect(ops).toContain('export type AddAnimalArgs = { body: types.AnimalWritable; };');
    expect(ops).toContain('export type AddPhotoArgs = { body: { photo: Blob; caption?: string; }; };');
  });

  it('hostile strings in the slots this adds (discriminator values and property, pattern keys, examples, tuple consts, one-sided property names) stay inside literals and comments', () => {
    for (const file of ['src/evil/types.ts', 'src/evil/operations.ts']) {
      const source = ts.createSourceFile(file, files.get(file)!, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const identifiers: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) identifiers.push(node.text);
        ts.forEachChild(node, visit);
      };
      visit(source);
      expect(identifiers).toContain('EvilWritable'); // the walk sees the declarations
      expect(identifiers).not.toContain('__pwned');
      expect(identifiers).not.toContain('globalThis');
    }
    const t = code(types('evil'));
    expect(t).toContain("export type Evil = ({ '\"]: 1; globalThis.__pwned = 1; //': '*/ globalThis.__pwned = 1; /*' } & ABCD) | { [key: string]: unknown; };");
    expect(t).toContain("export type Tuple = ['*/`${globalThis.__pwned=1}`'?, ...Array<unknown>];");
    expect(flat(types('evil'))).toContain('@example "*\\/ globalThis.__pwned = 1; /*"');
  });
});
