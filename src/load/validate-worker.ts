/**
 * Worker-thread entry: validates documents against their standard while the main thread builds
 * and emits (validation is the one step emission does not need, and the AsyncAPI parser alone
 * costs most of a second to load). Each job names a file; the worker reads it again itself
 * (parsing in parallel is cheaper than copying a parsed document across threads) and answers
 * with nothing or the SpecError's parts.
 */
import './worker-code-cache.js';
import { parentPort } from 'node:worker_threads';
import { flushCodeCache } from '../cli/code-cache.js';
import { SpecError } from './errors.js';
import { loadDocument } from './index.js';
import { preloadAsyncApiParser } from './validate-asyncapi.js';
import type { ValidationJob, ValidationReply } from './validation.js';

parentPort?.on('message', (job: ValidationJob | 'preload-asyncapi') => {
  if (job === 'preload-asyncapi') preloadAsyncApiParser();
  else
    void validate(job).then((reply) => {
      parentPort?.postMessage(reply);
      // New code cache data is written once the modules a job needed have run (see code-cache.ts).
      flushCodeCache();
    });
});

async function validate(job: ValidationJob): Promise<ValidationReply> {
  try {
    const { warnings } = await loadDocument(job.file, job.policy, true);
    return { id: job.id, warnings };
  } catch (error) {
    if (error instanceof SpecError) return { id: job.id, error: { file: error.file, problem: error.problem, pointer: error.pointer, line: error.line } };
    const message = error instanceof Error ? error.message : String(error);
    return { id: job.id, internal: message.split('\n')[0] ?? message, ...(error instanceof Error && error.stack !== undefined && { stack: error.stack }) };
  }
}
