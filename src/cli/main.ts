import { watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { inlineCode, regenerateCommand } from '../emit/regenerate.js';
import { loadConfig, type Config } from '../load/config.js';
import { SpecError, StrictModeError, type SpecWarning } from '../load/errors.js';
import type { GenerateResult, ReusableModel } from '../pipeline.js';
import { VERSION } from '../version.js';
import { hashInputs, isUpToDate, manifestPath, writeManifest } from '../write/cache.js';
import { WriteError, staleFiles, writeOutput } from '../write/output.js';

// The generator (ts-morph, the validators) is imported only when there is work to do, so
// `--help`, `--version` and a run whose inputs are unchanged start in a fraction of a second.

/** Command-line overrides of the config: they can only allow more (`$ref` policy) or be stricter. */
interface CliOverrides {
  allowRemoteRefs: boolean;
  allowOutsideRefs: boolean;
  strict: boolean;
}

interface Args extends CliOverrides {
  config: string;
  check: boolean;
  watch: boolean;
  cache: boolean;
}

async function main(argv: string[]): Promise<number> {
  const args = (await yargs(argv)
    .scriptName('specweave')
    .usage('$0 [options]\n\nGenerates a typed client package from the OpenAPI and AsyncAPI documents listed in the config.')
    .option('config', { alias: 'c', type: 'string', default: 'specweave.config.json', describe: 'config file listing the specs and the output folder' })
    .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 and name the stale files if the output differs from what the specs give' })
    .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'regenerate whenever a spec or the config changes (only the changed specs are read again)' })
    .option('cache', { type: 'boolean', default: true, describe: 'skip the work when no spec, config or generator file changed since the last run and the output is as that run left it (--no-cache: always regenerate)' })
    .option('allow-remote-refs', { type: 'boolean', default: false, describe: 'fetch $refs to http(s) URLs (refused by default: a spec is untrusted input)' })
    .option('strict', { type: 'boolean', default: false, describe: 'treat warnings (a usable spec that breaks a rule of its standard) as errors: exit 1, write nothing' })
    .option('allow-outside-refs', { type: 'boolean', default: false, describe: "follow $refs to files outside the spec's folder (refused by default)" })
    .version(VERSION)
    .strict()
    .help()
    .parseAsync()) as unknown as Args;

  const configFile = args.config;
  if (args.watch && args.check) {
    process.stderr.write('specweave: --check and --watch cannot be used together\n');
    return 1;
  }
  const flags: CliOverrides = { allowRemoteRefs: args.allowRemoteRefs, allowOutsideRefs: args.allowOutsideRefs, strict: args.strict };
  if (args.watch) return watchMode(configFile, flags);
  return runOnce(configFile, flags, args.check, args.cache);
}

async function configWith(configFile: string, flags: CliOverrides): Promise<Config> {
  const config = await loadConfig(configFile);
  config.allowRemoteRefs ||= flags.allowRemoteRefs;
  config.allowOutsideRefs ||= flags.allowOutsideRefs;
  if (flags.strict) config.strict = true;
  return config;
}

/**
 * One run. With `cache`, a run whose inputs and output are as the last successful run left
 * them stops after hashing them; `reuse` (watch mode) keeps the models of unchanged specs.
 */
