/**
 * Responses and links: OpenAPI 3.x sections 4.8.16 (Responses Object), 4.8.17 (Response
 * Object) and 4.8.20 (Link Object: `operationId` or a local `operationRef`, `parameters`,
 * `requestBody`), links resolved once every operation is known. Swagger 2.0's response `schema`
 * arrives as `content` (swagger2-to-openapi3.ts). Polling (`x-specweave-poll`) is read by extensions.ts.
 */
import type { Link, Operation, Response } from '../model/ir.js';
import { mediaContents } from './openapi-bodies.js';
import type { OpenApiSource, Path } from './openapi-source.js';
import { isRecord } from './schema.js';

/** Responses' `links`, resolved once every operation is known. */
export type PendingLinks = Array<{ response: Response; links: Record<string, unknown>; at: Path }>;

export function responses(src: OpenApiSource, pending: PendingLinks, value: unknown, at: Path): Response[] {
  if (!isRecord(value)) return [];
  return Object.keys(value).map((status) => {
    const r = src.deref(value[status]);
    const record = isRecord(r) ? r : {};
    const place = src.placeOf(value[status], [...at, status]);
    const response: Response = { status, contents: mediaContents(src, record['content'], [...place, 'content']) };
    if (typeof record['description'] === 'string') response.description = record['description'];
    if (isRecord(record['links'])) pending.push({ response, links: record['links'], at: [...at, status, 'links'] });
    return response;
  });
}

/**
 * Turns each response's `links` into model links, checking targets and their parameters. A
 * link that cannot be followed (no such operation or parameter) is left out with a warning:
 * the rest of the document is usable.
 */
export function resolveLinks(src: OpenApiSource, pending: PendingLinks, ops: Operation[]): void {
  for (const { response, links, at } of pending) {
    const out: Link[] = [];
    for (const name of Object.keys(links)) {
      const built = link(src, name, src.deref(links[name]), [...at, name], ops);
      if (built) out.push(built);
    }
    if (out.length > 0) response.links = out;
  }
}

function link(src: OpenApiSource, name: string, l: unknown, p: Path, ops: Operation[]): Link | undefined {
  const skip = (path: Path, problem: string): undefined => {
    src.ctx.warn(path, `${problem}; the link is left out`);
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
    if (!target)
      return skip([...p, 'operationRef'], `link "${name}": operationRef "${ref}" is not an operation of this document (other documents are not supported)`);
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
