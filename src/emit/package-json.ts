import type { ApiModel } from '../model/ir.js';
import type { PackageConfig } from './index.js';
import { renderTemplate } from './templates.js';

/** `package.json` of the generated package (templates/package.json.hbs): a subpath per API. */
export function emitPackageJson(models: ApiModel[], pkg: PackageConfig, generator: string): string {
  const text = renderTemplate('package.json.hbs', {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description ?? `Typed clients for ${models.map((m) => m.title).join(', ')}`,
    license: pkg.license ?? 'UNLICENSED',
    generator,
    // The package root exports the REST runtime when there is one, else the shared part.
    root: models.some((m) => m.operations.length > 0) ? 'http' : 'common',
    apis: models.map((m) => ({
      name: m.name,
      subpath: `./${m.name}`,
      types: `./dist/${m.name}/index.d.ts`,
      import: `./dist/${m.name}/index.js`,
      source: m.source.file,
    })),
  });
  // Re-serialise: the template's layout, JSON's guarantees (valid, stable, 2-space indent).
  return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
}
