import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpecError } from './errors.js';

export interface ApiEntry {
  /** Folder and import subpath of the API in the package: lowercase letters, digits, dashes. */
  name: string;
  /** Path of the document, relative to the project (as given in the config). */
  spec: string;
  /**
   * AsyncAPI: whose side the document is written from. `server` (the default): its operations
   * are the server's (what it receives the client sends). `client`: the document describes the
   * client application (as the AsyncAPI generator's client templates expect), so its send and
   * receive are the client's own and are taken as they are.
   */
  perspective?: 'server' | 'client';
}

/** The checked config the pipeline runs on. */
export interface Config {
  /** Folder of the config file; every path is relative to it. */
  root: string;
  /** Output folder, relative to root. */
  output: string;
  package: { name: string; version: string; description?: string; license?: string };
  apis: ApiEntry[];
  allowRemoteRefs: boolean;
  allowOutsideRefs: boolean;
  /** Warnings (a usable document that breaks a rule of its standard) are errors. */
  strict?: boolean;
  /** Write into an output folder that holds files specweave did not generate (they are kept). */
  force?: boolean;
  /** `package` (default): an npm package; `source`: plain .ts files for a folder of the user's project. */
  form?: 'package' | 'source';
  /** The command that regenerates the output in this project, as headers, README and --check name it. */
  regenerateCommand?: string;
}

/**
 * A config as a user writes it (`specweave.config.json`, or the default export of
 * `specweave.config.ts`/`.js`/`.mjs`). Paths are relative to the config file's folder.
 */
export interface UserConfig {
  /** JSON Schema of the JSON form (ignored; for editors). */
  $schema?: string;
  /** Output folder, inside the project. */
  output: string;
  /** The generated package's package.json fields. Default name: from the output folder; version 0.1.0. */
  package?: { name?: string; version?: string; description?: string; license?: string };
  /** The APIs: each a folder and import subpath of the package, and its OpenAPI or AsyncAPI document. */
  apis: ApiEntry[];
  /** Fetch `$ref`s to http(s) URLs (default false: a spec is untrusted input). */
  allowRemoteRefs?: boolean;
  /** Follow `$ref`s to files outside the spec's folder (default false). */
  allowOutsideRefs?: boolean;
  /** Treat warnings as errors (default false). */
  strict?: boolean;
  /** Write into an output folder that holds files specweave did not generate (default false). */
  force?: boolean;
  /** `package` (default): an npm package; `source`: plain .ts files for a folder of the user's project. */
  form?: 'package' | 'source';
  /** The command that regenerates the output in this project, as headers, README and --check name it (default `npx --no-install specweave-gen`). */
  regenerateCommand?: string;
}

/** Types a config file: `export default defineConfig({ ... })`. Returns its argument. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

/** Config file names looked for, in this order, when no `--config` is given. */
export const CONFIG_FILES = ['specweave.config.ts', 'specweave.config.mts', 'specweave.config.mjs', 'specweave.config.js', 'specweave.config.json'] as const;

/** The config file in `dir`, if there is one. */
export function findConfig(dir: string): string | undefined {
  return CONFIG_FILES.map((name) => join(dir, name)).find((file) => existsSync(file));
}

const API_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Device names Windows reserves in every folder: a folder so named cannot be made or removed there. */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const VERSION = /^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/;

const TOP_KEYS = ['$schema', 'output', 'package', 'apis', 'allowRemoteRefs', 'allowOutsideRefs', 'strict', 'force', 'form', 'regenerateCommand'];
const PACKAGE_KEYS = ['name', 'version', 'description', 'license'];
const API_KEYS = ['name', 'spec', 'perspective'];

/** Reads and checks a config file: JSON, or a module (`.ts`, `.mts`, `.js`, `.mjs`) whose default export is the config. */
export async function loadConfig(file: string): Promise<Config> {
  const data = /\.(?:[cm]?ts|[cm]?js)$/.test(file) ? await importConfig(file) : await readJsonConfig(file);
  return checkConfig(data, { source: file, root: dirname(resolve(file)), rootIsConfigFolder: true });
}

