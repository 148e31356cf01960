import { parseArgs } from 'node:util';

/** The generate command's arguments, as yargs gives them (see main.ts). */
export interface GenerateArgs {
  specs: string[] | undefined;
  input: string[] | undefined;
  output: string | undefined;
  name: string | undefined;
  config: string | undefined;
  check: boolean;
  watch: boolean;
  cache: boolean;
  force: boolean;
  allowRemoteRefs: boolean;
  allowOutsideRefs: boolean;
  strict: boolean;
}

const OPTIONS = {
  input: { type: 'string', short: 'i', multiple: true },
  output: { type: 'string', short: 'o', multiple: true },
  name: { type: 'string', multiple: true },
  config: { type: 'string', short: 'c', multiple: true },
  check: { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
  cache: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  force: { type: 'boolean' },
  'allow-remote-refs': { type: 'boolean' },
  'allow-outside-refs': { type: 'boolean' },
  strict: { type: 'boolean' },
} as const;

/**
 * The everyday command lines (`specweave-gen`, `generate -i spec -o out --check` …) parsed with
 * Node's own parseArgs, so that a run does not load yargs (~60 ms of a cached run's ~150).
 * Anything else (help, version, init, an unknown or repeated option, `--flag=value` on a
 * boolean, `--`) gives undefined, and main.ts hands the line to yargs, which parses it or says
 * what is wrong. What this returns is what yargs gives for the same line.
 */
export function parseGenerateArgs(argv: readonly string[]): GenerateArgs | undefined {
  if (argv.some((a) => a === '--')) return undefined;
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return undefined;
  }
  const specs: string[] = [];
  const input: string[] = [];
  const seen = new Set<string>();
  // yargs' `-i` takes every value up to the next option: `-i a.yaml b.yaml` is two inputs.
  let afterInput = false;
  // yargs reads the first positional as the command (`generate`, the default, or `init`).
  let first = true;
  for (const token of parsed.tokens) {
    if (token.kind === 'positional') {
      if (first && token.value === 'init') return undefined;
      // yargs reads `--check false` as a value of the flag.
      if (token.value === 'true' || token.value === 'false') return undefined;
      const command = first && token.value === 'generate';
      first = false;
      if (!command) (afterInput ? input : specs).push(token.value);
      continue;
    }
    if (token.kind !== 'option') return undefined;
    const name = token.name === 'no-cache' ? 'cache' : token.name;
    if (name !== 'input' && seen.has(name)) return undefined;
    seen.add(name);
    // `--flag=false`, and `-i=x` / `-ix` (short options glued to a value): yargs' reading.
    if (token.inlineValue === true && (OPTIONS[token.name as keyof typeof OPTIONS].type === 'boolean' || !token.rawName.startsWith('--'))) return undefined;
    if (name === 'input') {
      if (token.value === undefined) return undefined;
      input.push(token.value);
      afterInput = true;
    } else afterInput = false;
  }
  const v = parsed.values;
  return {
    specs: specs.length > 0 ? specs : undefined,
    input: input.length > 0 ? input : undefined,
    output: v.output?.[0],
    name: v.name?.[0],
    config: v.config?.[0],
    check: v.check === true,
    watch: v.watch === true,
    cache: v['no-cache'] === true ? false : v.cache !== false,
    force: v.force === true,
    allowRemoteRefs: v['allow-remote-refs'] === true,
    allowOutsideRefs: v['allow-outside-refs'] === true,
    strict: v.strict === true,
  };
}
