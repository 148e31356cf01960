/**
 * Cost that grows with the input, not faster (issue 9, item 3): a `$ref` chain, an enum and a
 * nesting depth, each generated at 1×, 2× and 4× its size. Only ratios are asserted (the machine
 * is shared): linear work gives 4× at most (less, with the fixed cost of a run); the quadratic
 * spots found gave 16× and more. CPU time is compared, not wall-clock time.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/pipeline.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'specweave-scaling-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Kind = 'chain' | 'enum' | 'depth';

/** An OpenAPI document whose one response is a chain of `n` references, an enum of `n` values, or a schema nested `n` deep. */
function spec(kind: Kind, n: number): string {
  const schemas: Record<string, unknown> = {};
  if (kind === 'chain') {
    for (let i = 0; i < n; i++) schemas[`S${i}`] = { $ref: `#/components/schemas/S${i + 1}` };
    schemas[`S${n}`] = { type: 'string' };
  } else if (kind === 'enum') {
    schemas['S0'] = { type: 'string', enum: Array.from({ length: n }, (_, i) => `v${i}`) };
  } else schemas['S0'] = 'DEEP';
  const doc = {
    openapi: '3.0.3',
    info: { title: 'scale', version: '1' },
    paths: {
      '/x': {
        get: {
          operationId: 'getX',
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } } },
        },
      },
    },
    components: { schemas },
  };
  const text = JSON.stringify(doc);
  // Each level has a few plain properties besides the one that goes deeper.
  const siblings = Array.from({ length: 8 }, (_, i) => `"p${i}":{"type":"string","description":"property ${i}"}`).join(',');
  return kind === 'depth' ? text.replace('"DEEP"', `${`{"type":"object","properties":{${siblings},"a":`.repeat(n)}{"type":"string"}${'}}'.repeat(n)}`) : text;
}

/**
 * CPU milliseconds of one generation, the process's (the validation worker's included): on a
 * shared machine wall-clock time mostly measures the neighbours. The best of `runs`.
 */
async function time(kind: Kind, n: number, runs = 3): Promise<number> {
  const root = join(dir, `${kind}-${n}`);
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'api.json'), spec(kind, n));
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const started = process.cpuUsage();
    await generate({
      root,
      output: 'out',
      package: { name: 'scale', version: '1.0.0' },
      apis: [{ name: 'api', spec: 'api.json' }],
      allowRemoteRefs: false,
      allowOutsideRefs: false,
    });
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const SIZES: Record<Kind, number> = { chain: 1000, enum: 25_000, depth: 60 };

describe('generation cost is linear in the size of the input', () => {
  beforeAll(async () => {
    // Warm: the validation worker, the parsers, ts-morph.
    await time('chain', 10, 1);
  }, 60_000);

  for (const kind of ['chain', 'enum', 'depth'] as const) {
    it(`${kind}: ${SIZES[kind]} / ${SIZES[kind] * 2} / ${SIZES[kind] * 4}`, async () => {
      const [t1, t2, t4] = [await time(kind, SIZES[kind]), await time(kind, SIZES[kind] * 2), await time(kind, SIZES[kind] * 4)];
      const ratio = t4 / t1;
      console.log(`scaling ${kind}: CPU 1x ${t1.toFixed(0)} ms, 2x ${t2.toFixed(0)} ms, 4x ${t4.toFixed(0)} ms, 4x/1x ${ratio.toFixed(2)}`);
      // Linear work gives 4 at most (less: a run has fixed costs); quadratic gave 16-30 here.
      // Generous slack for a loaded machine.
      expect(ratio).toBeLessThan(8);
    }, 240_000);
  }
});
