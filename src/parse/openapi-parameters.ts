/**
 * Parameters: OpenAPI 3.x section 4.8.12 (Parameter Object: `in` path, query, header, cookie;
 * `style`, `explode`, `allowReserved`; `schema` or `content`), path item parameters overridden
 * by the operation's of the same name and place; section 4.8.8.1 (Path Templating): every
 * `{name}` has a path parameter. Swagger 2.0's parameters arrive in these shapes, their
 * `collectionFormat` in the normaliser's side table (swagger2-to-openapi3.ts).
 */
import type { Operation, Parameter, ParameterLocation } from '../model/ir.js';
import { type OpenApiSource, type Path, parameterPlace } from './openapi-source.js';
import { isRecord } from './schema.js';
import { collectionFormat } from './swagger2-to-openapi3.js';

/**
 * Every `{name}` of the path needs a path parameter and every path parameter a `{name}`. A
 * missing one is added as a required string (the call cannot be made without it); one the
 * path does not mention is dropped (it has nowhere to go). Both are warnings.
 */
export function checkPathParameters(src: OpenApiSource, operation: Operation, at: Path): void {
  const placeholders = [...operation.path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  const declared = operation.parameters.filter((p) => p.in === 'path');
  for (const p of declared) {
    if (!placeholders.includes(p.name)) {
      src.ctx.warn([...at, 'parameters'], `path parameter "${p.name}" does not appear in the path "${operation.path}"; it is left out`);
      operation.parameters.splice(operation.parameters.indexOf(p), 1);
    }
  }
  for (const name of new Set(placeholders)) {
    if (!declared.some((p) => p.name === name)) {
      src.ctx.warn(at, `the path "${operation.path}" has {${name}} but the operation declares no path parameter "${name}"; it is added as a required string`);
      operation.parameters.push({ name, in: 'path', required: true, schema: { kind: 'primitive', type: 'string' } });
    }
  }
}

export function parameters(src: OpenApiSource, shared: unknown[], own: unknown[], at: Path): Parameter[] {
  const byKey = new Map<string, Parameter>();
  // An operation's parameter overrides the path's of the same name and place; twice in one list is a mistake.
  const seen = [new Set<string>(), new Set<string>()];
  for (const [i, p] of [...shared, ...own].entries()) {
    const param = src.deref(p);
    if (!isRecord(param)) continue;
    const where = param['in'];
    if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') continue;
    if (typeof param['name'] !== 'string') {
      src.ctx.warn(at, `a ${where} parameter has no name (got ${JSON.stringify(param['name']) ?? 'nothing'}); it is left out`);
      continue;
    }
    const name = param['name'];
    const parameter: Parameter = {
      name,
      in: where as ParameterLocation,
      required: where === 'path' || param['required'] === true,
      schema: parameterSchema(src, param, src.placeOf(p, parameterPlace(at, i, shared.length))),
    };
    if (typeof param['description'] === 'string') parameter.description = param['description'];
    if (param['deprecated'] === true) parameter.deprecated = true;
    if (typeof param['style'] === 'string') parameter.style = param['style'];
    if (typeof param['explode'] === 'boolean') parameter.explode = param['explode'];
    if (param['allowReserved'] === true) parameter.allowReserved = true;
    const format = collectionFormat(src.ctx, param, parameterPlace(at, i, shared.length));
    if (format) parameter.collectionFormat = format;
    if (param['schema'] === undefined && isRecord(param['content'])) {
      const media = Object.keys(param['content'])[0];
      if (media !== undefined) parameter.contentType = media;
    }
    const key = `${where}\u0000${name}`;
    const list = i < shared.length ? seen[0]! : seen[1]!;
    const place: Path = i < shared.length ? [...at.slice(0, -1), 'parameters', i] : [...at, 'parameters', i - shared.length];
    if (list.has(key))
      src.ctx.warn(place, `the ${where} parameter "${name}" is declared twice${i < shared.length ? ' on the path' : ''}; the last one is used`);
    list.add(key);
    byKey.set(key, parameter);
  }
  return [...byKey.values()];
}

function parameterSchema(src: OpenApiSource, param: Record<string, unknown>, at: Path) {
  if (param['schema'] !== undefined) return src.schemas.convert(param['schema'], [...at, 'schema']);
  if (isRecord(param['content'])) {
    const media = Object.keys(param['content'])[0];
    const first = media === undefined ? undefined : param['content'][media];
    return src.schemas.convert(isRecord(first) ? first['schema'] : undefined, media === undefined ? undefined : [...at, 'content', media, 'schema']);
  }
  // Neither (3.x requires one): some documents write the schema keywords on the parameter itself, as 2.0 did.
  return src.schemas.convert(param, at);
}
