import { resolveLocal } from '../load/check-refs.js';
import type { LoadedDocument } from '../load/index.js';
import { escapeSegment as escapePointer, unescapeSegment } from '../load/json-pointer.js';
import type { ApiModel, Channel, ChannelParameter, Message, Schema, SecurityRequirement, SecurityScheme, Server } from '../model/ir.js';
import { isPusherChannel } from '../model/pusher.js';
import { uniqueName } from '../model/unique-name.js';
import { ParseContext } from './context.js';
import { dispatchRules } from './dispatch.js';
import { channelExtensions, messageExtensions, serverExtensions } from './extensions.js';
import type { Parsed } from './index.js';
import { isRecord, SchemaConverter } from './schema.js';

type Path = Array<string | number>;

/**
 * Builds the model from an AsyncAPI 2.x or 3.x document describing a server; the model speaks
 * from its client's side. In 2.x a channel's `publish` is what clients publish (the client
 * sends) and `subscribe` what they subscribe to (the client receives). In 3.x an operation is
 * the described application's own: what it `receive`s the client sends, what it `send`s the
 * client receives (this is how @asyncapi/converter maps 2.x documents to 3.0).
 */
export function parseAsyncApi(name: string, doc: LoadedDocument, perspective?: 'server' | 'client'): Parsed {
  const builder = new AsyncApiBuilder(name, doc, perspective);
  return { model: builder.build(), warnings: builder.ctx.warnings.list };
}

/** Message names and constant values of a request a client makes (subscribe, ping, login…), as a word of a name. */
const REQUEST_LIKE = /^(?:sub|subscribe|unsub|unsubscribe|ping|auth|authenticate|authorize|login)(?![a-z])/;

/** Whether a name or value begins with a client request's word (`subscribe`, `SubscribeTrades`, `PING`, `ping_1`). */
function requestWord(value: string): boolean {
  const text = value === value.toUpperCase() ? value.toLowerCase() : value.charAt(0).toLowerCase() + value.slice(1);
  return REQUEST_LIKE.test(text);
}

class AsyncApiBuilder {
  readonly ctx: ParseContext;
  private readonly data: Record<string, unknown>;
  private readonly v3: boolean;
  private readonly schemas: SchemaConverter;

  /** The document describes the client application (config `perspective: 'client'`): its send is the client's. */
  private readonly clientSide: boolean;

  constructor(
    private readonly name: string,
    private readonly doc: LoadedDocument,
    private readonly perspective?: 'server' | 'client',
  ) {
    this.clientSide = perspective === 'client';
    this.ctx = new ParseContext(doc);
    this.data = doc.resolved;
    this.v3 = doc.version.startsWith('3.');
    this.schemas = new SchemaConverter(this.data, '#/components/schemas/', this.ctx.warnings);
  }

  build(): ApiModel {
    const info = isRecord(this.data['info']) ? this.data['info'] : {};
    const servers = this.servers();
    const securitySchemes = this.securitySchemes();
    this.checkSecurity(servers, securitySchemes);
    const schemas = this.namedSchemas(); // before channels: dispatch rules look payloads up by name
    const model: ApiModel = {
      name: this.name,
      title: typeof info['title'] === 'string' ? info['title'] : this.name,
      version: typeof info['version'] === 'string' ? info['version'] : '',
      source: { file: this.doc.file, kind: 'asyncapi', version: this.doc.version },
      servers,
      securitySchemes,
      security: [],
      schemas,
      operations: [],
      channels: this.v3 ? this.channels3(servers) : this.channels2(servers),
    };
    if (this.perspective === undefined) this.checkPerspective(model.channels);
    if (typeof info['description'] === 'string') model.description = info['description'];
    if (info['x-origin'] !== undefined) model.source.origin = info['x-origin'];
    model.schemas.push(...this.schemas.hoisted);
    return model;
  }

  // ------------------------------------------------------------------ servers

