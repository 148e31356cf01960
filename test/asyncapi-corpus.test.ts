/**
 * The AsyncAPI corpus: public documents we did not write (test/fixtures/asyncapi-corpus, see
 * its SOURCE.md). Each is generated in-process into a temporary folder, every output is
 * type-checked by one tsc run with its README's ```ts examples, and its JavaScript is imported; for each WebSocket channel, a
 * loopback `ws` server (given as `url`, so documents without `servers` are played too) plays
 * the document's own examples:
 *
 * - every example of every receive message is sent by the server, and must reach that
 *   message's listener and no other (nothing to `$unknown`);
 * - every example of every send message is sent by the client, and the server must receive
 *   exactly it;
 * - every request with a reply: the client calls its request method with each request
 *   example, the server answers with the reply's example (the correlation id copied when the
 *   document gives a `correlationId`), and the call must resolve with exactly that.
 *
 * A message without examples gets one frame synthesised from its payload schema; those are
 * counted and printed apart (`synthesised`), never as the document's own examples.
 * Documents without a WebSocket server are counted as left out, with the generator's warning.
 * The counts and a per-document table are printed; the assertions hold each mis-routed frame
 * to a generator warning that names its message (two messages the document does not tell
 * apart), every sent frame to arrive intact and every request to resolve.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiNames, type ChannelNames } from '../src/emit/api-names.js';
import { checkConfig } from '../src/load/config.js';
import type { ApiModel, Channel, Message, Schema } from '../src/model/ir.js';
import { generate } from '../src/pipeline.js';
import { writeReadmeExamples } from './support/readme-examples.js';
import { startWsServer, waitFor } from './support/ws-test-server.js';

const ROOT = resolve(__dirname, '..');
const CORPUS = join(ROOT, 'test/fixtures/asyncapi-corpus');

interface Counts {
  routed: number;
  frames: number;
  sent: number;
  sends: number;
  /** Requests that resolved with their reply / requests played. */
  resolved: number;
  requests: number;
}

interface Row extends Counts {
  document: string;
  /** The same counts for frames this test synthesised from schemas (messages without examples). */
  synth: Counts;
  generated: boolean | string;
  channels: number;
  routed: number;
  frames: number;
  sent: number;
  sends: number;
  /** Messages without any example (receive + send). */
  noExamples: number;
  /** Requests that resolved with their reply example / requests with a reply example (rt-reply). */
  resolved: number;
  requests: number;
  leftOut: string[];
  /** ```ts examples in the generated README (type-checked with the package). */
  examples: number;
  /** The generated package passed tsc (strict, exactOptionalPropertyTypes, isolatedDeclarations). */
  typeChecked: boolean;
  problems: string[];
  /** Messages named by a "cannot be told apart" warning. */
  clashing: Set<string>;
}

/**
 * The AsyncAPI generator's WebSocket client fixtures are written from the client's side (its
 * client templates read `send` as what the client sends): they are generated with
 * `perspective: 'client'`, as their users would (SOURCE.md).
 */
function perspectiveOf(doc: string): { perspective?: 'client' } {
  return relative(CORPUS, doc).startsWith('generator-ws') ? { perspective: 'client' } : {};
}

async function documents(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir)).sort()) {
    const path = join(dir, entry);
    if ((await stat(path)).isDirectory()) {
      if (entry !== 'common') out.push(...(await documents(path))); // parts of multi-file documents
    } else if (/\.ya?ml$/.test(entry)) out.push(path);
  }
  return out;
}

/** The examples of a message: its own, else its payload schema's. */
function examplesOf(model: ApiModel, message: Message): unknown[] {
  if (message.examples && message.examples.length > 0) return message.examples.filter((e) => e !== undefined);
  let s: Schema | undefined = message.payload;
  for (let i = 0; s?.kind === 'ref' && i < 20; i++) {
    const name: string = s.name;
    s = model.schemas.find((n) => n.name === name)?.schema;
  }
  return s?.examples ?? [];
}

