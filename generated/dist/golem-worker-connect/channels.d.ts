import * as ch from "../runtime/channel.js";
import type * as rt from "../runtime/http.js";
import type * as types from "./types.js";
/** Options of every channel of this API: the WebSocket constructor (for Node 20: `ws`), server, variables, auth. */
export type GolemWorkerConnectChannelOptions = Omit<ch.ChannelOptions, 'server' | 'serverVariables' | 'auth'> & {
    /** Which server to connect to (default: "hosted"). */
    server?: "hosted" | "selfHosted";
    /** Credentials by security scheme. A token may be a function, called on every connect. */
    auth?: {
        /** Bearer token created for your Golem account. */
        bearerToken?: rt.Token;
    };
};
/** Parameters of the channel address `/v1/components/{component_id}/workers/{agent_name}/connect`. */
export interface V1ComponentsWorkersConnectChannelParameters {
    /** The component the worker belongs to. */
    component_id: string;
    /** The worker (agent) name. */
    agent_name: string;
}
/** Messages the client sends, by name, with their payloads. */
export interface V1ComponentsWorkersConnectChannelSends {
}
/** Messages the client receives, by name, with their payloads. */
export interface V1ComponentsWorkersConnectChannelReceives {
    /**
     * Worker Event
     *
     * A single event emitted by a connected worker.
     */
    WorkerEvent: {
        /** The kind of worker event. */
        type?: "StdOut" | "StdErr" | "Log" | "InvocationStart" | "InvocationFinished";
        /** Format: date-time. */
        timestamp?: string;
        /** Text payload for stdout/stderr/log events. */
        message?: string;
        /** Log level for structured Log events. */
        level?: string;
        /** Optional structured context for the event. */
        context?: {
            [key: string]: unknown;
        };
    };
    /**
     * Standard output
     *
     * Bytes the worker wrote to standard output.
     */
    StdOut: {
        StdOut: types.OutputBytes;
    };
    /**
     * Standard error
     *
     * Bytes the worker wrote to standard error.
     */
    StdErr: {
        StdErr: types.OutputBytes;
    };
    /**
     * Structured log entry
     *
     * A log entry the worker emitted.
     */
    Log: {
        Log: {
            /** Format: date-time. */
            timestamp: string;
            level: "Trace" | "Debug" | "Info" | "Warn" | "Error" | "Critical";
            /** The log context (e.g. the logger's name). */
            context: string;
            message: string;
        };
    };
    /**
     * Invocation started
     *
     * The worker started an invocation.
     */
    InvocationStart: {
        InvocationStart: types.Invocation;
    };
    /**
     * Invocation finished
     *
     * The worker finished an invocation.
     */
    InvocationFinished: {
        InvocationFinished: types.Invocation;
    };
    /**
     * Plugin error
     *
     * A plugin attached to the worker failed.
     */
    PluginError: {
        PluginError: {
            [key: string]: unknown;
        };
    };
    /** Snapshot recovery succeeded */
    SnapshotRecoverySucceeded: {
        SnapshotRecoverySucceeded: {
            [key: string]: unknown;
        };
    };
    /** Snapshot recovery failed */
    SnapshotRecoveryFailed: {
        SnapshotRecoveryFailed: {
            [key: string]: unknown;
        };
    };
    /**
     * Client lagged
     *
     * The client read too slowly and the server dropped events for it.
     */
    ClientLagged: {
        ClientLagged: {
            number_of_missed_messages: number;
        };
    };
}
/**
 * WebSocket channel that streams live events for a single durable worker. The client opens the connection and receives a stream of worker event messages; no client message body is required to start the stream.
 *
 * Address: `/v1/components/{component_id}/workers/{agent_name}/connect`.
 *
 * Heartbeat: the server pings every 30 s.
 *
 * Reconnects after a dropped connection with exponential backoff and full jitter (option `reconnect`); messages sent while not open are queued and flushed in order.
 *
 * Lifecycle events: `$open`, `$reconnecting`, `$close`, `$error`, `$unknown` (a frame that is not JSON or matches no message).
 */
export declare class V1ComponentsWorkersConnectChannel extends ch.Channel<V1ComponentsWorkersConnectChannelSends, V1ComponentsWorkersConnectChannelReceives> {
    /** Parameters fill the channel address; each is percent-encoded as one path segment. */
    constructor(parameters: V1ComponentsWorkersConnectChannelParameters, options?: GolemWorkerConnectChannelOptions);
    /**
     * Worker Event
     *
     * A single event emitted by a connected worker.
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onWorkerEvent(listener: (payload: V1ComponentsWorkersConnectChannelReceives["WorkerEvent"]) => void): () => void;
    /**
     * Standard output
     *
     * Bytes the worker wrote to standard output.
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onStdOut(listener: (payload: V1ComponentsWorkersConnectChannelReceives["StdOut"]) => void): () => void;
    /**
     * Standard error
     *
     * Bytes the worker wrote to standard error.
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onStdErr(listener: (payload: V1ComponentsWorkersConnectChannelReceives["StdErr"]) => void): () => void;
    /**
     * Structured log entry
     *
     * A log entry the worker emitted.
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onLog(listener: (payload: V1ComponentsWorkersConnectChannelReceives["Log"]) => void): () => void;
    /**
     * Invocation started
     *
     * The worker started an invocation.
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onInvocationStart(listener: (payload: V1ComponentsWorkersConnectChannelReceives["InvocationStart"]) => void): () => void;
    /**
     * Invocation finished
     *
     * The worker finished an invocation.
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onInvocationFinished(listener: (payload: V1ComponentsWorkersConnectChannelReceives["InvocationFinished"]) => void): () => void;
    /**
     * Plugin error
     *
     * A plugin attached to the worker failed.
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onPluginError(listener: (payload: V1ComponentsWorkersConnectChannelReceives["PluginError"]) => void): () => void;
    /**
     * Snapshot recovery succeeded
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onSnapshotRecoverySucceeded(listener: (payload: V1ComponentsWorkersConnectChannelReceives["SnapshotRecoverySucceeded"]) => void): () => void;
    /**
     * Snapshot recovery failed
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onSnapshotRecoveryFailed(listener: (payload: V1ComponentsWorkersConnectChannelReceives["SnapshotRecoveryFailed"]) => void): () => void;
    /**
     * Client lagged
     *
     * The client read too slowly and the server dropped events for it.
     *
     * Operation `streamWorkerEvents`.
     *
     * Returns a function that removes the listener.
     */
    onClientLagged(listener: (payload: V1ComponentsWorkersConnectChannelReceives["ClientLagged"]) => void): () => void;
}
