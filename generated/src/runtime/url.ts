// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** Request URLs: base URL choice, path templates, the query builder and the check that a URL can be sent. */

import { ownValue, RequestValidationError } from './common.js';
import type { ApiInfo, OperationInfo, ParameterInfo, Prepared, RequestOptions, SerialisationInfo } from './rest-info.js';
import { segment, simplePath } from './serialise.js';

// ------------------------------------------------------------------------------- URLs

export function baseUrl(api: ApiInfo, op: OperationInfo, options: RequestOptions): string {
  const key = op.servers[0];
  if (key === undefined) {
    if (typeof options.baseUrl === 'string') return withoutTrailingSlashes(options.baseUrl);
    throw new RequestValidationError(`${op.id}: the spec names no server; pass baseUrl`);
  }
  const override = typeof options.baseUrl === 'string' ? options.baseUrl : options.baseUrl === undefined ? undefined : ownValue(options.baseUrl, key);
  if (typeof override === 'string') return withoutTrailingSlashes(override);
  const server = ownValue(api.servers, key);
  if (server === undefined) throw new RequestValidationError(`${op.id}: unknown server "${key}"`);
  if (!server.url.includes('{')) return withoutTrailingSlashes(server.url);
  if (api.expandServer === undefined) throw new RequestValidationError(`${op.id}: server "${key}" has variables, but the API info names no expandServer`);
  return withoutTrailingSlashes(api.expandServer(server, options.serverVariables ?? {}, op.id));
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47 /* / */) end--;
  return end === url.length ? url : url.slice(0, end);
}

/** A parameter of a path template; `plain` when its value, if a string, is simply one encoded segment (style `simple`, no `content`, no serialiser of its own). */
type PathPart = string | { readonly name: string; readonly info: ParameterInfo | SerialisationInfo; readonly plain: boolean };
/** Path templates split once per operation into literal text and parameters. */
const pathTemplates = new WeakMap<OperationInfo, readonly PathPart[]>();

function pathParts(op: OperationInfo): readonly PathPart[] {
  let parts = pathTemplates.get(op);
  if (parts === undefined) {
    const list: PathPart[] = [];
    let last = 0;
    for (const match of op.path.matchAll(/\{([^{}]+)\}/g)) {
      const name = match[1]!;
      const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
      const info: ParameterInfo | SerialisationInfo = param ?? {};
      const plain = !('serialise' in info && info.serialise) && info.contentType === undefined;
      list.push(op.path.slice(last, match.index), { name, info, plain });
      last = match.index! + match[0].length;
    }
    list.push(op.path.slice(last));
    pathTemplates.set(op, (parts = list));
  }
  return parts;
}

export function expandPath(op: OperationInfo, path: object): string {
  let out = '';
  for (const part of pathParts(op)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = ownValue(path, part.name);
    if (value === undefined || value === null) throw new RequestValidationError(`${op.id}: missing path parameter "${part.name}"`);
    // A string id (most calls) goes straight to its segment: what simplePath would do for it.
    const text =
      typeof value === 'string' && part.plain
        ? segment(part.name, value, op.id)
        : ((('serialise' in part.info && part.info.serialise) || simplePath)(part.name, value, part.info, op.id) as string);
    if (text === '') throw new RequestValidationError(`${op.id}: path parameter "${part.name}" is empty`);
    out += text;
  }
  return out;
}

export class UrlBuilder {
  private readonly query: string[] = [];
  /** Indexes of query entries that carry credentials. */
  private readonly secret: number[] = [];
  constructor(private readonly base: string) {}

  /** Adds encoded `name=value` pieces (from `serialiseQuery`). */
  add(pieces: readonly string[], secret = false): void {
    for (const piece of pieces) {
      if (secret) this.secret.push(this.query.length);
      this.query.push(piece);
    }
  }

  toString(redacted = false): string {
    if (this.query.length === 0) return this.base;
    const query =
      redacted && this.secret.length > 0 ? this.query.map((q, i) => (this.secret.includes(i) ? `${q.slice(0, q.indexOf('='))}=[redacted]` : q)) : this.query;
    return `${this.base}${this.base.includes('?') ? '&' : '?'}${query.join('&')}`;
  }
}

/**
 * Checks that the prepared URL can be sent: absolute (or relative to a browser page), parses,
 * http(s), no user:password. Refused before sending, with the URL shown redacted.
 */
export function checkUrl(op: OperationInfo, p: Prepared): void {
  // What follows an accepted base URL from a `/` on (an encoded path, a query) cannot make it
  // unsendable, so each base is parsed once.
  const base = p.root;
  const slash = p.url.charCodeAt(base.length) === 47; /* / */
  if (slash && sendableBases.has(base)) return;
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  const shown = p.query.toString(true);
  if (!ABSOLUTE.test(p.url) && typeof page !== 'string') {
    throw new RequestValidationError(
      `${op.id}: no absolute base URL (the request would go to "${shown}"); pass baseUrl, e.g. { baseUrl: 'https://api.example.com' }`,
    );
  }
  let parsed: URL;
  try {
    parsed = typeof page === 'string' ? new URL(p.url, page) : new URL(p.url);
  } catch {
    throw new RequestValidationError(`${op.id}: the request URL "${shown}" is not a valid URL (check baseUrl, serverVariables and the path parameters)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new RequestValidationError(`${op.id}: the request URL must be http or https (check baseUrl)`);
  if (parsed.username !== '' || parsed.password !== '')
    throw new RequestValidationError(`${op.id}: the base URL must not hold user:password; pass credentials as auth`);
  if (slash && ABSOLUTE.test(base) && sendable(base, parsed.origin)) {
    if (sendableBases.size >= 64) sendableBases.clear();
    sendableBases.add(base);
  }
}

const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;
/** Absolute base URLs found sendable on their own (see `checkUrl`); at most 64. */
const sendableBases = new Set<string>();

/** Whether `base` alone parses as an http(s) URL without user:password, of `origin`. */
function sendable(base: string, origin: string): boolean {
  try {
    const url = new URL(base);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.origin === origin;
  } catch {
    return false;
  }
}
