/**
 * Names of the generated types (issue 10, item 10), on test/fixtures/names (ours):
 *
 * - a message's inline payload is exported by name from the API's types (`PingPayload`), and
 *   the message maps refer to it, so users can name what they send and receive;
 * - a schema spelled like a runtime type (`token`, `ChannelError`) keeps its name (`Token`,
 *   not `Token2`): generated files reach the runtime through namespaces, and the API module
 *   re-exports only the runtime names the spec leaves free.
 *
 * The package is generated and type-checked with a consumer that uses those names.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/pipeline.js';
import { writeOutput } from '../src/write/output.js';

const ROOT = resolve(import.meta.dirname, '..');
let dir: string;
let files: Map<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specweave-names-'));
  ({ files } = await generate({
    root: ROOT,
    output: 'unused',
    allowRemoteRefs: false,
    allowOutsideRefs: false,
    package: { name: 'names-pkg', version: '1.0.0' },
    apis: [{ name: 'names', spec: 'test/fixtures/names/runtime-names.asyncapi.yaml' }],
  }));
  await writeOutput(join(dir, 'out'), files);
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('names of generated types', () => {
  it('inline payloads are named types of the API; spec names win over runtime names', () => {
    const types = files.get('src/names/types.ts')!;
    expect(types).toMatch(/^export type Token = /m);
    expect(types).toMatch(/^export type ChannelError = /m);
    expect(types).not.toMatch(/Token2|ChannelError2/);
    expect(types).toMatch(/^export type PingPayload = /m);
    expect(types).toMatch(/^export type PongPayload = /m);
    const channels = files.get('src/names/channels.ts')!;
    expect(channels).toContain('ping: types.PingPayload;');
    expect(channels).toContain('grant: types.Token;');
    // The runtime's ChannelError is not re-exported over the spec's; the runtime's Token neither.
    const index = files.get('src/names/index.ts')!;
    expect(index).not.toMatch(/\bChannelError\b/);
    expect(index).not.toMatch(/\bToken\b/);
    expect(index).toContain('type Received');
  });

  it('a consumer names them from the API path and type-checks', async () => {
    await writeFile(
      join(dir, 'out/src/consumer.ts'),
      [
        "import { NamesChannel, type ChannelError, type PingPayload, type PongPayload, type Token } from './names/index.js';",
        "import { ChannelError as RuntimeChannelError } from './runtime/channel.js';",
        "const token: Token = { op: 'token', value: 'v' };",
        "const failure: ChannelError = { op: 'error', reason: 'r' };",
        "const ping: PingPayload = { op: 'ping', at: 1 };",
        "const pong: PongPayload = { op: 'pong' };",
        '// @ts-expect-error the constant is the payload’s',
        "const wrong: PingPayload = { op: 'pong' };",
        'export function use(c: NamesChannel): string {',
        '  c.sendPing(ping);',
        '  c.onGrant((t: Token) => t.value);',
        '  return token.value + failure.reason + pong.op + String(wrong) + RuntimeChannelError.name;',
        '}',
        '',
      ].join('\n'),
    );
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(dir, 'out/tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
