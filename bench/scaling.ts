/**
 * Scaling benchmark: does specweave's time grow linearly with the size of the spec?
 *
 *   npm run bench:scaling        (node --import tsx bench/scaling.ts)
 *
 * One spec family at 1×, 2×, 4×, 8×: the GitHub spec's first 100 operations (path order) with
 * the components they reach, copied k times under new names (bench/lib/synth.ts). specweave
 * runs on each size REPS times, sizes alternating, each a child process under GNU time. Printed
 * per size: median wall time, median pipeline time (specweave's own load+model+emit phases, i.e.
 * without process start and imports), peak RSS, and both per operation; then the marginal cost
 * of each added operation per step, a linear fit, and the per-op ratio of the largest size
 * against 1×.
 *
 * Per-op time at 8× against 1× mostly shows the fixed start-up being spread thinner, so the
 * linearity verdict uses the marginal cost of each added operation (constant when linear), on
 * the fastest run of each size (other processes on the machine only ever add time), beside a
 * least-squares line fixed + perOp × ops.
 *
 * Last lines:
 *   scaling: per-op wall 8x/1x ratio X
 *   scaling: per-op pipeline 8x/1x ratio Y
 *   scaling: marginal per-op pipeline (2x→8x)/(1x→2x) ratio Z — linear | mildly superlinear | superlinear
 *
 * Environment: BENCH_REPS (default 5), BENCH_SCALES (default 1,2,4,8), BENCH_BASE_OPS (default
 * 100), BENCH_SCALING_SOURCE=github|stripe (default github), SPECWEAVE_BENCH_CACHE,
 * BENCH_KEEP=1 (keep the temp folder).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstLines, loadLine, measure, median, mib, parsePhases, type RunResult, seconds } from './lib/measure.js';
import { ensurePeers, GITHUB_SPEC, invocation, STRIPE_SPEC } from './lib/peers.js';
import { replicate, subset } from './lib/synth.js';

const REPS = Math.max(1, Number(process.env['BENCH_REPS'] ?? 5));
const SCALES = (process.env['BENCH_SCALES'] ?? '1,2,4,8')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const BASE_OPS = Number(process.env['BENCH_BASE_OPS'] ?? 100);
const SOURCE = process.env['BENCH_SCALING_SOURCE'] === 'stripe' ? 'stripe' : 'github';
const TIMEOUT_MS = 900_000;

const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

interface Size {
  k: number;
  operations: number;
  schemas: number;
  bytes: number;
  work: string;
  runs: RunResult[];
}

async function main(): Promise<void> {
  const started = performance.now();
  print(`bench:scaling — node ${process.version}, ${REPS} run(s) per size, sizes ${SCALES.map((k) => `${k}×`).join(' ')}`);
  print(`start ${loadLine()}`);
  ensurePeers((l) => process.stderr.write(`${l}\n`));
  const source = JSON.parse(await readFile(SOURCE === 'github' ? GITHUB_SPEC : STRIPE_SPEC, 'utf8')) as Parameters<typeof subset>[0];
  const base = subset(source, BASE_OPS);
  print(
    `family: ${SOURCE} spec's first ${base.operations} operations + the components they reach (${Object.entries(base.components)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ')}), copied k times under new names`,
  );
  const root = await mkdtemp(join(tmpdir(), 'specweave-scaling-'));
  try {
    const sizes: Size[] = [];
    for (const k of SCALES) {
      const doc = replicate(base.doc, k);
      const work = join(root, `x${k}`);
      await mkdir(work, { recursive: true });
      const text = JSON.stringify(doc);
      await writeFile(join(work, 'spec.json'), text);
      const components = doc['components'] as Record<string, object>;
      sizes.push({
        k,
        operations: base.operations * k,
        schemas: Object.keys(components['schemas'] ?? {}).length,
        bytes: Buffer.byteLength(text),
        work,
        runs: [],
      });
    }
    for (let rep = 1; rep <= REPS; rep++) {
      // Sizes alternate; the order rotates each round.
      const order = sizes.map((_, i) => sizes[(i + rep - 1) % sizes.length]!);
      for (const size of order) {
        await rm(join(size.work, 'specweave'), { recursive: true, force: true });
        const inv = invocation('specweave', size.work, 'spec.json', `scale-${size.k}x`);
        const r = await measure(inv.command, inv.args, { cwd: inv.cwd, timeoutMs: TIMEOUT_MS });
        size.runs.push(r);
        process.stderr.write(`  … ${size.k}× run ${rep}: ${r.ok ? 'ok' : `FAILED exit ${r.code}`} ${seconds(r.wallMs)} ${mib(r.rssMb)}\n`);
      }
    }
    print();
    print(`after: ${loadLine()}`);
    print(`  median of ${REPS} (and the fastest run: other processes on the machine only ever add time)`);
    print(`  size   ops  schemas   spec MB       wall  pipeline  min wall  min pipe  peak RSS   wall/op  pipeline/op   load/op  model/op   emit/op`);
    const rows: Row[] = [];
    for (const s of sizes) {
      const good = s.runs.filter((r) => r.ok);
      if (good.length === 0) {
        const bad = s.runs[0]!;
        print(`  ${`${s.k}×`.padStart(4)} ${String(s.operations).padStart(5)} FAILED (exit ${bad.code}): ${firstLines(bad.stderr || bad.stdout, 4)}`);
        continue;
      }
      const walls = good.map((r) => r.wallMs);
      const phases = good.map((r) => parsePhases(r.stdout)).filter((p) => p !== undefined);
      const ph = (key: 'load' | 'build' | 'emit'): number => median(phases.map((p) => p[key]));
      const pipes = phases.map((p) => p.load + p.build + p.emit);
      const row: Row = {
        k: s.k,
        ops: s.operations,
        wall: median(walls),
        pipeline: median(pipes),
        minWall: Math.min(...walls),
        minPipeline: Math.min(...pipes),
      };
      const rss = median(good.flatMap((r) => (r.rssMb === undefined ? [] : [r.rssMb])));
      const perOp = (ms: number): string => `${(ms / s.operations).toFixed(2)} ms`.padStart(9);
      print(
        `  ${`${s.k}×`.padStart(4)} ${String(s.operations).padStart(5)} ${String(s.schemas).padStart(8)} ${(s.bytes / 1e6).toFixed(2).padStart(9)} ${seconds(row.wall).padStart(10)} ${seconds(row.pipeline).padStart(9)} ${seconds(row.minWall).padStart(9)} ${seconds(row.minPipeline).padStart(9)} ${mib(rss).padStart(9)} ${perOp(row.wall)} ${perOp(row.pipeline).padStart(12)} ${perOp(ph('load'))} ${perOp(ph('build'))} ${perOp(ph('emit'))}`,
      );
      rows.push(row);
      const bad = s.runs.find((r) => !r.ok);
      if (bad) print(`       (a run failed: exit ${bad.code}: ${firstLines(bad.stderr || bad.stdout, 2)})`);
    }
    print();
    analyse(rows);
  } finally {
    if (process.env['BENCH_KEEP'] === '1') print(`(kept ${root})`);
    else await rm(root, { recursive: true, force: true });
  }
  print(`end ${loadLine()}; total ${seconds(performance.now() - started)}`);
}

interface Row {
  k: number;
  ops: number;
  wall: number;
  pipeline: number;
  minWall: number;
  minPipeline: number;
}

/**
 * Linearity. Per-op time at 8× against 1× mostly shows the fixed start-up spread thinner, so
 * the verdict compares the marginal cost per added operation in the upper half of the sizes
 * (e.g. 4×→8×) with the lower half (1×→4×), on the fastest runs (least disturbed by other
 * processes); the same on medians and a least-squares line are printed beside it.
 */
