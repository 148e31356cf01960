import { extname } from 'node:path';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, Parser, parseDocument } from 'yaml';
import { SpecError } from './errors.js';
import { jsonNodeOffset } from './json-offsets.js';
import { fromPointer, toPointer } from './json-pointer.js';
import { ReadProblem, readRegularFile } from './read-file.js';

export type DocumentKind = 'openapi' | 'asyncapi';

/** A document read from disk and recognised, not yet validated. */
export interface RawDocument {
  /** Path as the user named it (used in messages). */
  file: string;
  text: string;
  data: Record<string, unknown>;
  kind: DocumentKind;
  /** `2.0`, `3.0.1`, `2.6.0`, … */
  version: string;
  /** Line (1-based) of the value at a JSON pointer, where it can be found. */
  lineOf(pointer: string): number | undefined;
}

export async function readDocument(file: string): Promise<RawDocument> {
  let text: string;
  try {
    text = await readRegularFile(file);
  } catch (error) {
    if (error instanceof ReadProblem) throw new SpecError(file, error.problem, error.line === undefined ? {} : { line: error.line });
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a document' : `cannot be read (${code ?? String(error)})`;
    throw new SpecError(file, problem);
  }
  const data = parseText(file, text);
  const lineOf = lineLocator(text);
  return recognised(file, text, data, lineOf);
}

/** A document whose text was already read (a file another document references, a remote one). */
export function parseDocumentText(file: string, text: string): { data: unknown; lineOf(pointer: string): number | undefined } {
  return { data: parseText(file, text), lineOf: lineLocator(text) };
}

function recognised(file: string, text: string, data: unknown, lineOf: (pointer: string) => number | undefined): RawDocument {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SpecError(file, 'is not an OpenAPI or AsyncAPI document: the top level is not a mapping', { pointer: '', line: 1 });
  }
  const doc = data as Record<string, unknown>;
  const { kind, version } = recognise(file, doc, lineOf);
  return { file, text, data: doc, kind, version, lineOf };
}

/**
 * How deeply mappings and sequences may nest in a document: 500 levels (a schema nested about
 * 250 deep through `properties`; real specs stay under 30). Parsers, validators and builders
 * recurse on a document (the YAML parser runs out of stack near 900 levels of block mappings),
 * so a deeper one is refused here, with its place, instead of overflowing a stack inside them.
 */
export const MAX_NESTING = 500;

function parseText(file: string, text: string): unknown {
  let data: unknown;
  try {
    data = parseTextUnchecked(file, text);
  } catch (error) {
    if (error instanceof RangeError)
      throw new SpecError(file, `is nested too deeply to be read (more than ${MAX_NESTING} levels of mappings and sequences is specweave's limit)`);
    throw error;
  }
  checkNesting(file, data);
  return data;
}

/** Refuses a document nested deeper than MAX_NESTING, naming the first place past it (one iterative walk). */
export function checkNesting(file: string, data: unknown): void {
  const stack: Array<{ value: unknown; depth: number; at: Link | undefined }> = [{ value: data, depth: 0, at: undefined }];
  while (stack.length > 0) {
    const { value, depth, at } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) {
      const path: Array<string | number> = [];
      for (let link = at; link; link = link.parent) path.push(link.key);
      // The place where the descent starts (the full pointer would be a thousand segments long).
      const top = path.reverse().slice(0, 8);
      throw new SpecError(file, `is nested too deeply: more than ${MAX_NESTING} levels of mappings and sequences below this place (specweave's limit)`, {
        pointer: toPointer(top),
      });
    }
    for (const [key, child] of Object.entries(value)) {
      if (child !== null && typeof child === 'object')
        stack.push({ value: child, depth: depth + 1, at: { parent: at, key: Array.isArray(value) ? Number(key) : key } });
    }
  }
}

interface Link {
  parent: Link | undefined;
  key: string | number;
}

