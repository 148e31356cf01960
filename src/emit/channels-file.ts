import { Scope, type StatementStructures, StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { ApiModel, Channel, Heartbeat, Message, Schema } from '../model/ir.js';
import { isPusherChannel } from '../model/pusher.js';
import { authMember, securitySchemesInfo, serverInfo } from './api-info.js';
import type { ApiNames, ChannelNames } from './api-names.js';
import { code, typed } from './code.js';
import { docs, inlineDoc, jsonExpression, propertyKey, stringLiteral } from './naming.js';
import { TypePrinter } from './type-expression.js';

/**
 * `src/<api>/channels.ts`: one class per channel, extending the runtime's `Channel`, with a
 * typed `send…` method per message the client sends and a typed `on…` listener per message it
 * receives; plus the API's channel options type.
 */
export function emitChannelsFile(model: ApiModel, names: ApiNames): StatementStructures[] {
  let usesTypes = false;
  const refName = (name: string, side: 'request' | 'response'): string => {
    usesTypes = true;
    return `types.${names.schemaType(name, side)}`;
  };
  // What the client sends is typed as a request (no readOnly properties), what it receives as a response.
  const printer = {
    request: new TypePrinter({ refName, side: 'request', sides: names.sides }),
    response: new TypePrinter({ refName, side: 'response', sides: names.sides }),
    // A message's inline payload has its named type in types.ts (`types.PingPayload`).
    payload: (m: Message): string | undefined => {
      const named = names.payloads.get(m);
      if (named !== undefined) usesTypes = true;
      return named && `types.${named.name}`;
    },
  };
  const auth = authMember(model, 'on every connect');
  const body = [channelOptionsType(model, names, auth)];
  for (const channel of model.channels) body.push(...channelStatements(model, channel, names.channels.get(channel)!, names, printer));
  // Only the namespaces the file refers to (all in exported declarations): the declaration file
  // is printed from the same imports, and TypeScript's declarations leave unused ones out.
  const imports: StatementStructures[] = [{ kind: StructureKind.ImportDeclaration, namespaceImport: 'ch', moduleSpecifier: '../runtime/channel.js' }];
  // The Pusher transport only where a channel speaks Pusher: other bundles carry no Pusher code.
  if (model.channels.some((c) => isPusherChannel(c, model.servers)))
    imports.push({ kind: StructureKind.ImportDeclaration, namespaceImport: 'pch', moduleSpecifier: '../runtime/pusher-channel.js' });
  if (auth) imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'rt', moduleSpecifier: '../runtime/common.js' });
  if (usesTypes) imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'types', moduleSpecifier: './types.js' });
  return [...imports, ...body];
}

/** Type text one unit deeper (its lines after the first). */
function deeper(text: string): string {
  return text.replace(/\n/g, '\n  ');
}

/** Whether the options argument must be given (a server variable without a default; no server at all: `url`). */
function optionsRequired(model: ApiModel): boolean {
  return model.servers.length === 0 || model.servers.some((s) => s.variables.some((v) => v.default === undefined));
}

/**
 * The channel's own options beyond the API's: `query` and `headers` typed from its
 * `bindings.ws` (each required when the binding requires a property). Values the runtime
 * cannot put in a URL or header as they are (objects, arrays, null) are typed as strings.
 */
function bindingOptions(channel: Channel, printer: TypePrinter): { type: string; required: boolean } | undefined {
  const b = channel.wsBindings;
  if (!b) return undefined;
  let required = false;
  const members: string[] = [];
  const scalar = (s: Schema, kinds: readonly string[]): string => {
    if (s.kind === 'primitive' && kinds.includes(s.type)) return printer.print(s);
    if (s.kind === 'literal' && s.values.every((v) => v !== null && kinds.includes(typeof v))) return printer.print(s);
    return 'string';
  };
  const part = (schema: Schema | undefined, name: string, doc: string, kinds: readonly string[], rest: string): void => {
    if (schema?.kind !== 'object') return;
    const partRequired = schema.properties.some((p) => p.required);
    required ||= partRequired;
    const entries = schema.properties.map(
      (p) => `${inlineDoc(docs(p.schema.description), '    ')}${propertyKey(p.name)}${p.required ? '' : '?'}: ${scalar(p.schema, kinds)};`,
    );
    members.push(`${inlineDoc(doc, '  ')}${name}${partRequired ? '' : '?'}: {\n    ${entries.join('\n    ')}\n  }${rest};`);
  };
  part(b.query, 'query', 'Query parameters of the handshake (`bindings.ws.query`), appended to the URL.', ['string', 'number', 'integer', 'boolean'], '');
  part(
    b.headers,
    'headers',
    "Headers of the handshake (`bindings.ws.headers`), given to the WebSocket constructor as `{ headers }` (Node's `ws`). A browser cannot send WebSocket headers: there they are not sent.",
    ['string'],
    ' & Readonly<Record<string, string>>',
  );
  return members.length === 0 ? undefined : { type: `{\n  ${members.join('\n  ')}\n}`, required };
}

