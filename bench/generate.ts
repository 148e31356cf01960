/**
 * Generator benchmark: specweave against openapi-typescript, @hey-api/openapi-ts and orval on
 * GitHub's and Stripe's published specs and on the five checked-in specs.
 *
 *   npm run bench:generate        (node --import tsx bench/generate.ts)
 *
 * 1. Installs the peers and the big specs into a cache outside the repo when missing
 *    (bench/lib/peers.ts has the pinned versions and why).
 * 2. Per spec, runs every applicable tool REPS times, alternating (A B C D A B C D …), each as a
 *    child process under GNU time, writing into a temp folder; prints the median wall time and
 *    the median peak RSS per tool, and for GitHub and Stripe the specweave/peer ratios.
 *    AsyncAPI specs are specweave-only (the peers read OpenAPI only).
 * 3. Type-checks each tool's GitHub and Stripe output with one checker and one strict tsconfig
 *    (REPS times, alternating) and prints the specweave/peer ratios. specweave's output is also
 *    checked once under its own generated tsconfig.json (its promise: strict,
 *    exactOptionalPropertyTypes, isolatedDeclarations …).
 * 4. Cold start: `npm run generate -- --config <copy of the project's config and specs>` and the
 *    same with `--check`, REPS times each (the copy keeps the repo's generated/ untouched).
 *
 * A failing specweave run (crash, error exit, output that does not type-check) is recorded with
 * the first lines of its message and the cell is printed as FAILED; everything else goes on.
 *
 * specweave runs as its compiled CLI (bin/specweave-gen.js → dist/, built here first by
 * `npm run build` unless BENCH_NO_BUILD=1), as a user who installed the package runs it.
 * BENCH_TASKSET=1 runs every generator pinned to one core (`taskset -c 0`), so that a result does
 * not depend on an idle second core (the ratios are then printed as `…, one core:`).
 *
 * Environment: BENCH_REPS (default 3), BENCH_SPECS (comma list of spec names, e.g.
 * github,stripe,beam), BENCH_TOOLS (comma list), BENCH_TSC=tsc (type-check with the repo's
 * TypeScript 5.9.3 instead of tsgo), BENCH_KEEP=1 (keep the temp folder),
 * SPECWEAVE_BENCH_CACHE (cache folder), BENCH_TIMEOUT_S (per run, default 600).
 */
import { spawnSync } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { firstLines, loadLine, measure, median, mib, parsePhases, type RunResult, ratio, seconds } from './lib/measure.js';
import {
  CLI,
  checker,
  ensurePeers,
  GITHUB_SPEC,
  invocation,
  PINNED,
  REPO,
  STRIPE_SPEC,
  TOOLS,
  type ToolName,
  toolLabel,
  typecheckInclude,
  writeBenchTsconfig,
} from './lib/peers.js';

const REPS = Math.max(1, Number(process.env['BENCH_REPS'] ?? 3));
const TIMEOUT_MS = Number(process.env['BENCH_TIMEOUT_S'] ?? 600) * 1000;
const ONLY_SPECS = process.env['BENCH_SPECS']
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const ONLY_TOOLS = process.env['BENCH_TOOLS']
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const PEERS: readonly ToolName[] = ['openapi-typescript', 'hey-api', 'orval'];
const TASKSET = process.env['BENCH_TASKSET'] === '1';
/** Appended to the ratio labels of a pinned run. */
const MODE = TASKSET ? ', one core (taskset -c 0)' : '';

/** The command, pinned to core 0 in taskset mode. */
function pinned(command: string, args: string[]): [string, string[]] {
  return TASKSET ? ['taskset', ['-c', '0', command, ...args]] : [command, args];
}

const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const progress = (line: string): void => {
  process.stderr.write(`  … ${line}\n`);
};

