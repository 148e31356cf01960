/**
 * The model from an OpenAPI 2.0 (Swagger) or 3.0/3.1 document: the document's facts (OpenAPI
 * 3.x section 4.8.1, OpenAPI Object; 4.8.2 Info Object), its named schemas (4.8.7 Components
 * Object) and one model operation per Operation Object (4.8.10) of each Path Item (4.8.9). The
 * parts, each in its own module with its section of the standard: openapi-servers.ts,
 * openapi-security.ts, openapi-parameters.ts, openapi-bodies.ts, openapi-responses.ts (and
 * links); our extensions in extensions.ts. A Swagger 2.0 document is read in the 3.x shapes
 * (swagger2-to-openapi3.ts turns it into them first; warnings name its own places).
 */
import type { LoadedDocument } from '../load/index.js';
import { toPointer } from '../load/json-pointer.js';
import type { ApiModel, HttpMethod, Operation, SecurityRequirement } from '../model/ir.js';
import { uniqueName } from '../model/unique-name.js';
import { operationExtensions } from './extensions.js';
import type { Parsed } from './index.js';
import { requestBody } from './openapi-bodies.js';
import { checkPathParameters, parameters } from './openapi-parameters.js';
import { type PendingLinks, resolveLinks, responses } from './openapi-responses.js';
import { securityList, securitySchemes } from './openapi-security.js';
import { OpenApiServers } from './openapi-servers.js';
import { OpenApiSource, type Path } from './openapi-source.js';
import { isRecord } from './schema.js';

const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Builds the model from an OpenAPI 2.0 (Swagger) or 3.0/3.1 document. */
export function parseOpenApi(name: string, doc: LoadedDocument): Parsed {
  const src = new OpenApiSource(doc);
  const servers = new OpenApiServers(src);
  const pending: PendingLinks = [];
  const data = src.data;
  const info = isRecord(data['info']) ? data['info'] : {};
  const documentServers = servers.documentServers();
  const model: ApiModel = {
    name,
    title: typeof info['title'] === 'string' ? info['title'] : name,
    version: typeof info['version'] === 'string' ? info['version'] : '',
    source: { file: doc.file, kind: 'openapi', version: doc.version },
    servers: [],
    securitySchemes: securitySchemes(src),
    security: securityList(data['security']) ?? [],
    schemas: namedSchemas(src),
    operations: operations(src, servers, pending, documentServers, securityList(data['security']) ?? []),
    channels: [],
  };
  if (typeof info['description'] === 'string') model.description = info['description'];
  if (info['x-origin'] !== undefined) model.source.origin = info['x-origin'];
  resolveLinks(src, pending, model.operations);
  model.servers = servers.all();
  model.schemas.push(...src.schemas.hoisted);
  return { model, warnings: src.ctx.warnings.list };
}

function operations(
  src: OpenApiSource,
  servers: OpenApiServers,
  pending: PendingLinks,
  documentServers: string[],
  documentSecurity: SecurityRequirement[],
): Operation[] {
  const paths = src.data['paths'];
  if (!isRecord(paths)) return [];
  const ops: Operation[] = [];
  const usedIds = new Set<string>();
  for (const path of Object.keys(paths)) {
    const item = src.deref(paths[path]);
    if (!isRecord(item)) continue;
    const pathServers = servers.list(item['servers'], ['paths', path, 'servers']);
    const shared = Array.isArray(item['parameters']) ? item['parameters'] : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      const at: Path = ['paths', path, method];
      const opServers = servers.list(op['servers'], [...at, 'servers']);
      const id = operationId(src, op, method, path, usedIds, at);
      const operation: Operation = {
        id,
        method,
        path,
        // OpenAPI: operation servers override path servers override the document's.
        servers: opServers.length > 0 ? opServers : pathServers.length > 0 ? pathServers : documentServers,
        parameters: parameters(src, shared, Array.isArray(op['parameters']) ? op['parameters'] : [], at),
        responses: responses(src, pending, op['responses'], [...at, 'responses']),
        security: securityList(op['security']) ?? documentSecurity,
        pointer: toPointer(at),
      };
      checkPathParameters(src, operation, at);
      const body = requestBody(src, op['requestBody'], [...at, 'requestBody']);
      if (body && (method === 'get' || method === 'head')) {
        // fetch cannot send a GET or HEAD body, and HTTP gives it no meaning (RFC 9110 9.3.1).
        src.ctx.warn(
          [...at, 'requestBody'],
          `a ${method.toUpperCase()} request cannot carry a body (HTTP gives it no meaning and fetch refuses to send one); the body is left out of the call`,
        );
      } else if (body) {
        operation.requestBody = body;
      }
      if (typeof op['summary'] === 'string') operation.summary = op['summary'];
      if (typeof op['description'] === 'string') operation.description = op['description'];
      if (op['deprecated'] === true) operation.deprecated = true;
      Object.assign(operation, operationExtensions(src.ctx, op, at));
      ops.push(operation);
    }
  }
  return ops;
}

/** The spec's operationId, or `method` + path words; made unique in document order. */
function operationId(src: OpenApiSource, op: Record<string, unknown>, method: string, path: string, used: Set<string>, at: Path): string {
  let id = typeof op['operationId'] === 'string' && op['operationId'] !== '' ? op['operationId'] : `${method} ${path}`;
  if (used.has(id)) {
    const unique = uniqueName(id, (c) => used.has(c));
    if (typeof op['operationId'] === 'string')
      src.ctx.warn(
        [...at, 'operationId'],
        `operationId "${id}" is used by an earlier operation too (operation ids must be unique); this one is named "${unique}"`,
      );
    id = unique;
  }
  used.add(id);
  return id;
}

/** `components.schemas` (Swagger 2.0's `definitions`, pointed at where they are written), by name. */
function namedSchemas(src: OpenApiSource): ApiModel['schemas'] {
  const container = isRecord(src.data['components']) ? src.data['components']['schemas'] : undefined;
  if (!isRecord(container)) return [];
  return Object.keys(container).map((name) => ({
    name,
    schema: src.schemas.convert(container[name], ['components', 'schemas', name]),
    pointer: toPointer(src.original(['components', 'schemas', name])),
  }));
}
