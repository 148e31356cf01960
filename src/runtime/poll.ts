/** Pollers: an operation called until a field of its response body holds a terminal value. */

import { MAX_TIMER, sleep } from './backoff.js';
import { ownValue } from './common.js';
import { TimeoutError } from './errors.js';
import { request } from './request.js';
import type { ApiInfo, ApiResponse, OperationInfo, PollOptions, PollUntil, RequestArgs, RequestOptions } from './rest-info.js';
import { anySignal } from './timeouts.js';

// ------------------------------------------------------------------------------ polling

/**
 * Calls the operation until `until.field` of the response body is one of `until.values`, waiting
 * `intervalMs` (×1.5 per poll, up to `maxIntervalMs`) between calls; returns that body. Each call
 * is an ordinary `request()` (timeouts, retries, hooks apply). `deadlineMs` bounds the whole:
 * `TimeoutError` (with the last response) when it passes; the caller's `signal` rejects with
 * its reason, also between polls.
 */
export async function poll(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions & PollOptions, until: PollUntil): Promise<unknown> {
  let wait = Math.max(0, options.intervalMs ?? 1000);
  const maxWait = Math.max(wait, options.maxIntervalMs ?? 10_000);
  const deadline = options.deadlineMs;
  let last: ApiResponse | undefined;
  let signal = options.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dispose: (() => void) | undefined;
  if (deadline !== undefined && deadline < Infinity) {
    const controller = new AbortController();
    timer = setTimeout(
      () => {
        const value = last !== undefined && last.data !== null && typeof last.data === 'object' ? ownValue(last.data, until.field) : undefined;
        const lastText = value === undefined ? '' : ` (last ${until.field}: ${JSON.stringify(value)})`;
        const message = `${op.id}: no ${until.field} in ${until.values.map((v) => JSON.stringify(v)).join(', ')} within ${deadline} ms${lastText}`;
        controller.abort(new TimeoutError(op.id, deadline, message, last && { status: last.status, headers: last.headers, body: last.data }));
      },
      Math.min(MAX_TIMER, Math.max(0, deadline)),
    );
    if (signal) {
      const combined = anySignal([signal, controller.signal]);
      signal = combined.signal;
      dispose = combined.dispose;
    } else {
      signal = controller.signal;
    }
  }
  const callOptions: RequestOptions = signal === undefined ? options : { ...options, signal };
  try {
    for (let n = 1; ; n++) {
      last = await request(api, op, args, callOptions);
      options.onPoll?.(last.data, n);
      const data = last.data;
      const value = data !== null && typeof data === 'object' ? ownValue(data, until.field) : undefined;
      if (until.values.includes(value as string)) return data;
      await sleep(wait, signal);
      wait = Math.min(maxWait, wait * 1.5);
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    dispose?.();
  }
}
