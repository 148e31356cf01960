/**
 * End-to-end test of the generated Beam REST client (generated/dist/beam) against two real
 * node:http servers on 127.0.0.1: one stands for the `app` server (https://app.beam.cloud),
 * the other for the `api` server (https://api.beam.cloud). Every request really goes over
 * the loopback network; the servers record what arrived.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  type BeamClient,
  cancelTasks,
  createBeamClient,
  type GetTaskStatusResult,
  getTaskStatus,
  type InvokeNamedEndpointResult,
  invokeNamedEndpoint,
  type SubmitTaskByNameResult,
  type Task,
} from '../generated/dist/beam/index.js';
import { type RecordedRequest, type RecordingServer, type Reply, startRecordingServer } from './support/recording-http-server.js';

const TOKEN = 'beam-token-123';
const TASK_ID = '55108039-e3bf-409b-bad5-f4982b2f1c02';
const TASK: Task = {
  id: TASK_ID,
  status: 'COMPLETE',
  outputs: [{ name: 'out.png', url: 'https://files.example/out.png' }],
  started_at: '2026-01-01T00:00:00Z',
  ended_at: '2026-01-01T00:00:05Z',
  expires_in: 3600,
};

let app: RecordingServer;
let api: RecordingServer;
let client: BeamClient;

/** Both servers answer like Beam would; `Bearer bad` (or none) gets 401. */
function beamLike(server: 'app' | 'api') {
  return (request: RecordedRequest): Reply => {
    const auth = request.headers.authorization;
    if (auth === undefined || auth === 'Bearer bad') return { status: 401, json: { detail: 'invalid token' } };
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'POST' && path.startsWith('/taskqueue/')) return { status: 200, json: { task_id: 'task-777' } };
    if (request.method === 'POST' && path.startsWith('/endpoint/')) {
      return { status: 200, json: { server, echo: request.body === '' ? null : (JSON.parse(request.body) as unknown) } };
    }
    if (request.method === 'GET' && path === `/v2/task/${TASK_ID}/`) return { status: 200, json: TASK };
    if (request.method === 'GET' && path.startsWith('/v2/task/')) return { status: 404, json: { detail: 'Task not found' } };
    if (request.method === 'DELETE' && path === '/v2/task/cancel/') return { status: 200 };
    return { status: 418, json: { unexpected: `${request.method} ${request.url} on ${server}` } };
  };
}

beforeEach(async () => {
  [app, api] = await Promise.all([startRecordingServer(), startRecordingServer()]);
  app.setHandler(beamLike('app'));
  api.setHandler(beamLike('api'));
  client = createBeamClient({ baseUrl: { app: app.url, api: api.url }, auth: { bearerAuth: TOKEN } });
});

afterEach(async () => {
  await Promise.all([app.close(), api.close()]);
});

/** The single request `target` received; the other server must have received nothing. */
function onlyRequest(target: RecordingServer): RecordedRequest {
  const other = target === app ? api : app;
  expect(other.requests).toEqual([]);
  expect(target.requests).toHaveLength(1);
  return target.requests[0]!;
}

