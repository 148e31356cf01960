// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * Which message a received frame is: the channel's receive rules (discriminator values, tag
 * keys, Pusher events, union terms) compiled once into a `Dispatcher`, and the JSON helpers the
 * request/reply matching shares with it.
 */
import { ownValue } from './common.js';
/**
 * The channel's receive rules, compiled once: `find` gives the message a payload is. Strict
 * tests first (discriminator value, tag key, Pusher event, strict terms), in document order;
 * then loose tests (object fallback, loose terms); then the first message without a rule,
 * which stands for "anything else" (not for Pusher events).
 */
export class Dispatcher {
    #strict = [];
    #loose = [];
    #anything;
    constructor(rules) {
        let anything;
        for (const rule of rules) {
            const match = rule.match;
            if (match === undefined)
                anything ??= rule;
            else if (match.kind === 'object')
                this.#loose.push([rule, isObject]);
            else if (match.kind === 'rule') {
                for (const term of match.anyOf) {
                    if (term.type === undefined && !term.values?.length && !term.keys?.length && !term.absent?.length)
                        anything ??= rule;
                    else
                        (term.loose ? this.#loose : this.#strict).push([rule, termTest(term)]);
                }
            }
            else
                this.#strict.push([rule, (payload, event) => matches(match, payload, event)]);
        }
        this.#anything = anything;
    }
    find(payload, event) {
        for (const [rule, test] of this.#strict)
            if (test(payload, event))
                return rule;
        if (event !== undefined)
            return undefined;
        for (const [rule, test] of this.#loose)
            if (test(payload, event))
                return rule;
        return this.#anything;
    }
}
function termTest(term) {
    const values = term.values ?? [];
    const keys = term.keys ?? [];
    const absent = term.absent ?? [];
    if (term.type === 'array')
        return (payload) => Array.isArray(payload);
    return (payload) => {
        if (!isObject(payload))
            return false;
        for (const v of values) {
            const value = ownValue(payload, v.property);
            if (!v.values.some((x) => x === value))
                return false;
        }
        for (const key of keys)
            if (!Object.hasOwn(payload, key))
                return false;
        for (const key of absent)
            if (Object.hasOwn(payload, key))
                return false;
        return true;
    };
}
/** The value at a path of own properties (undefined where there is none). */
export function pathValue(value, path) {
    let at = value;
    for (const key of path) {
        if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key))
            return undefined;
        at = at[key];
    }
    return at;
}
/** A copy of `value` with `id` at `path` (objects along the path copied, missing ones created); the caller's object is left alone. */
export function withPathValue(value, path, id) {
    const [key, ...rest] = path;
    if (key === undefined)
        return id;
    const copy = isObject(value) ? { ...value } : {};
    const inner = Object.hasOwn(copy, key) ? copy[key] : undefined;
    Object.defineProperty(copy, key, { value: withPathValue(inner, rest, id), enumerable: true, writable: true, configurable: true });
    return copy;
}
/** Correlation ids are equal as JSON scalars, a number and its decimal string alike (servers echo either). */
export function sameId(a, b) {
    if (a === b)
        return true;
    const scalar = (v) => typeof v === 'string' || typeof v === 'number';
    return scalar(a) && scalar(b) && String(a) === String(b);
}
export function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
export function matches(match, payload, event) {
    if (match.kind === 'event')
        return match.event === event;
    if (match.kind === 'rule')
        return match.anyOf.some((term) => termTest(term)(payload, event));
    if (!isObject(payload))
        return false;
    if (match.kind === 'object')
        return true;
    if (match.kind === 'key')
        return Object.hasOwn(payload, match.key);
    const value = ownValue(payload, match.property);
    return match.values.some((v) => v === value);
}
/** Structural equality of JSON values, returning at the first difference (runs on every frame). */
export function sameValue(a, b) {
    if (a === b)
        return true;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
        return false;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    // `b` is the small heartbeat message: walk its keys first, so an ordinary message fails fast
    // without listing its own keys.
    const kb = Object.keys(b);
    for (const k of kb) {
        if (!Object.hasOwn(a, k) || !sameValue(a[k], b[k]))
            return false;
    }
    return Object.keys(a).length === kb.length;
}
