/** Request URLs: base URL choice, path templates, the query builder and the check that a URL can be sent. */
import type { ApiInfo, OperationInfo, Prepared, RequestOptions } from './rest-info.js';
export declare function baseUrl(api: ApiInfo, op: OperationInfo, options: RequestOptions): string;
export declare function expandPath(op: OperationInfo, path: object): string;
export declare class UrlBuilder {
    private readonly base;
    private readonly query;
    /** Indexes of query entries that carry credentials. */
    private readonly secret;
    constructor(base: string);
    /** Adds encoded `name=value` pieces (from `serialiseQuery`). */
    add(pieces: readonly string[], secret?: boolean): void;
    toString(redacted?: boolean): string;
}
/**
 * Checks that the prepared URL can be sent: absolute (or relative to a browser page), parses,
 * http(s), no user:password. Refused before sending, with the URL shown redacted.
 */
export declare function checkUrl(op: OperationInfo, p: Prepared): void;
//# sourceMappingURL=url.d.ts.map
