import type { ApiModel } from '../model/ir.js';
import { emitApiIndexFile } from './api-index-file.js';
import { ApiNames } from './api-names.js';
import { emitChannelsFile } from './channels-file.js';
import { compileToJavaScript } from './javascript.js';
import { emitOperationsFile } from './operations-file.js';
import { emitPackageJson } from './package-json.js';
import { emitPackageReadme } from './package-readme.js';
import { Printer } from './print.js';
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
  const files = new Map<string, string>();
  const printer = new Printer();
  const names = new Map<ApiModel, ApiNames>();
  const sources = emitRuntimeFiles();
  for (const model of models) {
    const n = new ApiNames(model);
    names.set(model, n);
    sources.set(`src/${model.name}/types.ts`, printer.print(emitTypesFile(model, n)));
    if (model.operations.length > 0) sources.set(`src/${model.name}/operations.ts`, printer.print(emitOperationsFile(model, n)));
    if (model.channels.length > 0) sources.set(`src/${model.name}/channels.ts`, printer.print(emitChannelsFile(model, n)));
    sources.set(`src/${model.name}/index.ts`, printer.print(emitApiIndexFile(model)));
  }
  for (const [path, text] of sources) {
    files.set(path, text);
    const { js, dts } = compileToJavaScript(path, text);
    const out = path.replace(/^src\//, 'dist/').replace(/\.ts$/, '');
    files.set(`${out}.js`, js);
    files.set(`${out}.d.ts`, dts);
  }
  files.set('package.json', emitPackageJson(models, pkg, generator));
  files.set('README.md', emitPackageReadme(models, names, pkg, generator));
  files.set('tsconfig.json', TSCONFIG);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** For users who type-check the sources; the strictest settings the output is held to. */
const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
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
    },
    include: ['src'],
  },
  null,
  2,
)}\n`;
