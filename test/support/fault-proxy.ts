/**
 * A TCP proxy on 127.0.0.1 for fault tests of WebSocket clients: it stands where a load
 * balancer would, in front of a loopback WebSocket server, and decides per incoming TCP
 * connection (= per WebSocket connection attempt) what happens to it:
 *
 * - `'accept'`: piped through to the target;
 * - `{ status }`: the upgrade request is answered with that HTTP status (e.g. 503, 401);
 * - `'hang'`: the request is read and never answered (a stuck upgrade);
 * - `{ rewrite: [from, to] }`: piped through, with `from` replaced by `to` in the request head
 *   (e.g. to make a Pusher server see an unknown app key).
 *
 * The actions for the next attempts are taken from `plan` in order, then `otherwise` applies.
 * Every attempt is recorded with its time (performance.now()) and action.
 */
import { STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

export type UpgradeAction = 'accept' | 'hang' | { readonly status: number } | { readonly rewrite: readonly [string, string] };

export interface ProxyAttempt {
  /** 1-based number of the attempt. */
  n: number;
  /** performance.now() when the TCP connection arrived. */
  at: number;
  action: string;
}

export interface FaultProxy {
  /** ws://127.0.0.1:port */
  url: string;
  port: number;
  /** Actions for the next attempts, consumed in order. */
  plan: UpgradeAction[];
  /** The action once `plan` is empty (default 'accept'). */
  otherwise: UpgradeAction;
  attempts: ProxyAttempt[];
  /** Attempts whose upgrade is being held ('hang'). */
  hanging(): number;
  /** Destroys every proxied connection at the TCP level (the client sees 1006, no close frame). */
  dropAll(): void;
  close(): Promise<void>;
}

function describeAction(action: UpgradeAction): string {
  if (typeof action === 'string') return action;
  if ('status' in action) return `status ${action.status}`;
  return `rewrite ${action.rewrite[0]} -> ${action.rewrite[1]}`;
}

/** Calls `then` with the request head once it has fully arrived (the bytes read so far). */
function onRequestHead(client: Socket, then: (head: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    if (buffered.includes('\r\n\r\n')) {
      client.off('data', onData);
      client.pause();
      then(buffered);
    }
  };
  client.on('data', onData);
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const piped = new Set<Socket>();
  const held = new Set<Socket>();
  const attempts: ProxyAttempt[] = [];
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      piped.delete(socket);
      held.delete(socket);
    });
  };

  const proxy: FaultProxy = {
    url: '',
    port: 0,
    plan: [],
    otherwise: 'accept',
    attempts,
    hanging: () => held.size,
    dropAll() {
      for (const socket of [...piped]) socket.destroy();
    },
    async close() {
      for (const socket of [...sockets]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((client) => {
    track(client);
    const action = proxy.plan.shift() ?? proxy.otherwise;
    attempts.push({ n: attempts.length + 1, at: performance.now(), action: describeAction(action) });
    if (action === 'hang') {
      held.add(client);
      client.resume();
      return;
    }
    if (typeof action === 'object' && 'status' in action) {
      onRequestHead(client, () => {
        const text = STATUS_CODES[action.status] ?? 'Error';
        client.end(`HTTP/1.1 ${action.status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
      });
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    track(upstream);
    piped.add(client);
    piped.add(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    if (action === 'accept') {
      client.pipe(upstream);
      return;
    }
    const [from, to] = action.rewrite;
    onRequestHead(client, (head) => {
      upstream.write(Buffer.from(head.toString('latin1').replace(from, to), 'latin1'));
      client.pipe(upstream);
      client.resume();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  proxy.port = (server.address() as AddressInfo).port;
  proxy.url = `ws://127.0.0.1:${proxy.port}`;
  return proxy;
}
