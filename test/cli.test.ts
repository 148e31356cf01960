/**
 * The CLI working in a temporary copy of the project (specs/ and a config whose output folder
 * already holds files). Where the point is what it says and writes, its `main` runs in this
 * process (runCliInProcess: a spawned CLI costs seconds of CPU, and a loaded machine made these
 * tests time out); --help, --version, the terminal and --watch run it as a user does, as a child
 * process (`node --import tsx src/cli/main.ts`).
 * Bad input must exit 1 with one paragraph naming the file and place, and leave every byte of
 * the project, output folder included, as it was.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type Run, run, runCli, runCliInProcess, stopAll } from './support/run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
/** tsx by absolute URL: the CLI runs with the temporary project as its working folder. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** For a hang, not for speed: a child CLI on a loaded two-core machine has taken over 30 s. */
const TIMEOUT = 120_000;
const SUMMARY = 'generated 5 APIs (6 operations, 4 channels)';

const projects: string[] = [];
const children = new Set<ChildProcess>();
afterAll(async () => {
  // A child still running (its test timed out) would write into a folder being removed.
  const running = [...children].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(running.map((child) => new Promise((done) => child.once('close', done).kill('SIGKILL'))));
  await stopAll();
  await Promise.all(projects.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Project {
  dir: string;
  /** Output folder (absolute). */
  out: string;
  /** Replaces the one line equal to `line` in a spec; returns its 1-based line number. */
  replaceLine(spec: string, line: string, replacement: string | null): Promise<number>;
  writeSpec(spec: string, text: string): Promise<void>;
  writeConfig(edit: (config: Record<string, any>) => void): Promise<void>;
  /**
   * Keeps only the named API in the config. Bad-input cases use it where the other APIs add
   * nothing but time (loading the AsyncAPI parser costs about a second per process); case (a)
   * keeps all five, as a user's project has them.
   */
  only(api: string): Promise<void>;
}

/** A copy of specs/ and the config, with output `out/` that already holds hand-made files. */
async function project(): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), 'specweave-cli-'));
  projects.push(dir);
  await cp(join(ROOT, 'specs'), join(dir, 'specs'), { recursive: true });
  const config = JSON.parse(await readFile(join(ROOT, 'specweave.config.json'), 'utf8')) as Record<string, any>;
  config['output'] = 'out';
  const writeConfig = async (edit: (c: Record<string, any>) => void): Promise<void> => {
    edit(config);
    await writeFile(join(dir, 'specweave.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  };
  await writeConfig(() => {});
  const out = join(dir, 'out');
  await mkdir(join(out, 'nested'), { recursive: true });
  await writeFile(join(out, 'SENTINEL.txt'), 'written by hand; a failed run must leave it here\n');
  await writeFile(join(out, 'nested', 'bytes.bin'), Buffer.from([0, 1, 2, 254, 255]));
  // Listed in the folder's manifest: a previous generation, which a run may replace.
  await writeFile(join(out, '.specweave-manifest.json'), JSON.stringify({ files: { 'SENTINEL.txt': '', 'nested/bytes.bin': '' } }));
  return {
    dir,
    out,
    writeConfig,
    only: (api) =>
      writeConfig((c) => {
        c['apis'] = (c['apis'] as Array<{ name: string }>).filter((a) => a.name === api);
      }),
    writeSpec: (spec, text) => writeFile(join(dir, 'specs', spec), text),
    async replaceLine(spec, line, replacement) {
      const file = join(dir, 'specs', spec);
      const lines = (await readFile(file, 'utf8')).split('\n');
      const index = lines.indexOf(line);
      if (index < 0 || lines.indexOf(line, index + 1) >= 0) throw new Error(`test setup: "${line}" is not one line of specs/${spec}`);
      if (replacement === null) lines.splice(index, 1);
      else lines[index] = replacement;
      await writeFile(file, lines.join('\n'));
      return index + 1;
    },
  };
}

/** Every file and folder under `dir` with a hash of its bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const full = join(entry.parentPath, entry.name);
    const key = relative(dir, full).split(sep).join('/');
    result[key] = entry.isDirectory()
      ? '(folder)'
      : createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

const cli = (cwd: string, args: string[]): Promise<Run> => runCliInProcess(cwd, args);
/** As a user starts it: a child process. */
const cliProcess = (cwd: string, args: string[]): Promise<Run> => runCli(cwd, args);

/** Exit 1, nothing on stdout, and one paragraph on stderr: a single line, no stack trace. */
function expectBadInput(result: Run): string {
  expect(result.code, `exit code; stderr: ${result.stderr}`).toBe(1);
  expect(result.stderr, 'stderr').toMatch(/^specweave: \S/);
  expect(result.stderr.endsWith('\n'), `stderr ends with a newline: ${JSON.stringify(result.stderr)}`).toBe(true);
  expect(result.stderr.trimEnd().split('\n'), 'stderr is one line').toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/\(\S+:\d+:\d+\)|file:\/\/|node:internal|internal error/);
  expect(result.stdout).toBe('');
  return result.stderr.trimEnd();
}

/** Runs the CLI in a project prepared by `prepare` and checks the failure left no trace. */
async function failingRun(prepare: (p: Project) => Promise<void>, args: string[] = []): Promise<{ message: string; project: Project }> {
  const p = await project();
  await prepare(p);
  const before = await snapshot(p.dir);
  const result = await cli(p.dir, ['--config', 'specweave.config.json', ...args]);
  const message = expectBadInput(result);
  expect(await snapshot(p.dir), 'the project and its output folder are byte-for-byte unchanged').toEqual(before);
  expect(Object.keys(before)).toContain('out/SENTINEL.txt');
  return { message, project: p };
}

/** One successful CLI run, shared: its output is the fresh output the --check cases start from. */
let fresh: Promise<{ project: Project; result: Run }> | undefined;
function freshRun(): Promise<{ project: Project; result: Run }> {
  fresh ??= (async () => {
    const p = await project();
    return { project: p, result: await cli(p.dir, ['--config', 'specweave.config.json']) };
  })();
  return fresh;
}

/** A project whose output folder is a copy of the fresh CLI output. */
async function projectWithFreshOutput(): Promise<Project> {
  const { project: source, result } = await freshRun();
  expect(result.code, result.stderr).toBe(0);
  const p = await project();
  await rm(p.out, { recursive: true });
  await cp(source.out, p.out, { recursive: true });
  return p;
}

// Plain describes run one after another; the tests inside each run concurrently. Small groups
// keep each test's time close to its own CLI run's, even on a busy two-core machine.
describe('specweave CLI: generate, --help, --version', () => {
  it.concurrent('generates: exit 0, the summary line, the package written in place of the old output, no staging left', { timeout: TIMEOUT }, async () => {
    const { project: p, result } = await freshRun();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = new RegExp(`^specweave: ${SUMMARY.replace(/[()]/g, '\\$&')} into out/: (\\d+) files in \\d+\\.\\d\\d s$`);
    const [first, ...apiLines] = result.stdout.trimEnd().split('\n');
    const count = Number(summary.exec(first ?? '')?.[1]);
    expect(first).toMatch(summary);
    for (const api of ['beam', 'beam-realtime', 'golem-worker-connect', 'beam-logs', 'modelbeam']) {
      // Each API's line: name, kind, counts and its own time (load, build, emit).
      expect(
        apiLines.find((l) => l.trim().startsWith(`${api} `)),
        api,
      ).toMatch(/ \d+ operations +\d+ channels +\d+ ms {2}\(specs\//);
    }
    const after = await snapshot(p.dir);
    const written = Object.keys(after).filter((k) => k.startsWith('out/') && after[k] !== '(folder)');
    expect(written).toHaveLength(count);
    // The hand-made files are gone: the folder was replaced as a whole.
    expect(written).not.toContain('out/SENTINEL.txt');
    expect(written).not.toContain('out/nested/bytes.bin');
    const pkg = JSON.parse(await readFile(join(p.out, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
    expect(pkg.name).toBe('@specweave/clients');
    for (const api of ['beam', 'beam-realtime', 'golem-worker-connect', 'beam-logs', 'modelbeam']) {
      expect(Object.keys(pkg.exports)).toContain(`./${api}`);
      for (const file of [`src/${api}/index.ts`, `dist/${api}/index.js`, `dist/${api}/index.d.ts`]) expect(written).toContain(`out/${file}`);
    }
    // Top level: no staging or old-output folder left behind.
    expect(Object.keys(after).filter((k) => !k.includes('/'))).toEqual(['out', 'specs', 'specweave.config.json']);
  });

  (existsSync('/usr/bin/script') ? it.concurrent : it.skip)(
    'on a terminal, each API says it is done on stderr as its emit finishes, before the summary',
    { timeout: TIMEOUT },
    async () => {
      const p = await project();
      // util-linux `script` gives the CLI a pseudo-terminal (stdout and stderr both go to it).
      const command = [process.execPath, '--import', TSX, CLI].map((a) => `'${a}'`).join(' ');
      const result = await run('/usr/bin/script', ['-qec', command, '/dev/null'], p.dir, { SPECWEAVE_DEBUG: undefined });
      expect(result.code, result.stdout).toBe(0);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's erase-line escape is what it strips
      const text = result.stdout.replace(/\r/g, '').replace(/\x1b\[K/g, '');
      const summaryAt = text.indexOf(`specweave: ${SUMMARY}`);
      expect(summaryAt, text).toBeGreaterThan(0);
      for (const api of ['beam', 'beam-realtime', 'golem-worker-connect', 'beam-logs', 'modelbeam']) {
        const line = new RegExp(`^  ${api} +(OpenAPI|AsyncAPI) .* \\d+ ms {2}\\(specs/`, 'm');
        // Once as progress (before the summary), once in the summary.
        expect(line.exec(text)?.index ?? Infinity, api).toBeLessThan(summaryAt);
        expect(line.exec(text.slice(summaryAt)), api).not.toBeNull();
      }
    },
  );

  it.concurrent('--help prints the usage and exits 0', { timeout: TIMEOUT }, async () => {
    const result = await cliProcess(ROOT, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^specweave-gen \[options\]/);
    for (const option of ['--config', '--check', '--watch', '--strict', '--force', '--input', '--output', '--help', '--version'])
      expect(result.stdout).toContain(option);
    expect(result.stderr).toBe('');
  });

  it.concurrent('--version prints the version and exits 0', { timeout: TIMEOUT }, async () => {
    const result = await cliProcess(ROOT, ['--version']);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(result).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});

describe('specweave CLI: bad input (config, missing file, YAML)', () => {
  it.concurrent('(a) a config that lists a missing spec file', { timeout: TIMEOUT }, async () => {
    const { message, project: p } = await failingRun((p) =>
      p.writeConfig((c) => {
        c['apis'][1]['spec'] = 'specs/beam-realtime.asyncapi.yml';
      }),
    );
    expect(message).toBe(
      `specweave: specweave.config.json (at #/apis/1/spec): spec specs/beam-realtime.asyncapi.yml (relative to ${p.dir}, the config's folder) not found`,
    );
  });

  it.concurrent('(b) invalid YAML: bad indentation, reported at its line', { timeout: TIMEOUT }, async () => {
    let line = 0;
    const { message } = await failingRun(async (p) => {
      await p.only('beam');
      line = await p.replaceLine('beam.openapi.yaml', '      operationId: cancelTasks', '     operationId: cancelTasks');
    });
    expect(message).toMatch(new RegExp(`^specweave: specs/beam\\.openapi\\.yaml \\(line ${line}\\): invalid YAML: \\S`));
  });

  it.concurrent('(b) invalid YAML: an unclosed quote, reported at the line of the quote', { timeout: TIMEOUT }, async () => {
    let line = 0;
    const { message } = await failingRun(async (p) => {
      await p.only('beam');
      line = await p.replaceLine('beam.openapi.yaml', '  title: Beam API', '  title: "Beam API');
    });
    expect(message).toMatch(/^specweave: specs\/beam\.openapi\.yaml \(line \d+\): invalid YAML: .*quote/);
    expect(message).toContain(`(line ${line})`);
  });

  it.concurrent('a bad config (API name "../x") names the config file and /apis/0/name', { timeout: TIMEOUT }, async () => {
    const { message } = await failingRun((p) =>
      p.writeConfig((c) => {
        c['apis'][0]['name'] = '../x';
      }),
    );
    expect(message).toMatch(/^specweave: specweave\.config\.json \(at #\/apis\/0\/name\): an API name must be/);
  });

  it.concurrent('--check with --watch is refused as bad input', { timeout: TIMEOUT }, async () => {
    const { message } = await failingRun(async () => {}, ['--check', '--watch']);
    expect(message).toBe('specweave: --check and --watch cannot be used together');
  });
});

describe('specweave CLI: bad input (not an API document, $ref)', () => {
  it.concurrent('(c) a YAML document that is neither OpenAPI nor AsyncAPI', { timeout: TIMEOUT }, async () => {
    const { message } = await failingRun(async (p) => {
      await p.only('golem-worker-connect');
      await p.writeSpec('golem-worker-connect.asyncapi.yaml', 'title: Meeting notes\nitems:\n  - coffee\n  - specs\n');
    });
    expect(message).toMatch(/^specweave: specs\/golem-worker-connect\.asyncapi\.yaml \(line 1, at #\): is not an OpenAPI or AsyncAPI document/);
  });

  it.concurrent('(d) a dangling $ref in an AsyncAPI document: the pointer and line of the $ref itself', { timeout: TIMEOUT }, async () => {
    let line = 0;
    const { message } = await failingRun(async (p) => {
      await p.only('beam-logs');
      line = await p.replaceLine(
        'beam-logs.asyncapi.yaml',
        "        $ref: '#/components/messages/LogBatch'",
        "        $ref: '#/components/messages/LogBatches'",
      );
    });
    expect(message).toBe(
      `specweave: specs/beam-logs.asyncapi.yaml (line ${line}, at #/channels/~1/subscribe/message/$ref): $ref "#/components/messages/LogBatches" points to nothing in this document`,
    );
  });

  it.concurrent('(d) a dangling $ref in an OpenAPI document: the pointer and line of the $ref itself', { timeout: TIMEOUT }, async () => {
    let line = 0;
    const { message } = await failingRun(async (p) => {
      await p.only('beam');
      line = await p.replaceLine('beam.openapi.yaml', "                $ref: '#/components/schemas/Task'", "                $ref: '#/components/schemas/Tsak'");
    });
    expect(message).toBe(
      `specweave: specs/beam.openapi.yaml (line ${line}, at #/paths/~1v2~1task~1{task_id}~1/get/responses/200/content/application~1json/schema/$ref): $ref "#/components/schemas/Tsak" points to nothing in this document`,
    );
  });
});

// A spec that breaks its standard is usable and generates with warnings (test/warnings.test.ts);
// under --strict each warning is an error, reported like any bad input.
describe('specweave CLI: bad input (OpenAPI standard, --strict)', () => {
  it.concurrent('(e) OpenAPI: a response without its required description is named by pointer and line', { timeout: TIMEOUT }, async () => {
    let line = 0;
    const { message } = await failingRun(
      async (p) => {
        // The first 200 response (of invokeNamedEndpoint) loses its description; the error is at its key, the line above.
        await p.only('beam');
        const text = await readFile(join(p.dir, 'specs', 'beam.openapi.yaml'), 'utf8');
        const description = '          description: OK - the function return value, serialized as JSON.';
        const lines = text.split('\n');
        const index = lines.indexOf(description);
        expect(lines[index - 1]).toBe("        '200':");
        line = index; // 1-based line of '200':
        lines.splice(index, 1);
        await p.writeSpec('beam.openapi.yaml', lines.join('\n'));
      },
      ['--strict'],
    );
    expect(message).toMatch(
      new RegExp(
        `^specweave: specs/beam\\.openapi\\.yaml \\(line ${line}, at #/paths/~1endpoint~1\\{name\\}/post/responses/200\\): breaks the OpenAPI standard: .*description`,
      ),
    );
  });

  it.concurrent('(e) OpenAPI: an operationId that is a number', { timeout: TIMEOUT }, async () => {
    let line = 0;
    const { message } = await failingRun(
      async (p) => {
        await p.only('beam');
        line = await p.replaceLine('beam.openapi.yaml', '      operationId: submitTaskByName', '      operationId: 42');
      },
      ['--strict'],
    );
    expect(message).toMatch(
      new RegExp(
        `^specweave: specs/beam\\.openapi\\.yaml \\(line ${line}, at #/paths/~1taskqueue~1\\{name\\}/post/operationId\\): breaks the OpenAPI standard: must be string`,
      ),
    );
  });

  it.concurrent('(e) OpenAPI: a problem under a key holding "%" is still bad input (exit 1, one line, pointer and line)', { timeout: TIMEOUT }, async () => {
    const { message } = await failingRun(
      async (p) => {
        await p.only('beam');
        // A property named "done%" whose type is not a type name.
        await p.replaceLine('beam.openapi.yaml', '        id:', "        'done%':\n          type: 12\n        id:");
      },
      ['--strict'],
    );
    expect(message).toMatch(/^specweave: specs\/beam\.openapi\.yaml \(line \d+, at #\/\S*\/properties\/done%\/type\): breaks the OpenAPI standard: /);
  });

  it.concurrent('(e) OpenAPI: a problem inside a component schema is reported where it is written, not where it is referenced', {
    timeout: TIMEOUT,
  }, async () => {
    let line = 0;
    const { message } = await failingRun(
      async (p) => {
        await p.only('beam');
        // Task is used through a $ref by getTaskStatus; the mistake is in the component itself.
        await p.replaceLine('beam.openapi.yaml', '        id:', '        done_:\n          type: 12\n        id:');
        line = (await readFile(join(p.dir, 'specs', 'beam.openapi.yaml'), 'utf8')).split('\n').indexOf('          type: 12') + 1;
      },
      ['--strict'],
    );
    expect(message).toMatch(
      new RegExp(
        `^specweave: specs/beam\\.openapi\\.yaml \\(line ${line}, at #/components/schemas/Task/properties/done_/type\\): breaks the OpenAPI standard: `,
      ),
    );
  });
});

describe('specweave CLI: bad input (AsyncAPI standard, --strict)', () => {
  it.concurrent('(f) AsyncAPI: an operationId that is a number', { timeout: TIMEOUT }, async () => {
    let line = 0;
    const { message } = await failingRun(
      async (p) => {
        await p.only('beam-realtime');
        line = await p.replaceLine('beam-realtime.asyncapi.yaml', '      operationId: receiveRealtimeOutput', '      operationId: 7');
      },
      ['--strict'],
    );
    expect(message).toMatch(
      new RegExp(
        `^specweave: specs/beam-realtime\\.asyncapi\\.yaml \\(line ${line}, at #/channels/~1/subscribe/operationId\\): breaks the AsyncAPI standard: .*string`,
      ),
    );
  });

  it.concurrent('(f) AsyncAPI: info without its required title', { timeout: TIMEOUT }, async () => {
    const { message } = await failingRun(
      async (p) => {
        await p.only('modelbeam');
        await p.replaceLine(
          'modelbeam.asyncapi.yaml',
          (await readFile(join(ROOT, 'specs', 'modelbeam.asyncapi.yaml'), 'utf8')).split('\n').find((l) => /^ {2}title: /.test(l))!,
          null,
        );
      },
      ['--strict'],
    );
    const infoLine = (await readFile(join(ROOT, 'specs', 'modelbeam.asyncapi.yaml'), 'utf8')).split('\n').indexOf('info:') + 1;
    expect(message).toMatch(
      new RegExp(`^specweave: specs/modelbeam\\.asyncapi\\.yaml \\(line ${infoLine}, at #/info\\): breaks the AsyncAPI standard: .*title`),
    );
  });
});

// After the first group, so the fresh output they copy is already there.
describe('specweave CLI: --check', () => {
  it.concurrent('--check on fresh output exits 0 and writes nothing', { timeout: TIMEOUT }, async () => {
    const p = await projectWithFreshOutput();
    const before = await snapshot(p.dir);
    const result = await cli(p.dir, ['--config', 'specweave.config.json', '--check']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^specweave: out\/ is up to date \(\d+ files, \d+\.\d\d s\)\n$/);
    expect(await snapshot(p.dir)).toEqual(before);
  });

  it.concurrent('--check on stale output exits 1, names the changed and the extra file, and writes nothing', { timeout: TIMEOUT }, async () => {
    const p = await projectWithFreshOutput();
    await appendFile(join(p.out, 'src', 'beam', 'operations.ts'), '// edited by hand\n');
    await writeFile(join(p.out, 'dist', 'beam', 'extra.js'), 'export {};\n');
    const before = await snapshot(p.dir);
    const result = await cli(p.dir, ['--config', 'specweave.config.json', '--check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^specweave: out\/ is stale \(2 files\)/);
    expect(result.stderr).toContain('src/beam/operations.ts');
    expect(result.stderr).toContain('dist/beam/extra.js');
    expect(result.stderr.match(/^ {2}\S/gm), 'exactly the two files are listed').toHaveLength(2);
    expect(await snapshot(p.dir)).toEqual(before);
  });
});

describe('specweave CLI: --watch', () => {
  it('regenerates when a spec changes, keeps the old output when an edit breaks it, and recovers', async () => {
    const p = await project();
    await p.writeConfig((c) => {
      c['apis'] = (c['apis'] as Array<{ name: string }>).filter((a) => a.name === 'beam' || a.name === 'beam-logs');
    });
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    const child = spawn(process.execPath, ['--import', TSX, CLI, '--watch'], { cwd: p.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const until = async (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => {
      // Generous (a loaded two-core machine): the deadline is for a watcher that never reacts.
      const deadline = Date.now() + 60_000;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`--watch: timed out waiting for ${what}\nstdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const operations = (): Promise<string> => readFile(join(p.out, 'src', 'beam', 'operations.ts'), 'utf8').catch(() => '');
    try {
      await until(() => stdout.includes('watching'), 'the first run');
      expect(await operations()).toContain('Get task status and metadata');

      // An edit regenerates.
      await p.replaceLine('beam.openapi.yaml', '      summary: Get task status and metadata', '      summary: Get task status, edited while watching');
      await until(async () => (await operations()).includes('edited while watching'), 'the regenerated output');
      // Only the spec that changed was read again.
      await until(() => stdout.includes('unchanged, not read again: beam-logs\n'), 'the summary naming the reused spec');
      expect(stdout.match(/not read again/g)).toHaveLength(1);

      // A broken edit is reported (one line, file and place) and the output stays as it was.
      const before = await snapshot(p.out);
      const line = await p.replaceLine('beam.openapi.yaml', '      summary: Get task status, edited while watching', '      summary: "unclosed');
      await until(() => stderr.includes('invalid YAML'), 'the error report');
      expect(stderr).toMatch(new RegExp(`specs/beam\\.openapi\\.yaml \\(line ${line}\\): invalid YAML`));
      expect(await snapshot(p.out)).toEqual(before);

      // Fixing it regenerates again; the watcher survived the error.
      await p.replaceLine('beam.openapi.yaml', '      summary: "unclosed', '      summary: Fixed while watching');
      await until(async () => (await operations()).includes('Fixed while watching'), 'the output after the fix');
    } finally {
      child.kill('SIGKILL');
    }
  }, 240_000);
});

describe('specweave CLI: the content-hash cache', () => {
  it('skips a run whose inputs and output are unchanged, and never skips one that would differ', { timeout: TIMEOUT }, async () => {
    const p = await project();
    await p.only('beam');
    // The manifest lives in the project's node_modules/.cache (no node_modules, no cache).
    await mkdir(join(p.dir, 'node_modules'));
    const first = await cli(p.dir, []);
    expect(first.stdout).toContain('generated 1 APIs');
    const fresh = await snapshot(p.out);

    const cached = await cli(p.dir, []);
    expect(cached.code).toBe(0);
    expect(cached.stdout).toMatch(/^specweave: out\/ is up to date \(no spec, config or generator file changed since the last run; [\d.]+ s\)\n$/);
    expect(await snapshot(p.out)).toEqual(fresh);
    expect((await cli(p.dir, ['--check'])).stdout).toContain('no spec, config or generator file changed');

    // An output file edited by hand: --check finds it stale, a run restores it.
    await appendFile(join(p.out, 'src', 'beam', 'operations.ts'), '// edited by hand\n');
    const check = await cli(p.dir, ['--check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('src/beam/operations.ts (differs)');
    expect((await cli(p.dir, [])).stdout).toContain('generated 1 APIs');
    expect(await snapshot(p.out)).toEqual(fresh);

    // A spec edit regenerates.
    await p.replaceLine('beam.openapi.yaml', '      summary: Get task status and metadata', '      summary: Get task status, edited');
    expect((await cli(p.dir, [])).stdout).toContain('generated 1 APIs');
    expect(await readFile(join(p.out, 'src', 'beam', 'operations.ts'), 'utf8')).toContain('Get task status, edited');
    expect((await cli(p.dir, [])).stdout).toContain('is up to date (no spec');

    // A config edit regenerates; --no-cache always does.
    await p.writeConfig((c) => {
      c['package'].version = '9.9.9';
    });
    expect((await cli(p.dir, [])).stdout).toContain('generated 1 APIs');
    expect(await readFile(join(p.out, 'package.json'), 'utf8')).toContain('"version": "9.9.9"');
    expect((await cli(p.dir, ['--no-cache'])).stdout).toContain('generated 1 APIs');
  });
});
