import { watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadConfig, type Config } from '../load/config.js';
import { SpecError, StrictModeError } from '../load/errors.js';
import { GENERATOR, generate, type GenerateResult } from '../pipeline.js';
import { staleFiles, writeOutput } from '../write/output.js';

interface Args {
  config: string;
  check: boolean;
  watch: boolean;
  strict: boolean;
}

async function main(argv: string[]): Promise<number> {
  const args = (await yargs(argv)
    .scriptName('specweave')
    .usage('$0 [options]\n\nGenerates a typed client package from the OpenAPI and AsyncAPI documents listed in the config.')
    .option('config', { alias: 'c', type: 'string', default: 'specweave.config.json', describe: 'config file listing the specs and the output folder' })
    .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 and name the stale files if the output differs from what the specs give' })
    .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'regenerate whenever a spec or the config changes' })
    .option('strict', { type: 'boolean', default: false, describe: 'treat warnings (a usable spec that breaks a rule of its standard) as errors: exit 1, write nothing' })
    .version(GENERATOR.split(' ')[1]!)
    .strict()
    .help()
    .parseAsync()) as unknown as Args;

  const configFile = args.config;
  if (args.watch && args.check) {
    process.stderr.write('specweave: --check and --watch cannot be used together\n');
    return 1;
  }
  if (args.watch) return watchMode(configFile, args.strict);
  return runOnce(configFile, args.check, args.strict);
}

async function runOnce(configFile: string, check: boolean, strict: boolean): Promise<number> {
  const started = performance.now();
  try {
    const config = await loadConfig(configFile);
    if (strict) config.strict = true;
    const result = await generate(config);
    printWarnings(result);
    const out = resolve(config.root, config.output);
    if (check) {
      const stale = await staleFiles(out, result.files);
      if (stale.length > 0) {
        process.stderr.write(`specweave: ${config.output}/ is stale (${stale.length} file${stale.length > 1 ? 's' : ''}); run \`npm run generate\`:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
        return 1;
      }
      process.stdout.write(`specweave: ${config.output}/ is up to date (${result.files.size} files, ${seconds(started)})\n`);
      return 0;
    }
    await writeOutput(out, result.files);
    process.stdout.write(summary(config, result, started));
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
    `  phases: load+validate ${ms(t.load)}, model ${ms(t.build)}, emit ${ms(t.emit)}`,
    '',
  ].join('\n');
}

/** Warnings go to stderr, one line each, before the summary; generation went on. */
function printWarnings(result: GenerateResult): void {
  for (const w of result.warnings) process.stderr.write(`specweave: warning: ${oneLine(w.message)}\n`);
  if (result.warnings.length > 0) {
    process.stderr.write(`specweave: ${result.warnings.length} warning${result.warnings.length > 1 ? 's' : ''} (the spec is usable; --strict makes them errors)\n`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

async function watchMode(configFile: string, strict: boolean): Promise<number> {
  let config: Config;
  try {
    config = await loadConfig(configFile);
  } catch (error) {
    return report(error);
  }
  const files = [configFile, ...config.apis.map((a) => resolve(config.root, a.spec))];
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve(0);
  const trigger = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => runOnce(configFile, false, strict));
    }, 100);
  };
  await runOnce(configFile, false, strict);
  // Folders, not files: editors that save by writing a new file and renaming it would leave a
  // file watcher on the old one.
  const byFolder = new Map<string, Set<string>>();
  for (const file of files.map((f) => resolve(f))) {
    const names = byFolder.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    byFolder.set(dirname(file), names);
  }
  for (const [folder, names] of byFolder) {
    watch(folder, (_event, name) => {
      if (name === null || names.has(String(name))) trigger();
    });
  }
  process.stdout.write(`specweave: watching ${files.length} files (Ctrl-C to stop)\n`);
  return new Promise<number>(() => {});
}

/** Bad input: one paragraph naming file and place, exit 1. A bug in specweave: exit 2. */
function report(error: unknown): number {
  if (error instanceof StrictModeError) {
    // --strict: each warning is an error, one line each.
    for (const w of error.warnings) process.stderr.write(`specweave: ${oneLine(w.message)}\n`);
    return 1;
  }
  if (error instanceof SpecError) {
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
