/**
 * Synthetic spec families for the scaling benchmark: a real spec's first `ops` operations (in
 * path order) and the components they reach through `$ref`, copied `k` times under new names.
 *
 * Copy 0 keeps the original names (so 1× is a plain subset of the real spec); copy i ≥ 1 puts
 * every path under `/k{i}`, suffixes every operationId and every component name with `-k{i}`,
 * and rewrites every `#/components/<type>/<name>` string (`$ref`s, discriminator mappings) to
 * the renamed target. Security schemes are shared by all copies.
 */

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const SHARED_COMPONENTS = new Set(['securitySchemes']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const decode = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');
const encode = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** `#/components/<type>/<name>[/rest]` → [type, name, rest] */
function componentRef(value: string): [string, string, string] | undefined {
  const m = /^#\/components\/([^/]+)\/([^/]+)(\/.*)?$/.exec(value);
  return m ? [m[1]!, decode(m[2]!), m[3] ?? ''] : undefined;
}

function walkStrings(value: Json, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) walkStrings(v, visit);
}

function mapStrings(value: Json, f: (s: string) => string): Json {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value !== null && typeof value === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
    return out;
  }
  return value;
}

export interface Subset {
  /** The base document: `ops` operations and the components they reach. */
  doc: Obj;
  operations: number;
  components: Record<string, number>;
}

/** The first `ops` operations of `source` in path order, and the transitive `$ref` closure. */
export function subset(source: Obj, ops: number): Subset {
  const paths: Obj = {};
  let n = 0;
  for (const [path, item] of Object.entries((source['paths'] ?? {}) as Obj)) {
    if (n >= ops) break;
    const copy: Obj = {};
    for (const [key, value] of Object.entries(item as Obj)) {
      if (METHODS.has(key)) {
        if (n >= ops) continue;
        n++;
      }
      copy[key] = value;
    }
    paths[path] = copy;
  }
  const all = (source['components'] ?? {}) as Record<string, Obj>;
  const seen = new Set<string>();
  const queue: [string, string][] = [];
  const visit = (s: string): void => {
    const ref = componentRef(s);
    if (!ref) return;
    const key = `${ref[0]}\u0000${ref[1]}`;
    if (seen.has(key) || all[ref[0]]?.[ref[1]] === undefined) return;
    seen.add(key);
    queue.push([ref[0], ref[1]]);
  };
  walkStrings(paths, visit);
  while (queue.length > 0) {
    const [type, name] = queue.shift()!;
    walkStrings(all[type]![name]!, visit);
  }
  const components: Record<string, Obj> = {};
  for (const key of seen) {
    const [type, name] = key.split('\u0000') as [string, string];
    (components[type] ??= {})[name] = all[type]![name]!;
  }
  for (const type of SHARED_COMPONENTS) if (all[type]) components[type] = all[type];
  const doc: Obj = { ...source, paths, components };
  delete doc['webhooks'];
  delete doc['x-webhooks'];
  const counts: Record<string, number> = {};
  for (const [type, entries] of Object.entries(components)) counts[type] = Object.keys(entries).length;
  return { doc, operations: n, components: counts };
}

/** `k` renamed copies of `base` in one document. */
export function replicate(base: Obj, k: number): Obj {
  const basePaths = base['paths'] as Obj;
  const baseComponents = base['components'] as Record<string, Obj>;
  const paths: Obj = {};
  const components: Record<string, Obj> = {};
  for (const type of SHARED_COMPONENTS) if (baseComponents[type]) components[type] = baseComponents[type];
  for (let i = 0; i < k; i++) {
    const suffix = i === 0 ? '' : `-k${i}`;
    const rename = (s: string): string => {
      const ref = componentRef(s);
      if (!ref || SHARED_COMPONENTS.has(ref[0]) || !baseComponents[ref[0]]?.[ref[1]]) return s;
      return `#/components/${ref[0]}/${encode(ref[1] + suffix)}${ref[2]}`;
    };
    for (const [path, item] of Object.entries(basePaths)) {
      const copy = mapStrings(item, rename) as Obj;
      for (const [key, op] of Object.entries(copy)) {
        if (METHODS.has(key) && op && typeof op === 'object' && !Array.isArray(op) && typeof op['operationId'] === 'string') {
          copy[key] = { ...op, operationId: `${op['operationId']}${suffix}` };
        }
      }
      paths[i === 0 ? path : `/k${i}${path}`] = copy;
    }
    for (const [type, entries] of Object.entries(baseComponents)) {
      if (SHARED_COMPONENTS.has(type)) continue;
      const target = (components[type] ??= {});
      for (const [name, value] of Object.entries(entries)) target[name + suffix] = mapStrings(value, rename);
    }
  }
  return { ...base, paths, components };
}
