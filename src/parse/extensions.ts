import type { Channel, Heartbeat, Operation, Poll, PusherServer, Server } from '../model/ir.js';
import { HEARTBEAT_SECONDS, type ParseContext, TIMEOUT_SECONDS } from './context.js';
import { isRecord } from './schema.js';

type Path = ReadonlyArray<string | number>;

/** Where an extension may stand. */
export type ExtensionPlace =
  | 'info'
  | 'openapi-server'
  | 'openapi-operation'
  | 'asyncapi-server'
  | 'asyncapi-channel'
  | 'asyncapi-operation'
  | 'asyncapi-message';

/** One of our `x-` fields: what it looks like, where it may stand, what it does, and which reader reads it. */
export interface Extension {
  name: string;
  /** How it is written (the README's first column). */
  syntax: string;
  places: readonly ExtensionPlace[];
  /** The README's `where` column. */
  where: string;
  /** The README's `meaning` column. */
  meaning: string;
  /** The function of this module (or the place in the builders) that reads it. */
  readBy: string;
}

/**
 * Every extension specweave reads, in the README's order; test/extensions.test.ts checks the
 * README's table against this one. An `x-specweave-*` field not listed for its place is
 * reported as a warning (it does nothing there).
 */
export const EXTENSIONS: readonly Extension[] = [
  {
    name: 'x-specweave-pusher',
    syntax: 'x-specweave-pusher: { protocolVersion: 7, appKey, authEndpoint }',
    places: ['asyncapi-server'],
    where: 'server',
    meaning:
      'the server speaks the Pusher Channels protocol; the generated class connects to `/app/{appKey}`, authorises private channels at `authEndpoint`, and subscribes to the channel address',
    readBy: 'serverExtensions → readPusher',
  },
  {
    name: 'x-specweave-pusher-event',
    syntax: 'x-specweave-pusher-event: <event>',
    places: ['asyncapi-message'],
    where: 'message',
    meaning: "the Pusher event name of the message (default: the message's `name`)",
    readBy: 'messageExtensions',
  },
  {
    name: 'x-specweave-heartbeat',
    syntax: 'x-specweave-heartbeat: { direction, intervalSeconds, timeoutSeconds?, kind?, message? }',
    places: ['asyncapi-server', 'asyncapi-channel'],
    where: 'server or channel',
    meaning: 'who pings and how often; `kind` is `websocket-ping`, `message` (with the JSON `message`) or `protocol`',
    readBy: 'serverExtensions, channelExtensions → readHeartbeat',
  },
  {
    name: 'x-specweave-auth-query',
    syntax: 'x-specweave-auth-query: <name>',
    places: ['asyncapi-server'],
    where: 'server',
    meaning: 'the server also accepts the bearer token as this query parameter (browsers cannot set WebSocket headers)',
    readBy: 'serverExtensions',
  },
  {
    name: 'x-specweave-resend-on-reconnect',
    syntax: 'x-specweave-resend-on-reconnect: <message>',
    places: ['asyncapi-channel'],
    where: 'channel',
    meaning: "a message the client sends again after every reconnect (Beam logs' `LOGS_ADD_STREAM`)",
    readBy: 'channelExtensions',
  },
  {
    name: 'x-specweave-reply',
    syntax: 'x-specweave-reply: { messages: [<message>, …] }',
    places: ['asyncapi-operation', 'asyncapi-message'],
    where: '2.x `publish` operation (each of its messages) or one of its messages',
    meaning:
      "the subscribe messages that answer it, as AsyncAPI 3's `reply.messages` (2.x has no `reply`): the message gets a request method resolving with its reply, correlated by the messages' `correlationId` where both have one",
    readBy: 'AsyncApiBuilder.replies2',
  },
  {
    name: 'x-origin',
    syntax: 'x-origin',
    places: ['info'],
    where: '`info`',
    meaning: 'where the document came from (seed, source URL, how it was restored or written)',
    readBy: 'OpenApiBuilder.build (model.source.origin, the package README)',
  },
  {
    name: 'x-name',
    syntax: 'x-name',
    places: ['openapi-server'],
    where: 'OpenAPI server',
    meaning: 'the key users override that server by (default: from the host, `api.beam.cloud` → `api`)',
    readBy: 'ServerKeys.keyFor',
  },
  {
    name: 'x-specweave-timeout-seconds',
    syntax: 'x-specweave-timeout-seconds: <n>',
    places: ['openapi-operation'],
    where: 'OpenAPI operation',
    meaning: "the operation's default timeout",
    readBy: 'operationExtensions',
  },
  {
    name: 'x-specweave-poll',
    syntax: 'x-specweave-poll: { name?, until: { field, values } }',
    places: ['openapi-operation'],
    where: 'OpenAPI operation',
    meaning: 'generate a poller that calls the operation until `field` holds one of `values`',
    readBy: 'operationExtensions → readPoll',
  },
];

