import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecWarning } from '../load/errors.js';
import { listFiles } from './output.js';

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
 */
export function generatorFingerprint(): Promise<string> {
  generatorHash ??= (async () => {
    const home = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const files = ['package.json', 'package-lock.json'];
    for (const folder of ['src', 'dist', 'templates']) for (const path of await listFiles(join(home, folder))) files.push(`${folder}/${path}`);
    const hash = createHash('sha256');
    for (const file of files.sort()) {
      const bytes = await readFile(join(home, file)).catch(() => undefined);
      hash.update(`${file}\0${bytes === undefined ? '-' : sha256(bytes)}\0`);
    }
    return hash.digest('hex');
  })();
  return generatorHash;
}

/** Hashes of the given input files (absolute paths); undefined when one cannot be read. */
export async function hashInputs(files: Iterable<string>): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  for (const file of [...new Set(files)].sort()) {
    const bytes = await readFile(file).catch(() => undefined);
    if (bytes === undefined) return undefined;
    out[file] = sha256(bytes);
  }
  return out;
}

/** The manifest, when its inputs and outputs all still hash as recorded; otherwise undefined. */
export async function isUpToDate(manifestFile: string, outDir: string): Promise<Manifest | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.version !== 1 || !Array.isArray(manifest.warnings) || manifest.generator !== (await generatorFingerprint())) return undefined;
  if (!(await unchanged(manifest.inputs))) return undefined;
  const target = resolve(outDir);
  const onDisk = await listFiles(target);
  if (onDisk.length !== Object.keys(manifest.outputs).length) return undefined;
  for (const path of onDisk) {
    const expected = manifest.outputs[path];
    if (expected === undefined) return undefined;
    const text = await readFile(join(target, path), 'utf8').catch(() => undefined);
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
