import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { shiftSourceLines } from './declaration-map.js';
import { COMPILER_SOURCE, compileToJavaScript } from './javascript.js';
import { runtimeHeader } from './print.js';

/** The channel runtime, copied for any API with channels: the core (`channel.ts`, the entry point) and its modules. */
export const CHANNEL_RUNTIME_FILES = [
  'backoff.ts',
  'credentials.ts',
  'socket.ts',
  'channel-dispatch.ts',
  'channel-errors.ts',
  'channel-heartbeat.ts',
  'channel-queue.ts',
  'channel-reconnect.ts',
  'channel-request.ts',
  'channel-scrub.ts',
  'channel-url.ts',
  'channel.ts',
] as const;

/** The Pusher client and the transport that plugs it into `Channel`: copied only when some channel speaks Pusher. */
export const PUSHER_RUNTIME_FILES = ['pusher-protocol.ts', 'pusher-channel.ts'] as const;

/**
 * The modules of the REST runtime, copied for any API with operations: `http.ts` (the package
 * root, re-exporting the public entry points) and the modules it re-exports. Generated operations
 * import `request.ts` and, only when they have pollers or links, `poll.ts` and `links.ts`.
 */
export const REST_RUNTIME_FILES = [
  'backoff.ts',
  'bodies.ts',
  'credentials.ts',
  'errors.ts',
  'headers.ts',
  'hooks.ts',
  'http.ts',
  'links.ts',
  'poll.ts',
  'redirect.ts',
  'request.ts',
  'rest-info.ts',
  'retry.ts',
  'serialise.ts',
  'timeouts.ts',
  'url.ts',
] as const;

/** The hand-written runtime, copied verbatim into `src/runtime/` of the package: `common.ts` (always) and the three sets above. */
export const RUNTIME_FILES: readonly RuntimeFile[] = [
  ...new Set(['common.ts', ...REST_RUNTIME_FILES, ...CHANNEL_RUNTIME_FILES, ...PUSHER_RUNTIME_FILES] as const),
];

export type RuntimeFile = 'common.ts' | (typeof REST_RUNTIME_FILES)[number] | (typeof CHANNEL_RUNTIME_FILES)[number] | (typeof PUSHER_RUNTIME_FILES)[number];

/** Where compiled runtime files are kept between runs: outside any output, beside the dependencies. */
export const RUNTIME_CACHE_DIR = join(nodeModulesFor(fileURLToPath(new URL('../..', import.meta.url))), '.cache', 'specweave', 'runtime');

/**
 * The node_modules folder the cache goes in: the one this package is installed in (a user's
 * project), else the package's own (this repository, from src/ or dist/ alike).
 */
function nodeModulesFor(home: string): string {
  const parts = resolve(home).split(sep);
  const last = parts.lastIndexOf('node_modules');
  return last >= 0 ? parts.slice(0, last + 1).join(sep) : join(home, 'node_modules');
}

/** The runtime as `npm run build` compiled it (dist/runtime-compiled/; absent when run from the sources). */
export const PREBUILT_DIR = fileURLToPath(new URL('../runtime-compiled/', import.meta.url));

/**
 * Compiles every runtime file into `dir` as `<name>.json` under its cache key (`npm run build`
 * calls this for dist/runtime-compiled/).
 */
export function prebuildRuntime(dir: string = PREBUILT_DIR): void {
  mkdirSync(dir, { recursive: true });
  for (const name of RUNTIME_FILES) {
    const base = name.replace(/\.ts$/, '');
    const source = readFileSync(runtimeSource(name), 'utf8');
    const key = runtimeKey(base, source);
    writeFileSync(join(dir, `${base}.json`), JSON.stringify({ key, ...compileToJavaScript(`src/runtime/${base}.ts`, source) }));
  }
}

function runtimeKey(base: string, source: string): string {
  return createHash('sha256')
    .update(JSON.stringify([ts.version, COMPILER_SOURCE, base, source]))
    .digest('hex');
}

/** Compiled runtime files by cache key, for repeated runs in one process (`--watch`, tests). */
const memory = new Map<string, { js: string; dts: string; map: string }>();

