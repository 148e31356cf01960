import { resolveLocal } from '../load/check-refs.js';
import type { LoadedDocument } from '../load/index.js';
import { escapeSegment, fromPointer, fromRefFragment, toPointer } from '../load/json-pointer.js';
import type {
  ApiModel,
  CollectionFormat,
  Content,
  Encoding,
  HttpMethod,
  Link,
  Operation,
  Parameter,
  ParameterLocation,
  Poll,
  RequestBody,
  Response,
  SecurityRequirement,
  SecurityScheme,
  Server,
} from '../model/ir.js';
import { BuildContext } from './context.js';
import { operationExtensions } from './extensions.js';
import { uniqueName } from '../model/unique-name.js';
import type { Built } from './index.js';
import { SchemaConverter, isRecord } from './schema.js';
import { ServerKeys } from './server-keys.js';

/** Where the i-th of the path's shared then the operation's own parameters sits. */
function place0(at: Path, i: number, shared: number): Path {
  return i < shared ? [...at.slice(0, -1), 'parameters', i] : [...at, 'parameters', i - shared];
}

const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
type Path = Array<string | number>;

/** Builds the model from an OpenAPI 2.0 (Swagger) or 3.0/3.1 document. */
export function buildFromOpenApi(name: string, doc: LoadedDocument): Built {
  const builder = new OpenApiBuilder(name, doc);
  return { model: builder.build(), warnings: builder.ctx.warnings.list };
}

class OpenApiBuilder {
  readonly ctx: BuildContext;
  private readonly data: Record<string, unknown>;
  private readonly swagger2: boolean;
  private readonly schemas: SchemaConverter;
  private readonly servers = new Map<string, Server>();
  private readonly serverKeys = new ServerKeys();
  /** Responses' `links`, resolved once every operation is known. */
  private readonly pendingLinks: Array<{ response: Response; links: Record<string, unknown>; at: Path }> = [];

  constructor(
    private readonly name: string,
    private readonly doc: LoadedDocument,
  ) {
    this.ctx = new BuildContext(doc);
    this.data = doc.resolved;
    this.swagger2 = doc.version === '2.0';
    this.schemas = new SchemaConverter(this.data, this.swagger2 ? '#/definitions/' : '#/components/schemas/', this.ctx.warnings);
  }

  build(): ApiModel {
    const info = isRecord(this.data['info']) ? this.data['info'] : {};
    const documentServers = this.swagger2 ? this.swaggerServers() : this.serverList(this.data['servers'], ['servers']);
    const model: ApiModel = {
      name: this.name,
      title: typeof info['title'] === 'string' ? info['title'] : this.name,
      version: typeof info['version'] === 'string' ? info['version'] : '',
      source: { file: this.doc.file, kind: 'openapi', version: this.doc.version },
      servers: [],
      securitySchemes: this.securitySchemes(),
      security: this.securityList(this.data['security']) ?? [],
      schemas: this.namedSchemas(),
      operations: this.operations(documentServers, this.securityList(this.data['security']) ?? []),
      channels: [],
    };
    if (typeof info['description'] === 'string') model.description = info['description'];
    if (info['x-origin'] !== undefined) model.source.origin = info['x-origin'];
    this.resolveLinks(model.operations);
    model.servers = [...this.servers.values()];
    model.schemas.push(...this.schemas.hoisted);
    return model;
  }

  // ------------------------------------------------------------------ servers

  private swaggerServers(): string[] {
    const host = typeof this.data['host'] === 'string' ? this.data['host'] : undefined;
    const basePath = typeof this.data['basePath'] === 'string' ? this.data['basePath'] : '';
    const schemes = Array.isArray(this.data['schemes']) ? this.data['schemes'].filter((s): s is string => typeof s === 'string') : [];
    const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
    // No host: the document names no absolute server (the caller passes baseUrl); a basePath alone stays relative.
    if (!host && !basePath) return [];
    const url = host ? `${scheme}://${host}${basePath}` : basePath;
    return [this.addServer({ url }, ['host'])];
  }

  private serverList(value: unknown, path: Path): string[] {
    if (!Array.isArray(value) || value.length === 0) return [];
    const keys: string[] = [];
    for (const [i, s] of value.entries()) {
      if (!isRecord(s) || typeof s['url'] !== 'string') {
        this.ctx.warn([...path, i], 'a server must be a mapping with a url; this one is left out');
        continue;
      }
      keys.push(this.addServer(s, [...path, i]));
    }
    return keys;
  }

