/**
 * The output folder never destroys a user's files (issues 9 and 12), on real file systems in
 * temporary folders:
 * - refused, with every file byte-identical: an existing file as output, an output reaching
 *   outside the project through a symbolic link, the spec folder, a folder holding an input, the
 *   config's folder, a non-empty folder with files specweave did not generate (unless `force`,
 *   under which those files survive byte-identical);
 * - a child process killed (-9) while staging, between the two renames of a swap, and in the
 *   middle of per-file moves: the next run leaves no stray folder and a consistent output;
 * - concurrent writers (in one process and across processes) serialised by the lock file.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST, staleFiles, WriteError, withManifest, writeOutput } from '../src/write/output.js';
import { runCliInProcess, stopAll, TSX } from './support/run.js';

const ROOT = resolve(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(async () => {
  await stopAll();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'specweave-safety-'));
  dirs.push(dir);
  return dir;
}

/** Every entry under `dir` (files by the hash of their bytes, links by their target), sorted. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    const key = relative(dir, full).split(sep).join('/');
    out[key] = entry.isDirectory()
      ? '(folder)'
      : entry.isSymbolicLink()
        ? '(link)'
        : createHash('sha256')
            .update(await readFile(full))
            .digest('hex');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The files of a tree (no folders), as `writeOutput` is given them plus its manifest. */
const expected = (files: ReadonlyMap<string, string>): string[] => [...withManifest(files).keys()].sort();
async function filesOf(dir: string): Promise<string[]> {
  const t = await tree(dir);
  return Object.keys(t)
    .filter((k) => t[k] !== '(folder)')
    .sort();
}

const V1 = new Map([
  ['package.json', '{"name":"v1"}\n'],
  ['src/api/index.ts', 'export const v = 1;\n'],
  ['src/api/old.ts', 'export const gone = 1;\n'],
]);
const V2 = new Map([
  ['package.json', '{"name":"v2"}\n'],
  ['src/api/index.ts', 'export const v = 2;\n'],
  ['src/api/new.ts', 'export const added = 2;\n'],
]);

async function refused(run: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'refused').toBeInstanceOf(WriteError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).toMatch(/it was left as it was$/);
}

