/**
 * The ```ts examples of a README as files a type-check can include: each block becomes
 * `<dir>/example-<n>.ts`, with the package's import paths (`<package>/<api>`, `<package>`)
 * turned into the generated sources' relative paths, so the examples are checked against the
 * very package the README documents.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The fenced ```ts blocks of a Markdown text, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/**
 * Writes the README's examples under `<packageDir>/src/readme-examples/`; the package's name
 * and root module come from its package.json. A Node project has `process`;
 * the generated tsconfig loads no ambient types, so each file declares the little it uses.
 * Returns the number of examples written.
 */
export async function writeReadmeExamples(packageDir: string, readme: string, packageJson: string): Promise<number> {
  const pkg = JSON.parse(packageJson) as { name: string; exports: Record<string, { default: string }> };
  const packageName = pkg.name;
  const root = pkg.exports['.']!.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
  const dir = join(packageDir, 'src/readme-examples');
  await mkdir(dir, { recursive: true });
  const blocks = tsBlocks(readme);
  const quoted = packageName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const [i, block] of blocks.entries()) {
    const text = block
      .replace(new RegExp(`from '${quoted}/([^']+)'`, 'g'), "from '../$1/index.js'")
      .replace(new RegExp(`from '${quoted}'`, 'g'), `from '../${root}.js'`);
    await writeFile(join(dir, `example-${i + 1}.ts`), `declare const process: { env: Record<string, string | undefined> };\n${text}\nexport {};\n`);
  }
  return blocks.length;
}
