/**
 * The page script of test/browser.test.ts, bundled by esbuild for the browser. It uses the
 * generated BeamRealtimeChannel with the browser's own WebSocket (no `WebSocket` option) and
 * the token in the URL (`authTransport: 'query'`; browsers cannot set handshake headers),
 * sends one input and collects what arrives through the typed listener and `for await`,
 * then publishes everything as `window.__result` for the test to read.
 */
import { BeamRealtimeChannel, type BeamRealtimeChannelReceives } from '../../generated/dist/beam-realtime/index.js';

type Output = BeamRealtimeChannelReceives['RealtimeOutput'];

export interface PageResult {
  ok: boolean;
  error?: string;
  url?: string;
  hasGlobalWebSocket?: boolean;
  stateAfterConnect?: string;
  /** Payloads delivered to `onRealtimeOutput`. */
  listened?: Output[];
  /** `{ name, payload }` delivered to `for await (... of channel)`. */
  iterated?: Array<{ name: string; payload: unknown }>;
  /** `$unknown` lifecycle events (the heartbeat must not show up here either). */
  unknown?: unknown[];
  errors?: string[];
}

declare global {
  interface Window {
    __result?: PageResult;
  }
}

async function run(): Promise<PageResult> {
  const channel = new BeamRealtimeChannel({
    url: `ws://${location.host}`,
    auth: { bearerAuth: 'tok' },
    authTransport: 'query',
    reconnect: false,
  });
  const listened: Output[] = [];
  const iterated: Array<{ name: string; payload: unknown }> = [];
  const unknown: unknown[] = [];
  const errors: string[] = [];
  channel.onRealtimeOutput((payload) => listened.push(payload));
  channel.on('$unknown', (event) => unknown.push(event));
  channel.on('$error', (error) => errors.push(error.message));

  // The server answers an input with: ping, {output: input}, ping, {done: true}.
  const iterating = (async () => {
    for await (const { name, payload } of channel) {
      iterated.push({ name, payload });
      if ((payload as { done?: unknown }).done === true) break;
    }
  })();
  await channel.connect();
  const stateAfterConnect = channel.state;
  channel.sendRealtimeInput({ prompt: 'hello from the browser', n: 1 });
  await Promise.race([iterating, new Promise((_, reject) => setTimeout(() => reject(new Error('no {done:true} output within 5 s')), 5000))]);
  const url = channel.url;
  channel.close();
  return { ok: true, url, hasGlobalWebSocket: typeof WebSocket === 'function', stateAfterConnect, listened, iterated, unknown, errors };
}

run().then(
  (result) => (window.__result = result),
  (error: unknown) => (window.__result = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
);