describe('refused outputs leave every file byte-identical', () => {
  it('an existing file as the output', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'out'), 'a file of the user\n');
    const before = await tree(dir);
    await refused(writeOutput(join(dir, 'out'), V1, { root: dir }), /it is an existing file, not a folder/);
    expect(await tree(dir)).toEqual(before);
  });

  it('an output that resolves outside the project through a symbolic link (to a folder, or via a linked parent)', async () => {
    const project = await temp();
    const outside = await temp();
    await mkdir(join(outside, 'precious'));
    await writeFile(join(outside, 'precious', 'keep.txt'), 'outside the project\n');
    await symlink(join(outside, 'precious'), join(project, 'out'), 'dir');
    await symlink(outside, join(project, 'linked'), 'dir');
    const before = [await tree(project), await tree(outside)];
    await refused(
      writeOutput(join(project, 'out'), V1, { root: project, force: true }),
      /resolves \(through a symbolic link\) to .*, outside the project folder/,
    );
    await refused(writeOutput(join(project, 'linked', 'new-out'), V1, { root: project, force: true }), /outside the project folder/);
    expect([await tree(project), await tree(outside)]).toEqual(before);
  });

  it('the spec folder, a folder holding an input, the config folder (even with force)', async () => {
    const dir = await temp();
    await mkdir(join(dir, 'specs', 'shared'), { recursive: true });
    await writeFile(join(dir, 'specs', 'api.yaml'), 'openapi: 3.0.3\n');
    await writeFile(join(dir, 'specs', 'shared', 'common.yaml'), 'x: 1\n');
    await writeFile(join(dir, 'specweave.config.json'), '{}\n');
    const protect = [join(dir, 'specweave.config.json'), dir, join(dir, 'specs', 'api.yaml'), join(dir, 'specs'), join(dir, 'specs', 'shared', 'common.yaml')];
    const before = await tree(dir);
    await refused(writeOutput(join(dir, 'specs'), V1, { root: dir, protect, force: true }), /it (is|holds) .*specs.*, an input of this run/);
    await refused(writeOutput(join(dir, 'specs', 'shared'), V1, { root: dir, protect, force: true }), /it holds .*common\.yaml, an input of this run/);
    await refused(writeOutput(dir, V1, { root: dir, protect, force: true }), /the output cannot be the project folder itself/);
    await refused(writeOutput(dir, V1, { protect, force: true }), /an input of this run/);
    expect(await tree(dir)).toEqual(before);
  });

  it("a folder of the user's (no manifest) is refused; with force its files survive and only specweave's are replaced or deleted", async () => {
    const dir = await temp();
    const out = join(dir, 'src');
    await mkdir(join(out, 'api'), { recursive: true });
    await writeFile(join(out, 'main.ts'), 'console.log("mine");\n');
    await writeFile(join(out, 'api', 'notes.md'), '# mine too\n');
    const before = await tree(dir);
    await refused(writeOutput(out, V1, { root: dir }), /is not empty and has no \.specweave-manifest\.json .*main\.ts.*--force/);
    expect(await tree(dir)).toEqual(before);

    await writeOutput(out, V1, { root: dir, force: true });
    const mine = { 'api/notes.md': before['src/api/notes.md'], 'main.ts': before['src/main.ts'] };
    expect(await tree(out)).toMatchObject(mine);
    expect(await filesOf(out)).toEqual([...expected(V1), 'api/notes.md', 'main.ts'].sort());
    const manifest = JSON.parse(await readFile(join(out, MANIFEST), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual([...V1.keys()].sort());

    // A later plain run: the user's files are still not ours (refused); a forced one deletes
    // only the file specweave generated and no longer produces.
    const forced = await tree(dir);
    await refused(writeOutput(out, V2, { root: dir }), /holds files specweave did not generate .*: api\/notes\.md, main\.ts/);
    expect(await tree(dir)).toEqual(forced);
    expect(await staleFiles(out, V2, { force: true })).not.toContain('main.ts (not generated by specweave: a run refuses it without --force)');
    expect(await staleFiles(out, V2)).toContain('main.ts (not generated by specweave: a run refuses it without --force)');
    await writeOutput(out, V2, { root: dir, force: true });
    expect(await tree(out)).toMatchObject(mine);
    expect(await filesOf(out)).toEqual([...expected(V2), 'api/notes.md', 'main.ts'].sort());
    expect(await staleFiles(out, V2, { force: true })).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['src']);
  });

  it('the manifest is deterministic (same files, same bytes; no timestamps)', async () => {
    const dir = await temp();
    await writeOutput(join(dir, 'a'), V1);
    await new Promise((r) => setTimeout(r, 20));
    await writeOutput(join(dir, 'b'), new Map([...V1].reverse()));
    expect(await readFile(join(dir, 'a', MANIFEST), 'utf8')).toBe(await readFile(join(dir, 'b', MANIFEST), 'utf8'));
    // An output of specweave's own can be replaced whole by a plain run.
    await writeOutput(join(dir, 'a'), V2);
    expect(await filesOf(join(dir, 'a'))).toEqual(expected(V2));
  });
});

