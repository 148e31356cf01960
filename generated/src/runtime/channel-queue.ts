// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** The buffer behind a channel's async iterators (`messages()`, `for await`). */

/**
 * An async iterator fed by pushes. A slow consumer's backlog is bounded: past `max` unread
 * items the oldest is dropped, and `onLag` reports how many (once per burst, from a microtask).
 */
export class MessageQueue<T> implements AsyncIterableIterator<T> {
  /** Items from `#head` on are unread; the array is compacted as it is drained (O(1) per item). */
  #items: T[] = [];
  #head = 0;
  readonly #waiting: Array<(result: IteratorResult<T>) => void> = [];
  #done = false;
  #dropped = 0;
  readonly #max: number;

  constructor(
    private readonly onDone: () => void,
    max: number,
    private readonly onLag: (dropped: number) => void,
  ) {
    this.#max = Math.max(1, Math.floor(max) || 1);
  }

  push(item: T): void {
    const waiter = this.#waiting.shift();
    if (waiter) return waiter({ value: item, done: false });
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

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.onDone();
    for (const waiter of this.#waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#items.length) {
      const item = this.#items[this.#head++]!;
      this.#compact();
      return Promise.resolve({ value: item, done: false });
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
