/**
 * V8's code cache for the CommonJS libraries the generator loads (TypeScript inside ts-morph,
 * 9 MB; the validators), so that a run does not parse and compile them again each time.
 *
 * Node 22 has `module.enableCompileCache()`; Node 20 (which we support) does not, so this does
 * what the `v8-compile-cache` package does, in a few lines: CommonJS modules under a
 * `node_modules` folder are compiled through `vm.Script` with the cached data of the last run;
 * the data is written when it was missing or rejected (once the process has run, so that it holds
 * the functions the run compiled too). The key is the file's path, size and mtime, Node's version
 * and the architecture; V8 itself rejects data that does not fit (then the module is compiled
 * normally and the data rewritten). A cache that cannot be read or written only costs the time
 * it would save. Our own modules are ES modules and are not touched.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
}

interface ModuleInternals {
  prototype: { _compile(this: CjsModule, content: string, filename: string): unknown };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

let active: string | undefined;
const pending: Array<{ file: string; script: vm.Script }> = [];
const NODE_MODULES = `${sep}node_modules${sep}`;

/** The folder in use when this thread's cache is on (passed to the validation worker). */
export function codeCacheDir(): string | undefined {
  return active;
}

/**
 * Turns the cache on for this thread (once). `flushOnExit`: write new data when the process
 * exits (the main thread); a worker, which may be stopped without an exit event, calls
 * `flushCodeCache()` itself after its work.
 */
export function enableCodeCache(dir: string, flushOnExit = true): void {
  if (active !== undefined || process.env['SPECWEAVE_NO_CODE_CACHE'] === '1') return;
  const M = Module as unknown as ModuleInternals;
  const compile = M.prototype._compile;
  if (typeof compile !== 'function' || typeof M.wrap !== 'function' || typeof M._resolveFilename !== 'function') return;
  active = dir;
  M.prototype._compile = function (this: CjsModule, content: string, filename: string): unknown {
    if (!filename.includes(NODE_MODULES) || !filename.endsWith('.js')) return compile.call(this, content, filename);
    let file: string;
    let cachedData: Buffer | undefined;
    try {
      const { size, mtimeMs } = statSync(filename);
      const key = createHash('sha256').update(`${process.version}\0${process.arch}\0${filename}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 32);
      file = join(dir, `${key}.v8`);
      try {
        cachedData = readFileSync(file);
      } catch {
        cachedData = undefined;
      }
    } catch {
      return compile.call(this, content, filename);
    }
    // A hashbang is only valid on a script's first line, not inside the module wrapper.
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    const script = new vm.Script(M.wrap(source), {
      filename,
      ...(cachedData && { cachedData }),
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cachedData === undefined || script.cachedDataRejected === true) pending.push({ file, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = ((id: string) => this.require(id)) as NodeJS.Require;
    const resolve = ((request: string, options?: unknown) => M._resolveFilename(request, this, false, options)) as NodeJS.RequireResolve;
    resolve.paths = (request: string) => M._resolveLookupPaths(request, this);
    require.resolve = resolve;
    require.main = process.mainModule;
    require.extensions = M._extensions as NodeJS.Require['extensions'];
    require.cache = M._cache as NodeJS.Require['cache'];
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  if (flushOnExit) process.once('exit', flushCodeCache);
}

/** Writes the code cache of the modules compiled without (valid) cached data so far. */
export function flushCodeCache(): void {
  if (active === undefined || pending.length === 0) return;
  const entries = pending.splice(0);
  try {
    mkdirSync(active, { recursive: true });
    for (const { file, script } of entries) {
      // Written whole then renamed: a concurrent run never reads half a file.
      const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, file);
    }
  } catch {
    // A read-only install still works; it compiles on every run.
  }
}

/**
 * `node_modules/.cache/specweave/v8` of the node_modules folder this package is installed in
 * (a user's project), else of the package's own (this repository); the system's temp folder
 * when the package has none.
 */
export function defaultCodeCacheDir(home: string = fileURLToPath(new URL('../..', import.meta.url))): string {
  const parts = home.split(sep);
  const last = parts.lastIndexOf('node_modules');
  const modules = last >= 0 ? parts.slice(0, last + 1).join(sep) : join(home, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'specweave', 'v8') : join(tmpdir(), 'specweave-v8-cache');
}
