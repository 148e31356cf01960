import * as ch from "../runtime/channel.js";
import type * as rt from "../runtime/http.js";
/** Options of every channel of this API: the WebSocket constructor (for Node 20: `ws`), server, variables, auth. */
export type ModelbeamChannelOptions = Omit<ch.ChannelOptions, 'server' | 'serverVariables' | 'auth'> & {
    /** Which server to connect to (default: "production"). */
    server?: "production";
    /** Credentials by security scheme. A token may be a function, called on every connect. */
    auth?: {
        /** ModelBeam API key, sent as `Authorization: Bearer <API key>` (with `Accept: application/json`) to the Pusher auth endpoint `POST https://api.modelbeam.ai/broadcasting/auth` when subscribing to the private channel. */
        bearerAuth?: rt.Token;
    };
};
/** Parameters of the channel address `private-client.{client_id}`. */
export interface PrivateClientChannelParameters {
    /** The client's own id. */
    client_id: string;
}
/** Messages the client sends, by name, with their payloads. */
export interface PrivateClientChannelSends {
}
/** Messages the client receives, by name, with their payloads. */
export interface PrivateClientChannelReceives {
    /**
     * Request status updated
     *
     * A job's status changed.
     *
     * Pusher event `request.status.updated` on the client's private channel. Failures are not reported here (error events are not sent via WebSocket; use webhooks).
     */
    RequestStatusUpdated: {
        /**
         * Id of the job request.
         *
         * Format: uuid.
         */
        request_id: string;
        /** Status flow: pending → processing → in_progress → done */
        status: "pending" | "processing" | "in_progress" | "done";
        /** Base64 preview image, or null when there is none. */
        preview: string | null;
        /**
         * URL of the job result.
         *
         * Format: uri.
         */
        result_url: string;
        /** Progress of the job (e.g. 45.0). */
        progress: number;
    };
}
/**
 * The client's own private Pusher channel. Subscribing requires authorisation through the auth endpoint. Only status updates are sent here; error events are not sent via WebSocket (use webhooks to catch job failures).
 *
 * Speaks the Pusher Channels protocol (version 7): connecting subscribes to the channel `private-client.{client_id}`.
 *
 * Heartbeat: the client pings every 30 s.
 *
 * Reconnects after a dropped connection with exponential backoff and full jitter (option `reconnect`); messages sent while not open are queued and flushed in order.
 *
 * Lifecycle events: `$open`, `$reconnecting`, `$close`, `$error`, `$unknown` (a frame that is not JSON or matches no message).
 */
export declare class PrivateClientChannel extends ch.Channel<PrivateClientChannelSends, PrivateClientChannelReceives> {
    /** Parameters fill the channel address; each is percent-encoded as one path segment. */
    constructor(parameters: PrivateClientChannelParameters, options?: ModelbeamChannelOptions);
    /**
     * Request status updated
     *
     * A job's status changed.
     *
     * Pusher event `request.status.updated` on the client's private channel. Failures are not reported here (error events are not sent via WebSocket; use webhooks).
     *
     * Operation `receiveRequestStatusUpdated`.
     *
     * Returns a function that removes the listener.
     */
    onRequestStatusUpdated(listener: (payload: PrivateClientChannelReceives["RequestStatusUpdated"]) => void): () => void;
}
