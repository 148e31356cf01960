import * as ch from "../runtime/channel.js";
import type * as rt from "../runtime/http.js";
/** Options of every channel of this API: the WebSocket constructor (for Node 20: `ws`), server, variables, auth. */
export type BeamRealtimeChannelOptions = Omit<ch.ChannelOptions, 'server' | 'serverVariables' | 'auth'> & {
    /** Which server to connect to (default: "realtime"). */
    server?: "realtime";
    /** Server URL variables. */
    serverVariables?: {
        /** Unique id of the deployed realtime endpoint. */
        deploymentId?: string;
    };
    /** Credentials by security scheme. A token may be a function, called on every connect. */
    auth?: {
        /** Beam bearer token. Provide `Authorization: Bearer ` when opening the WebSocket connection. */
        bearerAuth?: rt.Token;
    };
};
/** Messages the client sends, by name, with their payloads. */
export interface BeamRealtimeChannelSends {
    /**
     * Realtime input message
     *
     * A JSON payload sent from the client into the deployed handler.
     */
    RealtimeInput: {
        [key: string]: unknown;
    };
}
/** Messages the client receives, by name, with their payloads. */
export interface BeamRealtimeChannelReceives {
    /**
     * Realtime output message
     *
     * A JSON payload streamed from the handler back to the client.
     */
    RealtimeOutput: {
        [key: string]: unknown;
    };
}
/**
 * The realtime WebSocket channel. After the client opens the connection (authenticating with a Beam Bearer token), it may publish input messages and subscribe to output messages streamed back from the deployed handler.
 *
 * Address: `/`.
 *
 * Heartbeat: the server pings every 5 s.
 *
 * Reconnects after a dropped connection with exponential backoff and full jitter (option `reconnect`); messages sent while not open are queued and flushed in order.
 *
 * Lifecycle events: `$open`, `$reconnecting`, `$close`, `$error`, `$unknown` (a frame that is not JSON or matches no message).
 */
export declare class BeamRealtimeChannel extends ch.Channel<BeamRealtimeChannelSends, BeamRealtimeChannelReceives> {
    /** Call `connect()` to open the connection. */
    constructor(options?: BeamRealtimeChannelOptions);
    /**
     * Realtime input message
     *
     * A JSON payload sent from the client into the deployed handler.
     *
     * Operation `sendRealtimeInput`.
     */
    sendRealtimeInput(payload: BeamRealtimeChannelSends["RealtimeInput"]): void;
    /**
     * Realtime output message
     *
     * A JSON payload streamed from the handler back to the client.
     *
     * Operation `receiveRealtimeOutput`.
     *
     * Returns a function that removes the listener.
     */
    onRealtimeOutput(listener: (payload: BeamRealtimeChannelReceives["RealtimeOutput"]) => void): () => void;
}
