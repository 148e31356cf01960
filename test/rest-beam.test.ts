/**
 * The generated Beam client's new surface (generated/dist/beam) against two real node:http
 * servers on 127.0.0.1 (the `app` and `api` hosts): the `waitForTask` poller generated from
 * `x-specweave-poll`, the link helpers generated from the 200 response's `links`, timeouts and
 * retries through `createBeamClient`, and the error classes the API module re-exports.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  type BeamClient,
  type CancelTasksResult,
  createBeamClient,
  type GetTaskStatusResult,
  NetworkError,
  RequestValidationError,
  ResponseValidationError,
  submitTaskByName,
  submitTaskByNameLinks,
  type Task,
  TimeoutError,
  waitForTask,
} from '../generated/dist/beam/index.js';
import * as runtime from '../generated/dist/runtime/http.js';
import { type RecordedRequest, type RecordingServer, startRecordingServer } from './support/recording-http-server.js';

const TOKEN = 'beam-token-for-links';
const TASK_ID = '55108039-e3bf-409b-bad5-f4982b2f1c02';

let app: RecordingServer;
let api: RecordingServer;
let client: BeamClient;

beforeEach(async () => {
  [app, api] = await Promise.all([startRecordingServer(), startRecordingServer()]);
  client = createBeamClient({ baseUrl: { app: app.url, api: api.url }, auth: { bearerAuth: TOKEN } });
});

afterEach(async () => {
  await Promise.all([app.close(), api.close()]);
});

type Status = NonNullable<Task['status']>;
const task = (status: Status, extra: Omit<Task, 'id' | 'status'> = {}): Task => ({ id: TASK_ID, status, ...extra });
const taskGets = (): RecordedRequest[] => api.requests.filter((r) => r.method === 'GET');

/** The api server answers the task's GETs with these statuses in turn (the last one repeats). */
function statusSequence(...statuses: Status[]): void {
  let n = 0;
  api.setHandler((request) => {
    if (request.url !== `/v2/task/${TASK_ID}/`) return { status: 404, json: { detail: 'Task not found' } };
    const status = statuses[Math.min(n++, statuses.length - 1)]!;
    return { status: 200, json: task(status, status === 'COMPLETE' ? { outputs: [{ name: 'out.png' }] } : {}) };
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('waitForTask (x-specweave-poll on getTaskStatus)', () => {
  it('polls PENDING → RUNNING → COMPLETE and returns the final typed Task', async () => {
    statusSequence('PENDING', 'RUNNING', 'COMPLETE');
    const seen: Array<Task['status']> = [];
    const done = await client.waitForTask({ path: { task_id: TASK_ID } }, { intervalMs: 20, onPoll: (t, attempt) => seen.push(t.status) && attempt });
    // the return type narrows `status` to the terminal values
    const terminal: 'COMPLETE' | 'ERROR' | 'CANCELLED' | 'TIMEOUT' = done.status;
    expect(terminal).toBe('COMPLETE');
    expect(done.outputs).toEqual([{ name: 'out.png' }]);
    expect(seen).toEqual(['PENDING', 'RUNNING', 'COMPLETE']);
    expect(taskGets().map((r) => [r.url, r.headers.authorization])).toEqual(Array(3).fill([`/v2/task/${TASK_ID}/`, `Bearer ${TOKEN}`]));
    expect(app.requests).toEqual([]);
  });

  it('waits longer between polls (×1.5) up to maxIntervalMs', async () => {
    statusSequence('PENDING', 'RUNNING', 'RUNNING', 'RUNNING', 'COMPLETE');
    const times: number[] = [];
    await client.waitForTask({ path: { task_id: TASK_ID } }, { intervalMs: 40, maxIntervalMs: 70, onPoll: () => void times.push(Date.now()) });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // 40, 60, 70 (capped), 70 — each a little more for the round trip
    [40, 60, 70, 70].forEach((expected, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(expected - 5);
      expect(gaps[i]).toBeLessThan(expected + 300);
    });
  });

  it('ERROR is terminal too: the Task is returned, not thrown', async () => {
    statusSequence('RUNNING', 'ERROR');
    const done = await waitForTask({ path: { task_id: TASK_ID } }, { baseUrl: { api: api.url }, auth: { bearerAuth: TOKEN }, intervalMs: 10 });
    expect(done.status).toBe('ERROR');
    expect(taskGets()).toHaveLength(2);
  });

  it('a deadline that passes first throws TimeoutError carrying the last response', async () => {
    statusSequence('RUNNING');
    const started = Date.now();
    const error = (await rejection(client.waitForTask({ path: { task_id: TASK_ID } }, { intervalMs: 20, deadlineMs: 200 }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(200);
    expect(error.message).toBe('getTaskStatus: no status in "COMPLETE", "ERROR", "CANCELLED", "TIMEOUT" within 200 ms (last status: "RUNNING")');
    expect(error.status).toBe(200);
    expect(error.body).toEqual(task('RUNNING'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1500);
    // A poll the deadline aborted mid-flight may still reach the server's log a moment later;
    // let it land, then no further poll may come (a live poller's next wait here is ~100 ms).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const count = taskGets().length;
    expect(count).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(taskGets()).toHaveLength(count); // polling stopped
  });

  it('the deadline also cuts a poll that is in flight', async () => {
    api.setHandler(() => ({ status: 200, json: task('RUNNING'), delayMs: 5000 }));
    const error = await rejection(client.waitForTask({ path: { task_id: TASK_ID } }, { deadlineMs: 100 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(100);
    expect((await api.aborted).url).toBe(`/v2/task/${TASK_ID}/`);
  });

  it('an abort between polls rejects with the signal’s reason and stops polling', async () => {
    statusSequence('PENDING');
    const controller = new AbortController();
    const pending = rejection(
      client.waitForTask({ path: { task_id: TASK_ID } }, { intervalMs: 30, signal: controller.signal, onPoll: (_, n) => n === 2 && controller.abort() }),
    );
    const error = await pending;
    expect((error as Error).name).toBe('AbortError');
    expect(error).toBe(controller.signal.reason);
    expect(taskGets()).toHaveLength(2);
  });

  it('an error response ends the polling with that ApiError', async () => {
    statusSequence('RUNNING');
    const error = await rejection(client.waitForTask({ path: { task_id: 'missing' } }, { intervalMs: 10 }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
  });
});

describe('links of submitTaskByName’s 200 response', () => {
  beforeEach(() => {
    app.setHandler(() => ({ status: 200, json: { task_id: TASK_ID } }));
    api.setHandler((request) => {
      if (request.method === 'GET') return { status: 200, json: task('RUNNING') };
      if (request.method === 'DELETE') return { status: 200 };
      return { status: 418 };
    });
  });

  it('GetTaskStatus: task_id ← $response.body#/task_id, on the api host', async () => {
    const submitted = await client.submitTaskByName({ path: { name: 'render' }, body: { prompt: 'a cat' } });
    const status: GetTaskStatusResult = await submitTaskByNameLinks.getTaskStatus(submitted, { baseUrl: { api: api.url }, auth: { bearerAuth: TOKEN } });
    expect(status.data).toEqual(task('RUNNING'));
    expect(api.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([['GET', `/v2/task/${TASK_ID}/`, `Bearer ${TOKEN}`]]);
  });

  it('CancelTask: body { task_ids: [$response.body#/task_id] } (expressions nested in requestBody are evaluated); client defaults apply', async () => {
    const submitted = await client.submitTaskByName({ path: { name: 'render' } });
    const cancelled: CancelTasksResult = await client.submitTaskByNameLinks.cancelTask(submitted);
    expect(cancelled.status).toBe(200);
    const [request] = api.requests;
    expect([request?.method, request?.url, request?.headers.authorization]).toEqual(['DELETE', '/v2/task/cancel/', `Bearer ${TOKEN}`]);
    expect(JSON.parse(request!.body)).toEqual({ task_ids: [TASK_ID] });
  });

  it('client.submitTaskByNameLinks.getTaskStatus uses the client’s base URLs and token; per-call options still override', async () => {
    const submitted = await submitTaskByName({ path: { name: 'q' } }, { baseUrl: { app: app.url }, auth: { bearerAuth: TOKEN } });
    await client.submitTaskByNameLinks.getTaskStatus(submitted);
    await client.submitTaskByNameLinks.getTaskStatus(submitted, { auth: { bearerAuth: 'other-token' } });
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, 'Bearer other-token']);
  });

  it('extra.args overrides what the link gives', async () => {
    const submitted = await client.submitTaskByName({ path: { name: 'q' } });
    await client.submitTaskByNameLinks.getTaskStatus(submitted, {}, { args: { path: { task_id: 'chosen-by-caller' } } });
    expect(api.requests[0]?.url).toBe('/v2/task/chosen-by-caller/');
  });

  it('a response without the linked value is refused before any request', async () => {
    app.setHandler(() => ({ status: 200, json: {} }));
    const submitted = await client.submitTaskByName({ path: { name: 'q' } });
    const error = await rejection(client.submitTaskByNameLinks.getTaskStatus(submitted));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as Error).message).toBe('submitTaskByName → GetTaskStatus: $response.body#/task_id has no value in this response');
    expect(api.requests).toEqual([]);
  });
});

describe('timeouts, retries and errors through the generated client', () => {
  it('createBeamClient({ timeoutMs }) is the default of every call; a call overrides it', async () => {
    api.setHandler(() => ({ status: 200, json: task('RUNNING'), delayMs: 300 }));
    const impatient = createBeamClient({ baseUrl: { app: app.url, api: api.url }, auth: { bearerAuth: TOKEN }, timeoutMs: 100 });
    const error = await rejection(impatient.getTaskStatus({ path: { task_id: TASK_ID } }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operation: 'getTaskStatus', timeoutMs: 100 });
    const ok = await impatient.getTaskStatus({ path: { task_id: TASK_ID } }, { timeoutMs: 2000 });
    expect(ok.data.status).toBe('RUNNING');
  });

  it('the invoke operations carry the spec’s 180 s default (x-specweave-timeout-seconds)', async () => {
    const source = await readFile(new URL('../generated/src/beam/operations.ts', import.meta.url), 'utf8');
    for (const id of ['invokeNamedEndpoint', 'invokeNamedEndpointVersion', 'invokeEndpointById']) {
      const info = source.slice(source.indexOf(`const ${id}Operation`), source.indexOf('};', source.indexOf(`const ${id}Operation`)));
      expect(info, id).toContain('timeoutMs: 180000');
    }
    for (const id of ['submitTaskByName', 'getTaskStatus', 'cancelTasks']) {
      const info = source.slice(source.indexOf(`const ${id}Operation`), source.indexOf('};', source.indexOf(`const ${id}Operation`)));
      expect(info, id).not.toContain('timeoutMs');
    }
  });

  it('getTaskStatus (GET) is retried after a 503; submitTaskByName (POST) is not unless asked', async () => {
    let n = 0;
    api.setHandler(() => (n++ === 0 ? { status: 503, json: { detail: 'busy' } } : { status: 200, json: task('COMPLETE') }));
    expect((await client.getTaskStatus({ path: { task_id: TASK_ID } }, { retry: { initialDelayMs: 5 } })).data.status).toBe('COMPLETE');
    expect(api.requests).toHaveLength(2);

    let m = 0;
    app.setHandler(() => (m++ === 0 ? { status: 503, json: { detail: 'busy' } } : { status: 200, json: { task_id: TASK_ID } }));
    await expect(client.submitTaskByName({ path: { name: 'q' } })).rejects.toMatchObject({ name: 'ApiError', status: 503 });
    expect(app.requests).toHaveLength(1);
    expect((await client.submitTaskByName({ path: { name: 'q' } }, { retry: true })).data.task_id).toBe(TASK_ID);
  });

  it('a declared-JSON response that is not JSON is a ResponseValidationError', async () => {
    api.setHandler(() => ({ status: 200, text: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }));
    const error = await rejection(client.getTaskStatus({ path: { task_id: TASK_ID } }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).body).toBe('<html>maintenance</html>');
  });

  it('a server that is gone is a NetworkError', async () => {
    const url = api.url;
    await api.close();
    api = await startRecordingServer(); // for afterEach
    const error = await rejection(client.getTaskStatus({ path: { task_id: TASK_ID } }, { baseUrl: { api: url }, retry: false }));
    expect(error).toBeInstanceOf(NetworkError);
  });

  it('the API module re-exports the runtime’s classes (same identity as the package root)', () => {
    expect(TimeoutError).toBe(runtime.TimeoutError);
    expect(NetworkError).toBe(runtime.NetworkError);
    expect(ResponseValidationError).toBe(runtime.ResponseValidationError);
    expect(ApiError).toBe(runtime.ApiError);
  });
});
