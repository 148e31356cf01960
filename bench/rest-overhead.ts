/**
 * REST per-call overhead: the generated `getTaskStatus` (URL building, parameters, auth,
 * timeout and retry machinery, response decoding and checking) against a raw `fetch` of the
 * same request (same URL, method and headers; `await res.json()`), both to a loopback
 * keep-alive HTTP server.
 *
 *   npm run bench:rest        (node --import tsx bench/rest-overhead.ts)
 *
 * The server runs in a child process (this file with `--server`), so on two cores it does not
 * compete with the client for the CPU; it answers every request with the same small Task JSON.
 * After a warm-up, each round makes CALLS calls of each contender, interleaved call by call
 * (ours, raw, raw, ours, …: ABBA order so neither always goes first), timing each call. The
 * figures are the medians of all calls of each contender.
 *
 * Then the same with `timeoutMs` on every call against a raw fetch with `AbortSignal.timeout`
 * (half the rounds; informational). Last lines:
 *   rest-overhead ratio: X        ours/raw median per-call time, no timeout (3 decimals)
 *   rest-runtime gzip bytes: N    generated/dist/runtime/http.js (the whole REST runtime, every
 *                                 entry point) bundled and minified by esbuild, gzipped
 *   rest-one-call gzip bytes: N   the same for an app making one call (getTaskStatus)
 *
 * Environment: REST_BENCH_CALLS (default 2000), REST_BENCH_ROUNDS (default 5).
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const CALLS = Number(process.env['REST_BENCH_CALLS'] ?? 2000);
const ROUNDS = Number(process.env['REST_BENCH_ROUNDS'] ?? 5);
const WARMUP_CALLS = 1000;
const TASK_ID = '55108039-e3bf-409b-bad5-f4982b2f1c02';
const TOKEN = 'bench-token';
const BODY = JSON.stringify({
  id: TASK_ID,
  status: 'COMPLETE',
  outputs: [{ name: 'out.png', url: 'https://files.example/out.png' }],
  started_at: '2026-01-01T00:00:00Z',
  ended_at: '2026-01-01T00:00:05Z',
  expires_in: 3600,
});

// ------------------------------------------------------------------------------ server

function serve(): void {
  const body = Buffer.from(BODY);
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

// ------------------------------------------------------------------------------ client

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * esbuild-minified (bundled, browser) + gzip level 9 bytes of `entry` (source text), resolved from
 * generated/: the whole REST runtime (generated/dist/runtime/http.js, every entry point) or one call.
 */
export async function bundledGzipBytes(contents: string): Promise<number> {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('../generated/', import.meta.url)), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

/** Interleaved rounds of two contenders (ABBA order per pair of calls); medians of all calls. */
async function compare(label: string, ours: () => Promise<unknown>, raw: () => Promise<unknown>, rounds: number): Promise<{ ours: number; raw: number }> {
  const oursTimes: number[] = [];
  const rawTimes: number[] = [];
  const time = async (fn: () => Promise<unknown>, into: number[]): Promise<void> => {
    const t0 = performance.now();
    await fn();
    into.push(performance.now() - t0);
  };
  for (let round = 1; round <= rounds; round++) {
    const roundOurs: number[] = [];
    const roundRaw: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      if (i % 2 === 0) {
        await time(ours, roundOurs);
        await time(raw, roundRaw);
      } else {
        await time(raw, roundRaw);
        await time(ours, roundOurs);
      }
    }
    oursTimes.push(...roundOurs);
    rawTimes.push(...roundRaw);
    const [mo, mr] = [median(roundOurs), median(roundRaw)];
    console.log(`${label}round ${round}: ours ${(mo * 1000).toFixed(1)} µs, raw ${(mr * 1000).toFixed(1)} µs, ratio ${(mo / mr).toFixed(3)}`);
  }
  return { ours: median(oursTimes), raw: median(rawTimes) };
}

async function main(): Promise<void> {
  const { getTaskStatus } = await import('../generated/dist/beam/index.js');
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
  });
  const origin = `http://127.0.0.1:${port}`;
  const options = { baseUrl: origin, auth: { bearerAuth: TOKEN } };
  const rawUrl = `${origin}/v2/task/${TASK_ID}/`;
  // What the generated function sends (checked below against its onRequest): the same method, URL and headers.
  const rawInit: RequestInit = { method: 'GET', headers: { accept: 'application/json, */*;q=0.5', authorization: `Bearer ${TOKEN}` } };

  const ours = async (): Promise<unknown> => (await getTaskStatus({ path: { task_id: TASK_ID } }, options)).data;
  const raw = async (): Promise<unknown> => {
    const res = await fetch(rawUrl, rawInit);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as unknown;
  };

  // The same pair with a timeout on every call: our AbortController + timer against
  // `AbortSignal.timeout` on the raw fetch (both hand a signal to fetch). Informational.
  const oursTimed = async (): Promise<unknown> => (await getTaskStatus({ path: { task_id: TASK_ID } }, { ...options, timeoutMs: 30_000 })).data;
  const rawTimed = async (): Promise<unknown> => {
    const res = await fetch(rawUrl, { ...rawInit, signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as unknown;
  };

  try {
    const [a, b] = [await ours(), await raw()];
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('the two contenders got different answers');
    const list = (headers: Headers): string => {
      const lines: string[] = [];
      headers.forEach((value, name) => {
        lines.push(`${name}: ${value}`);
      });
      return lines.join('; ');
    };
    let sent = '';
    await getTaskStatus({ path: { task_id: TASK_ID } }, { ...options, onRequest: (r) => void (sent = `${r.method} ${r.url} ${list(r.headers)}`) });
    const expected = `GET ${rawUrl} ${list(new Headers(rawInit.headers))}`;
    if (sent !== expected) throw new Error(`the two contenders send different requests:\n${sent}\n${expected}`);
    for (let i = 0; i < WARMUP_CALLS; i++) {
      await ours();
      await raw();
      await oursTimed();
      await rawTimed();
    }
    const plain = await compare('', ours, raw, ROUNDS);
    const timed = await compare('with timeoutMs: ', oursTimed, rawTimed, Math.max(1, Math.ceil(ROUNDS / 2)));
    console.log(`${ROUNDS} rounds × ${CALLS} calls each: median ours ${(plain.ours * 1000).toFixed(1)} µs, raw ${(plain.raw * 1000).toFixed(1)} µs per call`);
    console.log(`rest-overhead ratio with timeoutMs (informational): ${(timed.ours / timed.raw).toFixed(3)}`);
    console.log(`rest-overhead ratio: ${(plain.ours / plain.raw).toFixed(3)}`);
    console.log(`rest-runtime gzip bytes: ${await bundledGzipBytes("export * from './dist/runtime/http.js';")}`);
    console.log(
      `rest-one-call gzip bytes: ${await bundledGzipBytes("import { getTaskStatus } from './dist/beam/index.js'; getTaskStatus({ path: { task_id: 'x' } }, { auth: { bearerAuth: 't' } }).then((r) => console.log(r.data));")}`,
    );
  } finally {
    child.disconnect();
    child.kill();
  }
}

if (process.argv.includes('--server')) serve();
else await main();
