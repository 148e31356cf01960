// A plain JavaScript (ESM) consumer: no TypeScript, no build step, only the package's public
// subpaths. Run by ../run.mjs with plain `node`. (tsconfig's checkJs also type-checks it, as
// an editor would for a JavaScript user, through the package's .d.ts files.)

import { ApiError, createBeamClient, getTaskStatus, RequestValidationError } from '@specweave/clients/beam';
import { BeamLogsChannel } from '@specweave/clients/beam-logs';
import { BeamRealtimeChannel } from '@specweave/clients/beam-realtime';
import { V1ComponentsWorkersConnectChannel } from '@specweave/clients/golem-worker-connect';
import { PrivateClientChannel } from '@specweave/clients/modelbeam';
import { WebSocket } from 'ws';

/**
 * @param {{ httpUrl: string, wsUrl: string }} env
 */
export async function runPlainConsumer(env) {
  const beam = createBeamClient({ baseUrl: { app: env.httpUrl, api: env.httpUrl }, auth: { bearerAuth: 'js-token' }, headers: { 'x-consumer': 'javascript' } });

  const queued = await beam.submitTaskByName({ path: { name: 'js queue' }, body: { n: 1 } });
  const task = await beam.getTaskStatus({ path: { task_id: queued.data.task_id ?? '' } });

  /** @type {unknown[]} */
  const errors = [];
  try {
    await beam.getTaskStatus({ path: { task_id: 'gone' } });
  } catch (error) {
    errors.push(error instanceof ApiError ? { name: error.name, status: error.status, body: error.body } : String(error));
  }
  try {
    // Plain JavaScript has no compiler to stop a missing path parameter: the runtime does.
    await getTaskStatus(/** @type {never} */ ({ path: {} }), { baseUrl: env.httpUrl });
  } catch (error) {
    errors.push(error instanceof RequestValidationError ? { name: error.name, message: error.message } : String(error));
  }
  try {
    // The logs host has no default: reading the URL without it fails the same way.
    void new BeamLogsChannel(/** @type {never} */ ({})).url;
  } catch (error) {
    errors.push(error instanceof RequestValidationError ? { name: error.name, message: error.message } : String(error));
  }

  // The realtime server also takes the token as a query parameter (what a browser must do).
  const realtime = new BeamRealtimeChannel({ WebSocket, url: `${env.wsUrl}/realtime/`, auth: { bearerAuth: 'js-realtime' }, authTransport: 'query' });
  const firstOutput = new Promise((resolve) => realtime.onRealtimeOutput(resolve));
  const closed = new Promise((resolve) => realtime.on('$close', resolve));
  await realtime.connect();
  realtime.sendRealtimeInput({ from: 'javascript' });
  const output = await firstOutput;
  realtime.close(1000, 'js done');
  const close = await closed;

  return {
    taskId: queued.data.task_id,
    taskStatus: task.status === 200 ? task.data.status : undefined,
    errors,
    realtime: { output, close, state: realtime.state },
    urls: {
      logs: new BeamLogsChannel({ serverVariables: { host: 'logs.example.test' } }).url,
      realtime: new BeamRealtimeChannel().url,
      golem: new V1ComponentsWorkersConnectChannel({ component_id: 'c 1', agent_name: 'a/b' }, { server: 'selfHosted' }).url,
      modelbeam: new PrivateClientChannel({ client_id: '7' }).address,
    },
  };
}