  /** Servers are shared across the document by URL, so each gets one key. */
  private addServer(s: Record<string, unknown>, path: Path): string {
    const url = this.ctx.string(s['url'], [...path, 'url'], 'server url').replace(/\/+$/, '');
    const existing = this.servers.get(url);
    if (existing) return existing.key;
    const server: Server = { key: this.serverKeys.keyFor(url, s['x-name']), url, variables: this.ctx.serverVariables(s['variables'], [...path, 'variables']) };
    if (typeof s['description'] === 'string') server.description = s['description'];
    this.servers.set(url, server);
    return server.key;
  }

  // ----------------------------------------------------------------- security

  private securitySchemes(): SecurityScheme[] {
    const container = this.swagger2 ? this.data['securityDefinitions'] : isRecord(this.data['components']) ? this.data['components']['securitySchemes'] : undefined;
    if (!isRecord(container)) return [];
    const out: SecurityScheme[] = [];
    for (const name of Object.keys(container)) {
      const s = this.deref(container[name]);
      const scheme = isRecord(s) ? this.ctx.securityScheme(name, s, this.swagger2 ? ['securityDefinitions', name] : ['components', 'securitySchemes', name]) : undefined;
      if (scheme) out.push(scheme);
    }
    return out;
  }

  private securityList(value: unknown): SecurityRequirement[] | undefined {
    if (!Array.isArray(value)) return undefined;
    return value.filter(isRecord).map((req) => Object.keys(req));
  }

  // --------------------------------------------------------------- operations

  private operations(documentServers: string[], documentSecurity: SecurityRequirement[]): Operation[] {
    const paths = this.data['paths'];
    if (!isRecord(paths)) return [];
    const ops: Operation[] = [];
    const usedIds = new Set<string>();
    for (const path of Object.keys(paths)) {
      const item = this.deref(paths[path]);
      if (!isRecord(item)) continue;
      const pathServers = this.swagger2 ? [] : this.serverList(item['servers'], ['paths', path, 'servers']);
      const shared = Array.isArray(item['parameters']) ? item['parameters'] : [];
      for (const method of METHODS) {
        const op = item[method];
        if (!isRecord(op)) continue;
        const at: Path = ['paths', path, method];
        const opServers = this.swagger2 ? [] : this.serverList(op['servers'], [...at, 'servers']);
        const id = this.operationId(op, method, path, usedIds, at);
        const operation: Operation = {
          id,
          method,
          path,
          // OpenAPI: operation servers override path servers override the document's.
          servers: opServers.length > 0 ? opServers : pathServers.length > 0 ? pathServers : documentServers,
          parameters: this.parameters(shared, Array.isArray(op['parameters']) ? op['parameters'] : [], at),
          responses: this.responses(op['responses'], op, [...at, 'responses']),
          security: this.securityList(op['security']) ?? documentSecurity,
          pointer: toPointer(at),
        };
        this.checkPathParameters(operation, at);
        const body = this.swagger2 ? this.swaggerBody(op, shared, at) : this.requestBody(op['requestBody'], [...at, 'requestBody']);
        if (body && (method === 'get' || method === 'head')) {
          // fetch cannot send a GET or HEAD body, and HTTP gives it no meaning (RFC 9110 9.3.1).
          const where = this.swagger2 ? [...at, 'parameters'] : [...at, 'requestBody'];
          this.ctx.warn(where, `a ${method.toUpperCase()} request cannot carry a body (HTTP gives it no meaning and fetch refuses to send one); the body is left out of the call`);
        } else if (body) {
          operation.requestBody = body;
        }
        if (typeof op['summary'] === 'string') operation.summary = op['summary'];
        if (typeof op['description'] === 'string') operation.description = op['description'];
        if (op['deprecated'] === true) operation.deprecated = true;
        Object.assign(operation, operationExtensions(this.ctx, op, at));
        ops.push(operation);
      }
    }
    return ops;
  }

  /** The spec's operationId, or `method` + path words; made unique in document order. */
  private operationId(op: Record<string, unknown>, method: string, path: string, used: Set<string>, at: Path): string {
    let id = typeof op['operationId'] === 'string' && op['operationId'] !== '' ? op['operationId'] : `${method} ${path}`;
    if (used.has(id)) {
      const unique = uniqueName(id, (c) => used.has(c));
      if (typeof op['operationId'] === 'string') this.ctx.warn([...at, 'operationId'], `operationId "${id}" is used by an earlier operation too (operation ids must be unique); this one is named "${unique}"`);
      id = unique;
    }
    used.add(id);
    return id;
  }

