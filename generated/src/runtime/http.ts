// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * specweave REST runtime: copied verbatim into every generated package; no dependencies.
 * Generated operation functions describe themselves with plain data (`OperationInfo`) and
 * call `request()`: URL building, parameter serialisation, auth, body encoding and response
 * decoding all live here, once, and are tested as ordinary code.
 *
 * Error convention: a response with a status outside 2xx throws `ApiError` carrying the status,
 * headers and decoded body (typed per operation by the generated `…Error` alias). Transport
 * failures are thrown as they come from `fetch` (an `AbortError` when the signal fires).
 */

/** A credential given as a value, or as a function called before every request. */
export type Token = string | (() => string | Promise<string>);
export interface BasicCredentials {
  username: string;
  password: string;
}
export type Credential = Token | BasicCredentials;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface VariableInfo {
  readonly default?: string;
  readonly enum?: readonly string[];
}

export interface ServerInfo {
  /** URL template, e.g. `https://{region}.example.com/v1`. */
  readonly url: string;
  readonly variables?: Readonly<Record<string, VariableInfo>>;
}

export type SchemeInfo =
  | { readonly type: 'bearer' }
  | { readonly type: 'basic' }
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string };

export interface ParameterInfo {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly style?: string;
  readonly explode?: boolean;
}

export interface OperationInfo {
  readonly id: string;
  readonly method: string;
  /** Path template, e.g. `/v2/task/{task_id}/`. */
  readonly path: string;
  /** Server keys in preference order (the first is used unless overridden). */
  readonly servers: readonly string[];
  /** Alternatives; each lists schemes that apply together. `[]` inside means "no auth". */
  readonly security: ReadonlyArray<readonly string[]>;
  readonly parameters: readonly ParameterInfo[];
  readonly body?: { readonly mediaType: string };
}

export interface ApiInfo {
  readonly servers: Readonly<Record<string, ServerInfo>>;
  readonly securitySchemes: Readonly<Record<string, SchemeInfo>>;
}

/** Options of one call; a generated `create…Client(defaults)` merges its defaults under them. */
export interface RequestOptions {
  /** One base URL for every server, or one per server key. */
  baseUrl?: string | Readonly<Record<string, string | undefined>>;
  /** Values of server URL variables (validated against the spec's enum). */
  serverVariables?: Readonly<Record<string, string | undefined>>;
  /** Credentials by security scheme name. */
  auth?: Readonly<Record<string, Credential | undefined>>;
  /** `fetch` to use instead of the global one. */
  fetch?: FetchLike;
  /** Extra headers for every request. */
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

export interface RequestArgs {
  path?: object;
  query?: object;
  headers?: object;
  cookies?: object;
  body?: unknown;
}

export interface ApiResponse<S extends number = number, T = unknown> {
  status: S;
  data: T;
  headers: Headers;
}

export interface ErrorResponse {
  status: number;
  body: unknown;
}

/** A response with a non-2xx status. `R` is the operation's declared error responses. */
export class ApiError<R extends ErrorResponse = ErrorResponse> extends Error {
  override readonly name: string = 'ApiError';
  readonly operation: string;
  readonly status: R['status'];
  readonly body: R['body'];
  readonly headers: Headers;

