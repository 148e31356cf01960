/**
 * src/runtime/poll.ts on its own: `poll()` (the core that generated pollers call) against a real
 * node:http server on 127.0.0.1 that answers "pending" a few times and then "done". Checked: the
 * terminal test (own field, values of any JSON scalar type), the options' bounds (`intervalMs`
 * ×1.5 per poll up to `maxIntervalMs`, negative values as 0, `deadlineMs` as a `TimeoutError`
 * carrying the last response), and the caller's signal alongside the deadline. Times are checked
 * as lower bounds (waits that did happen) or counts over a generous window, never tight upper
 * bounds. (test/rest-beam.test.ts checks a generated poller end to end.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, TimeoutError } from '../../src/runtime/errors.js';
import { poll } from '../../src/runtime/poll.js';
import type { ApiInfo, OperationInfo } from '../../src/runtime/rest-info.js';
import { type RecordingServer, startRecordingServer } from '../support/recording-http-server.js';

let server: RecordingServer;
let api: ApiInfo;
const op: OperationInfo = {
  id: 'getJob',
  method: 'get',
  path: '/jobs/{id}',
  servers: ['main'],
  security: [],
  parameters: [{ name: 'id', in: 'path' }],
  responses: { '200': ['application/json'] },
};
const args = { path: { id: 'j1' } };
const until = { field: 'state', values: ['done', 'failed'] };

/** The server answers the job's GETs with these bodies in turn (the last one repeats); it records when each arrived. */
const arrivals: number[] = [];
function answers(...bodies: unknown[]): void {
  let n = 0;
  server.setHandler(() => {
    arrivals.push(performance.now());
    return { status: 200, json: bodies[Math.min(n++, bodies.length - 1)] };
  });
}
const gaps = (): number[] => arrivals.slice(1).map((t, i) => t - arrivals[i]!);

