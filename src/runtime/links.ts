/** OpenAPI links: a target operation's arguments from a source call's response and request, by runtime expressions. */

import { ownValue, RequestValidationError } from './common.js';
import type { LinkInfo, LinkSource, RequestArgs } from './rest-info.js';
import { scalarText } from './serialise.js';

// ------------------------------------------------------------------------------ links

const ARG_GROUPS = { path: 'path', query: 'query', header: 'headers', cookie: 'cookies' } as const;

/**
 * The arguments of a link's target operation, from the source call's response (and request).
 * Parameter values and strings anywhere in `requestBody` may be runtime expressions
 * (`$response.body#/task_id`), templates (`task-{$response.body#/id}`) or constants. `extra`
 * supplies or overrides target arguments, group by group.
 */
export function linkArgs<A = RequestArgs>(link: LinkInfo, source: LinkSource, extra?: RequestArgs): A {
  const args: { -readonly [K in keyof RequestArgs]: RequestArgs[K] } = {};
  for (const p of link.parameters) {
    const key = ARG_GROUPS[p.in];
    const group = (args[key] ??= {}) as Record<string, unknown>;
    Object.defineProperty(group, p.name, { value: evaluateLinkValue(p.value, source, link.name), enumerable: true, writable: true, configurable: true });
  }
  if (Object.hasOwn(link, 'requestBody')) args.body = evaluateLinkValue(link.requestBody, source, link.name);
  if (extra) {
    for (const key of ['path', 'query', 'headers', 'cookies'] as const) {
      if (extra[key] !== undefined) args[key] = { ...args[key], ...extra[key] };
    }
    if (extra.body !== undefined) args.body = extra.body;
  }
  return args as A;
}

function evaluateLinkValue(value: unknown, source: LinkSource, link: string): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('$')) return runtimeExpression(value, source, link);
    if (!value.includes('{$')) return value;
    return value.replace(/\{(\$[^{}]+)\}/g, (_, expression: string) => scalarText(runtimeExpression(expression, source, link)));
  }
  if (Array.isArray(value)) return value.map((v) => evaluateLinkValue(v, source, link));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, k, { value: evaluateLinkValue(v, source, link), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

/** Evaluates one OpenAPI runtime expression (`$statusCode`, `$method`, `$request.…`, `$response.…`). */
export function runtimeExpression(expression: string, source: LinkSource, link = 'link'): unknown {
  const fail = (problem: string): never => {
    throw new RequestValidationError(`${source.operation.id} → ${link}: ${expression} ${problem}`);
  };
  let value: unknown;
  if (expression === '$statusCode') value = source.response.status;
  else if (expression === '$method') value = source.operation.method.toUpperCase();
  else {
    const match = /^\$(request|response)\.(header|query|path|body)(?:\.(.+)|#(.*))?$/.exec(expression);
    if (match === null) return fail('is not a runtime expression specweave can evaluate');
    const [, side, where, name, pointer] = match as unknown as [
      string,
      'request' | 'response',
      'header' | 'query' | 'path' | 'body',
      string | undefined,
      string | undefined,
    ];
    if (where === 'body') {
      const body = side === 'response' ? source.response.data : source.request?.body;
      value = pointer === undefined ? body : jsonPointer(body, pointer);
    } else if (name === undefined) {
      return fail('names no parameter');
    } else if (side === 'response') {
      if (where !== 'header') return fail('is not available from a response');
      value = source.response.headers.get(name) ?? undefined;
    } else {
      const group = source.request?.[ARG_GROUPS[where]];
      if (group === undefined) value = undefined;
      else if (where !== 'header') value = ownValue(group, name);
      else value = Object.entries(group).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    }
  }
  if (value === undefined)
    fail(
      source.request === undefined && expression.startsWith('$request.')
        ? 'needs the source call’s arguments (pass them as `request`)'
        : 'has no value in this response',
    );
  return value;
}

/** RFC 6901 JSON pointer (in its URI-fragment form) into parsed JSON; undefined when absent. */
function jsonPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let value = document;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    let token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    try {
      token = decodeURIComponent(token);
    } catch {
      // not percent-encoded: use as is
    }
    if (value === null || typeof value !== 'object') return undefined;
    // An array is indexed by a decimal index only (RFC 6901 §4): its own "length" is no member.
    if (Array.isArray(value) && !/^(?:0|[1-9]\d*)$/.test(token)) return undefined;
    value = ownValue(value, token);
  }
  return value;
}