/**
 * A value of a schema, made up by this test for a message the document gives no example of:
 * examples and defaults first, constants, required properties only (and properties with a
 * constant, which tell messages apart), the first member of a union. Counted apart as
 * `synthesised`, never as the document's own examples.
 */
function synthesise(model: ApiModel, schema: Schema, depth = 0): unknown {
  if (depth > 12) return null;
  if (schema.examples?.[0] !== undefined) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.kind) {
    case 'ref': {
      const named = model.schemas.find((n) => n.name === schema.name);
      return named ? synthesise(model, named.schema, depth + 1) : null;
    }
    case 'literal':
      return schema.values[0];
    case 'primitive':
      return schema.type === 'string'
        ? schema.format === 'date-time'
          ? '2024-01-01T00:00:00Z'
          : 'x'
        : schema.type === 'boolean'
          ? true
          : schema.type === 'null'
            ? null
            : 1;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of schema.properties) if (p.required || p.schema.kind === 'literal') out[p.name] = synthesise(model, p.schema, depth + 1);
      return out;
    }
    case 'array':
      return (schema.prefixItems ?? []).slice(0, schema.minItems ?? 0).map((item) => synthesise(model, item, depth + 1));
    case 'union':
      return schema.members[0] ? synthesise(model, schema.members[0], depth + 1) : null;
    case 'intersection':
      return Object.assign({}, ...schema.members.map((m) => synthesise(model, m, depth + 1)));
    default:
      return {};
  }
}

/** The frames to play for a message: its own examples, else one synthesised from its payload schema. */
function framesOf(model: ApiModel, message: Message): { values: unknown[]; synthesised: boolean } {
  const own = examplesOf(model, message);
  return own.length > 0 ? { values: own, synthesised: false } : { values: [synthesise(model, message.payload)], synthesised: true };
}

function parameterValues(channel: Channel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of channel.parameters) {
    const s = p.schema;
    out[p.name] = s.kind === 'literal' && typeof s.values[0] === 'string' ? s.values[0] : typeof s.default === 'string' ? s.default : 'x';
  }
  return out;
}

function serverVariables(model: ApiModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of model.servers) for (const v of s.variables) out[v.name] = v.default ?? v.enum?.[0] ?? 'x';
  return out;
}

type ChannelInstance = {
  connect(): Promise<void>;
  close(): void;
  on(name: string, listener: (payload: unknown) => void): () => void;
} & Record<string, unknown>;

/** The value at a JSON pointer's segments, or undefined. */
function at(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** A copy of `value` with `id` set at `path` (objects along the way created). */
function withAt(value: unknown, path: string[], id: unknown): unknown {
  if (path.length === 0) return id;
  const copy: Record<string, unknown> = value !== null && typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};
  copy[path[0]!] = withAt(copy[path[0]!], path.slice(1), id);
  return copy;
}

type Request = (payload: unknown, options?: { timeoutMs?: number }) => Promise<unknown>;

/**
 * Every request with a reply example: the client calls its request method with each example of
 * the request message; the server answers each request frame with the reply's first example,
 * the correlation id copied from the request where the document gives one (`correlationId`),
 * and the request must resolve with exactly that reply. Returns [resolved, total].
 */
async function playRequests(model: ApiModel, channel: Channel, instance: ChannelInstance, socket: WebSocket, names: ChannelNames, row: Row): Promise<void> {
  for (const r of channel.requests ?? []) {
    const method = names.requestMethods.get(r)!;
    const reply = r.replies.find((m) => examplesOf(model, m).length > 0) ?? r.replies[0];
    if (reply === undefined) continue;
    const replyFrames = framesOf(model, reply);
    const requestFrames = framesOf(model, r.request);
    const counts = replyFrames.synthesised || requestFrames.synthesised ? row.synth : row;
    const tag = counts === row ? '' : ' (synthesised)';
    for (const example of requestFrames.values) {
      counts.requests++;
      let answer: unknown;
      const onFrame = (data: WebSocket.RawData): void => {
        socket.off('message', onFrame);
        const frame = JSON.parse(data.toString()) as unknown;
        const id = r.request.correlation ? at(frame, r.request.correlation) : undefined;
        answer = reply.correlation && id !== undefined ? withAt(replyFrames.values[0], reply.correlation, id) : replyFrames.values[0];
        socket.send(JSON.stringify(answer));
      };
      socket.on('message', onFrame);
      try {
        const got = await (instance[method] as Request).call(instance, example, { timeoutMs: 3000 });
        if (JSON.stringify(got) === JSON.stringify(answer)) counts.resolved++;
        else row.problems.push(`${names.cls}: ${method}${tag} resolved with ${JSON.stringify(got).slice(0, 80)}`);
      } catch (error) {
        row.problems.push(`${names.cls}: ${method}${tag} rejected: ${(error as Error).message.slice(0, 100)}`);
      } finally {
        socket.off('message', onFrame);
      }
    }
  }
}

