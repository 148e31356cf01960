/** Redirects of requests carrying credentials, followed here so that no credential reaches another origin. */
import type { FetchLike } from './common.js';
import type { ApiInfo, Prepared } from './rest-info.js';
/** Lower-case header names and query parameter names that carry credentials of this API. */
export interface CredentialNames {
    readonly headers: readonly string[];
    readonly query: readonly string[];
}
/** The names are the API's (those of the schemes applied are among them), so they are found once per API. */
export declare function credentialNames(api: ApiInfo): CredentialNames;
/**
 * `fetch`, with the redirects of a request carrying credentials followed here, so that none of
 * them reaches another origin (fetch itself forwards API-key headers and query parameters). An
 * API-key header or query parameter counts wherever it came from: `auth`, `options.headers`, or
 * a declared parameter of the same name (fetch would follow a Location that echoes it).
 */
export declare function fetchFollowing(p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response>;
export declare function follow(p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response>;
//# sourceMappingURL=redirect.d.ts.map
