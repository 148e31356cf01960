/**
 * specweave-gen's programmatic API: `import { generate, defineConfig } from 'specweave-gen'`.
 */
import { resolve } from 'node:path';
import { type ApiEntry, apiNameFor, type Config, checkConfig, defineConfig, loadConfig, type UserConfig } from './load/config.js';
import { SpecError, type SpecWarning, StrictModeError } from './load/errors.js';
import { VERSION } from './version.js';

export type { ApiEntry, SpecWarning, UserConfig };
export { defineConfig, SpecError, StrictModeError, VERSION };

export interface GenerateOptions {
  /** A config file to read (JSON, `.ts`, `.js`, `.mjs`); the other options then override it. */
  config?: string;
  /** The APIs, as in a config; or use `input`. */
  apis?: ApiEntry[];
  /** One or more OpenAPI/AsyncAPI documents; each API is named after its file (`beam.openapi.yaml` → `beam`). */
  input?: string | string[];
  /** Output folder. Needed to write; without it nothing is written and only the files are returned. */
  output?: string;
  /** package.json fields of the generated package (default name: from the output folder). */
  package?: UserConfig['package'];
  /** Folder the paths are relative to (default: the config's folder, else the working folder). */
  root?: string;
  allowRemoteRefs?: boolean;
  allowOutsideRefs?: boolean;
  strict?: boolean;
  /** Write into an output folder holding files specweave did not generate. */
  force?: boolean;
  /** Write the files into `output` (default: true when `output` is given). */
  write?: boolean;
}

export interface GenerateOutput {
  /** Every generated file by its path in the output folder ('/'-separated). */
  files: Map<string, string>;
  /** Problems in usable documents (with `strict` they are thrown instead, as a `StrictModeError`). */
  warnings: SpecWarning[];
  /** Per API: its name, the document's kind and the counts of operations and channels. */
  apis: Array<{ name: string; kind: 'openapi' | 'asyncapi'; operations: number; channels: number }>;
  /** Absolute path of the folder written, when written. */
  written?: string;
}

/**
 * Generates the client package. Bad input throws a `SpecError` (its message names the file and
 * the place); nothing is written then.
 */
export async function generate(options: GenerateOptions): Promise<GenerateOutput> {
  const config = await resolveOptions(options);
  const { generate: run, protectedPaths } = await import('./pipeline.js');
  const result = await run(config);
  const write = options.write ?? options.output !== undefined;
  const output: GenerateOutput = {
    files: result.files,
    warnings: result.warnings,
    apis: result.models.map((m) => ({ name: m.name, kind: m.source.kind, operations: m.operations.length, channels: m.channels.length })),
  };
  if (write) {
    const out = resolve(config.root, config.output);
    const { writeOutput } = await import('./write/output.js');
    await writeOutput(out, result.files, {
      root: config.root,
      force: config.force === true,
      protect: protectedPaths(config, result, options.config === undefined ? undefined : resolve(options.root ?? '.', options.config)),
    });
    output.written = out;
  }
  return output;
}

async function resolveOptions(options: GenerateOptions): Promise<Config> {
  const { config: file, input, write, root: givenRoot, ...rest } = options;
  const base: Record<string, unknown> = {};
  let root = resolve(givenRoot ?? '.');
  let source = 'generate() options';
  if (file !== undefined) {
    const loaded = await loadConfig(resolve(root, file));
    root = loaded.root;
    source = `generate() options (with ${file})`;
    Object.assign(base, {
      output: loaded.output,
      package: loaded.package,
      apis: loaded.apis,
      allowRemoteRefs: loaded.allowRemoteRefs,
      allowOutsideRefs: loaded.allowOutsideRefs,
    });
    if (loaded.strict) base['strict'] = true;
    if (loaded.force) base['force'] = true;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) merged[key] = value;
  if (input !== undefined) merged['apis'] = apisFromInputs(typeof input === 'string' ? [input] : input);
  // Returning files only needs no real output folder.
  if (merged['output'] === undefined && write !== true) {
    merged['output'] = 'api-client';
  }
  return checkConfig(merged, { source, root, rootIsConfigFolder: file !== undefined });
}

/** APIs for a list of documents, named after their files (`beam.openapi.yaml` → `beam`; a clash gets `-2`). */
export function apisFromInputs(inputs: readonly string[]): ApiEntry[] {
  const used = new Set<string>();
  return inputs.map((spec) => {
    const base = apiNameFor(spec);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return { name, spec };
  });
}
