import { watch } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { inlineCode, regenerateCommand } from '../emit/regenerate.js';
import { apisFromInputs } from '../index.js';
import { CONFIG_FILES, type Config, checkConfig, findConfig, loadConfig } from '../load/config.js';
import { SpecError, type SpecWarning, StrictModeError } from '../load/errors.js';
import type { ApiModel } from '../model/ir.js';
import type { GenerateResult, ReusableModel } from '../pipeline.js';
import { VERSION } from '../version.js';
import { hashInputs, isUpToDate, manifestPath, writeManifest } from '../write/cache.js';
import { staleFiles, WriteError, writeOutput } from '../write/output.js';
import { defaultCodeCacheDir, enableCodeCache } from './code-cache.js';
import { parseGenerateArgs } from './fast-args.js';
import { init } from './init.js';

// The generator (ts-morph, the validators) is imported only when there is work to do, so
// `--help`, `--version` and a run whose inputs are unchanged start in a fraction of a second.

/** Command-line overrides of the config: they can only allow more (`$ref` policy) or be stricter. */
interface CliOverrides {
  allowRemoteRefs: boolean;
  allowOutsideRefs: boolean;
  strict: boolean;
  force: boolean;
}

interface Args extends CliOverrides {
  _: Array<string | number>;
  config: string | undefined;
  check: boolean;
  watch: boolean;
  cache: boolean;
  input: string[] | undefined;
  output: string | undefined;
  name: string | undefined;
  specs: string[] | undefined;
  json: boolean;
}

/**
 * Where the config comes from: a file (`--config`, or the one found in the working folder), or
 * the command line alone (`-i spec -o out`). `file` is watched and hashed with the inputs.
 */
interface ConfigSource {
  file: string | undefined;
  load(): Promise<Config>;
}

const COMMAND = 'specweave-gen';

/** The CLI on `argv` (without node and script); resolves to the exit code. Exported for the tests, which run it in-process. */
export async function main(argv: string[]): Promise<number> {
  // The everyday lines without loading yargs (fast-args.ts); help, init and mistakes: yargs.
  const fast = parseGenerateArgs(argv);
  const { command, args } = fast ? { command: 'generate' as const, args: { _: [], json: false, ...fast } satisfies Args } : await parseWithYargs(argv);
  if (command === 'init') return init(args.specs ?? [], args.output, args.json);
  const inputs = [...(args.specs ?? []), ...(args.input ?? [])];
  if (args.watch && args.check) {
    process.stderr.write('specweave: --check and --watch cannot be used together\n');
    return 1;
  }
  const flags: CliOverrides = { allowRemoteRefs: args.allowRemoteRefs, allowOutsideRefs: args.allowOutsideRefs, strict: args.strict, force: args.force };
  let source: ConfigSource;
  if (inputs.length > 0) {
    if (args.config !== undefined) return usage('-i (or a spec argument) and --config cannot be used together: the config lists the specs');
    if (args.output === undefined) return usage('-i needs -o, the output folder (e.g. -o src/api)');
    const output = args.output;
    const name = args.name;
    source = {
      file: undefined,
      load: async () =>
        withFlags(
          checkConfig(
            { output, apis: apisFromInputs(inputs), ...(name === undefined ? {} : { package: { name } }) },
            { source: 'the command line', root: process.cwd() },
          ),
          flags,
        ),
    };
  } else {
    const found = findConfig(process.cwd());
    const file = args.config ?? (found === undefined ? undefined : relative(process.cwd(), found));
    if (file === undefined) {
      return usage(`no config file here (${CONFIG_FILES.join(', ')}); run \`${COMMAND} -i spec.yaml -o src/api\`, or \`${COMMAND} init\` to write one`);
    }
    if (args.name !== undefined) return usage('--name goes with -i; with a config, set package.name in it');
    const output = args.output;
    source = {
      file,
      load: async () => {
        const config = withFlags(await loadConfig(file), flags);
        if (output !== undefined) {
          // -o overrides the config's output; it is relative to the working folder, as typed.
          return withFlags(
            checkConfig(
              { ...userConfig(config), output: relative(config.root, resolve(output)) },
              { source: file, root: config.root, rootIsConfigFolder: true },
            ),
            flags,
          );
        }
        return config;
      },
    };
  }
  if (args.watch) return watchMode(source);
  return runOnce(source, args.check, args.cache && source.file !== undefined);
}

