/**
 * Swagger 2.0 turned into the OpenAPI 3.0 shapes before the builder reads it, as the official
 * converter (swagger2openapi) maps it; the rest of the builder reads 3.x shapes only. Each
 * mapping names its Swagger 2.0 section:
 *
 * - "Swagger Object": `host` + `basePath` + `schemes` → one Server Object (https when listed,
 *   else the first scheme; a `basePath` alone stays a relative server, no `host` nor `basePath`
 *   none); `definitions` / `parameters` / `responses` / `securityDefinitions` →
 *   `components.schemas` / `.parameters` / `.responses` / `.securitySchemes`. Body parameters of
 *   `parameters` go to `components.requestBodies` (under the document's `consumes`).
 * - "Security Definitions Object", "Security Scheme Object": `basic` → `http`/`basic`; `apiKey`
 *   as it is; `oauth2` flows `implicit`, `password`, `application` → `clientCredentials`,
 *   `accessCode` → `authorizationCode`, with their URLs and scopes.
 * - "Parameter Object": `in: body` → the operation's Request Body Object, its `schema` in each
 *   media type of `consumes` (operation's, else document's, else JSON); `in: formData` → one
 *   object schema in `multipart/form-data` when consumed, else
 *   `application/x-www-form-urlencoded` (`type: file` → `string`/`binary`); other parameters'
 *   schema keywords (`type`, `items`, `format`, `default`, ...) → their `schema`.
 * - "Response Object": `schema` → `content`, in each media type of `produces` (else JSON);
 *   `type: file` (allowed there) → `string`/`binary`. Referenced responses are inlined, since
 *   `produces` is the operation's.
 * - "Reference Object": `#/definitions/X` → `#/components/schemas/X`; a reference into any
 *   other moved place (`#/parameters/...`, `#/responses/.../schema`, `#/paths/.../schema`) →
 *   where that node went.
 * - `collectionFormat` ("Parameter Object", "Items Object") has no 3.x shape that keeps its
 *   five values (tsv has none): it is carried in a side table, read by `collectionFormat()`.
 *
 * The input document is not touched: every moved node is new, and `original(path)` says, for a
 * path in the 3.x document, the place in the 2.0 document it came from (warnings name that).
 */
import { escapeSegment, fromRefFragment, toPointer } from '../load/json-pointer.js';
import type { CollectionFormat } from '../model/ir.js';
import type { ParseContext } from './context.js';
import { isRecord } from './schema.js';

type Path = Array<string | number>;
type Json = Record<string, unknown>;

// `trace` is not 2.0's, but the builder reads it where a document writes it.
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Schema keywords whose values are data, not schemas: copied as they are. */
const LITERAL_KEYWORDS = new Set(['example', 'examples', 'default', 'enum', 'const']);
/** Keywords whose values map names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** What a 2.0 parameter says about itself rather than its value's schema. */
const PARAMETER_KEYWORDS = new Set(['name', 'in', 'required', 'collectionFormat', 'allowEmptyValue', 'schema']);
const OAUTH2_FLOWS: Record<string, string> = {
  implicit: 'implicit',
  password: 'password',
  application: 'clientCredentials',
  accessCode: 'authorizationCode',
};

/** A 2.0 array parameter's `collectionFormat` as written, and whether `multi` is allowed where it stands. */
interface CollectionFormatInfo {
  given: unknown;
  multiAllowed: boolean;
}
const COLLECTION_FORMATS = new WeakMap<object, CollectionFormatInfo>();

export interface Normalised {
  /** The document in OpenAPI 3.0 shapes. */
  data: Json;
  /** The place in the 2.0 document of a path of `data`. */
  original: (path: ReadonlyArray<string | number>) => Path;
}

/**
 * Swagger 2.0 "Parameter Object", "Items Object": an array's `collectionFormat` (default csv);
 * `multi` only where the standard allows it (query, formData). Undefined for a node the 2.0
 * normaliser did not give one (every OpenAPI 3.x node).
 */
