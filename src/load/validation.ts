import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { codeCacheDir } from '../cli/code-cache.js';
import type { RefPolicy } from './check-refs.js';
import { SpecError, type SpecWarning } from './errors.js';

export interface ValidationJob {
  id: number;
  file: string;
  policy: RefPolicy;
}

export interface ValidationReply {
  id: number;
  /** The document is usable: what breaks its standard. */
  warnings?: SpecWarning[];
  error?: { file: string; problem: string; pointer: string | undefined; line: number | undefined };
  /** An exception that is not a SpecError: a bug, reported as such. */
  internal?: string;
  /** The internal error's stack (shown with SPECWEAVE_DEBUG only). */
  stack?: string;
}

/**
 * Validation on the second core: one worker thread per process, started on the first job,
 * validates documents (validate-worker.ts) while the caller goes on building and emitting, and
 * stays for later runs (watch mode, tests): the parsers it loads are most of its cost. It holds
 * the process open only while a job is pending. The promise resolves with the document's
 * warnings when it is usable and rejects with its SpecError when not.
 */
export function validateInWorker(file: string, policy: RefPolicy): Promise<SpecWarning[]> {
  shared ??= new ValidationWorker();
  return shared.validate(file, policy);
}

/**
 * Starts the worker ahead of the first job (the CLI calls this before it loads the generator,
 * so the worker's start-up overlaps the main thread's), and has it load the AsyncAPI parser
 * at once when one of `files` looks like an AsyncAPI document (a top-level `asyncapi` key near
 * the start; a wrong guess only costs or saves that head start).
 */
export async function prepareValidation(files: readonly string[]): Promise<void> {
  shared ??= new ValidationWorker();
  shared.start();
  const heads = await Promise.all(files.map((file) => head(file)));
  if (heads.some((text) => /(?:^|[\n{,])\s*["']?asyncapi["']?\s*:/.test(text))) shared.preloadAsyncApi();
}

async function head(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

let shared: ValidationWorker | undefined;

class ValidationWorker {
  private worker: Worker | undefined;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (warnings: SpecWarning[]) => void; reject: (error: Error) => void }>();

  validate(file: string, policy: RefPolicy): Promise<SpecWarning[]> {
    const worker = this.start();
    const id = this.next++;
    if (this.pending.size === 0) worker.ref();
    return new Promise<SpecWarning[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, file, policy } satisfies ValidationJob);
    });
  }

  preloadAsyncApi(): void {
    this.start().postMessage('preload-asyncapi');
  }

  start(): Worker {
    if (this.worker) return this.worker;
    // Run from TypeScript sources (tsx, as the CLI is), the worker registers tsx's loader in
    // itself (tsx's API by absolute URL, resolved only then: an installed package has no tsx)
    // before importing its entry; compiled, it imports the JavaScript directly.
    const fromSources = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSources ? './validate-worker.ts' : './validate-worker.js', import.meta.url).href;
    const worker = fromSources
      ? new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
          { eval: true },
        )
      : new Worker(new URL(entry), { workerData: { codeCache: codeCacheDir() } });
    worker.on('message', (reply: ValidationReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.error) job.reject(new SpecError(reply.error.file, reply.error.problem, { pointer: reply.error.pointer, line: reply.error.line }));
      else if (reply.internal !== undefined) {
        // The message names no installation path; the worker's stack is kept for SPECWEAVE_DEBUG.
        const error = new Error(`validation failed unexpectedly: ${reply.internal}`);
        if (reply.stack !== undefined) error.stack = reply.stack;
        job.reject(error);
      } else job.resolve(reply.warnings ?? []);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the validation worker stopped (exit code ${code})`)));
    // Idle until a job is pending (a started but unused worker must not keep the process alive).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** The worker died: every pending job fails, and the next job starts a new worker. */
  private fail(error: Error): void {
    this.worker = undefined;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}