/** An `x-specweave-*` field that is not ours at this place does nothing: said as a warning. */
function warnUnknown(ctx: ParseContext, place: ExtensionPlace, value: Record<string, unknown>, at: Path): void {
  for (const key of Object.keys(value)) {
    if (!key.startsWith('x-specweave-')) continue;
    const known = EXTENSIONS.find((e) => e.name === key);
    if (known?.places.includes(place)) continue;
    const where = known ? ` here (it belongs on: ${known.where})` : '';
    ctx.warn([...at, key], `${key} is not a specweave extension${where}; it is ignored`);
  }
}

/** An AsyncAPI server's extensions. */
export function serverExtensions(ctx: ParseContext, s: Record<string, unknown>, at: Path): Pick<Server, 'pusher' | 'heartbeat' | 'authQueryParameter'> {
  warnUnknown(ctx, 'asyncapi-server', s, at);
  const out: Pick<Server, 'pusher' | 'heartbeat' | 'authQueryParameter'> = {};
  const pusher = readPusher(ctx, s['x-specweave-pusher'], [...at, 'x-specweave-pusher']);
  if (pusher) out.pusher = pusher;
  const heartbeat = readHeartbeat(ctx, s['x-specweave-heartbeat'], [...at, 'x-specweave-heartbeat']);
  if (heartbeat) out.heartbeat = heartbeat;
  const query = ctx.optionalString(s['x-specweave-auth-query'], [...at, 'x-specweave-auth-query'], 'x-specweave-auth-query');
  if (query !== undefined) out.authQueryParameter = query;
  return out;
}

/** An AsyncAPI channel's extensions. */
export function channelExtensions(ctx: ParseContext, c: Record<string, unknown>, at: Path): Pick<Channel, 'heartbeat' | 'resendOnReconnect'> {
  warnUnknown(ctx, 'asyncapi-channel', c, at);
  const out: Pick<Channel, 'heartbeat' | 'resendOnReconnect'> = {};
  const heartbeat = readHeartbeat(ctx, c['x-specweave-heartbeat'], [...at, 'x-specweave-heartbeat']);
  if (heartbeat) out.heartbeat = heartbeat;
  const resend = ctx.optionalString(c['x-specweave-resend-on-reconnect'], [...at, 'x-specweave-resend-on-reconnect'], 'x-specweave-resend-on-reconnect');
  if (resend !== undefined) out.resendOnReconnect = resend;
  return out;
}

/** An AsyncAPI message's extensions: its Pusher event name, if given. */
export function messageExtensions(ctx: ParseContext, m: Record<string, unknown>, at: Path): { pusherEvent?: string } {
  warnUnknown(ctx, 'asyncapi-message', m, at);
  const event = ctx.optionalString(m['x-specweave-pusher-event'], [...at, 'x-specweave-pusher-event'], 'x-specweave-pusher-event');
  return event === undefined ? {} : { pusherEvent: event };
}

/** An OpenAPI operation's extensions. */
export function operationExtensions(ctx: ParseContext, op: Record<string, unknown>, at: Path): Pick<Operation, 'timeoutMs' | 'poll'> {
  warnUnknown(ctx, 'openapi-operation', op, at);
  const out: Pick<Operation, 'timeoutMs' | 'poll'> = {};
  if (op['x-specweave-timeout-seconds'] !== undefined) {
    const seconds = ctx.seconds(op['x-specweave-timeout-seconds'], [...at, 'x-specweave-timeout-seconds'], 'x-specweave-timeout-seconds', TIMEOUT_SECONDS);
    out.timeoutMs = Math.round(seconds * 1000);
  }
  const poll = readPoll(ctx, op['x-specweave-poll'], [...at, 'x-specweave-poll']);
  if (poll) out.poll = poll;
  return out;
}