async function runOnce(configFile: string, flags: CliOverrides, check: boolean, cache: boolean, reuse?: Map<string, ReusableModel>): Promise<number> {
  const started = performance.now();
  try {
    const config = await configWith(configFile, flags);
    const out = resolve(config.root, config.output);
    const manifest = cache && !config.allowRemoteRefs && !config.allowOutsideRefs ? manifestPath(config.root, out) : undefined;
    const last = manifest === undefined ? undefined : await isUpToDate(manifest, out);
    // The last run's warnings are said again; under --strict they are errors, which a full run reports.
    if (last !== undefined && !(config.strict && last.warnings.length > 0)) {
      printWarnings(last.warnings);
      process.stdout.write(`specweave: ${config.output}/ is up to date (no spec, config or generator file changed since the last run; ${seconds(started)})\n`);
      return 0;
    }
    if (!config.allowRemoteRefs) {
      // The validation worker starts now, while this thread loads the generator.
      const { prepareValidation } = await import('../load/validation.js');
      void prepareValidation(config.apis.map((a) => resolve(config.root, a.spec))).catch(() => {});
    }
    const { generate } = await import('../pipeline.js');
    const result = await generate(config, reuse);
    printWarnings(result.warnings);
    if (check) {
      const stale = await staleFiles(out, result.files);
      if (stale.length > 0) {
        process.stderr.write(`specweave: ${config.output}/ is stale (${stale.length} file${stale.length > 1 ? 's' : ''}); run ${inlineCode(regenerateCommand(config))}:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
        return 1;
      }
      process.stdout.write(`specweave: ${config.output}/ is up to date (${result.files.size} files, ${seconds(started)})\n`);
    } else {
      await writeOutput(out, result.files);
      process.stdout.write(summary(config, result, started));
    }
    if (manifest !== undefined && result.inputs !== undefined) {
      const inputs = await hashInputs([resolve(configFile), ...result.inputs]);
      if (inputs) await writeManifest(manifest, inputs, result.files, result.warnings);
    }
    return 0;
  } catch (error) {
    return report(error);
  }
}

function summary(config: Config, result: GenerateResult, started: number): string {
  const ops = result.models.reduce((n, m) => n + m.operations.length, 0);
  const channels = result.models.reduce((n, m) => n + m.channels.length, 0);
  const lines = result.models.map(
    (m) => `  ${m.name.padEnd(24)} ${m.source.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} ${m.source.version.padEnd(6)} ${String(m.operations.length).padStart(4)} operations ${String(m.channels.length).padStart(3)} channels  (${m.source.file})`,
  );
  const t = result.timings;
  return [
    `specweave: generated ${result.models.length} APIs (${ops} operations, ${channels} channels) into ${config.output}/: ${result.files.size} files in ${seconds(started)}`,
    ...lines,
    ...(result.reused.length > 0 ? [`  unchanged, not read again: ${result.reused.join(', ')}`] : []),
    `  phases: load ${ms(t.load)}, model ${ms(t.build)}, emit ${ms(t.emit)}, then waited ${ms(t.validationWait)} for validation (on a worker thread meanwhile)`,
    '',
  ].join('\n');
}

/** Warnings go to stderr, one line each, before the summary; generation went on. */
function printWarnings(warnings: readonly SpecWarning[]): void {
  for (const w of warnings) process.stderr.write(`specweave: warning: ${oneLine(w.message)}\n`);
  if (warnings.length > 0) {
    process.stderr.write(`specweave: ${warnings.length} warning${warnings.length > 1 ? 's' : ''} (the spec is usable; --strict makes them errors)\n`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

async function watchMode(configFile: string, flags: CliOverrides): Promise<number> {
  try {
    await configWith(configFile, flags);
  } catch (error) {
    return report(error);
  }
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const models = new Map<string, ReusableModel>();
  // Folders, not files: editors that save by writing a new file and renaming it would leave a
  // file watcher on the old one. The watched files are the config, its specs and every file a
  // spec references (known after a run), so the set grows as the specs do.
  const byFolder = new Map<string, Set<string>>();
  const watchFiles = async (): Promise<number> => {
    const files = [resolve(configFile)];
    try {
      const config = await configWith(configFile, flags);
      files.push(...config.apis.map((a) => resolve(config.root, a.spec)));
    } catch {
      // A broken config was reported by the run; its file stays watched.
    }
    for (const entry of models.values()) files.push(...Object.keys(entry.inputs));
    for (const file of files) {
      const folder = dirname(file);
      let names = byFolder.get(folder);
      if (!names) {
        const watched = new Set<string>();
        byFolder.set(folder, (names = watched));
        watch(folder, (_event, name) => {
          if (name === null || watched.has(String(name))) trigger();
        });
      }
      names.add(basename(file));
    }
    return [...byFolder.values()].reduce((n, names) => n + names.size, 0);
  };
  const run = async (): Promise<void> => {
    await runOnce(configFile, flags, false, false, models);
    await watchFiles();
  };
  const trigger = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(run);
    }, 100);
  };
  await runOnce(configFile, flags, false, false, models);
  const count = await watchFiles();
  process.stdout.write(`specweave: watching ${count} files (Ctrl-C to stop)\n`);
  return new Promise<number>(() => {});
}

/** Bad input (or an output folder that cannot be written): one paragraph, exit 1. A bug in specweave: exit 2. */
function report(error: unknown): number {
  if (error instanceof StrictModeError) {
    // --strict: each warning is an error, one line each.
    for (const w of error.warnings) process.stderr.write(`specweave: ${oneLine(w.message)}\n`);
    return 1;
  }
  if (error instanceof SpecError || error instanceof WriteError) {
    process.stderr.write(`specweave: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`specweave: internal error: ${message.replace(/\s*\n\s*/g, ' ')}\n(this is a bug in specweave; the output folder was left as it was)\n`);
  if (process.env['SPECWEAVE_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 2;
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(2)} s`;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
