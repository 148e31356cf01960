import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { LineCounter, Parser, parseDocument, isNode, isMap, isSeq, isScalar, isPair, type Node } from 'yaml';
import { SpecError, fromPointer } from './errors.js';

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
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a document' : `cannot be read (${code ?? String(error)})`;
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

function parseText(file: string, text: string): unknown {
  if (extname(file).toLowerCase() === '.json') {
    try {
      return JSON.parse(text);
    } catch {
      // Fall through: YAML is a superset of JSON and reports the line of the problem.
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
    throw new SpecError(
      file,
      'is not an OpenAPI or AsyncAPI document: it has none of the top-level fields `openapi`, `swagger` or `asyncapi`',
      { pointer: '', line: 1 },
    );
  }
  const version = doc[versionField];
  const pointer = `/${versionField}`;
  if (typeof version !== 'string') {
    throw new SpecError(file, `\`${versionField}\` must be a version string such as "3.0.3", got ${JSON.stringify(version)}`, {
      pointer,
      line: lineOf(pointer),
    });
  }
  const supported =
    versionField === 'swagger' ? /^2\.0$/ : versionField === 'openapi' ? /^3\.[01]\.\d+$/ : /^(2\.[0-6]\.\d+|3\.[01]\.\d+)$/;
  if (!supported.test(version)) {
    const known = versionField === 'asyncapi' ? 'AsyncAPI 2.0-2.6, 3.0 and 3.1' : 'OpenAPI 2.0, 3.0 and 3.1';
    throw new SpecError(file, `unsupported ${versionField} version "${version}" (specweave reads ${known})`, {
      pointer,
      line: lineOf(pointer),
    });
  }
  return { kind: versionField === 'asyncapi' ? 'asyncapi' : 'openapi', version };
}

/** Lines are only looked up on the error path, so the positional parse is done lazily, once. */
function lineLocator(text: string): (pointer: string) => number | undefined {
  let parsed: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined;
  return (pointer) => {
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