function channelOptionsType(model: ApiModel, names: ApiNames, auth: string | undefined): StatementStructures {
  const members: string[] = [];
  members.push(
    `${inlineDoc(model.servers.length === 0 ? 'The document declares no server: pass `url`.' : `Which server to connect to (default: ${stringLiteral(model.servers[0]!.key)}).`, '  ')}server?: ${model.servers.map((s) => stringLiteral(s.key)).join(' | ') || 'never'};`,
  );
  // No server in the document: the URL is the caller's, and required.
  const noServer = model.servers.length === 0;
  if (noServer)
    members.push(`/** The server's URL (the document declares none), e.g. \`wss://example.com\`; the channel's address is joined to it. */\n  url: string;`);
  const variables = new Map<string, { type: string; required: boolean; description: string | undefined }>();
  let variablesType = '';
  let variablesRequired = false;
  let optionalVariablesType = '';
  for (const s of model.servers) {
    for (const v of s.variables) {
      if (!variables.has(v.name))
        variables.set(v.name, {
          type: v.enum?.length ? v.enum.map(stringLiteral).join(' | ') : 'string',
          required: v.default === undefined,
          description: v.description,
        });
    }
  }
  if (variables.size > 0) {
    const required = [...variables.values()].some((v) => v.required);
    const entries = (allOptional: boolean): string =>
      [...variables].map(([k, v]) => `${inlineDoc(v.description, '    ')}${propertyKey(k)}${v.required && !allOptional ? '' : '?'}: ${v.type};`).join('\n    ');
    variablesType = `{\n    ${entries(false)}\n  }`;
    optionalVariablesType = `{\n    ${entries(true)}\n  }`;
    variablesRequired = required;
    if (!required) members.push(`/** Server URL variables. */\n  serverVariables?: ${variablesType};`);
  }
  if (auth) members.push(auth);
  // A variable without a default must be given, unless `url` replaces the server URL.
  const alternatives = variablesRequired
    ? ` & (\n  | {\n    /** Server URL variables. */\n    serverVariables: ${deeper(variablesType)};\n    url?: string;\n  }\n  | {\n    /** Replaces the server URL. */\n    url: string;\n    serverVariables?: ${deeper(optionalVariablesType)};\n  }\n)`
    : '';
  return {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: names.channelOptions,
    type: `Omit<ch.ChannelOptions, 'server' | 'serverVariables' | 'auth'${variablesRequired || noServer ? " | 'url'" : ''}> & {\n  ${members.join('\n  ')}\n}${alternatives}`,
    docs: ['Options of every channel of this API: the WebSocket constructor (for Node 20: `ws`), server, variables, auth.'],
  };
}

function channelInfo(model: ApiModel, channel: Channel): object {
  const servers: Record<string, object> = Object.create(null);
  for (const key of channel.servers) {
    const s = model.servers.find((x) => x.key === key);
    if (!s) continue;
    servers[key] = {
      ...serverInfo(s),
      security: s.security,
      authQuery: s.authQueryParameter,
      pusher: s.pusher ? { appKey: s.pusher.appKey, authEndpoint: s.pusher.authEndpoint } : undefined,
      heartbeat: heartbeatInfo(s.heartbeat),
    };
  }
  const securitySchemes = securitySchemesInfo(model);
  return {
    address: channel.address,
    servers,
    defaultServer: channel.servers[0] ?? '',
    securitySchemes,
    receive: channel.receive.map((m) => ({ name: m.name, match: m.match, correlation: m.correlation })),
    requests: requestsInfo(channel),
    heartbeat: heartbeatInfo(channel.heartbeat),
    resend: channel.resendOnReconnect !== undefined && channel.send.some((m) => m.name === channel.resendOnReconnect) ? channel.resendOnReconnect : undefined,
  };
}

