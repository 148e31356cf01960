/**
 * Child processes as a user starts them: the CLI (`node --import tsx src/cli/main.ts`) or any
 * command, with colour off, collecting stdout and stderr. Processes still running when a test
 * file ends (a test timed out) are killed by `stopAll()`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'src', 'cli', 'main.ts');
/** tsx by absolute URL: the CLI runs with a temporary project as its working folder. */
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const running = new Set<ChildProcess>();

/** Runs a command to its end. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => {
      running.delete(child);
      done({ code, stdout, stderr });
    });
  });
}

/** Runs specweave's CLI (or another entry point `main`) in `cwd`; SPECWEAVE_DEBUG off, as a user has it. */
export function runCli(cwd: string, args: string[] = [], main = CLI): Promise<Run> {
  return run(process.execPath, ['--import', TSX, main, ...args], cwd, { SPECWEAVE_DEBUG: undefined });
}

/** Kills what is still running (for afterAll). */
export async function stopAll(): Promise<void> {
  const live = [...running].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(live.map((child) => new Promise((done) => child.once('close', done).kill('SIGKILL'))));
}

type Write = typeof process.stdout.write;
let queue: Promise<unknown> = Promise.resolve();
let cliMain: Promise<(argv: string[]) => Promise<number>> | undefined;

/**
 * The CLI's `main` called in this process, for tests whose point is what the CLI says and
 * writes, not the process: no node start, no tsx, no second load of ts-morph and the parsers
 * (a spawned CLI costs 2-4 s of CPU). The working folder is changed to `cwd` and stdout/stderr
 * are captured for the call, so calls are queued one at a time (process-wide state). Not for
 * --help, --version or unknown options: yargs ends the process on those.
 */
export function runCliInProcess(cwd: string, args: string[] = []): Promise<Run> {
  const call = queue.then(async (): Promise<Run> => {
    cliMain ??= (async () => {
      (globalThis as Record<symbol, unknown>)[Symbol.for('specweave.cli.in-process')] = true;
      return (await import('../../src/cli/main.js')).main;
    })();
    const main = await cliMain;
    const out = process.stdout;
    const err = process.stderr;
    const saved = { cwd: process.cwd(), out: out.write, err: err.write, outTty: out.isTTY, errTty: err.isTTY, debug: process.env['SPECWEAVE_DEBUG'] };
    let stdout = '';
    let stderr = '';
    const capture = (append: (text: string) => void): Write =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        done?.();
        return true;
      }) as Write;
    process.chdir(cwd);
    out.write = capture((t) => (stdout += t));
    err.write = capture((t) => (stderr += t));
    // As from a pipe: no progress lines, no spinner.
    out.isTTY = false;
    err.isTTY = false;
    delete process.env['SPECWEAVE_DEBUG'];
    try {
      const code = await main(args);
      return { code, stdout, stderr };
    } finally {
      process.chdir(saved.cwd);
      out.write = saved.out;
      err.write = saved.err;
      out.isTTY = saved.outTty;
      err.isTTY = saved.errTty;
      if (saved.debug !== undefined) process.env['SPECWEAVE_DEBUG'] = saved.debug;
    }
  });
  queue = call.catch(() => {});
  return call;
}
