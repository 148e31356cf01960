// The generated package from a strict ESM TypeScript file, type-checked under each
// moduleResolution of tsconfig.{node16,nodenext,bundler}.json (test/consumer.test.ts). Every
// subpath resolves to its declarations (an unresolved import would be `any` and fail below).
import { ApiError, type ApiResponse, request } from '@specweave/clients';
import { type BeamClient, createBeamClient, type GetTaskStatusResult, getTaskStatus, type Task } from '@specweave/clients/beam';
import { BeamLogsChannel, ChannelError } from '@specweave/clients/beam-logs';
import { BeamRealtimeChannel, type ConnectionState } from '@specweave/clients/beam-realtime';
import { V1ComponentsWorkersConnectChannel } from '@specweave/clients/golem-worker-connect';
import { PrivateClientChannel } from '@specweave/clients/modelbeam';

const client: BeamClient = createBeamClient({ baseUrl: 'http://127.0.0.1:1' });
export async function status(id: string): Promise<Task['status'] | undefined> {
  const result: GetTaskStatusResult = await client.getTaskStatus({ path: { task_id: id } });
  const response: ApiResponse = result;
  return response.status === 200 ? result.data.status : undefined;
}
// @ts-expect-error [TS2345] a path parameter of the wrong type is rejected: the types resolved
void getTaskStatus({ path: { task_id: 42 } });

export const classes: ReadonlyArray<abstract new (...args: never[]) => unknown> = [
  ApiError,
  ChannelError,
  BeamLogsChannel,
  BeamRealtimeChannel,
  V1ComponentsWorkersConnectChannel,
  PrivateClientChannel,
];
export const state: ConnectionState = 'idle';
export const call: typeof request = request;
