import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { SpecError } from './errors.js';
import { fromRefFragment, toPointer } from './json-pointer.js';

export interface RefPolicy {
  /** Allow `$ref`s to http(s) URLs (off by default: a spec is untrusted input). */
  allowRemoteRefs?: boolean;
  /** Allow `$ref`s to files outside the spec's folder (off by default). */
  allowOutsideRefs?: boolean;
}

/** A document or a file it references: what the `$ref` check needs of it. */
export interface RefSource {
  /** Path as named in messages, or an http(s) URL. */
  file: string;
  data: unknown;
  lineOf(pointer: string): number | undefined;
}

/** A `$ref` to another file: where it is written and what it names. */
export interface ExternalRef {
  /** Path in the referring document of the object holding the `$ref`. */
  path: Array<string | number>;
  ref: string;
  /** Absolute path or URL of the file, without the fragment. */
  target: string;
  /** The fragment (`/components/schemas/Pet`), '' for the whole file. */
  fragment: string;
}

export function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref);
}

/**
 * One walk over a document: every local `$ref` must resolve, remote ones and files outside
 * `root` (the spec's folder) are refused unless allowed, and a referenced file must exist.
 * Reports the first problem with the pointer and line of the `$ref` itself (validators only say
 * what was missing, not where it was referenced from). Returns the references to other files.
 */
export function checkRefs(doc: RefSource, policy: RefPolicy = {}, root?: string): { external: boolean; refs: ExternalRef[] } {
  const refs: ExternalRef[] = [];
  const remoteDoc = isRemote(doc.file);
  const base = remoteDoc ? doc.file : dirname(resolve(doc.file));
  const boundary = root ?? base;
  const fail = (path: Array<string | number>, problem: string): never => {
    const pointer = toPointer([...path, '$ref']);
    throw new SpecError(doc.file, problem, { pointer, line: doc.lineOf(pointer) });
  };
  // Paths are kept as parent links and only spelled out for a reference (the walk is linear).
  const stack: Array<{ value: unknown; at: PathLink | undefined }> = [{ value: doc.data, at: undefined }];
  /** Where a chain of local references from a place ends: at a value, or in a cycle. */
  const chains = new Map<string, 'value' | 'cycle'>();
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
    if (typeof ref === 'string') {
      const hash = ref.indexOf('#');
      const fragment = hash < 0 ? '' : ref.slice(hash + 1);
      const location = hash < 0 ? ref : ref.slice(0, hash);
      // One policy for every `$ref`, examples included: a validator's resolver may follow a
      // `$ref` written inside an example (issue 9: @asyncapi/parser fetched URLs and read files
      // from there). Only a local one inside an example is left unchecked (it reads nothing).
      const example = isInsideExample(path);
      if (location === '' && example) {
        // Data that happens to have a `$ref` key.
      } else if (location === '') {
        const target = resolveLocal(doc.data, ref);
        const deferred = target === undefined && throughExternalRef(doc.data, ref);
        if (target === undefined && !deferred) fail(path, `$ref "${ref}" points to nothing in this document`);
        // A chain of references that comes back to where it started never reaches a value
        // (validators recurse on it until the stack runs out). Each place is followed once:
        // what a chain already proved (reaches a value, or is a cycle) is remembered, so a
        // chain of n references costs n steps, not n² (issue 9: 4,000 took over two minutes).
        const here = toPointer(path);
        const chain = [here];
        const inChain = new Set<string>(chain);
        let verdict = deferred ? 'value' : chains.get(here);
        for (let next = target; verdict === undefined; next = resolveLocal(doc.data, (next as { $ref: string }).$ref)) {
          if (!isRef(next) || !next.$ref.startsWith('#')) {
            verdict = 'value';
            break;
          }
          const raw = next.$ref.slice(1);
          const at = decodeFragment(raw) ?? raw;
          verdict = chains.get(at);
          if (verdict !== undefined) break;
          if (inChain.has(at)) verdict = 'cycle';
          else {
            chain.push(at);
            inChain.add(at);
          }
        }
        for (const at of chain) chains.set(at, verdict);
        if (verdict === 'cycle') fail(path, `$ref "${ref}" is a cycle of references that never reaches a value`);
      } else if (isRemote(ref) || remoteDoc) {
        let url: URL | undefined;
        try {
          url = new URL(location, remoteDoc ? doc.file : undefined);
        } catch {
          fail(path, `$ref "${ref}" is not a valid URL`);
        }
        if (url!.protocol !== 'http:' && url!.protocol !== 'https:') fail(path, `$ref "${ref}": only http and https references can be fetched`);
        if (!policy.allowRemoteRefs)
          fail(path, `remote $ref "${ref}" refused (a spec is untrusted input; pass --allow-remote-refs or set allowRemoteRefs in the config to fetch it)`);
        url!.hash = '';
        if (!example) refs.push({ path, ref, target: url!.href, fragment: decodeFragment(fragment) ?? fail(path, `$ref "${ref}" has a malformed fragment`) });
      } else {
        let target: string;
        try {
          target = decodeURIComponent(location);
        } catch {
          target = location;
        }
        const full = resolve(base, target);
        const rel = relative(boundary, full);
        if (!policy.allowOutsideRefs && (rel.startsWith('..') || isAbsolute(rel))) {
          fail(path, `$ref "${ref}" leaves the spec's folder (pass --allow-outside-refs or set allowOutsideRefs in the config to permit it)`);
        }
        if (!existsSync(full)) fail(path, `$ref "${ref}" names a file that does not exist (${full})`);
        // A link inside the folder that leads out of it is outside too.
        if (!policy.allowOutsideRefs && !isWithin(realpathSync(boundary), realpathSync(full))) {
          fail(
            path,
            `$ref "${ref}" leaves the spec's folder through a symbolic link (pass --allow-outside-refs or set allowOutsideRefs in the config to permit it)`,
          );
        }
        if (!example) refs.push({ path, ref, target: full, fragment: decodeFragment(fragment) ?? fail(path, `$ref "${ref}" has a malformed fragment`) });
      }
    }
    for (const key of Object.keys(record).reverse()) {
      const child = record[key];
      if (key !== '$ref' && child !== null && typeof child === 'object') stack.push({ value: child, at: { parent: at, key } });
    }
  }
  return { external: refs.length > 0, refs };
}

