/**
 * Attacks on the generator (issue 9), all on loopback and bounded: `$ref`s where the check did
 * not look (AsyncAPI examples, a schema named `example`) that @asyncapi/parser's resolver then
 * followed; FIFOs, devices and endless remote bodies; `operationId: then`; nesting past the
 * stack; timer-overflowing seconds; duplicate JSON keys, invalid UTF-8, Windows device names and
 * control bytes in the README. Each failed before its fix (see the commit messages).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load/config.js';
import { SpecError } from '../src/load/errors.js';
import { loadDocument } from '../src/load/index.js';
import { generate } from '../src/pipeline.js';
import { ROOT, runCli, stopAll } from './support/run.js';

let dir: string;
let server: Server;
let port: number;
const hits: string[] = [];
/** Paths the endless and oversized answers are served on. */
const routes: Record<string, (res: import('node:http').ServerResponse) => void> = {
  // Says 100 MB, then trickles.
  '/huge-declared': (res) => {
    res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) });
    res.write('{"type":');
  },
  // No length, and no end.
  '/endless': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1 << 20, 0x20);
    const pump = (): void => {
      while (res.write(chunk));
      res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  },
};
const fifos: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specweave-attacks-'));
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route) return route(res);
    res.setHeader('content-type', 'application/json');
    res.end('{"type":"string"}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  // A reader still blocked on a FIFO (a regression) is let go: open its other end.
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK));
    } catch {
      // gone already
    }
  }
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string | Buffer): Promise<string> {
  const file = join(dir, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

function fifo(name: string): string {
  const file = join(dir, name);
  execFileSync('mkfifo', [file]);
  fifos.push(file);
  return file;
}

/** Settles within `ms` or fails (a hang is the attack). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`did not settle within ${ms} ms`)), ms))),
  ]);
}

async function specError(promise: Promise<unknown>): Promise<SpecError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecError);
  return error as SpecError;
}

function asyncapi(examples: string, extraComponents = ''): string {
  return `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  events:
    subscribe:
      message:
        payload: {type: string}
        examples:
${examples}
components:
  schemas:
    Thing: {type: string}
${extraComponents}`;
}

describe('one $ref policy for every $ref (issue 9, item 1)', () => {
  it('refuses a remote $ref inside an AsyncAPI message example, and nothing is fetched', async () => {
    hits.length = 0;
    const file = await write('ex-remote/api.yaml', asyncapi(`          - payload: {$ref: 'http://127.0.0.1:${port}/example'}`));
    const error = await specError(within(20_000, loadDocument(file, {}, true)));
    expect(error.message).toMatch(/remote \$ref .* refused/);
    expect(error.pointer).toBe('/channels/events/subscribe/message/examples/0/payload/$ref');
    expect(error.line).toBe(9);
    expect(hits).toEqual([]);
  }, 30_000);

  it('refuses a remote $ref in a schema component named `example`', async () => {
    hits.length = 0;
    const file = await write('ex-component/api.yaml', asyncapi(`          - payload: hi`, `    example: {$ref: 'http://127.0.0.1:${port}/component'}\n`));
    const error = await specError(within(20_000, loadDocument(file, {}, true)));
    expect(error.pointer).toBe('/components/schemas/example/$ref');
    expect(hits).toEqual([]);
  }, 30_000);

  it("with remote refs allowed, @asyncapi/parser's resolver still fetches nothing from an example", async () => {
    hits.length = 0;
    const file = await write('ex-allowed/api.yaml', asyncapi(`          - payload: {$ref: 'http://127.0.0.1:${port}/allowed'}`));
    await within(20_000, loadDocument(file, { allowRemoteRefs: true }, true));
    expect(hits).toEqual([]);
  }, 30_000);

  it('an outside FIFO referenced from an example is never opened (outside refs allowed)', async () => {
    const pipe = fifo('outside.fifo');
    const file = await write('ex-fifo/api.yaml', asyncapi(`          - payload: {$ref: '../${pipe.split('/').pop()}'}`));
    await within(20_000, loadDocument(file, { allowOutsideRefs: true }, true));
  }, 30_000);

  it('a FIFO referenced inside the spec folder is refused at once, not waited on', async () => {
    fifo('in-fifo.yaml');
    const file = await write(
      'main-fifo.yaml',
      `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    P: {$ref: './in-fifo.yaml'}
`,
    );
    const error = await specError(within(10_000, loadDocument(file, {}, false)));
    expect(error.problem).toMatch(/not a regular file/);
    expect(error.pointer).toBe('/components/schemas/P/$ref');
  }, 20_000);

  it('a device (/dev/zero) is refused as a document or a referenced file before a byte is read', async () => {
    const before = process.memoryUsage().rss;
    expect((await specError(within(10_000, loadDocument('/dev/zero', {}, false)))).problem).toMatch(/not a regular file/);
    const file = await write(
      'zero/api.yaml',
      `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Z: {$ref: '${'../'.repeat(30)}dev/zero'}
`,
    );
    expect((await specError(within(10_000, loadDocument(file, { allowOutsideRefs: true }, false)))).problem).toMatch(/not a regular file/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 30_000);

  it('a remote document declaring 100 MB is refused on its Content-Length, without waiting for the body', async () => {
    const file = await write(
      'remote-huge.yaml',
      `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    H: {$ref: 'http://127.0.0.1:${port}/huge-declared'}
`,
    );
    const started = performance.now();
    const error = await specError(within(14_000, loadDocument(file, { allowRemoteRefs: true }, false)));
    expect(error.problem).toMatch(/larger than 67108864 bytes \(Content-Length 104857600\)/);
    // Waiting for the body would end at the fetch's 15 s timeout (or within()'s 14 s) instead;
    // 5 s was tighter than that on a loaded machine (a first fetch alone can take seconds).
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('an endless remote body is cut off at the limit while it streams', async () => {
    const file = await write(
      'remote-endless.yaml',
      `openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    E: {$ref: 'http://127.0.0.1:${port}/endless'}
`,
    );
    const before = process.memoryUsage().rss;
    const error = await specError(within(14_000, loadDocument(file, { allowRemoteRefs: true }, false)));
    expect(error.problem).toMatch(/larger than 67108864 bytes/);
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
  }, 20_000);
});

async function generateInto(
  name: string,
  specName: string,
  spec: string,
  apiName = 'api',
): Promise<{ out: string; files: Map<string, string>; warnings: string[] }> {
  const root = join(dir, name);
  await write(join(name, specName), spec);
  const { files, warnings } = await generate({
    root,
    output: 'out',
    package: { name: 'attack-pkg', version: '1.0.0' },
    apis: [{ name: apiName, spec: specName }],
    allowRemoteRefs: false,
    allowOutsideRefs: false,
  });
  const out = join(root, 'out');
  for (const [path, text] of files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), text);
  }
  return { out, files, warnings: warnings.map((w) => w.message) };
}

describe('generated modules are never thenable (item 2)', () => {
  it('operationId `then`: `await import()` settles and sends no request', async () => {
    hits.length = 0;
    const { out } = await generateInto(
      'thenable',
      'api.yaml',
      `openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'http://127.0.0.1:${port}'}]
paths:
  /then:
    get:
      operationId: then
      responses: {'200': {description: ok}}
  /esm:
    get:
      operationId: __esModule
      responses: {'200': {description: ok}}
`,
    );
    const api = (await within(5_000, import(pathToFileURL(join(out, 'dist', 'api', 'index.js')).href))) as Record<string, unknown>;
    expect(api).not.toHaveProperty('then');
    expect(api).not.toHaveProperty('__esModule');
    expect(typeof api['then2']).toBe('function');
    const operations = (await within(5_000, import(pathToFileURL(join(out, 'dist', 'api', 'operations.js')).href))) as Record<string, unknown>;
    expect(operations).not.toHaveProperty('then');
    expect(hits).toEqual([]);
  }, 60_000);
});

describe('nesting past the limit (item 3)', () => {
  it('a schema nested 1,500 deep is exit 1 with its place, no stack overflow and no installation path', async () => {
    const project = join(dir, 'deep');
    const depth = 1500;
    const schema = `${'{"type":"object","properties":{"a":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
    await write('deep/api.json', `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"D":${schema}}}}`);
    await write(
      'deep/specweave.config.json',
      JSON.stringify({ output: 'out', package: { name: 'p', version: '1.0.0' }, apis: [{ name: 'api', spec: 'api.json' }] }),
    );
    const r = await runCli(project);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /api\.json \(at #\/components\/schemas\/D\/properties\/a\/properties\/a\/properties\): is nested too deeply: more than 500 levels/,
    );
    expect(r.stderr).not.toContain('node_modules');
    expect(r.stderr).not.toContain(ROOT);
    expect(r.stderr).not.toMatch(/Maximum call stack/);
  }, 60_000);
});

describe('spec values that drive timers (item 4)', () => {
  it('heartbeat intervalSeconds 0 and 3000000, timeout-seconds 3000000: clamped, with a warning naming the place', async () => {
    const rest = await generateInto(
      'timers-rest',
      'api.yaml',
      `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /slow:
    get:
      operationId: slow
      x-specweave-timeout-seconds: 3000000
      responses: {'200': {description: ok}}
`,
    );
    expect(
      rest.warnings.some((w) =>
        /line 7, at #\/paths\/~1slow\/get\/x-specweave-timeout-seconds\): x-specweave-timeout-seconds 3000000 is above 2147483 s/.test(w),
      ),
    ).toBe(true);
    expect(rest.files.get('src/api/operations.ts')).toContain('timeoutMs: 2147483000');

    const ws = await generateInto(
      'timers-ws',
      'api.yaml',
      `asyncapi: 2.6.0
info: {title: t, version: '1'}
servers:
  main:
    url: 127.0.0.1:1
    protocol: ws
    x-specweave-heartbeat: {direction: client, kind: websocket-ping, intervalSeconds: 0, timeoutSeconds: 3000000}
channels:
  events:
    subscribe:
      message: {payload: {type: string}}
`,
    );
    expect(
      ws.warnings.some((w) => /at #\/servers\/main\/x-specweave-heartbeat\/intervalSeconds\): .*intervalSeconds 0 is below 1 s; 1 s is used/.test(w)),
    ).toBe(true);
    expect(ws.warnings.some((w) => /at #\/servers\/main\/x-specweave-heartbeat\/timeoutSeconds\): .*timeoutSeconds 3000000 is above 1000000 s/.test(w))).toBe(
      true,
    );
    const channels = [...ws.files].find(([path]) => path.startsWith('src/api/channels'))![1];
    expect(channels).toMatch(/intervalSeconds: 1,/);
    expect(channels).toMatch(/timeoutSeconds: 1000000,/);
  }, 60_000);
});

describe('small ones (item 5)', () => {
  it('duplicate keys in a JSON spec are refused with their place', async () => {
    const file = await write(
      'dup.json',
      '{"openapi":"3.0.3","info":{"title":"t","version":"1"},\n"paths":{"/a":{"get":{"responses":{\n"200":{"description":"x"},\n"200":{"description":"y"}}}}}}',
    );
    const error = await specError(loadDocument(file, {}, false));
    expect(error.problem).toMatch(/the key "200" appears twice/);
    expect(error.pointer).toBe('/paths/~1a/get/responses/200');
    expect(error.line).toBe(4);
  });

  it('invalid UTF-8 is refused with its line, not turned into U+FFFD', async () => {
    const file = await write(
      'bad-utf8.yaml',
      Buffer.concat([Buffer.from("openapi: 3.0.3\ninfo:\n  title: 'a"), Buffer.from([0xff, 0xfe]), Buffer.from("'\n  version: '1'\npaths: {}\n")]),
    );
    const error = await specError(loadDocument(file, {}, false));
    expect(error.problem).toMatch(/not valid UTF-8/);
    expect(error.line).toBe(3);
  });

  it('an API name Windows reserves (con, nul, com1, lpt9) is refused in the config', async () => {
    for (const name of ['con', 'nul', 'com1', 'lpt9', 'aux', 'prn']) {
      const file = await write(
        `win-${name}/specweave.config.json`,
        JSON.stringify({ output: 'out', package: { name: 'p', version: '1.0.0' }, apis: [{ name, spec: 'a.yaml' }] }),
      );
      const error = await specError(loadConfig(file));
      expect(error.pointer).toBe('/apis/0/name');
      expect(error.problem).toMatch(/Windows reserves/);
    }
    await write('win-ok/a.yaml', 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: {}\n');
    const ok = await write(
      'win-ok/specweave.config.json',
      JSON.stringify({ output: 'out', package: { name: 'p', version: '1.0.0' }, apis: [{ name: 'console', spec: 'a.yaml' }] }),
    );
    expect((await loadConfig(ok)).apis[0]!.name).toBe('console');
  });

  it('NUL, ESC and other control bytes in a title or description never reach README.md raw', async () => {
    const { files } = await generateInto(
      'readme-ctl',
      'api.json',
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Evil\u0000\u001b[31mRed\u0007\u009b\u202e', version: '1\u001b]0;x\u0007', description: 'Desc\u0000\u001b[2J\rhere' },
        paths: { '/a': { get: { operationId: 'a', summary: 'sum\u001b[1m', responses: { '200': { description: 'ok' } } } } },
      }),
    );
    const readme = files.get('README.md')!;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
    expect(readme).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(readme).toContain('Evil[31mRed');
  }, 60_000);
});

describe('the attack fixtures stay readable', () => {
  it('a plain JSON spec with distinct keys and escaped key strings still loads', async () => {
    const file = await write(
      'fine.json',
      '{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"x"},"2\\u0030\\u0031":{"description":"y"}}}}}}',
    );
    const doc = await loadDocument(file, {}, false);
    expect(Object.keys((doc.data['paths'] as Record<string, Record<string, { responses: object }>>)['/a']!['get']!.responses)).toEqual(['200', '201']);
    expect(await readFile(file, 'utf8')).toContain('\\u0030');
  });
});