function analyse(rows: Row[]): void {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last || rows.length < 2) {
    print('scaling: not enough sizes succeeded to compute a ratio');
    return;
  }
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    const added = b.ops - a.ops;
    const f = (x: number, y: number): string => ((y - x) / added).toFixed(2);
    print(
      `scaling: marginal per added operation ${a.k}x→${b.k}x: pipeline ${f(a.minPipeline, b.minPipeline)} ms (fastest runs), ${f(a.pipeline, b.pipeline)} ms (medians); wall ${f(a.minWall, b.minWall)} / ${f(a.wall, b.wall)} ms`,
    );
  }
  // Least-squares line pipeline = fixed + perOp × ops over all sizes (fastest runs).
  const n = rows.length;
  const mx = rows.reduce((t, r) => t + r.ops, 0) / n;
  const my = rows.reduce((t, r) => t + r.minPipeline, 0) / n;
  const sxy = rows.reduce((t, r) => t + (r.ops - mx) * (r.minPipeline - my), 0);
  const sxx = rows.reduce((t, r) => t + (r.ops - mx) ** 2, 0);
  const slope = sxx > 0 ? sxy / sxx : Number.NaN;
  const fixed = my - slope * mx;
  const worst = Math.max(...rows.map((r) => Math.abs(r.minPipeline - (fixed + slope * r.ops)) / r.minPipeline));
  print(
    `scaling: linear fit of pipeline time (fastest runs): ${seconds(fixed)} fixed + ${slope.toFixed(2)} ms per operation (largest deviation ${(worst * 100).toFixed(0)}%); process start + imports outside the pipeline at ${first.k}×: ${seconds(first.minWall - first.minPipeline)}`,
  );
  const tag = `${last.k}x/${first.k}x`;
  print(
    `scaling: per-op wall ${tag} ratio ${(last.wall / last.ops / (first.wall / first.ops)).toFixed(2)} (medians; < 1 because the fixed start-up is spread over more operations)`,
  );
  print(`scaling: per-op pipeline ${tag} ratio ${(last.pipeline / last.ops / (first.pipeline / first.ops)).toFixed(2)} (medians)`);
  if (rows.length >= 3) {
    const mid = rows[Math.floor((rows.length - 1) / 2)]!;
    const lower = (mid.minPipeline - first.minPipeline) / (mid.ops - first.ops);
    const upper = (last.minPipeline - mid.minPipeline) / (last.ops - mid.ops);
    const growth = upper / lower;
    const verdict = growth <= 1.3 ? 'linear' : growth <= 2 ? 'mildly superlinear' : 'superlinear';
    const lowerMed = (mid.pipeline - first.pipeline) / (mid.ops - first.ops);
    const upperMed = (last.pipeline - mid.pipeline) / (last.ops - mid.ops);
    print(
      `scaling: marginal per-op pipeline (${mid.k}x→${last.k}x)/(${first.k}x→${mid.k}x) ratio ${growth.toFixed(2)} — ${verdict} (fastest runs: ${upper.toFixed(2)} vs ${lower.toFixed(2)} ms/op; medians: ${upperMed.toFixed(2)} vs ${lowerMed.toFixed(2)} ms/op)`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:scaling: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
