/**
 * The REST emitter on a document written for this test (not Beam's): links of any shape
 * (operationRef, qualified parameter names, `$request.…`, `$response.header.…`, `$statusCode`,
 * templates, constants, a nested requestBody), a poller without a name, an operation timeout,
 * every body kind, every query style, typed server variables, and names that clash with the
 * API's own. The package is generated with the real pipeline into a temporary folder,
 * type-checked by `tsc` under the package's strict tsconfig (with a consumer file whose
 * `@ts-expect-error` lines must stay errors), then its JavaScript is imported and run against a
 * node:http server on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SpecError, type SpecWarning } from '../src/load/errors.js';
import { generate } from '../src/pipeline.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const json = (schema: object) => ({ 'application/json': { schema } });
const job = { $ref: '#/components/schemas/Job' };
const jobId = { name: 'jobId', in: 'path', required: true, schema: { type: 'string' } };
const tenant = { name: 'X-Tenant', in: 'header', required: false, schema: { type: 'string' } };

/** The document under test; `patch` changes it for the error cases. */
function spec(patch: (doc: Record<string, any>) => void = () => undefined): Record<string, any> {
  const doc: Record<string, any> = {
    openapi: '3.0.3',
    info: { title: 'Jobs API', version: '1.0.0' },
    servers: [
      {
        url: 'http://{host}:{port}/{version}',
        'x-name': 'main',
        variables: { host: { default: '127.0.0.1' }, port: { default: '9' }, version: { default: 'v1', enum: ['v1', 'v2'] } },
      },
    ],
    paths: {
      '/jobs': {
        post: {
          operationId: 'createJob',
          'x-specweave-timeout-seconds': 0.2,
          parameters: [tenant],
          requestBody: { required: true, content: json({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }) },
          responses: {
            '201': {
              description: 'created',
              content: json(job),
              links: {
                job: {
                  operationRef: '#/paths/~1jobs~1%7BjobId%7D/get',
                  parameters: { 'path.jobId': '$response.body#/id', 'X-Tenant': '$request.header.X-Tenant' },
                },
                logs: {
                  operationId: 'getLogs',
                  description: 'The job’s log */ with a comment closer in it',
                  parameters: {
                    jobId: 'job-{$response.body#/id}',
                    since: '$response.header.X-Created-At',
                    status: '$statusCode',
                    format: 'text',
                    method: '$method',
                  },
                },
                rename: {
                  operationId: 'renameJob',
                  parameters: { jobId: '$response.body#/id' },
                  requestBody: { name: 'renamed-{$request.body#/name}', previous: '$request.body#/name', ids: ['$response.body#/id'], fixed: 7 },
                },
                'whole body': { operationId: 'echo', requestBody: '$response.body' },
              },
            },
          },
        },
      },
      '/jobs/{jobId}': {
        get: {
          operationId: 'getJob',
          'x-specweave-poll': { until: { field: 'state', values: ['done', 'failed'] } },
          parameters: [jobId, tenant],
          responses: { '200': { description: 'ok', content: json(job) } },
        },
      },
      '/jobs/{jobId}/logs': {
        get: {
          operationId: 'getLogs',
          parameters: [
            jobId,
            { name: 'since', in: 'query', schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { type: 'integer' } },
            { name: 'format', in: 'query', schema: { type: 'string' } },
            { name: 'method', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
      '/jobs/{jobId}/name': {
        put: {
          operationId: 'renameJob',
          parameters: [jobId],
          requestBody: { content: json({ type: 'object', additionalProperties: true }) },
          responses: { '200': { description: 'ok', content: json(job) } },
        },
      },
      '/echo': {
        post: { operationId: 'echo', requestBody: { content: json({}) }, responses: { '200': { description: 'ok', content: json({}) } } },
      },
      '/upload': {
        post: {
          operationId: 'upload',
          requestBody: {
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: { file: { type: 'string', format: 'binary' }, title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
                },
              },
            },
          },
          responses: { '204': { description: 'stored' } },
        },
      },
      '/form': {
        post: {
          operationId: 'sendForm',
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: { type: 'object', properties: { a: { type: 'string' }, n: { type: 'array', items: { type: 'integer' } } } },
              },
            },
          },
          responses: { '204': { description: 'ok' } },
        },
      },
      '/text': {
        put: {
          operationId: 'putText',
          requestBody: { content: { 'text/plain': { schema: { type: 'string' } } } },
          responses: { '204': { description: 'ok' } },
        },
      },
      '/binary': {
        put: {
          operationId: 'putBinary',
          requestBody: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          responses: { '204': { description: 'ok' } },
        },
      },
      '/search/{coords}/{point}': {
        get: {
          operationId: 'search',
          parameters: [
            { name: 'coords', in: 'path', required: true, style: 'label', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
            { name: 'point', in: 'path', required: true, style: 'matrix', explode: true, schema: { type: 'object', additionalProperties: true } },
            { name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'integer' } } },
            { name: 'tags', in: 'query', explode: false, schema: { type: 'array', items: { type: 'string' } } },
            { name: 'spaced', in: 'query', style: 'spaceDelimited', explode: false, schema: { type: 'array', items: { type: 'string' } } },
            { name: 'piped', in: 'query', style: 'pipeDelimited', explode: false, schema: { type: 'array', items: { type: 'string' } } },
            { name: 'filter', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object', additionalProperties: true } },
            { name: 'X-Color', in: 'header', explode: true, schema: { type: 'object', additionalProperties: true } },
          ],
          responses: { '200': { description: 'ok', content: json({}) } },
        },
      },
    },
    components: {
      schemas: {
        Job: {
          type: 'object',
          required: ['id', 'state'],
          properties: { id: { type: 'string' }, state: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] }, name: { type: 'string' } },
        },
        // Names that clash with what the operations file would add:
        TimeoutError: { type: 'object', properties: { reason: { type: 'string' } } },
        CreateJobLinks: { type: 'object', properties: { note: { type: 'string' } } },
      },
    },
  };
  patch(doc);
  return doc;
}

