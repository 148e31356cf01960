// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * The WebSocket seen by the channel runtime and the Pusher client alike: its structural type,
 * the constructor the caller injects, and the frame helpers both use. No Pusher code, so a
 * plain channel's bundle does not carry the Pusher client.
 */
/** `WebSocket.OPEN`. */
export const OPEN = 1;
/** Size of a frame in bytes (UTF-8 for text), computed exactly only when it could exceed `limit`. */
export function frameBytes(data, limit) {
    if (typeof data === 'string')
        return data.length * 3 <= limit ? data.length : new TextEncoder().encode(data).byteLength;
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
        return data.byteLength;
    return 0;
}
/** Stops listening to a socket. Handlers become no-ops, not null: `ws` throws an error event nobody handles. */
export function detach(socket) {
    socket.onopen = ignore;
    socket.onmessage = ignore;
    socket.onerror = ignore;
    socket.onclose = ignore;
}
function ignore() { }