describe('Beam REST client against two loopback servers (app + api)', () => {
  it('invokeNamedEndpoint: POST /endpoint/{name} on app, name percent-encoded as one segment, JSON body, bearer', async () => {
    const result: InvokeNamedEndpointResult = await client.invokeNamedEndpoint({ path: { name: 'my fn/x' }, body: { x: 12, s: 'ü' } });

    const request = onlyRequest(app);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/endpoint/my%20fn%2Fx');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json, */*;q=0.5');
    expect(JSON.parse(request.body)).toEqual({ x: 12, s: 'ü' });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ server: 'app', echo: { x: 12, s: 'ü' } });
    expect(result.headers.get('content-type')).toBe('application/json');
  });

  it('invokeNamedEndpoint without a body sends no body and no content-type', async () => {
    const result = await client.invokeNamedEndpoint({ path: { name: 'plain' } });
    const request = onlyRequest(app);
    expect(request.url).toBe('/endpoint/plain');
    expect(request.body).toBe('');
    expect(request.headers['content-type']).toBeUndefined();
    expect(result.data).toEqual({ server: 'app', echo: null });
  });

  it('invokeNamedEndpointVersion: POST /endpoint/{name}/v{version} on app', async () => {
    const result = await client.invokeNamedEndpointVersion({ path: { name: 'zonos-tts', version: 3 }, body: { text: 'hi' } });

    const request = onlyRequest(app);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/endpoint/zonos-tts/v3');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ text: 'hi' });
    expect(result).toMatchObject({ status: 200, data: { server: 'app', echo: { text: 'hi' } } });
  });

  it('invokeEndpointById: POST /endpoint/id/{id} on app', async () => {
    const result = await client.invokeEndpointById({ path: { id: TASK_ID }, body: { n: [1, 2] } });

    const request = onlyRequest(app);
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/endpoint/id/${TASK_ID}`);
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ n: [1, 2] });
    expect(result).toMatchObject({ status: 200, data: { server: 'app', echo: { n: [1, 2] } } });
  });

  it('submitTaskByName: POST /taskqueue/{name} on app, typed TaskSubmitResponse; token from an async function, called per request', async () => {
    let tokenCalls = 0;
    const asyncClient = createBeamClient({
      baseUrl: { app: app.url, api: api.url },
      auth: {
        bearerAuth: async () => {
          tokenCalls += 1;
          await new Promise((resolve) => setTimeout(resolve, 1));
          return `rotating-${tokenCalls}`;
        },
      },
    });

    const first: SubmitTaskByNameResult = await asyncClient.submitTaskByName({ path: { name: 'queue #1?' }, body: { prompt: 'a cat' } });
    const second = await asyncClient.submitTaskByName({ path: { name: 'queue #1?' } });

    expect(tokenCalls).toBe(2);
    expect(api.requests).toEqual([]);
    expect(app.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['POST', '/taskqueue/queue%20%231%3F', 'Bearer rotating-1'],
      ['POST', '/taskqueue/queue%20%231%3F', 'Bearer rotating-2'],
    ]);
    expect(app.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(app.requests[0]!.body)).toEqual({ prompt: 'a cat' });
    expect(first.status).toBe(200);
    expect(first.data.task_id).toBe('task-777');
    expect(second.data).toEqual({ task_id: 'task-777' });
  });

  it('getTaskStatus: GET /v2/task/{task_id}/ on api (trailing slash kept), typed Task, no body', async () => {
    const result: GetTaskStatusResult = await client.getTaskStatus({ path: { task_id: TASK_ID } });

    const request = onlyRequest(api);
    expect(request.method).toBe('GET');
    expect(request.url).toBe(`/v2/task/${TASK_ID}/`);
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBeUndefined();
    expect(request.body).toBe('');
    expect(result.status).toBe(200);
    expect(result.data).toEqual(TASK);
    expect(result.data.status).toBe('COMPLETE');
  });

  it('cancelTasks: DELETE /v2/task/cancel/ on api with JSON body {task_ids}; empty 200 → data undefined', async () => {
    const ids = [TASK_ID, '00000000-0000-4000-8000-000000000000'];
    const result = await client.cancelTasks({ body: { task_ids: ids } });

    const request = onlyRequest(api);
    expect(request.method).toBe('DELETE');
    expect(request.url).toBe('/v2/task/cancel/');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ task_ids: ids });
    expect(result.status).toBe(200);
    expect(result.data).toBeUndefined();
  });

  it('401 → ApiError with status, decoded body and headers (app server)', async () => {
    const error: unknown = await client.invokeNamedEndpoint({ path: { name: 'x' } }, { auth: { bearerAuth: 'bad' } }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(401);
    expect(apiError.operation).toBe('invokeNamedEndpoint');
    expect(apiError.body).toEqual({ detail: 'invalid token' });
    expect(apiError.headers.get('content-type')).toBe('application/json');
    expect(apiError.message).toBe('invokeNamedEndpoint failed with HTTP 401');
    expect(onlyRequest(app).headers.authorization).toBe('Bearer bad');
  });

  it('no credentials → no authorization header is sent and the server answers 401', async () => {
    const error: unknown = await cancelTasks({ body: { task_ids: [] } }, { baseUrl: { app: app.url, api: api.url } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(onlyRequest(api).headers.authorization).toBeUndefined();
  });

  it('404 from getTaskStatus → ApiError 404 on the api server', async () => {
    const promise = client.getTaskStatus({ path: { task_id: 'no-such-task' } });
    await expect(promise).rejects.toBeInstanceOf(ApiError);
    await expect(promise).rejects.toMatchObject({ status: 404, operation: 'getTaskStatus', body: { detail: 'Task not found' } });
    expect(onlyRequest(api).url).toBe('/v2/task/no-such-task/');
  });

  it('per-call options override client defaults (auth, headers merged, baseUrl per server key)', async () => {
    const withDefaults = createBeamClient({
      baseUrl: { app: app.url, api: api.url },
      auth: { bearerAuth: 'default-token' },
      headers: { 'x-default': 'd', 'x-override': 'from-defaults' },
    });

    await withDefaults.invokeNamedEndpoint({ path: { name: 'a' } });
    await withDefaults.invokeNamedEndpoint(
      { path: { name: 'b' } },
      { auth: { bearerAuth: 'call-token' }, headers: { 'x-override': 'from-call', 'x-call': 'c' } },
    );
    // only the api key is overridden: getTaskStatus now goes to the app server
    await withDefaults.getTaskStatus({ path: { task_id: 'on-app' } }, { baseUrl: { api: app.url } }).catch(() => undefined);

    expect(api.requests).toEqual([]);
    expect(app.requests).toHaveLength(3);
    const [a, b, c] = app.requests;
    expect(a?.headers).toMatchObject({ authorization: 'Bearer default-token', 'x-default': 'd', 'x-override': 'from-defaults' });
    expect(a?.headers['x-call']).toBeUndefined();
    expect(b?.headers).toMatchObject({ authorization: 'Bearer call-token', 'x-default': 'd', 'x-override': 'from-call', 'x-call': 'c' });
    expect([c?.method, c?.url, c?.headers.authorization]).toEqual(['GET', '/v2/task/on-app/', 'Bearer default-token']);
  });

  it('a single string baseUrl applies to every server key', async () => {
    await getTaskStatus({ path: { task_id: TASK_ID } }, { baseUrl: `${app.url}/prefix/`, auth: { bearerAuth: TOKEN } }).catch(() => undefined);
    expect(onlyRequest(app).url).toBe(`/prefix/v2/task/${TASK_ID}/`);
  });

  it('an injected fetch is used for every call (wrapping the real fetch)', async () => {
    const seen: Array<[string, string]> = [];
    const countingFetch = (input: string, init: RequestInit): Promise<Response> => {
      seen.push([String(init.method), input]);
      return fetch(input, init);
    };
    const fetchClient = createBeamClient({ baseUrl: { app: app.url, api: api.url }, auth: { bearerAuth: TOKEN }, fetch: countingFetch });

    const status = await fetchClient.getTaskStatus({ path: { task_id: TASK_ID } });
    await fetchClient.submitTaskByName({ path: { name: 'q' }, body: {} });

    expect(seen).toEqual([
      ['GET', `${api.url}/v2/task/${TASK_ID}/`],
      ['POST', `${app.url}/taskqueue/q`],
    ]);
    expect(status.data).toEqual(TASK);
    expect(api.requests).toHaveLength(1);
    expect(app.requests).toHaveLength(1);
  });

  it('an AbortSignal aborts a request the server is delaying', async () => {
    api.setHandler(() => ({ status: 200, json: TASK, delayMs: 10_000 }));
    const controller = new AbortController();
    const started = Date.now();
    const promise = client.getTaskStatus({ path: { task_id: TASK_ID } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);

    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(ApiError);
    // Before the server's answer at 10 s (room for a loaded machine; the answer itself would not be an AbortError).
    expect(Date.now() - started).toBeLessThan(9_000);
    // the server saw the request and then the client going away
    const abortedRequest = await api.aborted;
    expect(abortedRequest.url).toBe(`/v2/task/${TASK_ID}/`);
  });

  it('an already-aborted signal rejects without reaching the server', async () => {
    const promise = client.getTaskStatus({ path: { task_id: TASK_ID } }, { signal: AbortSignal.abort() });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(api.requests).toEqual([]);
  });
});

describe('default hosts from the spec (URL building only; fetch injected, no network)', () => {
  function offlineFetch(urls: string[]) {
    return async (input: string, init: RequestInit): Promise<Response> => {
      urls.push(`${String(init.method)} ${input}`);
      return new Response(JSON.stringify({ offline: true }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
  }

  it('getTaskStatus goes to https://api.beam.cloud and invokeNamedEndpoint to https://app.beam.cloud', async () => {
    const urls: string[] = [];
    const fetch = offlineFetch(urls);
    const task = await getTaskStatus({ path: { task_id: TASK_ID } }, { fetch, auth: { bearerAuth: TOKEN } });
    const invoked = await invokeNamedEndpoint({ path: { name: 'x' } }, { fetch, auth: { bearerAuth: TOKEN } });

    expect(urls).toEqual([`GET https://api.beam.cloud/v2/task/${TASK_ID}/`, 'POST https://app.beam.cloud/endpoint/x']);
    expect(task.data).toEqual({ offline: true });
    expect(invoked.status).toBe(200);
  });

  it('a baseUrl object naming only one server leaves the other on its spec host', async () => {
    const urls: string[] = [];
    const fetch = offlineFetch(urls);
    const partial = createBeamClient({ baseUrl: { api: 'http://127.0.0.1:9' }, fetch });
    await partial.cancelTasks({ body: { task_ids: ['t'] } });
    await partial.submitTaskByName({ path: { name: 'q' } });
    expect(urls).toEqual(['DELETE http://127.0.0.1:9/v2/task/cancel/', 'POST https://app.beam.cloud/taskqueue/q']);
  });
});