async function playChannel(model: ApiModel, channel: Channel, Cls: new (...args: unknown[]) => ChannelInstance, names: ApiNames, row: Row): Promise<void> {
  const server = await startWsServer();
  const deliveries: Array<{ to: string; payload: unknown }> = [];
  const n = names.channels.get(channel)!;
  const options = { WebSocket, url: server.url, serverVariables: serverVariables(model), reconnect: false };
  const instance = channel.parameters.length > 0 ? new Cls(parameterValues(channel), options) : new Cls(options);
  let connected = false;
  let connecting: Promise<void> = Promise.resolve();
  try {
    for (const m of channel.receive) instance.on(m.name, (payload) => deliveries.push({ to: m.name, payload }));
    instance.on('$unknown', (payload) => deliveries.push({ to: '$unknown', payload }));
    connecting = instance.connect();
    connecting.catch(() => {});
    try {
      await connecting;
      connected = true;
    } catch (error) {
      row.problems.push(`${n.cls}: connect failed: ${(error as Error).message}`);
      for (const m of [...channel.receive, ...channel.send]) {
        const { values, synthesised } = framesOf(model, m);
        if (synthesised) row.noExamples++;
        const counts = synthesised ? row.synth : row;
        if (channel.receive.includes(m)) counts.frames += values.length;
        else counts.sends += values.length;
      }
      return;
    }
    await waitFor(() => server.sockets.size > 0, 'the server socket');
    const socket = [...server.sockets][0]!;
    for (const m of channel.receive) {
      const { values, synthesised } = framesOf(model, m);
      if (synthesised) row.noExamples++;
      const counts = synthesised ? row.synth : row;
      const tag = synthesised ? ' (synthesised)' : '';
      for (const example of values) {
        counts.frames++;
        const before = deliveries.length;
        socket.send(JSON.stringify(example));
        try {
          await waitFor(() => deliveries.length > before, `delivery of an example of ${m.name}`, 3000);
        } catch {
          row.problems.push(`${n.cls}: an example${tag} of ${m.name} reached no listener`);
          continue;
        }
        // Anything else this frame caused arrives in the same tick; give it a moment.
        await new Promise((r) => setTimeout(r, 5));
        const got = deliveries.slice(before);
        if (got.length === 1 && got[0]!.to === m.name) counts.routed++;
        else row.problems.push(`${n.cls}: an example${tag} of ${m.name} went to ${got.map((g) => g.to).join(', ')}`);
      }
    }
    for (const m of channel.send) {
      const { values, synthesised } = framesOf(model, m);
      if (synthesised) row.noExamples++;
      const counts = synthesised ? row.synth : row;
      const tag = synthesised ? ' (synthesised)' : '';
      const method = n.sendMethods.get(m)!;
      for (const example of values) {
        counts.sends++;
        const before = server.received.length;
        (instance[method] as (p: unknown) => void).call(instance, example);
        try {
          await waitFor(() => server.received.length > before, `the server to receive ${m.name}`, 3000);
        } catch {
          row.problems.push(`${n.cls}: ${method}${tag} sent nothing`);
          continue;
        }
        const frame = server.received[before]!;
        if (JSON.stringify(JSON.parse(frame)) === JSON.stringify(example) && server.received.length === before + 1) counts.sent++;
        else row.problems.push(`${n.cls}: ${method}${tag} sent ${frame.slice(0, 80)}`);
      }
    }
    await playRequests(model, channel, instance, socket, n, row);
  } finally {
    if (connected) instance.close();
    else connecting.catch(() => {});
    await server.close();
  }
}

