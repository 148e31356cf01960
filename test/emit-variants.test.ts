/**
 * The package's `.js` and `.d.ts` files are printed from the same structures as its `.ts` files
 * (src/emit/javascript.ts), not compiled from them. They must still be what TypeScript makes of
 * each `.ts` file on its own (`transpileModule`, `transpileDeclaration`): the same syntax tree
 * once both are printed alike, and the same doc comments. Checked on the checked-in specs
 * (REST with links and a poller; channels with and without parameters, auth and schemas) and on
 * the hostile specs. The runtime is compiled by TypeScript and cached by content hash: the cache
 * must give what a fresh compile gives, and survive a damaged entry.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { compileToJavaScript } from '../src/emit/javascript.js';
import { emitRuntimeFiles, forgetCompiledRuntime, RUNTIME_FILES } from '../src/emit/runtime-files.js';
import { type Config, loadConfig } from '../src/load/config.js';
import { generate } from '../src/pipeline.js';

const ROOT = resolve(import.meta.dirname, '..');
const HOSTILE = 'test/fixtures/hostile';

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  strict: true,
  removeComments: false,
  newLine: ts.NewLineKind.LineFeed,
};

/** The syntax tree as TypeScript's printer writes it, without comments: formatting aside. */
function normalised(text: string, file: string): string {
  const kind = file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, kind);
  return ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed }).printFile(source);
}

/** Every doc comment, whitespace collapsed, in order of text. */
function docComments(text: string): string[] {
  return [...text.matchAll(/\/\*\*[\s\S]*?\*\//g)].map((m) => m[0].replace(/\s+/g, ' '));
}

/** `[path, ours, TypeScript's]` for each `.js` and `.d.ts` of a generated (non-runtime) file. */
function pairs(files: ReadonlyMap<string, string>): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (const [path, source] of files) {
    const m = /^src\/(?!runtime\/)(.+)\.ts$/.exec(path);
    if (!m) continue;
    const js = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName: path, reportDiagnostics: true });
    const dts = ts.transpileDeclaration(source, {
      compilerOptions: { ...COMPILER_OPTIONS, declaration: true, isolatedDeclarations: true },
      fileName: path,
      reportDiagnostics: true,
    });
    expect(
      [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])].map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')),
      path,
    ).toEqual([]);
    out.push([`dist/${m[1]}.js`, files.get(`dist/${m[1]}.js`) ?? '(missing)', js.outputText]);
    out.push([`dist/${m[1]}.d.ts`, files.get(`dist/${m[1]}.d.ts`) ?? '(missing)', dts.outputText]);
  }
  return out;
}

function expectSameAsTypeScript(files: ReadonlyMap<string, string>): void {
  const checked = pairs(files);
  expect(checked.length).toBeGreaterThan(0);
  for (const [path, ours, theirs] of checked) {
    expect(normalised(ours, path), path).toBe(normalised(theirs, path));
    expect(docComments(ours), `${path}: doc comments`).toEqual(docComments(theirs));
  }
}

function config(apis: Config['apis']): Config {
  return { root: ROOT, output: 'unused', package: { name: 'variants', version: '1.0.0' }, apis, allowRemoteRefs: false, allowOutsideRefs: false };
}

/** The checked-in specs' output, generated once for the tests that read it. */
let checkedIn: ReturnType<typeof generate> | undefined;
const generateCheckedIn = (): ReturnType<typeof generate> => (checkedIn ??= loadConfig(join(ROOT, 'specweave.config.json')).then((c) => generate(c)));

describe('JavaScript and declarations printed from the structures', () => {
  it('match TypeScript on the checked-in specs', async () => {
    const { files } = await generateCheckedIn();
    // The checked-in specs cover what the emitters write: operations with links and a poller,
    // channel classes with and without parameters, auth and schema types.
    expect(files.get('dist/beam/operations.js')).toContain('waitForTask');
    expect(files.get('dist/beam/operations.d.ts')).toContain('export declare const submitTaskByNameLinks');
    expectSameAsTypeScript(files);
  }, 120_000);

  it('match TypeScript on the hostile specs', async () => {
    const { files } = await generate(
      config([
        { name: 'hostile', spec: `${HOSTILE}/evil.openapi.yaml` },
        { name: 'evil', spec: `${HOSTILE}/evil.asyncapi.yaml` },
        { name: 'bugs', spec: `${HOSTILE}/bugs.openapi.yaml` },
      ]),
    );
    expectSameAsTypeScript(files);
  }, 120_000);

  it('a types-only file is its own declaration file and an empty module in JavaScript', async () => {
    const { files } = await generateCheckedIn();
    // …plus the line naming its declaration map.
    expect(files.get('dist/beam/types.d.ts')).toBe(`${files.get('src/beam/types.ts')}//# sourceMappingURL=types.d.ts.map\n`);
    expect(files.get('dist/beam/types.js')).toMatch(/^\/\/ [^\n]*\n\nexport \{\};\n$/);
  }, 120_000);
});

describe('the compiled runtime', () => {
  it('is what TypeScript compiles from the runtime sources, from a fresh cache and from a warm one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-runtime-cache-'));
    temporary.push(dir);
    forgetCompiledRuntime();
    const cold = emitRuntimeFiles(dir);
    expect((await readdir(dir)).filter((f) => f.endsWith('.json'))).toHaveLength(RUNTIME_FILES.length);
    forgetCompiledRuntime();
    const warm = emitRuntimeFiles(dir);
    for (const [path, text] of cold) {
      const m = /^src\/runtime\/(.+)\.ts$/.exec(path);
      if (!m) continue;
      const fresh = compileToJavaScript(path, text);
      expect(cold.get(`dist/runtime/${m[1]}.js`), path).toBe(fresh.js);
      expect(cold.get(`dist/runtime/${m[1]}.d.ts`), path).toBe(fresh.dts);
      expect(warm.get(`dist/runtime/${m[1]}.js`), path).toBe(fresh.js);
      expect(warm.get(`dist/runtime/${m[1]}.d.ts`), path).toBe(fresh.dts);
      // Compiled without the header, the map is shifted one line down: the same as compiling with it.
      expect(cold.get(`dist/runtime/${m[1]}.d.ts.map`), path).toBe(fresh.map);
      expect(warm.get(`dist/runtime/${m[1]}.d.ts.map`), path).toBe(fresh.map);
    }
  }, 120_000);

  it('compiles again over a damaged or foreign cache entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-runtime-cache-'));
    temporary.push(dir);
    forgetCompiledRuntime();
    const good = emitRuntimeFiles(dir);
    const entries = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    await writeFile(join(dir, entries[0]!), '{"key": "not this one", "js": "evil()", "dts": ""}');
    await writeFile(join(dir, entries[1]!), '{ damaged');
    forgetCompiledRuntime();
    expect(emitRuntimeFiles(dir)).toEqual(good);
  }, 120_000);
});