/** Each request message once: the union of its replies (a message two operations answer alike). */
function requestsOf(channel: Channel): Map<Message, Message[]> {
  const out = new Map<Message, Message[]>();
  for (const r of channel.requests ?? []) {
    const replies = out.get(r.request) ?? [];
    for (const m of r.replies) if (!replies.includes(m)) replies.push(m);
    out.set(r.request, replies);
  }
  return out;
}

function requestsInfo(channel: Channel): object | undefined {
  const requests = requestsOf(channel);
  if (requests.size === 0) return undefined;
  const out: Record<string, object> = Object.create(null);
  for (const [request, replies] of requests) {
    // Correlated by id only where the request and a reply both carry one.
    const correlated = request.correlation !== undefined && replies.some((m) => m.correlation !== undefined);
    out[request.name] = {
      replies: replies.map((m) => m.name),
      correlation: correlated ? request.correlation : undefined,
      idType: correlated ? request.correlationType : undefined,
    };
  }
  return out;
}

function heartbeatInfo(h: Heartbeat | undefined): object | undefined {
  return h && { direction: h.direction, kind: h.kind, intervalSeconds: h.intervalSeconds, timeoutSeconds: h.timeoutSeconds, message: h.message };
}

function messageMap(name: string, messages: Message[], printer: TypePrinter, what: string, payload: (m: Message) => string | undefined): StatementStructures {
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name,
    docs: [`Messages the client ${what}, by name, with their payloads.`],
    properties: messages.map((m) => {
      const doc = docs(m.title, m.summary, m.description);
      return { name: propertyKey(m.name), type: payload(m) ?? printer.print(m.payload, ''), docs: doc ? [doc] : [] };
    }),
  };
}

