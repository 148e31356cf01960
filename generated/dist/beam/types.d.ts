/** The `TaskSubmitResponse` schema of the API document. */
export type TaskSubmitResponse = {
    /** Identifier used to poll status or correlate the callback. */
    task_id?: string;
};
/** The `Task` schema of the API document. */
export type Task = {
    id?: string;
    /** Current task state. */
    status?: "PENDING" | "RUNNING" | "COMPLETE" | "ERROR" | "CANCELLED" | "TIMEOUT";
    /** Output artifacts (e.g. files with downloadable URLs). */
    outputs?: Array<{
        [key: string]: unknown;
    }>;
    started_at?: string;
    ended_at?: string;
    /** Seconds until the outputs expire. */
    expires_in?: number;
};
