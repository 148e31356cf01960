/**
 * Child processes as a user starts them: the CLI (`node --import tsx src/cli/main.ts`) or any
 * command, with colour off, collecting stdout and stderr. Processes still running when a test
 * file ends (a test timed out) are killed by `stopAll()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
