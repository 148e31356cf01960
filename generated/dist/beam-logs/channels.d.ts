import * as ch from "../runtime/channel.js";
/** Options of every channel of this API: the WebSocket constructor (for Node 20: `ws`), server, variables, auth. */
export type BeamLogsChannelOptions = Omit<ch.ChannelOptions, 'server' | 'serverVariables' | 'auth' | 'url'> & {
    /** Which server to connect to (default: "realtime"). */
    server?: "realtime";
} & ({
    /** Server URL variables. */
    serverVariables: {
        /** Host of Beam's real-time API. The documentation gives only "wss://" with the host missing, so there is no default; supply it. */
        host: string;
    };
    url?: string;
} | {
    /** Replaces the server URL. */
    url: string;
    serverVariables?: {
        /** Host of Beam's real-time API. The documentation gives only "wss://" with the host missing, so there is no default; supply it. */
        host?: string;
    };
});
/** Messages the client sends, by name, with their payloads. */
export interface BeamLogsChannelSends {
    /**
     * LOGS_ADD_STREAM command
     *
     * Client command that starts streaming the logs of a deployment.
     */
    LogsAddStream: {
        /** The command; always `LOGS_ADD_STREAM`. */
        action: "LOGS_ADD_STREAM";
        /** Your Beam auth token (auth_token). It is sent here, in the message body, not as a header. */
        token: string;
        /** The deployment id whose logs to stream (the latest deployment id, i.e. the task's `app_deployment_id` from the `/task` API). */
        objectId: string;
        /** The kind of object streamed; always `BEAM_DEPLOYMENT`. */
        objectType: "BEAM_DEPLOYMENT";
        /** The kind of stream; always `LOGS_STREAM`. */
        streamType: "LOGS_STREAM";
        /** Always `true` (start streaming). */
        stream: true;
        /** The time from which to begin streaming the logs. */
        startingTimestamp: string;
        /** The id of the task (as used with the `/task` API). */
        taskId: string;
    };
}
/** Messages the client receives, by name, with their payloads. */
export interface BeamLogsChannelReceives {
    /**
     * Log batch
     *
     * A batch of log hits for the streamed deployment.
     *
     * The documentation's client reads `logs.hits.hits` (treating each level as optional, defaulting to empty) and, for each hit, `_source["@timestamp"]` and `_source.msg`.
     */
    LogBatch: {
        /** The log search result. */
        logs?: {
            /** The hits container of the log search result. */
            hits?: {
                /** The log entries in this batch. */
                hits?: Array<{
                    /** The log record. */
                    _source: {
                        /**
                         * When the log line was emitted.
                         *
                         * Format: date-time.
                         */
                        "@timestamp": string;
                        /** The log message text. */
                        msg: string;
                    };
                }>;
            };
        };
    };
}
/**
 * The real-time API WebSocket. After connecting, the client sends a `LOGS_ADD_STREAM` command for a deployment and then receives log batches for it.
 *
 * Address: `/`.
 *
 * After every reconnect the last `LogsAddStream` sent is sent again (rewrite it with the `beforeResend` option, e.g. to resume from the last timestamp seen).
 *
 * Reconnects after a dropped connection with exponential backoff and full jitter (option `reconnect`); messages sent while not open are queued and flushed in order.
 *
 * Lifecycle events: `$open`, `$reconnecting`, `$close`, `$error`, `$unknown` (a frame that is not JSON or matches no message).
 */
export declare class BeamLogsChannel extends ch.Channel<BeamLogsChannelSends, BeamLogsChannelReceives> {
    /** Call `connect()` to open the connection. */
    constructor(options: BeamLogsChannelOptions);
    /**
     * LOGS_ADD_STREAM command
     *
     * Client command that starts streaming the logs of a deployment.
     *
     * Operation `addLogStream`.
     */
    sendLogsAddStream(payload: BeamLogsChannelSends["LogsAddStream"]): void;
    /**
     * Log batch
     *
     * A batch of log hits for the streamed deployment.
     *
     * The documentation's client reads `logs.hits.hits` (treating each level as optional, defaulting to empty) and, for each hit, `_source["@timestamp"]` and `_source.msg`.
     *
     * Operation `receiveLogBatch`.
     *
     * Returns a function that removes the listener.
     */
    onLogBatch(listener: (payload: BeamLogsChannelReceives["LogBatch"]) => void): () => void;
}
