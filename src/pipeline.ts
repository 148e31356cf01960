import { dirname, relative, resolve } from 'node:path';
import { emitPackage } from './emit/index.js';
import type { ApiEntry, Config } from './load/config.js';
import { type SpecWarning, StrictModeError } from './load/errors.js';
import { loadDocument } from './load/index.js';
import { validateInWorker } from './load/validation.js';
import type { ApiModel } from './model/ir.js';
import { parseModel } from './parse/index.js';
import { Warnings } from './parse/warnings.js';
import { GENERATOR } from './version.js';
import { hashInputs, unchanged } from './write/cache.js';
import { withManifest } from './write/output.js';

export { GENERATOR };

export interface GenerateResult {
  models: ApiModel[];
  files: Map<string, string>;
  /** Problems in usable documents, per document in config order (see `Config.strict`). */
  warnings: SpecWarning[];
  /**
   * Milliseconds per phase: reading and reference checks, building the models, emitting, and
   * the wait for validation (which runs on a worker thread during the build and emit).
   */
  timings: { load: number; build: number; emit: number; validationWait: number };
  /**
   * Absolute paths of every file the output depends on (config aside): each spec and every
   * file it references. Undefined when remote or outside-the-folder references are allowed.
   */
  inputs: string[] | undefined;
  /** Names of the APIs whose model was taken from `reuse` (their inputs had not changed). */
  reused: string[];
  /** Milliseconds per API (as `models`): its own load, build and emit (loads overlap, so these may sum past the run). */
  apiMs: number[];
}

/** Called as each API's emit finishes, with its own time (load + build + emit) so far. */
export type ApiDone = (model: ApiModel, ms: number) => void;

/** A model kept between runs (watch mode), valid while its inputs hash the same. */
export interface ReusableModel {
  inputs: Record<string, string>;
  model: ApiModel;
  warnings: SpecWarning[];
  /** The config's `perspective` the model was built with (a change rebuilds it). */
  perspective?: 'server' | 'client';
}

/**
 * The pipeline: load each document → build the model → emit the package files, with each
 * document validated against its standard on a worker thread meanwhile; nothing is returned
 * unless every document is usable. With `config.strict`, any warning (validation's or the
 * builder's) stops it with a `StrictModeError` that lists them all.
 * Writing is the caller's (the CLI writes atomically or compares for --check). `reuse` (by API
 * name) skips loading and building an API whose inputs are unchanged, and is updated in place.
 */