  constructor(operation: string, status: R['status'], body: R['body'], headers: Headers) {
    super(`${operation} failed with HTTP ${status}`);
    this.operation = operation;
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** Thrown before any request when the inputs cannot make a valid one. */
export class RequestValidationError extends Error {
  override readonly name: string = 'RequestValidationError';
}

export async function request(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions): Promise<ApiResponse> {
  const url = new UrlBuilder(baseUrl(api, op, options) + expandPath(op, args.path ?? {}));
  const headers = new Headers();
  for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
  const cookies: string[] = [];
  for (const p of op.parameters) {
    const source = p.in === 'query' ? args.query : p.in === 'header' ? args.headers : p.in === 'cookie' ? args.cookies : undefined;
    const value = source === undefined ? undefined : ownValue(source, p.name);
    if (value === undefined || p.in === 'path') continue;
    if (p.in === 'query') url.addQuery(p.name, value, p.style ?? 'form', p.explode ?? (p.style ?? 'form') === 'form');
    else if (p.in === 'header') headers.set(p.name, serialiseSimple(value));
    else cookies.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(serialiseSimple(value))}`);
  }
  await applyAuth(api, op, options, headers, url, cookies);
  if (cookies.length > 0) headers.set('cookie', cookies.join('; '));

  const init: RequestInit = { method: op.method.toUpperCase(), headers };
  if (args.body !== undefined && op.body) {
    const encoded = encodeBody(op.body.mediaType, args.body);
    if (encoded.contentType) headers.set('content-type', encoded.contentType);
    init.body = encoded.body;
  }
  if (!headers.has('accept')) headers.set('accept', 'application/json, */*;q=0.5');
  if (options.signal) init.signal = options.signal;

  const doFetch: FetchLike = options.fetch ?? ((input, requestInit) => globalThis.fetch(input, requestInit));
  const response = await doFetch(url.toString(), init);
  const data = await decodeBody(response);
  if (response.status < 200 || response.status > 299) {
    throw new ApiError(op.id, response.status, data, response.headers);
  }
  return { status: response.status, data, headers: response.headers };
}

// ------------------------------------------------------------------------------- URLs

function baseUrl(api: ApiInfo, op: OperationInfo, options: RequestOptions): string {
  const key = op.servers[0];
  if (key === undefined) throw new RequestValidationError(`${op.id}: the spec names no server; pass baseUrl`);
  const override = typeof options.baseUrl === 'string' ? options.baseUrl : options.baseUrl === undefined ? undefined : ownValue(options.baseUrl, key);
  if (typeof override === 'string') return override.replace(/\/+$/, '');
  const server = ownValue(api.servers, key);
  if (server === undefined) throw new RequestValidationError(`${op.id}: unknown server "${key}"`);
  return expandServerUrl(server, options.serverVariables ?? {}, op.id).replace(/\/+$/, '');
}

/** Fills `{name}` placeholders of a server URL, checking each value against the spec's enum. */
export function expandServerUrl(server: ServerInfo, values: Readonly<Record<string, string | undefined>>, context: string): string {
  return server.url.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const variable = server.variables === undefined ? undefined : ownValue(server.variables, name);
    const given = ownValue(values, name);
    const value = typeof given === 'string' ? given : variable?.default;
    if (value === undefined) throw new RequestValidationError(`${context}: server variable "${name}" has no default; pass serverVariables.${name}`);
    if (variable?.enum && !variable.enum.includes(value)) {
      throw new RequestValidationError(`${context}: server variable "${name}" must be one of ${variable.enum.join(', ')}`);
    }
    if (/[/?#@\s]/.test(value) && !server.url.startsWith(`{${name}}`)) {
      throw new RequestValidationError(`${context}: server variable "${name}" must not contain / ? # @ or spaces`);
    }
    return value;
  });
}

function expandPath(op: OperationInfo, path: object): string {
  return op.path.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = ownValue(path, name);
    if (value === undefined || value === null) throw new RequestValidationError(`${op.id}: missing path parameter "${name}"`);
    const text = serialiseSimple(value);
    // URL parsers (fetch's included) resolve "%2E%2E" like "..": a dot segment cannot be sent.
    if (text === '.' || text === '..') throw new RequestValidationError(`${op.id}: path parameter "${name}" cannot be "${text}"`);
    return encodeSegment(text);
  });
}

/** Percent-encodes a path segment so that `/`, `?`, `#` and dot segments stay inside it. */
export function encodeSegment(value: string): string {
  if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
  return encodeURIComponent(value);
}

class UrlBuilder {
  private readonly query: string[] = [];
  constructor(private readonly base: string) {}

  addQuery(name: string, value: unknown, style: string, explode: boolean): void {
    const key = encodeURIComponent(name);
    if (Array.isArray(value)) {
      const items = value.map((v) => encodeURIComponent(serialiseSimple(v)));
      if (explode) for (const item of items) this.query.push(`${key}=${item}`);
      else this.query.push(`${key}=${items.join(style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',')}`);
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      if (style === 'deepObject') for (const [k, v] of entries) this.query.push(`${key}%5B${encodeURIComponent(k)}%5D=${encodeURIComponent(serialiseSimple(v))}`);
      else if (explode) for (const [k, v] of entries) this.query.push(`${encodeURIComponent(k)}=${encodeURIComponent(serialiseSimple(v))}`);
      else this.query.push(`${key}=${entries.map(([k, v]) => `${encodeURIComponent(k)},${encodeURIComponent(serialiseSimple(v))}`).join(',')}`);
    } else {
      this.query.push(`${key}=${encodeURIComponent(serialiseSimple(value))}`);
    }
  }

