import { describe, expect, it } from 'vitest';
import { loadDocument } from '../src/load/index.js';
import type { ApiModel } from '../src/model/ir.js';
import { parseModel } from '../src/parse/index.js';

async function model(name: string, file: string): Promise<ApiModel> {
  return parseModel(name, await loadDocument(file)).model;
}

describe('model built from the Beam OpenAPI document', async () => {
  const m = await model('beam', 'specs/beam.openapi.yaml');

  it('has the document facts and provenance', () => {
    expect(m.title).toBe('Beam API');
    expect(m.version).toBe('2.0');
    expect(m.source).toMatchObject({ kind: 'openapi', version: '3.0.1', origin: { seed: '001_c3b50d5987967ee7.txt' } });
  });

  it('names the two servers by host and keeps their order', () => {
    expect(m.servers.map((s) => [s.key, s.url])).toEqual([
      ['app', 'https://app.beam.cloud'],
      ['api', 'https://api.beam.cloud'],
    ]);
  });

  it('gives each operation its effective servers (operation servers win)', () => {
    const servers = Object.fromEntries(m.operations.map((o) => [o.id, o.servers]));
    expect(servers).toEqual({
      invokeNamedEndpoint: ['app', 'api'],
      invokeNamedEndpointVersion: ['app', 'api'],
      invokeEndpointById: ['app', 'api'],
      submitTaskByName: ['app', 'api'],
      getTaskStatus: ['api'],
      cancelTasks: ['api'],
    });
  });

  it('reads methods, paths, parameters, bodies, responses and security', () => {
    const byId = new Map(m.operations.map((o) => [o.id, o]));
    const status = byId.get('getTaskStatus')!;
    expect(status).toMatchObject({ method: 'get', path: '/v2/task/{task_id}/', security: [['bearerAuth']], summary: 'Get task status and metadata' });
    expect(status.parameters).toEqual([
      { name: 'task_id', in: 'path', required: true, description: 'The unique id of the task.', schema: { kind: 'primitive', type: 'string', format: 'uuid' } },
    ]);
    expect(status.requestBody).toBeUndefined();
    expect(status.responses.map((r) => r.status)).toEqual(['200', '401', '404']);
    expect(status.responses[0]!.contents).toEqual([{ mediaType: 'application/json', schema: { kind: 'ref', name: 'Task' } }]);

    const cancel = byId.get('cancelTasks')!;
    expect(cancel.method).toBe('delete');
    expect(cancel.requestBody?.required).toBe(true);
    expect(cancel.requestBody?.contents[0]?.schema).toEqual({
      kind: 'object',
      properties: [{ name: 'task_ids', required: true, schema: { kind: 'array', items: { kind: 'primitive', type: 'string', format: 'uuid' } } }],
    });
    const version = byId.get('invokeNamedEndpointVersion')!;
    expect(version.parameters.map((p) => [p.name, p.in, p.schema.kind === 'primitive' && p.schema.type])).toEqual([
      ['name', 'path', 'string'],
      ['version', 'path', 'integer'],
    ]);
    expect(byId.get('invokeNamedEndpoint')!.requestBody).toMatchObject({
      required: false,
      contents: [{ mediaType: 'application/json', schema: { kind: 'object', properties: [], additionalProperties: true } }],
    });
  });

  it('reads the security scheme and the named schemas', () => {
    expect(m.securitySchemes).toEqual([expect.objectContaining({ name: 'bearerAuth', type: 'http', scheme: 'bearer' })]);
    expect(m.security).toEqual([['bearerAuth']]);
    const task = m.schemas.find((s) => s.name === 'Task')!.schema;
    expect(task.kind).toBe('object');
    if (task.kind !== 'object') return;
    expect(task.properties.map((p) => p.name)).toEqual(['id', 'status', 'outputs', 'started_at', 'ended_at', 'expires_in']);
    expect(task.properties[1]!.schema).toMatchObject({ kind: 'literal', values: ['PENDING', 'RUNNING', 'COMPLETE', 'ERROR', 'CANCELLED', 'TIMEOUT'] });
  });
});

describe('model built from the Beam realtime AsyncAPI document', async () => {
  const m = await model('beam-realtime', 'specs/beam-realtime.asyncapi.yaml');

  it('has the realtime server with its variable, security and token query parameter', () => {
    expect(m.servers).toHaveLength(1);
    expect(m.servers[0]).toMatchObject({
      key: 'realtime',
      url: 'wss://{deploymentId}.app.beam.cloud',
      variables: [{ name: 'deploymentId', default: '1c0f0cbe-e0d1-49ae-a556-5daffe23eb4c', description: 'Unique id of the deployed realtime endpoint.' }],
      security: [['bearerAuth']],
      authQueryParameter: 'auth_token',
    });
  });

  it('reads publish as what the client sends and subscribe as what it receives', () => {
    const [c] = m.channels;
    expect(c).toMatchObject({ id: '/', address: '/', servers: ['realtime'], sendOperation: 'sendRealtimeInput', receiveOperation: 'receiveRealtimeOutput' });
    expect(c!.send.map((x) => x.name)).toEqual(['RealtimeInput']);
    expect(c!.receive.map((x) => x.name)).toEqual(['RealtimeOutput']);
    expect(c!.receive[0]!.payload).toEqual({ kind: 'object', properties: [], additionalProperties: true });
    expect(c!.heartbeat).toEqual({ direction: 'server', kind: 'message', intervalSeconds: 5, message: { type: 'ping' } });
  });
});

