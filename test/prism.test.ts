/**
 * The generated Beam client against Stoplight Prism mocking specs/beam.openapi.yaml with
 * `--errors`: Prism validates every request against the document (path, parameters, body,
 * security) and answers a violation with an error, so each call below succeeding means the
 * client sent what the document describes. The last tests make invalid requests by hand and
 * check Prism refuses them, so the check can fail.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  type BeamClient,
  createBeamClient,
  type RequestEvent,
  type ResponseEvent,
  submitTaskByNameLinks,
} from '../generated/dist/beam/index.js';
import { type PrismServer, startPrism } from './support/prism.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'prism-test-token';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TASK_ID = '55108039-e3bf-409b-bad5-f4982b2f1c02';

let prism: PrismServer;
let client: BeamClient;
const responses: ResponseEvent[] = [];
const requests: RequestEvent[] = [];

beforeAll(async () => {
  prism = await startPrism('specs/beam.openapi.yaml', { cwd: ROOT });
  client = createBeamClient({
    baseUrl: { app: prism.url, api: prism.url },
    auth: { bearerAuth: TOKEN },
    retry: false, // a violation must not be hidden by a retry
    onRequest: (r) => void requests.push(r),
    onResponse: (r) => void responses.push(r),
  });
}, 90_000);

afterAll(async () => {
  await prism?.stop();
});

/** Prism found nothing wrong with the request: 2xx, and no violations reported. */
function accepted(result: ApiResponse): void {
  expect(result.status).toBeGreaterThanOrEqual(200);
  expect(result.status).toBeLessThan(300);
  expect(result.headers.get('sl-violations')).toBeNull();
}

describe('every Beam operation, as generated, is valid for Prism', () => {
  it('invokeNamedEndpoint', async () => {
    const result = await client.invokeNamedEndpoint({ path: { name: 'my-endpoint' }, body: { x: 12 } });
    accepted(result);
    expect(typeof result.data).toBe('object');
  });

  it('invokeNamedEndpointVersion', async () => {
    accepted(await client.invokeNamedEndpointVersion({ path: { name: 'zonos-tts', version: 3 }, body: { text: 'hello' } }));
  });

  it('invokeEndpointById', async () => {
    accepted(await client.invokeEndpointById({ path: { id: TASK_ID }, body: {} }));
  });

  it('submitTaskByName, then both of its links (GetTaskStatus, CancelTask) with the task_id Prism returned', async () => {
    const submitted = await client.submitTaskByName({ path: { name: 'my-queue' }, body: { prompt: 'a cat' } });
    accepted(submitted);
    expect(submitted.data.task_id).toMatch(UUID);

    const status = await client.submitTaskByNameLinks.getTaskStatus(submitted);
    accepted(status);
    const standalone = {
      baseUrl: prism.url,
      auth: { bearerAuth: TOKEN },
      retry: false,
      onRequest: (r: RequestEvent) => void requests.push(r),
      onResponse: (r: ResponseEvent) => void responses.push(r),
    };
    const cancelled = await submitTaskByNameLinks.cancelTask(submitted, standalone);
    accepted(cancelled);
    const linked = requests.slice(-2).map((r) => `${r.method} ${r.url.replace(prism.url, '')}`);
    expect(linked).toEqual([`GET /v2/task/${submitted.data.task_id}/`, 'DELETE /v2/task/cancel/']);
  });

  it('getTaskStatus', async () => {
    const result = await client.getTaskStatus({ path: { task_id: TASK_ID } });
    accepted(result);
    expect(['PENDING', 'RUNNING', 'COMPLETE', 'ERROR', 'CANCELLED', 'TIMEOUT']).toContain(result.data.status);
  });

  it('cancelTasks', async () => {
    const result = await client.cancelTasks({ body: { task_ids: [TASK_ID] } });
    accepted(result);
    expect(result.data).toBeUndefined();
  });

  it('no response reported a violation', () => {
    expect(responses.length).toBeGreaterThanOrEqual(8);
    for (const r of responses) {
      expect(r.headers.get('sl-violations'), `${r.method} ${r.url}`).toBeNull();
      expect(r.status, `${r.method} ${r.url}`).toBeLessThan(300);
    }
  });
});

describe('Prism refuses requests that break the document (so the checks above can fail)', () => {
  const call = (path: string, init: RequestInit) =>
    fetch(`${prism.url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers } });

  async function violations(response: Response): Promise<string[]> {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const problem = (await response.json()) as { validation?: Array<{ message: string }> };
    return (problem.validation ?? []).map((v) => v.message);
  }

  it('cancelTasks without task_ids', async () => {
    const response = await call('/v2/task/cancel/', { method: 'DELETE', body: JSON.stringify({}) });
    expect(response.status).toBe(422);
    expect(await violations(response)).toEqual(["Request body must have required property 'task_ids'"]);
  });

  it('cancelTasks with task_ids of the wrong type', async () => {
    const response = await call('/v2/task/cancel/', { method: 'DELETE', body: JSON.stringify({ task_ids: 'not-a-list' }) });
    expect((await violations(response)).join()).toMatch(/must be array/);
  });

  it('invokeNamedEndpointVersion with a version that is not an integer', async () => {
    const response = await call('/endpoint/zonos-tts/vthree', { method: 'POST', body: '{}' });
    expect((await violations(response)).join()).toMatch(/integer/);
  });

  it('getTaskStatus without the bearer token', async () => {
    const response = await fetch(`${prism.url}/v2/task/${TASK_ID}/`, { method: 'GET' });
    expect(response.status).toBe(401);
  });
});
