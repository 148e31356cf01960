// A TypeScript application that uses the generated package as an npm user would: it imports
// the package's public subpaths (never its files), compiles under a strict tsconfig, and runs
// against the loopback servers of ../servers.mjs (see ../run.ts). The `@ts-expect-error` lines
// in `rejectedAtCompileTime` are part of the test: tsc fails if any of them stops being an error.

import {
  ApiError,
  type BeamClient,
  type BeamServer,
  createBeamClient,
  type GetTaskStatusError,
  type GetTaskStatusResult,
  getTaskStatus,
  type InvokeNamedEndpointResult,
  RequestValidationError,
  type Task,
} from '@specweave/clients/beam';
import { BeamLogsChannel, type BeamLogsChannelSends } from '@specweave/clients/beam-logs';
import { BeamRealtimeChannel, type BeamRealtimeChannelReceives, type ConnectionState, type Received } from '@specweave/clients/beam-realtime';
import { V1ComponentsWorkersConnectChannel, type V1ComponentsWorkersConnectChannelReceives } from '@specweave/clients/golem-worker-connect';
import { PrivateClientChannel, type PrivateClientChannelReceives } from '@specweave/clients/modelbeam';
import { WebSocket } from 'ws';

export interface ConsumerEnv {
  /** http://127.0.0.1:port of the Beam REST stand-in. */
  httpUrl: string;
  /** ws://127.0.0.1:port of the WebSocket stand-ins (routed by path). */
  wsUrl: string;
  pusher: {
    /** ws://127.0.0.1:port of the Pusher protocol 7 test server. */
    url: string;
    /** Its channel authorisation endpoint. */
    authEndpoint: string;
    /** Publishes an event on a channel (what ModelBeam's backend does). */
    trigger(channel: string, event: string, data: object): void;
  };
}

type StatusUpdate = PrivateClientChannelReceives['RequestStatusUpdated'];

export async function runTypedConsumer(env: ConsumerEnv) {
  return {
    rest: await rest(env),
    realtime: await realtime(env),
    logs: await logs(env),
    golem: await golem(env),
    modelbeam: await modelbeam(env),
  };
}

// ------------------------------------------------------------------------------ REST (beam)

async function rest(env: ConsumerEnv) {
  let tokenCalls = 0;
  const beam: BeamClient = createBeamClient({
    baseUrl: env.httpUrl,
    auth: { bearerAuth: async () => `beam-token-${++tokenCalls}` },
    headers: { 'x-consumer': 'typescript' },
  });

  const invoked: InvokeNamedEndpointResult = await beam.invokeNamedEndpoint({ path: { name: 'zonos tts/1' }, body: { text: 'hello' } });
  const ok: 200 = invoked.status; // the only success status the spec declares
  const version = await beam.invokeNamedEndpointVersion({ path: { name: 'zonos-tts', version: 3 } });
  const byId = await beam.invokeEndpointById({ path: { id: '55108039-e3bf-409b-bad5-f4982b2f1c02' }, body: { x: 12 } });

  const queued = await beam.submitTaskByName({ path: { name: 'queue' }, body: { prompt: 'draw' } });
  const taskId: string | undefined = queued.data.task_id; // optional in the spec
  if (taskId === undefined) throw new Error('the task queue returned no task_id');

  const task: GetTaskStatusResult = await beam.getTaskStatus({ path: { task_id: taskId } });
  let finished = false;
  if (task.status === 200) {
    const status: Task['status'] = task.data.status;
    // The union narrows like any other: a typo in a literal here would not compile.
    finished = status === 'COMPLETE' || status === 'ERROR' || status === 'CANCELLED' || status === 'TIMEOUT';
  }
  const outputUrls = (task.data.outputs ?? []).map((o) => String(o['url']));

  // A declared error status arrives as ApiError; the operation's alias types status and body.
  let missing: { status: number; body: unknown; operation: string; message: string } | undefined;
  try {
    await beam.getTaskStatus({ path: { task_id: 'no such/task' } }, { headers: { 'x-consumer': 'per-call' } });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const failure = error as GetTaskStatusError;
    if (failure.status === 404) missing = { status: failure.status, body: failure.body, operation: failure.operation, message: failure.message };
  }

  // Without credentials the server answers 401 (a standalone function, no client defaults).
  let unauthorised: number | undefined;
  try {
    await getTaskStatus({ path: { task_id: taskId } }, { baseUrl: { api: env.httpUrl } });
  } catch (error) {
    if (error instanceof ApiError) unauthorised = error.status;
    else throw error;
  }

  // Inputs that cannot make a request fail before any request is sent.
  let invalid: string | undefined;
  try {
    await beam.getTaskStatus({ path: {} } as never);
  } catch (error) {
    if (error instanceof RequestValidationError) invalid = error.message;
    else throw error;
  }

  const cancelled = await beam.cancelTasks({ body: { task_ids: [taskId] } });
  const cancelledData: undefined = cancelled.data;

  const servers: BeamServer[] = ['app', 'api'];
  return {
    invoked: { status: ok, data: invoked.data },
    version: version.data,
    byId: byId.data,
    taskId,
    finished,
    outputUrls,
    missing,
    unauthorised,
    invalid,
    cancelled: { status: cancelled.status, data: cancelledData ?? null },
    tokenCalls,
    servers,
  };
}

