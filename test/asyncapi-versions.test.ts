/**
 * AsyncAPI 2.x and 3.0 read the same: each seed AsyncAPI 2.6 spec, converted to 3.0 by the
 * official @asyncapi/converter, must give the same generated API (every file of the API's
 * module, sources and compiled output) as the 2.6 original.
 *
 * Every version specweave reads (AsyncAPI 2.0-2.6, 3.0, 3.1; @asyncapi/parser 3.6.3 validates all
 * of them) has a small fixture in test/fixtures/asyncapi-versions/ describing the same server: it
 * receives `Hello` (2.x `publish`, 3.x `action: receive`) and sends `Greeting` (2.x `subscribe`,
 * 3.x `action: send`). The client must send `Hello` and receive `Greeting` in every version, and
 * the package of all nine must type-check.
 */

import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convert } from '@asyncapi/converter';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/load/config.js';
import { SpecError } from '../src/load/errors.js';
import { generate } from '../src/pipeline.js';
import { writeOutput } from '../src/write/output.js';

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
      // One file name in two folders: each generated file's header names its document.
      await mkdir(join(dir, 'v2'));
      await mkdir(join(dir, 'v3'));
      await writeFile(join(dir, 'v2', 'spec.yaml'), original);
      await writeFile(join(dir, 'v3', 'spec.yaml'), converted);

      const v2 = await generate(config(join(dir, 'v2'), 'spec.yaml', spec));
      const v3 = await generate(config(join(dir, 'v3'), 'spec.yaml', spec));
      expect(v3.models[0]!.source.version).toBe('3.0.0');
      expect(v2.models[0]!.channels.length).toBeGreaterThan(0);
      expect(apiFiles(v3.files, spec)).toEqual(apiFiles(v2.files, spec));
    });
  }
});

const VERSIONS = ['2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '3.0', '3.1'];

describe('every AsyncAPI version: the client sends what the server receives', () => {
  let files: Map<string, string>;
  let versions: string[];
  let tsc: { status: number | null; output: string };

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-versions-'));
    dirs.push(dir);
    const result = await generate({
      ...config(ROOT, '', ''),
      apis: VERSIONS.map((v) => ({ name: `v${v.replace('.', '-')}`, spec: `test/fixtures/asyncapi-versions/v${v}.asyncapi.yaml` })),
    });
    files = result.files;
    versions = result.models.map((m) => m.source.version);
    await writeOutput(join(dir, 'out'), files);
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(dir, 'out', 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    tsc = { status: r.status, output: `${r.stdout}${r.stderr}` };
  }, 120_000);

  it('reads each version as itself', () => {
    expect(versions).toEqual(VERSIONS.map((v) => `${v}.0`));
  });

  for (const v of VERSIONS) {
    it(`AsyncAPI ${v}: sends Hello, receives Greeting`, () => {
      const channels = files.get(`src/v${v.replace('.', '-')}/channels.ts`)!;
      const sends = /export interface GreetChannelSends \{([\s\S]*?)\n\}/.exec(channels)?.[1] ?? '';
      const receives = /export interface GreetChannelReceives \{([\s\S]*?)\n\}/.exec(channels)?.[1] ?? '';
      const types = files.get(`src/v${v.replace('.', '-')}/types.ts`)!;
      // Each message's payload is a named type of the API (issue 10: payload types exported by name).
      expect(sends).toMatch(/^\s+Hello: types\.HelloPayload;$/);
      expect(receives).toMatch(/^\s+Greeting: types\.GreetingPayload;$/);
      expect(types).toMatch(/export type HelloPayload = \{\s+kind: 'hello';\s+who: string;\s+\};/);
      expect(types).toMatch(/export type GreetingPayload = \{\s+kind: 'greeting';\s+text: string;\s+\};/);
      expect(channels).toMatch(/public sendHello\(payload: GreetChannelSends\['Hello'\]\): void/);
      expect(channels).toMatch(/public onGreeting\(listener: \(payload: GreetChannelReceives\['Greeting'\]\) => void\)/);
      expect(channels).not.toMatch(/sendGreeting|onHello/);
    });
  }

  it('the package of all nine type-checks (strict)', () => {
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('a version specweave does not read is refused with a clear message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-v32-'));
    dirs.push(dir);
    const text = await readFile(join(ROOT, 'test/fixtures/asyncapi-versions/v3.1.asyncapi.yaml'), 'utf8');
    await writeFile(join(dir, 'v32.yaml'), text.replace('asyncapi: 3.1.0', 'asyncapi: 3.2.0'));
    const error = await generate(config(dir, 'v32.yaml', 'x')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problem).toBe('unsupported asyncapi version "3.2.0" (specweave reads AsyncAPI 2.0-2.6, 3.0 and 3.1)');
    expect((error as SpecError).line).toBe(1);
  });
});
