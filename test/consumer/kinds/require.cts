// A CommonJS TypeScript file (`.cts`): `require` of the ESM package, type-checked under
// `module: nodenext` (TypeScript 5.8+ models Node's require of ES modules).
import beam = require('@specweave/clients/beam');
import logs = require('@specweave/clients/beam-logs');

export const client: beam.BeamClient = beam.createBeamClient({ baseUrl: 'http://127.0.0.1:1' });
export const channel: typeof logs.BeamLogsChannel = logs.BeamLogsChannel;
// @ts-expect-error [TS2345] the types resolved: a wrong argument is an error
void beam.getTaskStatus({ path: { task_id: 42 } });