interface Spec {
  /** API name (lowercase-dashed): also the specweave API name. */
  name: string;
  file: string;
  kind: 'openapi' | 'asyncapi';
  describe: string;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

async function describeSpec(name: string, file: string): Promise<Spec> {
  const text = await readFile(file, 'utf8');
  const doc = (extname(file) === '.json' ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
  const size = `${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB`;
  if (typeof doc['asyncapi'] === 'string') {
    const channels = Object.keys((doc['channels'] ?? {}) as object).length;
    return { name, file, kind: 'asyncapi', describe: `AsyncAPI ${doc['asyncapi']}, ${channels} channels, ${size}` };
  }
  let ops = 0;
  for (const item of Object.values((doc['paths'] ?? {}) as Record<string, object>)) ops += Object.keys(item).filter((k) => METHODS.has(k)).length;
  const schemas = Object.keys(((doc['components'] as Record<string, object> | undefined)?.['schemas'] ?? doc['definitions'] ?? {}) as object).length;
  const version = String(doc['openapi'] ?? doc['swagger'] ?? '?');
  return { name, file, kind: 'openapi', describe: `OpenAPI ${version}, ${ops} operations, ${schemas} schemas, ${size}` };
}

async function specList(): Promise<Spec[]> {
  const project = JSON.parse(await readFile(join(REPO, 'specweave.config.json'), 'utf8')) as { apis: { name: string; spec: string }[] };
  const all: [string, string][] = [
    ['github', GITHUB_SPEC],
    ['stripe', STRIPE_SPEC],
    ...project.apis.map((a): [string, string] => [a.name, join(REPO, a.spec)]),
  ];
  const chosen = all.filter(([name]) => !ONLY_SPECS || ONLY_SPECS.includes(name));
  return Promise.all(chosen.map(([name, file]) => describeSpec(name, file)));
}

function toolsFor(spec: Spec): ToolName[] {
  const tools = spec.kind === 'openapi' ? [...TOOLS] : (['specweave'] as ToolName[]);
  return tools.filter((t) => !ONLY_TOOLS || ONLY_TOOLS.includes(t));
}

interface Cell {
  runs: RunResult[];
  wall: number;
  rss: number;
  ok: number;
}

function cell(runs: RunResult[]): Cell {
  const good = runs.filter((r) => r.ok);
  return {
    runs,
    wall: median(good.map((r) => r.wallMs)),
    rss: median(good.flatMap((r) => (r.rssMb === undefined ? [] : [r.rssMb]))),
    ok: good.length,
  };
}

function failureText(r: RunResult): string {
  const why = r.timedOut ? `timed out after ${seconds(r.wallMs)}` : r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  const text = firstLines(r.stderr, 6) || firstLines(r.stdout, 6) || '(no output)';
  return `${why}: ${text}`;
}

/** Every distinct failure message of a tool on a spec (specweave's ones are also collected). */
const specweaveFailures: string[] = [];

function reportFailures(spec: string, tool: ToolName, runs: RunResult[]): void {
  const seen = new Set<string>();
  runs.forEach((r, i) => {
    if (r.ok) return;
    const text = failureText(r);
    if (seen.has(text)) return;
    seen.add(text);
    const line = `  FAILED ${tool} on ${spec} (run ${i + 1}): ${text.replace(/\n/g, '\n      ')}`;
    print(line);
    if (tool === 'specweave') specweaveFailures.push(`${spec}, generation: ${text}`);
  });
}

// ------------------------------------------------------------------------------ generation

async function benchSpec(spec: Spec, root: string): Promise<Map<ToolName, Cell>> {
  const work = join(root, spec.name);
  await mkdir(work, { recursive: true });
  const specFile = `spec${extname(spec.file)}`;
  await copyFile(spec.file, join(work, specFile));
  const tools = toolsFor(spec);
  const runs = new Map<ToolName, RunResult[]>(tools.map((t) => [t, []]));
  for (let rep = 1; rep <= REPS; rep++) {
    // Rotate the start so that no tool always runs right after the same one.
    const order = tools.map((_, i) => tools[(i + rep - 1) % tools.length]!);
    for (const tool of order) {
      await rm(join(work, tool), { recursive: true, force: true });
      const inv = invocation(tool, work, specFile, spec.name);
      const [command, args] = pinned(inv.command, inv.args);
      const r = await measure(command, args, { cwd: inv.cwd, timeoutMs: TIMEOUT_MS });
      runs.get(tool)!.push(r);
      progress(`${spec.name} ${tool} run ${rep}: ${r.ok ? 'ok' : 'FAILED'} ${seconds(r.wallMs)} ${mib(r.rssMb)}`);
    }
  }
  const cells = new Map<ToolName, Cell>(tools.map((t) => [t, cell(runs.get(t)!)]));
  print();
  print(`== ${spec.name}: ${basename(spec.file)} (${spec.describe}); ${REPS} run(s) per tool, alternating${MODE}; after: ${loadLine()}`);
  print(`  ${'tool'.padEnd(74)} ${'wall'.padStart(9)} ${'peak RSS'.padStart(9)}  ok   every run (s)`);
  for (const tool of tools) {
    const c = cells.get(tool)!;
    const every = c.runs.map((r) => (r.ok ? (r.wallMs / 1000).toFixed(2) : 'FAIL')).join(' ');
    const wall = c.ok ? seconds(c.wall) : 'FAILED';
    print(`  ${toolLabel(tool).padEnd(74)} ${wall.padStart(9)} ${(c.ok ? mib(c.rss) : '-').padStart(9)}  ${c.ok}/${c.runs.length}  ${every}`);
  }
  if (spec.kind === 'asyncapi') print('  (the peers read OpenAPI only: not run on AsyncAPI documents)');
  const sw = cells.get('specweave');
  if (sw) {
    const phases = sw.runs.map((r) => parsePhases(r.stdout)).filter((p) => p !== undefined);
    if (phases.length > 0) {
      const m = (k: 'load' | 'build' | 'emit' | 'validationWait'): number => median(phases.map((p) => p[k]));
      print(
        `  specweave phases (median): load ${m('load')} ms, model ${m('build')} ms, emit ${m('emit')} ms, then ${m('validationWait')} ms waiting for validation (worker thread); the rest of the wall time is process start, imports and writing`,
      );
    }
  }
  for (const tool of tools) reportFailures(spec.name, tool, cells.get(tool)!.runs);
  return cells;
}

function ratioLines(spec: string, cells: Map<ToolName, Cell>): string[] {
  const sw = cells.get('specweave');
  const lines: string[] = [];
  for (const peer of PEERS) {
    const p = cells.get(peer);
    if (!sw || !p) continue;
    for (const [what, a, b] of [
      ['wall', sw.wall, p.wall],
      ['rss', sw.rss, p.rss],
    ] as const) {
      let value: string;
      if (sw.ok === 0) value = `FAILED (specweave: ${firstLines(failureText(sw.runs.find((r) => !r.ok)!), 1)})`;
      else if (p.ok === 0) value = `n/a (${peer} failed)`;
      else value = ratio(a, b);
      lines.push(`${spec}${MODE}: specweave/${peer} ${what} ratio ${value}`);
    }
  }
  return lines;
}

// ------------------------------------------------------------------------------ type-check

interface CheckResult {
  runs: RunResult[];
  wall: number;
  rss: number;
  errors: number;
  syntaxErrors: number;
  codes: string;
  first: string;
}

function diagnostics(r: RunResult): { errors: number; syntax: number; codes: string; first: string } {
  const lines = r.stdout.split('\n').filter((l) => / error TS\d+/.test(l));
  const counts = new Map<string, number>();
  for (const l of lines) {
    const code = / error (TS\d+)/.exec(l)![1]!;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  // The full count is on the last line ("Found N errors") for tsc; tsgo prints it too.
  const found = /Found (\d+) errors?/.exec(r.stdout);
  const errors = found ? Number(found[1]) : lines.length;
  const syntax = [...counts].filter(([c]) => /^TS1\d{3}$/.test(c)).reduce((n, [, k]) => n + k, 0);
  const codes = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([c, k]) => `${c}×${k}`)
    .join(' ');
  return { errors, syntax, codes, first: (lines[0] ?? '').slice(0, 220) };
}

async function typecheck(dir: string, tsconfig: string, reps: number): Promise<CheckResult> {
  const tc = checker();
  const runs: RunResult[] = [];
  for (let i = 0; i < reps; i++) runs.push(await measure(tc.bin, ['-p', tsconfig, '--pretty', 'false'], { cwd: dir, timeoutMs: TIMEOUT_MS }));
  const d = diagnostics(runs[0]!);
  // A checker exit of 1/2 only means diagnostics; anything else (crash) is a failed run.
  const finished = runs.filter((r) => !r.timedOut && r.signal === null && (r.code === 0 || r.code === 1 || r.code === 2));
  return {
    runs,
    wall: median(finished.map((r) => r.wallMs)),
    rss: median(finished.flatMap((r) => (r.rssMb === undefined ? [] : [r.rssMb]))),
    errors: d.errors,
    syntaxErrors: d.syntax,
    codes: d.codes,
    first: d.first,
  };
}

async function benchTypecheck(specName: string, root: string, cells: Map<ToolName, Cell>): Promise<string[]> {
  const tc = checker();
  const work = join(root, specName);
  const tools = [...cells.keys()];
  const results = new Map<ToolName, CheckResult[]>(tools.map((t) => [t, []]));
  const usable = tools.filter((t) => {
    const c = cells.get(t)!;
    return c.runs[c.runs.length - 1]?.ok === true; // the last run's output is the one on disk
  });
  for (const tool of usable) writeBenchTsconfig(join(work, tool), typecheckInclude(tool));
  // Alternating: one check of each tool per round.
  for (let rep = 1; rep <= REPS; rep++) {
    for (const tool of usable) {
      const r = await typecheck(join(work, tool), 'tsconfig.bench.json', 1);
      results.get(tool)!.push(r);
      progress(`${specName} type-check ${tool} run ${rep}: ${seconds(r.wall)} ${r.errors} errors`);
    }
  }
  const merged = new Map<ToolName, CheckResult>();
  for (const tool of usable) {
    const all = results.get(tool)!;
    const runs = all.flatMap((r) => r.runs);
    merged.set(tool, { ...all[0]!, runs, wall: median(all.map((r) => r.wall)), rss: median(all.map((r) => r.rss)) });
  }
  print();
  print(
    `== type-check of the ${specName} output (after: ${loadLine()}): ${tc.label}, one tsconfig for all (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck false, lib ES2022+DOM); median of ${REPS}`,
  );
  print(`  ${'tool'.padEnd(20)} ${'wall'.padStart(9)} ${'peak RSS'.padStart(9)}  errors   (codes; first)`);
  for (const tool of tools) {
    const r = merged.get(tool);
    if (!r) {
      print(`  ${tool.padEnd(20)} ${'-'.padStart(9)} ${'-'.padStart(9)}  not checked: generation failed`);
      continue;
    }
    const note =
      r.errors === 0 ? '' : `   (${r.codes}${r.syntaxErrors > 0 ? '; SYNTAX ERRORS: semantic check skipped, time not comparable' : ''}; first: ${r.first})`;
    print(`  ${tool.padEnd(20)} ${seconds(r.wall).padStart(9)} ${mib(r.rss).padStart(9)}  ${String(r.errors).padStart(6)}${note}`);
  }
  // specweave's own promise: its generated tsconfig.json (isolatedDeclarations etc.).
  let swOwn: CheckResult | undefined;
  if (merged.has('specweave')) {
    swOwn = await typecheck(join(work, 'specweave'), 'tsconfig.json', 1);
    print(
      `  specweave under its own generated tsconfig.json: ${swOwn.errors === 0 ? 'no errors' : `${swOwn.errors} errors (${swOwn.codes}; first: ${swOwn.first})`} in ${seconds(swOwn.wall)}`,
    );
  }
  const sw = merged.get('specweave');
  if (sw && (sw.errors > 0 || (swOwn && swOwn.errors > 0))) {
    const n = Math.max(sw.errors, swOwn?.errors ?? 0);
    specweaveFailures.push(
      `${specName}, type-check: ${n} errors (${sw.errors > 0 ? sw.codes : swOwn!.codes}); first: ${sw.errors > 0 ? sw.first : swOwn!.first}`,
    );
  }

  // Known specweave defect (arrow parameters `(args?, options) =>` → TS1016, a syntax error that
  // stops tsc before the semantic check): time a patched copy too, labelled as such, so the
  // type-check cost of the rest of the output is still known.
  let patched: CheckResult | undefined;
  if (sw && sw.syntaxErrors > 0) {
    const copy = join(work, 'specweave-patched');
    await rm(copy, { recursive: true, force: true });
    await cp(join(work, 'specweave'), copy, { recursive: true });
    const files = await listTs(join(copy, 'src'));
    let replaced = 0;
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      const fixed = text.replace(/\(args\?, options\) =>/g, () => {
        replaced++;
        return '(args?, options?) =>';
      });
      if (fixed !== text) await writeFile(f, fixed);
    }
    if (replaced > 0) {
      const all: CheckResult[] = [];
      for (let rep = 1; rep <= REPS; rep++) all.push(await typecheck(copy, 'tsconfig.bench.json', 1));
      patched = { ...all[0]!, wall: median(all.map((r) => r.wall)), rss: median(all.map((r) => r.rss)) };
      print(
        `  specweave, bench copy with ${replaced}× "(args?, options) =>" → "(args?, options?) =>" (NOT the real output): ${seconds(patched.wall)} ${mib(patched.rss)}, ${patched.errors} errors${patched.errors ? ` (${patched.codes}; first: ${patched.first})` : ''}`,
      );
    }
  }

  const lines: string[] = [];
  for (const peer of PEERS) {
    const p = merged.get(peer);
    if (!cells.has('specweave') || !cells.has(peer)) continue;
    let value: string;
    if (!sw) value = 'FAILED (specweave generation failed)';
    else if (!p) value = `n/a (${peer} generation failed)`;
    else if (sw.syntaxErrors > 0)
      value = `FAILED (specweave output has ${sw.errors} errors, ${sw.syntaxErrors} of them syntax errors ${sw.codes}: semantic check skipped)`;
    else value = `${ratio(sw.wall, p.wall)}${sw.errors > 0 ? ` (specweave output has ${sw.errors} type errors)` : ''}`;
    lines.push(`${specName}: typecheck specweave/${peer} ratio ${value}`);
    if (patched && p) lines.push(`${specName}: typecheck specweave(patched copy, see above)/${peer} ratio ${ratio(patched.wall, p.wall)}`);
  }
  return lines;
}

async function listTs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listTs(full)));
    else if (e.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

// ------------------------------------------------------------------------------ cold start

async function coldStart(root: string): Promise<void> {
  const project = join(root, 'coldstart');
  await mkdir(project, { recursive: true });
  await cp(join(REPO, 'specs'), join(project, 'specs'), { recursive: true });
  await copyFile(join(REPO, 'specweave.config.json'), join(project, 'specweave.config.json'));
  const config = join(project, 'specweave.config.json');
  // A newcomer's small project: one OpenAPI spec (Beam's).
  const small = join(root, 'coldstart-small');
  await mkdir(join(small, 'specs'), { recursive: true });
  await copyFile(join(REPO, 'specs', 'beam.openapi.yaml'), join(small, 'specs', 'beam.openapi.yaml'));
  const smallConfig = join(small, 'specweave.config.json');
  await writeFile(smallConfig, `${JSON.stringify({ output: 'out', apis: [{ name: 'beam', spec: 'specs/beam.openapi.yaml' }] }, null, 2)}\n`);
  // A second project with a node_modules folder, where the content-hash cache lives: after its
  // first run, nothing changes, so every measured run is the "unchanged specs" case.
  const cachedProject = join(root, 'coldstart-cached');
  await cp(project, cachedProject, { recursive: true });
  await mkdir(join(cachedProject, 'node_modules'), { recursive: true });
  const cachedConfig = join(cachedProject, 'specweave.config.json');
  const node = process.execPath;
  // One run each first: the content-hash cache's manifest, and V8's code cache of the libraries
  // (kept in the package's node_modules/.cache, as after a user's first run).
  await measure(node, [CLI, '--config', cachedConfig], { cwd: REPO, timeoutMs: TIMEOUT_MS });
  await measure(node, [CLI, '--config', smallConfig], { cwd: REPO, timeoutMs: TIMEOUT_MS });
  const cases: [string, string, string[]][] = [
    ['specweave-gen, 5 checked-in specs (goal < 1 s)', node, [CLI, '--config', config]],
    ['specweave-gen, one small spec (goal < 0.8 s)', node, [CLI, '--config', smallConfig, '--no-cache']],
    ['specweave-gen --check, 5 specs', node, [CLI, '--config', config, '--check']],
    ['specweave-gen, 5 specs unchanged (cache; goal < 0.2 s)', node, [CLI, '--config', cachedConfig]],
    ['specweave-gen --check, unchanged (cache)', node, [CLI, '--config', cachedConfig, '--check']],
    ['specweave-gen, 5 specs, no V8 code cache', node, [CLI, '--config', config]],
    ['floor: specweave-gen --version', node, [CLI, '--version']],
    ['floor: node -e 0', node, ['-e', '0']],
    ['from the sources: npm run generate (tsx), 5 specs', 'npm', ['run', 'generate', '--', '--config', config]],
  ];
  const noCodeCache = { ...process.env, SPECWEAVE_NO_CODE_CACHE: '1' };
  // The first generate writes the output that --check then compares against.
  const runs = new Map<string, RunResult[]>(cases.map(([n]) => [n, []]));
  for (let rep = 1; rep <= REPS; rep++) {
    for (const [name, cmd, args] of cases) {
      const [command, pinnedArgs] = pinned(cmd, args);
      const r = await measure(command, pinnedArgs, { cwd: REPO, timeoutMs: TIMEOUT_MS, ...(name.includes('no V8 code cache') && { env: noCodeCache }) });
      runs.get(name)!.push(r);
      progress(`cold start ${name} run ${rep}: ${r.ok ? 'ok' : `exit ${r.code}`} ${seconds(r.wallMs)}`);
    }
  }
  print();
  print(
    `== cold start, compiled CLI (bin/specweave-gen.js; copies of specweave.config.json and specs/ in temp projects, so generated/ is untouched)${MODE}; median of ${REPS}; after: ${loadLine()}`,
  );
  for (const [name] of cases) {
    const rs = runs.get(name)!;
    const good = rs.filter((r) => r.ok);
    const every = rs.map((r) => (r.ok ? (r.wallMs / 1000).toFixed(2) : `exit ${r.code}`)).join(' ');
    print(
      `  ${name.padEnd(56)} ${good.length ? seconds(median(good.map((r) => r.wallMs))) : 'FAILED'}  peak RSS ${mib(median(good.flatMap((r) => (r.rssMb === undefined ? [] : [r.rssMb]))))}  (${every})`,
    );
    const bad = rs.find((r) => !r.ok);
    if (bad) {
      print(`    FAILED: ${failureText(bad).replace(/\n/g, '\n      ')}`);
      specweaveFailures.push(`cold start ${name}: ${failureText(bad)}`);
    }
  }
  const gen = runs.get(cases[0]![0])!.find((r) => r.ok);
  const phases = gen && parsePhases(gen.stdout);
  if (phases)
    print(
      `  generate phases (one run): load ${phases.load} ms, model ${phases.build} ms, emit ${phases.emit} ms, then ${phases.validationWait} ms waiting for validation (worker thread)`,
    );
}

// ------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const started = performance.now();
  print(`bench:generate — node ${process.version}, ${REPS} run(s) per cell, checker ${checker().label}`);
  print(`start ${loadLine()}`);
  if (process.env['BENCH_NO_BUILD'] !== '1') {
    const built = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run build failed: ${firstLines(`${built.stdout}\n${built.stderr}`, 8)}`);
  }
  ensurePeers((l) => process.stderr.write(`${l}\n`));
  print(
    `peers: ${Object.entries(PINNED)
      .map(([p, v]) => `${p}@${v}`)
      .join(', ')}`,
  );
  print('  (hey-api 0.95.0 and orval 7.13.2 are the newest releases whose engines accept Node 20: hey-api ≥0.96 needs Node ≥22.13, orval ≥7.14 needs ≥22.18)');
  const specs = await specList();
  const root = await mkdtemp(join(tmpdir(), 'specweave-bench-'));
  const summary: string[] = [];
  try {
    for (const spec of specs) {
      const cells = await benchSpec(spec, root);
      if (spec.name === 'github' || spec.name === 'stripe') {
        summary.push(...ratioLines(spec.name, cells));
        summary.push(...(await benchTypecheck(spec.name, root, cells)));
        // The big outputs are large: drop them once measured.
        if (process.env['BENCH_KEEP'] !== '1') await rm(join(root, spec.name), { recursive: true, force: true });
      }
      // Issue 14's small-spec goal: Beam's six operations, where start-up is most of the run.
      if (spec.name === 'beam') summary.push(...ratioLines('small', cells).filter((l) => l.includes(' wall ratio ')));
    }
    if (!ONLY_SPECS || ONLY_SPECS.includes('coldstart')) await coldStart(root);
  } finally {
    if (process.env['BENCH_KEEP'] === '1') print(`(outputs kept in ${root})`);
    else await rm(root, { recursive: true, force: true });
  }
  print();
  print('== summary');
  for (const line of summary) print(line);
  print(`specweave failures: ${specweaveFailures.length === 0 ? 'none' : specweaveFailures.length}`);
  for (const f of specweaveFailures) print(`  - ${f.replace(/\n/g, '\n    ')}`);
  print(`end ${loadLine()}; total ${seconds(performance.now() - started)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:generate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
