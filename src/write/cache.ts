import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecWarning } from '../load/errors.js';

/**
 * The content-hash cache that lets `npm run generate` (and `--check`) skip all work when nothing
 * changed. A manifest records, for one output folder, the SHA-256 of every input of the last
 * successful run (the config, each spec and every file a spec references, the generator itself)
 * and of every output file. The output is up to date when all of them still hash the same and the
 * output folder holds exactly the recorded files. Only a run that gets this far skips: anything
 * missing, unreadable or different means a full run, so the cache can make a run faster but
 * never wrong. The manifest lives in `node_modules/.cache/specweave` (the usual place for tool
 * caches), never in the output.
 */
export interface Manifest {
  version: 1;
  generator: string;
  /** Absolute path → SHA-256 of its bytes. */
  inputs: Record<string, string>;
  /** Output-relative path → SHA-256 of its text. */
  outputs: Record<string, string>;
  /** The run's warnings (a cached run says them again). */
  warnings: SpecWarning[];
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Where the manifest of an output folder lives; undefined when the project has no node_modules. */
export function manifestPath(root: string, outDir: string): string | undefined {
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) return undefined;
  return join(modules, '.cache', 'specweave', `${sha256(resolve(outDir)).slice(0, 16)}.json`);
}

let generatorHash: Promise<string> | undefined;

/**
 * A hash of specweave itself: its sources, templates and package manifest (which pins the
 * libraries it prints with). A change to any of them invalidates every cache.
 *
 * Hashing them all (7 MB: dist/ holds the precompiled validators) was most of a cached run.
 * The hash is kept in `node_modules/.cache/specweave` with each file's size, inode, mtime and
 * ctime; while every file still stats the same it is used as is (a write to a file, or setting
 * its times, changes its ctime, as git's index relies on). Files are read synchronously: a
 * cached run does nothing else meanwhile, and hundreds of reads through fs/promises (open,
 * stat, read, close, each a trip to the thread pool) cost far more.
 */
export function generatorFingerprint(): Promise<string> {
  generatorHash ??= Promise.resolve().then(() => fingerprintOf(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')));
  return generatorHash;
}

/** The fingerprint of the specweave whose package folder is `home` (exported for the tests). */
export function fingerprintOf(home: string): string {
  const files = ['package.json', 'package-lock.json'];
  for (const folder of ['src', 'dist', 'templates']) for (const path of listFilesSync(join(home, folder))) files.push(`${folder}/${path}`);
  files.sort();
  const stats = files.map((file) => {
    try {
      const s = statSync(join(home, file), { bigint: true });
      return `${file}\0${s.size}\0${s.ino}\0${s.mtimeNs}\0${s.ctimeNs}`;
    } catch {
      return `${file}\0-`;
    }
  });
  const key = sha256(stats.join('\n'));
  const kept = keptFingerprint(home);
  if (kept && kept.key === key) return kept.hash;
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = readOrUndefined(join(home, file));
    hash.update(`${file}\0${bytes === undefined ? '-' : sha256(bytes)}\0`);
  }
  const digest = hash.digest('hex');
  keepFingerprint(home, { key, hash: digest });
  return digest;
}

/**
 * Where the fingerprint of the specweave at `home` is kept: the node_modules folder it is
 * installed in (a user's project), else its own (this repository); nowhere without one.
 */
function fingerprintFile(home: string): string | undefined {
  const parts = home.split(sep);
  const last = parts.lastIndexOf('node_modules');
  const modules = last >= 0 ? parts.slice(0, last + 1).join(sep) : join(home, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'specweave', `generator-${sha256(home).slice(0, 16)}.json`) : undefined;
}

function keptFingerprint(home: string): { key: string; hash: string } | undefined {
  const file = fingerprintFile(home);
  const bytes = file === undefined ? undefined : readOrUndefined(file);
  if (bytes === undefined) return undefined;
  try {
    const kept = JSON.parse(bytes.toString('utf8')) as { key?: unknown; hash?: unknown };
    return typeof kept.key === 'string' && typeof kept.hash === 'string' ? { key: kept.key, hash: kept.hash } : undefined;
  } catch {
    return undefined;
  }
}

function keepFingerprint(home: string, kept: { key: string; hash: string }): void {
  const file = fingerprintFile(home);
  if (file === undefined) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(kept));
    renameSync(temp, file);
  } catch {
    // A read-only node_modules: the next run hashes again.
  }
}

/** Hashes of the given input files (absolute paths); undefined when one cannot be read. */
export async function hashInputs(files: Iterable<string>): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  for (const file of [...new Set(files)].sort()) {
    const bytes = readOrUndefined(file);
    if (bytes === undefined) return undefined;
    out[file] = sha256(bytes);
  }
  return out;
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Every file under `root` ('/'-separated, relative), as output.ts `listFiles` lists them; none when it cannot be read. */
function listFilesSync(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/** The manifest, when its inputs and outputs all still hash as recorded; otherwise undefined. */
export async function isUpToDate(manifestFile: string, outDir: string): Promise<Manifest | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.version !== 1 || !Array.isArray(manifest.warnings) || manifest.generator !== (await generatorFingerprint())) return undefined;
  if (!(await unchanged(manifest.inputs))) return undefined;
  const target = resolve(outDir);
  const onDisk = listFilesSync(target);
  if (onDisk.length !== Object.keys(manifest.outputs).length) return undefined;
  for (const path of onDisk) {
    const expected = manifest.outputs[path];
    if (expected === undefined) return undefined;
    const bytes = readOrUndefined(join(target, path));
    const text = bytes?.toString('utf8');
    if (text === undefined || sha256(text) !== expected) return undefined;
  }
  return manifest;
}

/** Records a successful run (written or checked). Failing to write a cache is not an error. */
export async function writeManifest(
  manifestFile: string,
  inputs: Record<string, string>,
  files: ReadonlyMap<string, string>,
  warnings: SpecWarning[],
): Promise<void> {
  const outputs: Record<string, string> = {};
  for (const [path, text] of files) outputs[path] = sha256(text);
  const manifest: Manifest = { version: 1, generator: await generatorFingerprint(), inputs, outputs, warnings };
  try {
    await mkdir(dirname(manifestFile), { recursive: true });
    const temp = `${manifestFile}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(manifest), 'utf8');
    await rename(temp, manifestFile);
  } catch {
    // A read-only node_modules only costs the next run its shortcut.
  }
}

/** True when every file of a `hashInputs` record still hashes as recorded. */
export async function unchanged(recorded: Record<string, string>): Promise<boolean> {
  const now = await hashInputs(Object.keys(recorded));
  return now !== undefined && Object.entries(recorded).every(([file, hash]) => now[file] === hash);
}
