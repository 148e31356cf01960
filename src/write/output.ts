import { createHash } from 'node:crypto';
import { link, lstat, mkdir, open, readdir, readFile, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { GENERATOR } from '../version.js';

/**
 * The output could not be written (a file system error, or an output folder refused because
 * writing it could destroy files that are not specweave's). The output folder was left as it
 * was, or, if even putting it back failed, `kept` names where it is.
 */
export class WriteError extends Error {
  constructor(
    readonly outDir: string,
    readonly reason: string,
    readonly kept?: string,
    /** Set when per-file moves were interrupted: the journal the next run rolls forward. */
    readonly journal?: string,
  ) {
    super(
      journal
        ? `cannot write ${outDir}: ${reason}; interrupted part-way, the next run completes it (journal ${journal})`
        : kept
          ? `cannot write ${outDir}: ${reason}; the previous output could not be put back and is in ${kept}`
          : `cannot write ${outDir}: ${reason}; it was left as it was`,
    );
    this.name = 'WriteError';
  }
}

/** The file, in every output folder, that lists what specweave generated there (and so may replace or delete). */
export const MANIFEST = '.specweave-manifest.json';

export interface WriteOptions {
  /**
   * Write into a folder that holds files specweave did not generate (not in its manifest, or no
   * manifest at all). Those files are kept byte-identical, except one at a path the new output
   * itself needs, which is replaced. Without it such a folder is refused.
   */
  force?: boolean;
  /**
   * Paths that must never be written or deleted: the specs, their folders, every file they
   * reference, the config file and its folder. An output folder that is one of them or holds one
   * of them is refused.
   */
  protect?: readonly string[];
  /** The project folder: the output must resolve (through symbolic links) strictly inside it. */
  root?: string;
  /** How long a second writer of the same output waits for the first (default 60 s). */
  lockTimeoutMs?: number;
}

/** The manifest's text for a set of generated files: deterministic (sorted, no timestamps). */
export function manifestText(files: ReadonlyMap<string, string>): string {
  const listed: Record<string, string> = {};
  for (const path of [...files.keys()].filter((p) => p !== MANIFEST).sort()) listed[path] = sha256(files.get(path)!);
  return `${JSON.stringify({ generator: GENERATOR, note: 'Files specweave generated here; it replaces or deletes only these. Do not edit.', files: listed }, null, 2)}\n`;
}

/** The files with the manifest of the others added (or recomputed). */
export function withManifest(files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map([...files].filter(([p]) => p !== MANIFEST));
  out.set(MANIFEST, manifestText(out));
  return out;
}

/**
 * Writes the package as a whole or not at all, and never destroys a file specweave did not
 * generate.
 *
 * - The output is resolved through symbolic links and refused (nothing touched) when it is an
 *   existing file, resolves outside `root`, is or holds a protected path, or holds files that
 *   are not in its manifest (unless `force`).
 * - Writers of one output are serialised by a lock file next to it (`<out>.specweave-lock`,
 *   created exclusively, holding the PID; the lock of a dead process is taken over).
 * - Leftovers of interrupted runs are cleared first: an unfinished journal is rolled forward, a
 *   moved-aside old output whose new one never arrived is put back, stray staging folders of
 *   dead processes are removed.
 * - When the folder holds only specweave's files, every file goes into a fresh sibling folder,
 *   which replaces the output folder by two renames (the old one moved aside first and moved back
 *   if the second rename fails). Otherwise (`force` with user files) the staged files are moved
 *   in one by one under a journal (`<out>.specweave-journal`) that the next run rolls forward if
 *   this one is killed, the manifest last; old generated files no longer produced are deleted.
 */
export async function writeOutput(outDir: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): Promise<void> {
  // Paths are checked before anything is touched: a bad one is a bug, not a write error.
  for (const path of files.keys()) confined(resolve('/specweave-check'), path);
  const target = await checkTarget(outDir, options);
  const fail = (error: unknown): never => {
    throw error instanceof WriteError ? error : new WriteError(outDir, describe(error));
  };
  const release = await acquireLock(outDir, target, options.lockTimeoutMs ?? 60_000).catch(fail);
  try {
    await recover(target).catch(fail);
    const all = withManifest(files);
    const owned = await ownedFiles(target);
    const onDisk = await listFiles(target);
    const foreign = onDisk.filter((p) => p !== MANIFEST && !owned?.has(p));
    if (foreign.length > 0 && !options.force) {
      const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
      const why = owned
        ? `it holds files specweave did not generate (not in its ${MANIFEST}): ${shown}`
        : `it is not empty and has no ${MANIFEST} saying which of its files specweave generated: ${shown}`;
      throw new WriteError(
        outDir,
        `${why}; refusing to replace or delete them (move them away, choose a new or empty output folder, or use --force, which keeps them and replaces only the files specweave writes)`,
      );
    }
    if (foreign.length === 0) await swap(outDir, target, all);
    else await merge(outDir, target, all, owned ?? new Set(), new Set(onDisk));
  } finally {
    await release();
  }
}

// --- Where the output is, and what it may not be ------------------------------------------------

/** The real path of `path`: the real path of its nearest existing ancestor, plus the rest. */
async function realTarget(path: string): Promise<string> {
  let current = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      rest.push(basename(current));
      current = parent;
    }
  }
}