/** `x-specweave-pusher`: marks a server that speaks the Pusher Channels protocol (version 7 only). */
function readPusher(ctx: ParseContext, value: unknown, path: Path): PusherServer | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) ctx.fail(path, 'x-specweave-pusher must be a mapping with appKey (and authEndpoint, protocolVersion)');
  const protocolVersion = value['protocolVersion'] === undefined ? 7 : ctx.number(value['protocolVersion'], [...path, 'protocolVersion'], 'protocolVersion');
  if (protocolVersion !== 7) ctx.fail([...path, 'protocolVersion'], `Pusher protocol version ${protocolVersion} is not supported (specweave speaks 7)`);
  const result: PusherServer = { appKey: ctx.string(value['appKey'], [...path, 'appKey'], 'x-specweave-pusher.appKey') };
  const authEndpoint = ctx.optionalString(value['authEndpoint'], [...path, 'authEndpoint'], 'x-specweave-pusher.authEndpoint');
  if (authEndpoint !== undefined) result.authEndpoint = authEndpoint;
  return result;
}

/** `x-specweave-heartbeat`: who pings, how often, and how long a reply may take. */
function readHeartbeat(ctx: ParseContext, value: unknown, path: Path): Heartbeat | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) ctx.fail(path, 'x-specweave-heartbeat must be a mapping with direction and intervalSeconds');
  const direction = value['direction'];
  if (direction !== 'client' && direction !== 'server') ctx.fail([...path, 'direction'], 'x-specweave-heartbeat.direction must be "client" or "server"');
  const kindValue = value['kind'];
  const kind: Heartbeat['kind'] =
    kindValue === 'websocket-ping' || kindValue === 'message' || kindValue === 'protocol'
      ? kindValue
      : kindValue === undefined
        ? value['message'] !== undefined
          ? 'message'
          : 'protocol'
        : ctx.fail([...path, 'kind'], 'x-specweave-heartbeat.kind must be "websocket-ping", "message" or "protocol"');
  const result: Heartbeat = {
    direction,
    kind,
    intervalSeconds: ctx.seconds(value['intervalSeconds'], [...path, 'intervalSeconds'], 'x-specweave-heartbeat.intervalSeconds', HEARTBEAT_SECONDS),
  };
  if (value['timeoutSeconds'] !== undefined) {
    result.timeoutSeconds = ctx.seconds(value['timeoutSeconds'], [...path, 'timeoutSeconds'], 'x-specweave-heartbeat.timeoutSeconds', HEARTBEAT_SECONDS);
  }
  if (value['message'] !== undefined) result.message = value['message'];
  return result;
}

/** `x-specweave-poll: { name?, until: { field, values } }`. */
function readPoll(ctx: ParseContext, value: unknown, at: Path): Poll | undefined {
  if (value === undefined) return undefined;
  const shape = 'x-specweave-poll must be a mapping with until: { field, values } (and optionally name)';
  if (!isRecord(value)) ctx.fail(at, shape);
  const until = value['until'];
  if (!isRecord(until)) ctx.fail([...at, 'until'], shape);
  const field = ctx.string(until['field'], [...at, 'until', 'field'], 'x-specweave-poll.until.field');
  const values = until['values'];
  const primitive = (v: unknown): v is string | number | boolean | null =>
    v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (!Array.isArray(values) || values.length === 0 || !values.every(primitive)) {
    ctx.fail([...at, 'until', 'values'], 'x-specweave-poll.until.values must be a non-empty list of strings, numbers or booleans');
  }
  const poll: Poll = { field, values: values as Poll['values'] };
  const name = ctx.optionalString(value['name'], [...at, 'name'], 'x-specweave-poll.name');
  if (name !== undefined) poll.name = name;
  return poll;
}