// -------------------------------------------------------------------- beam-realtime channel

async function realtime(env: ConsumerEnv) {
  const channel = new BeamRealtimeChannel({ WebSocket, url: `${env.wsUrl}/realtime/`, auth: { bearerAuth: 'realtime-token' } });
  const states: ConnectionState[] = [channel.state];
  const heard: BeamRealtimeChannelReceives['RealtimeOutput'][] = [];
  const unknown: string[] = [];
  const stopListening = channel.onRealtimeOutput((payload) => heard.push(payload));
  channel.on('$unknown', ({ reason }) => unknown.push(reason));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => channel.on('$close', resolve));

  const messages = channel.messages();
  await channel.connect();
  states.push(channel.state);
  channel.sendRealtimeInput({ prompt: 'one' });
  channel.sendRealtimeInput({ prompt: 'two' });

  const iterated: Array<Received<'RealtimeOutput', BeamRealtimeChannelReceives['RealtimeOutput']>> = [];
  for await (const message of messages) {
    iterated.push(message);
    if (iterated.length === 2) {
      stopListening(); // the next output reaches the iterator only
      channel.sendRealtimeInput({ prompt: 'three' });
    }
    if (iterated.length === 3) channel.sendRealtimeInput({ close: true });
  }
  const close = await closed;
  states.push(channel.state);
  return {
    url: channel.url,
    states,
    listener: heard,
    iterated: iterated.map((m) => `${m.name}:${JSON.stringify(m.payload)}`),
    unknown,
    close,
  };
}

// ------------------------------------------------------------------------ beam-logs channel

