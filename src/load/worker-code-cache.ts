/**
 * The validation worker's first import: turns V8's code cache on in the worker when the main
 * thread has it on (see src/cli/code-cache.ts), before the validators are loaded.
 */
import { workerData } from 'node:worker_threads';
import { enableCodeCache } from '../cli/code-cache.js';

const dir = (workerData as { codeCache?: unknown } | null | undefined)?.codeCache;
if (typeof dir === 'string') enableCodeCache(dir, false);
