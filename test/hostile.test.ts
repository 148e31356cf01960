/**
 * Hostile specs: every slot of an OpenAPI 3.0 and an AsyncAPI 2.6 document holds strings that try
 * to break out of a string, a comment or an identifier (and set `globalThis.__pwned`). The
 * generated package must type-check, parse cleanly, run none of it, stay inside its folder and be
 * byte-identical on a second run. `test/fixtures/hostile/bugs.openapi.yaml` holds the spec names
 * that broke the output before they were fixed (each has its own test below); proto-key.asyncapi.yaml
 * names a server `__proto__`, which @asyncapi/parser cannot hold.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/load/config.js';
import { generate } from '../src/pipeline.js';
import { writeOutput } from '../src/write/output.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const FIXTURES = 'test/fixtures/hostile';

declare global {
  var __pwned: unknown;
}

function config(apis: Config['apis']): Config {
  return { root: ROOT, output: 'unused', package: { name: 'evil-pkg', version: '1.0.0' }, apis, allowRemoteRefs: false, allowOutsideRefs: false };
}

const MAIN = config([
  { name: 'hostile', spec: `${FIXTURES}/evil.openapi.yaml` },
  { name: 'evil', spec: `${FIXTURES}/evil.asyncapi.yaml` },
]);

function typeCheck(dir: string): { status: number | null; output: string } {
  const r = spawnSync(TSC, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 170_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('hostile OpenAPI + AsyncAPI specs in one package', () => {
  let dir: string;
  let files: Map<string, string>;
  let tsc: { status: number | null; output: string };

  beforeAll(async () => {
    globalThis.__pwned = undefined;
    dir = await mkdtemp(join(tmpdir(), 'specweave-hostile-'));
    files = (await generate(MAIN)).files;
    await writeOutput(join(dir, 'out'), files);
    tsc = typeCheck(join(dir, 'out'));
  }, 180_000);

  afterAll(async () => {
    delete globalThis.__pwned;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('generates both APIs', () => {
    for (const api of ['hostile', 'evil']) expect(files.has(`dist/${api}/index.js`)).toBe(true);
    expect(files.has('src/hostile/operations.ts')).toBe(true);
    expect(files.has('src/evil/channels.ts')).toBe(true);
  });

  it('type-checks with the package tsconfig (strict)', () => {
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('keeps every path inside the output folder', () => {
    const out = resolve(dir, 'out');
    for (const path of files.keys()) {
      expect(path).toMatch(/^[A-Za-z0-9._/-]+$/);
      expect(resolve(out, path).startsWith(out + sep)).toBe(true);
    }
  });

  it('is byte-identical when generated again', async () => {
    const again = (await generate(MAIN)).files;
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [path, text] of files) expect(again.get(path), path).toBe(text);
  });

  it('parses without syntax errors, spec text only inside strings and comments, exported names are identifiers', () => {
    const code = [...files].filter(([path]) => /\.(ts|js)$/.test(path));
    expect(code.length).toBeGreaterThan(10);
    for (const [path, text] of code) {
      const kind = path.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
      const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, kind);
      const syntax = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      expect(
        syntax.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')),
        path,
      ).toEqual([]);
      // Every payload names `__pwned`: as a token outside strings and comments it would be code.
      const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
      for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
        if (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) {
          // A regular expression literal in the runtime, not a division.
          const prev = scanner.getTokenPos();
          if (scanner.reScanSlashToken() !== ts.SyntaxKind.RegularExpressionLiteral) scanner.resetTokenState?.(prev);
        }
        if (token === ts.SyntaxKind.Identifier) expect(scanner.getTokenValue(), `${path}: spec text escaped into code`).not.toBe('__pwned');
      }
      // Doc comments: each is closed where the generator closed it (no spec `*/` inside).
      ts.forEachChild(source, function visit(node) {
        for (const doc of ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc)) {
          const raw = text.slice(doc.pos, doc.end);
          expect(raw.indexOf('*/'), `${path}: comment ${raw.slice(0, 80)}`).toBe(raw.length - 2);
        }
        ts.forEachChild(node, visit);
      });
      for (const statement of source.statements) {
        const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (!exported) continue;
        const names: string[] = [];
        if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) names.push(d.name.getText(source));
        else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) names.push((statement.name as ts.Identifier).text);
        for (const name of names) expect(name, path).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
      }
    }
  });

  describe('running the generated code', () => {
    let server: Server;
    let base: string;
    const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ constructor: 'x', '"quoted"': '*/' }));
        });
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const address = server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });

    afterAll(async () => {
      await new Promise<void>((done) => server.close(() => done()));
    });

    it('imports every API, calls a REST function and constructs channels without running spec text', async () => {
      const rest = (await import(pathToFileURL(join(dir, 'out/dist/hostile/index.js')).href)) as Record<string, unknown>;
      const realtime = (await import(pathToFileURL(join(dir, 'out/dist/evil/index.js')).href)) as Record<string, unknown>;
      expect(globalThis.__pwned).toBeUndefined();

      // operationId `x"); globalThis.__pwned = 1; ("`, security scheme `__proto__` (an own key).
      const call = rest['xGlobalThisPwned1'] as (args: unknown, options: unknown) => Promise<{ status: number; data: unknown }>;
      expect(typeof call).toBe('function');
      const args = JSON.parse('{"path": {"a-b": "A/B", "__proto__": "*/"}, "query": {"${x}": "${globalThis.__pwned=1}"}}') as unknown;
      const auth = JSON.parse('{"__proto__": "proto-secret"}') as unknown;
      const response = await call(args, { baseUrl: base, auth, retry: false });
      expect(response.status).toBe(200);
      expect(seen).toHaveLength(1);
      const request = seen[0]!;
      expect(request.method).toBe('GET');
      expect(request.url.split('?')[0]).toBe('/users/A%2FB/*%2F');
      // The credential of the scheme named `__proto__` is sent: spec-keyed info stays own data.
      expect(request.headers['x-proto-key']).toBe('proto-secret');

      // Channel classes (never connected): constructing one and reading its address runs nothing.
      const classes = Object.entries(realtime).filter(([, v]) => typeof (v as { prototype?: { connect?: unknown } }).prototype?.connect === 'function');
      expect(classes.length).toBe(2);
      for (const [, Cls] of classes) {
        const channel = new (Cls as new (p: object, o: object) => { address: string; close(): void })({ b: 'ok', proto: 'p', a_b: 'q' }, {});
        expect(channel.address).toMatch(/^\/(a\/ok\/\*\/c|p\/q)$/);
        channel.close();
      }
      expect(globalThis.__pwned).toBeUndefined();
    });
  });
});

describe('keys @asyncapi/parser cannot hold (__proto__, hasOwnProperty)', () => {
  it("a server named __proto__ works: it is the channel's default server, an own key of its info", async () => {
    const { files, warnings } = await generate(config([{ name: 'proto', spec: `${FIXTURES}/proto-key.asyncapi.yaml` }]));
    expect(warnings).toEqual([]);
    const channels = files.get('src/proto/channels.ts')!;
    expect(channels).toMatch(/servers: \{\s*\['__proto__'\]: \{\s*url: 'ws:\/\/localhost',/);
    expect(channels).toContain("defaultServer: '__proto__'");
  });

  it('a real problem beside a __proto__ key is reported where it is (was: a misleading "#/servers/protocol" at line 1)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-proto-'));
    try {
      const text = await readFile(join(ROOT, FIXTURES, 'proto-key.asyncapi.yaml'), 'utf8');
      await writeFile(join(dir, 'proto.yaml'), text.replace('    protocol: ws\n', ''));
      // Breaking the standard is a warning (the document is usable), placed where it is written.
      const { warnings } = await generate({ ...config([{ name: 'proto', spec: 'proto.yaml' }]), root: dir });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.pointer).toBe('/servers/__proto__');
      expect(warnings[0]!.line).toBe(text.split('\n').indexOf('  __proto__:') + 1);
      expect(warnings[0]!.problem).toBe('breaks the AsyncAPI standard: "__proto__" property must have required property "protocol"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a server named hasOwnProperty and a schema property named $ref do not crash the parser', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'specweave-proto-'));
    try {
      const text = await readFile(join(ROOT, FIXTURES, 'proto-key.asyncapi.yaml'), 'utf8');
      await writeFile(
        join(dir, 'own.yaml'),
        text
          .replace('  __proto__:', '  hasOwnProperty:')
          .replace(
            'payload: { type: string }',
            'payload: { type: object, required: [$ref], properties: { $ref: { type: object, properties: { a: { type: string } } } } }',
          ),
      );
      const { files } = await generate({ ...config([{ name: 'own', spec: 'own.yaml' }]), root: dir });
      const channels = files.get('src/own/channels.ts')!;
      expect(channels).toContain("defaultServer: 'hasOwnProperty'");
      expect(channels).toMatch(/\$ref: \{\s+a\?: string;/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('spec names that break the generated code (bugs.openapi.yaml)', () => {
  let dir: string;
  let tsc: { status: number | null; output: string };
  let files: Map<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'specweave-hostile-bugs-'));
    files = (await generate(config([{ name: 'bugs', spec: `${FIXTURES}/bugs.openapi.yaml` }]))).files;
    await writeOutput(join(dir, 'out'), files);
    tsc = typeCheck(join(dir, 'out'));
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const errorsIn = (file: string, code: string): string[] => tsc.output.split('\n').filter((l) => l.includes(`src/bugs/${file}`) && l.includes(code));

  it('a schema named `Array` does not shadow the global Array (it is renamed)', () => {
    expect(errorsIn('types.ts', 'TS2315')).toEqual([]);
  });

  it('a schema named `Blob` (format binary) does not become `export type Blob = Blob`', () => {
    expect(errorsIn('types.ts', 'TS2456')).toEqual([]);
  });

  it('operations named `merge` / `defaults` are not shadowed inside create<Api>Client', () => {
    expect(files.get('src/bugs/operations.ts')).not.toMatch(/merge: \(args\?, options\?\) => merge\(/);
    expect(errorsIn('operations.ts', 'TS2349').filter((l) => l.includes('BugsOptions'))).toEqual([]);
  });

  it("a link to an operation named `result` calls that operation, not the helper's parameter", () => {
    expect(files.get('src/bugs/operations.ts')).toMatch(/async \(\$result, \$options = \{\}, \$extra = \{\}\) =>\s+result\(rt\.linkArgs/);
    expect(errorsIn('operations.ts', 'TS2349')).toEqual([]);
  });

  it('a security scheme named `constructor` keeps the api info object well typed', () => {
    expect(errorsIn('operations.ts', 'TS2322')).toEqual([]);
  });

  it('the package has no type errors at all', () => {
    expect(tsc.output.split('\n').filter((l) => l !== '')).toEqual([]);
  });
});
