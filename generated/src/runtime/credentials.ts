// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * specweave credential runtime: copied verbatim into every generated package that has REST
 * operations or channels; no dependencies. One place that turns the caller's `auth` into what
 * goes on the wire, for the REST runtime (http.ts) and the channel runtime (channel.ts) alike:
 * which security alternative applies, basic `user:password` as UTF-8 base64 (never bare
 * `btoa`, which throws on characters outside Latin-1), bearer tokens, API keys in a header, the
 * query or a cookie. Every value sent is recorded, as given and as encoded, so the caller can
 * scrub it from whatever it shows.
 */

import { type BasicCredentials, type Credential, ownValue, type SchemeInfo } from './common.js';

/** A security requirement list: any one alternative, every scheme of it. `[]` is "none needed". */
export type SecurityAlternatives = readonly (readonly string[])[];

/** Where the credentials go. The caller's own checks (header names, values) run in these. */
export interface CredentialTarget {
  header(name: string, value: string): void;
  query(name: string, value: string): void;
}

export interface AppliedCredentials {
  /** Lower-case names of headers that carry credentials (beyond Authorization and Cookie). */
  secretHeaders: string[];
  /** Names of the query parameters that carry credentials. */
  query: string[];
  /** The credential values sent, as given and as encoded (to redact from anything shown). */
  secrets: string[];
  /** `name=value` cookie pairs (percent-encoded), for the caller's Cookie header. */
  cookies?: string[];
}

/** Called with a scheme name and the problem; must throw (the caller's own error class). */
export type RefuseCredential = (schemeName: string, problem: string) => never;

/** Header values a fetch or a WebSocket handshake cannot carry: line breaks, NUL, beyond Latin-1. */
export const UNSENDABLE_HEADER: RegExp = /[\0\r\n]|[^\0-\xff]/;

/** `text` as UTF-8, base64-encoded (what `btoa` cannot do for characters beyond Latin-1). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The value of `Authorization: Basic …` for a user and password (RFC 7617, UTF-8). */
export function basicToken(username: string, password: string): string {
  return base64Utf8(`${username}:${password}`);
}

/** A cookie pair with both sides percent-encoded. */
export function cookiePair(name: string, value: string): string {
  return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

/** The first non-empty security alternative whose every scheme has a credential (plain loops: this runs on every call). */
export function chooseAlternative(alternatives: SecurityAlternatives, auth: Readonly<Record<string, Credential | undefined>>): readonly string[] | undefined {
  for (const alternative of alternatives) {
    if (alternative.length === 0) continue;
    let complete = true;
    for (const scheme of alternative) {
      if (ownValue(auth, scheme) === undefined) {
        complete = false;
        break;
      }
    }
    if (complete) return alternative;
  }
  return undefined;
}

/**
 * Applies the first security alternative whose every scheme has a credential; none is fine
 * (the server answers). A non-empty alternative wins over `[]` (optional auth): given
 * credentials are sent. Synchronous unless a token is a function. `bearerQuery`, when given,
 * is the query parameter bearer tokens go in instead of the Authorization header (only where
 * the document says the server takes one there).
 */
export function applyCredentials(
  schemes: Readonly<Record<string, SchemeInfo>>,
  alternatives: SecurityAlternatives,
  auth: Readonly<Record<string, Credential | undefined>>,
  target: CredentialTarget,
  refuse: RefuseCredential,
  bearerQuery?: string,
): AppliedCredentials | Promise<AppliedCredentials> {
  const result: AppliedCredentials = { secretHeaders: [], query: [], secrets: [] };
  const chosen = chooseAlternative(alternatives, auth);
  if (chosen === undefined) return result;
  let pending: Array<Promise<void>> | undefined;
  for (const schemeName of chosen) {
    const scheme = ownValue(schemes, schemeName);
    const credential = ownValue(auth, schemeName);
    if (scheme === undefined || credential === undefined) continue;
    if (typeof credential === 'function')
      (pending ??= []).push(Promise.resolve(credential()).then((token) => applyCredential(schemeName, scheme, token, target, result, refuse, bearerQuery)));
    else applyCredential(schemeName, scheme, credential, target, result, refuse, bearerQuery);
  }
  return pending === undefined ? result : Promise.all(pending).then(() => result);
}

/** Puts one credential where its scheme says, recording what was sent in `result`. */
export function applyCredential(
  schemeName: string,
  scheme: SchemeInfo,
  credential: string | BasicCredentials,
  target: CredentialTarget,
  result: AppliedCredentials,
  refuse: RefuseCredential,
  bearerQuery?: string,
): void {
  if (typeof credential !== 'string' && (credential === null || typeof credential !== 'object')) refuse(schemeName, 'is not a string');
  if (scheme.type === 'basic') {
    const { username, password } = typeof credential === 'object' ? credential : { username: credential, password: '' };
    const encoded = basicToken(String(username), String(password));
    result.secrets.push(String(username), String(password), encoded);
    target.header('authorization', `Basic ${encoded}`);
    return;
  }
  const value = typeof credential === 'object' ? `${credential.username}:${credential.password}` : credential;
  if (value !== '') result.secrets.push(value, encodeURIComponent(value));
  if (scheme.type === 'bearer' && bearerQuery !== undefined) {
    // A bearer token is a header value moved to the query: one a header could not carry is refused the same way.
    if (/[\0\r\n]/.test(value)) refuse(schemeName, 'cannot be sent: it holds a CR, LF or NUL character');
    target.query(bearerQuery, value);
    result.query.push(bearerQuery);
    return;
  }
  const inHeader = scheme.type === 'bearer' || scheme.in === 'header';
  if (inHeader && UNSENDABLE_HEADER.test(value)) refuse(schemeName, 'cannot be sent in a header: it holds a CR, LF or NUL character or one outside Latin-1');
  if (scheme.type === 'bearer') target.header('authorization', `Bearer ${value}`);
  else if (scheme.in === 'header') {
    target.header(scheme.name, value);
    result.secretHeaders.push(scheme.name.toLowerCase());
  } else if (scheme.in === 'query') {
    target.query(scheme.name, value);
    result.query.push(scheme.name);
  } else (result.cookies ??= []).push(cookiePair(scheme.name, value));
}
