/**
 * Bundle sizes of the output (issue 14): esbuild (bundle, minify, ESM, browser, es2022) + gzip
 * level 9 of small apps, against the peers installed in the same run.
 *
 *   npm run bench:bundle        (node --import tsx bench/bundle.ts)
 *
 * - One REST call: Beam's `getTaskStatus` with a bearer token, through specweave's output, through
 *   @hey-api/openapi-ts's (default plugins: types, sdk, client-fetch; its client is generated into
 *   the output) and through openapi-fetch (`client.GET(path, …)`; its types from
 *   openapi-typescript are erased, so only the library is bundled). Each is generated here from
 *   specs/beam.openapi.yaml.
 * - The whole REST runtime (specweave's package root `runtime/http.js`: every entry point).
 * - A channel app: Beam's logs channel (not Pusher) and modelbeam's Pusher channel, each
 *   connected and listened to.
 *
 * Peers are pinned and installed once into a cache outside the repo (bench/lib/peers.ts's
 * `ensureInstalled`, in its own folder `<cache>/bundle` so the big specs are not fetched):
 * @hey-api/openapi-ts 0.95.0 (the last accepting Node 20), openapi-fetch 0.17.0 (newest; no
 * engines field), typescript 5.9.3 (hey-api's peer). Last lines, one per figure:
 *   bundle: <app> <tool> <bytes> B gzip (<min> B minified)
 *   bundle ratio: rest-call specweave/hey-api X, specweave/openapi-fetch Y
 *   bundle ratio: channel non-pusher/pusher Z
 *   bundle: non-Pusher channel app contains Pusher code: yes|no   (a Pusher-only protocol string in it)
 *   bundle: one REST call specweave/hey-api ratio X (… B / … B gzip; goal <= 1)
 *   REST runtime gzip bytes N (goal < 6000; the request core alone M)
 * The REST runtime is every entry point of `runtime/http.js` (poll, links and every serialiser
 * included); the core is `runtime/request.js`, what generated operations import.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CACHE, ensureInstalled, invocation, REPO } from './lib/peers.js';

const BUNDLE_CACHE = join(CACHE, 'bundle');
const NM = join(BUNDLE_CACHE, 'node_modules');
const PINNED: Readonly<Record<string, string>> = { '@hey-api/openapi-ts': '0.95.0', 'openapi-fetch': '0.17.0', typescript: '5.9.3' };
const TASK_ID = '55108039-e3bf-409b-bad5-f4982b2f1c02';

interface Size {
  min: number;
  gzip: number;
  /** The minified bundle. */
  text: string;
}

/** Strings only the Pusher client holds (its protocol's event names): a bundle with one carries Pusher code. */
const PUSHER_ONLY = /pusher:(?:subscribe|connection_established|ping)|pusher_internal:/;

async function size(work: string, name: string, contents: string): Promise<Size> {
  const entry = join(work, `${name}.ts`);
  await writeFile(entry, contents);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    nodePaths: [NM],
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, text: new TextDecoder().decode(code) };
}

