// A CommonJS consumer: `require()` of every subpath of the ESM package (Node 20.19+ loads ES
// modules without top-level await synchronously, through the `default` export condition), then
// one REST call against a loopback server. Prints one JSON line; driven by test/consumer.test.ts.
'use strict';
const http = require('node:http');

const root = require('@specweave/clients');
const beam = require('@specweave/clients/beam');
const logs = require('@specweave/clients/beam-logs');
const realtime = require('@specweave/clients/beam-realtime');
const golem = require('@specweave/clients/golem-worker-connect');
const modelbeam = require('@specweave/clients/modelbeam');

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ task_id: 'cjs-1', status: 'COMPLETE', path: req.url, authorization: req.headers.authorization ?? null }));
});
server.listen(0, '127.0.0.1', async () => {
  try {
    const { port } = server.address();
    const base = `http://127.0.0.1:${port}`;
    const client = beam.createBeamClient({ baseUrl: { app: base, api: base }, auth: { bearerAuth: 'cjs-token' } });
    const { status, data } = await client.getTaskStatus({ path: { task_id: 'cjs 1' } });
    let error;
    try {
      await beam.getTaskStatus({ path: {} }, { baseUrl: { app: base, api: base } });
    } catch (e) {
      error = { name: e.name, sameClass: e instanceof root.RequestValidationError };
    }
    process.stdout.write(
      `${JSON.stringify({
        status,
        data,
        error,
        exports: {
          root: typeof root.request,
          beam: typeof beam.createBeamClient,
          logs: typeof logs.BeamLogsChannel,
          realtime: typeof realtime.BeamRealtimeChannel,
          golem: typeof golem.V1ComponentsWorkersConnectChannel,
          modelbeam: typeof modelbeam.PrivateClientChannel,
          // One runtime module behind every subpath: its classes are the same objects (a
          // channel-only subpath has no ApiError, but the shared RequestValidationError).
          sharedApiError:
            beam.ApiError === root.ApiError &&
            logs.ApiError === undefined &&
            logs.RequestValidationError === root.RequestValidationError &&
            beam.RequestValidationError === root.RequestValidationError,
        },
      })}\n`,
    );
  } finally {
    server.close();
  }
});
