/**
 * Warnings vs errors. A spec that breaks a rule of its standard but is usable (public specs
 * often do) generates, with one warning per problem naming file, line and JSON pointer; `--strict`
 * (or `"strict": true` in the config) makes each warning an error: exit 1, output untouched. A
 * spec that cannot be used (here: `paths` is a list) is rejected whatever the flags.
 * Fixtures: test/fixtures/warnings/.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type Run, run, runCliInProcess } from './support/run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');
/** For a hang, not for speed: on a loaded two-core machine these took over 30-60 s. */
const TIMEOUT = 180_000;
const OPENAPI = 'specs/usable.openapi.yaml';
const ASYNCAPI = 'specs/usable.asyncapi.yaml';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A project with the fixtures in specs/, a config naming `apis`, and an output folder holding a sentinel. */
async function project(apis: Array<{ name: string; spec: string }>, extra: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'specweave-warnings-'));
  dirs.push(dir);
  await cp(join(ROOT, 'test', 'fixtures', 'warnings'), join(dir, 'specs'), { recursive: true });
  await writeFile(join(dir, 'specweave.config.json'), JSON.stringify({ output: 'out', package: { name: 'w', version: '1.0.0' }, apis, ...extra }));
  await mkdir(join(dir, 'out'));
  await writeFile(join(dir, 'out', 'SENTINEL.txt'), 'a failed run leaves this here\n');
  // Listed in the folder's manifest: a previous generation, which a run may replace.
  await writeFile(join(dir, 'out', '.specweave-manifest.json'), JSON.stringify({ files: { 'SENTINEL.txt': '' } }));
  return dir;
}

// In-process: the point is what the CLI says and writes (test/cli.test.ts starts it as a process).
const cli = (cwd: string, args: string[] = []): Promise<Run> => runCliInProcess(cwd, args);

async function lineOf(file: string, text: string, nth = 1): Promise<number> {
  const lines = (await readFile(join(ROOT, 'test', 'fixtures', 'warnings', file), 'utf8')).split('\n');
  let seen = 0;
  const index = lines.findIndex((l) => l === text && ++seen === nth);
  if (index < 0) throw new Error(`test setup: no line "${text}" in ${file}`);
  return index + 1;
}

/** The problems of the two fixtures, in the order they are reported (validation, then the builder). */
async function expectedProblems(): Promise<string[]> {
  const o = (line: number, pointer: string, problem: string): string => `${OPENAPI} (line ${line}, at #${pointer}): ${problem}`;
  return [
    o(
      await lineOf('usable.openapi.yaml', "        '200':"),
      '/paths/~1items~1{itemId}/get/responses/200',
      "breaks the OpenAPI standard: must have required property 'description'",
    ),
    o(await lineOf('usable.openapi.yaml', '      operationId: 42'), '/paths/~1items/get/operationId', 'breaks the OpenAPI standard: must be string'),
    o(
      await lineOf('usable.openapi.yaml', '          type: 12'),
      '/components/schemas/Item/properties/size/type',
      'breaks the OpenAPI standard: must be string; must be one of "array", "boolean", "integer", "number", "object", "string"',
    ),
    o(
      await lineOf('usable.openapi.yaml', '        tags:'),
      '/components/schemas/Item/properties/tags',
      'breaks the OpenAPI standard: unknown field "unknownKeyword"',
    ),
    o(
      await lineOf('usable.openapi.yaml', '    get:'),
      '/paths/~1items~1{itemId}/get',
      'the path "/items/{itemId}" has {itemId} but the operation declares no path parameter "itemId"; it is added as a required string',
    ),
    o(
      await lineOf('usable.openapi.yaml', '        - name: limit', 2),
      '/paths/~1items/get/parameters/1',
      'the query parameter "limit" is declared twice; the last one is used',
    ),
    o(
      await lineOf('usable.openapi.yaml', '      operationId: getItem', 2),
      '/paths/~1items/post/operationId',
      'operationId "getItem" is used by an earlier operation too (operation ids must be unique); this one is named "getItem2"',
    ),
    `${ASYNCAPI} (line ${await lineOf('usable.asyncapi.yaml', 'info:')}, at #/info): breaks the AsyncAPI standard: "info" property must have required property "title"`,
  ];
}

const APIS = [
  { name: 'usable', spec: OPENAPI },
  { name: 'usable-async', spec: ASYNCAPI },
];

