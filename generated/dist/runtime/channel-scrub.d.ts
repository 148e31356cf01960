/**
 * A URL fit to show: values of credential query parameters (and `authQuery`) and any userinfo
 * replaced by `[redacted]`. Works on text that merely contains URLs too.
 */
export declare function shownUrl(text: string, authQuery?: string): string;
/**
 * Scrubs credential values from an error in place (message, stack, string fields, the cause
 * chain, AggregateError members), so it keeps its class and fields. Other values pass through.
 */
export declare function scrubError<T>(value: T, secrets: ReadonlySet<string>, depth?: number): T;
/**
 * Adds a credential value and the forms it travels in (percent-encoded, JSON-escaped, the
 * pieces between control characters) to `secrets`; values under 4 characters are not
 * scrubbed (they would blank out ordinary words). The set is bounded.
 */
export declare function addSecret(secrets: Set<string>, value: string): void;
//# sourceMappingURL=channel-scrub.d.ts.map
