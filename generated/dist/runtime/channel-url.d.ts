/** The channel's URL: the address joined to the server URL, query parameters appended. */
/**
 * `address` joined to `base` per RFC 3986: the address's segments go after the base's path,
 * before its query. An address that adds nothing (`/`, ``) leaves a base with a path or a query
 * as it is (`wss://host/raw`, `wss://h/link?ticket=T1`); a bare origin gets its `/`.
 */
export declare function joinUrl(base: string, address: string): string;
/** `url` with `pairs` (already encoded `name=value`) appended to its query, before any fragment. */
export declare function appendQuery(url: string, pairs: readonly string[]): string;
/** `url` with the `query` option's parameters (percent-encoded) appended. */
export declare function withQuery(url: string, query: Readonly<Record<string, string | number | boolean | undefined>> | undefined): string;
//# sourceMappingURL=channel-url.d.ts.map
