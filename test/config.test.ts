/**
 * The config as a user writes it (JSON, TypeScript), zero-config `-i/-o`, `init`, and the
 * programmatic `generate()`. Config errors must name the file, the key's JSON pointer and the
 * problem (with the key meant, for a misspelt one), exit 1 and leave the project as it was.
 * The `.ts` config and `init` run through the compiled CLI (dist/, built once into a package
 * folder under node_modules of a temporary project), as a user's install runs it.
 */
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/index.js';
import { didYouMean, loadConfig } from '../src/load/config.js';
import { SpecError } from '../src/load/errors.js';
import { ROOT, type Run, run, runCliInProcess, stopAll } from './support/run.js';

/** For a hang, not for speed: on a loaded two-core machine these took over 30-60 s. */
const TIMEOUT = 180_000;
const made: string[] = [];
afterAll(async () => {
  await stopAll();
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A project with specs/beam.openapi.yaml (the fastest spec) and the given JSON config. */
async function project(config?: unknown): Promise<string> {
  const dir = await tempDir('specweave-config-');
  await mkdir(join(dir, 'specs'));
  await copyFile(join(ROOT, 'specs', 'beam.openapi.yaml'), join(dir, 'specs', 'beam.openapi.yaml'));
  if (config !== undefined) await writeFile(join(dir, 'specweave.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

const good = { output: 'out', package: { name: 'beam-client', version: '1.0.0' }, apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml' }] };

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

function badInput(result: Run): string {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n'), 'one line').toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at |internal error/m);
  return result.stderr.trimEnd();
}

describe('config errors: the file, the pointer, the problem', () => {
  it.concurrent.each([
    ['a misspelt top-level key', { ...good, outptu: 'x' }, '(at #/outptu): unknown key "outptu" (did you mean "output"?)'],
    [
      'a misspelt key in an API',
      { ...good, apis: [{ name: 'beam', spce: 'specs/beam.openapi.yaml' }] },
      '(at #/apis/0/spce): unknown key "spce" (did you mean "spec"?)',
    ],
    [
      'a misspelt package key',
      { ...good, package: { name: 'x', verison: '1.0.0' } },
      '(at #/package/verison): unknown key "verison" (did you mean "version"?)',
    ],
    ['a key like none', { ...good, colour: true }, '(at #/colour): unknown key "colour"; the keys here are output,'],
    ['strict of the wrong type', { ...good, strict: 'yes' }, '(at #/strict): strict must be true or false, not the string "yes"'],
    ['apis of the wrong type', { ...good, apis: { beam: 'specs/beam.openapi.yaml' } }, '(at #/apis): apis must be a list of { name, spec }, not an object'],
    ['package.name of the wrong type', { ...good, package: { name: 12 } }, '(at #/package/name): package.name must be a string, not the number 12'],
    [
      'a perspective that is neither side',
      { ...good, apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml', perspective: 'browser' }] },
      '(at #/apis/0/perspective): perspective must be "server" (the document describes the server: the default) or "client" (it describes the client application), not the string "browser"',
    ],
  ])('%s', { timeout: TIMEOUT }, async (_what, config, expected) => {
    const dir = await project(config);
    const before = await listing(dir);
    const message = badInput(await runCliInProcess(dir, []));
    expect(message).toContain(`specweave: specweave.config.json ${expected}`);
    expect(await listing(dir)).toEqual(before);
  });

  it.concurrent("a missing spec: its pointer, and the folder its path is relative to (the config's, not the working folder)", {
    timeout: TIMEOUT,
  }, async () => {
    const dir = await project();
    await mkdir(join(dir, 'app'));
    await writeFile(join(dir, 'app', 'specweave.config.json'), JSON.stringify({ ...good, apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml' }] }));
    // specs/beam.openapi.yaml exists beside the working folder, not beside the config.
    const message = badInput(await runCliInProcess(dir, ['--config', 'app/specweave.config.json']));
    expect(message).toBe(
      `specweave: app/specweave.config.json (at #/apis/0/spec): spec specs/beam.openapi.yaml (relative to ${join(dir, 'app')}, the config's folder) not found`,
    );
  });

  it.concurrent("paths are relative to the config's folder: run from another folder, the output lands beside the config", { timeout: TIMEOUT }, async () => {
    const dir = await project(good);
    const elsewhere = await tempDir('specweave-cwd-');
    const result = await runCliInProcess(elsewhere, ['--config', join(dir, 'specweave.config.json'), '--no-cache']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'out', 'package.json'), 'utf8'))).toMatchObject({ name: 'beam-client', version: '1.0.0' });
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('perspective "client" or "server" on an API is read into the config; absent, it stays absent', async () => {
    const dir = await project({
      ...good,
      apis: [
        { name: 'beam', spec: 'specs/beam.openapi.yaml', perspective: 'client' },
        { name: 'beam-two', spec: 'specs/beam.openapi.yaml', perspective: 'server' },
        { name: 'beam-three', spec: 'specs/beam.openapi.yaml' },
      ],
    });
    const config = await loadConfig(join(dir, 'specweave.config.json'));
    expect(config.apis).toEqual([
      { name: 'beam', spec: 'specs/beam.openapi.yaml', perspective: 'client' },
      { name: 'beam-two', spec: 'specs/beam.openapi.yaml', perspective: 'server' },
      { name: 'beam-three', spec: 'specs/beam.openapi.yaml' },
    ]);
  });

  it('did-you-mean picks the nearest key, and nothing for a key like none', () => {
    expect(didYouMean('allowRemoteRef', ['output', 'allowRemoteRefs', 'allowOutsideRefs'])).toBe('allowRemoteRefs');
    expect(didYouMean('Output', ['output', 'apis'])).toBe('output');
    expect(didYouMean('colour', ['output', 'apis', 'strict'])).toBeUndefined();
  });
});

describe('zero-config: -i/-o, positional specs', () => {
  it.concurrent('-i spec -o out generates with no config file: API named after the file, package after the folder', { timeout: TIMEOUT }, async () => {
    const dir = await project();
    const result = await runCliInProcess(dir, ['generate', '-i', 'specs/beam.openapi.yaml', '-o', 'src/api']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^specweave: generated 1 APIs \(6 operations, 0 channels\) into src\/api\//);
    expect(result.stdout).toMatch(/^ {2}beam +OpenAPI/m);
    const pkg = JSON.parse(await readFile(join(dir, 'src', 'api', 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
    expect(pkg.name).toBe('api');
    expect(Object.keys(pkg.exports)).toContain('./beam');
    expect(await readdir(dir)).toEqual(['specs', 'src']);
  });

  it.concurrent('a positional spec works as -i, --name names the package; -i without -o is refused', { timeout: TIMEOUT }, async () => {
    const dir = await project();
    const result = await runCliInProcess(dir, ['specs/beam.openapi.yaml', '-o', 'clients', '--name', '@acme/beam']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'clients', 'package.json'), 'utf8'))).toMatchObject({ name: '@acme/beam' });
    expect(badInput(await runCliInProcess(dir, ['-i', 'specs/beam.openapi.yaml']))).toBe('specweave: -i needs -o, the output folder (e.g. -o src/api)');
  });

  it.concurrent('no config and no -i: says how to start', { timeout: TIMEOUT }, async () => {
    const dir = await project();
    expect(badInput(await runCliInProcess(dir, []))).toMatch(
      /^specweave: no config file here \(.*\); run `specweave-gen -i spec\.yaml -o src\/api`, or `specweave-gen init`/,
    );
  });
});

describe('the programmatic API', () => {
  it('generate() returns the files and warnings without writing anything', { timeout: TIMEOUT }, async () => {
    const dir = await project();
    const before = await listing(dir);
    const result = await generate({ input: 'specs/beam.openapi.yaml', root: dir, package: { name: 'beam-client' } });
    expect(result.files.get('package.json')).toContain('"name": "beam-client"');
    expect([...result.files.keys()]).toContain('src/beam/index.ts');
    expect(result.apis).toEqual([{ name: 'beam', kind: 'openapi', operations: 6, channels: 0 }]);
    expect(Array.isArray(result.warnings)).toBe(true);
    expect(result.written).toBeUndefined();
    expect(await listing(dir)).toEqual(before);
  });

  it('generate() rejects bad options as a SpecError naming the option', async () => {
    const dir = await project();
    const error = await generate({ input: 'specs/nope.yaml', root: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toBe(`generate() options (at #/apis/0/spec): spec specs/nope.yaml (relative to ${dir}) not found`);
    const typo = await generate({ input: 'specs/beam.openapi.yaml', root: dir, ...({ outptu: 'x' } as object) }).catch((e: unknown) => e);
    expect((typo as SpecError).message).toContain('unknown key "outptu" (did you mean "output"?)');
  });
});

describe('a TypeScript config, and init, with the compiled CLI', () => {
  let home = '';
  let bin = '';
  beforeAll(async () => {
    // The package as an install lays it out: node_modules/specweave-gen with dist/ compiled from src/.
    home = await tempDir('specweave-install-');
    const pkg = join(home, 'node_modules', 'specweave-gen');
    await mkdir(join(pkg, 'bin'), { recursive: true });
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')], { cwd: ROOT });
    await copyFile(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    await copyFile(join(ROOT, 'bin', 'specweave-gen.js'), join(pkg, 'bin', 'specweave-gen.js'));
    await cp(join(ROOT, 'templates'), join(pkg, 'templates'), { recursive: true });
    await cp(join(ROOT, 'src', 'runtime'), join(pkg, 'src', 'runtime'), { recursive: true });
    await cp(join(ROOT, 'schema'), join(pkg, 'schema'), { recursive: true });
    await symlink(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    bin = join(pkg, 'bin', 'specweave-gen.js');
  }, 120_000);

  const compiled = (cwd: string, args: string[]): Promise<Run> => run(process.execPath, [bin, ...args], cwd, { SPECWEAVE_DEBUG: undefined });

  async function userProject(): Promise<string> {
    const dir = join(home, `project-${made.length}-${Math.random().toString(36).slice(2, 8)}`);
    await mkdir(join(dir, 'specs'), { recursive: true });
    await copyFile(join(ROOT, 'specs', 'beam.openapi.yaml'), join(dir, 'specs', 'beam.openapi.yaml'));
    // Found by its content, not its name.
    await writeFile(join(dir, 'specs', 'notes.yaml'), 'title: not an API\n');
    await copyFile(join(ROOT, 'specs', 'beam.openapi.yaml'), join(dir, 'specs', 'petstore.yaml'));
    return dir;
  }

  it('init writes a commented specweave.config.ts for the specs found; the compiled CLI runs it; init never overwrites', { timeout: 120_000 }, async () => {
    const dir = await userProject();
    const result = await compiled(dir, ['init', '-o', 'src/api']);
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(join(dir, 'specweave.config.ts'), 'utf8');
    expect(text).toContain("import { defineConfig } from 'specweave-gen';");
    expect(text).toContain('{ name: "beam", spec: "specs/beam.openapi.yaml" }');
    expect(text).toContain('{ name: "petstore", spec: "specs/petstore.yaml" }');
    expect(text).not.toContain('notes');
    expect(text).toMatch(/^\s*\/\/ /m);
    const again = await compiled(dir, ['init']);
    expect(badInput(again)).toBe('specweave: specweave.config.ts already exists; init never overwrites a config (edit it, or remove it first)');
    expect(await readFile(join(dir, 'specweave.config.ts'), 'utf8')).toBe(text);
    const gen = await compiled(dir, ['--no-cache']);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stdout).toMatch(/^specweave: generated 2 APIs \(12 operations, 0 channels\) into src\/api\//);
    expect(Object.keys((JSON.parse(await readFile(join(dir, 'src', 'api', 'package.json'), 'utf8')) as { exports: object }).exports)).toEqual(
      expect.arrayContaining(['./beam', './petstore']),
    );
    // The transpiled copy of the config is gone.
    expect((await readdir(dir)).filter((n) => n.startsWith('.specweave-tmp'))).toEqual([]);
  });

  it('a .ts config with TypeScript syntax (types, satisfies) loads; an error in it names its pointer', { timeout: TIMEOUT }, async () => {
    const dir = await userProject();
    await writeFile(
      join(dir, 'specweave.config.ts'),
      `import { defineConfig, type UserConfig } from 'specweave-gen';\nconst output: string = 'gen';\nexport default defineConfig({ output, apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml' }] } satisfies UserConfig);\n`,
    );
    const config = await loadConfig(join(dir, 'specweave.config.ts'));
    expect(config).toMatchObject({
      root: dir,
      output: 'gen',
      package: { name: 'gen', version: '0.1.0' },
      apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml' }],
    });
    await writeFile(
      join(dir, 'specweave.config.ts'),
      `export default { output: 'gen', apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml' }], strict: 1 as number };\n`,
    );
    const message = badInput(await compiled(dir, []));
    expect(message).toBe('specweave: specweave.config.ts (at #/strict): strict must be true or false, not the number 1');
    expect((await readdir(dir)).filter((n) => n.startsWith('.specweave-tmp'))).toEqual([]);
    // A config that fails to load is named as written, never by its transpiled copy.
    await writeFile(join(dir, 'specweave.config.ts'), `import { base } from './missing.js';\nexport default { ...base };\n`);
    const broken = badInput(await compiled(dir, []));
    expect(broken).toMatch(/^specweave: specweave\.config\.ts: the config module failed to load: .*missing\.js.* imported from .*specweave\.config\.ts$/);
    expect(broken).not.toContain('specweave-tmp');
    expect((await readdir(dir)).filter((n) => n.startsWith('.specweave-tmp'))).toEqual([]);
  });

  it('init --json writes a config with $schema that the CLI accepts', { timeout: TIMEOUT }, async () => {
    const dir = await userProject();
    const result = await compiled(dir, ['init', '--json', 'specs/beam.openapi.yaml']);
    expect(result.code, result.stderr).toBe(0);
    const config = JSON.parse(await readFile(join(dir, 'specweave.config.json'), 'utf8')) as Record<string, unknown>;
    expect(config['$schema']).toBe('./node_modules/specweave-gen/schema/specweave.config.schema.json');
    expect(config['apis']).toEqual([{ name: 'beam', spec: 'specs/beam.openapi.yaml' }]);
    const loaded = await loadConfig(join(dir, 'specweave.config.json'));
    expect(loaded.output).toBe('generated/api');
  });
});
