/** The buffer behind a channel's async iterators (`messages()`, `for await`). */
/**
 * An async iterator fed by pushes. A slow consumer's backlog is bounded: past `max` unread
 * items the oldest is dropped, and `onLag` reports how many (once per burst, from a microtask).
 */
export declare class MessageQueue<T> implements AsyncIterableIterator<T> {
    #private;
    private readonly onDone;
    private readonly onLag;
    constructor(onDone: () => void, max: number, onLag: (dropped: number) => void);
    push(item: T): void;
    end(): void;
    next(): Promise<IteratorResult<T>>;
    return(): Promise<IteratorResult<T>>;
    [Symbol.asyncIterator](): AsyncIterableIterator<T>;
}
//# sourceMappingURL=channel-queue.d.ts.map
