// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * The request core: one call prepared (URL, parameters, credentials, body), sent with its
 * timeout, retried by its policy, reported to its hooks and decoded. What each step uses lives
 * in its own module; http.ts describes the whole and re-exports the public entry points.
 */

import { sleep } from './backoff.js';
import { decodeBody, encodeBody, jsonBodyText, maxBytes, parseJsonBody } from './bodies.js';
import { type FetchLike, ownValue, RequestValidationError, redactText } from './common.js';
import { type AppliedCredentials, applyCredentials, type CredentialTarget } from './credentials.js';
import { ApiError, errorCode, NetworkError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from './errors.js';
import { checkedHeaders, type HeaderBag, hasHeader, headerRecord, put, putChecked } from './headers.js';
import { requestEvent, responseEvent } from './hooks.js';
import { carriesCredentials, credentialNames, followFrom, isRedirect } from './redirect.js';
import type { ApiInfo, ApiResponse, OperationInfo, ParameterInfo, Prepared, RequestArgs, RequestOptions, ResponseEvent, RetryEvent } from './rest-info.js';
import { retryDelay, retryPolicy } from './retry.js';
import { formQuery, serialiseCookie, serialiseHeader } from './serialise.js';
import { anySignal, bounded, TIMED_OUT, timerLength } from './timeouts.js';
import { baseUrl, checkUrl, expandPath, UrlBuilder } from './url.js';

export type { BasicCredentials, Token } from './common.js';
// What generated operations refer to as `rt.…` besides `request` and `mergeOptions`.
export { expandServerUrl } from './common.js';
export { ApiError, NetworkError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from './errors.js';
export type { ApiInfo, ApiResponse, OperationInfo, PollOptions, RequestEvent, RequestOptions, ResponseEvent, RetryEvent, RetryOptions } from './rest-info.js';

// ------------------------------------------------------------------------------ request

/**
 * One call: prepared once, then sent attempt by attempt within the retry policy. Each attempt is
 * written out here rather than in a function of its own, so that a call waits on fetch and on
 * the body and on nothing else, as a raw fetch does (an extra async layer per call cost ~1% of
 * a loopback call in bench:rest).
 */
export async function request(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions): Promise<ApiResponse> {
  const plan = planOf(op);
  if (args.body !== undefined && plan.bodyless) {
    throw new RequestValidationError(`${op.id}: a ${plan.method} request cannot have a body; leave out the argument "body"`);
  }
  const ready = prepare(api, op, plan, args, options);
  const p = ready instanceof Promise ? await bounded(ready, op, options) : ready;
  checkUrl(op, p);
  const guard = credentialNames(api);
  // A request carrying credentials follows its redirects here (redirect.ts), never by fetch.
  const carries = carriesCredentials(p, guard);
  const retry = retryPolicy(p.method, options.retry);
  const signal = options.signal;
  const fetchFn = options.fetch ?? defaultFetch;
  const timed = options.onResponse !== undefined || options.onRetry !== undefined;
  for (let attempt = 1; ; attempt++) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dispose: (() => void) | undefined;
    try {
      if (signal?.aborted) throw signal.reason;
      if (options.onRequest) await options.onRequest(requestEvent(op, p, attempt));
      const init: RequestInit = { method: p.method, headers: p.headers };
      if (p.body !== undefined) init.body = p.body as BodyInit;
      if (carries) init.redirect = 'manual';
      const timeoutMs = timerLength(options.timeoutMs ?? op.timeoutMs);
      let timeout: AbortController | undefined;
      if (timeoutMs !== undefined) {
        const controller = (timeout = new AbortController());
        if (signal) {
          const combined = anySignal([signal, controller.signal]);
          init.signal = combined.signal;
          dispose = combined.dispose;
        } else {
          init.signal = controller.signal;
        }
        timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
      } else if (signal) {
        init.signal = signal;
      }
      const started = timed ? now() : 0;
      let response: Response;
      try {
        response = await fetchFn(p.url, init);
        if (carries && isRedirect(response)) response = await followFrom(response, p, init, fetchFn, guard);
      } catch (error) {
        throw failure(error, op, p, signal, timeout, timeoutMs);
      }
      const durationMs = timed ? now() - started : 0;
      if (options.onResponse) {
        try {
          await options.onResponse(responseEvent(op, p, attempt, response.status, response.headers, durationMs));
        } catch (error) {
          void response.body?.cancel().catch(() => undefined);
          throw error;
        }
      }
      let data: unknown;
      try {
        const max = maxBytes(options.maxResponseBytes);
        const text = jsonBodyText(response, max);
        data = text === undefined ? await decodeBody(op, response, max) : parseJsonBody(op, response, await text);
      } catch (error) {
        throw failure(error, op, p, signal, timeout, timeoutMs, response);
      }
      const status = response.status;
      if (status < 200 || status > 299) {
        const error = new ApiError(op.id, status, data, response.headers);
        if (options.onRetry) retriedResponses.set(error, responseEvent(op, p, attempt, status, response.headers, durationMs));
        throw error;
      }
      return { status, data, headers: response.headers };
    } catch (error) {
      // This attempt's timer and signal end here, before any retry delay.
      if (timer !== undefined) clearTimeout(timer);
      dispose?.();
      timer = dispose = undefined;
      const delayMs = retry === undefined || attempt >= retry.attempts ? undefined : retryDelay(error, attempt, retry);
      if (delayMs === undefined) throw error;
      if (options.onRetry) {
        const event: { -readonly [K in keyof RetryEvent]: RetryEvent[K] } = { operation: op.id, attempt, delayMs, error: error as Error };
        const response = error instanceof ApiError ? retriedResponses.get(error) : undefined;
        if (response) event.response = response;
        options.onRetry(event);
      }
      await sleep(delayMs, options.signal);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      dispose?.();
    }
  }
}

/** What every call of an operation does alike, worked out once per operation. */
interface Plan {
  /** Upper case, as sent. */
  readonly method: string;
  /** GET and HEAD, which cannot carry a body. */
  readonly bodyless: boolean;
  /** The query, header and cookie parameters, in the document's order. */
  readonly others: readonly ParameterInfo[];
}

const plans = new WeakMap<OperationInfo, Plan>();

function planOf(op: OperationInfo): Plan {
  let plan = plans.get(op);
  if (plan === undefined) {
    const method = op.method.toUpperCase();
    plan = { method, bodyless: method === 'GET' || method === 'HEAD', others: op.parameters.filter((p) => p.in !== 'path') };
    plans.set(op, plan);
  }
  return plan;
}

function prepare(api: ApiInfo, op: OperationInfo, plan: Plan, args: RequestArgs, options: RequestOptions): Prepared | Promise<Prepared> {
  const root = baseUrl(api, op, options);
  const url = new UrlBuilder(root + expandPath(op, args.path ?? {}));
  // A plain Headers, each of our values checked once as it is set (`put`); a hook that may
  // change them gets the checking subclass instead.
  const headers: HeaderBag = options.onRequest ? checkedHeaders(op) : headerRecord();
  if (options.headers) for (const k of Object.keys(options.headers)) put(op, headers, k, options.headers[k]!);
  let cookies: string[] | undefined;
  for (const p of plan.others) {
    const source = p.in === 'query' ? args.query : p.in === 'header' ? args.headers : args.cookies;
    const value = source === undefined ? undefined : ownValue(source, p.name);
    if (value === undefined) continue;
    if (p.in === 'query') url.add(p.serialise ? p.serialise(p.name, value, p, op.id) : formQuery(p.name, value, p));
    else if (p.in === 'header') put(op, headers, p.name, serialiseHeader(value, p));
    else (cookies ??= []).push(serialiseCookie(p.name, value, p));
  }
  const auth = options.auth === undefined || op.security.length === 0 ? undefined : applyAuth(api, op, options.auth, headers, url);
  if (auth instanceof Promise) return auth.then((done) => finishPrepare(op, plan, args, root, url, headers, cookies, done));
  return finishPrepare(op, plan, args, root, url, headers, cookies, auth);
}

const NONE: readonly string[] = [];

function finishPrepare(
  op: OperationInfo,
  plan: Plan,
  args: RequestArgs,
  root: string,
  url: UrlBuilder,
  headers: HeaderBag,
  cookies: string[] | undefined,
  auth: AuthResult | undefined,
): Prepared {
  if (auth?.cookies) (cookies ??= []).push(...auth.cookies);
  if (cookies) put(op, headers, 'cookie', cookies.join('; '));
  let body: Prepared['body'];
  if (args.body !== undefined && op.body) {
    const encoded = encodeBody(op.body, args.body, op.id);
    if (encoded.contentType) put(op, headers, 'content-type', encoded.contentType);
    body = encoded.body;
  }
  if (!hasHeader(headers, 'accept')) {
    if (headers instanceof Headers) Headers.prototype.set.call(headers, 'accept', 'application/json, */*;q=0.5');
    else headers['accept'] = 'application/json, */*;q=0.5';
  }
  return { method: plan.method, url: url.toString(), headers, body, query: url, root, secretHeaders: auth?.secretHeaders ?? NONE, auth };
}

const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
/** The response behind an `ApiError`, for `RetryEvent.response`. */
const retriedResponses = new WeakMap<ApiError, ResponseEvent>();
/** The abort reason of our own timeout signal (never seen by callers). */

/** What a failed attempt throws: our own errors as they are, else timeout, abort, network. */
function failure(
  error: unknown,
  op: OperationInfo,
  p: Prepared,
  signal: AbortSignal | undefined,
  timeout: AbortController | undefined,
  timeoutMs: number | undefined,
  response?: Response,
): unknown {
  if (error instanceof ApiError || error instanceof ResponseValidationError || error instanceof ResponseTooLargeError) return error;
  if (timeout?.signal.aborted) return new TimeoutError(op.id, timeoutMs!, undefined, response && { status: response.status, headers: response.headers });
  if (signal?.aborted) return signal.reason;
  const cause = redactCause(error, p);
  if (response !== undefined || isNetworkFailure(error)) return new NetworkError(op.id, cause, response?.status, response?.headers);
  if (error instanceof TypeError) {
    // fetch refused to send the request (not the network's doing): not retried.
    return new RequestValidationError(`${op.id}: fetch refused to send the request: ${(cause as Error).message}`, { cause });
  }
  return error;
}

/** A failure of the network (or one of our redirect failures), as fetch reports it in Node (undici), browsers and Deno. */
function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (errorCode(error) !== undefined) return true;
  return (
    error instanceof TypeError &&
    /^(?:fetch failed|failed to fetch|load failed|networkerror|network ?error|network request failed|network connection was lost|terminated|other side closed)/i.test(
      error.message,
    )
  );
}

