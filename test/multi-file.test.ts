/**
 * Multi-file specs: relative `$ref`s to files inside the spec's folder are bundled into one
 * document (OpenAPI, AsyncAPI 2.x and 3.x), and the package type-checks. `$ref`s to files outside
 * the folder and to http(s) URLs are refused with the file, pointer and line of the `$ref`,
 * unless `--allow-outside-refs` / `--allow-remote-refs` (or the config) allow them; the remote
 * case is served by a loopback HTTP server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/load/config.js';
import { SpecError, type SpecWarning } from '../src/load/errors.js';
import { generate } from '../src/pipeline.js';
import { writeOutput } from '../src/write/output.js';
import { type Run, runCli, runCliInProcess } from './support/run.js';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test/fixtures/multi-file');
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function config(apis: Config['apis'], root = ROOT): Config {
  return { root, output: 'out', package: { name: '@x/multi', version: '1.0.0' }, apis, allowRemoteRefs: false, allowOutsideRefs: false };
}

describe('specs split over several files generate one package that type-checks', () => {
  let files: Map<string, string>;
  let tsc: { status: number | null; output: string };

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-multi-'));
    dirs.push(dir);
    const result = await generate(
      config([
        { name: 'pets', spec: 'test/fixtures/multi-file/openapi/main.yaml' },
        { name: 'greet-two', spec: 'test/fixtures/multi-file/asyncapi-2/main.yaml' },
        { name: 'greet-three', spec: 'test/fixtures/multi-file/asyncapi-3/main.yaml' },
      ]),
    );
    files = result.files;
    await writeOutput(join(dir, 'out'), files);
    const r = spawnSync(TSC, ['-p', join(dir, 'out', 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    tsc = { status: r.status, output: `${r.stdout}${r.stderr}` };
  }, 120_000);

  it('type-checks (the package tsconfig, strict)', () => {
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('OpenAPI: files become named types (component, whole file, file in a file, recursion through "#")', () => {
    const types = files.get('src/pets/types.ts')!;
    expect(types).toMatch(/export type Pet = \{\s+id: number;\s+name: string;\s+category\?: Category;\s+\};/);
    expect(types).toMatch(/export type Category = \{\s+title\?: string;\s+parent\?: Category;\s+\};/);
    expect(types).toMatch(/export type Tree = \{\s+label: string;\s+children\?: Array<Tree>;\s+\};/);
    expect(types).toMatch(/export type ErrorCode = 'bad' \| 'worse';/);
    const operations = files.get('src/pets/operations.ts')!;
    // A path item and a parameter from other files.
    expect(operations).toMatch(/export function listPets\(/);
    expect(operations).toMatch(/limit\?: number/);
    expect(operations).toMatch(/Array<types\.Pet>/);
  });

  it('AsyncAPI 2.6: messages and payloads from other files, read from the client side', () => {
    const channels = files.get('src/greet-two/channels.ts')!;
    expect(channels).toMatch(/interface GreetChannelSends \{\s+hello: types\.Hello;\s+\}/);
    // `from` refers to the inside of hello.yaml's schema: it becomes a named schema of its own.
    expect(channels).toMatch(/interface GreetChannelReceives \{\s+greeting: \{\s+text: string;\s+from: types\.HelloWho;\s+\};\s+\}/);
    expect(files.get('src/greet-two/types.ts')).toContain("export type HelloWho = 'alice' | 'bob';");
  });

  it('AsyncAPI 3.0: components of another file', () => {
    const channels = files.get('src/greet-three/channels.ts')!;
    expect(channels).toMatch(/interface GreetChannelSends \{\s+Hello: types\.Hello;\s+\}/);
    expect(channels).toMatch(/interface GreetChannelReceives \{\s+Greeting: \{\s+text: string;\s+from: types\.HelloWho;\s+\};\s+\}/);
  });

  it('is byte-identical when generated again', async () => {
    const again = await generate(config([{ name: 'pets', spec: 'test/fixtures/multi-file/openapi/main.yaml' }]));
    expect(again.files.get('src/pets/types.ts')).toBe(files.get('src/pets/types.ts'));
  });
});

describe('a bad $ref in a referenced file is reported in that file', () => {
  it('a dangling fragment: the referring file, pointer and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-multi-bad-'));
    dirs.push(dir);
    await cp(join(FIXTURES, 'openapi'), dir, { recursive: true });
    const pets = join(dir, 'paths', 'pets.yaml');
    await writeFile(pets, (await readFile(pets, 'utf8')).replace('#/components/schemas/Error', '#/components/schemas/Nope'));
    const error = await generate(config([{ name: 'pets', spec: 'main.yaml' }], dir)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    const e = error as SpecError;
    expect(e.file).toBe(relative(process.cwd(), pets));
    expect(e.pointer).toBe('/get/responses/default/content/application~1json/schema/$ref');
    expect(e.line).toBe(19);
    expect(e.problem).toMatch(/\$ref "\.\.\/common\.yaml#\/components\/schemas\/Nope" points to nothing in /);
  });
});

describe('a problem the validator finds in a referenced file is reported in that file, at its line', () => {
  // Breaking the standard leaves a spec usable: a warning, placed in the file where it is written.
  const broken = async (fixture: string, file: string, from: string, to: string): Promise<SpecWarning> => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-multi-invalid-'));
    dirs.push(dir);
    await cp(join(FIXTURES, fixture), dir, { recursive: true });
    const text = await readFile(join(dir, file), 'utf8');
    expect(text).toContain(from);
    await writeFile(join(dir, file), text.replace(from, to));
    const { warnings } = await generate(config([{ name: 'api', spec: 'main.yaml' }], dir));
    expect(warnings).toHaveLength(1);
    return warnings[0]!;
  };

  it('OpenAPI: a schema file', async () => {
    const e = await broken('openapi', 'schemas/pet.yaml', '  id:\n    type: integer', '  id:\n    type: 12');
    expect(e.file).toMatch(/schemas\/pet\.yaml$/);
    expect([e.pointer, e.line]).toEqual(['/properties/id/type', 5]);
    expect(e.problem).toMatch(/^breaks the OpenAPI standard: must be string/);
  });

  it('AsyncAPI 3.0: a components file', async () => {
    const e = await broken('asyncapi-3', 'components.yaml', 'name: Greeting', 'name: 12');
    expect(e.file).toMatch(/components\.yaml$/);
    expect([e.pointer, e.line]).toEqual(['/components/messages/Greeting/name', 8]);
    expect(e.problem).toBe('breaks the AsyncAPI standard: "name" property type must be string');
  });
});

describe('a symbolic link inside the folder that leads out of it', () => {
  it('is refused like a path outside the folder, and followed with allowOutsideRefs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-multi-link-'));
    dirs.push(dir);
    await mkdir(join(dir, 'spec'));
    await writeFile(join(dir, 'spec', 'main.yaml'), specReferring('./shared.yaml'));
    await symlink(join(FIXTURES, 'shared.yaml'), join(dir, 'spec', 'shared.yaml'));
    const error = await generate(config([{ name: 'api', spec: 'spec/main.yaml' }], dir)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problem).toMatch(/^\$ref "\.\/shared\.yaml" leaves the spec's folder through a symbolic link/);
    expect((error as SpecError).line).toBe(13);
    const allowed = await generate({ ...config([{ name: 'api', spec: 'spec/main.yaml' }], dir), allowOutsideRefs: true });
    expect(allowed.files.get('src/api/types.ts')).toMatch(/export type Shared = \{\s+shared\?: boolean;\s+\};/);
  });
});

// --- The CLI: refusal by default, opt-in by flag -------------------------------------------------

// In-process where the point is what the CLI says and writes; --help as a process (yargs exits).
const cli = (cwd: string, args: string[]): Promise<Run> => runCliInProcess(cwd, args);

async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    result[relative(dir, full).split(sep).join('/')] = entry.isDirectory()
      ? '(folder)'
      : createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
  }
  return result;
}

/** A project: `specs/main.yaml` (given), a config naming it, an output folder holding a hand-made file. */
async function project(spec: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'specweave-multi-cli-'));
  dirs.push(dir);
  await cp(join(FIXTURES, 'shared.yaml'), join(dir, 'shared.yaml'));
  await cp(join(FIXTURES, 'openapi'), join(dir, 'specs'), { recursive: true });
  await writeFile(join(dir, 'specs', 'main.yaml'), spec);
  for (const [path, text] of Object.entries(extra)) await writeFile(join(dir, path), text);
  await writeFile(
    join(dir, 'specweave.config.json'),
    JSON.stringify({ output: 'out', package: { name: '@x/multi', version: '1.0.0' }, apis: [{ name: 'api', spec: 'specs/main.yaml' }] }),
  );
  await cp(join(FIXTURES, 'shared.yaml'), join(dir, 'out', 'SENTINEL.yaml'));
  // Listed in the folder's manifest: a previous generation, which a run may replace.
  await writeFile(join(dir, 'out', '.specweave-manifest.json'), JSON.stringify({ files: { 'SENTINEL.yaml': '' } }));
  return dir;
}