async function logs(env: ConsumerEnv) {
  const channel = new BeamLogsChannel({ WebSocket, url: `${env.wsUrl}/logs/`, serverVariables: { host: 'realtime.example.test' } });
  const lines: string[] = [];
  let batches = 0;
  channel.onLogBatch((batch) => {
    batches++;
    for (const hit of batch.logs?.hits?.hits ?? []) lines.push(`${hit._source['@timestamp']} ${hit._source.msg}`);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => channel.on('$close', resolve));
  await channel.connect();
  const command: BeamLogsChannelSends['LogsAddStream'] = {
    action: 'LOGS_ADD_STREAM',
    token: 'logs-token',
    objectId: 'deployment-7',
    objectType: 'BEAM_DEPLOYMENT',
    streamType: 'LOGS_STREAM',
    stream: true,
    startingTimestamp: '2024-05-01T10:00:00Z',
    taskId: 'task-42',
  };
  channel.sendLogsAddStream(command);
  const close = await closed;
  return { batches, lines, close };
}

// --------------------------------------------------------------- golem-worker-connect channel

async function golem(env: ConsumerEnv) {
  const channel = new V1ComponentsWorkersConnectChannel(
    { component_id: 'component-1', agent_name: 'agent one/2' },
    { WebSocket, url: env.wsUrl, auth: { bearerToken: () => 'golem-token' } },
  );
  const stdout: string[] = [];
  channel.onStdOut(({ StdOut }) => stdout.push(new TextDecoder().decode(Uint8Array.from(StdOut.bytes))));
  const events: string[] = [];
  const url = channel.url;
  const iterator = channel.messages(); // registered before connect: nothing sent on open is missed
  await channel.connect();
  for await (const message of iterator) {
    // The message name discriminates the payload type.
    switch (message.name) {
      case 'InvocationStart':
        events.push(`InvocationStart:${message.payload.InvocationStart.function}`);
        break;
      case 'InvocationFinished':
        events.push(`InvocationFinished:${message.payload.InvocationFinished.idempotency_key}`);
        break;
      case 'StdOut':
        events.push(`StdOut:${message.payload.StdOut.bytes.length} bytes`);
        break;
      case 'Log': {
        const { level, context, message: text } = message.payload.Log;
        events.push(`Log:${level}:${context}:${text}`);
        break;
      }
      case 'WorkerEvent': {
        const event: V1ComponentsWorkersConnectChannelReceives['WorkerEvent'] = message.payload;
        events.push(`WorkerEvent:${event.type ?? '?'}:${event.message ?? ''}`);
        break;
      }
      default:
        events.push(`other:${message.name}`);
    }
  }
  return { url, events, stdout, state: channel.state };
}

// ------------------------------------------------------------------ modelbeam (Pusher) channel

async function modelbeam(env: ConsumerEnv) {
  const authUrls: string[] = [];
  const channel = new PrivateClientChannel(
    { client_id: '42' },
    {
      WebSocket,
      url: env.pusher.url,
      auth: { bearerAuth: 'modelbeam-key' },
      // The spec names api.modelbeam.ai as the auth endpoint; send that request to the test server.
      fetch: (input, init) => {
        authUrls.push(input);
        return fetch(env.pusher.authEndpoint, init);
      },
    },
  );
  const updates: StatusUpdate[] = [];
  const done = new Promise<StatusUpdate>((resolve) =>
    channel.onRequestStatusUpdated((update) => {
      updates.push(update);
      if (update.status === 'done') resolve(update);
    }),
  );
  await channel.connect();
  const base = { request_id: 'req-1', result_url: 'https://storage.example.test/req-1', preview: null };
  env.pusher.trigger(channel.address, 'request.status.updated', { ...base, status: 'processing', progress: 45 });
  env.pusher.trigger(channel.address, 'request.status.updated', { ...base, status: 'done', progress: 100, preview: 'aGk=' });
  const last = await done;
  channel.close();
  return {
    address: channel.address,
    authUrls,
    updates: updates.map((u) => `${u.status}@${u.progress.toFixed(1)}${u.preview === null ? '' : `+preview(${u.preview.length})`}`),
    last: last.request_id,
    state: channel.state,
  };
}

// ------------------------------------------------------------------ rejected at compile time

/** Never called: each marked line must be a type error, or `tsc -p test/consumer` fails. */
export function rejectedAtCompileTime(beam: BeamClient, realtimeChannel: BeamRealtimeChannel, logsChannel: BeamLogsChannel): void {
  // @ts-expect-error [TS2741] a missing path parameter
  void beam.getTaskStatus({ path: {} });
  // @ts-expect-error [TS2345] the path parameters are required as a whole
  void beam.invokeNamedEndpoint({ body: {} });
  // @ts-expect-error [TS2322] a path parameter of the wrong type (version is an integer)
  void beam.invokeNamedEndpointVersion({ path: { name: 'x', version: '1' } });
  // @ts-expect-error [TS2322] a body of the wrong type (task_ids is an array of strings)
  void beam.cancelTasks({ body: { task_ids: 'task-1' } });
  // @ts-expect-error [TS2345] a required body left out
  void beam.cancelTasks({});
  // @ts-expect-error [TS2353] an unknown server key in baseUrl
  createBeamClient({ baseUrl: { staging: 'https://staging.example.test' } });
  // @ts-expect-error [TS2353] an unknown security scheme
  createBeamClient({ auth: { apiKey: 'x' } });
  // @ts-expect-error [TS2322] an unknown server key for a channel
  new BeamRealtimeChannel({ server: 'staging' });
  // @ts-expect-error [TS2345] a required server variable (the host has no default) left out
  new BeamLogsChannel({ WebSocket });
  // @ts-expect-error [TS2345] a missing channel address parameter
  new V1ComponentsWorkersConnectChannel({ component_id: 'c' });
  logsChannel.sendLogsAddStream({
    // @ts-expect-error [TS2322] a message of the wrong shape: `action` must be the constant LOGS_ADD_STREAM
    action: 'LOGS_REMOVE_STREAM',
    token: 't',
    objectId: 'o',
    objectType: 'BEAM_DEPLOYMENT',
    streamType: 'LOGS_STREAM',
    stream: true,
    startingTimestamp: 's',
    taskId: 'x',
  });
  // @ts-expect-error [TS2345] a message missing required fields
  logsChannel.sendLogsAddStream({ action: 'LOGS_ADD_STREAM', token: 't' });
  // @ts-expect-error [TS2345] a message that is not an object
  realtimeChannel.sendRealtimeInput('hello');
  // @ts-expect-error [TS2769] a message name the channel does not have
  realtimeChannel.on('RealtimeInput', () => {});
  // @ts-expect-error [TS2769] a lifecycle event that does not exist
  realtimeChannel.on('$reconnect', () => {});
  realtimeChannel.on('$close', (event) => {
    // @ts-expect-error [TS2322] a close event's code is a number
    const code: string = event.code;
    void code;
  });
  new PrivateClientChannel({ client_id: '1' }).onRequestStatusUpdated((update) => {
    // @ts-expect-error [TS2322] progress is a number
    const progress: string = update.progress;
    // @ts-expect-error [TS2367] the status enum has no "failed" (failures come by webhook)
    if (update.status === 'failed') void progress;
  });
  // @ts-expect-error [TS2551] the Golem channel only receives; it has no send method
  new V1ComponentsWorkersConnectChannel({ component_id: 'c', agent_name: 'a' }).sendWorkerEvent({});
  void (async () => {
    try {
      await beam.getTaskStatus({ path: { task_id: 't' } });
    } catch (error) {
      const failure = error as GetTaskStatusError;
      // @ts-expect-error [TS2367] 500 is not a declared error status of getTaskStatus (401 | 404)
      if (failure.status === 500) return;
    }
  })();
  // @ts-expect-error [TS2322] a server that the spec does not declare
  const server: BeamServer = 'staging';
  void server;
}
