/**
 * The intermediate model (IR): the one shape that both OpenAPI and AsyncAPI documents are
 * turned into, and the only thing the emitters read. Plain, serialisable data: no classes, no
 * ts-morph, no references to the source documents. Names here are the *spec's* names (untrusted
 * strings); turning them into identifiers is the emitters' job (see `src/emit/naming.ts`).
 */

/** Where a model element came from, for messages and docs: a JSON pointer into its document. */
export type Pointer = string;

export interface Docs {
  summary?: string;
  description?: string;
  deprecated?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

export type Schema = RefSchema | PrimitiveSchema | LiteralSchema | ObjectSchema | ArraySchema | UnionSchema | IntersectionSchema | UnknownSchema;

export interface SchemaCommon {
  description?: string;
  title?: string;
  /** The value may also be `null` (OpenAPI 3.0 `nullable`, 3.1 / JSON Schema type arrays). */
  nullable?: boolean;
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  /** Spec default, kept as JSON for documentation. */
  default?: unknown;
  examples?: unknown[];
  format?: string;
}

/** A named schema of the same API (`ApiModel.schemas`). */
export interface RefSchema extends SchemaCommon {
  kind: 'ref';
  name: string;
}

export interface PrimitiveSchema extends SchemaCommon {
  kind: 'primitive';
  type: 'string' | 'number' | 'integer' | 'boolean' | 'null';
  /** Binary strings (format binary) travel as Blob. */
  binary?: boolean;
}

/** `enum` / `const`: one or more JSON literal values. */
export interface LiteralSchema extends SchemaCommon {
  kind: 'literal';
  values: Array<string | number | boolean | null>;
}

export interface Property {
  name: string;
  schema: Schema;
  required: boolean;
}

export interface ObjectSchema extends SchemaCommon {
  kind: 'object';
  properties: Property[];
  /** `true`: any extra keys; a schema: extra keys of that type; `false`/absent: none declared. */
  additionalProperties?: Schema | true;
  /** `patternProperties`: extra keys that match a regular expression (as written) have that schema. */
  patternProperties?: Array<{ pattern: string; schema: Schema }>;
}

export interface ArraySchema extends SchemaCommon {
  kind: 'array';
  /** Every item's schema; with `prefixItems`, the schema of the items after them (`never`: none). */
  items: Schema;
  /** A tuple's leading items (`prefixItems`, or draft 4-7's array-valued `items`), in order. */
  prefixItems?: Schema[];
  /** `minItems`, when the leading items are a tuple: the ones before it are required. */
  minItems?: number;
}

export interface UnionSchema extends SchemaCommon {
  kind: 'union';
  members: Schema[];
  discriminator?: { property: string; mapping: Array<{ value: string; schema: Schema }> };
}

export interface IntersectionSchema extends SchemaCommon {
  kind: 'intersection';
  members: Schema[];
}

export interface UnknownSchema extends SchemaCommon {
  kind: 'unknown';
}

export interface NamedSchema {
  name: string;
  schema: Schema;
  pointer: Pointer;
}

// ---------------------------------------------------------------------------------------------
// Servers and security
// ---------------------------------------------------------------------------------------------

export interface ServerVariable {
  name: string;
  description?: string;
  /** Absent: the user must supply a value. */
  default?: string;
  enum?: string[];
}

export interface Server {
  /** Stable key the user overrides it by; unique within the API. */
  key: string;
  /** URL template with `{variable}` placeholders, including the scheme (`https://…`, `wss://…`). */
  url: string;
  description?: string;
  variables: ServerVariable[];
  /** Names of security schemes (alternatives of requirements), for servers that declare them. */
  security?: SecurityRequirement[];
  /** Server speaks the Pusher Channels protocol (from the `x-specweave-pusher` extension). */
  pusher?: PusherServer;
  /** Query parameter through which this server also accepts the bearer token (`x-specweave-auth-query`). */
  authQueryParameter?: string;
  heartbeat?: Heartbeat;
}

/** The Pusher server of `x-specweave-pusher` (the builder accepts protocol version 7 only, which the runtime speaks). */
export interface PusherServer {
  appKey: string;
  authEndpoint?: string;
}

export interface Heartbeat {
  /** `client`: the client must send pings; `server`: the server sends them. */
  direction: 'client' | 'server';
  intervalSeconds: number;
  timeoutSeconds?: number;
  /** `websocket-ping`: protocol-level ping frames; `message`: an application message. */
  kind: 'websocket-ping' | 'message' | 'protocol';
  /** The application message's JSON value, when kind is `message`. */
  message?: unknown;
}

export type SecurityScheme =
  | ({ name: string; type: 'http'; scheme: 'bearer' | 'basic' | string } & Docs)
  | ({ name: string; type: 'apiKey'; in: 'header' | 'query' | 'cookie'; parameterName: string } & Docs)
  /** OAuth2 / OpenID Connect: the client sends an access token as a bearer token. */
  | ({ name: string; type: 'oauth2' | 'openIdConnect' } & Docs);

/** All schemes in one requirement apply together; an empty requirement means "no auth". */
export type SecurityRequirement = string[];

// ---------------------------------------------------------------------------------------------
// REST operations
// ---------------------------------------------------------------------------------------------

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** Swagger 2.0 `collectionFormat` of an array parameter or form field. */
export type CollectionFormat = 'csv' | 'ssv' | 'tsv' | 'pipes' | 'multi';

/** How a value goes on the wire (OpenAPI `style`/`explode`/`allowReserved`, Swagger `collectionFormat`). */
export interface Serialisation {
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
  /** Swagger 2.0 arrays (default `csv`). */
  collectionFormat?: CollectionFormat;
}

export interface Parameter extends Docs, Serialisation {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: Schema;
  /** A parameter declared with `content`: its media type (the value is written in it, JSON as JSON text). */
  contentType?: string;
}

/** An OpenAPI Encoding Object (or a Swagger form field's collectionFormat). Per-part `headers` are not kept: a call has no values for them. */
export interface Encoding extends Serialisation {
  contentType?: string;
}

export interface Content {
  mediaType: string;
  schema: Schema;
  /** Per-property encoding of form-urlencoded and multipart bodies. */
  encoding?: Record<string, Encoding>;
}

export interface RequestBody extends Docs {
  required: boolean;
  contents: Content[];
}

export interface Response extends Docs {
  /** `200`, `404`, `4XX`, `default`. */
  status: string;
  contents: Content[];
  /** OpenAPI `links`: follow-up operations whose inputs come from this response. */
  links?: Link[];
}

/** An OpenAPI link: a call of another operation with inputs taken from a response (and its request). */
export interface Link {
  /** The link's key in the response's `links`. */
  name: string;
  /** The target: an `Operation.id` of the same API (from `operationId`, or a local `operationRef`). */
  operationId: string;
  /**
   * Target parameter (its name, or `path.name` / `query.name` / `header.name` / `cookie.name`) →
   * a runtime expression (`$response.body#/task_id`), a `{…}` template, or a constant.
   */
  parameters: Record<string, unknown>;
  /**
   * The target's body, when the link gives one: a runtime expression, or a value in which every
   * string that is an expression or a template is evaluated (specweave reads nested strings too).
   */
  requestBody?: unknown;
  description?: string;
}

/** `x-specweave-poll`: the operation can be polled until `field` of its body is one of `values`. */
export interface Poll {
  /** Name of the generated poller (default: `poll` + the operation's name). */
  name?: string;
  field: string;
  values: Array<string | number | boolean | null>;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export interface Operation extends Docs {
  /** The spec's operationId, or a stable name derived from method and path. */
  id: string;
  method: HttpMethod;
  path: string;
  /** Keys into `ApiModel.servers`, effective for this operation (operation > path > document). */
  servers: string[];
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  /** Effective security (operation's, else the document's). */
  security: SecurityRequirement[];
  pointer: Pointer;
  /** Default timeout of a call, from `x-specweave-timeout-seconds`. */
  timeoutMs?: number;
  /** From `x-specweave-poll`. */
  poll?: Poll;
}

// ---------------------------------------------------------------------------------------------
// Realtime channels
// ---------------------------------------------------------------------------------------------

export interface ChannelParameter {
  name: string;
  description?: string;
  schema: Schema;
}

/** How an incoming message is recognised among a channel's receive messages. */
export type MessageMatch =
  /** `payload[property]` is one of `values`. */
  | { kind: 'property'; property: string; values: Array<string | number | boolean> }
  /** The payload is an object that has this key (externally tagged unions). */
  | { kind: 'key'; key: string }
  /** Pusher event name. */
  | { kind: 'event'; event: string }
  /** Any JSON object (not an array): the fallback for an object-typed message without a finer rule. */
  | { kind: 'object' }
  /** Any of the terms (one per member of a union payload); see `src/parse/dispatch.ts`. */
  | { kind: 'rule'; anyOf: MatchTerm[] };

/**
 * A conjunction: the frame is of `type` (absent: any JSON value), each `values` property holds
 * one of its values, each of `keys` is present and none of `absent`. `loose`: the term does not rule out every
 * other message of the channel, so the runtime tries it only after the strict ones.
 */
export interface MatchTerm {
  type?: 'object' | 'array';
  values?: Array<{ property: string; values: Array<string | number | boolean> }>;
  keys?: string[];
  /** Keys the frame must not have (frames that leave out an optional discriminating property). */
  absent?: string[];
  loose?: boolean;
}

export interface Message extends Docs {
  /** Unique within the channel's direction. */
  name: string;
  title?: string;
  contentType?: string;
  payload: Schema;
  match?: MessageMatch;
  examples?: unknown[];
  /** The spec's operation this message belongs to (its docs name it). */
  operation?: string;
  /**
   * Where the message carries its correlation id (`correlationId.location`
   * `$message.payload#/reqid`): the JSON pointer's segments into the payload.
   */
  correlation?: string[];
  /** The JSON type of the correlation id, from the payload schema (how a missing one is filled in). */
  correlationType?: 'integer' | 'string';
}

/**
 * A request the client sends that the server answers (AsyncAPI 3 `reply`, or
 * `x-specweave-reply` in 2.x): one of the channel's send messages and the receive messages
 * that answer it.
 */
export interface ChannelRequest {
  request: Message;
  replies: Message[];
  /** The spec's operation, for docs. */
  operation?: string;
}

export interface Channel extends Docs {
  /** Stable id (the spec's channel key). */
  id: string;
  /** Address template with `{parameter}` placeholders. */
  address: string;
  parameters: ChannelParameter[];
  /** Keys into `ApiModel.servers`. */
  servers: string[];
  /** What the client sends. */
  send: Message[];
  /** What the client receives. */
  receive: Message[];
  /** Operation names from the spec for docs (`sendRealtimeInput`, …). */
  sendOperation?: string;
  receiveOperation?: string;
  heartbeat?: Heartbeat;
  /** Name of a send message to re-send after every (re)connect. */
  resendOnReconnect?: string;
  /** The channel's WebSocket bindings (`bindings.ws`): object schemas of the handshake's query and headers. */
  wsBindings?: { query?: Schema; headers?: Schema };
  /** Requests with replies (each a send message answered by receive messages). */
  requests?: ChannelRequest[];
  /** The spec's channel ids merged into this one (they share server and address, hence one socket). */
  merged?: string[];
  pointer: Pointer;
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

export interface ApiSource {
  /** Path of the document, relative to the project. */
  file: string;
  kind: 'openapi' | 'asyncapi';
  version: string;
  /** The `x-origin` provenance mapping, as given. */
  origin?: unknown;
}

export interface ApiModel {
  /** The API's name from the config (folder and subpath of the generated package). */
  name: string;
  title: string;
  version: string;
  description?: string;
  source: ApiSource;
  servers: Server[];
  securitySchemes: SecurityScheme[];
  /** Document-level default security. */
  security: SecurityRequirement[];
  schemas: NamedSchema[];
  operations: Operation[];
  channels: Channel[];
}
