import * as rt from "../runtime/http.js";
import type * as types from "./types.js";
export { NetworkError, TimeoutError, ResponseValidationError, type RetryOptions, type RetryEvent, type RequestEvent, type ResponseEvent, type PollOptions } from "../runtime/http.js";
/** Keys of the servers named in the API document. */
export type BeamServer = "app" | "api";
/** Options of every Beam API call: per call, or as defaults of `createBeamClient`. */
export type BeamOptions = Omit<rt.RequestOptions, 'baseUrl' | 'serverVariables' | 'auth'> & {
    /** A base URL for every server, or one per server (by key). */
    baseUrl?: string | {
        app?: string;
        api?: string;
    };
    /** Credentials by security scheme. A token may be a function, called before every request. */
    auth?: {
        /** Beam API token passed as `Authorization: Bearer <TOKEN>`. Generate tokens in the Beam dashboard or with the Beam CLI. */
        bearerAuth?: rt.Token;
    };
};
/** Inputs of {@link invokeNamedEndpoint}. */
export type InvokeNamedEndpointArgs = {
    /** Path parameters. */
    path: {
        /** The name of the deployed endpoint. */
        name: string;
    };
    /** Request body (application/json). */
    body?: {
        [key: string]: unknown;
    };
};
/** Successful responses of {@link invokeNamedEndpoint}. */
export type InvokeNamedEndpointResult = rt.ApiResponse<200, {
    [key: string]: unknown;
}>;
/** The error {@link invokeNamedEndpoint} throws for a non-2xx response. */
export type InvokeNamedEndpointError = rt.ApiError<{
    status: 401;
    body: undefined;
}>;
/**
 * Invoke a deployed web endpoint by name
 *
 * Synchronously invoke a deployed Python function exposed as a web endpoint, addressed by its deployment name on the shared invocation host. Endpoints are intended for synchronous work that completes within roughly 180 seconds. A deployment is also reachable at its versioned app subdomain (https://{name}-{id}-v{n}.app.beam.cloud).
 *
 * `POST /endpoint/{name}`
 *
 * Times out after 180 s unless `timeoutMs` says otherwise (`x-specweave-timeout-seconds`).
 *
 * @throws {@link InvokeNamedEndpointError} for the declared error statuses (any non-2xx status throws `rt.ApiError`).
 */
export declare function invokeNamedEndpoint(args: InvokeNamedEndpointArgs, options?: BeamOptions): Promise<InvokeNamedEndpointResult>;
/** Inputs of {@link invokeNamedEndpointVersion}. */
export type InvokeNamedEndpointVersionArgs = {
    /** Path parameters. */
    path: {
        /** The name of the deployed endpoint. */
        name: string;
        /** The deployment version number. */
        version: number;
    };
    /** Request body (application/json). */
    body?: {
        [key: string]: unknown;
    };
};
/** Successful responses of {@link invokeNamedEndpointVersion}. */
export type InvokeNamedEndpointVersionResult = rt.ApiResponse<200, {
    [key: string]: unknown;
}>;
/** The error {@link invokeNamedEndpointVersion} throws for a non-2xx response. */
export type InvokeNamedEndpointVersionError = rt.ApiError<{
    status: 401;
    body: undefined;
}>;
/**
 * Invoke a specific version of a deployed web endpoint
 *
 * Invoke a specific deployment version of a named web endpoint, e.g. /endpoint/zonos-tts/v1.
 *
 * `POST /endpoint/{name}/v{version}`
 *
 * Times out after 180 s unless `timeoutMs` says otherwise (`x-specweave-timeout-seconds`).
 *
 * @throws {@link InvokeNamedEndpointVersionError} for the declared error statuses (any non-2xx status throws `rt.ApiError`).
 */
