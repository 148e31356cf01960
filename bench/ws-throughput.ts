/**
 * WebSocket receive throughput: a generated channel class (frame → JSON.parse → match the
 * message → typed listener) against raw `ws` with JSON.parse and one plain callback, both fed
 * the same stream by a loopback `ws` server.
 *
 *   npm run bench:ws        (node --import tsx bench/ws-throughput.ts)
 *
 * The server runs in a child process (this file with `--server`), so on two cores it does not
 * compete with the client for the CPU. It accepts the upgrade with `ws` and then writes
 * pre-built, unmasked text frames straight to the TCP socket in 256 KiB chunks, waiting for
 * `drain` (backpressure): sending costs next to nothing, so the client is what is measured.
 * The client counts from the first message received to the last.
 *
 * Scenarios: Golem's worker-connect stream (V1ComponentsWorkersConnectChannel: ten receive
 * messages matched by key; mostly `{"StdOut":{"timestamp":…,"bytes":[…]}}`, with StdErr,
 * Log, InvocationStart and InvocationFinished mixed in) and Beam realtime's single-message
 * channel (BeamRealtimeChannel, with its `{"type":"ping"}` heartbeat filter). After a warm-up,
 * each scenario runs ROUNDS rounds per contender, interleaved (ABBA order), and reports the
 * medians.
 *
 * All of that runs in PROCESSES client processes one after another (each with its own server),
 * and each scenario's ratio is the median of the processes' ratios. On this 2-core VM the ratio
 * of one process has swung from 0.83 to 1.16 for the same code (30 rounds each; the swing is
 * between processes, not rounds), so one process alone said little. Every process's figures are
 * printed. The last line, `ws-throughput ratio: X`, is ours/raw for the worse scenario.
 *
 * Environment: WS_BENCH_MESSAGES (default 200000), WS_BENCH_ROUNDS (default 9),
 * WS_BENCH_PROCESSES (default 5).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { BeamRealtimeChannel } from '../generated/dist/beam-realtime/index.js';
import { V1ComponentsWorkersConnectChannel } from '../generated/dist/golem-worker-connect/index.js';

const MESSAGES = Number(process.env['WS_BENCH_MESSAGES'] ?? 200_000);
const ROUNDS = Number(process.env['WS_BENCH_ROUNDS'] ?? 9);
const PROCESSES = Math.max(1, Number(process.env['WS_BENCH_PROCESSES'] ?? 5));
const WARMUP_MESSAGES = Math.min(MESSAGES, 100_000);
const CHUNK_BYTES = 256 * 1024;
const ROUND_TIMEOUT_MS = 20_000;

type Scenario = 'golem' | 'beam';

// ------------------------------------------------------------------------------ messages

/** The i-th message of a scenario's stream, as JSON text (deterministic). */
function message(scenario: Scenario, i: number): string {
  const timestamp = new Date(Date.UTC(2025, 0, 1, 0, 0, 0, i % 1000)).toISOString();
  const text = `line ${i} of worker output\n`;
  const bytes = Array.from(text, (c) => c.charCodeAt(0));
  if (scenario === 'beam') {
    return JSON.stringify({ id: i, token: text.trim(), done: false, usage: { prompt_tokens: 12, completion_tokens: i % 512 } });
  }
  const kind = i % 20;
  if (kind < 14) return JSON.stringify({ StdOut: { timestamp, bytes } });
  if (kind < 16) return JSON.stringify({ StdErr: { timestamp, bytes } });
  if (kind < 18) return JSON.stringify({ Log: { timestamp, level: 'Info', context: 'worker', message: text.trim() } });
  if (kind === 18) return JSON.stringify({ InvocationStart: { timestamp, function: 'golem:it/api.{run}', idempotency_key: `key-${i}` } });
  return JSON.stringify({ InvocationFinished: { timestamp, function: 'golem:it/api.{run}', idempotency_key: `key-${i}` } });
}

/** One unmasked, final text frame (server to client). */
function frame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const n = payload.length;
  const header = n < 126 ? Buffer.from([0x81, n]) : n < 65_536 ? Buffer.from([0x81, 126, n >> 8, n & 0xff]) : undefined;
  if (!header) throw new Error('bench messages are small');
  return Buffer.concat([header, payload]);
}

// -------------------------------------------------------------------------------- server