async function readJsonConfig(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SpecError(file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : `cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SpecError(file, `invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * Imports a JavaScript or TypeScript config. TypeScript is transpiled (no type check) with the
 * compiler ts-morph bundles into a temporary `.mjs` beside the file, so that its relative and
 * package imports resolve as they would from the file itself; the copy is removed afterwards.
 */
async function importConfig(file: string): Promise<unknown> {
  const full = resolve(file);
  let source: string;
  try {
    source = await readFile(full, 'utf8');
  } catch (error) {
    throw new SpecError(file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'config file not found' : `cannot be read: ${(error as Error).message}`);
  }
  let target = full;
  let temp: string | undefined;
  if (/\.[cm]?ts$/.test(full)) {
    const { ts } = await import('ts-morph');
    const out = ts.transpileModule(source, {
      fileName: full,
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, isolatedModules: true },
    });
    const syntax = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
    if (syntax) {
      const line = syntax.file && syntax.start !== undefined ? syntax.file.getLineAndCharacterOfPosition(syntax.start).line + 1 : undefined;
      throw new SpecError(file, `invalid TypeScript: ${ts.flattenDiagnosticMessageText(syntax.messageText, ' ')}`, { line });
    }
    temp = join(dirname(full), `.specweave-tmp-config-${process.pid}-${Date.now().toString(36)}.mjs`);
    try {
      await writeFile(temp, out.outputText, { flag: 'wx' });
    } catch (error) {
      throw new SpecError(
        file,
        `cannot write the transpiled config beside it (${(error as NodeJS.ErrnoException).code ?? 'error'}); use a .mjs or .json config in a read-only folder`,
      );
    }
    target = temp;
  }
  try {
    const module = (await import(pathToFileURL(target).href)) as { default?: unknown };
    const value = module.default;
    if (value === undefined) throw new SpecError(file, 'the config module has no default export (write `export default defineConfig({ ... })`)');
    return typeof value === 'function' ? await (value as () => unknown)() : await value;
  } catch (error) {
    if (error instanceof SpecError) throw error;
    // Named as the user wrote it: the config's path, never the transpiled copy's.
    let message = (error instanceof Error ? error.message : String(error)).replace(/file:\/\/(\S+)/g, (_url, path: string) => decodeURIComponent(path));
    if (temp !== undefined) message = message.split(temp).join(full);
    throw new SpecError(file, `the config module failed to load: ${message}`);
  } finally {
    if (temp !== undefined) await rm(temp, { force: true });
  }
}

/** Where a config came from, for messages and paths. */
export interface ConfigSource {
  /** Named in messages: the config file, or e.g. "generate() options". */
  source: string;
  /** Folder the config's paths are relative to. */
  root: string;
  /** Messages say "relative to <root>" (a config file's folder) rather than the working folder. */
  rootIsConfigFolder?: boolean;
}

/**
 * Checks a config value (parsed JSON, a module's default export, or the programmatic API's
 * options): unknown keys and wrong types are errors naming the key, its JSON pointer and, for a
 * misspelt key, the key meant; every spec must exist.
 */
export function checkConfig(data: unknown, from: ConfigSource): Config {
  const { source, root } = from;
  const fail = (pointer: string, problem: string): never => {
    throw new SpecError(source, problem, { pointer });
  };
  const object = (value: unknown, pointer: string, what: string): Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(pointer, `${what} must be an object, not ${typeName(value)}`);
  const known = (value: Record<string, unknown>, pointer: string, keys: readonly string[]): void => {
    for (const key of Object.keys(value)) {
      if (keys.includes(key)) continue;
      const near = didYouMean(key, keys);
      fail(
        `${pointer}/${key}`,
        `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; the keys here are ${keys.filter((k) => k !== '$schema').join(', ')}`,
      );
    }
  };
  const boolean = (value: unknown, pointer: string, key: string): boolean => {
    if (value === undefined) return false;
    return typeof value === 'boolean' ? value : fail(pointer, `${key} must be true or false, not ${typeName(value)}`);
  };
  const where = from.rootIsConfigFolder ? `relative to ${root}, the config's folder` : `relative to ${root}`;

  const c = object(data, '', 'the config');
  known(c, '', TOP_KEYS);
  if (c['$schema'] !== undefined && typeof c['$schema'] !== 'string') fail('/$schema', `$schema must be a string, not ${typeName(c['$schema'])}`);
  if (c['output'] === undefined) fail('/output', 'output (the folder to generate into) is missing');
  const output =
    typeof c['output'] === 'string' && c['output'] !== '' ? c['output'] : fail('/output', `output must be a folder path, not ${typeName(c['output'])}`);
  const outRel = relative(root, resolve(root, output));
  if (outRel === '' || outRel.startsWith('..') || isAbsolute(outRel)) fail('/output', `output must be a folder inside the project (${output} is ${where})`);

  const p = c['package'] === undefined ? {} : object(c['package'], '/package', 'package');
  known(p, '/package', PACKAGE_KEYS);
  for (const key of PACKAGE_KEYS) {
    if (p[key] !== undefined && typeof p[key] !== 'string') fail(`/package/${key}`, `package.${key} must be a string, not ${typeName(p[key])}`);
  }
  const name = (p['name'] as string | undefined) ?? packageNameFor(output);
  if (!PACKAGE_NAME.test(name)) fail('/package/name', `package.name must be a valid npm package name (lowercase, no spaces), not "${name}"`);
  const version = (p['version'] as string | undefined) ?? '0.1.0';
  if (!VERSION.test(version)) fail('/package/version', `package.version must be a semantic version such as 1.0.0, not "${version}"`);

  if (c['apis'] === undefined) fail('/apis', 'apis (the list of { name, spec }) is missing');
  if (!Array.isArray(c['apis'])) fail('/apis', `apis must be a list of { name, spec }, not ${typeName(c['apis'])}`);
  if ((c['apis'] as unknown[]).length === 0) fail('/apis', 'apis must list at least one { name, spec }');
  const seen = new Set<string>();
  const apis = (c['apis'] as unknown[]).map((entry, i): ApiEntry => {
    const e = object(entry, `/apis/${i}`, `apis[${i}]`);
    known(e, `/apis/${i}`, API_KEYS);
    const apiName = e['name'];
    if (typeof apiName !== 'string' || !API_NAME.test(apiName))
      fail(`/apis/${i}/name`, 'an API name must be lowercase letters and digits, words joined by dashes (it names a folder and an import path)');
    if (WINDOWS_RESERVED.test(apiName as string))
      fail(`/apis/${i}/name`, `"${apiName}" is a device name Windows reserves (con, prn, aux, nul, com0-9, lpt0-9): it cannot name a folder there`);
    if (apiName === 'runtime') fail(`/apis/${i}/name`, '"runtime" is the name of the package\'s runtime folder');
    if (seen.has(apiName as string)) fail(`/apis/${i}/name`, `API name "${apiName}" is used twice`);
    seen.add(apiName as string);
    const spec = e['spec'];
    if (typeof spec !== 'string' || spec === '') fail(`/apis/${i}/spec`, `spec must be the path of an OpenAPI or AsyncAPI document, not ${typeName(spec)}`);
    if (!/^https?:\/\//i.test(spec as string) && !existsSync(resolve(root, spec as string))) fail(`/apis/${i}/spec`, `spec ${spec} (${where}) not found`);
    const perspective = e['perspective'];
    if (perspective !== undefined && perspective !== 'server' && perspective !== 'client')
      fail(
        `/apis/${i}/perspective`,
        `perspective must be "server" (the document describes the server: the default) or "client" (it describes the client application), not ${typeName(perspective)}`,
      );
    return { name: apiName as string, spec: spec as string, ...(perspective === undefined ? {} : { perspective: perspective as 'server' | 'client' }) };
  });

  const config: Config = {
    root,
    output,
    package: { name, version },
    apis,
    allowRemoteRefs: boolean(c['allowRemoteRefs'], '/allowRemoteRefs', 'allowRemoteRefs'),
    allowOutsideRefs: boolean(c['allowOutsideRefs'], '/allowOutsideRefs', 'allowOutsideRefs'),
  };
  if (boolean(c['strict'], '/strict', 'strict')) config.strict = true;
  if (boolean(c['force'], '/force', 'force')) config.force = true;
  if (c['form'] !== undefined && c['form'] !== 'package' && c['form'] !== 'source') fail('/form', 'form must be "package" or "source"');
  if (c['form'] !== undefined) config.form = c['form'] as 'package' | 'source';
  if (c['regenerateCommand'] !== undefined && (typeof c['regenerateCommand'] !== 'string' || c['regenerateCommand'].trim() === ''))
    fail('/regenerateCommand', 'regenerateCommand must be a command line (a non-empty string)');
  if (typeof c['regenerateCommand'] === 'string') config.regenerateCommand = c['regenerateCommand'];
  if (typeof p['description'] === 'string') config.package.description = p['description'];
  if (typeof p['license'] === 'string') config.package.license = p['license'];
  return config;
}

/** A package name from an output folder: `src/api` → `api`, `My Clients` → `my-clients`. */
export function packageNameFor(output: string): string {
  return slug(basename(resolve(output))) || 'api-client';
}

/** An API name from a spec's file name: `specs/Beam.openapi.yaml` → `beam`, `openapi.json` → `api`. */
export function apiNameFor(spec: string): string {
  let name = basename(spec.replace(/[?#].*$/, ''));
  name = name.slice(0, name.length - extname(name).length);
  name = name.replace(/[._-]?(?:openapi|asyncapi|swagger)$/i, '');
  const result = slug(name);
  if (result === '' || result === 'runtime') return result === 'runtime' ? 'runtime-api' : 'api';
  return /^[a-z]/.test(result) ? result : `api-${result}`;
}

function slug(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? '' : typeof value} ${String(value)}`.trim();
}

/** The key meant by a misspelt one: the nearest by edit distance, if near enough. */
export function didYouMean(key: string, keys: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of keys) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
