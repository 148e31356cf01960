/**
 * Security: OpenAPI 3.x section 4.8.27 (Security Scheme Object, under
 * `components.securitySchemes`) and 4.8.30 (Security Requirement Object, at the document and
 * the operation); Swagger 2.0 keeps its schemes in `securityDefinitions` (openapi-swagger2.ts).
 */
import type { SecurityRequirement, SecurityScheme } from '../model/ir.js';
import type { OpenApiSource } from './openapi-source.js';
import { swaggerSecurityPlace } from './openapi-swagger2.js';
import { isRecord } from './schema.js';

export function securitySchemes(src: OpenApiSource): SecurityScheme[] {
  const place = src.swagger2 ? swaggerSecurityPlace : ['components', 'securitySchemes'];
  const parent = place.length === 1 ? src.data : src.data[place[0]!];
  const container = isRecord(parent) ? parent[place[place.length - 1]!] : undefined;
  if (!isRecord(container)) return [];
  const out: SecurityScheme[] = [];
  for (const name of Object.keys(container)) {
    const s = src.deref(container[name]);
    const scheme = isRecord(s) ? src.ctx.securityScheme(name, s, [...place, name]) : undefined;
    if (scheme) out.push(scheme);
  }
  return out;
}

/** A `security` list: undefined when absent (the operation then takes the document's). */
export function securityList(value: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((req) => Object.keys(req));
}
