/**
 * The generated BeamRealtimeChannel in a real browser: headless Chromium (Debian's `chromium`
 * at /usr/bin/chromium, driven by playwright-core; no Playwright-downloaded browser) loads a
 * page whose script is test/browser/page.ts bundled in memory by esbuild. One loopback
 * `node:http` server serves the page and the bundle and also hosts a `ws` WebSocketServer
 * (same origin). The page uses the browser's own WebSocket with `authTransport: 'query'`.
 *
 * Skips, saying why, when /usr/bin/chromium is missing (install: `apt-get install -y chromium`).
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { PageResult } from './browser/page.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`test/browser.test.ts: skipped: ${CHROMIUM} is missing (install it with \`apt-get install -y chromium\`)`);
}

const PING = JSON.stringify({ type: 'ping' });

interface Upgrade {
  url: string;
  headers: IncomingHttpHeaders;
}

describe.skipIf(!hasChromium)('generated channel in headless Chromium', () => {
  let server: Server;
  let wss: WebSocketServer;
  let origin: string;
  let browser: Browser;
  const upgrades: Upgrade[] = [];
  const received: string[] = [];
  let pingsSent = 0;

  beforeAll(async () => {
    const bundled = await build({
      entryPoints: [fileURLToPath(new URL('./browser/page.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const script = bundled.outputFiles[0]!.text;
    // The bundle must not have pulled in anything Node-only.
    expect(script).not.toMatch(/\bfrom\s*["']node:|require\(["']ws["']\)/);

    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><meta charset="utf-8"><title>specweave</title><script type="module" src="/page.js"></script>');
      } else if (path === '/page.js') {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        response.end(script);
      } else {
        response.writeHead(404).end();
      }
    });
    wss = new WebSocketServer({
      server,
      verifyClient: (info, done) => {
        upgrades.push({ url: info.req.url ?? '', headers: info.req.headers });
        const token = new URL(info.req.url ?? '/', 'http://x').searchParams.get('auth_token');
        if (token === 'tok' || info.req.headers.authorization === 'Bearer tok') done(true);
        else done(false, 401, 'Unauthorized');
      },
    });
    // Like Beam: each input is answered with a heartbeat, the output, another heartbeat, then
    // a final output that tells the page it has seen everything.
    wss.on('connection', (socket) => {
      socket.on('error', () => undefined);
      socket.on('message', (data) => {
        const text = data.toString();
        received.push(text);
        socket.send(PING);
        socket.send(JSON.stringify({ output: JSON.parse(text) as unknown }));
        socket.send(PING);
        socket.send(JSON.stringify({ done: true }));
        pingsSent += 2;
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // `launch` gives the browser a fresh temporary profile of its own (and deletes it on close).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 15_000,
    });
  });

  afterAll(async () => {
    await browser?.close();
    for (const socket of wss?.clients ?? []) socket.terminate();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('connects with the token as ?auth_token, sends, receives typed output via listener and for-await, drops the ping heartbeat', async () => {
    const page = await browser.newPage();
    const logs: string[] = [];
    page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => window.__result !== undefined, undefined, { timeout: 8000 });
      const result = (await page.evaluate(() => window.__result)) as PageResult;
      expect(result, logs.join('\n')).toMatchObject({ ok: true });

      // Browsers cannot set headers: the token travelled in the query, and only there.
      expect(upgrades).toHaveLength(1);
      expect(upgrades[0]!.url).toBe('/?auth_token=tok');
      expect(upgrades[0]!.headers.authorization).toBeUndefined();
      expect(upgrades[0]!.headers.origin).toBe(origin);
      expect(result.url).toBe(`ws://127.0.0.1:${new URL(origin).port}/`);
      expect(result.hasGlobalWebSocket).toBe(true);
      expect(result.stateAfterConnect).toBe('open');

      // The server got the input as JSON.
      expect(received.map((text) => JSON.parse(text) as unknown)).toEqual([{ prompt: 'hello from the browser', n: 1 }]);

      // The page got the typed output through the listener and through `for await`, and no heartbeat.
      expect(pingsSent).toBe(2);
      const output = { output: { prompt: 'hello from the browser', n: 1 } };
      expect(result.listened).toEqual([output, { done: true }]);
      expect(result.iterated).toEqual([
        { name: 'RealtimeOutput', payload: output },
        { name: 'RealtimeOutput', payload: { done: true } },
      ]);
      expect(result.unknown).toEqual([]);
      expect(result.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
