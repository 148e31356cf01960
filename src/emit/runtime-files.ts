import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The hand-written runtime, copied verbatim into `src/runtime/` of the package. */
export const RUNTIME_FILES = ['http.ts', 'channel.ts', 'pusher-protocol.ts'] as const;

const RUNTIME_HEADER = '// specweave runtime, copied from specweave\'s src/runtime. Do not edit: run `npm run generate`.\n';

export function emitRuntimeFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of RUNTIME_FILES) {
    const source = readFileSync(fileURLToPath(new URL(`../runtime/${name}`, import.meta.url)), 'utf8');
    files.set(`src/runtime/${name}`, RUNTIME_HEADER + source);
  }
  return files;
}