  /**
   * Every `{name}` of the path needs a path parameter and every path parameter a `{name}`. A
   * missing one is added as a required string (the call cannot be made without it); one the
   * path does not mention is dropped (it has nowhere to go). Both are warnings.
   */
  private checkPathParameters(operation: Operation, at: Path): void {
    const placeholders = [...operation.path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    const declared = operation.parameters.filter((p) => p.in === 'path');
    for (const p of declared) {
      if (!placeholders.includes(p.name)) {
        this.ctx.warn([...at, 'parameters'], `path parameter "${p.name}" does not appear in the path "${operation.path}"; it is left out`);
        operation.parameters.splice(operation.parameters.indexOf(p), 1);
      }
    }
    for (const name of new Set(placeholders)) {
      if (!declared.some((p) => p.name === name)) {
        this.ctx.warn(at, `the path "${operation.path}" has {${name}} but the operation declares no path parameter "${name}"; it is added as a required string`);
        operation.parameters.push({ name, in: 'path', required: true, schema: { kind: 'primitive', type: 'string' } });
      }
    }
  }

  private parameters(shared: unknown[], own: unknown[], at: Path): Parameter[] {
    const byKey = new Map<string, Parameter>();
    // An operation's parameter overrides the path's of the same name and place; twice in one list is a mistake.
    const seen = [new Set<string>(), new Set<string>()];
    for (const [i, p] of [...shared, ...own].entries()) {
      const param = this.deref(p);
      if (!isRecord(param)) continue;
      const where = param['in'];
      if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') continue;
      if (typeof param['name'] !== 'string') {
        this.ctx.warn(at, `a ${where} parameter has no name (got ${JSON.stringify(param['name']) ?? 'nothing'}); it is left out`);
        continue;
      }
      const name = param['name'];
      const parameter: Parameter = {
        name,
        in: where as ParameterLocation,
        required: where === 'path' || param['required'] === true,
        schema: this.parameterSchema(param, this.placeOf(p, place0(at, i, shared.length))),
      };
      if (typeof param['description'] === 'string') parameter.description = param['description'];
      if (param['deprecated'] === true) parameter.deprecated = true;
      if (typeof param['style'] === 'string') parameter.style = param['style'];
      if (typeof param['explode'] === 'boolean') parameter.explode = param['explode'];
      if (param['allowReserved'] === true) parameter.allowReserved = true;
      const format = this.swagger2 ? this.collectionFormat(param, place0(at, i, shared.length)) : undefined;
      if (format) parameter.collectionFormat = format;
      if (!this.swagger2 && param['schema'] === undefined && isRecord(param['content'])) {
        const media = Object.keys(param['content'])[0];
        if (media !== undefined) parameter.contentType = media;
      }
      const key = `${where}\u0000${name}`;
      const list = i < shared.length ? seen[0]! : seen[1]!;
      const place: Path = i < shared.length ? [...at.slice(0, -1), 'parameters', i] : [...at, 'parameters', i - shared.length];
      if (list.has(key)) this.ctx.warn(place, `the ${where} parameter "${name}" is declared twice${i < shared.length ? ' on the path' : ''}; the last one is used`);
      list.add(key);
      byKey.set(key, parameter);
    }
    return [...byKey.values()];
  }

  /** Swagger 2.0: an array's `collectionFormat` (default csv); `multi` only where the standard allows it (query, formData). */
  private collectionFormat(param: Record<string, unknown>, at: Path): CollectionFormat | undefined {
    if (param['type'] !== 'array') return undefined;
    const given = param['collectionFormat'];
    if (given === undefined) return 'csv';
    if (given === 'csv' || given === 'ssv' || given === 'tsv' || given === 'pipes') return given;
    if (given === 'multi') {
      if (param['in'] === 'query' || param['in'] === 'formData') return 'multi';
      this.ctx.warn([...at, 'collectionFormat'], `collectionFormat "multi" is only valid for query and formData parameters; csv is used`);
      return 'csv';
    }
    this.ctx.warn([...at, 'collectionFormat'], `collectionFormat ${JSON.stringify(given)} is not one of csv, ssv, tsv, pipes, multi; csv is used`);
    return 'csv';
  }

  private parameterSchema(param: Record<string, unknown>, at: Path) {
    if (param['schema'] !== undefined) return this.schemas.convert(param['schema'], [...at, 'schema']);
    if (isRecord(param['content'])) {
      const media = Object.keys(param['content'])[0];
      const first = media === undefined ? undefined : param['content'][media];
      return this.schemas.convert(isRecord(first) ? first['schema'] : undefined, media === undefined ? undefined : [...at, 'content', media, 'schema']);
    }
    // Swagger 2.0: the schema keywords sit on the parameter itself.
    return this.schemas.convert(param, at);
  }

  private requestBody(value: unknown, at: Path): RequestBody | undefined {
    const body = this.deref(value);
    if (!isRecord(body)) return undefined;
    const result: RequestBody = { required: body['required'] === true, contents: this.contents(body['content'], [...this.placeOf(value, at), 'content']) };
    if (typeof body['description'] === 'string') result.description = body['description'];
    return result;
  }

  private swaggerBody(op: Record<string, unknown>, shared: unknown[], at: Path): RequestBody | undefined {
    const own = Array.isArray(op['parameters']) ? op['parameters'] : [];
    const placed = [...shared, ...own].map((p, i) => ({ p: this.deref(p), at: this.placeOf(p, place0(at, i, shared.length)) })).filter((e): e is { p: Record<string, unknown>; at: Path } => isRecord(e.p));
    const params = placed.map((e) => e.p);
    const placeOfParam = (p: Record<string, unknown>): Path => placed.find((e) => e.p === p)!.at;
    const body = params.find((p) => p['in'] === 'body');
    const consumes = this.mediaTypes(op['consumes'] ?? this.data['consumes']);
    if (body) {
      const result: RequestBody = {
        required: body['required'] === true,
        contents: (consumes.length ? consumes : ['application/json']).map((mediaType) => ({ mediaType, schema: this.schemas.convert(body['schema'], [...placeOfParam(body), 'schema']) })),
      };
      if (typeof body['description'] === 'string') result.description = body['description'];
      return result;
    }
    const form = params.filter((p) => p['in'] === 'formData');
    if (form.length === 0) return undefined;
    const mediaType = consumes.find((c) => c === 'multipart/form-data' || c === 'application/x-www-form-urlencoded') ?? 'application/x-www-form-urlencoded';
    const content: Content = {
      mediaType,
      schema: {
        kind: 'object',
        properties: form.map((p) => ({ name: String(p['name']), required: p['required'] === true, schema: this.schemas.convert(p, placeOfParam(p)) })),
      },
    };
    const encoding: Record<string, Encoding> = Object.create(null) as Record<string, Encoding>;
    for (const p of form) {
      const format = this.collectionFormat(p, [...at, 'parameters']);
      if (format) encoding[String(p['name'])] = { collectionFormat: format };
    }
    if (Object.keys(encoding).length > 0) content.encoding = encoding;
    return { required: form.some((p) => p['required'] === true), contents: [content] };
  }

  private responses(value: unknown, op: Record<string, unknown>, at: Path): Response[] {
    if (!isRecord(value)) return [];
    const produces = this.mediaTypes(op['produces'] ?? this.data['produces']);
    return Object.keys(value).map((status) => {
      const r = this.deref(value[status]);
      const record = isRecord(r) ? r : {};
      const place = this.placeOf(value[status], [...at, status]);
      const contents = this.swagger2
        ? record['schema'] === undefined
          ? []
          : (produces.length ? produces : ['application/json']).map((mediaType) => ({ mediaType, schema: this.schemas.convert(record['schema'], [...place, 'schema']) }))
        : this.contents(record['content'], [...place, 'content']);
      const response: Response = { status, contents };
      if (typeof record['description'] === 'string') response.description = record['description'];
      if (!this.swagger2 && isRecord(record['links'])) this.pendingLinks.push({ response, links: record['links'], at: [...at, status, 'links'] });
      return response;
    });
  }

  private contents(value: unknown, at: Path): Content[] {
    if (!isRecord(value)) return [];
    return Object.keys(value).map((mediaType) => {
      const media = value[mediaType];
      const content: Content = { mediaType, schema: this.schemas.convert(isRecord(media) ? media['schema'] : undefined, [...at, mediaType, 'schema']) };
      const encoding = isRecord(media) && /^(?:multipart\/|application\/x-www-form-urlencoded)/i.test(mediaType) ? this.encoding(media['encoding']) : undefined;
      if (encoding) content.encoding = encoding;
      return content;
    });
  }

  /** A media type's Encoding Objects (`contentType`, `style`, `explode`, `allowReserved`), by property. */
  private encoding(value: unknown): Record<string, Encoding> | undefined {
    if (!isRecord(value)) return undefined;
    const out: Record<string, Encoding> = Object.create(null) as Record<string, Encoding>;
    let any = false;
    for (const name of Object.keys(value)) {
      const e = this.deref(value[name]);
      if (!isRecord(e)) continue;
      const encoding: Encoding = {};
      if (typeof e['contentType'] === 'string') encoding.contentType = e['contentType'];
      if (typeof e['style'] === 'string') encoding.style = e['style'];
      if (typeof e['explode'] === 'boolean') encoding.explode = e['explode'];
      if (e['allowReserved'] === true) encoding.allowReserved = true;
      if (Object.keys(encoding).length === 0) continue;
      out[name] = encoding;
      any = true;
    }
    return any ? out : undefined;
  }

  private mediaTypes(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  // ------------------------------------------------------------------ links

  /**
   * Turns each response's `links` into model links, checking targets and their parameters. A
   * link that cannot be followed (no such operation or parameter) is left out with a warning:
   * the rest of the document is usable.
   */
  private resolveLinks(ops: Operation[]): void {
    for (const { response, links, at } of this.pendingLinks) {
      const out: Link[] = [];
      for (const name of Object.keys(links)) {
        const link = this.link(name, this.deref(links[name]), [...at, name], ops);
        if (link) out.push(link);
      }
      if (out.length > 0) response.links = out;
    }
  }

  private link(name: string, l: unknown, p: Path, ops: Operation[]): Link | undefined {
    const skip = (path: Path, problem: string): undefined => {
      this.ctx.warn(path, `${problem}; the link is left out`);
      return undefined;
    };
    if (!isRecord(l)) return skip(p, `link "${name}" must be a mapping with operationId or operationRef`);
    let target: Operation | undefined;
    if (typeof l['operationId'] === 'string') {
      const id = l['operationId'];
      target = ops.find((o) => o.id === id);
      if (!target) return skip([...p, 'operationId'], `link "${name}" names operation "${id}", which this document does not have`);
    } else if (typeof l['operationRef'] === 'string') {
      const ref = l['operationRef'];
      let pointer: string | undefined;
      try {
        pointer = ref.startsWith('#/') ? decodeURIComponent(ref.slice(1)) : undefined;
      } catch {
        pointer = undefined;
      }
      target = pointer === undefined ? undefined : ops.find((o) => o.pointer === pointer);
      if (!target) return skip([...p, 'operationRef'], `link "${name}": operationRef "${ref}" is not an operation of this document (other documents are not supported)`);
    } else {
      return skip(p, `link "${name}" needs operationId or operationRef`);
    }
    const parameters: Array<[string, unknown]> = [];
    if (l['parameters'] !== undefined) {
      if (!isRecord(l['parameters'])) return skip([...p, 'parameters'], `link "${name}": parameters must be a mapping`);
      for (const key of Object.keys(l['parameters'])) {
        const qualified = /^(path|query|header|cookie)\.(.+)$/.exec(key);
        const found =
          (qualified ? target.parameters.find((tp) => tp.in === qualified[1] && tp.name === qualified[2]) : undefined) ??
          target.parameters.find((tp) => tp.name === key);
        if (!found) return skip([...p, 'parameters', key], `link "${name}": operation "${target.id}" has no parameter "${key}"`);
        parameters.push([key, l['parameters'][key]]);
      }
    }
    const link: Link = { name, operationId: target.id, parameters: Object.fromEntries(parameters) };
    if (l['requestBody'] !== undefined) {
      if (!target.requestBody) return skip([...p, 'requestBody'], `link "${name}": operation "${target.id}" takes no request body`);
      link.requestBody = l['requestBody'];
    }
    if (typeof l['description'] === 'string') link.description = l['description'];
    return link;
  }

  // ------------------------------------------------------------------ helpers

  private namedSchemas() {
    const container = this.swagger2 ? this.data['definitions'] : isRecord(this.data['components']) ? this.data['components']['schemas'] : undefined;
    if (!isRecord(container)) return [];
    const prefix = this.swagger2 ? '/definitions/' : '/components/schemas/';
    return Object.keys(container).map((name) => ({
      name,
      schema: this.schemas.convert(container[name], [...fromPointer(prefix.slice(0, -1)), name]),
      pointer: `${prefix}${escapeSegment(name)}`,
    }));
  }

  /** Where `value` really stands: the end of its chain of local `$ref`s, else `at`. */
  private placeOf(value: unknown, at: Path, depth = 0): Path {
    if (isRecord(value) && typeof value['$ref'] === 'string' && value['$ref'].startsWith('#') && depth < 20) {
      const segments = fromRefFragment(value['$ref'].slice(1));
      return segments === undefined ? at : this.placeOf(resolveLocal(this.data, value['$ref']), segments, depth + 1);
    }
    return at;
  }

  /** Follows local `$ref`s of non-schema objects (parameters, responses, bodies, path items). */
  private deref(value: unknown, depth = 0): unknown {
    if (isRecord(value) && typeof value['$ref'] === 'string' && depth < 20) {
      return this.deref(resolveLocal(this.data, value['$ref']), depth + 1);
    }
    return value;
  }
}
