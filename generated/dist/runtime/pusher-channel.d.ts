/**
 * The Pusher transport of the channel runtime: a generated class for a Pusher channel passes
 * `pusherTransport` to `Channel` (channel.ts), which never imports the Pusher client itself, so
 * a bundle of plain channels carries none of it.
 *
 * Pusher channels of one server share one connection with one subscription each, as
 * pusher-js does: channels whose connection settings are the same (server URL, app key,
 * WebSocket constructor, credentials, headers, fetch, auth endpoint, timeouts) use the
 * connection the first of them opened; it closes when the last of them is closed.
 */
import type { PusherTransport } from './channel.js';
/** The Pusher transport a generated Pusher channel class passes to `Channel`. */
export declare const pusherTransport: PusherTransport;
//# sourceMappingURL=pusher-channel.d.ts.map
