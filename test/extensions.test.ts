/**
 * Our `x-` extensions: the README's table is the table of src/parse/extensions.ts, and an
 * `x-specweave-*` field where it does nothing (unknown, or at a place it does not belong) is a
 * warning with its place rather than silence.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../src/load/index.js';
import { EXTENSIONS } from '../src/parse/extensions.js';
import { parseModel } from '../src/parse/index.js';

/** The rows of the README's "Spec extensions" table, as [extension, where, meaning]. */
async function readmeRows(): Promise<string[][]> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Spec extensions\n'));
  const body = section.slice(0, section.indexOf('\n## ', 1));
  return body
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| extension ') && !l.startsWith('|---'))
    .map((l) =>
      l
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

describe('the extension table', () => {
  it('the README lists exactly the extensions specweave reads, with their syntax, place and meaning', async () => {
    expect(await readmeRows()).toEqual(EXTENSIONS.map((e) => [`\`${e.syntax}\``, e.where, e.meaning]));
  });

  it('names each extension once, each starting with x-', () => {
    const names = EXTENSIONS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const e of EXTENSIONS) expect(e.syntax.startsWith(e.name)).toBe(true);
  });
});

describe('an x-specweave field where it does nothing', () => {
  it('is a warning at its place (x-specweave-reconnect is not read: reconnecting with backoff is always on)', async () => {
    const file = 'test/fixtures/warnings/extensions.asyncapi.yaml';
    const { model, warnings } = parseModel('ext', await loadDocument(file));
    expect(warnings.map((w) => [w.pointer, w.problem])).toEqual([
      ['/servers/main/x-specweave-reconnect', 'x-specweave-reconnect is not a specweave extension; it is ignored'],
      ['/channels/~1/x-specweave-pusher-event', 'x-specweave-pusher-event is not a specweave extension here (it belongs on: message); it is ignored'],
    ]);
    expect(warnings.every((w) => typeof w.line === 'number')).toBe(true);
    // What is in place still works.
    expect(model.servers[0]!.authQueryParameter).toBe('token');
  });
});