/** `error` with every credential of the request removed from messages and stacks along its `cause` chain. */
function redactCause(error: unknown, p: Prepared): unknown {
  const secrets = p.auth?.secrets ?? NONE;
  const clean = (text: string): string => {
    const out = text.includes(p.url) && p.url !== p.query.toString(true) ? text.split(p.url).join(p.query.toString(true)) : text;
    return redactText(out, secrets);
  };
  const dirty = (e: unknown, depth: number): boolean => {
    if (!(e instanceof Error) || depth > 4) return false;
    return clean(e.message) !== e.message || clean(e.stack ?? '') !== (e.stack ?? '') || dirty((e as { cause?: unknown }).cause, depth + 1);
  };
  const copy = (e: unknown, depth: number): unknown => {
    if (!(e instanceof Error) || depth > 4) return undefined;
    const inner = (e as { cause?: unknown }).cause;
    const out = new (e instanceof TypeError ? TypeError : Error)(clean(e.message), inner === undefined ? undefined : { cause: copy(inner, depth + 1) });
    out.stack = clean(e.stack ?? '');
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') Object.assign(out, { code });
    return out;
  };
  return dirty(error, 0) ? copy(error, 0) : error;
}

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}

// ------------------------------------------------------------------------------- auth

type AuthResult = AppliedCredentials;

