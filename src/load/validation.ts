import { Worker } from 'node:worker_threads';
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

  private start(): Worker {
    if (this.worker) return this.worker;
    // Run from TypeScript sources (tsx, as the CLI is), the worker registers tsx's loader in
    // itself before importing its entry; compiled, it imports the JavaScript directly.
    const fromSources = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSources ? './validate-worker.ts' : './validate-worker.js', import.meta.url).href;
    const worker = fromSources
      ? new Worker(`import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true })
      : new Worker(new URL(entry));
    worker.on('message', (reply: ValidationReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.error) job.reject(new SpecError(reply.error.file, reply.error.problem, { pointer: reply.error.pointer, line: reply.error.line }));
      else if (reply.internal !== undefined) job.reject(new Error(`validation failed unexpectedly: ${reply.internal}`));
      else job.resolve(reply.warnings ?? []);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the validation worker stopped (exit code ${code})`)));
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

/** tsx's register API by absolute URL, so the worker finds it whatever the working folder. */
const TSX_API = import.meta.resolve('tsx/esm/api');
