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
  // Parallel arrays walked by index: the per-frame loop allocates nothing.
  readonly #strictRules: ReceiveRule[] = [];
  readonly #strictTests: Test[] = [];
  readonly #looseRules: ReceiveRule[] = [];
  readonly #looseTests: Test[] = [];
  readonly #anything: ReceiveRule | undefined;

  constructor(rules: readonly ReceiveRule[]) {
    let anything: ReceiveRule | undefined;
    const strict = (rule: ReceiveRule, test: Test): void => {
      this.#strictRules.push(rule);
      this.#strictTests.push(test);
    };
    const loose = (rule: ReceiveRule, test: Test): void => {
      this.#looseRules.push(rule);
      this.#looseTests.push(test);
    };
    for (const rule of rules) {
      const match = rule.match;
      if (match === undefined) anything ??= rule;
      else if (match.kind === 'object') loose(rule, isObject);
      else if (match.kind === 'rule') {
        for (const term of match.anyOf) {
          if (term.type === undefined && !term.values?.length && !term.keys?.length && !term.absent?.length) anything ??= rule;
          else (term.loose ? loose : strict)(rule, termTest(term));
        }
      } else strict(rule, matchTest(match));
    }
    this.#anything = anything;
  }

  find(payload: unknown, event: string | undefined): ReceiveRule | undefined {
    const strict = this.#strictTests;
    for (let i = 0; i < strict.length; i++) if (strict[i]!(payload, event)) return this.#strictRules[i];
    if (event !== undefined) return undefined;
    const loose = this.#looseTests;
    for (let i = 0; i < loose.length; i++) if (loose[i]!(payload, event)) return this.#looseRules[i];
    return this.#anything;
  }
}

/** The test of one non-union rule, specialised by kind once (not re-decided per frame). */
function matchTest(match: Exclude<MessageMatch, { kind: 'rule' }>): Test {
  if (match.kind === 'event') {
    const name = match.event;
    return (_payload, event) => event === name;
  }
  if (match.kind === 'object') return isObject;
  if (match.kind === 'key') {
    const key = match.key;
    return (payload) => isObject(payload) && Object.hasOwn(payload, key);
  }
  const { property, values } = match;
  return (payload) => isObject(payload) && values.includes(ownValue(payload, property) as string | number | boolean);
}

function termTest(term: MatchTerm): Test {
  const values = term.values ?? [];
  const keys = term.keys ?? [];
  const absent = term.absent ?? [];
  if (term.type === 'array') return (payload) => Array.isArray(payload);
  return (payload) => {
    if (!isObject(payload)) return false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!v.values.includes(ownValue(payload, v.property) as string | number | boolean)) return false;
    }
    for (let i = 0; i < keys.length; i++) if (!Object.hasOwn(payload, keys[i]!)) return false;
    for (let i = 0; i < absent.length; i++) if (Object.hasOwn(payload, absent[i]!)) return false;
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

/** Tests of rules matched by `matches`, compiled once per rule (rules are the channel info's constants). */
const compiledMatches = new WeakMap<MessageMatch, Test>();

/** Whether `payload` (with its Pusher `event`) is of `match`: for reply matching, which runs only while requests are pending. */
export function matches(match: MessageMatch, payload: unknown, event: string | undefined): boolean {
  let test = compiledMatches.get(match);
  if (test === undefined) {
    if (match.kind === 'rule') {
      const terms = match.anyOf.map(termTest);
      test = (p, e) => terms.some((t) => t(p, e));
    } else test = matchTest(match);
    compiledMatches.set(match, test);
  }
  return test(payload, event);
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

/** `sameValue(payload, b)` as a test compiled once: `b`'s keys listed once, not per frame. */
export function sameValueTest(b: unknown): (payload: unknown) => boolean {
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return (payload) => sameValue(payload, b);
  const keys = Object.keys(b);
  const values = keys.map((k) => (b as Record<string, unknown>)[k]);
  return (payload) => {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!Object.hasOwn(payload, k) || !sameValue((payload as Record<string, unknown>)[k], values[i])) return false;
    }
    return Object.keys(payload).length === keys.length;
  };
}