function isRef(value: unknown): value is { $ref: string } {
  return value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)['$ref'] === 'string';
}

function isWithin(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return !(rel.startsWith('..') || isAbsolute(rel));
}

/** `/a/b%20c` → the pointer as `toPointer` writes it (`/a/b c`); undefined if malformed. */
function decodeFragment(fragment: string): string | undefined {
  const segments = fromRefFragment(fragment);
  return segments === undefined ? undefined : toPointer(segments);
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

/** Maps whose keys are names: a key `example` in one is a name (a schema, a message), not an example. */
const NAMED_MAPS = new Set<string | number>([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'channels',
  'messages',
  'operations',
  'servers',
  'parameters',
  'responses',
]);

export function isInsideExample(path: Array<string | number>): boolean {
  // A property or component *named* `example` is a schema, not an example.
  return path.some((p, i) => EXAMPLE_KEYS.has(p) && !NAMED_MAPS.has(path[i - 1]!) && path[i - 2] !== 'components');
}

export function resolveLocal(data: unknown, ref: string): unknown {
  return walkLocal(data, ref, 0).value;
}

/**
 * Whether a local `$ref` that points to nothing here passes through a reference to another
 * file (`channels: {echo: {$ref: './channels.yml#/channels/echo'}}` and then
 * `#/channels/echo/messages/echo`): it is checked once that file is bundled in.
 */
export function throughExternalRef(data: unknown, ref: string): boolean {
  return walkLocal(data, ref, 0).external;
}

/**
 * Follows a local `$ref`. A node on the way that is itself a reference (and has no such key of
 * its own) is followed first, as @asyncapi/parser does: `#/channels/echo/messages/echo` through
 * `channels: {echo: {$ref: '#/components/channels/echo'}}`.
 */
function walkLocal(data: unknown, ref: string, depth: number): { value: unknown; external: boolean } {
  let node: unknown = data;
  const segments = fromRefFragment(ref.slice(1));
  if (segments === undefined) return { value: undefined, external: false };
  for (const segment of segments) {
    for (let hops = 0; node !== null && typeof node === 'object' && !Object.hasOwn(node, segment) && isRef(node); hops++) {
      const inner = (node as { $ref: string }).$ref;
      if (!inner.startsWith('#')) return { value: undefined, external: true };
      if (hops > 20 || depth > 20) return { value: undefined, external: false };
      const next = walkLocal(data, inner, depth + 1);
      if (next.value === undefined) return next;
      node = next.value;
    }
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return { value: undefined, external: false };
    node = (node as Record<string, unknown>)[segment];
  }
  return { value: node, external: false };
}
