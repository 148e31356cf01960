/**
 * Every README example type-checks (issue 10, item 10):
 *
 * - the generated package's README (templates/README.md.hbs) for the seed specs: its ```ts
 *   blocks are compiled against generated/, the package they document (the corpus test does
 *   the same for every AsyncAPI document of the corpus);
 * - the repository README's ```ts blocks, against the generator's own sources
 *   (`specweave-gen` mapped to src/index.ts).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsBlocks, writeReadmeExamples } from './support/readme-examples.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSC = join(ROOT, 'node_modules/.bin/tsc');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specweave-readme-'));
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function tsc(project: string): string {
  const r = spawnSync(TSC, ['-p', project], { encoding: 'utf8', timeout: 240_000 });
  return `${r.stdout}${r.stderr}${r.status === 0 ? '' : `(exit ${r.status})`}`;
}

describe('README examples', () => {
  it('the generated package README’s examples compile against the package (seed specs)', { timeout: 300_000 }, async () => {
    const pkg = join(dir, 'pkg');
    for (const part of ['src', 'package.json', 'tsconfig.json']) await cp(join(ROOT, 'generated', part), join(pkg, part), { recursive: true });
    const readme = await readFile(join(ROOT, 'generated/README.md'), 'utf8');
    const count = await writeReadmeExamples(pkg, readme, await readFile(join(pkg, 'package.json'), 'utf8'));
    expect(count).toBeGreaterThanOrEqual(5);
    expect(tsc(join(pkg, 'tsconfig.json'))).toBe('');
  });

  it('the repository README’s examples compile against the generator', { timeout: 300_000 }, async () => {
    const blocks = tsBlocks(await readFile(join(ROOT, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const files: string[] = [];
    for (const [i, block] of blocks.entries()) {
      const file = join(dir, `top-${i + 1}.ts`);
      await writeFile(file, `${block.replace(/from 'specweave-gen'/g, `from ${JSON.stringify(join(ROOT, 'src/index.js'))}`)}\nexport {};\n`);
      files.push(file);
    }
    await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: [], files }));
    expect(tsc(join(dir, 'tsconfig.json'))).toBe('');
  });
});
