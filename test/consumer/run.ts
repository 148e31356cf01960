// Runs the TypeScript consumer (src/app.ts) against loopback servers and prints one JSON line:
// what the consumer saw and what the servers received. Run from the repository root:
//   node --import tsx test/consumer/run.ts
import { startPusherServer } from '../support/pusher-server.js';
import { startServers } from './servers.mjs';
import { runTypedConsumer } from './src/app.js';

const watchdog = setTimeout(() => {
  process.stderr.write('consumer run.ts: timed out after 20 s\n');
  process.exit(3);
}, 20_000);
watchdog.unref();

const servers = await startServers();
const pusher = await startPusherServer({ appId: '1001', key: 'modelbeam-prod-key', secret: 'consumer-secret' });
try {
  const consumer = await runTypedConsumer({
    httpUrl: servers.httpUrl,
    wsUrl: servers.wsUrl,
    pusher: { url: pusher.url, authEndpoint: pusher.authEndpoint, trigger: (channel, event, data) => pusher.trigger(channel, event, data) },
  });
  const received = {
    http: servers.http.map(({ method, path, authorization, contentType, consumer: who, body }) => ({
      method,
      path,
      authorization,
      contentType,
      consumer: who,
      body,
    })),
    sockets: servers.sockets,
    pusherAuth: pusher.authRequests.map(({ channel_name, authorization }) => ({ channel_name, authorization: authorization ?? null })),
    pusherSubscriptions: pusher.received.filter((f) => f.event === 'pusher:subscribe').length,
  };
  process.stdout.write(`${JSON.stringify({ consumer, received })}\n`);
} finally {
  await pusher.close();
  await servers.close();
}
