/**
 * AsyncAPI 2.x and 3.0 read the same: each seed AsyncAPI 2.6 spec, converted to 3.0 by the
 * official @asyncapi/converter, must give the same generated API (every file of the API's
 * module, sources and compiled output) as the 2.6 original.
 */
import { convert } from '@asyncapi/converter';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/load/config.js';
import { generate } from '../src/pipeline.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SPECS = ['beam-realtime', 'golem-worker-connect', 'beam-logs', 'modelbeam'];

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function config(root: string, spec: string, name: string): Config {
  return { root, output: 'out', package: { name: '@x/clients', version: '1.0.0' }, apis: [{ name, spec }], allowRemoteRefs: false, allowOutsideRefs: false };
}

/** The API module's files (the package README and package.json name the source file and version). */
function apiFiles(files: Map<string, string>, name: string): Record<string, string> {
  return Object.fromEntries([...files].filter(([path]) => path.startsWith(`src/${name}/`) || path.startsWith(`dist/${name}/`)));
}

describe('AsyncAPI 2.6 and its 3.0 conversion give the same generated API', () => {
  for (const spec of SPECS) {
    it(spec, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'specweave-v3-'));
      dirs.push(dir);
      const original = await readFile(join(ROOT, 'specs', `${spec}.asyncapi.yaml`), 'utf8');
      // The converter warns on stderr about parameter schemas 3.0 no longer allows (Golem's uuid).
      const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
      let converted: string;
      try {
        converted = convert(original, '3.0.0') as string;
      } finally {
        quiet.mockRestore();
      }
      expect(converted).toMatch(/^asyncapi: 3\.0\.0/m);
      await writeFile(join(dir, 'v2.yaml'), original);
      await writeFile(join(dir, 'v3.yaml'), converted);

      const v2 = await generate(config(dir, 'v2.yaml', spec));
      const v3 = await generate(config(dir, 'v3.yaml', spec));
      expect(v3.models[0]!.source.version).toBe('3.0.0');
      expect(v2.models[0]!.channels.length).toBeGreaterThan(0);
      expect(apiFiles(v3.files, spec)).toEqual(apiFiles(v2.files, spec));
    });
  }
});
