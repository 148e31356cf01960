/**
 * Where specweave's time goes on a big spec: runs the CLI once under `node --cpu-prof` and
 * summarises the profile by self time, per function and per module (npm package, or file of
 * src/), with percentages of all samples.
 *
 *   npm run bench:profile                       (GitHub spec from the bench cache)
 *   npm run bench:profile -- <spec file> [api]  (any spec)
 *   npm run bench:profile -- --summarise <file.cpuprofile>
 *
 * Environment: BENCH_PROFILE_TOP (rows per table, default 25), BENCH_KEEP=1 (keep the profile).
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLine, measure, mib, seconds } from './lib/measure.js';
import { ensurePeers, GITHUB_SPEC, invocation, REPO } from './lib/peers.js';

const TOP = Number(process.env['BENCH_PROFILE_TOP'] ?? 25);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** npm package, `src/…` file, `node:…` or a V8 pseudo-frame such as (garbage collector). */
export function moduleOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native/V8 builtins)';
  let path = url;
  if (path.startsWith('file://')) path = fileURLToPath(path);
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith('node:')) return 'node: internals';
  if (path.startsWith(REPO)) return relative(REPO, path);
  return path;
}

export function summarise(profile: CpuProfile, top = TOP): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time per sample: timeDeltas[i + 1] is the time until the next sample.
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const self = new Map<number, number>();
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    self.set(id, (self.get(id) ?? 0) + Math.max(0, deltas[i + 1] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const keyOf = (n: ProfileNode): string => {
    const { functionName, url, lineNumber } = n.callFrame;
    const mod = moduleOf(url, functionName);
    // Line numbers of src/ files are those of tsx's transformed code: left out.
    return `${functionName || '(anonymous)'}  ${mod}${url && !mod.startsWith('src/') ? `:${lineNumber + 1}` : ''}`;
  };
  const fns = new Map<string, number>();
  const mods = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const mod = moduleOf(n.callFrame.url, n.callFrame.functionName);
    fns.set(keyOf(n), (fns.get(keyOf(n)) ?? 0) + us);
    mods.set(mod, (mods.get(mod) ?? 0) + us);
    // Inclusive time of specweave's own functions (each counted once per stack).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      if (!moduleOf(node.callFrame.url, node.callFrame.functionName).startsWith('src/')) continue;
      const key = keyOf(node);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const idle = (mods.get('(idle)') ?? 0) / Math.max(1, total);
  const rows = (m: Map<string, number>, n = top): string[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  if (idle > 0.9)
    return [`profile: ${(total / 1e6).toFixed(2)} s sampled, ${(idle * 100).toFixed(0)}% idle (a helper thread, e.g. tsx's module-loader thread): skipped`];
  return [
    `profile: ${(total / 1e6).toFixed(2)} s sampled (main thread)`,
    `top ${top} modules by self time (package, src/ file, or V8 pseudo-frame; "(native/V8 builtins)" includes code made with new Function, e.g. ajv's validators):`,
    ...rows(mods),
    `top ${top} functions by self time:`,
    ...rows(fns),
    `top ${top} specweave functions by inclusive time (self + callees; work resumed after an \`await\` has no caller frames, so async loading is undercounted here):`,
    ...rows(inclusive),
  ];
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--summarise' && argv[1]) {
    for (const line of summarise(JSON.parse(await readFile(argv[1], 'utf8')) as CpuProfile)) process.stdout.write(`${line}\n`);
    return;
  }
  let spec = argv[0];
  const api = argv[1] ?? 'github';
  if (!spec) {
    ensurePeers((l) => process.stderr.write(`${l}\n`));
    spec = GITHUB_SPEC;
  }
  const work = await mkdtemp(join(tmpdir(), 'specweave-profile-'));
  try {
    const specFile = `spec${extname(spec)}`;
    await copyFile(spec, join(work, specFile));
    const inv = invocation('specweave', work, specFile, api);
    const profDir = join(work, 'prof');
    await mkdir(profDir);
    process.stdout.write(`bench:profile — specweave on ${spec}; before: ${loadLine()}\n`);
    const r = await measure(inv.command, ['--cpu-prof', '--cpu-prof-dir', profDir, ...inv.args], { cwd: inv.cwd });
    process.stdout.write(
      `run: ${r.ok ? 'ok' : `FAILED exit ${r.code}`} in ${seconds(r.wallMs)}, peak RSS ${mib(r.rssMb)} (profiling adds overhead); after: ${loadLine()}\n`,
    );
    process.stdout.write(r.stdout);
    if (!r.ok) process.stdout.write(r.stderr);
    const files = (await readdir(profDir)).filter((f) => f.endsWith('.cpuprofile'));
    for (const f of files) {
      const profile = JSON.parse(await readFile(join(profDir, f), 'utf8')) as CpuProfile;
      for (const line of summarise(profile)) process.stdout.write(`${line}\n`);
    }
    if (process.env['BENCH_KEEP'] === '1') process.stdout.write(`(profile kept in ${profDir})\n`);
  } finally {
    if (process.env['BENCH_KEEP'] !== '1') await rm(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench:profile: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
