// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * Which message a received frame is: the channel's receive rules (discriminator values, tag
 * keys, Pusher events, union terms) compiled once into a `Dispatcher`, and the JSON helpers the
 * request/reply matching shares with it.
 */
import { ownValue } from './common.js';

export type MessageMatch =
  | { readonly kind: 'property'; readonly property: string; readonly values: ReadonlyArray<string | number | boolean> }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'event'; readonly event: string }
  | { readonly kind: 'object' }
  /** Any of the terms (one per member of a union payload). */
  | { readonly kind: 'rule'; readonly anyOf: ReadonlyArray<MatchTerm> };

/**
 * A conjunction: the frame is of `type` (absent: any JSON value), each `values` property holds
 * one of its values, each of `keys` is present, none of `absent` is. A `loose` term does not rule out every other
 * message, so it is tried only after the strict ones (in document order).
 */
export interface MatchTerm {
  readonly type?: 'object' | 'array';
  readonly values?: ReadonlyArray<{ readonly property: string; readonly values: ReadonlyArray<string | number | boolean> }>;
  readonly keys?: ReadonlyArray<string>;
  /** Keys the frame must not have. */
  readonly absent?: ReadonlyArray<string>;
  readonly loose?: boolean;
}

/** One message the channel receives: its name, how a frame is recognised, where its correlation id is. */
export interface ReceiveRule {
  readonly name: string;
  readonly match?: MessageMatch;
  readonly correlation?: readonly string[];
}

type Test = (payload: unknown, event: string | undefined) => boolean;

/**
 * The channel's receive rules, compiled once: `find` gives the message a payload is. Strict
 * tests first (discriminator value, tag key, Pusher event, strict terms), in document order;
 * then loose tests (object fallback, loose terms); then the first message without a rule,
 * which stands for "anything else" (not for Pusher events).
 */
export class Dispatcher {
  readonly #strict: Array<[ReceiveRule, Test]> = [];
  readonly #loose: Array<[ReceiveRule, Test]> = [];
  readonly #anything: ReceiveRule | undefined;

  constructor(rules: readonly ReceiveRule[]) {
    let anything: ReceiveRule | undefined;
    for (const rule of rules) {
      const match = rule.match;
      if (match === undefined) anything ??= rule;
      else if (match.kind === 'object') this.#loose.push([rule, isObject]);
      else if (match.kind === 'rule') {
        for (const term of match.anyOf) {
          if (term.type === undefined && !term.values?.length && !term.keys?.length && !term.absent?.length) anything ??= rule;
          else (term.loose ? this.#loose : this.#strict).push([rule, termTest(term)]);
        }
      } else this.#strict.push([rule, (payload, event) => matches(match, payload, event)]);
    }
    this.#anything = anything;
  }

  find(payload: unknown, event: string | undefined): ReceiveRule | undefined {
    for (const [rule, test] of this.#strict) if (test(payload, event)) return rule;
    if (event !== undefined) return undefined;
    for (const [rule, test] of this.#loose) if (test(payload, event)) return rule;
    return this.#anything;
  }
}

function termTest(term: MatchTerm): Test {
  const values = term.values ?? [];
  const keys = term.keys ?? [];
  const absent = term.absent ?? [];
  if (term.type === 'array') return (payload) => Array.isArray(payload);
  return (payload) => {
    if (!isObject(payload)) return false;
    for (const v of values) {
      const value = ownValue(payload, v.property);
      if (!v.values.some((x) => x === value)) return false;
    }
    for (const key of keys) if (!Object.hasOwn(payload, key)) return false;
    for (const key of absent) if (Object.hasOwn(payload, key)) return false;
    return true;
  };
}

/** The value at a path of own properties (undefined where there is none). */
export function pathValue(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A copy of `value` with `id` at `path` (objects along the path copied, missing ones created); the caller's object is left alone. */
export function withPathValue(value: unknown, path: readonly string[], id: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return id;
  const copy: Record<string, unknown> = isObject(value) ? { ...(value as Record<string, unknown>) } : {};
  const inner = Object.hasOwn(copy, key) ? copy[key] : undefined;
  Object.defineProperty(copy, key, { value: withPathValue(inner, rest, id), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Correlation ids are equal as JSON scalars, a number and its decimal string alike (servers echo either). */
export function sameId(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const scalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number';
  return scalar(a) && scalar(b) && String(a) === String(b);
}

export function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function matches(match: MessageMatch, payload: unknown, event: string | undefined): boolean {
  if (match.kind === 'event') return match.event === event;
  if (match.kind === 'rule') return match.anyOf.some((term) => termTest(term)(payload, event));
  if (!isObject(payload)) return false;
  if (match.kind === 'object') return true;
  if (match.kind === 'key') return Object.hasOwn(payload, match.key);
  const value = ownValue(payload, match.property);
  return match.values.some((v) => v === value);
}

/** Structural equality of JSON values, returning at the first difference (runs on every frame). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  // `b` is the small heartbeat message: walk its keys first, so an ordinary message fails fast
  // without listing its own keys.
  const kb = Object.keys(b);
  for (const k of kb) {
    if (!Object.hasOwn(a, k) || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return Object.keys(a).length === kb.length;
}