  private servers(): Server[] {
    const container = this.data['servers'];
    if (!isRecord(container)) return [];
    const out: Server[] = [];
    for (const key of Object.keys(container)) {
      const at: Path = ['servers', key];
      const s = this.deref(container[key]);
      const where = this.v3 ? 'host' : 'url';
      if (!isRecord(s) || typeof s[where] !== 'string') {
        this.ctx.warn(at, `server "${key}" must be a mapping with a ${where}; it is left out`);
        continue;
      }
      const raw = s[where] as string;
      let protocol = typeof s['protocol'] === 'string' ? s['protocol'].toLowerCase() : undefined;
      if (protocol === undefined && !(!this.v3 && /^[a-z][a-z0-9+.-]*:\/\//i.test(raw))) {
        this.ctx.warn([...at, 'protocol'], `server "${key}" has no protocol; wss is assumed`);
      }
      protocol ??= 'wss';
      if (protocol !== 'ws' && protocol !== 'wss' && !(!this.v3 && /^wss?:\/\//i.test(raw))) {
        // Only WebSocket servers become channel classes (an upgrade to an HTTP-streaming, MQTT
        // or Kafka server would fail at run time).
        this.otherProtocol.set(key, protocol);
        this.ctx.warn(
          [...at, 'protocol'],
          `server "${key}" uses protocol "${protocol}"; only ws and wss servers become WebSocket clients, so it is left out (and so are channels only on such servers)`,
        );
        continue;
      }
      let url: string;
      if (this.v3) {
        const pathname = typeof s['pathname'] === 'string' ? s['pathname'] : '';
        url = `${protocol}://${raw}${pathname}`;
      } else {
        url = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${protocol}://${raw}`;
      }
      const server: Server = { key, url: url.replace(/\/+$/, ''), variables: this.ctx.serverVariables(s['variables'], [...at, 'variables']) };
      if (typeof s['description'] === 'string') server.description = s['description'];
      const security = this.security(s['security']);
      if (security) server.security = security;
      Object.assign(server, serverExtensions(this.ctx, s, at));
      out.push(server);
    }
    return out;
  }

  /** 2.x: a list of requirement maps; 3.x: a list of (references to) security schemes. */
  private security(value: unknown): SecurityRequirement[] | undefined {
    if (!Array.isArray(value)) return undefined;
    return value.map((entry) => {
      if (isRecord(entry) && typeof entry['$ref'] === 'string') return [entry['$ref'].split('/').pop() ?? ''];
      return isRecord(entry) ? Object.keys(entry) : [];
    });
  }

  private securitySchemes(): SecurityScheme[] {
    const components = isRecord(this.data['components']) ? this.data['components'] : {};
    const container = components['securitySchemes'];
    if (!isRecord(container)) return [];
    const out: SecurityScheme[] = [];
    for (const name of Object.keys(container)) {
      const s = this.deref(container[name]);
      const scheme = isRecord(s) ? this.ctx.securityScheme(name, s, ['components', 'securitySchemes', name]) : undefined;
      if (scheme) out.push(scheme);
    }
    return out;
  }

  /**
   * Every scheme a server names is one the channel runtime applies (bearer, basic and
   * userPassword, OAuth2/OpenID Connect tokens as bearer, apiKey/httpApiKey in a header, the
   * query or a cookie), or a warning naming it: never a silent drop.
   */
  private checkSecurity(servers: Server[], schemes: SecurityScheme[]): void {
    const components = isRecord(this.data['components']) ? this.data['components'] : {};
    const declared = isRecord(components['securitySchemes']) ? components['securitySchemes'] : {};
    for (const server of servers) {
      for (const name of new Set((server.security ?? []).flat())) {
        const scheme = schemes.find((s) => s.name === name);
        const raw = this.deref(declared[name]);
        let problem: string | undefined;
        if (!Object.hasOwn(declared, name)) problem = 'is not declared in components.securitySchemes';
        else if (!scheme) {
          const type = isRecord(raw) ? raw['type'] : undefined;
          const where = isRecord(raw) && raw['in'] !== undefined ? ` in ${JSON.stringify(raw['in'])}` : '';
          problem = `(type ${JSON.stringify(type)}${where}) is not one the channel runtime can apply`;
        } else if (scheme.type === 'http' && scheme.scheme !== 'bearer' && scheme.scheme !== 'basic')
          problem = `(http scheme ${JSON.stringify(scheme.scheme)}) is not one the channel runtime can apply (bearer and basic are)`;
        else if (server.pusher && scheme.type === 'apiKey' && scheme.in !== 'header')
          problem = `(apiKey in ${scheme.in}) cannot be sent by a Pusher client (its channel authorisation takes headers only)`;
        if (problem)
          this.ctx.warn(
            ['servers', server.key, 'security'],
            `server "${server.key}": security scheme "${name}" ${problem}; no credential is sent for it, and a security alternative that needs it is never used`,
          );
      }
    }
  }

  /**
   * A document written from the client's side reads inverted: the client would receive its
   * own requests (subscribe, ping, login…) and send nothing of the kind, or (3.x) every
   * operation is `send`, or a `send` operation awaits a reply. Such a document gets a warning
   * naming the config option (`perspective`); setting it either way silences it.
   */
  private checkPerspective(channels: Channel[]): void {
    const requestLike = (m: Message): boolean =>
      [m.name, m.title, ...constantStrings(this.resolvePayload(m.payload))].some((v) => typeof v === 'string' && requestWord(v));
    let reason: string | undefined;
    const received = channels.flatMap((c) => c.receive.filter(requestLike).map((m) => m.name));
    if (received.length > 0 && !channels.some((c) => c.send.some(requestLike)))
      reason = `the client would receive requests (${received.slice(0, 3).join(', ')}) and send none`;
    if (!reason && this.v3) {
      const operations = isRecord(this.data['operations']) ? Object.values(this.data['operations']).filter(isRecord) : [];
      if (operations.length > 0 && operations.every((op) => op['action'] === 'send')) reason = 'every operation is `send`, so the client could send nothing';
      else if (operations.some((op) => op['action'] === 'send' && op['reply'] !== undefined))
        reason = 'a `send` operation awaits a reply, as a client request does';
    }
    if (reason) {
      this.ctx.warn(
        this.v3 ? ['operations'] : ['channels'],
        `the document looks written from the client application's side (${reason}). If it is, set "perspective": "client" on this API in the config, and send and receive are taken as the client's; "perspective": "server" keeps them as they are and silences this warning`,
      );
    }
  }

  // ----------------------------------------------------------------- channels

  private channels2(servers: Server[]): Channel[] {
    const container = this.data['channels'];
    if (!isRecord(container)) return [];
    const out: Channel[] = [];
    for (const address of Object.keys(container)) {
      const at: Path = ['channels', address];
      const c = this.deref(container[address]);
      if (!isRecord(c)) {
        this.ctx.warn(at, `channel "${address}" must be a mapping; it is left out`);
        continue;
      }
      if (this.onlyOtherProtocols(c, address, at, servers)) continue;
      // 2.x `publish` is what others send to the described application: the client sends it
      // when the document describes the server, receives it when it describes the client.
      const pub = isRecord(c['publish']) ? c['publish'] : undefined;
      const sub = isRecord(c['subscribe']) ? c['subscribe'] : undefined;
      const publish = this.clientSide ? sub : pub;
      const subscribe = this.clientSide ? pub : sub;
      const publishKey = this.clientSide ? 'subscribe' : 'publish';
      const subscribeKey = this.clientSide ? 'publish' : 'subscribe';
      const channel = this.channelBase(address, address, c, at, servers);
      channel.send = publish ? this.operationMessages(publish['message'], [...at, publishKey, 'message'], publish['operationId']) : [];
      channel.receive = subscribe ? this.operationMessages(subscribe['message'], [...at, subscribeKey, 'message'], subscribe['operationId']) : [];
      if (publish) this.replies2(channel, publish, [...at, publishKey]);
      if (publish && typeof publish['operationId'] === 'string') channel.sendOperation = publish['operationId'];
      if (subscribe && typeof subscribe['operationId'] === 'string') channel.receiveOperation = subscribe['operationId'];
      if (!channel.description) {
        const summary = (subscribe ?? publish)?.['summary'];
        if (typeof summary === 'string') channel.summary = summary;
      }
      out.push(channel);
    }
    return this.mergeByAddress(out).map((channel) => this.finishChannel(channel, servers));
  }

  /**
   * 2.x has no `reply`: `x-specweave-reply: { messages: [...] }` on a `publish` operation (for
   * each of its messages) or on one of its messages names the subscribe messages that answer it.
   */
  private replies2(channel: Channel, publish: Record<string, unknown>, at: Path): void {
    const value = publish['message'];
    const list = isRecord(value) && Array.isArray(value['oneOf']) ? value['oneOf'] : value === undefined ? [] : [value];
    const operationLevel = publish['x-specweave-reply'];
    list.forEach((raw, i) => {
      const resolved = this.deref(raw);
      const own = isRecord(resolved) ? resolved['x-specweave-reply'] : undefined;
      const reply = own ?? operationLevel;
      if (reply === undefined) return;
      const where: Path =
        own !== undefined
          ? [...at, 'message', ...(list.length > 1 || Array.isArray((value as Record<string, unknown>)['oneOf']) ? ['oneOf', i] : []), 'x-specweave-reply']
          : [...at, 'x-specweave-reply'];
      const request = channel.send.find((m) => this.sources.get(m) === resolved);
      if (!isRecord(reply) || !Array.isArray(reply['messages'])) {
        this.ctx.warn(where, 'x-specweave-reply must be a mapping with a list of messages; it is ignored');
        return;
      }
      if (!request) return;
      const replies = this.addUnique(
        channel.receive,
        reply['messages'].flatMap((m, j) => this.message(m, [...where, 'messages', j], publish['operationId']) ?? []),
      );
      if (replies.length > 0)
        (channel.requests ??= []).push({ request, replies, ...(typeof publish['operationId'] === 'string' ? { operation: publish['operationId'] } : {}) });
    });
  }

  /** Adds messages not already in the list (the same message object of the spec); returns the list's entries for all of them. */
  private addUnique(list: Message[], messages: Message[]): Message[] {
    return messages.map((m) => {
      const source = this.sources.get(m);
      const existing = list.find((x) => x === m || (source !== undefined && this.sources.get(x) === source));
      if (existing) return existing;
      list.push(m);
      return m;
    });
  }

  /**
   * Channels on the same servers and address share one socket: one channel (and class) whose
   * messages are the union of theirs (AsyncAPI 3 lets several channels share an address).
   * Reply-only channels (no operation of their own) merge too, or are left out when empty.
   */
  private mergeByAddress(channels: Channel[]): Channel[] {
    const groups = new Map<string, Channel>();
    const out: Channel[] = [];
    for (const channel of channels) {
      // `ping` and `/ping` (or `` and `/`) give the same URL; a trailing slash does not.
      const key = JSON.stringify([channel.address.replace(/^\/+/, ''), [...channel.servers].sort()]);
      const into = groups.get(key);
      if (!into) {
        groups.set(key, channel);
        out.push(channel);
        continue;
      }
      into.merged ??= [into.id];
      into.merged.push(channel.id);
      const same = (a: Message, b: Message): boolean => a === b || (this.sources.get(a) !== undefined && this.sources.get(a) === this.sources.get(b));
      for (const p of channel.parameters) if (!into.parameters.some((q) => q.name === p.name)) into.parameters.push(p);
      const send = this.addUnique(into.send, channel.send);
      const receive = this.addUnique(into.receive, channel.receive);
      const mapped = (m: Message): Message => send[channel.send.indexOf(m)] ?? receive[channel.receive.indexOf(m)] ?? into.receive.find((x) => same(x, m)) ?? m;
      for (const r of channel.requests ?? []) (into.requests ??= []).push({ ...r, request: mapped(r.request), replies: r.replies.map(mapped) });
      if (into.sendOperation === undefined && channel.sendOperation !== undefined) into.sendOperation = channel.sendOperation;
      if (into.receiveOperation === undefined && channel.receiveOperation !== undefined) into.receiveOperation = channel.receiveOperation;
      if (into.heartbeat === undefined && channel.heartbeat !== undefined) into.heartbeat = channel.heartbeat;
      if (into.resendOnReconnect === undefined && channel.resendOnReconnect !== undefined) into.resendOnReconnect = channel.resendOnReconnect;
      if (!into.description && channel.description) into.description = channel.description;
    }
    return out.filter((c) => !(this.replyChannels.has(c.id) && c.merged === undefined && c.send.length === 0 && c.receive.length === 0));
  }

  private channels3(servers: Server[]): Channel[] {
    const container = this.data['channels'];
    if (!isRecord(container)) return [];
    const operations = isRecord(this.data['operations']) ? this.data['operations'] : {};
    const out: Channel[] = [];
    for (const id of Object.keys(container)) {
      const at: Path = ['channels', id];
      const c = this.deref(container[id]);
      if (!isRecord(c)) {
        this.ctx.warn(at, `channel "${id}" must be a mapping; it is left out`);
        continue;
      }
      if (this.onlyOtherProtocols(c, id, at, servers)) continue;
      const address = typeof c['address'] === 'string' ? c['address'] : id;
      const channel = this.channelBase(id, address, c, at, servers);
      const channelMessages = isRecord(c['messages']) ? c['messages'] : {};
      for (const opName of Object.keys(operations)) {
        const op = operations[opName];
        if (!isRecord(op) || !isRecord(op['channel']) || op['channel']['$ref'] !== `#/channels/${escapePointer(id)}`) continue;
        const refs = Array.isArray(op['messages'])
          ? op['messages']
          : Object.keys(channelMessages).map((k) => ({ $ref: `#/channels/${escapePointer(id)}/messages/${escapePointer(k)}` }));
        const messages = refs.flatMap((ref, i) => this.message(ref, ['operations', opName, 'messages', i], opName) ?? []);
        const replies = this.reply3(op['reply'], ['operations', opName, 'reply'], opName);
        // The described application's `receive` is what the client sends, unless it is the client.
        const clientSends = this.clientSide ? 'send' : 'receive';
        const clientReceives = this.clientSide ? 'receive' : 'send';
        if (op['action'] === clientSends) {
          const sent = this.addUnique(channel.send, messages);
          channel.sendOperation ??= opName;
          // The server answers on the socket the request went on: the replies are received here.
          const answers = this.addUnique(channel.receive, replies);
          if (answers.length > 0) for (const request of sent) (channel.requests ??= []).push({ request, replies: answers, operation: opName });
        } else if (op['action'] === clientReceives) {
          this.addUnique(channel.receive, messages);
          channel.receiveOperation ??= opName;
          // The server asks, the client answers: its replies are sent.
          this.addUnique(channel.send, replies);
        }
      }
      out.push(channel);
    }
    return this.mergeByAddress(out).map((channel) => this.finishChannel(channel, servers));
  }

  /** Ids of channels some operation's `reply` names (a channel with nothing else must not become an empty class). */
  private readonly replyChannels = new Set<string>();

  /** A 3.x operation's `reply`: its `messages`, else every message of its `channel`. */
  private reply3(value: unknown, at: Path, opName: string): Message[] {
    const reply = this.deref(value);
    if (reply === undefined) return [];
    if (!isRecord(reply)) {
      this.ctx.warn(at, 'a reply must be a mapping; it is ignored');
      return [];
    }
    const channelRef = isRecord(reply['channel']) && typeof reply['channel']['$ref'] === 'string' ? reply['channel']['$ref'] : undefined;
    if (channelRef?.startsWith('#/channels/')) this.replyChannels.add(unescapeSegment(channelRef.slice('#/channels/'.length)));
    let refs: unknown[] = [];
    if (Array.isArray(reply['messages'])) refs = reply['messages'];
    else if (channelRef !== undefined) {
      const target = this.deref(resolveLocal(this.data, channelRef));
      const messages = isRecord(target) && isRecord(target['messages']) ? target['messages'] : {};
      refs = Object.keys(messages).map((k) => ({ $ref: `${channelRef}/messages/${escapePointer(k)}` }));
    }
    return refs.flatMap((ref, i) => this.message(ref, [...at, 'messages', i], opName) ?? []);
  }

  private channelBase(id: string, address: string, c: Record<string, unknown>, at: Path, servers: Server[]): Channel {
    const channel: Channel = {
      id,
      address,
      parameters: this.channelParameters(c['parameters'], [...at, 'parameters']),
      servers: Array.isArray(c['servers'])
        ? c['servers']
            .map((s) => (typeof s === 'string' ? s : isRecord(s) && typeof s['$ref'] === 'string' ? (s['$ref'].split('/').pop() ?? '') : ''))
            .filter((s) => servers.some((x) => x.key === s))
        : servers.map((s) => s.key),
      send: [],
      receive: [],
      pointer: `/channels/${escapePointer(id)}`,
    };
    if (typeof c['description'] === 'string') channel.description = c['description'];
    if (typeof c['summary'] === 'string') channel.summary = c['summary'];
    Object.assign(channel, channelExtensions(this.ctx, c, at));
    const ws = isRecord(c['bindings']) ? this.deref(c['bindings']['ws']) : undefined;
    if (isRecord(ws)) {
      const bindings: NonNullable<Channel['wsBindings']> = {};
      for (const part of ['query', 'headers'] as const) {
        const schema = this.deref(ws[part]);
        if (schema === undefined) continue;
        const converted = this.schemas.convert(schema);
        const resolved = this.resolvePayload(converted);
        if (resolved.kind !== 'object')
          this.ctx.warn(
            [...at, 'bindings', 'ws', part],
            `bindings.ws.${part} must be an object schema (its properties are the ${part === 'query' ? 'query parameters' : 'headers'}); it is left out`,
          );
        else bindings[part] = resolved;
      }
      if (bindings.query || bindings.headers) channel.wsBindings = bindings;
    }
    return channel;
  }

  private channelParameters(value: unknown, _at: Path): ChannelParameter[] {
    if (!isRecord(value)) return [];
    return Object.keys(value).map((name) => {
      const p = this.deref(value[name]);
      const record = isRecord(p) ? p : {};
      // 3.x parameters carry enum/default directly and are always strings.
      const schema: Schema =
        record['schema'] !== undefined
          ? this.schemas.convert(record['schema'])
          : Array.isArray(record['enum'])
            ? this.schemas.convert({ type: 'string', enum: record['enum'] })
            : { kind: 'primitive', type: 'string' };
      const parameter: ChannelParameter = { name, schema };
      if (typeof record['description'] === 'string') parameter.description = record['description'];
      return parameter;
    });
  }

  /** A 2.x operation's `message`: one message, a `$ref` to one, or `oneOf` a list of them. */
  private operationMessages(value: unknown, at: Path, operationId: unknown): Message[] {
    if (isRecord(value) && Array.isArray(value['oneOf'])) {
      return value['oneOf'].flatMap((m, i) => this.message(m, [...at, 'oneOf', i], operationId) ?? []);
    }
    const message = value === undefined ? undefined : this.message(value, at, operationId);
    return message ? [message] : [];
  }

  private message(value: unknown, at: Path, operationId: unknown): Message | undefined {
    // The name comes from the reference, so it is stable: the component the chain of `$ref`s
    // ends at (`#/components/messages/X`), else the first reference's last segment (3.x channel
    // message keys such as `op.message.0` are only local handles).
    let refName: string | undefined;
    let componentName: string | undefined;
    let m = value;
    for (let depth = 0; isRecord(m) && typeof m['$ref'] === 'string' && depth < 20; depth++) {
      const ref = m['$ref'];
      const last = unescapeSegment(decodeURIComponent(ref.split('/').pop() ?? ''));
      refName ??= last;
      if (ref.startsWith('#/components/messages/')) componentName = last;
      m = resolveLocal(this.data, ref);
    }
    refName = componentName ?? refName;
    if (!isRecord(m)) {
      this.ctx.warn(at, 'a message must be a mapping; it is left out');
      return undefined;
    }
    const name =
      refName ??
      (typeof m['messageId'] === 'string' ? m['messageId'] : undefined) ??
      (typeof m['name'] === 'string' ? m['name'] : undefined) ??
      `${typeof operationId === 'string' ? operationId : 'message'}Message`;
    const message: Message = { name, payload: this.schemas.convert(m['payload']) };
    this.messagePaths.set(message, at);
    if (typeof operationId === 'string') message.operation = operationId;
    if (typeof m['title'] === 'string') message.title = m['title'];
    if (typeof m['summary'] === 'string') message.summary = m['summary'];
    if (typeof m['description'] === 'string') message.description = m['description'];
    if (typeof m['contentType'] === 'string') message.contentType = m['contentType'];
    if (m['deprecated'] === true) message.deprecated = true;
    const event = messageExtensions(this.ctx, m, at).pusherEvent;
    if (event !== undefined) message.match = { kind: 'event', event };
    else if (typeof m['name'] === 'string') message.match = { kind: 'event', event: m['name'] };
    if (Array.isArray(m['examples'])) {
      message.examples = m['examples'].map((e) => (isRecord(e) && 'payload' in e ? e['payload'] : e));
    }
    this.correlation(message, m, [...at, 'correlationId']);
    this.sources.set(message, m);
    return message;
  }

  /** The spec's message object each message was read from (the same message in two places is one message). */
  private readonly sources = new WeakMap<Message, object>();

  /** `correlationId: { location: "$message.payload#/reqid" }`: where the id is, and its type. */
  private correlation(message: Message, m: Record<string, unknown>, at: Path): void {
    const c = this.deref(m['correlationId']);
    if (c === undefined) return;
    const location = isRecord(c) ? c['location'] : undefined;
    const found = typeof location === 'string' ? /^\$message\.payload#(\/.*)?$/.exec(location.trim()) : null;
    if (!found) {
      this.ctx.warn(
        at,
        `correlationId location ${typeof location === 'string' ? JSON.stringify(location) : '(none)'} is not in the payload ($message.payload#/…); replies to this message are matched by kind, not by id`,
      );
      return;
    }
    const path = (found[1] ?? '').split('/').slice(1).map(unescapeSegment);
    if (path.length === 0) return;
    message.correlation = path;
    // The id's type, for filling it in: walk the payload schema as written.
    let schema = this.deref(m['payload']);
    for (const seg of path) {
      const candidates = isRecord(schema) ? [schema, ...(Array.isArray(schema['allOf']) ? schema['allOf'].map((x) => this.deref(x)) : [])] : [];
      const holder = candidates.find((x): x is Record<string, unknown> => isRecord(x) && isRecord(x['properties']) && Object.hasOwn(x['properties'], seg));
      schema = holder ? this.deref((holder['properties'] as Record<string, unknown>)[seg]) : undefined;
    }
    const type = isRecord(schema) ? schema['type'] : undefined;
    message.correlationType = type === 'integer' || type === 'number' ? 'integer' : 'string';
  }

  /**
   * How incoming messages are told apart: Pusher channels by event name; otherwise by the
   * rules of `dispatchRules` (constant values, required keys, declared keys; per union member).
   */
  private finishChannel(channel: Channel, servers: Server[]): Channel {
    const pusher = isPusherChannel(channel, servers);
    if (pusher) for (const m of [...channel.send, ...channel.receive]) if (m.match?.kind !== 'event') m.match = { kind: 'event', event: m.name };
    // Names first: the warnings below name messages as the generated code does.
    dedupeNames(channel.send);
    dedupeNames(channel.receive);
    for (const list of [channel.send, channel.receive]) {
      if (pusher) continue;
      for (const m of list) delete m.match;
      const receiving = list === channel.receive;
      const payloads = list.map((m) => m.payload);
      const matches = dispatchRules(
        payloads,
        (p) => this.resolvePayload(p),
        ({ first, second }) => {
          if (!receiving) return;
          const a = list[first]!;
          const b = list[second]!;
          const where = this.messagePaths.get(b) ?? ['channels', channel.id];
          this.ctx.warn(
            where,
            `messages "${a.name}" and "${b.name}" of channel "${channel.id}" cannot be told apart (no constant value, required key or declared key separates them); such frames go to "${a.name}", the first in document order`,
          );
        },
      );
      list.forEach((m, i) => {
        const match = matches[i];
        if (match) m.match = match;
      });
    }
    return channel;
  }

  private resolvePayload(schema: Schema): Schema {
    let s = schema;
    for (let depth = 0; s.kind === 'ref' && depth < 20; depth++) {
      const name = s.name;
      const named = this.namedByName.get(name) ?? this.schemas.hoisted.find((h) => h.name === name)?.schema;
      if (!named) break;
      s = named;
    }
    return s;
  }

  /** Servers left out for their protocol, by key. */
  private readonly otherProtocol = new Map<string, string>();

  /** Whether a channel is only on servers left out for their protocol (warns if so). */
  private onlyOtherProtocols(c: Record<string, unknown>, id: string, at: Path, servers: Server[]): boolean {
    if (this.otherProtocol.size === 0) return false;
    const declared = Array.isArray(c['servers'])
      ? c['servers'].map((s) =>
          typeof s === 'string'
            ? s
            : isRecord(s) && typeof s['$ref'] === 'string'
              ? decodeURIComponent(s['$ref'].split('/').pop() ?? '')
                  .replace(/~1/g, '/')
                  .replace(/~0/g, '~')
              : '',
        )
      : [...this.otherProtocol.keys(), ...servers.map((s) => s.key)];
    if (declared.length === 0 || declared.some((k) => !this.otherProtocol.has(k))) return false;
    const names = [...new Set(declared)].map((k) => `"${k}" (${this.otherProtocol.get(k)})`).join(', ');
    this.ctx.warn(at, `channel "${id}" is only on servers of other protocols than ws/wss (${names}); it is left out`);
    return true;
  }

  /** Where each message was read, for warnings. */
  private readonly messagePaths = new Map<Message, Path>();

  /** Named schemas by name, filled by `namedSchemas()`. */
  private readonly namedByName = new Map<string, Schema>();

  private namedSchemas(): ApiModel['schemas'] {
    const components = isRecord(this.data['components']) ? this.data['components'] : {};
    const container = components['schemas'];
    if (!isRecord(container)) return [];
    return Object.keys(container).map((name) => {
      const schema = this.schemas.convert(container[name], ['components', 'schemas', name]);
      this.namedByName.set(name, schema);
      return { name, schema, pointer: `/components/schemas/${escapePointer(name)}` };
    });
  }

  private deref(value: unknown, depth = 0): unknown {
    if (isRecord(value) && typeof value['$ref'] === 'string' && depth < 20) return this.deref(resolveLocal(this.data, value['$ref']), depth + 1);
    return value;
  }
}

/** The constant string values of an object schema's properties (`{ event: { const: 'subscribe' } }`). */
function constantStrings(schema: Schema): string[] {
  if (schema.kind !== 'object') return [];
  return schema.properties.flatMap((p) =>
    p.schema.kind === 'literal' && p.schema.values.length === 1 && typeof p.schema.values[0] === 'string' ? [p.schema.values[0]] : [],
  );
}

function dedupeNames(messages: Message[]): void {
  const seen = new Set<string>();
  for (const m of messages) {
    const name = uniqueName(m.name, (c) => seen.has(c));
    m.name = name;
    seen.add(name);
  }
}