const rows: Row[] = [];

function synthRow(c: Counts): string {
  return c.frames + c.sends + c.requests === 0
    ? ''
    : `  synthesised: routed ${c.routed}/${c.frames} sent ${c.sent}/${c.sends} requests ${c.resolved}/${c.requests}`;
}
let scratch: string | undefined;

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('AsyncAPI corpus (public documents we did not write)', () => {
  it('generates each document and plays its own examples over a loopback ws server', { timeout: 600_000 }, async () => {
    scratch = await mkdtemp(join(tmpdir(), 'specweave-corpus-'));
    const docs = await documents(CORPUS);
    expect(docs.length).toBeGreaterThan(50);
    for (const [index, doc] of docs.entries()) {
      const document = relative(CORPUS, doc);
      const row: Row = {
        document,
        generated: false,
        channels: 0,
        routed: 0,
        frames: 0,
        sent: 0,
        sends: 0,
        noExamples: 0,
        resolved: 0,
        requests: 0,
        synth: { routed: 0, frames: 0, sent: 0, sends: 0, resolved: 0, requests: 0 },
        leftOut: [],
        typeChecked: false,
        examples: 0,
        problems: [],
        clashing: new Set(),
      };
      rows.push(row);
      const api = `doc${index}`;
      const out = join(scratch, api);
      let result: Awaited<ReturnType<typeof generate>>;
      try {
        const config = checkConfig(
          { apis: [{ name: api, spec: relative(ROOT, doc), ...perspectiveOf(doc) }], output: 'corpus-out', allowOutsideRefs: true },
          { source: 'corpus test', root: ROOT, rootIsConfigFolder: false },
        );
        result = await generate(config);
      } catch (error) {
        row.generated = (error as Error).message
          .split('\n')[0]!
          .replace(/^.*?: /, '')
          .slice(0, 120);
        continue;
      }
      row.generated = true;
      for (const w of result.warnings) {
        const text = w.message;
        if (/only ws and wss servers|only on servers of other protocols/.test(text)) row.leftOut.push(text.replace(/^.*?\): /, ''));
        const clash = /messages "([^"]+)" and "([^"]+)" of channel .* cannot be told apart/.exec(text);
        if (clash) row.clashing.add(clash[1]!).add(clash[2]!);
      }
      for (const [path, content] of result.files) {
        const file = join(out, path);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, content);
      }
      row.examples = await writeReadmeExamples(out, result.files.get('README.md') ?? '', result.files.get('package.json')!);
      const model = result.models[0]!;
      row.channels = model.channels.length;
      if (model.channels.length === 0) continue;
      const module = (await import(pathToFileURL(join(out, 'dist', api, 'channels.js')).href)) as Record<string, new (...args: unknown[]) => ChannelInstance>;
      const names = new ApiNames(model);
      for (const channel of model.channels) {
        const Cls = module[names.channels.get(channel)!.cls];
        if (!Cls) {
          row.problems.push(`no class ${names.channels.get(channel)!.cls}`);
          continue;
        }
        await playChannel(model, channel, Cls, names, row);
      }
    }

    // ------------------------------------------------ type-check every output (one tsc run)
    const generatedDirs = (await readdir(scratch)).filter((d) => d.startsWith('doc')).sort();
    const tsconfig = JSON.parse(await readFile(join(scratch, generatedDirs[0]!, 'tsconfig.json'), 'utf8')) as { compilerOptions: object };
    await symlink(join(ROOT, 'node_modules'), join(scratch, 'node_modules')); // the README examples import ws
    await writeFile(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: tsconfig.compilerOptions, include: generatedDirs.map((d) => `${d}/src`) }),
    );
    const tsc = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(scratch, 'tsconfig.json')], { encoding: 'utf8', timeout: 300_000 });
    const tscOutput = `${tsc.stdout}${tsc.stderr}`;
    for (const r of rows) {
      const dir = `doc${rows.indexOf(r)}/`;
      r.typeChecked = r.generated === true && !tscOutput.split('\n').some((line) => line.includes(`/${dir}`));
    }

    // --------------------------------------------------------------------- report
    const ws = rows.filter((r) => r.generated === true && r.channels > 0);
    const total = (f: (r: Row) => number): number => rows.reduce((a, r) => a + f(r), 0);
    console.log(
      '\nasyncapi corpus: document → generated (tsc of the package and its README examples) → channels → frames routed right/total → sent right/total → requests resolved/total → messages without examples',
    );
    for (const r of rows) {
      const generated = r.generated === true ? (r.typeChecked ? `yes (tsc ok, ${r.examples} ex)` : 'yes (tsc FAILED)') : `no: ${r.generated}`;
      const left = r.leftOut.length > 0 && r.channels === 0 ? `  left out: ${r.leftOut[0]}` : '';
      console.log(
        `  ${r.document.padEnd(78)} ${generated.padEnd(22)} ${String(r.channels).padStart(2)} ch  routed ${r.routed}/${r.frames}  sent ${r.sent}/${r.sends}  requests ${r.resolved}/${r.requests}  no-examples ${r.noExamples}${synthRow(r.synth)}${left}`,
      );
      for (const p of r.problems) console.log(`      ${p}`);
    }
    console.log(
      `asyncapi corpus: ${rows.length} documents, ${rows.filter((r) => r.generated === true).length} generated, ${rows.filter((r) => r.typeChecked).length} type-checked with their ${total((r) => r.examples)} README examples, ${ws.length} with WebSocket channels, ` +
        `${rows.filter((r) => r.generated === true && r.channels === 0).length} left out (no ws/wss server), ` +
        `frames routed right ${total((r) => r.routed)}/${total((r) => r.frames)}, sent right ${total((r) => r.sent)}/${total((r) => r.sends)}, ` +
        `requests resolved ${total((r) => r.resolved)}/${total((r) => r.requests)}, messages without examples ${total((r) => r.noExamples)}`,
    );
    console.log(
      `asyncapi corpus, synthesised from schemas (messages without examples, not the documents' own): frames routed right ${total((r) => r.synth.routed)}/${total((r) => r.synth.frames)}, ` +
        `sent right ${total((r) => r.synth.sent)}/${total((r) => r.synth.sends)}, requests resolved ${total((r) => r.synth.resolved)}/${total((r) => r.synth.requests)}`,
    );
    if (tsc.status !== 0) console.log(tscOutput.split('\n').slice(0, 40).join('\n'));

    // ------------------------------------------------------------------ assertions
    // Generation fails only where the document needs a remote reference (refused by default).
    for (const r of rows) if (r.generated !== true) expect(r.generated, r.document).toMatch(/remote \$ref/);
    expect(ws.length).toBeGreaterThan(10);
    expect(total((r) => r.routed)).toBeGreaterThan(0);
    // Every generated package type-checks.
    expect(tscOutput).toBe('');
    expect(tsc.status).toBe(0);
    // Every request resolves with its reply (the Kraken documents' requests have no examples: synthesised).
    expect(total((r) => r.requests + r.synth.requests)).toBeGreaterThan(0);
    for (const r of ws) {
      // A mis-routed frame is only allowed for a message the generator warned about.
      for (const p of r.problems) {
        const m = /an example(?: \(synthesised\))? of (\S+) (?:went to|reached)/.exec(p);
        if (m) expect(r.clashing.has(m[1]!), `${r.document}: ${p}`).toBe(true);
      }
      expect(
        r.problems.filter((p) => /connect failed/.test(p)),
        r.document,
      ).toEqual([]);
      expect(r.sent, `${r.document}: sent right`).toBe(r.sends);
      expect(r.resolved, `${r.document}: requests resolved`).toBe(r.requests);
      expect(r.synth.resolved, `${r.document}: requests resolved (synthesised)`).toBe(r.synth.requests);
    }
  });
});
