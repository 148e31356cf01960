/**
 * The generator's fingerprint (write/cache.ts) is kept with the files' stats so that a cached
 * run need not hash 7 MB of itself: it must still change with any file's content, even one
 * rewritten with the same size and its old mtime put back.
 */
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../src/write/cache.js';

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function home(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'specweave-fingerprint-'));
  made.push(dir);
  for (const sub of ['node_modules', 'src/load', 'dist/load/precompiled', 'templates']) await mkdir(join(dir, sub), { recursive: true });
  await writeFile(join(dir, 'package.json'), '{"name":"specweave-gen"}');
  await writeFile(join(dir, 'src', 'load', 'a.ts'), 'export const a = 1;\n');
  await writeFile(join(dir, 'dist', 'load', 'precompiled', 'v.cjs'), 'exports.v = 1;\n');
  await writeFile(join(dir, 'templates', 't.hbs'), '{{x}}\n');
  return dir;
}

describe('the generator fingerprint', () => {
  it('is kept while no file changes, and changes with a same-size rewrite whose mtime is put back', async () => {
    const dir = await home();
    const first = fingerprintOf(dir);
    expect(await readdir(join(dir, 'node_modules', '.cache', 'specweave'))).toHaveLength(1);
    expect(fingerprintOf(dir)).toBe(first);
    const file = join(dir, 'dist', 'load', 'precompiled', 'v.cjs');
    const before = await stat(file);
    await writeFile(file, 'exports.v = 2;\n');
    await utimes(file, before.atime, before.mtime);
    const second = fingerprintOf(dir);
    expect(second).not.toBe(first);
    expect(fingerprintOf(dir)).toBe(second);
    // A new file, and a removed one, change it too.
    await writeFile(join(dir, 'templates', 'u.hbs'), '');
    const third = fingerprintOf(dir);
    expect(third).not.toBe(second);
    await rm(join(dir, 'templates', 'u.hbs'));
    expect(fingerprintOf(dir)).toBe(second);
  });

  it('is the hash of the contents: the same files elsewhere give the same fingerprint, kept or not', async () => {
    const [a, b] = [await home(), await home()];
    await rm(join(b, 'node_modules'), { recursive: true });
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
  });
});