/** The child process: a `ws` server that streams `n` frames to each connection, then idles. */
async function runServer(): Promise<void> {
  const streams = new Map<string, Buffer>();
  const stream = (scenario: Scenario, n: number): Buffer => {
    const key = `${scenario}:${n}`;
    let buffer = streams.get(key);
    if (!buffer) {
      // 1000 distinct messages, repeated: realistic variety without 200k JSON.stringify calls.
      const distinct = Array.from({ length: 1000 }, (_, i) => frame(message(scenario, i)));
      buffer = Buffer.concat(Array.from({ length: n }, (_, i) => distinct[i % distinct.length]!));
      streams.set(key, buffer);
    }
    return buffer;
  };
  const http = createServer((_, response) => response.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (request, socket: Socket, head) => {
    // The base path the client was given: /<scenario>/<n>/...
    const [, scenario, count] = (request.url ?? '').split('/');
    const n = Number(count);
    if ((scenario !== 'golem' && scenario !== 'beam') || !Number.isInteger(n) || n <= 0) {
      socket.destroy();
      return;
    }
    const data = stream(scenario, n);
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => undefined);
      socket.setNoDelay(true);
      // `ws` wrote the 101 response; the frames follow on the same socket, as fast as it drains.
      let offset = 0;
      const pump = (): void => {
        while (offset < data.length && !socket.destroyed) {
          const chunk = data.subarray(offset, offset + CHUNK_BYTES);
          offset += chunk.length;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  process.send!({ port: (http.address() as AddressInfo).port });
  process.on('disconnect', () => process.exit(0));
}

// -------------------------------------------------------------------------------- client

interface Measurement {
  messages: number;
  ms: number;
  msgsPerSecond: number;
  /** Messages per second of the client process's CPU time (user + system) over the same span. */
  msgsPerCpuSecond: number;
}

type Contender = 'ours' | 'raw';

/** Receives `n` messages with one contender; time from the first message to the last. */
function receive(port: number, scenario: Scenario, contender: Contender, n: number): Promise<Measurement> {
  const base = `ws://127.0.0.1:${port}/${scenario}/${n}`;
  return new Promise<Measurement>((resolve, reject) => {
    let count = 0;
    let first = 0;
    let cpuAtFirst = process.cpuUsage();
    let close: () => void = () => undefined;
    const timeout = setTimeout(() => {
      close();
      reject(new Error(`${scenario}/${contender}: ${count} of ${n} messages within ${ROUND_TIMEOUT_MS} ms`));
    }, ROUND_TIMEOUT_MS);
    const done = (): void => {
      const ms = performance.now() - first;
      const cpu = process.cpuUsage(cpuAtFirst);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      clearTimeout(timeout);
      close();
      resolve({ messages: n, ms, msgsPerSecond: ((n - 1) / ms) * 1000, msgsPerCpuSecond: ((n - 1) / cpuMs) * 1000 });
    };
    // The same per-message work on both sides: count, and keep the payload reachable.
    let sink: unknown;
    const onMessage = (payload: unknown): void => {
      if (count === 0) {
        first = performance.now();
        cpuAtFirst = process.cpuUsage();
      }
      sink = payload;
      if (++count === n) done();
    };

    if (contender === 'raw') {
      const socket = new WebSocket(base + (scenario === 'golem' ? '/v1/components/c/workers/a/connect' : '/'));
      socket.on('message', (data: WebSocket.RawData) => onMessage(JSON.parse(data.toString())));
      socket.on('error', (error) => {
        clearTimeout(timeout);
        reject(error);
      });
      close = () => socket.terminate();
    } else if (scenario === 'golem') {
      const channel = new V1ComponentsWorkersConnectChannel({ component_id: 'c', agent_name: 'a' }, { WebSocket, url: base, reconnect: false });
      // Typed listeners for every message kind the stream carries.
      channel.onStdOut(onMessage);
      channel.onStdErr(onMessage);
      channel.onLog(onMessage);
      channel.onInvocationStart(onMessage);
      channel.onInvocationFinished(onMessage);
      channel.on('$unknown', (event) => {
        clearTimeout(timeout);
        channel.close();
        reject(new Error(`unexpected $unknown: ${event.reason}`));
      });
      channel.connect().catch(reject);
      close = () => channel.close();
    } else {
      const channel = new BeamRealtimeChannel({ WebSocket, url: base, reconnect: false });
      channel.onRealtimeOutput(onMessage);
      channel.connect().catch(reject);
      close = () => channel.close();
    }
    void sink;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const format = (n: number): string => Math.round(n).toLocaleString('en-US');

type Ratios = Array<{ scenario: Scenario; ratio: number }>;

/** One client process: both scenarios against its own server; its ratios go to the parent. */
async function runClient(): Promise<void> {
  const server: ChildProcess = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('message', (m) => resolve((m as { port: number }).port));
      server.once('error', reject);
      server.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    });
    console.log(`ws-throughput: ${format(MESSAGES)} messages per round, ${ROUNDS} rounds per contender (interleaved) after a warm-up; node ${process.version}`);

    const ratios: Ratios = [];
    for (const scenario of ['golem', 'beam'] as const) {
      const label =
        scenario === 'golem'
          ? 'golem-worker-connect (V1ComponentsWorkersConnectChannel, 10 messages by key)'
          : 'beam-realtime (BeamRealtimeChannel, 1 message + ping filter)';
      console.log(`\n${label}`);
      // Warm-up: JIT both paths (and the server's frame cache) before anything counts.
      for (const contender of ['ours', 'raw', 'ours', 'raw'] as const) await receive(port, scenario, contender, WARMUP_MESSAGES);
      const results: Record<Contender, number[]> = { ours: [], raw: [] };
      const cpuResults: Record<Contender, number[]> = { ours: [], raw: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const order: Contender[] = round % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
        const line: string[] = [];
        for (const contender of order) {
          const m = await receive(port, scenario, contender, MESSAGES);
          results[contender].push(m.msgsPerSecond);
          cpuResults[contender].push(m.msgsPerCpuSecond);
          line.push(`${contender} ${format(m.msgsPerSecond)} msgs/s (${m.ms.toFixed(0)} ms)`);
        }
        console.log(`  round ${round + 1}: ${line.join(', ')}`);
      }
      const ours = median(results.ours);
      const raw = median(results.raw);
      const ratio = ours / raw;
      ratios.push({ scenario, ratio });
      console.log(`  median ours (generated channel): ${format(ours)} msgs/s`);
      console.log(`  median raw (ws + JSON.parse):    ${format(raw)} msgs/s`);
      console.log(`  ${scenario} ratio: ${ratio.toFixed(2)}`);
      // Per CPU second of the client process: what each contender costs per message, less moved
      // by other processes and the VM's steal time than wall-clock throughput (informational).
      console.log(`  ${scenario} cpu ratio (informational): ${(median(cpuResults.ours) / median(cpuResults.raw)).toFixed(2)}`);
    }
    process.send?.(ratios);
  } finally {
    server.disconnect?.();
    server.kill();
  }
}

/** PROCESSES client processes in turn; per scenario the median of their ratios. */
async function runAll(): Promise<void> {
  const started = performance.now();
  const per: Record<Scenario, number[]> = { golem: [], beam: [] };
  for (let i = 1; i <= PROCESSES; i++) {
    console.log(`\n=== client process ${i} of ${PROCESSES}`);
    const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ratios = await new Promise<Ratios>((resolve, reject) => {
      let got: Ratios | undefined;
      child.once('message', (m) => {
        got = m as Ratios;
      });
      child.once('error', reject);
      child.once('exit', (code) => (got !== undefined && code === 0 ? resolve(got) : reject(new Error(`client process ${i} exited (${code})`))));
    });
    for (const { scenario, ratio } of ratios) per[scenario].push(ratio);
  }
  console.log('');
  const ratios: Ratios = [];
  for (const scenario of ['golem', 'beam'] as const) {
    const ratio = median(per[scenario]);
    ratios.push({ scenario, ratio });
    console.log(`${scenario} ratio per process: ${per[scenario].map((r) => r.toFixed(2)).join(', ')}; median ${ratio.toFixed(2)}`);
  }
  const worst = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  console.log(
    `total ${((performance.now() - started) / 1000).toFixed(1)} s; the ratio below is the worse scenario's (${worst.scenario}), median over ${PROCESSES} processes`,
  );
  console.log(`ws-throughput ratio: ${worst.ratio.toFixed(2)}`);
}

if (process.argv.includes('--server')) {
  await runServer();
} else if (process.argv.includes('--client')) {
  await runClient();
} else {
  await runAll();
}
