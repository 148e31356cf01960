import { existsSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { SpecError, fromRefFragment, toPointer } from './errors.js';
import type { RawDocument } from './read-document.js';

export interface RefPolicy {
  /** Allow `$ref`s to http(s) URLs (off by default: a spec is untrusted input). */
  allowRemoteRefs?: boolean;
  /** Allow `$ref`s to files outside the spec's folder (off by default). */
  allowOutsideRefs?: boolean;
}

/**
 * One walk over the document: every local `$ref` must resolve, remote ones and files outside
 * the spec's folder are refused unless allowed, and a referenced file must exist. Reports the
 * first problem with the pointer and line of the `$ref` itself (validators only say what was
 * missing, not where it was referenced from).
 */
export function checkRefs(doc: RawDocument, policy: RefPolicy = {}): { external: boolean } {
  let external = false;
  const fail = (path: Array<string | number>, problem: string): never => {
    const pointer = toPointer([...path, '$ref']);
    throw new SpecError(doc.file, problem, { pointer, line: doc.lineOf(pointer) });
  };
  // Paths are kept as parent links and only spelled out for a reference (the walk is linear).
  const stack: Array<{ value: unknown; at: PathLink | undefined }> = [{ value: doc.data, at: undefined }];
  while (stack.length > 0) {
    const { value, at } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], at: { parent: at, key: i } });
      continue;
    }
    const record = value as Record<string, unknown>;
    const ref = record['$ref'];
    const path = typeof ref === 'string' ? spell(at) : [];
    if (typeof ref === 'string' && !isInsideExample(path)) {
      if (ref.startsWith('#')) {
        if (resolveLocal(doc.data, ref) === undefined) fail(path, `$ref "${ref}" points to nothing in this document`);
      } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
        if (!policy.allowRemoteRefs) fail(path, `remote $ref "${ref}" refused (a spec is untrusted input; pass --allow-remote-refs to fetch it)`);
        external = true;
      } else {
        const target = ref.split('#')[0] ?? '';
        const base = dirname(resolve(doc.file));
        const full = resolve(base, target);
        const rel = relative(base, full);
        if (!policy.allowOutsideRefs && (rel.startsWith('..') || isAbsolute(rel))) {
          fail(path, `$ref "${ref}" leaves the spec's folder (pass --allow-outside-refs to permit it)`);
        }
        if (!existsSync(full)) fail(path, `$ref "${ref}" names a file that does not exist (${full})`);
        external = true;
      }
    }
    for (const key of Object.keys(record).reverse()) {
      const child = record[key];
      if (key !== '$ref' && child !== null && typeof child === 'object') stack.push({ value: child, at: { parent: at, key } });
    }
  }
  return { external };
}

interface PathLink {
  parent: PathLink | undefined;
  key: string | number;
}

function spell(at: PathLink | undefined): Array<string | number> {
  const out: Array<string | number> = [];
  for (let link = at; link; link = link.parent) out.push(link.key);
  return out.reverse();
}

/** Examples are data: a `$ref` key inside them is not a reference. */
const EXAMPLE_KEYS = new Set<string | number>(['example', 'examples', 'x-examples']);

function isInsideExample(path: Array<string | number>): boolean {
  // A property *named* `example` is a schema, not an example.
  return path.some((p, i) => EXAMPLE_KEYS.has(p) && path[i - 1] !== 'properties');
}

export function resolveLocal(data: unknown, ref: string): unknown {
  let node: unknown = data;
  const segments = fromRefFragment(ref.slice(1));
  if (segments === undefined) return undefined;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
