import { uniqueName } from '../model/unique-name.js';

/**
 * The one module that turns untrusted spec strings into code: identifiers, property keys,
 * string literals, object literals and documentation text. Every emitter goes through it;
 * nothing from a spec is pasted into code any other way.
 */

import { isCode } from './code.js';

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with implements interface let package private ' +
    'protected public static yield await async of any boolean never number object string symbol undefined unknown bigint type declare ' +
    'abstract as asserts constructor get infer is keyof module namespace readonly require set unique global arguments eval'
  ).split(' '),
);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words of a name: split on anything not a letter or digit, and on camelCase boundaries. */
export function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `get /v2/task/{id}` → `GetV2TaskId`; never empty, never starting with a digit. */
export function pascalCase(name: string, fallback = 'Unnamed'): string {
  const joined = words(name)
    .map((w) => capitalise(w))
    .join('');
  return safeIdentifier(joined === '' ? fallback : joined);
}

export function camelCase(name: string, fallback = 'unnamed'): string {
  const parts = words(name);
  if (parts.length === 0) return safeIdentifier(fallback);
  // Keep an all-caps first word's case only if the whole name is that word (`ID` → `id`).
  const [first, ...rest] = parts;
  const head = /^[A-Z0-9]+$/.test(first!) ? first!.toLowerCase() : first!.charAt(0).toLowerCase() + first!.slice(1);
  return safeIdentifier(head + rest.map((w) => capitalise(w)).join(''));
}

function safeIdentifier(name: string): string {
  let id = /^[0-9]/.test(name) ? `_${name}` : name;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/**
 * Hands out unique identifiers within one scope (a file, a class). Names are given in a
 * deterministic order by the caller; a clash gets the lowest free numeric suffix.
 */
export class NameScope {
  private readonly taken = new Set<string>();
  private readonly exact: Set<string>;
  /** Every name claimed, as spelled. */
  readonly claimed = new Set<string>();

  /**
   * `reserved`: names no claim may take in any letter case; `exact`: names that must not be
   * taken as spelled (globals a file refers to, such as `Array` or `Promise`).
   */
  constructor(reserved: Iterable<string> = [], exact: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r.toLowerCase());
    this.exact = new Set(exact);
  }

  /** Claims `candidate` or `candidate2`, `candidate3`… (case-insensitively unique). */
  claim(candidate: string): string {
    const name = uniqueName(candidate, (c) => this.taken.has(c.toLowerCase()) || this.exact.has(c));
    this.taken.add(name.toLowerCase());
    this.claimed.add(name);
    return name;
  }
}

/**
 * Global names generated files refer to: a schema or operation of the same spelling would
 * shadow them. The runtime's names are not among them: generated files reach the runtime
 * through namespace imports (`rt.Token`, `ch.Received`), so a spec's own `Token` keeps its
 * name, and an API module re-exports only the runtime names its spec leaves free
 * (`ApiNames.runtimeExport`; the package root exports the runtime in full).
 */
export const GLOBAL_NAMES: readonly string[] = [
  'Array',
  'Record',
  'Blob',
  'Promise',
  'Omit',
  'Partial',
  'Readonly',
  'Required',
  'Pick',
  'Exclude',
  'Extract',
  'NonNullable',
  'Headers',
  'Response',
  'Request',
  'RequestInit',
  'AbortSignal',
  'Error',
  'Date',
  'Object',
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'Map',
  'Set',
  'JSON',
  'Uint8Array',
  'ArrayBuffer',
  'FormData',
  'URLSearchParams',
  'WebSocket',
];

/**
 * Names a module namespace must not export: `then` makes the namespace a thenable (`await
 * import()` calls it and waits for ever, issue 9), `default` and `__esModule` change how
 * `import()`, bundlers and CommonJS interop read the module. An API module's runtime names (its
 * operation functions, pollers, and the client's methods, which share them) never take them.
 */
export const MODULE_NAMESPACE_NAMES: readonly string[] = ['then', 'default', '__esModule'];

/**
 * A single-quoted string literal (the quote style of the generated code, as of src/): JSON's
 * escaping with `\'` for a quote instead of `\"`, plus the two line terminators JSON leaves raw.
 */
export function stringLiteral(value: string): string {
  const json = JSON.stringify(value);
  const body = /["'\\\u2028\u2029]/.test(value) ? json.slice(1, -1).replace(/\\"|'|\u2028|\u2029/g, quoteEscape) : json.slice(1, -1);
  return `'${body}'`;
}

function quoteEscape(match: string): string {
  switch (match) {
    case '\\"':
      return '"';
    case "'":
      return "\\'";
    case '\u2028':
      return '\\u2028';
    default:
      return '\\u2029';
  }
}

/** A property name: bare when it is an identifier, a quoted literal otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) && name !== '__proto__' ? name : stringLiteral(name);
}

/**
 * The key type of a `patternProperties` pattern that only says "starts with" (`^x-`, `^x-.*`):
 * a template literal type (`` `x-${string}` ``); undefined for any other pattern. Only letters,
 * digits and `_-:@/` may form the prefix, so nothing in it can end or interpolate the template.
 */
export function patternKeyType(pattern: string): { prefix: string; type: string } | undefined {
  const match = /^\^([A-Za-z0-9_:@/-]+)(?:\.\*)?\$?$/.exec(pattern);
  if (!match || (pattern.endsWith('$') && !pattern.endsWith('.*$'))) return undefined;
  return { prefix: match[1]!, type: `\`${match[1]}\${string}\`` };
}

/** A literal type or value for a JSON primitive. */
export function primitiveLiteral(value: string | number | boolean | null): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? (value < 0 ? `-${-value}` : String(value)) : 'number';
  return String(value);
}

