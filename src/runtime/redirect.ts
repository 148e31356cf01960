/** Redirects of requests carrying credentials, followed here so that no credential reaches another origin. */

import type { FetchLike } from './common.js';
import { hasHeader } from './headers.js';
import type { ApiInfo, Prepared } from './rest-info.js';

/** Lower-case header names and query parameter names that carry credentials of this API. */
export interface CredentialNames {
  readonly headers: readonly string[];
  readonly query: readonly string[];
}

const credentialNameCache = new WeakMap<ApiInfo, CredentialNames>();

/** The names are the API's (those of the schemes applied are among them), so they are found once per API. */
export function credentialNames(api: ApiInfo): CredentialNames {
  const cached = credentialNameCache.get(api);
  if (cached !== undefined) return cached;
  const headers = ['authorization', 'proxy-authorization', 'cookie'];
  const query: string[] = [];
  for (const name of Object.keys(api.securitySchemes)) {
    const scheme = api.securitySchemes[name]!;
    if (scheme.type !== 'apiKey') continue;
    if (scheme.in === 'header') headers.push(scheme.name.toLowerCase());
    else if (scheme.in === 'query') query.push(scheme.name);
  }
  const names = { headers, query };
  credentialNameCache.set(api, names);
  return names;
}

const REDIRECTS = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 20;
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/** An Error with a `code`, as the cause of a `NetworkError` we make ourselves. */
function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * `fetch`, with the redirects of a request carrying credentials followed here, so that none of
 * them reaches another origin (fetch itself forwards API-key headers and query parameters). An
 * API-key header or query parameter counts wherever it came from: `auth`, `options.headers`, or
 * a declared parameter of the same name (fetch would follow a Location that echoes it).
 */
export function fetchFollowing(p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response> {
  return carriesCredentials(p, guard) ? follow(p, init, fetchFn, guard) : fetchFn(p.url, init);
}

/** Whether the request carries one of the API's credentials (then its redirects are followed here: `follow`). */
export function carriesCredentials(p: Prepared, guard: CredentialNames): boolean {
  for (const name of guard.headers) if (hasHeader(p.headers, name)) return true;
  return (p.auth?.query.length ?? 0) > 0 || (guard.query.length > 0 && hasQueryName(p.url, guard.query));
}

/**
 * Whether `response` (to a request sent with `redirect: 'manual'`) is a redirect that `follow`
 * must handle: a redirect status, or the opaque redirect of a browser (status 0).
 */
export function isRedirect(response: Response): boolean {
  const status = response.status;
  return status === 0 ? response.type === 'opaqueredirect' : status >= 301 && status <= 308 && REDIRECTS.includes(status);
}

/** Whether the URL's query holds one of `names` (percent-decoded, as a server reads it). */
function hasQueryName(url: string, names: readonly string[]): boolean {
  if (!url.includes('?')) return false;
  // Only the query is read, so a page-relative URL (browsers) is read the same way.
  const query = new URLSearchParams(url.slice(url.indexOf('?') + 1).split('#')[0]);
  return names.some((name) => query.has(name));
}

export async function follow(p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response> {
  init.redirect = 'manual';
  return followFrom(await fetchFn(p.url, init), p, init, fetchFn, guard);
}

/**
 * The redirects after the first answer `first` to a request sent with `redirect: 'manual'`
 * (`init`), followed here: at most 20, http(s) only, method and body changed as fetch would,
 * and none of our credentials sent to another origin, on that hop or any later one.
 */
export async function followFrom(first: Response, p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response> {
  let url = p.url;
  let method = p.method;
  let headers = p.headers;
  let body = init.body;
  let stripped = false;
  let response = first;
  for (let hops = 0; ; hops++) {
    if (hops > 0) {
      const hop: RequestInit = { ...init, method, headers };
      if (body === undefined) delete hop.body;
      else hop.body = body;
      response = await fetchFn(url, hop);
    }
    if (response.type === 'opaqueredirect')
      throw codedError(
        'OPAQUE_REDIRECT',
        'redirected, and the platform hides the target of a manual redirect: a request carrying credentials is not followed there',
      );
    const location = REDIRECTS.includes(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    void response.body?.cancel().catch(() => undefined);
    if (hops >= MAX_REDIRECTS) throw codedError('TOO_MANY_REDIRECTS', `more than ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw codedError('BAD_REDIRECT', 'a redirect Location that is not a URL');
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw codedError('BAD_REDIRECT', 'a redirect to a scheme other than http(s)');
    const status = response.status;
    if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) {
      method = 'GET';
      body = undefined;
      headers = new Headers(headers);
      for (const name of BODY_HEADERS) headers.delete(name);
    }
    if (!stripped && next.origin !== new URL(url).origin) {
      // Another origin: none of our credentials goes there, on this hop or any later one.
      stripped = true;
      headers = new Headers(headers);
      for (const name of guard.headers) headers.delete(name);
      for (const name of guard.query) if (next.searchParams.has(name)) next.searchParams.delete(name);
    }
    url = next.href;
  }
}
