/**
 * Child-process measurement shared by the generator benchmarks: wall time and peak RSS of one
 * command, its exit code and the first part of its output.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f '%e %M' -o <file>`): the kernel's `ru_maxrss`
 * of the child, i.e. the largest single process of the command's tree (not a sum). When GNU time
 * is missing, `ensureGnuTime()` installs Debian's `time` package (as root); failing that, the
 * child's `VmHWM` is sampled from /proc every 50 ms (approximate; printed as such).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const GNU_TIME = '/usr/bin/time';

export interface RunResult {
  /** Exit code 0 and no timeout. */
  ok: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  wallMs: number;
  /** Peak resident set size in MiB, or undefined when it could not be measured. */
  rssMb: number | undefined;
  /** How rssMb was obtained. */
  rssSource: 'gnu-time' | 'vmhwm-sampling' | 'none';
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const OUTPUT_LIMIT = 256 * 1024;
let gnuTimeChecked: boolean | undefined;

/** Makes sure GNU time is there, installing Debian's `time` package when we are root. */
export function ensureGnuTime(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): boolean {
  if (gnuTimeChecked !== undefined) return gnuTimeChecked;
  if (!existsSync(GNU_TIME) && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('bench: /usr/bin/time missing; installing Debian package "time"');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-q'], { stdio: 'ignore', env });
    spawnSync('apt-get', ['install', '-y', '-q', 'time'], { stdio: 'ignore', env });
  }
  gnuTimeChecked = existsSync(GNU_TIME);
  if (!gnuTimeChecked) log('bench: GNU time unavailable; peak RSS sampled from /proc/<pid>/status VmHWM every 50 ms');
  return gnuTimeChecked;
}

function append(buffer: { text: string }, chunk: Buffer): void {
  if (buffer.text.length < OUTPUT_LIMIT) buffer.text += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - buffer.text.length);
}

/** Runs `command args` once and measures it. Never throws for a failing command. */
export async function measure(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const useTime = ensureGnuTime();
  const dir = await mkdtemp(join(tmpdir(), 'swb-time-'));
  const timeFile = join(dir, 'time.txt');
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%e %M', '-o', timeFile, command, ...args]] : [command, [...args]];
  const out = { text: '' };
  const err = { text: '' };
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (c: Buffer) => append(out, c));
  child.stderr.on('data', (c: Buffer) => append(err, c));
  let sampledKb = 0;
  const sampler = useTime
    ? undefined
    : setInterval(() => {
        readFile(`/proc/${child.pid}/status`, 'utf8').then(
          (s) => {
            const m = /VmHWM:\s+(\d+)/.exec(s);
            if (m) sampledKb = Math.max(sampledKb, Number(m[1]));
          },
          () => undefined,
        );
      }, 50);
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, options.timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.on('error', (e) => {
      err.text += String(e);
      resolve([null, null]);
    });
    child.on('close', (c, s) => resolve([c, s]));
  });
  const wallMs = performance.now() - started;
  if (timer) clearTimeout(timer);
  if (sampler) clearInterval(sampler);
  let rssMb: number | undefined;
  let rssSource: RunResult['rssSource'] = 'none';
  if (useTime) {
    const text = await readFile(timeFile, 'utf8').catch(() => '');
    // GNU time writes "Command exited with non-zero status N" before the format line.
    const line = text.trim().split('\n').pop() ?? '';
    const m = /^([\d.]+) (\d+)$/.exec(line);
    if (m) {
      rssMb = Number(m[2]) / 1024;
      rssSource = 'gnu-time';
    }
  } else if (sampledKb > 0) {
    rssMb = sampledKb / 1024;
    rssSource = 'vmhwm-sampling';
  }
  await rm(dir, { recursive: true, force: true });
  return { ok: code === 0 && !timedOut, code, signal, timedOut, wallMs, rssMb, rssSource, stdout: out.text, stderr: err.text };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a';
}

export function mib(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : `${Math.round(value)} MB`;
}

export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : 'n/a';
}

/** `load average: 1m 5m 15m (N cores)` — other processes share the machine. */
export function loadLine(): string {
  const [a = 0, b = 0, c = 0] = loadavg();
  const cores = spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim() || '?';
  return `load average: ${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} (${cores} cores)`;
}

/** First `n` non-empty lines of a command's output, without terminal colours. */
export function firstLines(text: string, n = 6): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour escapes
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '')
      .slice(0, n)
      .join('\n')
  );
}

/** specweave's own phase line: `phases: load X ms, model Y ms, emit Z ms, then waited W ms for validation …`. */
export function parsePhases(stdout: string): { load: number; build: number; emit: number; validationWait: number } | undefined {
  const m = /phases: load (\d+) ms, model (\d+) ms, emit (\d+) ms, then waited (\d+) ms for validation/.exec(stdout);
  return m ? { load: Number(m[1]), build: Number(m[2]), emit: Number(m[3]), validationWait: Number(m[4]) } : undefined;
}
