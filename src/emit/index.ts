import type { StatementStructures } from 'ts-morph';
import type { ApiModel } from '../model/ir.js';
import { isPusherChannel } from '../model/pusher.js';
import { emitApiIndexFile } from './api-index-file.js';
import { ApiNames } from './api-names.js';
import { emitChannelsFile } from './channels-file.js';
import { declarationMap, mapComment } from './declaration-map.js';
import { declarationStatements, javascriptStatements } from './javascript.js';
import { emitOperationsFile } from './operations-file.js';
import { emitPackageJson } from './package-json.js';
import { emitPackageReadme } from './package-readme.js';
import { generatedHeader, printFile, type Statement } from './print.js';
import { DEFAULT_REGENERATE_COMMAND } from './regenerate.js';
import { CHANNEL_RUNTIME_FILES, emitRuntimeFiles, PUSHER_RUNTIME_FILES, REST_RUNTIME_FILES, RUNTIME_CACHE_DIR, type RuntimeFile } from './runtime-files.js';
import { emitTypesFile } from './types-file.js';

export { DEFAULT_REGENERATE_COMMAND };

export interface PackageConfig {
  name: string;
  version: string;
  description?: string;
  license?: string;
}

/** How the output is laid out and what its messages tell the user to run. */
export interface EmitOptions {
  /**
   * `package` (the default): an npm package with package.json, README.md, `src/` and compiled
   * `dist/`. `source`: only the TypeScript sources (`<api>/…`, `runtime/…`, what the package's
   * `src/` holds), for a folder inside the user's own project; imports between them are relative.
   */
  form?: OutputForm;
  /** The command that regenerates the output in the user's project, named by file headers and the README. */
  regenerateCommand?: string;
  /** Called as each API's own files are emitted, with the milliseconds they took (progress, timings). */
  onModelEmitted?: (model: ApiModel, ms: number) => void;
  /**
   * Where an emitter reports what it leaves out (a construct the generated code cannot carry),
   * at a JSON pointer into the model's document; the pipeline adds it to that document's warnings.
   */
  warn?: EmitWarn;
}

export type EmitWarn = (model: ApiModel, pointer: string, problem: string) => void;

export type OutputForm = 'package' | 'source';

/**
 * Every file of the generated output, by path relative to the output folder, from the models
 * alone. Paths are built from API names that the config has already checked, so nothing a spec
 * says can place a file outside the output.
 */
export function emitPackage(models: ApiModel[], pkg: PackageConfig, generator: string, options: EmitOptions = {}): Map<string, string> {
  const form = options.form ?? 'package';
  const command = options.regenerateCommand ?? DEFAULT_REGENERATE_COMMAND;
  const files = emitRuntimeFiles(RUNTIME_CACHE_DIR, runtimeNeeded(models), command);
  const names = new Map<ApiModel, ApiNames>();
  for (const model of models) {
    const modelStarted = performance.now();
    const n = new ApiNames(model);
    names.set(model, n);
    const header = generatedHeader(model.source.file, command);
    emitCodeFile(files, `${model.name}/types`, emitTypesFile(model, n), header);
    if (model.operations.length > 0)
      emitCodeFile(
        files,
        `${model.name}/operations`,
        emitOperationsFile(model, n, options.warn && ((pointer, problem) => options.warn!(model, pointer, problem))),
        header,
      );
    if (model.channels.length > 0) emitCodeFile(files, `${model.name}/channels`, emitChannelsFile(model, n), header);
    emitCodeFile(files, `${model.name}/index`, emitApiIndexFile(model, n), header);
    options.onModelEmitted?.(model, performance.now() - modelStarted);
  }
  if (form === 'source') {
    // The sources alone, at the top of the folder: no package.json, README, tsconfig or dist/.
    const sources = new Map<string, string>();
    for (const [path, text] of files) if (path.startsWith('src/')) sources.set(path.slice('src/'.length), text);
    return sorted(sources);
  }
  files.set('package.json', emitPackageJson(models, pkg, generator));
  files.set('README.md', emitPackageReadme(models, names, pkg, generator, command));
  files.set('tsconfig.json', TSCONFIG);
  return sorted(files);
}

/**
 * The runtime files the APIs import: common.ts always (credential and server types, server URL
 * expansion, RequestValidationError: every index re-exports them); http.ts and the REST modules
 * (credentials.ts, its credential encoding, among them) only when some API has operations; the channel modules only when some API has channels, and
 * the Pusher client (pusher-protocol.ts, pusher-channel.ts) only when some channel speaks Pusher. So a
 * REST-only output ships no WebSocket code, a channel-only output no REST code, and plain channels no Pusher code.
 */
export function runtimeNeeded(models: readonly ApiModel[]): Set<RuntimeFile> {
  const needed = new Set<RuntimeFile>(['common.ts']);
  if (models.some((m) => m.operations.length > 0)) for (const file of REST_RUNTIME_FILES) needed.add(file);
  if (models.some((m) => m.channels.length > 0)) for (const file of CHANNEL_RUNTIME_FILES) needed.add(file);
  if (models.some((m) => m.channels.some((c) => isPusherChannel(c, m.servers)))) for (const file of PUSHER_RUNTIME_FILES) needed.add(file);
  return needed;
}

function sorted(files: Map<string, string>): Map<string, string> {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `src/<file>.ts`, `dist/<file>.js`, `dist/<file>.d.ts` and its map from one list of statement
 * structures. A statement the declarations keep as it is (a type, an interface, an import) is
 * printed once for both; a file of declarations only is its own `.d.ts` (and maps line for line).
 */
function emitCodeFile(files: Map<string, string>, file: string, statements: ReadonlyArray<string | StatementStructures>, header: string): void {
  const texts = new Map<Statement, string>();
  const sourceStarts: number[] = [];
  const source = printFile(statements, texts, header, sourceStarts);
  const origins: number[] = [];
  const declarations = declarationStatements(statements, origins);
  const declarationStarts: number[] = [];
  const dts = declarations === statements ? source : printFile(declarations, texts, header, declarationStarts);
  const starts = declarations === statements ? sourceStarts : declarationStarts;
  const sourcePath = `src/${file}.ts`;
  const dtsPath = `dist/${file}.d.ts`;
  const pairs = origins.map((origin, j) => ({
    declaration: { line: starts[j]!, text: texts.get(declarations[j]!)! },
    source: { line: sourceStarts[origin]!, text: texts.get(statements[origin]!)! },
  }));
  files.set(sourcePath, source);
  files.set(dtsPath, `${dts}${mapComment(dtsPath)}\n`);
  files.set(`${dtsPath}.map`, declarationMap(dtsPath, sourcePath, pairs, dts.split('\n').length - 1));
  files.set(`dist/${file}.js`, printFile(javascriptStatements(statements), undefined, header));
}

/**
 * The strictest settings the output is held to, as tsconfig.json writes them: the package's
 * tsconfig (for users who type-check the sources) and every check of generated code use these.
 */
export const PACKAGE_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022', 'DOM'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  isolatedDeclarations: true,
  declaration: true,
  skipLibCheck: false,
  noEmit: true,
  types: [],
} as const;

const TSCONFIG = `${JSON.stringify({ compilerOptions: PACKAGE_COMPILER_OPTIONS, include: ['src'] }, null, 2)}\n`;
