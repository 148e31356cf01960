// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** The buffer behind a channel's async iterators (`messages()`, `for await`). */
/**
 * An async iterator fed by pushes. A slow consumer's backlog is bounded: past `max` unread
 * items the oldest is dropped, and `onLag` reports how many (once per burst, from a microtask).
 */
export class MessageQueue {
    onDone;
    onLag;
    /** Items from `#head` on are unread; the array is compacted as it is drained (O(1) per item). */
    #items = [];
    #head = 0;
    #waiting = [];
    #done = false;
    #dropped = 0;
    #max;
    constructor(onDone, max, onLag) {
        this.onDone = onDone;
        this.onLag = onLag;
        this.#max = Math.max(1, Math.floor(max) || 1);
    }
    push(item) {
        const waiter = this.#waiting.shift();
        if (waiter)
            return waiter({ value: item, done: false });
        this.#items.push(item);
        if (this.#items.length - this.#head > this.#max) {
            this.#head++;
            this.#compact();
            if (this.#dropped++ === 0) {
                queueMicrotask(() => {
                    const dropped = this.#dropped;
                    this.#dropped = 0;
                    this.onLag(dropped);
                });
            }
        }
    }
    #compact() {
        if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
            this.#items = this.#items.slice(this.#head);
            this.#head = 0;
        }
    }
    end() {
        if (this.#done)
            return;
        this.#done = true;
        this.onDone();
        for (const waiter of this.#waiting.splice(0))
            waiter({ value: undefined, done: true });
    }
    next() {
        if (this.#head < this.#items.length) {
            const item = this.#items[this.#head++];
            this.#compact();
            return Promise.resolve({ value: item, done: false });
        }
        if (this.#done)
            return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.#waiting.push(resolve));
    }
    return() {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
    }
    [Symbol.asyncIterator]() {
        return this;
    }
}
