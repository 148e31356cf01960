import type { StatementStructures } from 'ts-morph';
import type { ApiModel } from '../model/ir.js';
import { emitApiIndexFile } from './api-index-file.js';
import { ApiNames } from './api-names.js';
import { emitChannelsFile } from './channels-file.js';
import { declarationStatements, javascriptStatements } from './javascript.js';
import { emitOperationsFile } from './operations-file.js';
import { emitPackageJson } from './package-json.js';
import { emitPackageReadme } from './package-readme.js';
import { printFile, type Statement } from './print.js';
import { emitRuntimeFiles } from './runtime-files.js';
import { emitTypesFile } from './types-file.js';

export interface PackageConfig {
  name: string;
  version: string;
  description?: string;
  license?: string;
}

/**
 * Every file of the generated package, by path relative to the output folder, from the models
 * alone. Paths are built from API names that the config has already checked, so nothing a spec
 * says can place a file outside the package.
 */
export function emitPackage(models: ApiModel[], pkg: PackageConfig, generator: string): Map<string, string> {
  const files = emitRuntimeFiles();
  const names = new Map<ApiModel, ApiNames>();
  for (const model of models) {
    const n = new ApiNames(model);
    names.set(model, n);
    emitCodeFile(files, `${model.name}/types`, emitTypesFile(model, n));
    if (model.operations.length > 0) emitCodeFile(files, `${model.name}/operations`, emitOperationsFile(model, n));
    if (model.channels.length > 0) emitCodeFile(files, `${model.name}/channels`, emitChannelsFile(model, n));
    emitCodeFile(files, `${model.name}/index`, emitApiIndexFile(model));
  }
  files.set('package.json', emitPackageJson(models, pkg, generator));
  files.set('README.md', emitPackageReadme(models, names, pkg, generator));
  files.set('tsconfig.json', TSCONFIG);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `src/<file>.ts`, `dist/<file>.js` and `dist/<file>.d.ts` from one list of statement structures.
 * A statement the declarations keep as it is (a type, an interface, an import) is printed once
 * for both; a file of declarations only is its own `.d.ts`.
 */
function emitCodeFile(files: Map<string, string>, file: string, statements: ReadonlyArray<string | StatementStructures>): void {
  const texts = new Map<Statement, string>();
  const source = printFile(statements, texts);
  const declarations = declarationStatements(statements);
  files.set(`src/${file}.ts`, source);
  files.set(`dist/${file}.d.ts`, declarations === statements ? source : printFile(declarations, texts));
  files.set(`dist/${file}.js`, printFile(javascriptStatements(statements)));
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
