export type MessageMatch = {
    readonly kind: 'property';
    readonly property: string;
    readonly values: ReadonlyArray<string | number | boolean>;
} | {
    readonly kind: 'key';
    readonly key: string;
} | {
    readonly kind: 'event';
    readonly event: string;
} | {
    readonly kind: 'object';
}
/** Any of the terms (one per member of a union payload). */
 | {
    readonly kind: 'rule';
    readonly anyOf: ReadonlyArray<MatchTerm>;
};
/**
 * A conjunction: the frame is of `type` (absent: any JSON value), each `values` property holds
 * one of its values, each of `keys` is present, none of `absent` is. A `loose` term does not rule out every other
 * message, so it is tried only after the strict ones (in document order).
 */
export interface MatchTerm {
    readonly type?: 'object' | 'array';
    readonly values?: ReadonlyArray<{
        readonly property: string;
        readonly values: ReadonlyArray<string | number | boolean>;
    }>;
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
/**
 * The channel's receive rules, compiled once: `find` gives the message a payload is. Strict
 * tests first (discriminator value, tag key, Pusher event, strict terms), in document order;
 * then loose tests (object fallback, loose terms); then the first message without a rule,
 * which stands for "anything else" (not for Pusher events).
 */
export declare class Dispatcher {
    #private;
    constructor(rules: readonly ReceiveRule[]);
    find(payload: unknown, event: string | undefined): ReceiveRule | undefined;
}
/** The value at a path of own properties (undefined where there is none). */
export declare function pathValue(value: unknown, path: readonly string[]): unknown;
/** A copy of `value` with `id` at `path` (objects along the path copied, missing ones created); the caller's object is left alone. */
export declare function withPathValue(value: unknown, path: readonly string[], id: unknown): unknown;
/** Correlation ids are equal as JSON scalars, a number and its decimal string alike (servers echo either). */
export declare function sameId(a: unknown, b: unknown): boolean;
export declare function isObject(value: unknown): value is object;
/** Whether `payload` (with its Pusher `event`) is of `match`: for reply matching, which runs only while requests are pending. */
export declare function matches(match: MessageMatch, payload: unknown, event: string | undefined): boolean;
/** Structural equality of JSON values, returning at the first difference (runs on every frame). */
export declare function sameValue(a: unknown, b: unknown): boolean;
/** `sameValue(payload, b)` as a test compiled once: `b`'s keys listed once, not per frame. */
export declare function sameValueTest(b: unknown): (payload: unknown) => boolean;
//# sourceMappingURL=channel-dispatch.d.ts.map
