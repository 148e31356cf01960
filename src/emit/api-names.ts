import type { ApiModel, Channel, ChannelRequest, Message, Operation, Response } from '../model/ir.js';
import { camelCase, GLOBAL_NAMES, MODULE_NAMESPACE_NAMES, NameScope, pascalCase } from './naming.js';
import { SchemaSides, type Side } from './sides.js';

export interface OperationNames {
  fn: string;
  args: string;
  result: string;
  error: string;
  info: string;
}

export interface ChannelNames {
  cls: string;
  info: string;
  sendMap: string;
  receiveMap: string;
  parameters: string;
  /** Method names by message name, unique within the class. */
  sendMethods: Map<Message, string>;
  onMethods: Map<Message, string>;
  /** Request methods (send, resolve with the reply), by request. */
  requestMethods: Map<ChannelRequest, string>;
}

/** Members of the runtime's `Channel` base class that generated methods must not shadow. */
const CHANNEL_MEMBERS = ['connect', 'close', 'on', 'off', 'messages', 'send', 'state', 'address', 'url', 'constructor', 'request', 'pendingRequests'];

/**
 * Every exported identifier of one API's module, allocated in one scope and in document order
 * (schemas, then operations, then channels), so the files of an API can be re-exported together
 * without clashes and the same spec always gives the same names.
 */
export class ApiNames {
  /** The type of each named schema; for a schema that `sides` splits, its response-side type. */
  readonly schemas = new Map<string, string>();
  /** The request-side types of the schemas `sides` splits (`…Writable`: no readOnly properties). */
  readonly writableSchemas = new Map<string, string>();
  readonly sides: SchemaSides;
  readonly operations = new Map<Operation, OperationNames>();
  readonly channels = new Map<Channel, ChannelNames>();
  /** `x-specweave-poll` pollers, by operation. */
  readonly pollers = new Map<Operation, string>();
  /** The object of link helpers of an operation whose success responses have links. */
  readonly linkObjects = new Map<Operation, string>();
  readonly options: string;
  readonly channelOptions: string;
  readonly client: string;
  readonly createClient: string;
  readonly servers: string;
  /**
   * The named type of each message whose payload is written inline (`PingPayload`), exported
   * from the API's types; a payload that is a named schema already has that schema's name.
   */
  readonly payloads = new Map<Message, { name: string; side: Side }>();
  readonly #scope: NameScope;

  constructor(model: ApiModel) {
    // `types`, `rt` and `ch` are the namespace imports of the generated files.
    // Exactly as spelled: `Then` is a fine type name, `then` must never be an export.
    const scope = new NameScope(['types', 'rt', 'rtSer', 'rtPoll', 'rtLinks', 'ch', 'api'], [...GLOBAL_NAMES, ...MODULE_NAMESPACE_NAMES]);
    this.#scope = scope;
    const base = pascalCase(model.name, 'Api');
    for (const s of model.schemas) this.schemas.set(s.name, scope.claim(pascalCase(s.name, 'Schema')));
    // After every schema's own name, so a spec schema called `FooWritable` keeps its name.
    this.sides = new SchemaSides(model.schemas);
    for (const name of this.sides.split) this.writableSchemas.set(name, scope.claim(`${this.schemas.get(name)!}Writable`));
    this.options = scope.claim(`${base}Options`);
    this.channelOptions = scope.claim(`${base}ChannelOptions`);
    this.client = scope.claim(`${base}Client`);
    this.createClient = scope.claim(`create${base}Client`);
    this.servers = scope.claim(`${base}Server`);
    for (const op of model.operations) {
      const fn = scope.claim(camelCase(op.id, 'operation'));
      const type = pascalCase(fn);
      this.operations.set(op, {
        fn,
        args: scope.claim(`${type}Args`),
        result: scope.claim(`${type}Result`),
        error: scope.claim(`${type}Error`),
        info: scope.claim(`${fn}Operation`),
      });
    }
    for (const channel of model.channels) {
      const stem = pascalCase(channel.address.replace(/\{[^{}]*\}/g, ' '), '') || base;
      const cls = scope.claim(`${stem}Channel`);
      const members = new NameScope(CHANNEL_MEMBERS);
      const sendMethods = new Map<Message, string>();
      const onMethods = new Map<Message, string>();
      for (const m of channel.send) sendMethods.set(m, members.claim(`send${pascalCase(m.name, 'Message')}`));
      for (const m of channel.receive) onMethods.set(m, members.claim(`on${pascalCase(m.name, 'Message')}`));
      // A request is named after its message (`ping`); one name per request message.
      const requestMethods = new Map<ChannelRequest, string>();
      const byMessage = new Map<Message, string>();
      for (const r of channel.requests ?? []) {
        let name = byMessage.get(r.request);
        if (name === undefined) byMessage.set(r.request, (name = members.claim(camelCase(r.request.name, 'request'))));
        requestMethods.set(r, name);
      }
      this.channels.set(channel, {
        cls,
        info: scope.claim(camelCase(`${cls}Info`)),
        sendMap: scope.claim(`${cls}Sends`),
        receiveMap: scope.claim(`${cls}Receives`),
        parameters: scope.claim(`${cls}Parameters`),
        sendMethods,
        onMethods,
        requestMethods,
      });
    }
    for (const channel of model.channels) {
      for (const [messages, side] of [
        [channel.send, 'request'],
        [channel.receive, 'response'],
      ] as const) {
        for (const m of messages) {
          if (m.payload.kind === 'ref' || m.payload.kind === 'unknown' || this.payloads.has(m)) continue;
          this.payloads.set(m, { name: scope.claim(`${pascalCase(m.name, 'Message')}Payload`), side });
        }
      }
    }
    for (const op of model.operations) {
      const fn = this.operations.get(op)!.fn;
      if (op.poll) this.pollers.set(op, scope.claim(op.poll.name === undefined ? `poll${pascalCase(fn)}` : camelCase(op.poll.name, `poll${pascalCase(fn)}`)));
      if (successResponses(op).some((r) => (r.links ?? []).length > 0)) this.linkObjects.set(op, scope.claim(`${fn}Links`));
    }
  }

  /**
   * Whether the API's module may re-export the runtime's `name` (`Token`, `ApiError`…): not
   * when a name of the spec took it, which wins (the runtime's stays at the package root).
   */
  runtimeExport(name: string): boolean {
    return !this.#scope.claimed.has(name);
  }

  /** The type of a named schema on one side (`unknown` for a name the API does not have). */
  schemaType(name: string, side: Side): string {
    return (side === 'request' ? this.writableSchemas.get(name) : undefined) ?? this.schemas.get(name) ?? 'unknown';
  }
}

/** The responses a call resolves with: the 2xx ones, else `default`. */
export function successResponses(op: Operation): Response[] {
  const success = op.responses.filter((r) => /^2/.test(r.status));
  if (success.length > 0) return success;
  const fallback = op.responses.find((r) => r.status === 'default');
  return fallback ? [fallback] : [];
}
