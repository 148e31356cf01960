import { basename, dirname, relative, resolve } from 'node:path';
import { checkRefs, type ExternalRef, isInsideExample, isRemote, type RefPolicy, type RefSource } from './check-refs.js';
import { SpecError } from './errors.js';
import { fromPointer, toPointer } from './json-pointer.js';
import { parseDocumentText, type RawDocument } from './read-document.js';
import { MAX_DOCUMENT_BYTES, ReadProblem, readBody, readRegularFile } from './read-file.js';

export interface Bundle {
  /** The document with every reference to another file replaced by a local one. */
  data: Record<string, unknown>;
  /** Every file (absolute path) or URL the document was read from, itself first. */
  files: string[];
  /** The file and pointer a pointer of the bundled document was written at. */
  origin(pointer: string): { file: string; pointer: string; line: number | undefined };
}

/** Remote documents: at most this long to answer (and MAX_DOCUMENT_BYTES, as files). */
const REMOTE_TIMEOUT_MS = 15_000;

/**
 * Bundles a document that references other files (relative paths inside its folder; others and
 * http(s) URLs only as `policy` allows) into one document whose `$ref`s are all local, so the
 * validators and the model builder never touch the file system or the network.
 *
 * Each referenced file is read once and has its own `$ref`s checked (file, pointer and line of
 * a bad one are reported). A referenced value is placed once and every later reference to it
 * points there:
 * - a named component (`other.yaml#/components/schemas/Pet`, Swagger's `#/definitions/Pet`)
 *   goes to the same section of this document under its name (numbered if the name is taken);
 * - a schema in a schema slot (`schema`, `payload`, `items`, `properties/x`, `allOf/0`, …) and
 *   an AsyncAPI 2.x `message` become named components too (named after the fragment's last
 *   segment or the file: `schemas/Pet.yaml` → `Pet`), so they keep a type name and may recurse;
 * - anything else is copied in place of its first reference.
 */
