/** The channel's URL: the address joined to the server URL, query parameters appended. */

/**
 * `address` joined to `base` per RFC 3986: the address's segments go after the base's path,
 * before its query. An address that adds nothing (`/`, ``) leaves a base with a path or a query
 * as it is (`wss://host/raw`, `wss://h/link?ticket=T1`); a bare origin gets its `/`.
 */
export function joinUrl(base: string, address: string): string {
  const cut = base.search(/[?#]/);
  const head = cut < 0 ? base : base.slice(0, cut);
  const tail = cut < 0 ? '' : base.slice(cut);
  const path = address.replace(/^\/+/, '');
  if (path === '') return (/^[a-z][a-z\d+.-]*:\/\/[^/]*$/i.test(head) ? `${head}/` : head) + tail;
  return `${head.replace(/\/+$/, '')}/${path}${tail}`;
}

/** `url` with `pairs` (already encoded `name=value`) appended to its query, before any fragment. */
export function appendQuery(url: string, pairs: readonly string[]): string {
  if (pairs.length === 0) return url;
  const hash = url.indexOf('#');
  const head = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const sep = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
  return `${head}${sep}${pairs.join('&')}${fragment}`;
}

/** `url` with the `query` option's parameters (percent-encoded) appended. */
export function withQuery(url: string, query: Readonly<Record<string, string | number | boolean | undefined>> | undefined): string {
  if (query === undefined) return url;
  const pairs: string[] = [];
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value !== undefined) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return appendQuery(url, pairs);
}
