/**
 * src/load/json-offsets.ts against the `yaml` library's positional parse (the locator it stands
 * in for on JSON texts): the same line for every node of real JSON specs (the OpenAPI
 * Initiative's examples, test/fixtures/wire) and for missing segments, escaped keys and arrays.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { jsonNodeOffset } from '../src/load/json-offsets.js';
import { parseDocumentText } from '../src/load/read-document.js';

/** The line yaml gives for a path: the key of an object member, the node of an array element; where a segment is missing, the value holding it. */
function yamlLine(text: string, segments: readonly string[]): number | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of segments) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      keyNode = isNode(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      node = item;
    } else break;
  }
  const target = keyNode ?? (isNode(node) ? node : undefined);
  const offset = target?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function lineOf(text: string, offset: number | null): number | undefined {
  if (offset === null) return undefined;
  return text.slice(0, offset).split('\n').length;
}

/** Every path of a JSON value (objects and arrays), depth first. */
function paths(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (value !== null && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) paths(child, [...prefix, Array.isArray(value) ? String(Number(key)) : key], out);
  return out;
}

const FIXTURES = ['oai-v3.0-petstore.json', 'oai-v3.0-uspto.json', 'oai-v3.1-non-oauth-scopes.json'];

describe('jsonNodeOffset', () => {
  for (const name of FIXTURES) {
    it(`gives yaml's line for every node of ${name}, and for missing segments below each`, () => {
      const text = readFileSync(join('test/fixtures/wire', name), 'utf8');
      const all = paths(JSON.parse(text));
      expect(all.length).toBeGreaterThan(10);
      for (const path of all) {
        expect([path.join('/'), lineOf(text, jsonNodeOffset(text, path))]).toEqual([path.join('/'), yamlLine(text, path)]);
        const missing = [...path, 'no-such-key'];
        expect([missing.join('/'), lineOf(text, jsonNodeOffset(text, missing))]).toEqual([missing.join('/'), yamlLine(text, missing)]);
      }
    });
  }

  it('reads escaped keys and strings with quotes, arrays by decimal index only, and nested empties', () => {
    const text = '{\n  "a\\"b": {"x": "q\\\\"},\n  "list": [\n    {},\n    [],\n    {"k": [1, 2, {"deep": true}]}\n  ],\n  "c/d": null\n}';
    const line = (...segments: string[]): number | undefined => lineOf(text, jsonNodeOffset(text, segments));
    for (const segments of [['a"b'], ['a"b', 'x'], ['list'], ['list', '0'], ['list', '1'], ['list', '2', 'k', '2', 'deep'], ['c/d'], ['list', '9']])
      expect([segments, line(...segments)]).toEqual([segments, yamlLine(text, segments)]);
    // RFC 6901 §4: an array index has no leading zeros, so `01` names no element (yaml's Number() reads it as 1): the array's line.
    expect(line('list', '01')).toBe(3);
    expect(line('list', '2', 'k', '2', 'deep')).toBe(6);
    expect(line('c/d')).toBe(8);
  });

  it('says null for text that is not JSON it can read (the caller falls back to the YAML parser)', () => {
    expect(jsonNodeOffset('{a: 1}', ['a'])).toBeNull();
    expect(jsonNodeOffset('{"a": 1', ['b'])).toBeNull();
  });

  it('the document reader keeps giving the same lines past its scan budget (many lookups switch to one positional parse)', () => {
    const text = readFileSync(join('test/fixtures/wire', 'oai-v3.0-uspto.json'), 'utf8');
    const { lineOf } = parseDocumentText('uspto.json', text);
    const all = paths(JSON.parse(text)).filter((path) => path.length > 0);
    expect(all.length).toBeGreaterThan(100);
    for (const path of all) {
      const pointer = `/${path.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
      expect([pointer, lineOf(pointer)]).toEqual([pointer, yamlLine(text, path)]);
    }
  });

  it('the document reader gives those lines for a JSON document, and the YAML lines for YAML', () => {
    const json = '{\n  "openapi": "3.0.3",\n  "paths": {\n    "/x": {"get": {}}\n  }\n}';
    expect(parseDocumentText('api.json', json).lineOf('/paths/~1x/get')).toBe(4);
    expect(parseDocumentText('api.json', json).lineOf('/paths/~1y')).toBe(3);
    const yaml = 'openapi: 3.0.3\npaths:\n  /x:\n    get: {}\n';
    expect(parseDocumentText('api.yaml', yaml).lineOf('/paths/~1x/get')).toBe(4);
  });
});