export async function bundle(raw: RawDocument, policy: RefPolicy, firstRefs: ExternalRef[]): Promise<Bundle> {
  const root = dirname(resolve(raw.file));
  const mainTarget = resolve(raw.file);
  const swagger = raw.kind === 'openapi' && raw.version === '2.0';
  const schemaSection = swagger ? ['definitions'] : ['components', 'schemas'];
  const data = structuredClone(raw.data);

  // Every file reachable from the document, read and checked once.
  const sources = new Map<string, RefSource>();
  const refsOf = new Map<string, ExternalRef[]>([[mainTarget, firstRefs]]);
  sources.set(mainTarget, raw);
  const pending: Array<{ from: RefSource; ref: ExternalRef }> = firstRefs.map((ref) => ({ from: raw, ref }));
  while (pending.length > 0) {
    const { from, ref } = pending.shift()!;
    if (sources.has(ref.target)) continue;
    const source = await readSource(from, ref);
    sources.set(ref.target, source);
    const { refs } = checkRefs(source, policy, root);
    refsOf.set(ref.target, refs);
    for (const next of refs) pending.push({ from: source, ref: next });
  }
  const refIndex = new Map<string, Map<string, ExternalRef>>();
  const refAt = (target: string): Map<string, ExternalRef> => {
    let index = refIndex.get(target);
    if (!index) {
      index = new Map((refsOf.get(target) ?? []).map((r) => [toPointer(r.path), r]));
      refIndex.set(target, index);
    }
    return index;
  };

  // Placement: `${target}#${fragment}` → pointer in the bundled document.
  const placed = new Map<string, string>([[`${mainTarget}#`, '']]);
  const origins: Array<{ at: string; file: string; pointer: string }> = [];
  const taken = new Map<string, Set<string>>();
  const section = (path: string[]): Record<string, unknown> => {
    let node: Record<string, unknown> = data;
    for (const key of path) {
      if (!isRecord(node[key])) define(node, key, {});
      node = node[key] as Record<string, unknown>;
    }
    return node;
  };
  const freeName = (path: string[], wanted: string): string => {
    const key = path.join('/');
    const names = taken.get(key) ?? new Set(Object.keys(section(path)));
    taken.set(key, names);
    const clean = wanted.replace(/[^A-Za-z0-9._-]/g, '_') || 'Schema';
    let name = clean;
    for (let n = 2; names.has(name); n++) name = `${clean}${n}`;
    names.add(name);
    return name;
  };

  const lookup = (target: string, fragment: string): string | undefined => {
    // The value itself, or a part of a value already placed.
    const segments = fromPointer(fragment);
    for (let n = segments.length; n >= 0; n--) {
      const at = placed.get(`${target}#${toPointer(segments.slice(0, n))}`);
      if (at !== undefined) return at + toPointer(segments.slice(n));
    }
    return undefined;
  };

  // Work list: slots (a key of an object or array) of the bundled document, with the file their
  // value was written in and its path there. Depth first, components before the rest, so a
  // component referenced from elsewhere is placed under its own name.
  type Slot = { parent: Record<string, unknown>; key: string; path: string[]; file: string; filePath: string[] };
  const work: Slot[] = [];
  const children = (parent: unknown, path: string[], file: string, filePath: string[]): void => {
    if (parent === null || typeof parent !== 'object') return;
    const keys = Object.keys(parent);
    if (path.length === 0) keys.sort((a, b) => Number(a === 'components' || a === 'definitions') - Number(b === 'components' || b === 'definitions'));
    else keys.reverse();
    for (const key of keys) work.push({ parent: parent as Record<string, unknown>, key, path: [...path, key], file, filePath: [...filePath, key] });
  };
  children(data, [], mainTarget, []);
  while (work.length > 0) {
    const { parent, key, path, file, filePath } = work.pop()!;
    const child = parent[key];
    if (!isRecord(child) || typeof child['$ref'] !== 'string' || isInsideExample(filePath)) {
      children(child, path, file, filePath);
      continue;
    }
    const written = child['$ref'];
    const ref = refAt(file).get(toPointer(filePath));
    let target: string;
    let fragment: string;
    if (ref) {
      target = ref.target;
      fragment = ref.fragment;
    } else if (written.startsWith('#') && file !== mainTarget) {
      target = file;
      fragment = toPointer(fromPointer(decodeLocal(written)));
    } else {
      // A local reference of the document itself: it stays.
      children(child, path, file, filePath);
      continue;
    }
    let local = lookup(target, fragment);
    if (local === undefined) {
      const source = sources.get(target)!;
      const value = structuredClone(resolveIn(source.data, fragment));
      if (value === undefined) {
        const pointer = toPointer([...filePath, '$ref']);
        const referrer = sources.get(file)!;
        throw new SpecError(referrer.file, `$ref "${written}" points to nothing in ${source.file}`, { pointer, line: referrer.lineOf(pointer) });
      }
      const home = placement(fragment, path);
      if (home) {
        const name = freeName(home, nameOf(fragment, target));
        const holder = section(home);
        define(holder, name, value);
        local = toPointer([...home, name]);
        placed.set(`${target}#${fragment}`, local);
        origins.push({ at: local, file: target, pointer: fragment });
        work.push({ parent: holder, key: name, path: [...home, name], file: target, filePath: fromPointer(fragment) });
      } else {
        // Copied in place of this reference; its own `$ref`s are relative to its file.
        local = toPointer(path);
        placed.set(`${target}#${fragment}`, local);
        origins.push({ at: local, file: target, pointer: fragment });
        if (isRecord(value)) for (const [k, v] of Object.entries(child)) if (k !== '$ref') define(value, k, v);
        define(parent, key, value);
        work.push({ parent, key, path, file: target, filePath: fromPointer(fragment) });
        continue;
      }
    }
    define(child, '$ref', `#${encodeLocal(local)}`);
    children(child, path, file, filePath);
  }

  origins.sort((a, b) => b.at.length - a.at.length);
  return {
    data,
    files: [...sources.keys()],
    origin(pointer) {
      const hit = origins.find((o) => pointer === o.at || pointer.startsWith(`${o.at}/`));
      if (!hit) return { file: raw.file, pointer, line: raw.lineOf(pointer) };
      const source = sources.get(hit.file)!;
      const inner = hit.pointer + pointer.slice(hit.at.length);
      return { file: source.file, pointer: inner, line: source.lineOf(inner) };
    },
  };

  function placement(fragment: string, at: string[]): string[] | undefined {
    const segments = fromPointer(fragment);
    // A named component of another document goes to the same section here.
    if (segments.length === 3 && segments[0] === 'components') return ['components', segments[1]!];
    if (swagger && segments.length === 2 && ['definitions', 'parameters', 'responses'].includes(segments[0]!)) return [segments[0]!];
    // Already a component's own slot (`components/schemas/Pet: {$ref: pet.yaml}`): copy it there.
    if ((at.length === 3 && at[0] === 'components') || (swagger && at.length === 2 && at[0] === 'definitions')) return undefined;
    if (isSchemaSlot(at)) return schemaSection;
    if (raw.kind === 'asyncapi' && isMessageSlot(at)) return ['components', 'messages'];
    return undefined;
  }
}