describe('a usable spec that breaks rules of its standard', () => {
  it.concurrent('generates (exit 0), with one warning per problem naming file, line and pointer, and the output type-checks', {
    timeout: TIMEOUT,
  }, async () => {
    const dir = await project(APIS);
    const result = await cli(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^specweave: generated 2 APIs \(3 operations, 1 channels\)/);
    const expected = await expectedProblems();
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      ...expected.map((p) => `specweave: warning: ${p}`),
      'specweave: 8 warnings (the spec is usable; --strict makes them errors)',
    ]);
    expect(await readdir(join(dir, 'out'))).not.toContain('SENTINEL.txt');
    const operations = await readFile(join(dir, 'out', 'src', 'usable', 'operations.ts'), 'utf8');
    // The undeclared {itemId} became a required path parameter; the duplicate id has its own function.
    expect(operations).toMatch(/itemId: string/);
    expect(operations).toContain("id: 'getItem2'");
    const tsc = await run(TSC, ['-p', join(dir, 'out', 'tsconfig.json')], ROOT);
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.code).toBe(0);
  });

  it.concurrent('--strict: each warning is an error, exit 1, the output folder untouched', { timeout: TIMEOUT }, async () => {
    const dir = await project(APIS);
    const result = await cli(dir, ['--strict']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual((await expectedProblems()).map((p) => `specweave: ${p}`));
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['.specweave-manifest.json', 'SENTINEL.txt']);
  });

  it.concurrent('"strict": true in the config does the same as --strict', { timeout: TIMEOUT }, async () => {
    const dir = await project([{ name: 'usable', spec: OPENAPI }], { strict: true });
    const result = await cli(dir);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual((await expectedProblems()).filter((p) => p.startsWith(OPENAPI)).map((p) => `specweave: ${p}`));
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['.specweave-manifest.json', 'SENTINEL.txt']);
  });

  it.concurrent('a spec without problems prints no warning, with or without --strict', { timeout: TIMEOUT }, async () => {
    const dir = await project([{ name: 'beam', spec: 'beam.openapi.yaml' }]);
    await cp(join(ROOT, 'specs', 'beam.openapi.yaml'), join(dir, 'beam.openapi.yaml'));
    const result = await cli(dir, ['--strict']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('an unusable spec', () => {
  it.concurrent('is rejected with one clear line (file, line, pointer), also without --strict', { timeout: TIMEOUT }, async () => {
    const dir = await project([{ name: 'unusable', spec: 'specs/unusable.openapi.yaml' }]);
    const result = await cli(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const line = await lineOf('unusable.openapi.yaml', 'paths:');
    expect(result.stderr).toBe(
      `specweave: specs/unusable.openapi.yaml (line ${line}, at #/paths): \`paths\` must be a mapping; the document cannot be read without it\n`,
    );
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['.specweave-manifest.json', 'SENTINEL.txt']);
  });
});

describe('warnings and the content-hash cache', () => {
  it('a cached run says the warnings again, and --strict after it still fails', { timeout: TIMEOUT }, async () => {
    const dir = await project([{ name: 'usable', spec: OPENAPI }]);
    await mkdir(join(dir, 'node_modules'));
    const first = await cli(dir);
    expect(first.code).toBe(0);
    const warnings = first.stderr.split('\n').filter((l) => l.startsWith('specweave: warning: '));
    expect(warnings.length).toBeGreaterThan(0);
    const cached = await cli(dir);
    expect(cached.stdout).toContain('is up to date (no spec');
    expect(cached.stderr).toBe(first.stderr);
    const strict = await cli(dir, ['--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr.trimEnd().split('\n')).toHaveLength(warnings.length);
  });
});

describe('constructs the generated client cannot carry', () => {
  // In-process (the point is the warnings, not the CLI): the builders, schema conversion and
  // the emitters each report what they leave out, at its place in the document.
  it('are each a warning with file, line and pointer: digest auth, `if`, `not`, a second request media type', { timeout: TIMEOUT }, async () => {
    const { generate } = await import('../src/index.js');
    const file = 'test/fixtures/warnings/dropped.openapi.yaml';
    const result = await generate({ input: file, root: ROOT, write: false });
    const at = async (text: string, pointer: string, problem: string): Promise<string> =>
      `${file} (line ${await lineOf('dropped.openapi.yaml', text)}, at #${pointer}): ${problem}`;
    expect(result.warnings.map((w) => w.message)).toEqual([
      await at(
        '    digestAuth:',
        '/components/securitySchemes/digestAuth',
        'security scheme "digestAuth" is HTTP "digest" authentication, which the generated client does not apply; calls that need it are sent without its credentials',
      ),
      await at(
        '          if:',
        '/components/schemas/Thing/properties/size/if',
        '`if` cannot be expressed in TypeScript types; it is left out (the type admits more than the schema)',
      ),
      await at(
        '            not:',
        '/paths/~1things~1{id}/put/parameters/0/schema/not',
        '`not` cannot be expressed in TypeScript types; it is left out (the type admits more than the schema)',
      ),
      // The model keeps the operation's place, not the component's: the line is the `$ref`'s.
      await at(
        "        $ref: '#/components/requestBodies/Thing'",
        '/paths/~1things/post/requestBody/content',
        'the request body may also be sent as application/xml; the generated call sends application/json only',
      ),
    ]);
    // The document was not touched to say so.
    expect(result.files.get('src/dropped/operations.ts')).toContain('createThing');
  });
});