/**
 * The runtime's files (those in `needed`, all by default): `src/runtime/<name>.ts` as copied
 * under a header naming `command`, `dist/runtime/<name>.js` and `.d.ts` as TypeScript compiles
 * them. The runtime is the same on every run, so the compiled files are
 * cached (in memory and in `cacheDir`) under a hash of everything they depend on: the source, the
 * TypeScript version and the compiling code itself. A missing, unreadable or unwritable cache
 * only means compiling again.
 */
export function emitRuntimeFiles(
  cacheDir: string | undefined = RUNTIME_CACHE_DIR,
  needed: ReadonlySet<RuntimeFile> = new Set(RUNTIME_FILES),
  command = 'npm run generate',
): Map<string, string> {
  const files = new Map<string, string>();
  // The header is added after compiling, so the cached compilation serves every project.
  const header = `${runtimeHeader(command)}\n`;
  for (const name of RUNTIME_FILES) {
    if (!needed.has(name)) continue;
    const source = readFileSync(runtimeSource(name), 'utf8');
    const base = name.replace(/\.ts$/, '');
    const { js, dts, map } = compiled(base, source, cacheDir);
    files.set(`src/runtime/${name}`, header + source);
    files.set(`dist/runtime/${base}.js`, header + js);
    files.set(`dist/runtime/${base}.d.ts`, dts);
    // The map points into the copy in src/runtime/, one header line below the compiled source.
    const parsed = JSON.parse(map) as { mappings: string };
    files.set(`dist/runtime/${base}.d.ts.map`, `${JSON.stringify({ ...parsed, mappings: shiftSourceLines(parsed.mappings, 1) })}\n`);
  }
  return files;
}

/**
 * The runtime's TypeScript source: `src/runtime/` beside this file's folder, which holds for
 * src/emit/ (run from source) and for dist/emit/ (the compiled generator, whose package ships
 * src/runtime/*.ts in its `files`).
 */
export function runtimeSource(name: RuntimeFile): string {
  return fileURLToPath(new URL(`../../src/runtime/${name}`, import.meta.url));
}

/** Forgets the compiled runtime held in memory (tests of the cache on disk). */
export function forgetCompiledRuntime(): void {
  memory.clear();
}

function compiled(base: string, source: string, cacheDir: string | undefined): { js: string; dts: string; map: string } {
  const key = runtimeKey(base, source);
  const remembered = memory.get(key);
  if (remembered) return remembered;
  const file = cacheDir === undefined ? undefined : join(cacheDir, `${base}-${key}.json`);
  // The compiled generator ships its runtime compiled by `npm run build` (scripts/postbuild.mjs),
  // so that even a first run does not compile it; then the cache, then the compiler.
  let result = readCached(join(PREBUILT_DIR, `${base}.json`), key) ?? (file === undefined ? undefined : readCached(file, key));
  if (!result) {
    result = compileToJavaScript(`src/runtime/${base}.ts`, source);
    if (cacheDir !== undefined && file !== undefined) writeCached(cacheDir, base, file, key, result);
  }
  memory.set(key, result);
  return result;
}

function readCached(file: string, key: string): { js: string; dts: string; map: string } | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; js?: unknown; dts?: unknown; map?: unknown };
    if (entry.key === key && typeof entry.js === 'string' && typeof entry.dts === 'string' && typeof entry.map === 'string')
      return { js: entry.js, dts: entry.dts, map: entry.map };
  } catch {
    // Missing or damaged: compiled again and rewritten.
  }
  return undefined;
}

/** Writes the entry and removes the file's older entries (one per runtime file is kept). */
function writeCached(dir: string, base: string, file: string, key: string, result: { js: string; dts: string; map: string }): void {
  try {
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) {
      if (old.startsWith(`${base}-`) && /^[0-9a-f]{64}\.json$/.test(old.slice(base.length + 1))) rmSync(join(dir, old), { force: true });
    }
    // Written whole then renamed, so a concurrent run never reads half a file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ key, ...result }));
    renameSync(temp, file);
  } catch {
    // A read-only install still works; it compiles on every run.
  }
}