/** The command line through yargs (help, version, init, and every line fast-args.ts leaves to it). */
async function parseWithYargs(argv: string[]): Promise<{ command: 'generate' | 'init'; args: Args }> {
  const { default: yargs } = await import('yargs');
  const generateOptions = (y: Argv): Argv =>
    y
      .positional('specs', { type: 'string', array: true, describe: 'OpenAPI or AsyncAPI documents (as -i); without any, the config lists them' })
      .option('input', { alias: 'i', type: 'string', array: true, describe: 'an OpenAPI or AsyncAPI document (repeat for several); no config file is needed' })
      .option('output', { alias: 'o', type: 'string', describe: "output folder (with -i; overrides the config's output)" })
      .option('name', { type: 'string', describe: "name of the generated package (with -i; default: the output folder's name)" })
      .option('config', { alias: 'c', type: 'string', describe: `config file (default: ${CONFIG_FILES.join(', ')} in the working folder)` })
      .option('check', {
        type: 'boolean',
        default: false,
        describe: 'write nothing; exit 1 and name the stale files if the output differs from what the specs give',
      })
      .option('watch', {
        alias: 'w',
        type: 'boolean',
        default: false,
        describe: 'regenerate whenever a spec or the config changes (only the changed specs are read again)',
      })
      .option('cache', {
        type: 'boolean',
        default: true,
        describe:
          'skip the work when no spec, config or generator file changed since the last run and the output is as that run left it (--no-cache: always regenerate)',
      })
      .option('force', { type: 'boolean', default: false, describe: 'write into an output folder that holds files specweave did not generate (they are kept)' })
      .option('allow-remote-refs', { type: 'boolean', default: false, describe: 'fetch $refs to http(s) URLs (refused by default: a spec is untrusted input)' })
      .option('strict', {
        type: 'boolean',
        default: false,
        describe: 'treat warnings (a usable spec that breaks a rule of its standard) as errors: exit 1, write nothing',
      })
      .option('allow-outside-refs', { type: 'boolean', default: false, describe: "follow $refs to files outside the spec's folder (refused by default)" });
  let command = 'generate' as 'generate' | 'init';
  const args = (await yargs(argv)
    .scriptName(COMMAND)
    .usage(
      `${COMMAND} [options]\n\nGenerates a typed client package from OpenAPI and AsyncAPI documents: those given with -i (no config needed), or those the config lists.\n\n  ${COMMAND} -i spec.yaml -o src/api      zero-config\n  ${COMMAND} init                          write a config for the specs found here\n  ${COMMAND}                               generate what the config lists`,
    )
    .command(['generate [specs..]', '$0 [specs..]'], 'generate the client package (the default command)', generateOptions)
    .command(
      'init [specs..]',
      'write a commented specweave.config.ts (or --json) for the given specs, or those found in . and specs/',
      (y) =>
        y
          .positional('specs', { type: 'string', array: true, describe: 'the documents (default: those found)' })
          .option('output', { alias: 'o', type: 'string', describe: 'output folder written into the config (default: generated/api)' })
          .option('json', { type: 'boolean', default: false, describe: 'write specweave.config.json (with $schema) instead of .ts' }),
      () => {
        command = 'init';
      },
    )
    .version(VERSION)
    .strict()
    .help()
    .parseAsync()) as unknown as Args;

  return { command, args };
}

function usage(message: string): number {
  process.stderr.write(`specweave: ${message}\n`);
  return 1;
}

function userConfig(config: Config): Record<string, unknown> {
  const { root: _root, ...rest } = config;
  return rest;
}

function withFlags(config: Config, flags: CliOverrides): Config {
  config.allowRemoteRefs ||= flags.allowRemoteRefs;
  config.allowOutsideRefs ||= flags.allowOutsideRefs;
  if (flags.strict) config.strict = true;
  if (flags.force) config.force = true;
  return config;
}

/**
 * One run. With `cache`, a run whose inputs and output are as the last successful run left
 * them stops after hashing them; `reuse` (watch mode) keeps the models of unchanged specs.
 */
