import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An Ajv validate function: false, with `errors` set, when the data breaks the schema. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * The standards' JSON-schema validators compiled at build time (scripts/precompile-validators.mjs
 * writes dist/load/precompiled/NAME.cjs): compiling the AsyncAPI schema takes Ajv a few hundred
 * ms per document, loading its compiled code a few tens, once. Undefined when there is no such
 * file (run from the sources, or a build without the postbuild step): the caller then lets the
 * library compile the schema, which gives the same verdicts.
 */
export function precompiledValidator(name: string, entry: string): CompiledValidator | undefined {
  let module = loaded.get(name);
  if (!loaded.has(name)) {
    const file = join(folder, `${name}.cjs`);
    module = existsSync(file) ? (requireHere(file) as Record<string, CompiledValidator>) : undefined;
    loaded.set(name, module);
  }
  return module?.[entry];
}

/** Where the validators are looked for (tests point it at ones they wrote; `undefined`: the default). */
export function setPrecompiledFolder(dir: string | undefined): void {
  folder = dir ?? DEFAULT_FOLDER;
  loaded.clear();
}

const DEFAULT_FOLDER = fileURLToPath(new URL('./precompiled/', import.meta.url));
let folder = DEFAULT_FOLDER;
const loaded = new Map<string, Record<string, CompiledValidator> | undefined>();
const requireHere = createRequire(import.meta.url);
