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
/** Whether the request carries one of the API's credentials (then its redirects are followed here: `follow`). */
export declare function carriesCredentials(p: Prepared, guard: CredentialNames): boolean;
/**
 * Whether `response` (to a request sent with `redirect: 'manual'`) is a redirect that `follow`
 * must handle: a redirect status, or the opaque redirect of a browser (status 0).
 */
export declare function isRedirect(response: Response): boolean;
export declare function follow(p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response>;
/**
 * The redirects after the first answer `first` to a request sent with `redirect: 'manual'`
 * (`init`), followed here: at most 20, http(s) only, method and body changed as fetch would,
 * and none of our credentials sent to another origin, on that hop or any later one.
 */
export declare function followFrom(first: Response, p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response>;
//# sourceMappingURL=redirect.d.ts.map