async function runOnce(source: ConfigSource, check: boolean, cache: boolean, reuse?: Map<string, ReusableModel>): Promise<number> {
  const started = performance.now();
  try {
    const config = await source.load();
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
    const { generate, protectedPaths } = await import('../pipeline.js');
    // On a terminal, each API's line as its emit finishes (above the spinner); elsewhere the summary alone.
    const onApiDone = process.stderr.isTTY === true ? (model: ApiModel, took: number) => process.stderr.write(`\r\x1b[K${apiLine(model, took)}\n`) : undefined;
    const result = await withProgress(`generating ${config.apis.map((a) => a.name).join(', ')}`, () => generate(config, reuse, onApiDone));
    printWarnings(result.warnings);
    if (check) {
      const stale = await staleFiles(out, result.files, { force: config.force === true });
      if (stale.length > 0) {
        process.stderr.write(
          `specweave: ${config.output}/ is stale (${stale.length} file${stale.length > 1 ? 's' : ''}); run ${inlineCode(regenerateCommand(config))}:\n${stale.map((s) => `  ${s}`).join('\n')}\n`,
        );
        return 1;
      }
      process.stdout.write(`specweave: ${config.output}/ is up to date (${result.files.size} files, ${seconds(started)})\n`);
    } else {
      await writeOutput(out, result.files, { root: config.root, force: config.force === true, protect: protectedPaths(config, result, source.file) });
      process.stdout.write(summary(config, result, started));
    }
    if (manifest !== undefined && result.inputs !== undefined && source.file !== undefined) {
      const inputs = await hashInputs([resolve(source.file), ...result.inputs]);
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
  const lines = result.models.map((m, i) => apiLine(m, result.apiMs[i] ?? 0));
  const t = result.timings;
  return [
    `specweave: generated ${result.models.length} APIs (${ops} operations, ${channels} channels) into ${config.output}/: ${result.files.size} files in ${seconds(started)}`,
    ...lines,
    ...(result.reused.length > 0 ? [`  unchanged, not read again: ${result.reused.join(', ')}`] : []),
    `  phases: load ${ms(t.load)}, model ${ms(t.build)}, emit ${ms(t.emit)}, then waited ${ms(t.validationWait)} for validation (on a worker thread meanwhile)`,
    '',
  ].join('\n');
}

/** One API's line: name, kind and version, operations, channels, its own time (load, build, emit), spec. */
function apiLine(m: ApiModel, took: number): string {
  return `  ${m.name.padEnd(24)} ${m.source.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} ${m.source.version.padEnd(6)} ${String(m.operations.length).padStart(4)} operations ${String(m.channels.length).padStart(3)} channels ${ms(took).padStart(8)}  (${m.source.file})`;
}

/**
 * On a terminal, a run that takes more than a second says what it is doing (a spinner on
 * stderr, erased when it ends); to a pipe or a log, nothing is written but the summary.
 */
async function withProgress<T>(what: string, work: () => Promise<T>): Promise<T> {
  if (process.stderr.isTTY !== true) return work();
  const frames = ['|', '/', '-', '\\'];
  const started = performance.now();
  let frame = 0;
  let shown = false;
  const timer = setInterval(() => {
    if (performance.now() - started < 1000) return;
    shown = true;
    const line = `specweave: ${frames[frame++ % frames.length]} ${what} (${seconds(started)})`;
    process.stderr.write(`\r\x1b[K${line.slice(0, Math.max(20, (process.stderr.columns ?? 80) - 1))}`);
  }, 250);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    if (shown) process.stderr.write('\r\x1b[K');
  }
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

async function watchMode(source: ConfigSource): Promise<number> {
  try {
    await source.load();
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
    const files = source.file === undefined ? [] : [resolve(source.file)];
    try {
      const config = await source.load();
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
    await runOnce(source, false, false, models);
    await watchFiles();
  };
  const trigger = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(run);
    }, 100);
  };
  await runOnce(source, false, false, models);
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

// The tests import this module to call main() in-process; they set this flag first.
if (!(globalThis as Record<symbol, unknown>)[Symbol.for('specweave.cli.in-process')]) {
  // Compiled and started directly (`node dist/cli/main.js`, not through bin/), the code cache
  // is turned on here, as bin/specweave-gen.js does (a second call is a no-op): the libraries
  // are loaded after this line. From the sources (tsx) it stays off.
  if (import.meta.url.endsWith('.js')) enableCodeCache(defaultCodeCacheDir());
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = report(error);
    },
  );
}