const SCHEMA_KEYS = new Set([
  'schema',
  'items',
  'additionalProperties',
  'not',
  'payload',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
]);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'allOf', 'oneOf', 'anyOf', 'prefixItems', '$defs', 'dependentSchemas']);

function isSchemaSlot(at: string[]): boolean {
  const last = at[at.length - 1];
  const parent = at[at.length - 2];
  const grand = at[at.length - 3];
  if (last === undefined) return false;
  if (at.includes('examples') || at.includes('example')) return false;
  if (parent !== undefined && SCHEMA_MAPS.has(parent)) {
    // AsyncAPI 2.x `message: { oneOf: [...] }` lists messages, not schemas.
    return !(grand === 'message' && parent === 'oneOf');
  }
  return SCHEMA_KEYS.has(last) && !(last === 'items' && parent === 'parameters');
}

function isMessageSlot(at: string[]): boolean {
  const last = at[at.length - 1];
  const parent = at[at.length - 2];
  return last === 'message' || (parent === 'oneOf' && at[at.length - 3] === 'message');
}

/** A component name for a value: the fragment's last segment, else the file's name. */
function nameOf(fragment: string, target: string): string {
  const last = fromPointer(fragment).pop();
  if (last) return last;
  const file = basename(isRemote(target) ? new URL(target).pathname : target);
  return file.replace(/\.(ya?ml|json)$/i, '').replace(/\.(schema|openapi|asyncapi)$/i, '') || 'Schema';
}

async function readSource(from: RefSource, ref: ExternalRef): Promise<RefSource> {
  const pointer = toPointer([...ref.path, '$ref']);
  const fail = (problem: string): never => {
    throw new SpecError(from.file, problem, { pointer, line: from.lineOf(pointer) });
  };
  let text: string;
  if (isRemote(ref.target)) {
    let response: Response;
    try {
      response = await fetch(ref.target, { signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS), redirect: 'follow' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return fail(`cannot fetch $ref "${ref.ref}": ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      fail(`cannot fetch $ref "${ref.ref}": HTTP ${response.status}`);
    }
    try {
      // Refused on its Content-Length, or as soon as more than the limit has arrived.
      text = await readBody(response, MAX_DOCUMENT_BYTES);
    } catch (error) {
      if (error instanceof ReadProblem) return fail(`$ref "${ref.ref}" ${error.problem}${error.line === undefined ? '' : ` (line ${error.line} of it)`}`);
      return fail(`cannot fetch $ref "${ref.ref}": ${(error as Error).message}`);
    }
  } else {
    try {
      text = await readRegularFile(ref.target);
    } catch (error) {
      if (error instanceof ReadProblem) return fail(`$ref "${ref.ref}" ${error.problem}${error.line === undefined ? '' : ` (line ${error.line} of it)`}`);
      return fail(`$ref "${ref.ref}" cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  const file = display(ref.target);
  const { data, lineOf } = parseDocumentText(file, text);
  return { file, data, lineOf };
}

/** A path as messages name it: relative to the working folder; URLs as they are. */
function display(target: string): string {
  if (isRemote(target)) return target;
  return relative(process.cwd(), target) || target;
}

function resolveIn(data: unknown, pointer: string): unknown {
  let node = data;
  for (const segment of fromPointer(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function decodeLocal(ref: string): string {
  const fragment = ref.slice(1);
  try {
    return fragment
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/');
  } catch {
    return fragment;
  }
}

/** A pointer as a `$ref` fragment: each segment URI-encoded where it must be. */
function encodeLocal(pointer: string): string {
  return pointer
    .split('/')
    .map((s) => s.replace(/%/g, '%25').replace(/#/g, '%23').replace(/ /g, '%20'))
    .join('/');
}

/** Sets an own property, `__proto__` included. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
