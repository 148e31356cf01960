/**
 * The generated package as its users meet it: test/consumer is a separate project that depends
 * on `@specweave/clients` by path (`file:../../generated`), compiles under a strict tsconfig
 * against the package's shipped .d.ts files, and runs (TypeScript via tsx, JavaScript with plain
 * node) against loopback HTTP, WebSocket and Pusher servers.
 */

import { realpathSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/load/config.js';
import { generate } from '../src/pipeline.js';
import { type Run, run as runCommand, TSX } from './support/run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONSUMER = join(ROOT, 'test', 'consumer');
const GENERATED = join(ROOT, 'generated');
const LINK = join(CONSUMER, 'node_modules', '@specweave', 'clients');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
/** For a hang, not for speed: on a loaded two-core machine these took over 30-60 s. */
const TIMEOUT = 180_000;

const run = (command: string, args: string[], cwd = ROOT): Promise<Run> => runCommand(command, args, cwd);

/** Runs a consumer entry point and parses its one JSON line (ports replaced by PORT). */
async function runConsumer(args: string[]): Promise<any> {
  const result = await run(process.execPath, args);
  if (result.code !== 0) throw new Error(`node ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'));
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= make());
}

beforeAll(async () => {
  // `file:` dependencies need no registry: npm only links node_modules/@specweave/clients to
  // generated/. (--no-package-lock: the consumer keeps no lock file in the repository.)
  const npm = await run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--no-package-lock', '--loglevel=error'], CONSUMER).catch(
    (error: unknown) => ({ code: null, stdout: '', stderr: String(error) }),
  );
  if (npm.code !== 0) {
    // npm missing or broken on this machine: make the same link by hand, so the package is still
    // exercised exactly as installed (a symlink, resolved by Node and TypeScript to generated/).
    console.warn(`npm install in test/consumer failed (${npm.code}); linking by hand:\n${npm.stderr}`);
    await rm(LINK, { recursive: true, force: true });
    await mkdir(dirname(LINK), { recursive: true });
    await symlink(relative(dirname(LINK), GENERATED), LINK, 'dir');
  }
  expect((await lstat(LINK)).isSymbolicLink(), `${LINK} must be a link to generated/`).toBe(true);
  expect(await realpath(LINK)).toBe(await realpath(GENERATED));
}, 180_000);

describe.concurrent('the consumer project compiles', () => {
  it('tsc -p test/consumer passes: the consumer type-checks and every @ts-expect-error line is an error', { timeout: TIMEOUT }, async () => {
    const result = await run(TSC, ['-p', 'test/consumer', '--pretty', 'false']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  // One in-memory compilation of src/app.ts with its @ts-expect-error directives switched off
  // (same lines) and library checking on, shared by the two tests below.
  const compiled = once(async () => {
    const appPath = join(CONSUMER, 'src', 'app.ts');
    const original = await readFile(appPath, 'utf8');
    const disabled = original.replace(/\/\/ @ts-expect-error/g, '// (expect-error)');
    const configFile = ts.readConfigFile(join(CONSUMER, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, CONSUMER);
    const options = { ...parsed.options, skipLibCheck: false };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, language, onError, shouldCreate) =>
      resolve(fileName) === appPath ? ts.createSourceFile(fileName, disabled, language) : getSourceFile(fileName, language, onError, shouldCreate);
    const program = ts.createProgram({ rootNames: [appPath], options, host });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ({
      file: d.file === undefined ? '(global)' : resolve(d.file.fileName),
      line: d.file === undefined || d.start === undefined ? 0 : d.file.getLineAndCharacterOfPosition(d.start).line + 1,
      code: d.code,
      text: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    }));
    return { appPath, original, diagnostics };
  });

  it('each @ts-expect-error in src/app.ts is rejected for the reason it names', { timeout: TIMEOUT }, async () => {
    const { appPath, original, diagnostics } = await compiled();
    const lines = original.split('\n');
    const directives = lines.flatMap((text, index) => {
      const match = /\/\/ @ts-expect-error \[TS(\d+)\] (.*)$/.exec(text);
      return match ? [{ target: index + 2, code: Number(match[1]), why: match[2] ?? '' }] : [];
    });
    // Every directive carries the error code it expects, and there are enough to matter.
    expect(lines.filter((l) => /^\s*\/\/ @ts-expect-error\b/.test(l))).toHaveLength(directives.length);
    expect(directives.length).toBeGreaterThanOrEqual(15);

    const errors = diagnostics.filter((d) => d.file === appPath);
    const unmet = directives.filter((d) => !errors.some((e) => e.line === d.target && e.code === d.code));
    expect(unmet.map((d) => `line ${d.target}: expected TS${d.code} (${d.why}); got ${JSON.stringify(errors.filter((e) => e.line === d.target))}`)).toEqual([]);
    const stray = errors.filter((e) => !directives.some((d) => d.target === e.line));
    expect(stray.map((e) => `line ${e.line}: TS${e.code} ${e.text}`)).toEqual([]);
  });

  it("the package's own .d.ts files are valid when a strict consumer checks libraries (skipLibCheck false)", { timeout: TIMEOUT }, async () => {
    const { appPath, diagnostics } = await compiled();
    const elsewhere = diagnostics.filter((d) => d.file !== appPath);
    expect(elsewhere.map((d) => `${relative(ROOT, d.file)}(${d.line}): TS${d.code} ${d.text}`)).toEqual([]);
  });
});

describe.concurrent('the TypeScript consumer runs (tsx) against loopback servers', () => {
  const output = once(() => runConsumer(['--import', 'tsx', 'test/consumer/run.ts']));

  it('REST: typed calls, ApiError by status, validation before sending, client defaults under per-call options', { timeout: TIMEOUT }, async () => {
    const { consumer, received } = await output();
    expect(consumer.rest).toEqual({
      invoked: { status: 200, data: { by: 'name', name: 'zonos tts/1', received: { text: 'hello' } } },
      version: { by: 'version', name: 'zonos-tts', version: 3 },
      byId: { by: 'id', id: '55108039-e3bf-409b-bad5-f4982b2f1c02', received: { x: 12 } },
      taskId: 'task-42',
      finished: true,
      outputUrls: ['https://example.test/result.txt'],
      missing: { status: 404, body: { detail: 'no task no such/task' }, operation: 'getTaskStatus', message: 'getTaskStatus failed with HTTP 404' },
      unauthorised: 401,
      invalid: 'getTaskStatus: missing path parameter "task_id"',
      cancelled: { status: 200, data: null },
      tokenCalls: 7,
      servers: ['app', 'api'],
    });
    const json = 'application/json';
    expect(received.http).toEqual([
      {
        method: 'POST',
        path: '/endpoint/zonos%20tts%2F1',
        authorization: 'Bearer beam-token-1',
        contentType: json,
        consumer: 'typescript',
        body: '{"text":"hello"}',
      },
      { method: 'POST', path: '/endpoint/zonos-tts/v3', authorization: 'Bearer beam-token-2', contentType: null, consumer: 'typescript', body: '' },
      {
        method: 'POST',
        path: '/endpoint/id/55108039-e3bf-409b-bad5-f4982b2f1c02',
        authorization: 'Bearer beam-token-3',
        contentType: json,
        consumer: 'typescript',
        body: '{"x":12}',
      },
      { method: 'POST', path: '/taskqueue/queue', authorization: 'Bearer beam-token-4', contentType: json, consumer: 'typescript', body: '{"prompt":"draw"}' },
      { method: 'GET', path: '/v2/task/task-42/', authorization: 'Bearer beam-token-5', contentType: null, consumer: 'typescript', body: '' },
      { method: 'GET', path: '/v2/task/no%20such%2Ftask/', authorization: 'Bearer beam-token-6', contentType: null, consumer: 'per-call', body: '' },
      { method: 'GET', path: '/v2/task/task-42/', authorization: null, contentType: null, consumer: null, body: '' },
      {
        method: 'DELETE',
        path: '/v2/task/cancel/',
        authorization: 'Bearer beam-token-7',
        contentType: json,
        consumer: 'typescript',
        body: '{"task_ids":["task-42"]}',
      },
    ]);
  });

  it('beam-realtime: header auth, typed sends, listener and for-await, heartbeat dropped, non-JSON frame to $unknown', { timeout: TIMEOUT }, async () => {
    const { consumer, received } = await output();
    const echo = (prompt: string, n: number) => ({ echo: { prompt }, n });
    expect(consumer.realtime).toEqual({
      url: 'ws://127.0.0.1:PORT/realtime/',
      states: ['idle', 'open', 'closed'],
      listener: [echo('one', 1), echo('two', 2)],
      iterated: [1, 2, 3].map((n) => `RealtimeOutput:${JSON.stringify(echo(['one', 'two', 'three'][n - 1]!, n))}`),
      // The server's {"type":"ping"} heartbeat is not a message; its "not json" frame is unknown.
      unknown: ['not JSON'],
      close: { code: 1000, reason: 'bye' },
    });
    expect(received.sockets[0]).toEqual({
      path: '/realtime/',
      authorization: 'Bearer realtime-token',
      received: [{ prompt: 'one' }, { prompt: 'two' }, { prompt: 'three' }, { close: true }],
      closedBy: 'server',
    });
  });

  it('beam-logs: the LOGS_ADD_STREAM command is sent as typed and log batches reach the listener', { timeout: TIMEOUT }, async () => {
    const { consumer, received } = await output();
    expect(consumer.logs).toEqual({
      batches: 3,
      lines: ['2024-05-01T10:00:01Z started deployment-7', '2024-05-01T10:00:02Z ready', '2024-05-01T10:00:03Z done'],
      close: { code: 1000, reason: 'stream ended' },
    });
    expect(received.sockets[1]).toEqual({
      path: '/logs/',
      authorization: null,
      received: [
        {
          action: 'LOGS_ADD_STREAM',
          token: 'logs-token',
          objectId: 'deployment-7',
          objectType: 'BEAM_DEPLOYMENT',
          streamType: 'LOGS_STREAM',
          stream: true,
          startingTimestamp: '2024-05-01T10:00:00Z',
          taskId: 'task-42',
        },
      ],
      closedBy: 'server',
    });
  });

  it('golem-worker-connect: address parameters encoded, token function, every event sent as the connection opens iterated and narrowed by name', {
    timeout: TIMEOUT,
  }, async () => {
    const { consumer, received } = await output();
    expect(received.sockets[2]).toEqual({
      path: '/v1/components/component-1/workers/agent%20one%2F2/connect',
      authorization: 'Bearer golem-token',
      received: [],
      closedBy: 'server',
    });
    expect(consumer.golem).toEqual({
      url: 'ws://127.0.0.1:PORT/v1/components/component-1/workers/agent%20one%2F2/connect',
      // Tagged events by their tag; the flat-shaped one falls back to WorkerEvent.
      events: [
        'InvocationStart:golem:demo/api.{run}',
        'StdOut:22 bytes',
        'Log:Info:demo:structured',
        'WorkerEvent:StdErr:flat shape',
        'InvocationFinished:key-1',
      ],
      stdout: ['hello from the worker\n'],
      state: 'closed',
    });
  });

  it('modelbeam: Pusher private channel authorised with the bearer key, typed status updates', { timeout: TIMEOUT }, async () => {
    const { consumer, received } = await output();
    expect(consumer.modelbeam).toEqual({
      address: 'private-client.42',
      authUrls: ['https://api.modelbeam.ai/broadcasting/auth'],
      updates: ['processing@45.0', 'done@100.0+preview(4)'],
      last: 'req-1',
      state: 'closed',
    });
    expect(received.pusherAuth).toEqual([{ channel_name: 'private-client.42', authorization: 'Bearer modelbeam-key' }]);
    expect(received.pusherSubscriptions).toBe(1);
  });
});

describe('the plain JavaScript consumer runs with node (no TypeScript anywhere)', () => {
  it('imports every subpath and calls the API against a loopback server', { timeout: TIMEOUT }, async () => {
    const { consumer, received } = await runConsumer(['test/consumer/run.mjs']);
    expect(consumer).toEqual({
      taskId: 'task-42',
      taskStatus: 'COMPLETE',
      errors: [
        { name: 'ApiError', status: 404, body: { detail: 'no task gone' } },
        { name: 'RequestValidationError', message: 'getTaskStatus: missing path parameter "task_id"' },
        { name: 'RequestValidationError', message: 'channel: server variable "host" has no default; pass serverVariables.host' },
      ],
      realtime: { output: { echo: { from: 'javascript' }, n: 1 }, close: { code: 1000, reason: 'js done' }, state: 'closed' },
      urls: {
        logs: 'wss://logs.example.test/',
        realtime: 'wss://1c0f0cbe-e0d1-49ae-a556-5daffe23eb4c.app.beam.cloud/',
        golem: 'ws://localhost:9881/v1/components/c%201/workers/a%2Fb/connect',
        modelbeam: 'private-client.7',
      },
    });
    expect(received).toEqual({
      http: [
        { method: 'POST', path: '/taskqueue/js%20queue', authorization: 'Bearer js-token', consumer: 'javascript' },
        { method: 'GET', path: '/v2/task/task-42/', authorization: 'Bearer js-token', consumer: 'javascript' },
        { method: 'GET', path: '/v2/task/gone/', authorization: 'Bearer js-token', consumer: 'javascript' },
      ],
      // The token travels in the query (authTransport "query"), not in a header.
      sockets: [{ path: '/realtime/?auth_token=js-realtime', authorization: null, received: [{ from: 'javascript' }] }],
    });
  });
});

describe.concurrent('consumers of every kind (test/consumer/kinds)', () => {
  it('CommonJS: require() of every subpath runs (Node 20.19+ loads the ESM through the "default" condition) and shares one runtime', {
    timeout: TIMEOUT,
  }, async () => {
    const result = await run(process.execPath, ['test/consumer/kinds/require.cjs']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      status: 200,
      data: { task_id: 'cjs-1', status: 'COMPLETE', path: '/v2/task/cjs%201/', authorization: 'Bearer cjs-token' },
      error: { name: 'RequestValidationError', sameClass: true },
      exports: { root: 'function', beam: 'function', logs: 'function', realtime: 'function', golem: 'function', modelbeam: 'function', sharedApiError: true },
    });
  });

  for (const resolution of ['node16', 'nodenext', 'bundler']) {
    it(`type-checks under moduleResolution ${resolution}${resolution === 'nodenext' ? ' (with a .cts file that requires it)' : ''}, library checking on`, {
      timeout: TIMEOUT,
    }, async () => {
      const result = await run(TSC, ['-p', `test/consumer/kinds/tsconfig.${resolution}.json`, '--pretty', 'false']);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  }

  it('an esbuild browser bundle takes the compiled dist/ files; a REST-only import pulls no channel runtime', { timeout: TIMEOUT }, async () => {
    const bundle = async (contents: string) => {
      const result = await build({
        stdin: { contents, resolveDir: CONSUMER, sourcefile: 'entry.js', loader: 'js' },
        bundle: true,
        write: false,
        platform: 'browser',
        format: 'esm',
        metafile: true,
        logLevel: 'silent',
        absWorkingDir: ROOT,
      });
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      return Object.keys(result.metafile.inputs).map((input) => relative(GENERATED, resolve(ROOT, input)).split('\\').join('/'));
    };
    const everything = await bundle(
      "export * from '@specweave/clients/beam'; export { BeamLogsChannel } from '@specweave/clients/beam-logs'; export { PrivateClientChannel } from '@specweave/clients/modelbeam';",
    );
    expect(everything).toEqual(
      expect.arrayContaining(['dist/beam/index.js', 'dist/runtime/request.js', 'dist/runtime/channel.js', 'dist/runtime/pusher-protocol.js']),
    );
    expect(everything.filter((input) => !input.startsWith('dist/'))).toEqual(['../test/consumer/entry.js']);
    const rest = await bundle("export { createBeamClient } from '@specweave/clients/beam';");
    // The REST modules a client uses (the request core and what it imports, the poller and link
    // helpers Beam's operations have), never the channel runtime or the package-root barrel.
    const runtime = rest.filter((input) => input.startsWith('dist/runtime/')).sort();
    expect(runtime).toEqual(
      expect.arrayContaining([
        'dist/runtime/common.js',
        'dist/runtime/credentials.js',
        'dist/runtime/errors.js',
        'dist/runtime/links.js',
        'dist/runtime/poll.js',
        'dist/runtime/request.js',
        'dist/runtime/serialise.js',
      ]),
    );
    expect(runtime.filter((input) => /\/(?:http|channel|pusher-protocol)\.js$/.test(input))).toEqual([]);
    // A plain (non-Pusher) channel: the channel core, none of the Pusher client or its transport.
    const plain = await bundle("export { BeamLogsChannel } from '@specweave/clients/beam-logs';");
    expect(plain).toEqual(expect.arrayContaining(['dist/runtime/channel.js']));
    expect(plain.filter((input) => /\/pusher-(?:protocol|channel)\.js$/.test(input))).toEqual([]);
  });
});

describe('declaration maps', () => {
  it('go-to-definition from a consumer lands in the package sources (src/), at the declaring line', { timeout: TIMEOUT }, async () => {
    const file = join(CONSUMER, 'kinds', 'esm.ts');
    const text = await readFile(file, 'utf8');
    const configFile = ts.readConfigFile(join(CONSUMER, 'kinds', 'tsconfig.nodenext.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, join(CONSUMER, 'kinds'));
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => [file],
      getScriptVersion: () => '1',
      getScriptSnapshot: (name) => (ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)!) : undefined),
      getCurrentDirectory: () => CONSUMER,
      getCompilationSettings: () => parsed.options,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath!,
    };
    const service = ts.createLanguageService(host);
    // TypeScript's own source mapper (internal API; tsserver maps go-to-definition results with it).
    type Mapper = { tryGetSourcePosition(info: { fileName: string; pos: number }): { fileName: string; pos: number } | undefined };
    const mapper = (ts as unknown as { getSourceMapper(host: object): Mapper }).getSourceMapper({
      useCaseSensitiveFileNames: () => true,
      getCurrentDirectory: () => CONSUMER,
      getProgram: () => service.getProgram(),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      log: () => {},
    });
    const definition = (usage: string) => {
      const at = text.indexOf(usage);
      expect(at, usage).toBeGreaterThan(0);
      const [found] = service.getDefinitionAtPosition(file, at) ?? [];
      if (!found) return undefined;
      // What tsserver does with a definition in a .d.ts: follow its declaration map.
      const mapped = mapper.tryGetSourcePosition({ fileName: found.fileName, pos: found.textSpan.start }) ?? {
        fileName: found.fileName,
        pos: found.textSpan.start,
      };
      const target = ts.sys.readFile(mapped.fileName)!;
      const line = ts.createSourceFile(mapped.fileName, target, ts.ScriptTarget.Latest).getLineAndCharacterOfPosition(mapped.pos).line;
      return { file: relative(GENERATED, realpathSync(mapped.fileName)).split('\\').join('/'), line: target.split('\n')[line]!.trim() };
    };
    expect(definition('createBeamClient({')).toEqual({ file: 'src/beam/operations.ts', line: expect.stringMatching(/^export function createBeamClient\(/) });
    expect(definition('GetTaskStatusResult = ')).toEqual({ file: 'src/beam/operations.ts', line: expect.stringMatching(/^export type GetTaskStatusResult\b/) });
    expect(definition("Task['status']")).toEqual({ file: 'src/beam/types.ts', line: expect.stringMatching(/^export (type|interface) Task\b/) });
    expect(definition('ApiError,\n  ChannelError,\n  BeamLogsChannel')).toEqual({
      file: 'src/runtime/errors.ts',
      line: expect.stringMatching(/^export class ApiError\b/),
    });
    expect(definition('BeamLogsChannel,\n  BeamRealtimeChannel')).toEqual({
      file: 'src/beam-logs/channels.ts',
      line: expect.stringMatching(/^export class BeamLogsChannel\b/),
    });
  });
});

describe.concurrent('what the output holds for what the APIs use, and the "source" form', () => {
  const temporary: string[] = [];
  afterAll(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));
  const config = (apis: Array<[string, string]>, extra: Partial<Config> = {}): Config => ({
    root: ROOT,
    output: 'out',
    package: { name: '@example/api', version: '1.0.0' },
    apis: apis.map(([name, spec]) => ({ name, spec })),
    allowRemoteRefs: false,
    allowOutsideRefs: false,
    ...extra,
  });
  const runtimeOf = (files: Map<string, string>) => [...files.keys()].filter((f) => f.includes('runtime/')).sort();

  it('a REST-only package ships no channel runtime; a channel-only one no REST runtime (common.ts holds what both use)', { timeout: TIMEOUT }, async () => {
    const files = (names: string[]) =>
      names.flatMap((f) => [`dist/runtime/${f}.d.ts`, `dist/runtime/${f}.d.ts.map`, `dist/runtime/${f}.js`, `src/runtime/${f}.ts`]).sort();
    const rest = await generate(config([['beam', 'specs/beam.openapi.yaml']]));
    expect(runtimeOf(rest.files)).toEqual(
      files([
        'backoff',
        'bodies',
        'common',
        'credentials',
        'errors',
        'headers',
        'hooks',
        'http',
        'links',
        'poll',
        'redirect',
        'request',
        'rest-info',
        'retry',
        'serialise',
        'timeouts',
        'url',
      ]),
    );
    const channels = await generate(config([['beam-logs', 'specs/beam-logs.asyncapi.yaml']]));
    // A channel that does not speak Pusher: the channel modules, no Pusher client.
    expect(runtimeOf(channels.files)).toEqual(
      files([
        'backoff',
        'channel',
        'channel-dispatch',
        'channel-errors',
        'channel-heartbeat',
        'channel-queue',
        'channel-reconnect',
        'channel-request',
        'channel-scrub',
        'channel-url',
        'common',
        'credentials',
        'socket',
      ]),
    );
  });

  it('a channel-only package has no runtime/http.* and still type-checks, bundles with esbuild and exports its root', { timeout: TIMEOUT }, async () => {
    const result = await generate(config([['beam-logs', 'specs/beam-logs.asyncapi.yaml']]));
    expect([...result.files.keys()].filter((f) => /runtime\/http\./.test(f))).toEqual([]);
    expect([...result.files.values()].join('\n')).not.toContain('runtime/http');
    const project = await mkdtemp(join(tmpdir(), 'specweave-channel-only-'));
    temporary.push(project);
    for (const [path, text] of result.files) {
      await mkdir(dirname(join(project, 'pkg', path)), { recursive: true });
      await writeFile(join(project, 'pkg', path), text);
    }
    const manifest = JSON.parse(result.files.get('package.json')!) as { exports: Record<string, { default: string }> };
    expect(manifest.exports['.']!.default).toBe('./dist/runtime/common.js');
    await writeFile(
      join(project, 'main.ts'),
      [
        "import { BeamLogsChannel, RequestValidationError, ChannelError, type Token } from './pkg/src/beam-logs/index.js';",
        "const token: Token = 'x';",
        'console.log(typeof BeamLogsChannel, typeof RequestValidationError, typeof ChannelError, token);',
      ].join('\n'),
    );
    const compilerOptions = {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      noEmit: true,
    };
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
    const checked = await run(TSC, ['-p', join(project, 'tsconfig.json'), '--pretty', 'false']);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    const bundled = await build({
      entryPoints: [join(project, 'pkg', 'dist', 'beam-logs', 'index.js')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: project,
    });
    expect(bundled.errors).toEqual([]);
    const inputs = Object.keys(bundled.metafile.inputs).map((input) => input.split('\\').join('/'));
    expect(inputs).toEqual(expect.arrayContaining(['pkg/dist/runtime/channel.js', 'pkg/dist/runtime/common.js']));
    expect(inputs.filter((input) => input.includes('runtime/http'))).toEqual([]);
  });

  it('headers and README name the configured regenerate command, else `npx --no-install specweave-gen`', { timeout: TIMEOUT }, async () => {
    const plain = await generate(config([['beam', 'specs/beam.openapi.yaml']]));
    expect(plain.files.get('src/beam/types.ts')!.split('\n')[0]).toBe(
      '// Generated by specweave from specs/beam.openapi.yaml. Do not edit: run `npx --no-install specweave-gen`.',
    );
    expect(plain.files.get('dist/runtime/http.js')!.split('\n')[0]).toBe(
      "// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npx --no-install specweave-gen`.",
    );
    expect(plain.files.get('README.md')).toContain('change the specs and run `npx --no-install specweave-gen`.');
    const custom = await generate(config([['beam', 'specs/beam.openapi.yaml']], { regenerateCommand: 'pnpm gen:api\n&& `x`' }));
    for (const file of ['src/beam/index.ts', 'dist/beam/index.js', 'dist/beam/index.d.ts', 'src/runtime/http.ts']) {
      expect(custom.files.get(file)!.split('\n')[0]).toMatch(/Do not edit: run `` pnpm gen:api && `x` ``\.$/);
    }
    expect(custom.files.get('README.md')).toContain('change the specs and run `` pnpm gen:api && `x` ``.');
    expect([...custom.files.values()].join('\n')).not.toContain('npm run generate');
  });

  it('the source form is plain .ts files (no package.json, README or dist/) that a project type-checks under nodenext and bundler and runs', {
    timeout: TIMEOUT,
  }, async () => {
    const result = await generate(
      config(
        [
          ['beam', 'specs/beam.openapi.yaml'],
          ['beam-logs', 'specs/beam-logs.asyncapi.yaml'],
        ],
        { form: 'source' },
      ),
    );
    const paths = [...result.files.keys()];
    // Besides the sources, only the manifest of what specweave generated (so a later run replaces only its own files).
    expect(paths.filter((p) => !p.endsWith('.ts'))).toEqual(['.specweave-manifest.json']);
    expect(paths).toEqual(
      expect.arrayContaining(['beam/index.ts', 'beam/operations.ts', 'beam-logs/channels.ts', 'runtime/common.ts', 'runtime/http.ts', 'runtime/channel.ts']),
    );
    const project = await mkdtemp(join(tmpdir(), 'specweave-source-'));
    temporary.push(project);
    for (const [path, text] of result.files) {
      await mkdir(dirname(join(project, 'src', 'api', path)), { recursive: true });
      await writeFile(join(project, 'src', 'api', path), text);
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
    await writeFile(
      join(project, 'src', 'main.ts'),
      [
        "import { createBeamClient, RequestValidationError, type Task } from './api/beam/index.js';",
        "import { BeamLogsChannel } from './api/beam-logs/index.js';",
        "const client = createBeamClient({ baseUrl: 'http://127.0.0.1:9' });",
        "const status: Task['status'] | undefined = undefined;",
        'try {',
        '  // @ts-expect-error [TS2322] the types resolved: a path parameter is required',
        '  await client.getTaskStatus({ path: {} });',
        '} catch (error) {',
        '  console.log(JSON.stringify({ invalid: error instanceof RequestValidationError, channel: typeof BeamLogsChannel, status }));',
        '}',
      ].join('\n'),
    );
    const compilerOptions = {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: [],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      noEmit: true,
    };
    for (const [module, moduleResolution] of [
      ['NodeNext', 'NodeNext'],
      ['Preserve', 'Bundler'],
    ]) {
      const file = join(project, `tsconfig.${moduleResolution}.json`);
      await writeFile(file, JSON.stringify({ compilerOptions: { ...compilerOptions, module, moduleResolution }, include: ['src'] }));
      const checked = await run(TSC, ['-p', file, '--pretty', 'false']);
      expect(checked.stdout + checked.stderr, moduleResolution).toBe('');
      expect(checked.code).toBe(0);
    }
    const ran = await run(process.execPath, ['--import', TSX, join(project, 'src', 'main.ts')], project);
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({ invalid: true, channel: 'function' });
  });
});
