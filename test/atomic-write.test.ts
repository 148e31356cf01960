/**
 * A failure at any step leaves the output folder byte-for-byte as it was and no staging folder
 * behind: at load (a broken spec), at emit (an internal error: a template specweave needs is
 * missing from its own install), and at the write step (a path in the staging folder occupied
 * by a file; the place the old output is moved to occupied; a read-only parent when not root;
 * the final rename failing, after the old output was moved aside).
 *
 * Real file-system conditions throughout, except the last case: nothing real makes the second
 * of two back-to-back renames fail, so `node:fs/promises` (a peer, not our code) has its
 * `rename` fail once there.
 */
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { MANIFEST, WriteError, writeOutput } from '../src/write/output.js';
import { type Run, runCli } from './support/run.js';

const failRename = vi.hoisted(() => ({ to: undefined as string | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof real.rename = async (from, to) => {
    if (failRename.to !== undefined && String(to) === failRename.to) {
      failRename.to = undefined;
      throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}' -> '${String(to)}'`), { code: 'EIO', syscall: 'rename' });
    }
    return real.rename(from, to);
  };
  return { ...real, rename, default: { ...real, rename } };
});

const ROOT = resolve(import.meta.dirname, '..');

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Every entry under `dir` (files by the hash of their bytes), sorted. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    out[relative(dir, full).split(sep).join('/')] = entry.isDirectory()
      ? '(folder)'
      : createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** A folder holding `out/` with a few files, some nested, one binary. */
async function existingOutput(): Promise<{ dir: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'specweave-atomic-'));
  dirs.push(dir);
  const out = join(dir, 'out');
  await mkdir(join(out, 'src', 'api'), { recursive: true });
  await writeFile(join(out, 'package.json'), '{"name":"old"}\n');
  await writeFile(join(out, 'src', 'api', 'index.ts'), 'export const old = 1;\n');
  await writeFile(join(out, 'bytes.bin'), Buffer.from([0, 1, 2, 254, 255]));
  // A previous generation: its manifest lists its files (so a run may replace them).
  await writeFile(join(out, MANIFEST), JSON.stringify({ files: { 'package.json': '', 'src/api/index.ts': '', 'bytes.bin': '' } }));
  return { dir, out };
}

