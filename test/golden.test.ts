/**
 * generated/ is the committed output of the real specweave.config.json: generating again must
 * give exactly its files, byte for byte, and generation must be deterministic, within one
 * process and across fresh processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load/config.js';
import { type GenerateResult, generate } from '../src/pipeline.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = join(ROOT, 'specweave.config.json');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** For a hang, not for speed (the in-process runs and two CLI processes, on a loaded two-core machine). */
const TIMEOUT = 120_000;

const temporary: string[] = [];
const children = new Set<ChildProcess>();
afterAll(async () => {
  // A child still running (its test timed out) would write into a folder being removed.
  await Promise.all([...children].map((child) => new Promise((done) => child.once('close', done).kill('SIGKILL'))));
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Files under `dir` (forward slashes) with their bytes. */
async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(dir, full).split(sep).join('/'), await readFile(full));
  }
  return files;
}

/** Paths that differ between two trees: missing, extra or changed (empty when identical). */
function differences(expected: ReadonlyMap<string, string | Buffer>, actual: ReadonlyMap<string, string | Buffer>): string[] {
  const bytes = (v: string | Buffer): Buffer => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
  const out: string[] = [];
  for (const [path, value] of expected) {
    const other = actual.get(path);
    if (other === undefined) out.push(`${path} (missing)`);
    else if (!bytes(value).equals(bytes(other))) out.push(`${path} (differs)`);
  }
  for (const path of actual.keys()) if (!expected.has(path)) out.push(`${path} (extra)`);
  return out.sort();
}

// Two in-process runs, one after the other (the second reuses the process's warm caches).
let runs: Promise<[GenerateResult, GenerateResult]> | undefined;
function inProcess(): Promise<[GenerateResult, GenerateResult]> {
  runs ??= (async () => {
    const config = await loadConfig(CONFIG);
    const first = await generate(config);
    const second = await generate(await loadConfig(CONFIG));
    return [first, second];
  })();
  return runs;
}

function cli(cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, '--config', 'specweave.config.json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    children.add(child);
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

describe.concurrent('golden output', () => {
  it('generating from specweave.config.json gives exactly the files in generated/', { timeout: TIMEOUT }, async () => {
    const [{ files }] = await inProcess();
    const config = await loadConfig(CONFIG);
    const onDisk = await readTree(join(config.root, config.output));
    const diff = differences(files, onDisk);
    expect(
      diff,
      `generated/ is not what the specs give (${diff.length} path(s) differ); run \`npm run generate\` and review the diff:\n  ${diff.join('\n  ')}`,
    ).toEqual([]);
    expect(files.size).toBeGreaterThan(0);
  });

  it('generating twice in one process gives byte-identical maps', { timeout: TIMEOUT }, async () => {
    const [first, second] = await inProcess();
    expect(differences(first.files, second.files)).toEqual([]);
    expect([...second.files.keys()], 'the same paths in the same order').toEqual([...first.files.keys()]);
  });
});

// After the in-process runs (a plain describe is not grouped with the concurrent one above), so
// the two processes do not compete with them for the CPU.
describe('golden output across processes', () => {
  it('two fresh CLI processes write byte-identical packages, equal to the in-process result', { timeout: TIMEOUT }, async () => {
    const config = JSON.parse(await readFile(CONFIG, 'utf8')) as { output: string; apis: unknown[] };
    const outputs = await Promise.all(
      [1, 2].map(async () => {
        const dir = await mkdtemp(join(tmpdir(), 'specweave-golden-'));
        temporary.push(dir);
        await cp(join(ROOT, 'specs'), join(dir, 'specs'), { recursive: true });
        // The same config, API list in the same order; only the output folder differs.
        await writeFile(join(dir, 'specweave.config.json'), JSON.stringify({ ...config, output: 'package-out' }, null, 2));
        const result = await cli(dir);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        return readTree(join(dir, 'package-out'));
      }),
    );
    const [a, b] = outputs as [Map<string, Buffer>, Map<string, Buffer>];
    expect(a.size).toBeGreaterThan(0);
    expect(differences(a, b), 'the two processes disagree').toEqual([]);
    const [{ files }] = await inProcess();
    expect(differences(files, a), 'a fresh process disagrees with the in-process result').toEqual([]);
  });
});
