/** Request body encoding by media type, and response bodies read within `maxResponseBytes` and checked against the declared media types. */
import type { BodyEncoder, BodyInfo, OperationInfo } from './rest-info.js';
export declare function maxBytes(value: number | undefined): number;
export declare function encodeBody(info: BodyInfo, body: unknown, context: string): ReturnType<BodyEncoder>;
/**
 * Whether the body is known to fit: a Content-Length within the cap and no Content-Encoding (the
 * connection's framing then bounds what `fetch` reads, so its own reader can be used).
 */
export declare function fits(response: Response, max: number, headers?: Headers): boolean;
export declare function readText(op: OperationInfo, response: Response, max: number): Promise<string>;
/**
 * The common case of `decodeBody`, for the request core to wait on once: the text of a JSON
 * response known to fit (read by fetch's own reader), to be parsed by `parseJsonBody`; undefined
 * for every other response, which `decodeBody` reads.
 */
export declare function jsonBodyText(response: Response, max: number): Promise<string> | undefined;
/** A JSON body's value (empty: undefined); text that does not parse is a `ResponseValidationError` on success, the text itself on an error status. */
export declare function parseJsonBody(op: OperationInfo, response: Response, text: string): unknown;
export declare function decodeBody(op: OperationInfo, response: Response, max: number): Promise<unknown>;
//# sourceMappingURL=bodies.d.ts.map