export declare function invokeNamedEndpointVersion(args: InvokeNamedEndpointVersionArgs, options?: BeamOptions): Promise<InvokeNamedEndpointVersionResult>;
/** Inputs of {@link invokeEndpointById}. */
export type InvokeEndpointByIdArgs = {
    /** Path parameters. */
    path: {
        /**
         * The unique id of the deployment.
         *
         * Format: uuid.
         */
        id: string;
    };
    /** Request body (application/json). */
    body?: {
        [key: string]: unknown;
    };
};
/** Successful responses of {@link invokeEndpointById}. */
export type InvokeEndpointByIdResult = rt.ApiResponse<200, {
    [key: string]: unknown;
}>;
/** The error {@link invokeEndpointById} throws for a non-2xx response. */
export type InvokeEndpointByIdError = rt.ApiError<{
    status: 401;
    body: undefined;
}>;
/**
 * Invoke a deployed web endpoint by id
 *
 * Synchronously invoke a deployed endpoint addressed by its unique deployment id, e.g. /endpoint/id/55108039-e3bf-409b-bad5-f4982b2f1c02. Commonly used for temporary or ephemeral deployments.
 *
 * `POST /endpoint/id/{id}`
 *
 * Times out after 180 s unless `timeoutMs` says otherwise (`x-specweave-timeout-seconds`).
 *
 * @throws {@link InvokeEndpointByIdError} for the declared error statuses (any non-2xx status throws `rt.ApiError`).
 */
export declare function invokeEndpointById(args: InvokeEndpointByIdArgs, options?: BeamOptions): Promise<InvokeEndpointByIdResult>;
/** Inputs of {@link submitTaskByName}. */
export type SubmitTaskByNameArgs = {
    /** Path parameters. */
    path: {
        /** The name of the deployed task queue. */
        name: string;
    };
    /** Request body (application/json). */
    body?: {
        [key: string]: unknown;
    };
};
/** Successful responses of {@link submitTaskByName}. */
export type SubmitTaskByNameResult = rt.ApiResponse<200, types.TaskSubmitResponse>;
/** The error {@link submitTaskByName} throws for a non-2xx response. */
export type SubmitTaskByNameError = rt.ApiError<{
    status: 401;
    body: undefined;
}>;
/**
 * Submit an asynchronous task to a deployed task queue
 *
 * Enqueue an asynchronous task on a deployed TaskQueue, addressed by its name on the shared invocation host (a deployment is equivalently reachable at its app subdomain https://{name}-{id}.app.beam.cloud). The call returns immediately with a task_id; the result is retrieved later from the Tasks management API or delivered to a configured callback_url webhook. Use task queues for long-running work beyond the synchronous endpoint window.
 *
 * `POST /taskqueue/{name}`
 *
 * @throws {@link SubmitTaskByNameError} for the declared error statuses (any non-2xx status throws `rt.ApiError`).
 */
export declare function submitTaskByName(args: SubmitTaskByNameArgs, options?: BeamOptions): Promise<SubmitTaskByNameResult>;
/** Inputs of {@link getTaskStatus}. */
export type GetTaskStatusArgs = {
    /** Path parameters. */
    path: {
        /**
         * The unique id of the task.
         *
         * Format: uuid.
         */
        task_id: string;
    };
};
/** Successful responses of {@link getTaskStatus}. */
export type GetTaskStatusResult = rt.ApiResponse<200, types.Task>;
/** The error {@link getTaskStatus} throws for a non-2xx response. */
export type GetTaskStatusError = rt.ApiError<{
    status: 401;
    body: undefined;
} | {
    status: 404;
    body: undefined;
}>;
/**
 * Get task status and metadata
 *
 * Retrieve the current status, timing, container details, and outputs for a previously submitted task. Served by the control-plane host api.beam.cloud.
 *
 * `GET /v2/task/{task_id}/`
 *
 * @throws {@link GetTaskStatusError} for the declared error statuses (any non-2xx status throws `rt.ApiError`).
 */
export declare function getTaskStatus(args: GetTaskStatusArgs, options?: BeamOptions): Promise<GetTaskStatusResult>;
/** Inputs of {@link cancelTasks}. */
export type CancelTasksArgs = {
    /** Request body (application/json). */
    body: {
        task_ids: Array<string>;
    };
};
/** Successful responses of {@link cancelTasks}. */
export type CancelTasksResult = rt.ApiResponse<200, undefined>;
/** The error {@link cancelTasks} throws for a non-2xx response. */
export type CancelTasksError = rt.ApiError<{
    status: 401;
    body: undefined;
}>;
/**
 * Cancel one or more tasks
 *
 * Cancel a list of running or pending tasks by id. Served by the control-plane host api.beam.cloud.
 *
 * `DELETE /v2/task/cancel/`
 *
 * @throws {@link CancelTasksError} for the declared error statuses (any non-2xx status throws `rt.ApiError`).
 */