function run(tool: 'specweave' | 'hey-api', work: string, spec: string): void {
  const inv = invocation(tool, work, spec, 'beam');
  const r = spawnSync(inv.command, inv.args, { cwd: inv.cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

async function main(): Promise<void> {
  ensureInstalled(BUNDLE_CACHE, PINNED, (line) => console.log(line));
  const work = await mkdtemp(join(tmpdir(), 'specweave-bundle-'));
  try {
    await copyFile(join(REPO, 'specs', 'beam.openapi.yaml'), join(work, 'beam.openapi.yaml'));
    await copyFile(join(REPO, 'specs', 'beam-logs.asyncapi.yaml'), join(work, 'beam-logs.asyncapi.yaml'));
    await copyFile(join(REPO, 'specs', 'modelbeam.asyncapi.yaml'), join(work, 'modelbeam.asyncapi.yaml'));
    run('specweave', work, 'beam.openapi.yaml');
    run('hey-api', work, 'beam.openapi.yaml');
    // The channel apps: one config with both AsyncAPI documents.
    const config = join(work, 'channels.config.json');
    await writeFile(
      config,
      JSON.stringify({
        output: 'channels',
        package: { name: 'bench-channels', version: '1.0.0' },
        apis: [
          { name: 'beam-logs', spec: 'beam-logs.asyncapi.yaml' },
          { name: 'modelbeam', spec: 'modelbeam.asyncapi.yaml' },
        ],
      }),
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), '--config', config, '--no-cache'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`specweave (channels) failed:\n${r.stdout}\n${r.stderr}`);

    const call = `.then((r) => console.log(r.data), (e) => console.error(e));`;
    const sizes: Array<[app: string, tool: string, s: Size]> = [];
    const add = async (app: string, tool: string, contents: string): Promise<Size> => {
      const s = await size(work, `${app}-${tool}`.replace(/[^\w-]/g, '_'), contents);
      sizes.push([app, tool, s]);
      console.log(`bundle: ${app} ${tool} ${s.gzip} B gzip (${s.min} B minified)`);
      return s;
    };
    const ours = await add(
      'rest-call',
      'specweave',
      `import { getTaskStatus } from './specweave/dist/beam/index.js';\ngetTaskStatus({ path: { task_id: '${TASK_ID}' } }, { baseUrl: 'https://api.example.com', auth: { bearerAuth: 'token' } })${call}\n`,
    );
    const hey = await add(
      'rest-call',
      `hey-api ${PINNED['@hey-api/openapi-ts']}`,
      `import { getTaskStatus } from './hey-api/sdk.gen';\nimport { client } from './hey-api/client.gen';\nclient.setConfig({ baseUrl: 'https://api.example.com', auth: () => 'token' });\ngetTaskStatus({ path: { task_id: '${TASK_ID}' } })${call}\n`,
    );
    const fetchOnly = await add(
      'rest-call',
      `openapi-fetch ${PINNED['openapi-fetch']}`,
      `import createClient from 'openapi-fetch';\nconst client = createClient({ baseUrl: 'https://api.example.com', headers: { authorization: 'Bearer token' } });\nclient.GET('/v2/task/{task_id}/', { params: { path: { task_id: '${TASK_ID}' } } })${call}\n`,
    );
    const runtime = await add('rest-runtime', 'specweave', `export * from './specweave/dist/runtime/http.js';\n`);
    // What generated operations import: the request core with retries, timeouts and typed errors
    // (every style's serialiser and the form encoders are imported only by operations that use them).
    const core = await add('rest-runtime-core', 'specweave', `export * from './specweave/dist/runtime/request.js';\n`);
    const plain = await add(
      'channel',
      'specweave non-pusher',
      `import { BeamLogsChannel } from './channels/dist/beam-logs/index.js';\nconst c = new BeamLogsChannel({ baseUrl: 'wss://example.com' } as never);\nc.on('$open', () => console.log('open'));\nvoid c.connect();\n`,
    );
    const pusher = await add(
      'channel',
      'specweave pusher',
      `import { PrivateClientChannel } from './channels/dist/modelbeam/index.js';\nconst c = new PrivateClientChannel({ baseUrl: 'wss://example.com' } as never);\nc.on('$open', () => console.log('open'));\nvoid c.connect();\n`,
    );
    console.log(
      `bundle ratio: rest-call specweave/hey-api ${(ours.gzip / hey.gzip).toFixed(3)}, specweave/openapi-fetch ${(ours.gzip / fetchOnly.gzip).toFixed(3)}`,
    );
    console.log(`bundle ratio: channel non-pusher/pusher ${(plain.gzip / pusher.gzip).toFixed(3)}`);
    // The check is only worth something if it finds the Pusher client where it must be.
    if (!PUSHER_ONLY.test(pusher.text)) throw new Error('bench: the Pusher channel bundle holds none of the Pusher-only strings; the check is stale');
    console.log(`bundle: non-Pusher channel app contains Pusher code: ${PUSHER_ONLY.test(plain.text) ? 'yes' : 'no'}`);
    console.log(`bundle: one REST call specweave/hey-api ratio ${(ours.gzip / hey.gzip).toFixed(3)} (${ours.gzip} B / ${hey.gzip} B gzip; goal <= 1)`);
    console.log(`REST runtime gzip bytes ${runtime.gzip} (goal < 6000; the request core alone ${core.gzip})`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