function parseTextUnchecked(file: string, text: string): unknown {
  if (extname(file).toLowerCase() === '.json') {
    let data: unknown;
    let parsed = false;
    try {
      data = JSON.parse(text);
      parsed = true;
    } catch {
      // Fall through: YAML is a superset of JSON and reports the line of the problem.
    }
    if (parsed) {
      // JSON.parse keeps the last of two equal keys silently; YAML refuses them, so JSON does too.
      const duplicate = duplicateJsonKey(text);
      if (duplicate) {
        throw new SpecError(file, `invalid JSON: the key "${duplicate.key}" appears twice in one object (the second would silently win)`, {
          pointer: toPointer(duplicate.path),
          line: lineAt(text, duplicate.offset),
        });
      }
      return data;
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    // An unclosed quote is reported where the input ends; the place to fix is where it opens.
    const offset = /Missing closing/.test(first.message) ? (unclosedQuoteStart(text, first.pos[0]) ?? first.pos[0]) : first.pos[0];
    const pos = lineCounter.linePos(offset);
    const message = first.message.split('\n')[0] ?? first.message;
    // The YAML parser recurses on nesting and reports its own stack overflow as a parse error.
    if (/Maximum call stack/.test(message)) {
      throw new SpecError(file, `is nested too deeply to be read (more than ${MAX_NESTING} levels of mappings and sequences is specweave's limit)`, {
        line: pos.line,
      });
    }
    throw new SpecError(file, `invalid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${message}`, { line: pos.line });
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new SpecError(file, `invalid YAML: ${(error as Error).message}`);
  }
}

/** Start of the quoted scalar that runs up to `end` (the parser's error position), if any. */
function unclosedQuoteStart(text: string, end: number): number | undefined {
  let found: number | undefined;
  const visit = (token: unknown): void => {
    if (token === null || typeof token !== 'object' || found !== undefined) return;
    const t = token as { type?: string; offset?: number; source?: string };
    if ((t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') && t.offset !== undefined && t.offset + (t.source?.length ?? 0) >= end) {
      found = t.offset;
      return;
    }
    for (const value of Object.values(token)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') visit(value);
    }
  };
  for (const token of new Parser().parse(text)) visit(token);
  return found;
}

function recognise(file: string, doc: Record<string, unknown>, lineOf: (p: string) => number | undefined): { kind: DocumentKind; version: string } {
  const versionField = (['openapi', 'swagger', 'asyncapi'] as const).find((k) => k in doc);
  if (!versionField) {
    throw new SpecError(file, 'is not an OpenAPI or AsyncAPI document: it has none of the top-level fields `openapi`, `swagger` or `asyncapi`', {
      pointer: '',
      line: 1,
    });
  }
  const version = doc[versionField];
  const pointer = `/${versionField}`;
  if (typeof version !== 'string') {
    throw new SpecError(file, `\`${versionField}\` must be a version string such as "3.0.3", got ${JSON.stringify(version)}`, {
      pointer,
      line: lineOf(pointer),
    });
  }
  const supported = versionField === 'swagger' ? /^2\.0$/ : versionField === 'openapi' ? /^3\.[01]\.\d+$/ : /^(2\.[0-6]\.\d+|3\.[01]\.\d+)$/;
  if (!supported.test(version)) {
    const known = versionField === 'asyncapi' ? 'AsyncAPI 2.0-2.6, 3.0 and 3.1' : 'OpenAPI 2.0, 3.0 and 3.1';
    throw new SpecError(file, `unsupported ${versionField} version "${version}" (specweave reads ${known})`, {
      pointer,
      line: lineOf(pointer),
    });
  }
  return { kind: versionField === 'asyncapi' ? 'asyncapi' : 'openapi', version };
}

/** Scans of a JSON text along a pointer before the positional parse is cheaper than more of them. */
const MAX_JSON_SCANS = 64;

/**
 * Lines are only looked up for errors and warnings. A JSON text is scanned along the pointer
 * (json-offsets.ts: milliseconds where the positional YAML parse of GitHub's 11 MB spec took
 * 4.7 s), each scan at most one pass over the text. Past MAX_JSON_SCANS lookups (a document
 * with many warnings), for YAML, and for JSON the scan cannot read, the positional parse is
 * done instead, lazily, once: the lookups of a document stay linear in its size.
 */
function lineLocator(text: string): (pointer: string) => number | undefined {
  let parsed: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined;
  let json = /^\s*\{/.test(text);
  const scanned = new Map<string, number>();
  return (pointer) => {
    if (json) {
      const known = scanned.get(pointer);
      if (known !== undefined) return known;
      const offset = scanned.size < MAX_JSON_SCANS ? jsonNodeOffset(text, fromPointer(pointer)) : null;
      if (offset !== null) {
        const line = lineAt(text, offset);
        scanned.set(pointer, line);
        return line;
      }
      json = false;
    }
    parsed ??= (() => {
      const lines = new LineCounter();
      return { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: false }), lines };
    })();
    let node: unknown = parsed.doc.contents;
    let keyNode: Node | undefined;
    for (const segment of fromPointer(pointer)) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        keyNode = isNode(pair.key) ? pair.key : undefined;
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
      } else break;
    }
    const target = keyNode ?? (isNode(node) ? node : undefined);
    const offset = target?.range?.[0];
    return offset === undefined ? undefined : parsed.lines.linePos(offset).line;
  };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The first key that appears twice in one object of a JSON text that JSON.parse accepted (one
 * linear scan; strings are decoded only when they hold an escape), with its place.
 */
export function duplicateJsonKey(text: string): { key: string; offset: number; path: Array<string | number> } | undefined {
  type Level = { keys: Set<string> | undefined; key: string | number };
  const stack: Level[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = i + 1;
      let escaped = false;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 34) break;
        j++;
      }
      if (expectKey) {
        const level = stack[stack.length - 1]!;
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (level.keys!.has(key)) return { key, offset: i, path: [...stack.slice(0, -1).map((l) => l.key), key] };
        level.keys!.add(key);
        level.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 123) {
      stack.push({ keys: new Set(), key: '' });
      expectKey = true;
    } else if (c === 91) {
      stack.push({ keys: undefined, key: 0 });
    } else if (c === 125 || c === 93) {
      stack.pop();
      expectKey = false;
    } else if (c === 44) {
      const level = stack[stack.length - 1];
      if (level?.keys === undefined && level) level.key = (level.key as number) + 1;
      expectKey = level?.keys !== undefined;
    }
  }
  return undefined;
}