export declare function cancelTasks(args: CancelTasksArgs, options?: BeamOptions): Promise<CancelTasksResult>;
/** Follow-up calls from the responses of {@link submitTaskByName} (the API document's links). */
export declare const submitTaskByNameLinks: {
    /** The status of the task just submitted. Link `GetTaskStatus` of the 200 response: calls {@link getTaskStatus} with `task_id` ← $response.body#/task_id. `extra.request`: the arguments of the call that gave `result` (for `$request.…` expressions); `extra.args`: more or overriding arguments of the target. */
    getTaskStatus(result: rt.ApiResponse<200, types.TaskSubmitResponse>, options?: BeamOptions, extra?: {
        request?: SubmitTaskByNameArgs;
        args?: Partial<GetTaskStatusArgs>;
    }): Promise<GetTaskStatusResult>;
    /** Cancels the task just submitted. specweave evaluates runtime expressions nested in requestBody, so the one id becomes the task_ids list. Link `CancelTask` of the 200 response: calls {@link cancelTasks} with body ← {"task_ids":["$response.body#/task_id"]}. `extra.request`: the arguments of the call that gave `result` (for `$request.…` expressions); `extra.args`: more or overriding arguments of the target. */
    cancelTask(result: rt.ApiResponse<200, types.TaskSubmitResponse>, options?: BeamOptions, extra?: {
        request?: SubmitTaskByNameArgs;
        args?: Partial<CancelTasksArgs>;
    }): Promise<CancelTasksResult>;
};
/**
 * Calls {@link getTaskStatus} until `status` is one of "COMPLETE", "ERROR", "CANCELLED", "TIMEOUT", and returns that body.
 *
 * Waits `intervalMs` (default 1000) before the second call, 1.5× longer each time up to `maxIntervalMs` (default 10 000); each call has the usual timeout and retries.
 *
 * @throws {@link rt.TimeoutError} when `deadlineMs` passes first (with the last response); the `signal`'s reason when it aborts (also between calls); anything a call throws.
 */
export declare function waitForTask(args: GetTaskStatusArgs, options?: BeamOptions & rt.PollOptions<GetTaskStatusResult['data']>): Promise<GetTaskStatusResult['data'] & {
    status: "COMPLETE" | "ERROR" | "CANCELLED" | "TIMEOUT";
}>;
/** Every operation of Beam API, bound to default options. */
export interface BeamClient {
    /** See {@link submitTaskByNameLinks}. */
    readonly submitTaskByNameLinks: typeof submitTaskByNameLinks;
    /**
     * Invoke a deployed web endpoint by name
     *
     * See {@link invokeNamedEndpoint}.
     */
    invokeNamedEndpoint(args: InvokeNamedEndpointArgs, options?: BeamOptions): Promise<InvokeNamedEndpointResult>;
    /**
     * Invoke a specific version of a deployed web endpoint
     *
     * See {@link invokeNamedEndpointVersion}.
     */
    invokeNamedEndpointVersion(args: InvokeNamedEndpointVersionArgs, options?: BeamOptions): Promise<InvokeNamedEndpointVersionResult>;
    /**
     * Invoke a deployed web endpoint by id
     *
     * See {@link invokeEndpointById}.
     */
    invokeEndpointById(args: InvokeEndpointByIdArgs, options?: BeamOptions): Promise<InvokeEndpointByIdResult>;
    /**
     * Submit an asynchronous task to a deployed task queue
     *
     * See {@link submitTaskByName}.
     */
    submitTaskByName(args: SubmitTaskByNameArgs, options?: BeamOptions): Promise<SubmitTaskByNameResult>;
    /**
     * Get task status and metadata
     *
     * See {@link getTaskStatus}.
     */
    getTaskStatus(args: GetTaskStatusArgs, options?: BeamOptions): Promise<GetTaskStatusResult>;
    /**
     * Cancel one or more tasks
     *
     * See {@link cancelTasks}.
     */
    cancelTasks(args: CancelTasksArgs, options?: BeamOptions): Promise<CancelTasksResult>;
    /** See {@link waitForTask}. */
    waitForTask(args: GetTaskStatusArgs, options?: BeamOptions & rt.PollOptions<GetTaskStatusResult['data']>): Promise<GetTaskStatusResult['data'] & {
        status: "COMPLETE" | "ERROR" | "CANCELLED" | "TIMEOUT";
    }>;
}
/** A client whose calls use `defaults` (base URLs, auth, fetch, headers) under their own options. */
export declare function createBeamClient($defaults?: BeamOptions): BeamClient;