/** An OpenAPI document whose one response schema is `$ref: <ref>`. */
function specReferring(ref: string): string {
  return [
    'openapi: 3.0.3',
    'info: { title: Refers, version: 1.0.0 }',
    'paths:',
    '  /x:',
    '    get:',
    '      operationId: getX',
    '      responses:',
    "        '200':",
    '          description: X',
    '          content:',
    '            application/json:',
    '              schema:',
    `                $ref: '${ref}'`,
    '',
  ].join('\n');
}

const REF_POINTER = '#/paths/~1x/get/responses/200/content/application~1json/schema/$ref';

describe('specweave CLI: $refs outside the folder and remote $refs', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/schemas/remote.yaml') {
        res.writeHead(200, { 'content-type': 'application/yaml' });
        res.end("type: object\nrequired: [remote]\nproperties:\n  remote:\n    type: string\n  more:\n    $ref: './more.yaml'\n");
      } else if (req.url === '/schemas/more.yaml') {
        res.writeHead(200, { 'content-type': 'application/yaml' });
        res.end('type: integer\n');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.concurrent('a file outside the spec folder is refused (file, line, pointer; nothing written), and allowed by --allow-outside-refs', {
    timeout: 60_000,
  }, async () => {
    const dir = await project(specReferring('../shared.yaml'));
    const before = await snapshot(dir);
    const refused = await cli(dir, []);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `specweave: specs/main.yaml (line 13, at ${REF_POINTER}): $ref "../shared.yaml" leaves the spec's folder (pass --allow-outside-refs or set allowOutsideRefs in the config to permit it)\n`,
    );
    expect(await snapshot(dir)).toEqual(before);

    const allowed = await cli(dir, ['--allow-outside-refs']);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'src', 'api', 'types.ts'), 'utf8')).toMatch(/export type Shared = \{\s+shared\?: boolean;\s+\};/);
  });

  it.concurrent('a remote $ref is refused without a request, and fetched (with its own relative $ref) under --allow-remote-refs', {
    timeout: 60_000,
  }, async () => {
    const dir = await project(specReferring(`${base}/schemas/remote.yaml`));
    const before = await snapshot(dir);
    const refused = await cli(dir, []);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toBe(
      `specweave: specs/main.yaml (line 13, at ${REF_POINTER}): remote $ref "${base}/schemas/remote.yaml" refused (a spec is untrusted input; pass --allow-remote-refs or set allowRemoteRefs in the config to fetch it)\n`,
    );
    expect(requests).toEqual([]);
    expect(await snapshot(dir)).toEqual(before);

    const allowed = await cli(dir, ['--allow-remote-refs']);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(requests).toEqual(['/schemas/remote.yaml', '/schemas/more.yaml']);
    expect(await readFile(join(dir, 'out', 'src', 'api', 'types.ts'), 'utf8')).toMatch(
      /export type Remote = \{\s+remote: string;\s+more\?: More;\s+\};\s+\/\*\*[^\n]*\*\/\s+export type More = number;/,
    );
  });

  it.concurrent('a file inside the folder that refers to a remote URL is refused at its own line', { timeout: 60_000 }, async () => {
    const dir = await project(specReferring('./schemas/nested.yaml'), {
      'specs/schemas/nested.yaml': `type: object\nproperties:\n  far:\n    $ref: 'https://example.invalid/x.yaml'\n`,
    });
    const refused = await cli(dir, []);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toBe(
      `specweave: specs/schemas/nested.yaml (line 4, at #/properties/far/$ref): remote $ref "https://example.invalid/x.yaml" refused (a spec is untrusted input; pass --allow-remote-refs or set allowRemoteRefs in the config to fetch it)\n`,
    );
  });

  it.concurrent('--help lists both flags', { timeout: 60_000 }, async () => {
    const help = await runCli(ROOT, ['--help']);
    expect(help.stdout).toContain('--allow-remote-refs');
    expect(help.stdout).toContain('--allow-outside-refs');
  });
});

