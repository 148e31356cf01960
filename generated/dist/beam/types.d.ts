/** The `TaskSubmitResponse` schema of the API document. */
export type TaskSubmitResponse = {
    /**
     * Identifier used to poll status or correlate the callback.
     *
     * Format: uuid.
     */
    task_id?: string;
};
/** The `Task` schema of the API document. */
export type Task = {
    /** Format: uuid. */
    id?: string;
    /** Current task state. */
    status?: "PENDING" | "RUNNING" | "COMPLETE" | "ERROR" | "CANCELLED" | "TIMEOUT";
    /** Output artifacts (e.g. files with downloadable URLs). */
    outputs?: Array<{
        [key: string]: unknown;
    }>;
    /** Format: date-time. */
    started_at?: string;
    /** Format: date-time. */
    ended_at?: string;
    /** Seconds until the outputs expire. */
    expires_in?: number;
};