export async function generate(config: Config, reuse?: Map<string, ReusableModel>, onApiDone?: ApiDone): Promise<GenerateResult> {
  const t0 = performance.now();
  const apiMs = config.apis.map(() => 0);
  const listable = !config.allowRemoteRefs && !config.allowOutsideRefs;
  const kept = await Promise.all(config.apis.map(async (api) => (listable && reuse ? reusable(reuse.get(api.name), api.perspective) : undefined)));
  const policy = { allowRemoteRefs: config.allowRemoteRefs, allowOutsideRefs: config.allowOutsideRefs };
  const docs = await Promise.all(
    config.apis.map((api, i) => {
      if (kept[i]) return undefined;
      const file = relative(process.cwd(), resolve(config.root, api.spec)) || api.spec;
      // Remote documents are fetched once: validated here, on what the model is built from
      // (the worker would fetch them again, and a server may answer differently).
      const started = performance.now();
      return loadDocument(file, policy, config.allowRemoteRefs).then((doc) => {
        apiMs[i] = performance.now() - started;
        return doc;
      });
    }),
  );
  // Validation runs on the worker while this thread builds and emits; its verdict comes first:
  // a builder that trips over an invalid document must not hide what is wrong with it.
  const validated = Promise.allSettled(docs.map((doc) => (doc && !config.allowRemoteRefs ? validateInWorker(doc.file, policy) : [])));
  const t1 = performance.now();
  let output: { models: ApiModel[]; files: Map<string, string>; t2: number } | undefined;
  let failure: { error: unknown } | undefined;
  // Per API: what the builder and the emitters left out or guessed.
  const buildWarnings: Array<Warnings | undefined> = config.apis.map(() => undefined);
  try {
    const models = config.apis.map((api, i) => {
      if (kept[i]) return kept[i].model;
      const started = performance.now();
      const { model, warnings } = parseModel(api.name, docs[i]!, api.perspective === undefined ? {} : { perspective: api.perspective });
      buildWarnings[i] = new Warnings(docs[i]!.file, (pointer) => docs[i]!.lineOf(pointer));
      buildWarnings[i].list.push(...warnings);
      apiMs[i]! += performance.now() - started;
      // Paths in the package are project-relative and use forward slashes on every platform.
      model.source.file = relative(config.root, resolve(config.root, api.spec)).split('\\').join('/');
      return model;
    });
    const t2 = performance.now();
    const onModelEmitted = (model: ApiModel, ms: number): void => {
      const i = models.indexOf(model);
      apiMs[i]! += ms;
      onApiDone?.(model, apiMs[i]!);
    };
    const options = {
      ...(config.form && { form: config.form }),
      ...(config.regenerateCommand !== undefined && { regenerateCommand: config.regenerateCommand }),
      onModelEmitted,
      warn: (model: ApiModel, pointer: string, problem: string) => buildWarnings[models.indexOf(model)]?.add(pointer, problem),
    };
    // The output's manifest (which files specweave generated) is one of its files.
    output = { models, files: withManifest(emitPackage(models, config.package, GENERATOR, options)), t2 };
  } catch (error) {
    failure = { error };
  }
  const t3 = performance.now();
  const verdicts = await validated;
  const invalid = verdicts.find((r) => r.status === 'rejected');
  if (invalid) throw invalid.reason;
  if (failure || !output) throw failure?.error;
  // Per document: validation's warnings, then the builder's and the emitters'.
  const warningsByApi = config.apis.map((_, i) => {
    if (kept[i]) return kept[i].warnings;
    const verdict = verdicts[i]!;
    return [...(verdict.status === 'fulfilled' ? verdict.value : []), ...docs[i]!.warnings, ...(buildWarnings[i]?.list ?? [])];
  });
  const warnings = warningsByApi.flat();
  if (config.strict && warnings.length > 0) throw new StrictModeError(warnings);
  const t4 = performance.now();
  const { models, files, t2 } = output;
  const inputsByApi = listable ? config.apis.map((_, i) => (kept[i] ? Object.keys(kept[i].inputs) : docs[i]!.files)) : undefined;
  if (reuse && inputsByApi) {
    for (const [i, api] of config.apis.entries()) {
      if (kept[i]) continue;
      const inputs = await hashInputs(inputsByApi[i]!);
      if (inputs)
        reuse.set(api.name, {
          inputs,
          model: models[i]!,
          warnings: warningsByApi[i]!,
          ...(api.perspective === undefined ? {} : { perspective: api.perspective }),
        });
      else reuse.delete(api.name);
    }
  }
  return {
    models,
    files,
    warnings,
    timings: { load: t1 - t0, build: t2 - t1, emit: t3 - t2, validationWait: t4 - t3 },
    inputs: inputsByApi?.flat(),
    reused: config.apis.filter((_, i) => kept[i]).map((a) => a.name),
    apiMs,
  };
}

async function reusable(entry: ReusableModel | undefined, perspective: ApiEntry['perspective']): Promise<ReusableModel | undefined> {
  return entry && entry.perspective === perspective && (await unchanged(entry.inputs)) ? entry : undefined;
}

/**
 * What `writeOutput` must never write over or delete for this run: the config file and its
 * folder, each spec and its folder, and every file a spec references (as `protect`, with the
 * config's folder as `root`).
 */
export function protectedPaths(config: Config, result: Pick<GenerateResult, 'inputs'>, configFile?: string): string[] {
  const specs = config.apis.filter((a) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(a.spec)).map((a) => resolve(config.root, a.spec));
  return [...(configFile ? [resolve(configFile)] : []), config.root, ...specs, ...specs.map((s) => dirname(s)), ...(result.inputs ?? [])];
}
