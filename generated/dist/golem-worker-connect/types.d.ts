/** The `OutputBytes` schema of the API document. */
export type OutputBytes = {
    /** Format: date-time. */
    timestamp: string;
    /** The bytes written, as numbers 0-255. */
    bytes: Array<number>;
};
/** The `Invocation` schema of the API document. */
export type Invocation = {
    /** Format: date-time. */
    timestamp: string;
    /** The invoked function's name. */
    function: string;
    idempotency_key: string;
};