beforeEach(async () => {
  server = await startRecordingServer();
  api = { servers: { main: { url: server.url } }, securitySchemes: {} };
  arrivals.length = 0;
});
afterEach(() => server.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('poll: until a terminal value', () => {
  it('pending, pending, done: returns the terminal body after three ordinary requests; onPoll sees every body', async () => {
    answers({ state: 'pending' }, { state: 'pending', progress: 50 }, { state: 'done', result: 7 });
    const seen: Array<[unknown, number]> = [];
    const done = await poll(api, op, args, { intervalMs: 5, onPoll: (data, n) => seen.push([(data as { state: string }).state, n]) }, until);
    expect(done).toEqual({ state: 'done', result: 7 });
    expect(seen).toEqual([
      ['pending', 1],
      ['pending', 2],
      ['done', 3],
    ]);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(Array(3).fill('GET /jobs/j1'));
  });

  it('any of the values ends it; boolean, number and null values compare as JSON values; a missing field or an inherited one does not', async () => {
    answers({ state: 'failed' });
    await expect(poll(api, op, args, { intervalMs: 0 }, until)).resolves.toEqual({ state: 'failed' });
    answers({}, { ready: 'true' }, { ready: true });
    await expect(poll(api, op, args, { intervalMs: 0 }, { field: 'ready', values: [true] })).resolves.toEqual({ ready: true });
    answers({ code: '0' }, { code: 0 });
    await expect(poll(api, op, args, { intervalMs: 0 }, { field: 'code', values: [0] })).resolves.toEqual({ code: 0 });
    answers({}, { result: null });
    await expect(poll(api, op, args, { intervalMs: 0 }, { field: 'result', values: [null] })).resolves.toEqual({ result: null });
    // "constructor" of a plain object is inherited, not the body's own field: polling goes on until the deadline.
    answers({ state: 'pending' });
    const error = await rejection(poll(api, op, args, { intervalMs: 0, deadlineMs: 100 }, { field: 'constructor', values: [Object as unknown as string] }));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('an error response ends polling with that ApiError (after the retries request() itself makes)', async () => {
    server.setHandler(() => ({ status: 404, json: { detail: 'no such job' } }));
    const error = await rejection(poll(api, op, args, { intervalMs: 0, retry: false }, until));
    expect(error).toBeInstanceOf(ApiError);
    expect([(error as ApiError).status, server.requests.length]).toEqual([404, 1]);
  });
});

describe('poll: the options’ bounds', () => {
  it('each wait is 1.5× the one before: 40, 60, 90 ms (lower bounds; the round trip comes on top)', async () => {
    answers({ state: 'pending' }, { state: 'pending' }, { state: 'pending' }, { state: 'done' });
    await poll(api, op, args, { intervalMs: 40, maxIntervalMs: 10_000 }, until);
    const measured = gaps();
    expect(measured).toHaveLength(3);
    for (const [i, wait] of [40, 60, 90].entries()) expect(measured[i]).toBeGreaterThanOrEqual(wait - 2);
  });

  it('maxIntervalMs caps the growth: 100 ms waits stay 100 ms, so more polls fit in a window than 1.5× growth allows', async () => {
    // Uncapped, the waits are 100, 150, 225, 338, 506 ms: at most 6 polls in 1500 ms, however
    // fast the machine. Capped: about 15, still 9 or more with a 60 ms round trip on a loaded one.
    answers({ state: 'pending' });
    await rejection(poll(api, op, args, { intervalMs: 100, maxIntervalMs: 100, deadlineMs: 1500 }, until));
    expect(server.requests.length).toBeGreaterThanOrEqual(8);
    for (const gap of gaps()) expect(gap).toBeGreaterThanOrEqual(98);
  });

  it('a maxIntervalMs below intervalMs keeps intervalMs; a negative intervalMs polls at once', async () => {
    answers({ state: 'pending' }, { state: 'pending' }, { state: 'done' });
    await poll(api, op, args, { intervalMs: 50, maxIntervalMs: 1 }, until);
    for (const gap of gaps()) expect(gap).toBeGreaterThanOrEqual(48);
    arrivals.length = 0;
    answers({ state: 'pending' }, { state: 'done' });
    await expect(poll(api, op, args, { intervalMs: -1000 }, until)).resolves.toEqual({ state: 'done' });
  });

  it('deadlineMs: TimeoutError naming the field, the values and the last value seen, carrying the last response; polling stops', async () => {
    answers({ state: 'pending', step: 1 });
    const error = (await rejection(poll(api, op, args, { intervalMs: 20, deadlineMs: 150 }, until))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('getJob: no state in "done", "failed" within 150 ms (last state: "pending")');
    expect([error.operation, error.timeoutMs, error.status, error.body]).toEqual(['getJob', 150, 200, { state: 'pending', step: 1 }]);
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.requests.length).toBeLessThanOrEqual(count + 1); // at most one already in flight
  });

  it('deadlineMs with bodies that never hold the field: the message has no "last" part', async () => {
    answers({ other: 1 });
    const error = (await rejection(poll(api, op, args, { intervalMs: 10, deadlineMs: 80 }, until))) as TimeoutError;
    expect(error.message).toBe('getJob: no state in "done", "failed" within 80 ms');
  });
});

describe('poll: the caller’s signal', () => {
  it('an abort between polls rejects with the signal’s reason, also when a deadline is set (the two signals combined)', async () => {
    answers({ state: 'pending' });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const error = await rejection(
      poll(api, op, args, { intervalMs: 30, deadlineMs: 60_000, signal: controller.signal, onPoll: (_, n) => n === 2 && controller.abort(reason) }, until),
    );
    expect(error).toBe(reason);
    expect(server.requests).toHaveLength(2);
  });

  it('an already aborted signal sends nothing', async () => {
    answers({ state: 'done' });
    const controller = new AbortController();
    controller.abort(new Error('before'));
    const error = await rejection(poll(api, op, args, { signal: controller.signal, deadlineMs: 1000 }, until));
    expect((error as Error).message).toBe('before');
    expect(server.requests).toHaveLength(0);
  });
});