  toString(): string {
    if (this.query.length === 0) return this.base;
    return `${this.base}${this.base.includes('?') ? '&' : '?'}${this.query.join('&')}`;
  }
}

function serialiseSimple(value: unknown): string {
  if (Array.isArray(value)) return value.map(serialiseSimple).join(',');
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// ------------------------------------------------------------------------------- auth

async function applyAuth(api: ApiInfo, op: OperationInfo, options: RequestOptions, headers: Headers, url: UrlBuilder, cookies: string[]): Promise<void> {
  const auth = options.auth ?? {};
  // The first alternative whose every scheme has a credential; none is fine (the server answers).
  // A non-empty alternative wins over `[]` (optional auth): given credentials are sent.
  const chosen = op.security.find((req) => req.length > 0 && req.every((scheme) => ownValue(auth, scheme) !== undefined));
  for (const schemeName of chosen ?? []) {
    const scheme = ownValue(api.securitySchemes, schemeName);
    const credential = ownValue(auth, schemeName);
    if (scheme === undefined || credential === undefined) continue;
    if (scheme.type === 'basic') {
      const { username, password } = typeof credential === 'object' ? credential : { username: await resolveToken(credential), password: '' };
      headers.set('authorization', `Basic ${base64(`${username}:${password}`)}`);
      continue;
    }
    const value = typeof credential === 'object' ? `${credential.username}:${credential.password}` : await resolveToken(credential);
    if (scheme.type === 'bearer') headers.set('authorization', `Bearer ${value}`);
    else if (scheme.in === 'header') headers.set(scheme.name, value);
    else if (scheme.in === 'query') url.addQuery(scheme.name, value, 'form', true);
    else cookies.push(`${encodeURIComponent(scheme.name)}=${encodeURIComponent(value)}`);
  }
}

export async function resolveToken(token: Token): Promise<string> {
  return typeof token === 'function' ? await token() : token;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

// ------------------------------------------------------------------------------ bodies

function encodeBody(mediaType: string, body: unknown): { body: BodyInit; contentType?: string } {
  const type = mediaType.toLowerCase();
  if (type === 'multipart/form-data') {
    const form = new FormData();
    for (const [k, v] of Object.entries(body as object)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) form.append(k, item instanceof Blob ? item : serialiseSimple(item));
    }
    return { body: form }; // fetch sets the boundary
  }
  if (type === 'application/x-www-form-urlencoded') {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(body as object)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) params.append(k, serialiseSimple(item));
    }
    return { body: params.toString(), contentType: mediaType };
  }
  if (isJson(type)) return { body: JSON.stringify(body), contentType: mediaType };
  if (typeof body === 'string') return { body, contentType: mediaType };
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { body: body as BodyInit, contentType: mediaType };
  return { body: JSON.stringify(body), contentType: mediaType };
}

async function decodeBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205 || response.status === 304) return undefined;
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (isJson(type)) {
    const text = await response.text();
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.startsWith('text/') || type === '') {
    const text = await response.text();
    return text === '' ? undefined : text;
  }
  return await response.blob();
}

function isJson(mediaType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/.test(mediaType) || mediaType === '*/*';
}

/** Reads a key the object itself has: spec-keyed data never reaches the prototype chain. */
export function ownValue<T>(record: Readonly<Record<string, T>> | object, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record as Record<string, T>)[key] : undefined;
}

/** Per-call options over client defaults: records (headers, auth, servers, variables) merge. */
export function mergeOptions(defaults: RequestOptions, call: RequestOptions): RequestOptions {
  const merged: RequestOptions = { ...defaults, ...call };
  if (defaults.headers || call.headers) merged.headers = { ...defaults.headers, ...call.headers };
  if (defaults.auth || call.auth) merged.auth = { ...defaults.auth, ...call.auth };
  if (defaults.serverVariables || call.serverVariables) merged.serverVariables = { ...defaults.serverVariables, ...call.serverVariables };
  if (typeof defaults.baseUrl === 'object' && typeof call.baseUrl === 'object') merged.baseUrl = { ...defaults.baseUrl, ...call.baseUrl };
  return merged;
}