/**
 * JSON data as a TypeScript expression. Keys are bare identifiers or string literals, and
 * `__proto__` is a computed key so it stays an own property instead of setting the prototype.
 * An array or object is written on one line when that line fits in `CODE_WIDTH` (counting
 * `indent`, and `column` characters before the value on its first line), else one entry a line,
 * each indented one unit deeper than `indent`.
 */
export function jsonExpression(value: unknown, indent = '', column = indent.length + 30): string {
  if (isCode(value)) return value.ts;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return primitiveLiteral(value);
  if (typeof value !== 'object') return 'undefined';
  const flat = flatJson(value, CODE_WIDTH - column - 2);
  if (flat !== undefined) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${jsonExpression(v, inner)}`).join(',\n')},\n${indent}]`;
  const lines = jsonEntries(value).map(([k, v]) => {
    const key = `${inner}${jsonKey(k)}: `;
    return `${key}${jsonExpression(v, inner, key.length)}`;
  });
  return `{\n${lines.join(',\n')},\n${indent}}`;
}

/** The width generated code is laid out for (doc comments wrap at doc-wrap.ts's DOC_WIDTH). */
export const CODE_WIDTH = 100;

function jsonEntries(value: object): Array<[string, unknown]> {
  return Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
}

function jsonKey(key: string): string {
  return key === '__proto__' ? `[${stringLiteral(key)}]` : propertyKey(key);
}

/** The one-line form of JSON data, or undefined as soon as it would pass `budget` characters. */
function flatJson(value: unknown, budget: number): string | undefined {
  if (budget <= 0) return undefined;
  if (isCode(value)) return value.ts.length <= budget ? value.ts : undefined;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const text = primitiveLiteral(value);
    return text.length <= budget ? text : undefined;
  }
  if (typeof value !== 'object') return 'undefined';
  const array = Array.isArray(value);
  const entries: Array<[string | undefined, unknown]> = array ? (value as unknown[]).map((v) => [undefined, v]) : jsonEntries(value);
  if (entries.length === 0) return array ? '[]' : '{}';
  let text = array ? '[' : '{ ';
  for (const [i, [k, v]] of entries.entries()) {
    if (i > 0) text += ', ';
    if (k !== undefined) text += `${jsonKey(k)}: `;
    const part = flatJson(v, budget - text.length);
    if (part === undefined) return undefined;
    text += part;
    if (text.length > budget) return undefined;
  }
  text += array ? ']' : ' }';
  return text.length <= budget ? text : undefined;
}

/** Documentation text that cannot end its comment or smuggle markup into it. */
export function docText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/[\u2028\u2029]/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    // No trailing blanks on a comment line (a Markdown hard break is lost: the line still breaks).
    .replace(/[ \t]+\n/g, '\n')
    .trim();
  return cleaned === '' ? undefined : cleaned;
}

/**
 * A one-line doc comment to put before a member inside hand-assembled type text, followed by
 * `indent` for the member's line; '' when there is no text. The text goes through `docText`.
 */
export function inlineDoc(text: string | undefined, indent: string): string {
  const doc = docText(text);
  return doc === undefined ? '' : `/** ${doc.replace(/\s*\n\s*/g, ' ')} */\n${indent}`;
}

/**
 * A doc comment before a member inside hand-assembled type text, followed by `indent` for the
 * member's line: one line for a one-line text, a block (one ` * ` line each) otherwise; '' when
 * there is no text. The text goes through `docText`.
 */
export function memberDoc(text: string | undefined, indent: string): string {
  const doc = docText(text);
  if (doc === undefined) return '';
  if (!doc.includes('\n')) return `/** ${doc} */\n${indent}`;
  const lines = doc.split('\n').map((line) => (line.trim() === '' ? `${indent} *` : `${indent} * ${line.trimEnd()}`));
  return `/**\n${lines.join('\n')}\n${indent} */\n${indent}`;
}

/** Joins doc parts (summary, description, notes) into one TSDoc text. */
export function docs(...parts: Array<string | undefined | false>): string | undefined {
  const texts = parts.map((p) => (p === false ? undefined : docText(p))).filter((p): p is string => p !== undefined);
  const unique = texts.filter((t, i) => texts.indexOf(t) === i);
  return unique.length === 0 ? undefined : unique.join('\n\n');
}