const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

async function checkTarget(outDir: string, options: WriteOptions): Promise<string> {
  const target = await realTarget(outDir);
  const refuse = (reason: string): never => {
    throw new WriteError(outDir, reason);
  };
  const entry = await lstat(target).catch(() => undefined);
  if (entry && !entry.isDirectory())
    refuse(entry.isSymbolicLink() ? 'it is a symbolic link that points to nothing' : 'it is an existing file, not a folder; refusing to replace it');
  if (options.root !== undefined) {
    const root = await realTarget(options.root);
    if (target === root) refuse('the output cannot be the project folder itself');
    if (!inside(target, root)) refuse(`it resolves (through a symbolic link) to ${target}, outside the project folder ${root}`);
  }
  for (const path of options.protect ?? []) {
    const real = await realTarget(path);
    if (inside(real, target)) {
      refuse(
        real === target
          ? `it is ${path}, an input of this run (a spec, its folder or the config's folder)`
          : `it holds ${path}, an input of this run (a spec, a file it references, or the config); refusing to write over it`,
      );
    }
  }
  return target;
}

/** The paths the output's manifest lists (files specweave generated), undefined without one. */
async function ownedFiles(target: string): Promise<Set<string> | undefined> {
  const text = await readFile(join(target, MANIFEST), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { files?: unknown };
    if (parsed && typeof parsed.files === 'object' && parsed.files !== null) return new Set(Object.keys(parsed.files));
  } catch {
    // An unreadable manifest proves nothing: no file counts as ours.
  }
  return new Set();
}