function channelStatements(
  model: ApiModel,
  channel: Channel,
  n: ChannelNames,
  names: ApiNames,
  printer: { request: TypePrinter; response: TypePrinter; payload: (m: Message) => string | undefined },
): StatementStructures[] {
  const hasParameters = channel.parameters.length > 0;
  const bindings = bindingOptions(channel, printer.request);
  const required = optionsRequired(model) || bindings?.required === true;
  const parameters = hasParameters ? [{ name: 'parameters', type: n.parameters }] : [];
  const pusher = isPusherChannel(channel, model.servers);
  const heartbeat = channel.heartbeat ?? model.servers.find((s) => channel.servers.includes(s.key))?.heartbeat;
  const classDoc = docs(
    channel.summary,
    channel.description,
    pusher
      ? `Speaks the Pusher Channels protocol (version 7): connecting subscribes to the channel \`${channel.address.replace(/`/g, "'")}\`.`
      : `Address: \`${channel.address.replace(/`/g, "'")}\`.`,
    heartbeat && `Heartbeat: the ${heartbeat.direction} pings every ${heartbeat.intervalSeconds} s.`,
    channel.resendOnReconnect !== undefined &&
      `After every reconnect the last \`${channel.resendOnReconnect.replace(/`/g, "'")}\` sent is sent again (rewrite it with the \`beforeResend\` option, e.g. to resume from the last timestamp seen).`,
    'Reconnects after a dropped connection with exponential backoff and full jitter (option `reconnect`); messages sent while not open are queued and flushed in order.',
    'Lifecycle events: `$open`, `$reconnecting`, `$close`, `$error`, `$unknown` (a frame that is not JSON or matches no message), `$lagged` (an async iterator dropped its oldest unread messages).',
  );
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          kind: StructureKind.VariableDeclaration,
          name: n.info,
          type: 'ch.ChannelInfo',
          initializer: code`${jsonExpression(channelInfo(model, channel))}${typed(' as const')}`,
        },
      ],
    },
  ];
  if (hasParameters) {
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: n.parameters,
      docs: [docs(`Parameters of the channel address \`${channel.address.replace(/`/g, "'")}\`.`)!],
      properties: channel.parameters.map((p) => {
        const doc = docs(p.description ?? p.schema.description);
        return { name: propertyKey(p.name), type: printer.request.print(p.schema), docs: doc ? [doc] : [] };
      }),
    });
  }
  statements.push(
    messageMap(n.sendMap, channel.send, printer.request, 'sends', printer.payload),
    messageMap(n.receiveMap, channel.receive, printer.response, 'receives', printer.payload),
  );
  statements.push({
    kind: StructureKind.Class,
    isExported: true,
    name: n.cls,
    extends: code`ch.Channel${typed(`<${n.sendMap}, ${n.receiveMap}>`)}`,
    docs: classDoc ? [classDoc] : [],
    ctors: [
      {
        parameters: [
          ...parameters,
          { name: 'options', type: bindings ? `${names.channelOptions} & ${bindings.type}` : names.channelOptions, ...(required ? {} : { initializer: '{}' }) },
        ],
        statements: [`super(${n.info}, ${hasParameters ? 'parameters' : '{}'}, options${pusher ? ', pch.pusherTransport' : ''});`],
        docs: [
          hasParameters ? 'Parameters fill the channel address; each is percent-encoded as one path segment.' : 'Call `connect()` to open the connection.',
        ],
      },
    ],
    methods: [
      ...channel.send.map((m) => ({
        name: n.sendMethods.get(m)!,
        scope: Scope.Public,
        parameters: [{ name: 'payload', type: `${n.sendMap}[${stringLiteral(m.name)}]` }],
        returnType: 'void',
        statements: [`this.send(${stringLiteral(m.name)}, payload);`],
        docs: [docs(m.title, m.summary, m.description, operationDoc(m.operation ?? channel.sendOperation)) ?? docs(`Sends ${m.name}.`)!],
      })),
      ...[...requestsOf(channel)].map(([m, replies]) => {
        const r = channel.requests!.find((x) => x.request === m)!;
        const correlated = m.correlation !== undefined && replies.some((x) => x.correlation !== undefined);
        const sendType = `${n.sendMap}[${stringLiteral(m.name)}]`;
        // A top-level correlation id may be left out: the channel fills it in.
        const payloadType = correlated && m.correlation!.length === 1 ? `ch.WithOptional<${sendType}, ${stringLiteral(m.correlation![0]!)}>` : sendType;
        const replyType = replies.map((x) => `${n.receiveMap}[${stringLiteral(x.name)}]`).join(' | ');
        const how = correlated
          ? `The reply is the first ${replies.map((x) => `\`${x.name.replace(/`/g, "'")}\``).join(' or ')} whose \`${m.correlation!.join('/').replace(/`/g, "'")}\` equals the request's${m.correlation!.length === 1 ? ' (left out, the channel fills it in with a new id)' : ''}.`
          : `The reply is the first ${replies.map((x) => `\`${x.name.replace(/`/g, "'")}\``).join(' or ')} received while this is the oldest pending request of its kind.`;
        return {
          name: n.requestMethods.get(r)!,
          scope: Scope.Public,
          parameters: [
            { name: 'payload', type: payloadType },
            { name: 'options', type: 'ch.RequestOptions', initializer: '{}' },
          ],
          returnType: `Promise<${replyType}>`,
          statements: [
            code`return this.request${typed(`<${stringLiteral(m.name)}, ${replyType}>`)}(${stringLiteral(m.name)}, payload${typed(` as ${sendType}`)}, options);`,
          ],
          docs: [
            docs(
              `Sends ${m.name.replace(/`/g, "'")} and resolves with the server's reply.`,
              m.summary,
              r.operation && `Operation \`${r.operation.replace(/`/g, "'")}\`.`,
              how,
              "Rejects with `RequestTimeoutError` after `options.timeoutMs` (default: the channel option `requestTimeoutMs`, 30000 ms), with the signal's reason when `options.signal` aborts, and with `ChannelError` when the channel closes first. The reply also reaches its `on…` listeners and async iterators.",
            )!,
          ],
        };
      }),
      ...channel.receive.map((m) => ({
        name: n.onMethods.get(m)!,
        scope: Scope.Public,
        parameters: [{ name: 'listener', type: `(payload: ${n.receiveMap}[${stringLiteral(m.name)}]) => void` }],
        returnType: '() => void',
        statements: [`return this.on(${stringLiteral(m.name)}, listener);`],
        docs: [
          docs(m.title, m.summary, m.description, operationDoc(m.operation ?? channel.receiveOperation), 'Returns a function that removes the listener.') ?? '',
        ],
      })),
    ],
  });
  return statements;
}

/** `Operation \`x\`.`: the message's own operation (a message of several operations names the first). */
function operationDoc(operation: string | undefined): string | undefined {
  return operation && `Operation \`${operation.replace(/`/g, "'")}\`.`;
}
