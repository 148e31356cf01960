// Runs the plain JavaScript consumer (src/plain.mjs) with plain `node` against the loopback
// servers and prints one JSON line. Run from anywhere: `node test/consumer/run.mjs`.
import { startServers } from './servers.mjs';
import { runPlainConsumer } from './src/plain.mjs';

const watchdog = setTimeout(() => {
  process.stderr.write('consumer run.mjs: timed out after 20 s\n');
  process.exit(3);
}, 20_000);
watchdog.unref();

const servers = await startServers();
try {
  const consumer = await runPlainConsumer({ httpUrl: servers.httpUrl, wsUrl: servers.wsUrl });
  const received = {
    http: servers.http.map(({ method, path, authorization, consumer: who }) => ({ method, path, authorization, consumer: who })),
    sockets: servers.sockets.map(({ path, authorization, received: frames }) => ({ path, authorization, received: frames })),
  };
  process.stdout.write(`${JSON.stringify({ consumer, received })}\n`);
} finally {
  await servers.close();
}
