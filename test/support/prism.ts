/**
 * Runs Stoplight Prism (`@stoplight/prism-cli`, a devDependency) as a child process: `prism mock
 * <spec> -h 127.0.0.1 -p <free port> --errors`, so requests that violate the document are
 * answered with an error (422 and a problem+json body listing the violations) instead of a
 * mock response with an `sl-violations` header.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface PrismServer {
  /** e.g. http://127.0.0.1:54321 */
  url: string;
  /** Everything Prism printed so far (its request log). */
  output(): string;
  stop(): Promise<void>;
}

/** The installed Prism CLI's entry script. */
export function prismEntry(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('@stoplight/prism-cli/package.json');
  } catch {
    throw new Error('Prism is not installed: it is the devDependency "@stoplight/prism-cli": "5.14.2" (run npm install)');
  }
  const bin = (require(manifest) as { bin: string | Record<string, string> }).bin;
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin['prism']!);
}

/** A port that was free a moment ago (Prism takes a port number, not 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startPrism(spec: string, options: { cwd: string; timeoutMs?: number }): Promise<PrismServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [prismEntry(), 'mock', spec, '-h', '127.0.0.1', '-p', String(port), '--errors'], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Prism did not start within ${options.timeoutMs ?? 60_000} ms:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    const check = (): void => {
      if (output.includes('Prism is listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (code ${code}) before listening:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
