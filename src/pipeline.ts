import { relative, resolve } from 'node:path';
import { buildModel } from './build/index.js';
import { emitPackage } from './emit/index.js';
import type { Config } from './load/config.js';
import { StrictModeError, type SpecWarning } from './load/errors.js';
import { loadDocument } from './load/index.js';
import type { ApiModel } from './model/ir.js';

export const GENERATOR = 'specweave 0.1.0';

export interface GenerateResult {
  models: ApiModel[];
  files: Map<string, string>;
  /** Problems in usable documents, per document in config order (see `Config.strict`). */
  warnings: SpecWarning[];
  /** Milliseconds per phase. */
  timings: { load: number; build: number; emit: number };
}

/**
 * The pipeline: load and validate each document → build the model → emit the package files.
 * Writing is the caller's (the CLI writes atomically or compares for --check). With
 * `config.strict`, any warning stops it with a `StrictModeError` that lists them all.
 */
export async function generate(config: Config): Promise<GenerateResult> {
  const t0 = performance.now();
  const docs = await Promise.all(
    config.apis.map((api) => {
      const file = relative(process.cwd(), resolve(config.root, api.spec)) || api.spec;
      return loadDocument(file, { allowRemoteRefs: config.allowRemoteRefs, allowOutsideRefs: config.allowOutsideRefs });
    }),
  );
  const t1 = performance.now();
  const models = config.apis.map((api, i) => {
    const model = buildModel(api.name, docs[i]!);
    // Paths in the package are project-relative and use forward slashes on every platform.
    model.source.file = relative(config.root, resolve(config.root, api.spec)).split('\\').join('/');
    return model;
  });
  const warnings = docs.flatMap((doc) => doc.warnings);
  if (config.strict && warnings.length > 0) throw new StrictModeError(warnings);
  const t2 = performance.now();
  const files = emitPackage(models, config.package, GENERATOR);
  const t3 = performance.now();
  return { models, files, warnings, timings: { load: t1 - t0, build: t2 - t1, emit: t3 - t2 } };
}