describe('specweave CLI: a file a spec references is an input like the spec', () => {
  const edit = async (dir: string): Promise<void> => {
    const file = join(dir, 'specs', 'schemas', 'category.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('  title:\n', '  slugAddedLater:\n    type: string\n  title:\n'));
  };
  const types = (dir: string): Promise<string> => readFile(join(dir, 'out', 'src', 'api', 'types.ts'), 'utf8').catch(() => '');

  it('the content-hash cache: editing a referenced file regenerates', { timeout: 60_000 }, async () => {
    const dir = await project(await readFile(join(FIXTURES, 'openapi', 'main.yaml'), 'utf8'));
    await mkdir(join(dir, 'node_modules'));
    expect((await cli(dir, [])).stdout).toContain('generated 1 APIs');
    expect((await cli(dir, [])).stdout).toContain('is up to date (no spec');
    await edit(dir);
    expect((await cli(dir, [])).stdout).toContain('generated 1 APIs');
    expect(await types(dir)).toContain('slugAddedLater');
  });

  // Generous: a child process starting tsx, ts-morph and the parsers on a loaded two-core machine
  // took over 30 s; the deadline is for a watcher that never regenerates, not for speed.
  it('--watch: editing a referenced file regenerates', { timeout: 150_000 }, async () => {
    const dir = await project(await readFile(join(FIXTURES, 'openapi', 'main.yaml'), 'utf8'));
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    const child = spawn(process.execPath, ['--import', TSX, CLI, '--watch'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const until = async (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => {
      const deadline = Date.now() + 60_000;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`--watch: timed out waiting for ${what}\nstdout: ${stdout}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(() => stdout.includes('watching'), 'the first run');
      expect(await types(dir)).not.toContain('slugAddedLater');
      await edit(dir);
      await until(async () => (await types(dir)).includes('slugAddedLater'), 'the output after editing schemas/category.yaml');
    } finally {
      await new Promise((done) => child.once('close', done).kill('SIGKILL'));
    }
  });
});