/** Names next to the output folder: only `out` (and what the case put there itself). */
async function siblings(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

const NEW_FILES = new Map([
  ['package.json', '{"name":"new"}\n'],
  ['src/api/index.ts', 'export const fresh = 2;\n'],
]);

describe('writeOutput: a write-step failure changes nothing', () => {
  it('succeeds: the new files replace the old folder as a whole, nothing left beside it', async () => {
    const { dir, out } = await existingOutput();
    await writeOutput(out, NEW_FILES);
    expect(Object.keys(await tree(out))).toEqual([MANIFEST, 'package.json', 'src', 'src/api', 'src/api/index.ts']);
    expect(await siblings(dir)).toEqual(['out']);
  });

  it('a file cannot be written in the staging folder (its folder is a file)', async () => {
    const { dir, out } = await existingOutput();
    const before = await tree(out);
    const files = new Map([...NEW_FILES, ['src', 'a file where a folder must go'], ['src/x/y.ts', '']]);
    const error = await writeOutput(out, files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/^cannot write .*: (ENOTDIR|EEXIST|EISDIR) .*; it was left as it was$/);
    expect(await tree(out)).toEqual(before);
    expect(await siblings(dir)).toEqual(['out']);
  });

  it('the first rename fails: the place the old output is moved to is occupied', async () => {
    const { dir, out } = await existingOutput();
    const occupied = `${out}.specweave-old-${process.pid}`;
    await mkdir(join(occupied, 'keep'), { recursive: true });
    await writeFile(join(occupied, 'keep', 'me.txt'), 'not ours\n');
    const before = await tree(dir);
    const error = await writeOutput(out, NEW_FILES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/(ENOTEMPTY|EEXIST) \(rename /);
    // The output and the occupant untouched; the staging folder gone.
    expect(await tree(dir)).toEqual(before);
    expect(await siblings(dir)).toEqual(['out', basename(occupied)]);
  });

  it('the second rename fails after the old output was moved aside: it is moved back', async () => {
    const { dir, out } = await existingOutput();
    const before = await tree(out);
    failRename.to = out;
    const error = await writeOutput(out, NEW_FILES).catch((e: unknown) => e);
    expect(failRename.to, 'the injected failure happened').toBeUndefined();
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/EIO .*; it was left as it was$/);
    expect(await tree(out)).toEqual(before);
    expect(await siblings(dir)).toEqual(['out']);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only parent folder (the staging folder cannot be made); skipped as root, who may write anywhere', async () => {
    const { dir, out } = await existingOutput();
    const before = await tree(out);
    await chmod(dir, 0o555);
    try {
      const error = await writeOutput(out, NEW_FILES).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toMatch(/EACCES/);
    } finally {
      await chmod(dir, 0o755);
    }
    expect(await tree(out)).toEqual(before);
    expect(await siblings(dir)).toEqual(['out']);
  });

  it('a path that would leave the output folder is refused before anything is touched', async () => {
    const { dir, out } = await existingOutput();
    const before = await tree(dir);
    await expect(writeOutput(out, new Map([['../escape.txt', 'x']]))).rejects.toThrow(/internal error: refusing to write outside the output folder/);
    expect(await tree(dir)).toEqual(before);
  });
});

// --- The CLI, end to end: load and emit failures -------------------------------------------------

const cli = (main: string, cwd: string): Promise<Run> => runCli(cwd, [], main);

/** A project with the beam spec and an existing output folder. */
async function project(): Promise<{ dir: string; out: string }> {
  const { dir, out } = await existingOutput();
  await cp(join(ROOT, 'specs', 'beam.openapi.yaml'), join(dir, 'specs', 'beam.openapi.yaml'));
  await writeFile(
    join(dir, 'specweave.config.json'),
    JSON.stringify({ output: 'out', package: { name: '@x/c', version: '1.0.0' }, apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml' }] }),
  );
  return { dir, out };
}

describe('specweave CLI: load and emit failures leave the output as it was', () => {
  it.concurrent('load: a broken spec (exit 1)', { timeout: 60_000 }, async () => {
    const { dir, out } = await project();
    const spec = join(dir, 'specs', 'beam.openapi.yaml');
    await writeFile(spec, (await readFile(spec, 'utf8')).replace("$ref: '#/components/schemas/Task'", "$ref: '#/components/schemas/Nope'"));
    const before = await tree(dir);
    const run = await cli(join(ROOT, 'src', 'cli', 'main.ts'), dir);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^specweave: specs\/beam\.openapi\.yaml \(line \d+, at .*\): \$ref "#\/components\/schemas\/Nope" points to nothing/);
    expect(await tree(dir)).toEqual(before);
    expect(await siblings(dir)).toEqual(['out', 'specs', 'specweave.config.json']);
    expect(Object.keys(await tree(out))).toContain('bytes.bin');
  });

  it.concurrent('emit: an internal error (a template missing from the install; exit 2)', { timeout: 60_000 }, async () => {
    // A copy of specweave itself (src/, templates/, its node_modules linked) with one template gone.
    const install = await mkdtemp(join(tmpdir(), 'specweave-install-'));
    dirs.push(install);
    await cp(join(ROOT, 'src'), join(install, 'src'), { recursive: true });
    await cp(join(ROOT, 'templates'), join(install, 'templates'), { recursive: true });
    await cp(join(ROOT, 'package.json'), join(install, 'package.json'));
    await cp(join(ROOT, 'tsconfig.json'), join(install, 'tsconfig.json'));
    await symlink(join(ROOT, 'node_modules'), join(install, 'node_modules'), 'dir');
    await rm(join(install, 'templates', 'README.md.hbs'));
    const { dir } = await project();
    const before = await tree(dir);
    const run = await cli(join(install, 'src', 'cli', 'main.ts'), dir);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^specweave: internal error: ENOENT.*README\.md\.hbs/);
    expect(run.stderr).toContain('the output folder was left as it was');
    expect(await tree(dir)).toEqual(before);
    expect(await siblings(dir)).toEqual(['out', 'specs', 'specweave.config.json']);
    void dirname;
  });
});