describe('specweave CLI: refused outputs (exit 1, one line, the project byte-identical)', () => {
  async function project(output: string): Promise<string> {
    const dir = await temp();
    await cp(join(ROOT, 'specs', 'beam.openapi.yaml'), join(dir, 'specs', 'beam.openapi.yaml'));
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src', 'main.ts'), 'console.log("the user\'s program");\n');
    await writeFile(
      join(dir, 'specweave.config.json'),
      JSON.stringify({ output, package: { name: '@x/c', version: '1.0.0' }, apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml' }] }),
    );
    return dir;
  }
  for (const [output, message] of [
    ['specs', /^specweave: cannot write .*specs: it holds .*beam\.openapi\.yaml, an input of this run/],
    ['src', /^specweave: cannot write .*src: it is not empty and has no \.specweave-manifest\.json .*main\.ts/],
  ] as const) {
    it.concurrent(`output: "${output}"`, { timeout: 60_000 }, async () => {
      const dir = await project(output);
      const before = await tree(dir);
      const run = await runCliInProcess(dir, []);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(await tree(dir)).toEqual(before);
    });
  }
});

// --- Interrupted and concurrent runs -------------------------------------------------------------

/** A script that writes `files` into `out` as a separate process (optionally pausing at a step). */
async function writer(dir: string): Promise<string> {
  const script = join(dir, 'writer.mts');
  await writeFile(
    script,
    `import { writeOutput } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'write', 'output.ts')).href)};\n` +
      `const [out, files, force] = process.argv.slice(2);\n` +
      `await writeOutput(out!, new Map(Object.entries(JSON.parse(files!) as Record<string, string>)), { force: force === '1' });\n` +
      `process.stdout.write('done\\n');\n`,
  );
  return script;
}

interface Child {
  pid: number;
  /** Resolves when stdout holds `text`. */
  saw(text: string): Promise<void>;
  closed: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
}

function startWriter(script: string, out: string, files: ReadonlyMap<string, string>, force: boolean, pauseAt?: string): Child {
  const env = { ...process.env, SPECWEAVE_TEST_PAUSE_AT: pauseAt ?? '' };
  const child = spawn(process.execPath, ['--import', TSX, script, out, JSON.stringify(Object.fromEntries(files)), force ? '1' : '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const closed = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return {
    pid: child.pid!,
    closed,
    saw: (text) =>
      new Promise((done, fail) => {
        const check = (): void => {
          if (stdout.includes(text)) done();
        };
        waiters.push(check);
        check();
        void closed.then((r) => fail(new Error(`the writer ended before "${text}": ${JSON.stringify(r)}`)));
      }),
  };
}

describe('a writer killed with SIGKILL: the next run leaves no stray folder and a consistent output', () => {
  for (const [step, withUserFile] of [
    ['staged', false],
    ['swapping', false],
    ['staged', true],
    ['applying', true],
  ] as const) {
    it.concurrent(`killed at "${step}"${withUserFile ? ' (forced, a user file in the folder: per-file moves)' : ' (folder swap)'}`, {
      timeout: 60_000,
    }, async () => {
      const dir = await temp();
      const script = await writer(dir);
      const out = join(dir, 'project', 'out');
      await mkdir(join(dir, 'project'));
      await writeOutput(out, V1);
      if (withUserFile) await writeFile(join(out, 'mine.txt'), "the user's\n");
      const child = startWriter(script, out, V2, withUserFile, step);
      await child.saw(`paused at ${step}`);
      process.kill(child.pid, 'SIGKILL');
      expect((await child.closed).signal).toBe('SIGKILL');
      const left = (await readdir(join(dir, 'project'))).sort();
      expect(left.length, `the killed run left something behind: ${left.join(', ')}`).toBeGreaterThan(1);

      // The next run (a plain one when the folder holds only specweave's files).
      await writeOutput(out, V2, { force: withUserFile });
      expect((await readdir(join(dir, 'project'))).sort()).toEqual(['out']);
      expect(await filesOf(out)).toEqual([...expected(V2), ...(withUserFile ? ['mine.txt'] : [])].sort());
      expect(await staleFiles(out, V2, { force: withUserFile })).toEqual([]);
      if (withUserFile) expect(await readFile(join(out, 'mine.txt'), 'utf8')).toBe("the user's\n");
    });
  }

  it('leftovers of dead processes (made by hand, no hook) are removed; a moved-aside output whose replacement never arrived is put back first', async () => {
    const dir = await temp();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((done) => dead.once('close', done));
    const out = join(dir, 'out');
    await mkdir(join(`${out}.specweave-tmp-${dead.pid}`, 'src'), { recursive: true });
    await writeFile(join(`${out}.specweave-tmp-${dead.pid}`, 'src', 'half.ts'), 'half-staged\n');
    await writeOutput(join(dir, 'aside'), V1);
    await cp(join(dir, 'aside'), `${out}.specweave-old-${dead.pid}`, { recursive: true });
    await rm(join(dir, 'aside'), { recursive: true });
    await writeFile(join(`${out}.specweave-old-${dead.pid}`, 'mine.txt'), "the user's\n");
    // The old output (with a user file in it) is back in place before the run looks at it: refused.
    await refused(writeOutput(out, V2), /holds files specweave did not generate .*: mine\.txt/);
    expect((await readdir(dir)).sort()).toEqual(['out']);
    expect(await filesOf(out)).toEqual([...expected(V1), 'mine.txt'].sort());
  });

  it('killed in the middle of per-file moves: the next run rolls the journal forward before anything else', { timeout: 60_000 }, async () => {
    const dir = await temp();
    const script = await writer(dir);
    const out = join(dir, 'out');
    await writeOutput(out, V1);
    await writeFile(join(out, 'mine.txt'), "the user's\n");
    const child = startWriter(script, out, V2, true, 'applying');
    await child.saw('paused at applying');
    process.kill(child.pid, 'SIGKILL');
    await child.closed;
    // Another run, of other files, finds the half-applied V2 finished first: V2's removal of
    // old.ts done, then its own files.
    const V3 = new Map([['package.json', '{"name":"v3"}\n']]);
    await writeOutput(out, V3, { force: true });
    expect((await readdir(dir)).sort()).toEqual(['out', 'writer.mts']);
    expect(await filesOf(out)).toEqual([...expected(V3), 'mine.txt'].sort());
  });
});

describe('concurrent writers of one output are serialised', () => {
  it('in one process: six writes at once all succeed; the output is one of them whole', async () => {
    const dir = await temp();
    const out = join(dir, 'out');
    await writeOutput(out, V1);
    const versions = Array.from(
      { length: 6 },
      (_, i) =>
        new Map([
          ['package.json', `{"v":${i}}\n`],
          [`src/only-${i}.ts`, `export const v = ${i};\n`],
        ]),
    );
    const results = await Promise.allSettled(versions.map((files) => writeOutput(out, files)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['out']);
    const files = await filesOf(out);
    expect(
      versions.some((v) => JSON.stringify(expected(v)) === JSON.stringify(files)),
      files.join(', '),
    ).toBe(true);
  });

  it('across processes: three writers at once all exit 0; the output is one of them whole', { timeout: 60_000 }, async () => {
    const dir = await temp();
    const script = await writer(dir);
    const out = join(dir, 'project', 'out');
    await mkdir(join(dir, 'project'));
    const versions = Array.from(
      { length: 3 },
      (_, i) =>
        new Map([
          ['package.json', `{"v":${i}}\n`],
          [`src/only-${i}.ts`, `export const v = ${i};\n`],
        ]),
    );
    const runs = await Promise.all(versions.map((files) => startWriter(script, out, files, false).closed));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect((await readdir(join(dir, 'project'))).sort()).toEqual(['out']);
    const files = await filesOf(out);
    expect(
      versions.some((v) => JSON.stringify(expected(v)) === JSON.stringify(files)),
      files.join(', '),
    ).toBe(true);
  });

  it('across processes: a second writer waits while the first holds the lock, and takes it over when the first is killed', { timeout: 60_000 }, async () => {
    const dir = await temp();
    const script = await writer(dir);
    const out = join(dir, 'project', 'out');
    await mkdir(join(dir, 'project'));
    await writeOutput(out, V1);
    const first = startWriter(script, out, V2, false, 'staged');
    await first.saw('paused at staged');
    const second = startWriter(script, out, new Map([['package.json', '{"name":"second"}\n']]), false);
    let secondEnded = false;
    void second.closed.then(() => (secondEnded = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(secondEnded, 'the second writer waits for the lock').toBe(false);
    expect(await readFile(join(out, 'package.json'), 'utf8')).toBe(V1.get('package.json'));
    process.kill(first.pid, 'SIGKILL');
    const r = await second.closed;
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(join(dir, 'project'))).sort()).toEqual(['out']);
    expect(await filesOf(out)).toEqual([MANIFEST, 'package.json']);
  });

  it("a lock held by a live process: the second writer waits its bound, then fails clearly; a dead holder's lock is taken over", {
    timeout: 60_000,
  }, async () => {
    const dir = await temp();
    const out = join(dir, 'out');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await writeFile(`${out}.specweave-lock`, `${holder.pid}\n`);
      const started = performance.now();
      await refused(writeOutput(out, V1, { lockTimeoutMs: 300 }), new RegExp(`another specweave run \\(PID ${holder.pid}\\) is writing it`));
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect((await readdir(dir)).sort()).toEqual(['out.specweave-lock']);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((done) => holder.once('close', done));
    }
    await writeOutput(out, V1, { lockTimeoutMs: 300 });
    expect((await readdir(dir)).sort()).toEqual(['out']);
  });
});