// --- Lock ---------------------------------------------------------------------------------------

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function acquireLock(outDir: string, target: string, timeoutMs: number): Promise<() => Promise<void>> {
  const file = `${target}.specweave-lock`;
  const deadline = Date.now() + timeoutMs;
  await mkdir(dirname(target), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      return () => rm(file, { force: true }).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = await readPid(file);
    const age = await stat(file).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    // A dead holder, or a lock that stayed empty (its writer died between create and write).
    if ((pid !== undefined && !alive(pid)) || (pid === undefined && age > 5_000)) {
      const aside = `${file}.stale-${process.pid}-${attempt}`;
      if (
        await rename(file, aside).then(
          () => true,
          () => false,
        )
      ) {
        // Another writer may have taken the lock over between our read and the rename: give it back.
        if ((await readPid(aside)) !== pid) await link(aside, file).catch(() => {});
        await rm(aside, { force: true });
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new WriteError(
        outDir,
        `another specweave run${pid ? ` (PID ${pid})` : ''} is writing it (lock file ${file}); waited ${Math.round(timeoutMs / 1000)} s`,
      );
    }
    await sleep(20 + Math.random() * 60);
  }
}

// --- Leftovers of interrupted runs ----------------------------------------------------------------

interface Journal {
  staging: string;
  place: string[];
  remove: string[];
}

/** Under the lock: finish an unfinished journal, then put back or remove what dead runs left. */
async function recover(target: string): Promise<void> {
  const journalFile = `${target}.specweave-journal`;
  await rm(`${journalFile}.tmp`, { force: true });
  const text = await readFile(journalFile, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const journal = JSON.parse(text) as Journal;
    await applyJournal(target, journal);
    await rm(journal.staging, { recursive: true, force: true });
    await rm(journalFile, { force: true });
  }
  const parent = dirname(target);
  const pattern = new RegExp(`^${basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.specweave-(tmp|old)-(\\d+)$`);
  const entries = await readdir(parent).catch(() => [] as string[]);
  const dead = entries.map((name) => ({ name, m: pattern.exec(name) })).filter(({ m }) => m && Number(m[2]) !== process.pid && !alive(Number(m[2])));
  for (const { name, m } of dead) {
    const full = join(parent, name);
    // Killed between the two renames of a swap: the old output goes back.
    if (
      m![1] === 'old' &&
      !(await lstat(target).then(
        () => true,
        () => false,
      ))
    )
      await rename(full, target);
    else await rm(full, { recursive: true, force: true });
  }
}

/** Idempotent: a staged file still in the staging folder has not been moved in yet. */
async function applyJournal(target: string, journal: Journal, pauseAfterFirst = false): Promise<void> {
  for (const path of journal.remove) {
    await rm(join(target, path), { force: true });
    await pruneEmpty(target, dirname(join(target, path)));
  }
  let first = true;
  for (const path of journal.place) {
    const from = join(journal.staging, path);
    if (
      !(await lstat(from).then(
        () => true,
        () => false,
      ))
    )
      continue;
    await mkdir(dirname(join(target, path)), { recursive: true });
    await rename(from, join(target, path));
    if (first && pauseAfterFirst) await pauseAt('applying');
    first = false;
  }
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
async function pruneEmpty(root: string, dir: string): Promise<void> {
  while (dir !== root && inside(dir, root)) {
    if (
      !(await rmdir(dir).then(
        () => true,
        () => false,
      ))
    )
      return;
    dir = dirname(dir);
  }
}

// --- The two ways of writing ------------------------------------------------------------------------

/** Test hook: `SPECWEAVE_TEST_PAUSE_AT=<step>` stops the process there for ever (a test kills it). */
async function pauseAt(step: string): Promise<void> {
  if (process.env['SPECWEAVE_TEST_PAUSE_AT'] !== step) return;
  process.stdout.write(`specweave-test: paused at ${step}\n`);
  await new Promise(() => setInterval(() => {}, 1 << 30));
}

async function stage(staging: string, files: ReadonlyMap<string, string>): Promise<void> {
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const [path, text] of files) {
    const full = confined(staging, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text, 'utf8');
  }
}

/** The output holds only specweave's files (or does not exist): replace the folder as a whole. */
async function swap(outDir: string, target: string, files: ReadonlyMap<string, string>): Promise<void> {
  const staging = `${target}.specweave-tmp-${process.pid}`;
  const old = `${target}.specweave-old-${process.pid}`;
  const fail = (error: unknown): never => {
    throw new WriteError(outDir, describe(error));
  };
  try {
    await stage(staging, files);
    await pauseAt('staged');
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (exists) await rename(target, old);
    await pauseAt('swapping');
    try {
      await rename(staging, target);
    } catch (error) {
      if (exists) {
        try {
          await rename(old, target);
        } catch {
          throw new WriteError(outDir, describe(error), old);
        }
      }
      throw error;
    }
    if (exists) await rm(old, { recursive: true, force: true }).catch(() => {});
  } catch (error) {
    if (error instanceof WriteError) throw error;
    fail(error);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * The output holds files of the user's (`force`): stage, then move the staged files in one by one
 * under a journal, the manifest last, and delete the previous run's files that are not produced
 * any more. A failure before the journal leaves the folder as it was; one after it leaves the
 * journal, which the next run rolls forward.
 */
async function merge(
  outDir: string,
  target: string,
  files: ReadonlyMap<string, string>,
  owned: ReadonlySet<string>,
  onDisk: ReadonlySet<string>,
): Promise<void> {
  const staging = `${target}.specweave-tmp-${process.pid}`;
  const journalFile = `${target}.specweave-journal`;
  // A new file whose place (or a folder on its way) is taken by something of another kind.
  for (const path of files.keys()) {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const here = join(target, ...parts.slice(0, i));
      const entry = await lstat(here).catch(() => undefined);
      if (!entry) break;
      const wantsFolder = i < parts.length;
      if (wantsFolder !== entry.isDirectory())
        throw new WriteError(
          outDir,
          `${parts.slice(0, i).join('/')} is ${entry.isDirectory() ? 'a folder' : 'a file'} where the output needs ${wantsFolder ? 'a folder' : 'a file'}`,
        );
    }
  }
  const place = [...files.keys()].filter((p) => p !== MANIFEST).concat(MANIFEST);
  const remove = [...owned].filter((p) => !files.has(p) && onDisk.has(p));
  try {
    await stage(staging, files);
    await pauseAt('staged');
    await writeFile(`${journalFile}.tmp`, JSON.stringify({ staging, place, remove } satisfies Journal), 'utf8');
    await rename(`${journalFile}.tmp`, journalFile);
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    await rm(`${journalFile}.tmp`, { force: true }).catch(() => {});
    throw new WriteError(outDir, describe(error));
  }
  try {
    await applyJournal(target, { staging, place, remove }, true);
    await rm(journalFile, { force: true });
    await rm(staging, { recursive: true, force: true });
  } catch (error) {
    throw new WriteError(outDir, describe(error), undefined, journalFile);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') return `${e.code} (${e.syscall ?? 'file system'}${e.path ? ` ${e.path}` : ''})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Paths of files that differ from what the specs give: changed, missing, extra files specweave
 * generated earlier, and files it did not generate (a run would refuse them), unless `force`,
 * under which a user's files are not stale.
 */
export async function staleFiles(outDir: string, files: ReadonlyMap<string, string>, options: { force?: boolean } = {}): Promise<string[]> {
  const target = await realTarget(outDir);
  const onDisk = await listFiles(target);
  const owned = await ownedFiles(target);
  const stale: string[] = [];
  files = withManifest(files);
  for (const [path, text] of files) {
    const current = await readFile(confined(target, path), 'utf8').catch(() => undefined);
    if (current === undefined) stale.push(`${path} (missing)`);
    else if (current !== text) stale.push(`${path} (differs)`);
  }
  for (const path of onDisk) {
    if (files.has(path)) continue;
    if (owned?.has(path)) stale.push(`${path} (not generated by the specs)`);
    else if (!options.force) stale.push(`${path} (not generated by specweave: a run refuses it without --force)`);
  }
  return stale.sort();
}

/** Every file under a folder, as forward-slash relative paths (none when it does not exist). */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(root);
  return out;
}

/** Joins a package-relative path to a folder, refusing anything that would leave it. */
export function confined(root: string, path: string): string {
  const full = resolve(root, path);
  if (!full.startsWith(root + sep)) throw new Error(`internal error: refusing to write outside the output folder: ${path}`);
  return full;
}
