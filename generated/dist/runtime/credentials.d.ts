/**
 * specweave credential runtime: copied verbatim into every generated package that has REST
 * operations or channels; no dependencies. One place that turns the caller's `auth` into what
 * goes on the wire, for the REST runtime (http.ts) and the channel runtime (channel.ts) alike:
 * which security alternative applies, basic `user:password` as UTF-8 base64 (never bare
 * `btoa`, which throws on characters outside Latin-1), bearer tokens, API keys in a header, the
 * query or a cookie. Every value sent is recorded, as given and as encoded, so the caller can
 * scrub it from whatever it shows.
 */
import { type BasicCredentials, type Credential, type SchemeInfo } from './common.js';
/** A security requirement list: any one alternative, every scheme of it. `[]` is "none needed". */
export type SecurityAlternatives = readonly (readonly string[])[];
/** Where the credentials go. The caller's own checks (header names, values) run in these. */
export interface CredentialTarget {
    header(name: string, value: string): void;
    query(name: string, value: string): void;
}
export interface AppliedCredentials {
    /** Lower-case names of headers that carry credentials (beyond Authorization and Cookie). */
    secretHeaders: string[];
    /** Names of the query parameters that carry credentials. */
    query: string[];
    /** The credential values sent, as given and as encoded (to redact from anything shown). */
    secrets: string[];
    /** `name=value` cookie pairs (percent-encoded), for the caller's Cookie header. */
    cookies?: string[];
}
/** Called with a scheme name and the problem; must throw (the caller's own error class). */
export type RefuseCredential = (schemeName: string, problem: string) => never;
/** Header values a fetch or a WebSocket handshake cannot carry: line breaks, NUL, beyond Latin-1. */
export declare const UNSENDABLE_HEADER: RegExp;
/** `text` as UTF-8, base64-encoded (what `btoa` cannot do for characters beyond Latin-1). */
export declare function base64Utf8(text: string): string;
/** The value of `Authorization: Basic …` for a user and password (RFC 7617, UTF-8). */
export declare function basicToken(username: string, password: string): string;
/** A cookie pair with both sides percent-encoded. */
export declare function cookiePair(name: string, value: string): string;
/** The first non-empty security alternative whose every scheme has a credential (plain loops: this runs on every call). */
export declare function chooseAlternative(alternatives: SecurityAlternatives, auth: Readonly<Record<string, Credential | undefined>>): readonly string[] | undefined;
/**
 * Applies the first security alternative whose every scheme has a credential; none is fine
 * (the server answers). A non-empty alternative wins over `[]` (optional auth): given
 * credentials are sent. Synchronous unless a token is a function. `bearerQuery`, when given,
 * is the query parameter bearer tokens go in instead of the Authorization header (only where
 * the document says the server takes one there).
 */
export declare function applyCredentials(schemes: Readonly<Record<string, SchemeInfo>>, alternatives: SecurityAlternatives, auth: Readonly<Record<string, Credential | undefined>>, target: CredentialTarget, refuse: RefuseCredential, bearerQuery?: string): AppliedCredentials | Promise<AppliedCredentials>;
/** Puts one credential where its scheme says, recording what was sent in `result`. */
export declare function applyCredential(schemeName: string, scheme: SchemeInfo, credential: string | BasicCredentials, target: CredentialTarget, result: AppliedCredentials, refuse: RefuseCredential, bearerQuery?: string): void;
//# sourceMappingURL=credentials.d.ts.map