let folder: string;

async function generateInto(name: string, doc: object, strict = false): Promise<{ out: string; files: Map<string, string>; warnings: SpecWarning[] }> {
  const root = join(folder, name);
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'jobs.yaml'), stringify(doc));
  const { files, warnings } = await generate({
    root,
    output: 'out',
    package: { name: '@test/jobs', version: '0.0.0' },
    apis: [{ name: 'jobs', spec: 'jobs.yaml' }],
    allowRemoteRefs: false,
    allowOutsideRefs: false,
    strict,
  });
  const out = join(root, 'out');
  for (const [path, text] of files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), text);
  }
  return { out, files, warnings };
}

/** The error of a generation under `strict` (a warning is then an error too). */
async function specError(name: string, patch: (doc: Record<string, any>) => void): Promise<SpecError> {
  const error = await generateInto(name, spec(patch), true).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpecError);
  return error as SpecError;
}

// ------------------------------------------------------------------------ server

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
let server: Server;
let port = 0;
let seen: Seen[] = [];
let handler: (req: Seen, res: ServerResponse) => void = (_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'specweave-rest-emit-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(record);
      handler(record, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

beforeEach(() => {
  seen = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(folder, { recursive: true, force: true });
});

// ------------------------------------------------------------------------ tests

describe('a generated REST package with links, a poller, timeouts, bodies and styles', () => {
  let out = '';
  let operations = '';
  let types = '';
  let jobs: any;
  let rt: any;

  beforeAll(async () => {
    const generated = await generateInto('ok', spec());
    out = generated.out;
    operations = generated.files.get('src/jobs/operations.ts')!;
    types = generated.files.get('src/jobs/types.ts')!;
    jobs = await import(pathToFileURL(join(out, 'dist', 'jobs', 'index.js')).href);
    rt = await import(pathToFileURL(join(out, 'dist', 'runtime', 'http.js')).href);
  });

  it('names: links objects and pollers are claimed next to the API’s names; a schema named like a runtime export keeps its name', () => {
    expect(operations).toContain('export const createJobLinks2: {'); // `CreateJobLinks` is a schema
    expect(operations).toContain('export async function pollGetJob(');
    // Spec names win (issue 10): the schema `TimeoutError` keeps its name, and the API module
    // does not re-export the runtime's `TimeoutError` over it (the package root has that one).
    expect(operations).toMatch(/export \{ NetworkError, ResponseValidationError, ResponseTooLargeError, type RetryOptions/);
    expect(types).toContain('export type TimeoutError = ');
    expect(types).not.toContain('TimeoutError2');
    expect(operations).toContain("version?: 'v1' | 'v2';"); // typed server variable
    expect(operations).toContain('timeoutMs: 200,');
    // link method names come from the link names, made identifiers
    for (const method of ['job(', 'logs(', 'rename(', 'wholeBody(']) expect(operations).toContain(`  ${method}result:`);
    // the description's comment closer cannot end the doc comment
    expect(operations).toContain('with a comment closer in it');
    expect(operations).not.toMatch(/log \*\/ with/);
  });

  it('type-checks under the package’s strict tsconfig, with a consumer whose misuses stay errors', async () => {
    await writeFile(
      join(out, 'src', 'consumer.ts'),
      [
        `import { createJobsClient, createJobLinks2, pollGetJob, createJob, type Job, type TimeoutError as SchemaTimeout } from './jobs/index.js';`,
        `import { TimeoutError } from './runtime/http.js';`,
        `export async function use(): Promise<string> {`,
        `  const client = createJobsClient({ serverVariables: { version: 'v2' }, timeoutMs: 1000, retry: { attempts: 2 } });`,
        `  const created = await client.createJob({ body: { name: 'x' } });`,
        `  const job: Job = (await createJobLinks2.job(created, {}, { request: { body: { name: 'x' } } })).data;`,
        `  const logs: string = (await client.createJobLinks2.logs(created)).data;`,
        `  const done = await pollGetJob({ path: { jobId: job.id } }, { intervalMs: 5, deadlineMs: 100, onPoll: (j) => void j.state });`,
        `  const state: 'done' | 'failed' = done.state;`,
        `  const schema: SchemaTimeout = { reason: 'r' };`,
        `  // @ts-expect-error: "v3" is not one of the server variable's values`,
        `  await createJob({ body: { name: 'x' } }, { serverVariables: { version: 'v3' } });`,
        `  // @ts-expect-error: the link's source is the 201 response`,
        `  await createJobLinks2.job({ status: 200, data: job, headers: new Headers() });`,
        `  // @ts-expect-error: a poll result's state is terminal`,
        `  const pending: 'queued' = done.state;`,
        `  return [logs, state, schema.reason, String(pending), String(new TimeoutError('op', 1).timeoutMs)].join();`,
        `}`,
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, [TSC, '-p', join(out, 'tsconfig.json')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  describe('run against a loopback server', () => {
    const options = () => ({ serverVariables: { port: String(port) } });
    const jobJson = (state: string, extra = {}) => JSON.stringify({ id: 'j 1', state, name: 'n', ...extra });

    it('server variables: defaults fill the URL; a value outside the enum is refused before any request', async () => {
      handler = (_, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(jobJson('queued'));
      // createJob's own default timeout (200 ms, the next test) is not the point here: a loaded machine exceeded it.
      await jobs.createJob({ body: { name: 'a' } }, { ...options(), timeoutMs: 20_000 });
      await jobs.createJob({ body: { name: 'a' } }, { serverVariables: { port: String(port), version: 'v2' }, timeoutMs: 20_000 });
      expect(seen.map((s) => s.url)).toEqual(['/v1/jobs', '/v2/jobs']);
      await expect(jobs.createJob({ body: { name: 'a' } }, { serverVariables: { port: String(port), version: 'v3' } })).rejects.toMatchObject({
        name: 'RequestValidationError',
        message: 'createJob: server variable "version" must be one of v1, v2',
      });
      expect(seen).toHaveLength(2);
    });

    it('x-specweave-timeout-seconds: 0.2 is the operation’s default timeout; a call overrides it', async () => {
      // The first answer comes after 60 s, the second at once: a call that ends long before it
      // timed out at its own 200 ms (the bound is for a hang: a loaded machine stalls this
      // process for seconds, and 1800 ms of a 2 s answer left too little room).
      let calls = 0;
      handler = (_, res) => {
        const answer = (): void => void res.writeHead(201, { 'content-type': 'application/json' }).end(jobJson('queued'));
        if (calls++ > 0) return answer();
        const late = setTimeout(answer, 60_000);
        res.once('close', () => clearTimeout(late));
      };
      const started = Date.now();
      const error = await jobs.createJob({ body: { name: 'a' } }, options()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(rt.TimeoutError);
      expect((error as { timeoutMs: number }).timeoutMs).toBe(200);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect((await jobs.createJob({ body: { name: 'a' } }, { ...options(), timeoutMs: 20_000 })).status).toBe(201);
    });

    it('links: operationRef + qualified name + $request.header; template + $response.header + $statusCode + $method + constant; nested requestBody; whole body', async () => {
      handler = (req, res) => {
        if (req.method === 'POST' && req.url === '/v1/jobs')
          return res.writeHead(201, { 'content-type': 'application/json', 'x-created-at': '2026-01-01T00:00:00Z' }).end(jobJson('queued'));
        if (req.url.includes('/logs')) return res.writeHead(200, { 'content-type': 'text/plain' }).end('log line');
        return res.writeHead(200, { 'content-type': 'application/json' }).end(req.body.length > 0 ? req.body : jobJson('running'));
      };
      const createArgs = { headers: { 'X-Tenant': 'acme' }, body: { name: 'first' } };
      const created = await jobs.createJob(createArgs, options());
      seen = [];
      await jobs.createJobLinks2.job(created, options(), { request: createArgs });
      expect(await jobs.createJobLinks2.logs(created, options()).then((r: { data: string }) => r.data)).toBe('log line');
      await jobs.createJobLinks2.rename(created, options(), { request: createArgs });
      const echoed = await jobs.createJobLinks2.wholeBody(created, options());
      expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
        'GET /v1/jobs/j%201',
        'GET /v1/jobs/job-j%201/logs?since=2026-01-01T00%3A00%3A00Z&status=201&format=text&method=POST',
        'PUT /v1/jobs/j%201/name',
        'POST /v1/echo',
      ]);
      expect(seen[0]!.headers['x-tenant']).toBe('acme');
      expect(JSON.parse(seen[2]!.body.toString())).toEqual({ name: 'renamed-first', previous: 'first', ids: ['j 1'], fixed: 7 });
      expect(echoed.data).toEqual(JSON.parse(jobJson('queued')));
    });

    it('links: a $request expression without the source arguments is refused before any request', async () => {
      handler = (_, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(jobJson('queued'));
      const created = await jobs.createJob({ body: { name: 'x' } }, options());
      seen = [];
      await expect(jobs.createJobLinks2.rename(created, options())).rejects.toMatchObject({
        name: 'RequestValidationError',
        message: 'createJob → rename: $request.body#/name needs the source call’s arguments (pass them as `request`)',
      });
      expect(seen).toEqual([]);
    });

    it('the unnamed poller pollGetJob polls until state is done or failed', async () => {
      const states = ['queued', 'running', 'failed'];
      let n = 0;
      handler = (_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jobJson(states[Math.min(n++, 2)]!));
      const done = await jobs.pollGetJob({ path: { jobId: 'j 1' } }, { ...options(), intervalMs: 5 });
      expect(done.state).toBe('failed');
      expect(seen.map((s) => s.url)).toEqual(Array(3).fill('/v1/jobs/j%201'));
    });

    it('bodies: multipart (a Blob file + fields), form-urlencoded, text, binary', async () => {
      handler = (_, res) => res.writeHead(204).end();
      await jobs.upload({ body: { file: new Blob(['file bytes'], { type: 'image/png' }), title: 'a title', tags: ['x', 'y'] } }, options());
      await jobs.sendForm({ body: { a: 'x y&z', n: [1, 2] } }, options());
      await jobs.putText({ body: 'plain ü' }, options());
      await jobs.putBinary({ body: new Blob([new Uint8Array([0, 255, 7])]) }, options());
      const [multipart, form, text, binary] = seen;
      expect(multipart!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      const raw = multipart!.body.toString('latin1');
      expect(raw).toContain('Content-Disposition: form-data; name="file"; filename="blob"\r\nContent-Type: image/png\r\n\r\nfile bytes');
      expect(raw).toContain('name="title"\r\n\r\na title');
      expect(raw.match(/name="tags"/g)).toHaveLength(2);
      expect([form!.headers['content-type'], form!.body.toString()]).toEqual(['application/x-www-form-urlencoded', 'a=x+y%26z&n=1&n=2']);
      expect([text!.headers['content-type'], text!.body.toString('utf8')]).toEqual(['text/plain', 'plain ü']);
      expect([binary!.headers['content-type'], [...binary!.body]]).toEqual(['application/octet-stream', [0, 255, 7]]);
    });

    it('parameter styles: label and matrix paths, form (explode or not), spaceDelimited, pipeDelimited, deepObject, simple header objects', async () => {
      handler = (_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      await jobs.search(
        {
          path: { coords: [3, 4], point: { x: 1, 'y z': 'a/b' } },
          query: { ids: [1, 2], tags: ['a', 'b,c'], spaced: ['s', 't'], piped: ['p', 'q'], filter: { state: 'done', 'name[0]': 'x y' } },
          headers: { 'X-Color': { R: 100, G: 200 } },
        },
        options(),
      );
      expect(seen[0]!.url).toBe(
        '/v1/search/.3,4/;x=1;y%20z=a%2Fb?ids=1&ids=2&tags=a,b%2Cc&spaced=s%20t&piped=p%7Cq&filter%5Bstate%5D=done&filter%5Bname%5B0%5D%5D=x%20y',
      );
      expect(seen[0]!.headers['x-color']).toBe('R=100,G=200');
    });
  });
});

describe('bad links (warnings: the link is left out) and extensions (errors) are reported with their place', () => {
  it('a link to an operation the document does not have: a warning, and the link is left out', async () => {
    const { files, warnings } = await generateInto(
      'bad-op-lenient',
      spec((doc) => {
        doc['paths']['/jobs'].post.responses['201'].links.logs.operationId = 'getLog';
      }),
    );
    expect(warnings.map((w) => w.problem)).toEqual(['link "logs" names operation "getLog", which this document does not have; the link is left out']);
    const operations = files.get('src/jobs/operations.ts') ?? '';
    // The other links of that response are still there; `logs` is not.
    expect(operations).toContain('  job(result:');
    expect(operations).not.toContain('  logs(result:');
    const error = await specError('bad-op', (doc) => {
      doc['paths']['/jobs'].post.responses['201'].links.logs.operationId = 'getLog';
    });
    expect(error.problem).toBe('link "logs" names operation "getLog", which this document does not have; the link is left out');
    expect(error.pointer).toBe('/paths/~1jobs/post/responses/201/links/logs/operationId');
    expect(error.line).toBeGreaterThan(0);
  });

  it('an operationRef into another document, or to nothing', async () => {
    const error = await specError('bad-ref', (doc) => {
      doc['paths']['/jobs'].post.responses['201'].links.job.operationRef = 'other.yaml#/paths/~1jobs/get';
    });
    expect(error.problem).toContain('is not an operation of this document');
  });

  it('a link parameter the target does not have; a body for a target without one', async () => {
    const param = await specError('bad-param', (doc) => {
      doc['paths']['/jobs'].post.responses['201'].links.job.parameters['query.jobId'] = '$response.body#/id';
    });
    expect(param.problem).toBe('link "job": operation "getJob" has no parameter "query.jobId"; the link is left out');
    const body = await specError('bad-body', (doc) => {
      doc['paths']['/jobs'].post.responses['201'].links.job.requestBody = { x: 1 };
    });
    expect(body.problem).toBe('link "job": operation "getJob" takes no request body; the link is left out');
  });

  it('x-specweave-poll and x-specweave-timeout-seconds of the wrong shape', async () => {
    const poll = await specError('bad-poll', (doc) => {
      doc['paths']['/jobs/{jobId}'].get['x-specweave-poll'] = { until: { field: 'state', values: [] } };
    });
    expect(poll.problem).toContain('x-specweave-poll.until.values must be a non-empty list');
    const timeout = await specError('bad-timeout', (doc) => {
      doc['paths']['/jobs'].post['x-specweave-timeout-seconds'] = 'soon';
    });
    expect(timeout.problem).toBe('x-specweave-timeout-seconds must be a non-negative number, got "soon"');
  });
});

describe('serialisation data reaches the generated package (collectionFormat, encoding, content parameters)', () => {
  const swagger = {
    swagger: '2.0',
    info: { title: 'Pets', version: '1' },
    consumes: ['application/x-www-form-urlencoded'],
    paths: {
      '/pets/{ids}': {
        post: {
          operationId: 'tagPets',
          parameters: [
            { name: 'ids', in: 'path', required: true, type: 'array', items: { type: 'integer' } },
            { name: 'status', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'csv' },
            { name: 'tags', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'multi' },
            { name: 'X-Kinds', in: 'header', type: 'array', items: { type: 'string' }, collectionFormat: 'pipes' },
            { name: 'colours', in: 'formData', type: 'array', items: { type: 'string' }, collectionFormat: 'ssv' },
            { name: 'names', in: 'formData', type: 'array', items: { type: 'string' }, collectionFormat: 'multi' },
          ],
          responses: { '200': { description: 'ok' }, '404': { description: 'no such pet' } },
        },
      },
      '/search': {
        get: {
          operationId: 'search',
          parameters: [{ name: 'filter', in: 'body', schema: { type: 'object' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  };
  const openapi = {
    openapi: '3.1.0',
    info: { title: 'Pay', version: '1' },
    servers: [{ url: 'http://127.0.0.1:{port}{basePath}', variables: { port: { default: '9' }, basePath: { default: '/api/v1' } } }],
    components: { securitySchemes: { token: { type: 'http', scheme: 'Bearer', bearerFormat: 'JWT' } } },
    security: [{ token: [] }],
    paths: {
      '/charges': {
        post: {
          operationId: 'charge',
          parameters: [{ name: 'q', in: 'query', content: { 'application/json': { schema: { type: 'object', properties: { key: { type: 'string' } } } } } }],
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  properties: {
                    scope: { type: 'object', properties: { type: { type: 'string' } } },
                    metadata: { type: 'object' },
                    amount: { type: 'integer' },
                  },
                },
                encoding: { scope: { style: 'deepObject', explode: true }, metadata: { style: 'deepObject', explode: true } },
              },
            },
          },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  };

  it('Swagger 2.0: every collectionFormat on the wire; a GET body is warned about and left out; no host, no invented server', async () => {
    const { out, files, warnings } = await generateInto('swagger-formats', swagger);
    expect(warnings.map((w) => [w.pointer, w.problem])).toContainEqual([
      '/paths/~1search/get/parameters',
      'a GET request cannot carry a body (HTTP gives it no meaning and fetch refuses to send one); the body is left out of the call',
    ]);
    const operations = files.get('src/jobs/operations.ts')!;
    expect(operations).toContain('export type SearchArgs = Record<string, never>;');
    expect(operations).toContain('export type TagPetsError = rt.ApiError<{ status: 404; body: unknown }>;');
    expect(operations).toContain('export type JobsServer = never;');
    const pets = await import(pathToFileURL(join(out, 'dist', 'jobs', 'index.js')).href);
    await expect(pets.search({})).rejects.toThrow('search: the spec names no server; pass baseUrl');
    await pets.tagPets(
      {
        path: { ids: [1, 2] },
        query: { status: ['available', 'pending'], tags: ['a', 'b'] },
        headers: { 'X-Kinds': ['cat', 'dog'] },
        body: { colours: ['red', 'green'], names: ['x', 'y'] },
      },
      { baseUrl: `http://127.0.0.1:${port}` },
    );
    expect(seen[0]!.url).toBe('/pets/1,2?status=available,pending&tags=a&tags=b');
    expect(seen[0]!.headers['x-kinds']).toBe('cat|dog');
    expect(seen[0]!.body.toString()).toBe('colours=red+green&names=x&names=y');
  });

  it('OpenAPI 3.1: Encoding Objects, a content-typed parameter, a basePath variable holding "/"; scheme "Bearer" gives no warning', async () => {
    const { out, warnings } = await generateInto('openapi-encoding', openapi);
    expect(warnings).toEqual([]);
    const pay = await import(pathToFileURL(join(out, 'dist', 'jobs', 'index.js')).href);
    await pay.charge(
      { query: { q: { key: 'test' } }, body: { scope: { type: 'account' }, metadata: {}, amount: 5 } },
      { serverVariables: { port: String(port) }, auth: { token: 't' } },
    );
    expect(seen[0]!.url).toBe('/api/v1/charges?q=%7B%22key%22%3A%22test%22%7D');
    expect(seen[0]!.body.toString()).toBe('scope%5Btype%5D=account&amount=5');
  });
});