describe('model built from the Golem worker connect AsyncAPI document', async () => {
  const m = await model('golem', 'specs/golem-worker-connect.asyncapi.yaml');

  it('has both servers, security only on the hosted one', () => {
    expect(m.servers.map((s) => [s.key, s.url, s.security])).toEqual([
      ['hosted', 'wss://release.api.golem.cloud', [['bearerToken']]],
      ['selfHosted', 'ws://localhost:9881', undefined],
    ]);
  });

  it('has the parameterised channel that only receives worker events', () => {
    const [c] = m.channels;
    expect(c!.address).toBe('/v1/components/{component_id}/workers/{agent_name}/connect');
    expect(c!.parameters).toEqual([
      { name: 'component_id', description: 'The component the worker belongs to.', schema: { kind: 'primitive', type: 'string', format: 'uuid' } },
      { name: 'agent_name', description: 'The worker (agent) name.', schema: { kind: 'primitive', type: 'string' } },
    ]);
    expect(c!.send).toEqual([]);
    // The seed's message first (its `type` values, or any object without `type`: the fallback),
    // then the externally tagged shapes Golem sends.
    const types = ['StdOut', 'StdErr', 'Log', 'InvocationStart', 'InvocationFinished'];
    expect(c!.receive.map((x) => [x.name, x.match])).toEqual([
      [
        'WorkerEvent',
        {
          kind: 'rule',
          anyOf: [
            { type: 'object', values: [{ property: 'type', values: types }] },
            { type: 'object', absent: ['type'], loose: true },
          ],
        },
      ],
      ...[
        'StdOut',
        'StdErr',
        'Log',
        'InvocationStart',
        'InvocationFinished',
        'PluginError',
        'SnapshotRecoverySucceeded',
        'SnapshotRecoveryFailed',
        'ClientLagged',
      ].map((key) => [key, { kind: 'key', key }]),
    ]);
    expect(c!.heartbeat).toEqual({ direction: 'server', kind: 'websocket-ping', intervalSeconds: 30, timeoutSeconds: 15 });
    const payload = c!.receive[0]!.payload;
    expect(payload.kind === 'object' && payload.properties.map((p) => p.name)).toEqual(['type', 'timestamp', 'message', 'level', 'context']);
  });
});

describe('model built from the Beam logs AsyncAPI document', async () => {
  const m = await model('beam-logs', 'specs/beam-logs.asyncapi.yaml');

  it('has a server whose host variable has no default', () => {
    expect(m.servers[0]).toMatchObject({ key: 'realtime', url: 'wss://{host}' });
    expect(m.servers[0]!.variables).toHaveLength(1);
    expect(m.servers[0]!.variables[0]!.default).toBeUndefined();
  });

  it('has the LOGS_ADD_STREAM command with every field and its constants', () => {
    const [c] = m.channels;
    expect(c!.resendOnReconnect).toBe('LogsAddStream');
    const command = c!.send[0]!;
    expect(command.name).toBe('LogsAddStream');
    expect(command.payload.kind).toBe('object');
    if (command.payload.kind !== 'object') return;
    const fields = Object.fromEntries(
      command.payload.properties.map((p) => [p.name, [p.required, p.schema.kind === 'literal' ? p.schema.values : p.schema.kind]]),
    );
    expect(fields).toEqual({
      action: [true, ['LOGS_ADD_STREAM']],
      token: [true, 'primitive'],
      objectId: [true, 'primitive'],
      objectType: [true, ['BEAM_DEPLOYMENT']],
      streamType: [true, ['LOGS_STREAM']],
      stream: [true, [true]],
      startingTimestamp: [true, 'primitive'],
      taskId: [true, 'primitive'],
    });
  });

  it('has the log batch with logs.hits.hits[]._source', () => {
    const batch = m.channels[0]!.receive[0]!;
    expect(batch.name).toBe('LogBatch');
    const text = JSON.stringify(batch.payload);
    for (const key of ['logs', 'hits', '_source', '@timestamp', 'msg']) expect(text).toContain(`"name":"${key}"`);
  });
});

describe('model built from the ModelBeam AsyncAPI document', async () => {
  const m = await model('modelbeam', 'specs/modelbeam.asyncapi.yaml');

  it('recognises the Pusher server from the x-specweave-pusher extension', () => {
    expect(m.servers[0]).toMatchObject({
      key: 'production',
      url: 'wss://soketi.modelbeam.ai:443',
      pusher: { appKey: 'modelbeam-prod-key', authEndpoint: 'https://api.modelbeam.ai/broadcasting/auth' },
      heartbeat: { direction: 'client', intervalSeconds: 30 },
      security: [['bearerAuth']],
    });
  });

  it('has the private channel and the request.status.updated event with its payload', () => {
    const [c] = m.channels;
    expect(c!.address).toBe('private-client.{client_id}');
    expect(c!.parameters.map((p) => p.name)).toEqual(['client_id']);
    const event = c!.receive[0]!;
    expect(event.match).toEqual({ kind: 'event', event: 'request.status.updated' });
    expect(event.payload.kind).toBe('object');
    if (event.payload.kind !== 'object') return;
    const props = Object.fromEntries(event.payload.properties.map((p) => [p.name, p.schema]));
    expect(props['status']).toMatchObject({ kind: 'literal', values: ['pending', 'processing', 'in_progress', 'done'] });
    expect(props['preview']).toMatchObject({ kind: 'primitive', type: 'string', nullable: true });
    expect(props['request_id']).toMatchObject({ kind: 'primitive', type: 'string', format: 'uuid' });
    expect(props['progress']).toMatchObject({ kind: 'primitive', type: 'number' });
    expect(event.payload.properties.every((p) => p.required)).toBe(true);
  });
});