export function collectionFormat(ctx: ParseContext, node: unknown, at: ReadonlyArray<string | number>): CollectionFormat | undefined {
  const info = isRecord(node) ? COLLECTION_FORMATS.get(node) : undefined;
  if (!info) return undefined;
  const given = info.given;
  if (given === undefined) return 'csv';
  if (given === 'csv' || given === 'ssv' || given === 'tsv' || given === 'pipes') return given;
  if (given === 'multi') {
    if (info.multiAllowed) return 'multi';
    ctx.warn([...at, 'collectionFormat'], `collectionFormat "multi" is only valid for query and formData parameters; csv is used`);
    return 'csv';
  }
  ctx.warn([...at, 'collectionFormat'], `collectionFormat ${JSON.stringify(given)} is not one of csv, ssv, tsv, pipes, multi; csv is used`);
  return 'csv';
}

export function swagger2ToOpenApi3(doc: Json): Normalised {
  return new Normaliser(doc).run();
}

/**
 * Sets a key of a new mapping; `__proto__` (a key like any other in a document) as an own
 * property, not the object's prototype.
 */
function put(node: Json | unknown[], key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
  else (node as Json)[key] = value;
}

function isNode(value: unknown): value is Json {
  return value !== null && typeof value === 'object';
}

function mediaTypes(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

class Normaliser {
  // Maps and sets, not weak ones: they live as long as the builder, and a large document has
  // hundreds of thousands of nodes (weak tables made the collector the largest cost).
  /** Every node this normaliser made (the others are the 2.0 document's own, never written to). */
  private readonly made = new Set<object>();
  /** New node → its place in the 2.0 document (only where the place is not its parent's plus its key). */
  private readonly origins = new Map<object, Path>();
  /** Schema copies by original, so that shared and recursive schemas stay shared (named schemas are known by identity). */
  private readonly copies = new Map<object, unknown>();
  /** Pointer of an original schema → the path of its copy, for references into moved places. */
  private readonly moved = new Map<string, Path>();
  /** The same for parameters (a 2.0 parameter is a parameter and, by its keywords, a schema). */
  private readonly movedParameters = new Map<string, Path>();
  /** Copied `$ref`s, rewritten once every node has its new place. */
  private readonly refs: Array<{ node: Json; ref: string; moved: Map<string, Path> }> = [];
  private readonly data: Json = this.map();

  constructor(private readonly doc: Json) {}

  private map(): Json {
    const out: Json = {};
    this.made.add(out);
    return out;
  }

  private list(): unknown[] {
    const out: unknown[] = [];
    this.made.add(out);
    return out;
  }

  run(): Normalised {
    const doc = this.doc;
    for (const key of Object.keys(doc)) {
      if (
        ['swagger', 'host', 'basePath', 'schemes', 'consumes', 'produces', 'definitions', 'parameters', 'responses', 'securityDefinitions', 'paths'].includes(
          key,
        )
      )
        continue;
      put(this.data, key, doc[key]);
    }
    this.data['openapi'] = '3.0.0';
    const server = this.server();
    if (server) this.data['servers'] = server;
    const components = this.map();
    if (isRecord(doc['definitions'])) components['schemas'] = this.definitions(doc['definitions']);
    if (isRecord(doc['parameters'])) Object.assign(components, this.sharedParameters(doc['parameters']));
    if (isRecord(doc['responses'])) components['responses'] = this.sharedResponses(doc['responses']);
    if (isRecord(doc['securityDefinitions'])) components['securitySchemes'] = this.securitySchemes(doc['securityDefinitions']);
    if (Object.keys(components).length > 0) this.data['components'] = components;
    this.data['paths'] = isRecord(doc['paths']) ? this.paths(doc['paths']) : doc['paths'];
    // Grafting copies more schemas, which may queue more references.
    for (let i = 0; i < this.refs.length; i++) {
      const { node, ref, moved } = this.refs[i]!;
      const rewritten = this.rewrite(ref, moved);
      node['$ref'] = rewritten;
      if (rewritten === ref && moved === this.moved) this.graft(ref);
    }
    // Only `origins` is read after this (by `original`, for as long as the builder reports).
    this.made.clear();
    this.copies.clear();
    this.moved.clear();
    this.movedParameters.clear();
    this.refs.length = 0;
    return { data: this.data, original: (path) => this.original(path) };
  }

  /** The 2.0 place of a path of the new document: the nearest node with a place of its own, plus the rest. */
  private original(path: ReadonlyArray<string | number>): Path {
    let node: unknown = this.data;
    let base: Path = [];
    let rest: Path = [];
    for (const segment of path) {
      node = node !== null && typeof node === 'object' && Object.hasOwn(node, segment) ? (node as Json)[segment as string] : undefined;
      rest.push(segment);
      const place = node !== null && typeof node === 'object' ? this.origins.get(node) : undefined;
      if (place) {
        base = place;
        rest = [];
      }
    }
    return [...base, ...rest];
  }

  private placed<T extends object>(node: T, place: Path): T {
    this.origins.set(node, place);
    return node;
  }

  /** Follows local `$ref`s of the 2.0 document (parameters, responses, path items). */
  private deref(value: unknown, depth = 0): unknown {
    if (isRecord(value) && typeof value['$ref'] === 'string' && depth < 20) return this.deref(this.resolve(value['$ref']), depth + 1);
    return value;
  }

  private resolve(ref: string): unknown {
    if (!ref.startsWith('#')) return undefined;
    const segments = fromRefFragment(ref.slice(1));
    if (segments === undefined) return undefined;
    let node: unknown = this.doc;
    for (const s of segments) {
      node = this.deref(node);
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, s)) return undefined;
      node = (node as Json)[s];
    }
    return node;
  }

  /** Where `value` really stands in the 2.0 document: the end of its chain of local `$ref`s, else `at`. */
  private placeOf(value: unknown, at: Path, depth = 0): Path {
    if (isRecord(value) && typeof value['$ref'] === 'string' && value['$ref'].startsWith('#') && depth < 20) {
      const segments = fromRefFragment(value['$ref'].slice(1));
      return segments === undefined ? at : this.placeOf(this.resolve(value['$ref']), segments, depth + 1);
    }
    return at;
  }

  /** 2.0 "Swagger Object": `host`, `basePath`, `schemes` → one server (none without host and basePath). */
  private server(): unknown[] | undefined {
    const doc = this.doc;
    const host = typeof doc['host'] === 'string' ? doc['host'] : undefined;
    const basePath = typeof doc['basePath'] === 'string' ? doc['basePath'] : '';
    const schemes = mediaTypes(doc['schemes']);
    const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
    if (!host && !basePath) return undefined;
    const server = this.map();
    server['url'] = host ? `${scheme}://${host}${basePath}` : basePath;
    return [this.placed(server, ['host'])];
  }

  /**
   * A copy of a schema with its `$ref`s rewritten (2.0 "Reference Object") and, where the
   * standard allows `type: file` (form parameters, response schemas), that as a binary string.
   * `from` is the original's place, remembered for references into it.
   */
  private schema(value: unknown, from: Path | undefined, newPlace: Path | undefined, file = false): unknown {
    if (from !== undefined && newPlace !== undefined && value !== null && typeof value === 'object') this.move(from, newPlace);
    const copy = this.copy(value);
    if (file && isRecord(copy) && copy['type'] === 'file') {
      const binary = this.map();
      for (const key of Object.keys(copy)) put(binary, key, copy[key]);
      binary['type'] = 'string';
      binary['format'] = 'binary';
      return binary;
    }
    return copy;
  }

  /** A schema's copy (`$ref`s queued for rewriting); data keywords and extensions are kept as they are. */
  private copy(value: unknown, names = false): unknown {
    if (value === null || typeof value !== 'object') return value;
    const known = this.copies.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const out = this.list();
      this.copies.set(value, out);
      for (const v of value) out.push(this.copy(v));
      return out;
    }
    const out = this.map();
    this.copies.set(value, out);
    for (const key of Object.keys(value)) {
      const v = (value as Json)[key];
      // Under `properties` (a mapping of names) every value is a schema, whatever its name.
      if (names) put(out, key, this.copy(v));
      else put(out, key, LITERAL_KEYWORDS.has(key) || key.startsWith('x-') ? v : this.copy(v, SCHEMA_MAPS.has(key) && isRecord(v)));
    }
    if (!names && typeof out['$ref'] === 'string') this.refs.push({ node: out, ref: out['$ref'], moved: this.moved });
    return out;
  }

  private move(from: Path, to: Path, moved = this.moved): void {
    const pointer = toPointer(from);
    if (!moved.has(pointer)) moved.set(pointer, to);
  }

  /** A `$ref` of the 2.0 document as the new document writes it. */
  private rewrite(ref: string, moved: Map<string, Path>): string {
    if (moved === this.moved && ref.startsWith('#/definitions/')) return `#/components/schemas/${ref.slice('#/definitions/'.length)}`;
    if (moved === this.moved && ref === '#/definitions') return '#/components/schemas';
    const segments = ref.startsWith('#') ? fromRefFragment(ref.slice(1)) : undefined;
    if (segments === undefined) return ref;
    for (let n = segments.length; n > 0; n--) {
      const to = moved.get(toPointer(segments.slice(0, n)));
      if (to) return `#${[...to, ...segments.slice(n)].map((s) => `/${encodeURIComponent(escapeSegment(s))}`).join('')}`;
    }
    return ref;
  }

  /**
   * A schema reference into a place of the 2.0 document that no mapping moved (an extension such
   * as `x-stream-definitions`, a response used as a schema): a copy of that node is put at the
   * same path of the new document, so that the reference, unchanged, finds it there.
   */
  private graft(ref: string): void {
    const segments = ref.startsWith('#') ? fromRefFragment(ref.slice(1)) : undefined;
    if (segments === undefined || segments.length === 0) return;
    let original: unknown = this.doc;
    let node: Json = this.data;
    for (const [i, segment] of segments.entries()) {
      original = this.deref(original);
      if (!isNode(original) || !Object.hasOwn(original, segment)) return;
      original = original[segment];
      const current = Object.hasOwn(node, segment) ? node[segment] : undefined;
      const made = isNode(current) && this.made.has(current);
      if (i === segments.length - 1) {
        if (!made) put(node, segment, this.copy(original));
        return;
      }
      if (made) {
        node = current;
        continue;
      }
      const inner = this.deref(original);
      if (!isNode(inner)) return;
      const shallow = Array.isArray(inner) ? this.list() : this.map();
      for (const key of Object.keys(inner)) put(shallow, key, inner[key]);
      put(node, segment, shallow);
      node = shallow as Json;
    }
  }

  private definitions(definitions: Json): Json {
    const out = this.placed(this.map(), ['definitions']);
    for (const name of Object.keys(definitions)) put(out, name, this.copy(definitions[name]));
    return out;
  }

  /** 2.0 "Parameters Definitions Object": body parameters → `requestBodies`, form parameters stay with the operations that use them. */
  private sharedParameters(parameters: Json): Json {
    const out: Json = this.map();
    const params = this.map();
    const bodies = this.map();
    for (const name of Object.keys(parameters)) {
      const place = this.placeOf(parameters[name], ['parameters', name]);
      const p = this.deref(parameters[name]);
      if (!isRecord(p)) continue;
      if (p['in'] === 'body') put(bodies, name, this.body(p, place, this.consumes(undefined), ['components', 'requestBodies', name], place));
      else if (p['in'] !== 'formData') {
        put(params, name, this.parameter(p, place, ['components', 'parameters', name]));
        this.move(['parameters', name], ['components', 'parameters', name], this.movedParameters);
      }
    }
    if (Object.keys(params).length > 0) out['parameters'] = params;
    if (Object.keys(bodies).length > 0) out['requestBodies'] = bodies;
    return out;
  }

  private sharedResponses(responses: Json): Json {
    const out = this.placed(this.map(), ['responses']);
    for (const name of Object.keys(responses)) {
      const r = this.deref(responses[name]);
      put(
        out,
        name,
        isRecord(r)
          ? this.response(r, this.placeOf(responses[name], ['responses', name]), this.produces(undefined), ['components', 'responses', name])
          : responses[name],
      );
    }
    return out;
  }

  /** 2.0 "Security Scheme Object" → the 3.0 one. */
  private securitySchemes(definitions: Json): Json {
    const out = this.placed(this.map(), ['securityDefinitions']);
    for (const name of Object.keys(definitions)) {
      const s = this.deref(definitions[name]);
      if (!isRecord(s)) {
        put(out, name, s);
        continue;
      }
      const scheme = this.map();
      for (const key of Object.keys(s)) if (!['type', 'flow', 'authorizationUrl', 'tokenUrl', 'scopes'].includes(key)) put(scheme, key, s[key]);
      if (s['type'] === 'basic') {
        scheme['type'] = 'http';
        scheme['scheme'] = 'basic';
      } else if (s['type'] === 'oauth2' && typeof s['flow'] === 'string' && Object.hasOwn(OAUTH2_FLOWS, s['flow'])) {
        scheme['type'] = 'oauth2';
        const flow = this.map();
        if (s['flow'] === 'implicit' || s['flow'] === 'accessCode') flow['authorizationUrl'] = s['authorizationUrl'];
        if (s['flow'] !== 'implicit') flow['tokenUrl'] = s['tokenUrl'];
        flow['scopes'] = isRecord(s['scopes']) ? s['scopes'] : {};
        const flows = this.map();
        flows[OAUTH2_FLOWS[s['flow']]!] = flow;
        scheme['flows'] = flows;
      } else {
        // apiKey is the same in 3.0; anything else is passed on for the builder to judge.
        for (const key of ['type', 'flow', 'authorizationUrl', 'tokenUrl', 'scopes']) if (key in s) scheme[key] = s[key];
      }
      put(out, name, scheme);
    }
    return out;
  }

  private consumes(op: Json | undefined): string[] {
    return mediaTypes(op?.['consumes'] ?? this.doc['consumes']);
  }

  private produces(op: Json | undefined): string[] {
    return mediaTypes(op?.['produces'] ?? this.doc['produces']);
  }

  /**
   * A non-body 2.0 parameter as a 3.0 one: its schema keywords (with `description`, `default`
   * and the other annotations, which the schema keeps as the 2.0 parameter has them) become
   * its `schema`; `collectionFormat` goes to the side table.
   */
  private parameter(p: Json, place: Path, newPlace: Path): Json {
    const out = this.placed(this.map(), place);
    for (const key of ['name', 'in', 'description', 'required', 'deprecated', 'allowEmptyValue']) if (key in p) out[key] = p[key];
    for (const key of Object.keys(p)) if (key.startsWith('x-')) out[key] = p[key];
    out['schema'] =
      p['schema'] !== undefined
        ? this.schema(p['schema'], [...place, 'schema'], [...newPlace, 'schema'])
        : this.keywordSchema(p, place, [...newPlace, 'schema']);
    if (p['type'] === 'array') COLLECTION_FORMATS.set(out, { given: p['collectionFormat'], multiAllowed: p['in'] === 'query' || p['in'] === 'formData' });
    return out;
  }

  /** The schema a 2.0 parameter writes on itself. */
  private keywordSchema(p: Json, place: Path, newPlace: Path): Json {
    this.move(place, newPlace);
    const out = this.placed(this.map(), place);
    for (const key of Object.keys(p))
      if (!PARAMETER_KEYWORDS.has(key)) out[key] = LITERAL_KEYWORDS.has(key) || key.startsWith('x-') ? p[key] : this.copy(p[key]);
    if (out['type'] === 'file') {
      out['type'] = 'string';
      out['format'] = 'binary';
    }
    return out;
  }

  /** 2.0 "Parameter Object" `in: body` → Request Body Object. */
  private body(p: Json, place: Path, consumes: string[], newPlace: Path, bodyPlace: Path): Json {
    const out = this.placed(this.map(), bodyPlace);
    if (typeof p['description'] === 'string') out['description'] = p['description'];
    if (p['required'] === true) out['required'] = true;
    const content = this.placed(this.map(), bodyPlace);
    const types = consumes.length ? consumes : ['application/json'];
    for (const mediaType of types) {
      const media = this.placed(this.map(), place);
      if (p['schema'] !== undefined) media['schema'] = this.schema(p['schema'], [...place, 'schema'], [...newPlace, 'content', types[0]!, 'schema']);
      content[mediaType] = media;
    }
    out['content'] = content;
    return out;
  }

  /** 2.0 `in: formData` parameters → one object schema of form fields, with each array's collectionFormat as its encoding. */
  private form(form: Array<{ p: Json; place: Path; listPlace: Path }>, consumes: string[], newPlace: Path, bodyPlace: Path): Json {
    const mediaType = consumes.find((c) => c === 'multipart/form-data' || c === 'application/x-www-form-urlencoded') ?? 'application/x-www-form-urlencoded';
    const properties = this.map();
    const required: string[] = [];
    const encoding = this.map();
    for (const { p, place, listPlace } of form) {
      const name = String(p['name']);
      put(properties, name, this.keywordSchema(p, place, [...newPlace, 'content', mediaType, 'schema', 'properties', name]));
      if (p['required'] === true) required.push(name);
      if (p['type'] === 'array') {
        const field = this.placed(this.map(), listPlace);
        COLLECTION_FORMATS.set(field, { given: p['collectionFormat'], multiAllowed: true });
        put(encoding, name, field);
      }
    }
    const schema = this.placed(this.map(), bodyPlace);
    schema['type'] = 'object';
    schema['properties'] = properties;
    if (required.length > 0) schema['required'] = required;
    const media = this.placed(this.map(), bodyPlace);
    media['schema'] = schema;
    if (Object.keys(encoding).length > 0) media['encoding'] = encoding;
    const content = this.placed(this.map(), bodyPlace);
    content[mediaType] = media;
    const out = this.placed(this.map(), bodyPlace);
    if (required.length > 0) out['required'] = true;
    out['content'] = content;
    return out;
  }

  /** 2.0 "Response Object": `schema` in each media type of `produces`. */
  private response(r: Json, place: Path, produces: string[], newPlace: Path): Json {
    const out = this.placed(this.map(), place);
    for (const key of Object.keys(r)) if (key === 'description' || key.startsWith('x-')) out[key] = r[key];
    if (r['schema'] !== undefined) {
      const content = this.placed(this.map(), place);
      const types = produces.length ? produces : ['application/json'];
      for (const mediaType of types) {
        const media = this.placed(this.map(), place);
        media['schema'] = this.schema(r['schema'], [...place, 'schema'], [...newPlace, 'content', types[0]!, 'schema'], true);
        content[mediaType] = media;
      }
      out['content'] = content;
    }
    return out;
  }

  private paths(paths: Json): Json {
    const out = this.map();
    for (const path of Object.keys(paths)) {
      const item = this.deref(paths[path]);
      put(out, path, isRecord(item) ? this.pathItem(item, path) : paths[path]);
    }
    return out;
  }

  private pathItem(item: Json, path: string): Json {
    const out = this.placed(this.map(), ['paths', path]);
    const shared = Array.isArray(item['parameters']) ? this.placedParameters(item['parameters'], ['paths', path, 'parameters']) : [];
    for (const key of Object.keys(item)) {
      if (key === '$ref' || key === 'servers') continue;
      if (key === 'parameters') out[key] = Array.isArray(item[key]) ? this.parameterList(shared, ['paths', path, 'parameters']) : item[key];
      else if ((METHODS as readonly string[]).includes(key) && isRecord(item[key])) out[key] = this.operation(item[key], path, key, shared);
      else put(out, key, item[key]);
    }
    return out;
  }

  private placedParameters(list: unknown[], at: Path): Array<{ value: unknown; p: unknown; place: Path; listPlace: Path }> {
    return list.map((value, i) => ({ value, p: this.deref(value), place: this.placeOf(value, [...at, i]), listPlace: [...at, i] }));
  }

  /** The 3.0 `parameters` of a path item or operation: every parameter but body and form ones, `$ref`s kept. */
  private parameterList(entries: Array<{ value: unknown; p: unknown; place: Path; listPlace: Path }>, at: Path): unknown[] {
    const out = this.placed(this.list(), at);
    for (const { value, p, place, listPlace } of entries) {
      if (isRecord(p) && (p['in'] === 'body' || p['in'] === 'formData')) continue;
      const newPlace = [...at, out.length];
      if (isRecord(value) && typeof value['$ref'] === 'string') {
        const ref = this.placed(this.map(), listPlace);
        ref['$ref'] = value['$ref'];
        this.refs.push({ node: ref, ref: value['$ref'], moved: this.movedParameters });
        out.push(ref);
      } else if (isRecord(p)) {
        out.push(this.parameter(p, place, newPlace));
        this.move(place, newPlace, this.movedParameters);
      } else {
        out.push(value);
      }
    }
    return out;
  }

  private operation(op: Json, path: string, method: string, shared: ReturnType<Normaliser['placedParameters']>): Json {
    const at: Path = ['paths', path, method];
    const out = this.placed(this.map(), at);
    const own = Array.isArray(op['parameters']) ? this.placedParameters(op['parameters'], [...at, 'parameters']) : [];
    for (const key of Object.keys(op)) {
      if (['consumes', 'produces', 'schemes', 'servers', 'requestBody', 'callbacks'].includes(key)) continue;
      if (key === 'parameters') out[key] = Array.isArray(op[key]) ? this.parameterList(own, [...at, 'parameters']) : op[key];
      else if (key === 'responses') out[key] = isRecord(op[key]) ? this.responses(op[key], op, [...at, 'responses']) : op[key];
      else put(out, key, op[key]);
    }
    // 2.0 "Parameter Object": the first body parameter, else the form parameters, of the path item's and the operation's.
    const all = [...shared, ...own].filter((e): e is typeof e & { p: Json } => isRecord(e.p));
    const body = all.find((e) => e.p['in'] === 'body');
    const form = all.filter((e) => e.p['in'] === 'formData');
    const bodyPlace = [...at, 'parameters'];
    if (body) out['requestBody'] = this.body(body.p, body.place, this.consumes(op), [...at, 'requestBody'], bodyPlace);
    else if (form.length > 0) out['requestBody'] = this.form(form, this.consumes(op), [...at, 'requestBody'], bodyPlace);
    return out;
  }

  private responses(responses: Json, op: Json, at: Path): Json {
    const out = this.map();
    for (const status of Object.keys(responses)) {
      const r = this.deref(responses[status]);
      put(
        out,
        status,
        isRecord(r) ? this.response(r, this.placeOf(responses[status], [...at, status]), this.produces(op), [...at, status]) : responses[status],
      );
    }
    return out;
  }
}
