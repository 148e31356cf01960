/** The events hooks receive (`onRequest`, `onResponse`, `RetryEvent.response`), their headers redacted where logged. */

import type { OperationInfo, Prepared, RequestEvent, ResponseEvent } from './rest-info.js';

// ------------------------------------------------------------------------------ hooks

const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

export function redact(headers: Headers, secret: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.includes(name) || secret.includes(name) ? '[redacted]' : value;
  });
  return out;
}

function withHiddenHeaders<T extends object>(info: T, headers: Headers): T & { readonly headers: Headers } {
  return Object.defineProperty(info, 'headers', { value: headers, enumerable: false }) as T & { readonly headers: Headers };
}

/** Only made when `onRequest` is given, and then the request's headers are a (checking) `Headers`. */
export function requestEvent(op: OperationInfo, p: Prepared, attempt: number): RequestEvent {
  const headers = p.headers as Headers;
  const info = { operation: op.id, method: p.method, url: p.query.toString(true), attempt, redactedHeaders: redact(headers, p.secretHeaders) };
  return withHiddenHeaders(info, headers);
}

export function responseEvent(op: OperationInfo, p: Prepared, attempt: number, status: number, headers: Headers, durationMs: number): ResponseEvent {
  const info = { operation: op.id, method: p.method, url: p.query.toString(true), attempt, status, durationMs, redactedHeaders: redact(headers, []) };
  return withHiddenHeaders(info, headers);
}
