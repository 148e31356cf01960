/**
 * specweave shared runtime: copied verbatim into every generated package (REST-only,
 * channel-only or both); no dependencies. The credential and server types, server URL
 * expansion and `RequestValidationError`, used by the REST runtime (http.ts) and the channel
 * runtime (channel.ts) alike, so either ships without the other.
 */
/** A credential given as a value, or as a function called before every request. */
export type Token = string | (() => string | Promise<string>);
export interface BasicCredentials {
    username: string;
    password: string;
}
export type Credential = Token | BasicCredentials;
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
export interface VariableInfo {
    readonly default?: string;
    readonly enum?: readonly string[];
}
export interface ServerInfo {
    /** URL template, e.g. `https://{region}.example.com/v1`. */
    readonly url: string;
    readonly variables?: Readonly<Record<string, VariableInfo>>;
}
export type SchemeInfo = {
    readonly type: 'bearer';
} | {
    readonly type: 'basic';
} | {
    readonly type: 'apiKey';
    readonly in: 'header' | 'query' | 'cookie';
    readonly name: string;
};
/**
 * The base of every error specweave's runtime throws (REST and channels), so one
 * `instanceof SpecweaveError` tells them from anything else. `name` is the subclass's name.
 */
export declare class SpecweaveError extends Error {
    readonly name: string;
}
/** Thrown before any request when the inputs cannot make a valid one. */
export declare class RequestValidationError extends SpecweaveError {
    readonly name: string;
}
/**
 * Fills `{name}` placeholders of a server URL, checking each value against the spec's enum. The
 * host stays what the template allows: no value may hold `?`, `#`, `\` or white space, and `/`
 * or `@` only where the variable stands in the URL's path (after a `/` of the template, or
 * starting with `/` right after a literal host, as `https://api.example.com{basePath}` with
 * `/buy/deal/v1`). A variable that is the whole start of the URL (`{server}/v1`) is the caller's
 * own choice of host and is taken as given. Dot segments (`..`) are refused: they would leave the
 * template's path.
 */
export declare function expandServerUrl(server: ServerInfo, values: Readonly<Record<string, string | undefined>>, context: string): string;
export declare function resolveToken(token: Token): Promise<string>;
/** Reads a key the object itself has: spec-keyed data never reaches the prototype chain. */
export declare function ownValue<T>(record: Readonly<Record<string, T>> | object, key: string): T | undefined;
/** What a credential value is replaced by wherever it would be shown. */
export declare const REDACTED = "[redacted]";
/** `text` with every occurrence of each secret replaced by `[redacted]`. */
export declare function redactText(text: string, secrets: Iterable<string>): string;
/**
 * A response body's bytes, read chunk by chunk: `undefined` as soon as it passes `max` bytes, by
 * its Content-Length or as read (the rest is cancelled, never buffered).
 */
export declare function readCapped(response: Response, max: number): Promise<Uint8Array | undefined>;
//# sourceMappingURL=common.d.ts.map