/**
 * What an operation's last call applied, replayed while the caller gives the same credential
 * strings for the operation's schemes (a client's fixed token: most calls). Only plain strings
 * are replayed: token functions and user/password objects are applied afresh on every call,
 * and a refused credential is never remembered. One entry per operation: the last strings
 * given stay in memory until another call of that operation replaces them (the entry is never
 * shown: errors and hooks redact through `result.secrets` as before).
 */
interface AppliedPlan {
  readonly schemes: ApiInfo['securitySchemes'];
  /** The scheme names of the operation's security, each once, and the credential each had. */
  readonly names: readonly string[];
  readonly values: ReadonlyArray<string | undefined>;
  /** The headers set (already checked) and the query pieces added. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly query: readonly string[];
  readonly result: AuthResult;
}

const appliedPlans = new WeakMap<OperationInfo, AppliedPlan>();

/** Applies the operation's security through the shared credential module (credentials.ts). */
function applyAuth(
  api: ApiInfo,
  op: OperationInfo,
  auth: NonNullable<RequestOptions['auth']>,
  headers: HeaderBag,
  url: UrlBuilder,
): AuthResult | Promise<AuthResult> {
  const last = appliedPlans.get(op);
  if (last !== undefined && last.schemes === api.securitySchemes && sameCredentials(last, auth)) {
    for (const [name, value] of last.headers) putChecked(headers, name, value);
    if (last.query.length > 0) url.add(last.query, true);
    return last.result;
  }
  const headerList: Array<readonly [string, string]> = [];
  const query: string[] = [];
  const target: CredentialTarget = {
    header: (name, value) => {
      put(op, headers, name, value);
      headerList.push([name, value]);
    },
    query: (name, value) => {
      const pieces = formQuery(name, value);
      url.add(pieces, true);
      query.push(...pieces);
    },
  };
  const result = applyCredentials(api.securitySchemes, op.security, auth, target, (schemeName, problem) => refuseCredential(op, schemeName, problem));
  if (!(result instanceof Promise)) {
    const names = [...new Set(op.security.flat())];
    const values = names.map((name) => ownValue(auth, name));
    if (values.every((v) => v === undefined || typeof v === 'string'))
      appliedPlans.set(op, { schemes: api.securitySchemes, names, values: values as Array<string | undefined>, headers: headerList, query, result });
  }
  return result;
}

function sameCredentials(plan: AppliedPlan, auth: NonNullable<RequestOptions['auth']>): boolean {
  const { names, values } = plan;
  for (let i = 0; i < names.length; i++) if (ownValue(auth, names[i]!) !== values[i]) return false;
  return true;
}

function refuseCredential(op: OperationInfo, schemeName: string, problem: string): never {
  throw new RequestValidationError(`${op.id}: the credential of security scheme "${schemeName}" (auth.${schemeName}) ${problem}`);
}

/** Per-call options over client defaults: records (headers, auth, servers, variables, retry) merge. */
export function mergeOptions(defaults: RequestOptions, call: RequestOptions): RequestOptions {
  const merged: RequestOptions = { ...defaults, ...call };
  if (defaults.headers || call.headers) merged.headers = { ...defaults.headers, ...call.headers };
  if (defaults.auth || call.auth) merged.auth = { ...defaults.auth, ...call.auth };
  if (defaults.serverVariables || call.serverVariables) merged.serverVariables = { ...defaults.serverVariables, ...call.serverVariables };
  if (typeof defaults.baseUrl === 'object' && typeof call.baseUrl === 'object') merged.baseUrl = { ...defaults.baseUrl, ...call.baseUrl };
  if (typeof defaults.retry === 'object' && typeof call.retry === 'object') merged.retry = { ...defaults.retry, ...call.retry };
  return merged;
}
